"""KOOS JR (reference/instruments.md §4.5): worked examples, every table row, all-items rule."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, get, score
from regenpath.domain.instruments.koos_jr import KOOS_JR_TABLE

JR_ITEMS = ["S6", "P2", "P3", "P6", "P9", "A3", "A5"]

# §4.5 conversion table, retyped from the reference (raw 0–28).
SECTION_4_5_TABLE = [
    100.000, 91.975, 84.600, 79.914, 76.332, 73.342, 70.704, 68.284, 65.994, 63.776,
    61.583, 59.381, 57.140, 54.840, 52.465, 50.012, 47.487, 44.905, 42.281, 39.625,
    36.931, 34.174, 31.307, 28.251, 24.875, 20.941, 15.939, 8.291, 0.000,
]  # fmt: skip


def _with_raw(raw: int) -> dict[str, int | None]:
    # Spread the raw sum over the seven items, at most 4 each.
    codes = [min(4, max(0, raw - 4 * position)) for position in range(7)]
    return dict(zip(JR_ITEMS, codes, strict=True))


@pytest.mark.parametrize(
    ("example", "codes", "raw", "expected"),
    [
        ("koos-jr-1", [1, 1, 1, 1, 1, 1, 1], 7, 68.284),
        ("koos-jr-2", [2, 2, 1, 3, 2, 2, 3], 15, 50.012),
        ("koos-jr-3", [2, 2, 1, 2, 1, 0, 2], 10, 61.583),
        ("koos-jr-4-min", [0] * 7, 0, 100.0),
        ("koos-jr-4-max", [4] * 7, 28, 0.0),
    ],
)
def test_koos_jr_worked_examples(example: str, codes: list[int], raw: int, expected: float) -> None:
    res = score("koos-jr", dict(zip(JR_ITEMS, codes, strict=True))).scales["koos_jr"]
    assert (res.value, res.raw) == (expected, raw), example
    assert (res.n_items, res.n_answered, res.n_required, res.flags) == (7, 7, 7, ())


@pytest.mark.parametrize("raw", range(29))
def test_koos_jr_every_table_row(raw: int) -> None:
    res = score("koos-jr", _with_raw(raw)).scales["koos_jr"]
    assert res.raw == raw
    assert res.value == SECTION_4_5_TABLE[raw]


def test_koos_jr_table_has_29_strictly_decreasing_rows() -> None:
    assert sorted(KOOS_JR_TABLE) == list(range(29))
    values = [KOOS_JR_TABLE[raw] for raw in range(29)]
    assert all(a > b for a, b in itertools.pairwise(values))


def test_koos_jr_is_not_linear() -> None:
    # §6: a linear formula 100 − raw/28 × 100 would give 50.0 at raw 14, not 52.465.
    assert score("koos-jr", _with_raw(14)).scales["koos_jr"].value == 52.465


def test_koos_jr_5_six_items_are_too_few() -> None:
    responses = {"S6": 2, "P2": 2, "P3": 1, "P9": 2, "A3": 2, "A5": 3}
    res = score("koos-jr", responses).scales["koos_jr"]
    assert res.value is None
    assert res.reason == "KOOS JR: 6 of 7 items answered; all 7 required (missing: P6)"
    assert (res.reason_code, res.n_answered, res.n_required, res.missing_items, res.raw) == (
        "too_few_items",
        6,
        7,
        ("P6",),
        None,
    )


@pytest.mark.parametrize("missing", JR_ITEMS)
def test_koos_jr_any_single_missing_item_unscores(missing: str) -> None:
    res = score("koos-jr", {**_with_raw(10), missing: None}).scales["koos_jr"]
    assert (res.value, res.missing_items) == (None, (missing,))


@pytest.mark.parametrize(
    ("responses", "item", "kind"),
    [
        ({"P1": 1}, "P1", "unknown_item"),
        ({"Q1": 1}, "Q1", "unknown_item"),
        ({"P2": 5}, "P2", "out_of_range"),
        ({"P2": "2"}, "P2", "wrong_type"),
        ({"P2": 2.0}, "P2", "wrong_type"),
        ({"P2": True}, "P2", "wrong_type"),
        ({"P2": Decimal(2)}, "P2", "wrong_type"),
    ],
)
def test_koos_jr_invalid_input_raises(responses: dict[str, object], item: str, kind: str) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("koos-jr", responses)  # type: ignore[arg-type]
    assert [(e.item, e.kind) for e in caught.value.errors] == [(item, kind)]


def test_koos_jr_registry_row_matches_section_3() -> None:
    (scale,) = get("koos-jr").scales
    assert (scale.code, scale.low, scale.high, scale.higher_is, scale.decimals) == (
        "koos_jr",
        0,
        100,
        "better",
        1,
    )
    assert list(scale.items) == JR_ITEMS


_RESPONSES = st.fixed_dictionaries(
    {}, optional={i: st.one_of(st.none(), st.integers(0, 4)) for i in JR_ITEMS}
)


@settings(max_examples=200, deadline=None)
@given(_RESPONSES)
def test_koos_jr_value_stays_in_range(responses: dict[str, int | None]) -> None:
    res = score("koos-jr", responses).scales["koos_jr"]
    assert res.value is None or 0 <= res.value <= 100
    assert (res.value is None) == (res.n_answered < 7)


@settings(max_examples=200, deadline=None)
@given(_RESPONSES, st.sampled_from(JR_ITEMS), st.integers(0, 4))
def test_koos_jr_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, code: int
) -> None:
    before = score("koos-jr", {**responses, item: None}).scales["koos_jr"]
    after = score("koos-jr", {**responses, item: code}).scales["koos_jr"]
    assert before.value is None or after.value is not None
