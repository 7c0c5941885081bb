"""HOOS 2013 scoring (reference/instruments.md §4.6): worked examples, 50 % rule, errors."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, get, score

ITEMS = {
    "pain": [f"P{n}" for n in range(1, 11)],
    "symptoms": [f"S{n}" for n in range(1, 6)],
    "adl": [f"A{n}" for n in range(1, 18)],
    "sport_rec": [f"SP{n}" for n in range(1, 5)],
    "qol": [f"Q{n}" for n in range(1, 5)],
}
ALL_ITEMS = [item for items in ITEMS.values() for item in items]
# §4.6 table: n_required per subscale (2 × answered ≥ items).
N_REQUIRED = {"pain": 5, "symptoms": 3, "adl": 9, "sport_rec": 2, "qol": 2}


def _answers(scale: str, codes: list[int]) -> dict[str, int | None]:
    return dict(zip(ITEMS[scale], codes, strict=True))


HOOS_2 = {
    **_answers("symptoms", [1, 2, 2, 1, 1]),
    **_answers("pain", [3, 1, 2, 1, 2, 1, 1, 1, 2, 2]),
    **_answers("adl", [2, 2, 1, 1, 2, 1, 1, 1, 2, 1, 2, 1, 2, 1, 1, 3, 1]),
    **_answers("sport_rec", [3, 3, 2, 2]),
    **_answers("qol", [3, 2, 2, 2]),
}


def _close(actual: float | None, expected: Fraction) -> bool:
    return actual is not None and math.isclose(actual, float(expected), rel_tol=0, abs_tol=1e-9)


def test_hoos_2_complete() -> None:
    scales = score("hoos", HOOS_2).scales
    assert list(scales) == ["pain", "symptoms", "adl", "sport_rec", "qol"]
    expected = {
        "pain": Fraction(60),
        "symptoms": Fraction(65),
        "adl": Fraction(1075, 17),
        "sport_rec": Fraction(75, 2),
        "qol": Fraction(175, 4),
    }
    for code, value in expected.items():
        assert _close(scales[code].value, value), code
        assert scales[code].flags == ()


@pytest.mark.parametrize(("code", "expected"), [(0, 100.0), (4, 0.0), (2, 50.0)])
def test_hoos_3_all_items_equal(code: int, expected: float) -> None:
    scales = score("hoos", dict.fromkeys(ALL_ITEMS, code)).scales
    assert [res.value for res in scales.values()] == [expected] * 5


@pytest.mark.parametrize(
    ("responses", "scale", "expected"),
    [
        ({"S1": 1, "S4": 2, "S5": 2}, "symptoms", Fraction(175, 3)),
        ({"P1": 3, "P6": 2, "P7": 2, "P8": 1, "P9": 1}, "pain", Fraction(55)),
        ({"SP3": 3, "SP4": 1}, "sport_rec", Fraction(50)),
        ({f"A{n}": 2 for n in range(9, 18)}, "adl", Fraction(50)),
        ({"Q2": 4, "Q3": 3}, "qol", Fraction(25, 2)),
    ],
    ids=["hoos-1-symptoms-3", "hoos-1-pain-5", "hoos-1-sport-2", "adl-9", "qol-2"],
)
def test_hoos_1_partial_scores_at_the_boundary(
    responses: dict[str, int | None], scale: str, expected: Fraction
) -> None:
    res = score("hoos", responses).scales[scale]
    assert _close(res.value, expected)
    assert res.flags == ("partial",)
    assert (res.n_answered, res.n_required) == (N_REQUIRED[scale], N_REQUIRED[scale])


@pytest.mark.parametrize(
    ("responses", "scale"),
    [
        ({"S4": 2, "S5": 2}, "symptoms"),
        ({"P1": 3, "P6": 2, "P7": 2, "P8": 1}, "pain"),
        ({"SP3": 3}, "sport_rec"),
        ({f"A{n}": 2 for n in range(10, 18)}, "adl"),
        ({"Q2": 4}, "qol"),
    ],
    ids=["hoos-1-symptoms-2", "pain-4", "sport-1", "adl-8", "qol-1"],
)
def test_hoos_1_one_fewer_is_too_few_items(responses: dict[str, int | None], scale: str) -> None:
    res = score("hoos", responses).scales[scale]
    assert (res.value, res.reason_code) == (None, "too_few_items")
    assert (res.n_answered, res.n_required) == (N_REQUIRED[scale] - 1, N_REQUIRED[scale])
    assert res.missing_items == tuple(i for i in ITEMS[scale] if i not in responses)


def test_hoos_too_few_items_message_follows_the_template() -> None:
    res = score("hoos", {"S4": 2, "S5": 2}).scales["symptoms"]
    assert res.reason == "HOOS symptoms: 2 of 5 items answered; at least 3 required"


@pytest.mark.parametrize(
    ("responses", "item", "kind"),
    [
        ({"P11": 1}, "P11", "unknown_item"),
        ({"S6": 1}, "S6", "unknown_item"),
        ({"SP5": 1}, "SP5", "unknown_item"),
        ({"TOTAL": 1}, "TOTAL", "unknown_item"),
        ({"A12": 5}, "A12", "out_of_range"),
        ({"A12": "1"}, "A12", "wrong_type"),
        ({"A12": 1.0}, "A12", "wrong_type"),
        ({"A12": True}, "A12", "wrong_type"),
        ({"A12": Decimal(1)}, "A12", "wrong_type"),
    ],
)
def test_hoos_invalid_input_raises(responses: dict[str, object], item: str, kind: str) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("hoos", responses)  # type: ignore[arg-type]
    assert [(e.item, e.kind) for e in caught.value.errors] == [(item, kind)]


def test_hoos_registry_rows_match_section_3() -> None:
    rows = [(s.code, s.items, s.low, s.high, s.higher_is, s.decimals) for s in get("hoos").scales]
    assert rows == [(code, tuple(items), 0, 100, "better", 1) for code, items in ITEMS.items()]
    assert [item.id for item in get("hoos").items] == [
        *ITEMS["symptoms"],
        *ITEMS["pain"],
        *ITEMS["adl"],
        *ITEMS["sport_rec"],
        *ITEMS["qol"],
    ]


_RESPONSES = st.fixed_dictionaries(
    {}, optional={i: st.one_of(st.none(), st.integers(0, 4)) for i in ALL_ITEMS}
)


@settings(max_examples=100, deadline=None)
@given(_RESPONSES)
def test_hoos_values_stay_within_0_100(responses: dict[str, int | None]) -> None:
    for code, res in score("hoos", responses).scales.items():
        assert res.value is None or 0 <= res.value <= 100
        assert (res.value is None) == (res.n_answered < N_REQUIRED[code])


@settings(max_examples=100, deadline=None)
@given(_RESPONSES, st.sampled_from(ALL_ITEMS), st.integers(0, 4))
def test_hoos_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, code: int
) -> None:
    before = score("hoos", {**responses, item: None}).scales
    after = score("hoos", {**responses, item: code}).scales
    for scale, res in before.items():
        assert res.value is None or after[scale].value is not None
