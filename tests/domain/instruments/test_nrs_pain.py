"""NRS-11 pain (reference/instruments.md §4.1): worked examples, missing item, errors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, get, score


@pytest.mark.parametrize(
    ("example", "code", "expected"),
    [("nrs-pain-1", 7, 7.0), ("nrs-pain-2", 0, 0.0), ("max", 10, 10.0)],
)
def test_nrs_pain_worked_examples(example: str, code: int, expected: float) -> None:
    res = score("nrs-pain", {"NRS": code}).scales["nrs_pain"]
    assert res.value == expected, example
    assert (res.n_items, res.n_answered, res.n_required, res.flags) == (1, 1, 1, ())


@pytest.mark.parametrize("responses", [{}, {"NRS": None}], ids=["nrs-pain-3", "none"])
def test_nrs_pain_3_unanswered_is_too_few_items(responses: dict[str, int | None]) -> None:
    res = score("nrs-pain", responses).scales["nrs_pain"]
    assert (res.value, res.reason_code, res.missing_items) == (None, "too_few_items", ("NRS",))
    assert (res.n_answered, res.n_required) == (0, 1)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (11, "out_of_range"),
        (-1, "out_of_range"),
        ("7", "wrong_type"),
        (True, "wrong_type"),
        (7.0, "wrong_type"),
        (Decimal(7), "wrong_type"),
    ],
    ids=["nrs-pain-4-11", "negative", "nrs-pain-4-str", "nrs-pain-4-true", "float", "decimal"],
)
def test_nrs_pain_4_invalid_values_raise(value: object, kind: str) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("nrs-pain", {"NRS": value})  # type: ignore[dict-item]
    assert [(e.item, e.kind) for e in caught.value.errors] == [("NRS", kind)]


def test_nrs_pain_unknown_item_raises() -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("nrs-pain", {"nrs": 3})
    assert [(e.item, e.kind) for e in caught.value.errors] == [("nrs", "unknown_item")]


def test_nrs_pain_registry_row_matches_section_3() -> None:
    (scale,) = get("nrs-pain").scales
    assert (scale.code, scale.low, scale.high, scale.higher_is, scale.decimals) == (
        "nrs_pain",
        0,
        10,
        "worse",
        0,
    )


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.none(), st.integers(0, 10)))
def test_nrs_pain_value_is_the_answer(code: int | None) -> None:
    value = score("nrs-pain", {"NRS": code}).scales["nrs_pain"].value
    assert value == (None if code is None else float(code))
