"""HOOS JR (reference/instruments.md §4.7): worked examples, every table row, all-items rule."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, get, score
from regenpath.domain.instruments.hoos_jr import HOOS_JR_TABLE

JR_ITEMS = ["P5", "P10", "A3", "A5", "A12", "A14"]

# §4.7 conversion table, retyped from the reference (raw 0–24).
SECTION_4_7_TABLE = [
    100.000, 92.340, 85.257, 80.550, 76.776, 73.472, 70.426, 67.516, 64.664, 61.815,
    58.930, 55.985, 52.965, 49.858, 46.652, 43.335, 39.902, 36.363, 32.735, 29.009,
    25.103, 20.805, 15.633, 8.104, 0.000,
]  # fmt: skip


def _with_raw(raw: int) -> dict[str, int | None]:
    # Spread the raw sum over the six items, at most 4 each.
    codes = [min(4, max(0, raw - 4 * position)) for position in range(6)]
    return dict(zip(JR_ITEMS, codes, strict=True))


@pytest.mark.parametrize(
    ("example", "codes", "raw", "expected"),
    [
        ("hoos-jr-1", [1, 1, 1, 1, 1, 1], 6, 70.426),
        ("hoos-jr-2", [2, 2, 1, 2, 1, 1], 9, 61.815),
        ("hoos-jr-3", [3, 3, 2, 1, 1, 1], 11, 55.985),
        ("hoos-jr-4", [4] * 6, 24, 0.0),
        ("min", [0] * 6, 0, 100.0),
    ],
)
def test_hoos_jr_worked_examples(example: str, codes: list[int], raw: int, expected: float) -> None:
    res = score("hoos-jr", dict(zip(JR_ITEMS, codes, strict=True))).scales["hoos_jr"]
    assert (res.value, res.raw) == (expected, raw), example
    assert (res.n_items, res.n_answered, res.n_required, res.flags) == (6, 6, 6, ())


@pytest.mark.parametrize("raw", range(25))
def test_hoos_jr_every_table_row(raw: int) -> None:
    res = score("hoos-jr", _with_raw(raw)).scales["hoos_jr"]
    assert res.raw == raw
    assert res.value == SECTION_4_7_TABLE[raw]


def test_hoos_jr_table_has_25_strictly_decreasing_rows() -> None:
    assert sorted(HOOS_JR_TABLE) == list(range(25))
    values = [HOOS_JR_TABLE[raw] for raw in range(25)]
    assert all(a > b for a, b in itertools.pairwise(values))


def test_hoos_jr_is_not_linear() -> None:
    # §6: a linear formula 100 − raw/24 × 100 would give 50.0 at raw 12, not 52.965.
    assert score("hoos-jr", _with_raw(12)).scales["hoos_jr"].value == 52.965


def test_hoos_jr_5_five_items_are_too_few() -> None:
    responses = {"P5": 2, "A3": 1, "A5": 2, "A12": 1, "A14": 1}
    res = score("hoos-jr", responses).scales["hoos_jr"]
    assert res.value is None
    assert res.reason == "HOOS JR: 5 of 6 items answered; all 6 required (missing: P10)"
    assert (res.reason_code, res.n_answered, res.n_required, res.missing_items, res.raw) == (
        "too_few_items",
        5,
        6,
        ("P10",),
        None,
    )


@pytest.mark.parametrize("missing", JR_ITEMS)
def test_hoos_jr_any_single_missing_item_unscores(missing: str) -> None:
    res = score("hoos-jr", {**_with_raw(10), missing: None}).scales["hoos_jr"]
    assert (res.value, res.missing_items) == (None, (missing,))


@pytest.mark.parametrize(
    ("responses", "item", "kind"),
    [
        ({"P1": 1}, "P1", "unknown_item"),
        ({"S6": 1}, "S6", "unknown_item"),
        ({"P10": 5}, "P10", "out_of_range"),
        ({"P10": "2"}, "P10", "wrong_type"),
        ({"P10": 2.0}, "P10", "wrong_type"),
        ({"P10": True}, "P10", "wrong_type"),
        ({"P10": Decimal(2)}, "P10", "wrong_type"),
    ],
)
def test_hoos_jr_invalid_input_raises(responses: dict[str, object], item: str, kind: str) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("hoos-jr", responses)  # type: ignore[arg-type]
    assert [(e.item, e.kind) for e in caught.value.errors] == [(item, kind)]


def test_hoos_jr_registry_row_matches_section_3() -> None:
    (scale,) = get("hoos-jr").scales
    assert (scale.code, scale.low, scale.high, scale.higher_is, scale.decimals) == (
        "hoos_jr",
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
def test_hoos_jr_value_stays_in_range(responses: dict[str, int | None]) -> None:
    res = score("hoos-jr", responses).scales["hoos_jr"]
    assert res.value is None or 0 <= res.value <= 100
    assert (res.value is None) == (res.n_answered < 6)


@settings(max_examples=200, deadline=None)
@given(_RESPONSES, st.sampled_from(JR_ITEMS), st.integers(0, 4))
def test_hoos_jr_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, code: int
) -> None:
    before = score("hoos-jr", {**responses, item: None}).scales["hoos_jr"]
    after = score("hoos-jr", {**responses, item: code}).scales["hoos_jr"]
    assert before.value is None or after.value is not None
