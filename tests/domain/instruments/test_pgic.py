"""PGIC format A (reference/instruments.md §4.19): the code is the score; IMMPACT classes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, score


@pytest.mark.parametrize(
    ("code", "band"),
    [(2, "moderate"), (3, "minimal"), (5, "none")],
    ids=["pgic-1", "pgic-2", "pgic-3"],
)
def test_pgic_worked_examples(code: int, band: str) -> None:
    res = score("pgic", {"PGIC": code}).scales["pgic"]
    assert (res.value, res.interpretation) == (float(code), band)
    assert (res.n_items, res.n_answered, res.n_required) == (1, 1, 1)
    assert (res.missing_items, res.flags) == ((), ())


# §4.19 (IMMPACT 2008): one row per response code.
@pytest.mark.parametrize(
    ("code", "band"),
    [
        (1, "substantial"),
        (2, "moderate"),
        (3, "minimal"),
        (4, "none"),
        (5, "none"),
        (6, "none"),
        (7, "none"),
    ],
)
def test_pgic_every_code_has_its_class(code: int, band: str) -> None:
    res = score("pgic", {"PGIC": code}).scales["pgic"]
    assert (res.value, res.interpretation) == (float(code), band)


@pytest.mark.parametrize("responses", [{}, {"PGIC": None}], ids=["pgic-4", "none-value"])
def test_pgic_4_unanswered_is_too_few_items(responses: dict[str, int | None]) -> None:
    res = score("pgic", responses).scales["pgic"]
    assert res.value is None
    assert res.reason_code == "too_few_items"
    assert res.reason == "PGIC: 0 of 1 items answered; all 1 required (missing: PGIC)"
    assert (res.n_answered, res.n_required, res.missing_items) == (0, 1, ("PGIC",))
    assert res.interpretation is None


@pytest.mark.parametrize(
    ("responses", "kind", "message"),
    [
        (
            {"PGIC": 0},
            "out_of_range",
            "pgic: item 'PGIC' has response code 0; allowed codes are 1–7",
        ),
        ({"PGIC": 8}, "out_of_range", None),
        (
            {"PGIC": "2"},
            "wrong_type",
            "pgic: item 'PGIC' has a value of type str ('2'); an int response code is required",
        ),
        ({"PGIC": 2.0}, "wrong_type", None),
        ({"PGIC": True}, "wrong_type", None),
        ({"PGIC": Decimal(2)}, "wrong_type", None),
        ({"pgic": 2}, "unknown_item", "pgic: unknown item 'pgic' (items are PGIC)"),
    ],
    ids=["pgic-5-0", "pgic-5-8", "str", "float", "bool", "decimal", "unknown"],
)
def test_pgic_invalid_input_raises(
    responses: dict[str, object], kind: str, message: str | None
) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("pgic", responses)  # type: ignore[arg-type]
    (error,) = caught.value.errors
    assert (caught.value.instrument, error.kind, error.item) == ("pgic", kind, *responses)
    if message is not None:
        assert error.message == message


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.none(), st.integers(1, 7)), st.integers(1, 7))
def test_pgic_value_is_the_code_and_answering_scores(before_code: int | None, code: int) -> None:
    before = score("pgic", {"PGIC": before_code}).scales["pgic"]
    assert before.value == (None if before_code is None else float(before_code))
    assert score("pgic", {"PGIC": code}).scales["pgic"].value == code
