"""PEG (reference/instruments.md §4.2): worked examples, all-items rule, errors, properties."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, display, get, score


@pytest.mark.parametrize(
    ("example", "p", "e", "g", "expected", "clinical"),
    [
        ("peg-1", 7, 6, 8, Fraction(7), "7"),
        ("peg-2", 3, 4, 2, Fraction(3), "3"),
        ("peg-3", 5, 6, 6, Fraction(17, 3), "6"),
        ("min", 0, 0, 0, Fraction(0), "0"),
        ("max", 10, 10, 10, Fraction(10), "10"),
        ("half", 0, 0, 1, Fraction(1, 3), "0"),
    ],
)
def test_peg_worked_examples(
    example: str, p: int, e: int, g: int, expected: Fraction, clinical: str
) -> None:
    res = score("peg", {"P": p, "E": e, "G": g}).scales["peg"]
    assert res.value is not None
    assert math.isclose(res.value, float(expected), rel_tol=0, abs_tol=1e-9), example
    assert (res.n_answered, res.n_required, res.flags) == (3, 3, ())
    # LOINC 91147-9: clinical display rounds to the nearest whole number (half-up, §2.5).
    assert display(res.value, get("peg").scales[0].decimals) == clinical


def test_peg_4_two_items_are_too_few() -> None:
    res = score("peg", {"P": 5, "E": 6}).scales["peg"]
    assert res.value is None
    assert res.reason == "PEG: 2 of 3 items answered; all 3 required (missing: G)"
    assert (res.reason_code, res.n_answered, res.n_required, res.missing_items) == (
        "too_few_items",
        2,
        3,
        ("G",),
    )


@pytest.mark.parametrize(
    ("responses", "item", "kind"),
    [
        ({"P": 11}, "P", "out_of_range"),
        ({"E": -1}, "E", "out_of_range"),
        ({"G": "3"}, "G", "wrong_type"),
        ({"G": 3.0}, "G", "wrong_type"),
        ({"G": True}, "G", "wrong_type"),
        ({"G": Decimal(3)}, "G", "wrong_type"),
        ({"p": 3}, "p", "unknown_item"),
    ],
)
def test_peg_invalid_input_raises(responses: dict[str, object], item: str, kind: str) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("peg", responses)  # type: ignore[arg-type]
    assert [(e.item, e.kind) for e in caught.value.errors] == [(item, kind)]


def test_peg_registry_row_matches_section_3() -> None:
    (scale,) = get("peg").scales
    assert (scale.code, scale.low, scale.high, scale.higher_is, scale.decimals) == (
        "peg",
        0,
        10,
        "worse",
        0,
    )
    assert get("peg").loinc == {"91147-9": "VERIFIED"}


_ANSWER = st.one_of(st.none(), st.integers(0, 10))
_RESPONSES = st.fixed_dictionaries({}, optional={"P": _ANSWER, "E": _ANSWER, "G": _ANSWER})


@settings(max_examples=200, deadline=None)
@given(_RESPONSES)
def test_peg_value_stays_in_range_and_needs_all_three(responses: dict[str, int | None]) -> None:
    res = score("peg", responses).scales["peg"]
    complete = all(responses.get(i) is not None for i in "PEG")
    assert (res.value is not None) == complete
    assert res.value is None or 0 <= res.value <= 10


@settings(max_examples=200, deadline=None)
@given(_RESPONSES, st.sampled_from("PEG"), st.integers(0, 10))
def test_peg_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, code: int
) -> None:
    before = score("peg", {**responses, item: None}).scales["peg"]
    after = score("peg", {**responses, item: code}).scales["peg"]
    assert before.value is None or after.value is not None
