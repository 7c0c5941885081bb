"""BPI-SF (reference/instruments.md §4.3): worked examples, missing rules, errors, properties."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, get, score

INTERFERENCE = ["Q9A", "Q9B", "Q9C", "Q9D", "Q9E", "Q9F", "Q9G"]
SEVERITY_1 = {"Q3": 8, "Q4": 3, "Q5": 6, "Q6": 5}
BPI_SF_1 = {**SEVERITY_1, **dict(zip(INTERFERENCE, [7, 5, 6, 8, 4, 6, 7], strict=True))}


def _close(actual: float | None, expected: Fraction) -> bool:
    return actual is not None and math.isclose(actual, float(expected), rel_tol=0, abs_tol=1e-9)


@pytest.mark.parametrize(
    ("example", "responses", "severity", "interference", "interference_flags"),
    [
        ("bpi-sf-1", BPI_SF_1, Fraction(22, 4), Fraction(43, 7), ()),
        (
            "bpi-sf-2",
            {**SEVERITY_1, "Q9A": 6, "Q9B": 5, "Q9C": 7, "Q9D": 4},
            Fraction(22, 4),
            Fraction(22, 4),
            ("partial",),
        ),
        (
            "bpi-sf-4",
            {i: 0 for i in [*SEVERITY_1, *INTERFERENCE]},
            Fraction(0),
            Fraction(0),
            (),
        ),
        (
            "max",
            {i: 10 for i in [*SEVERITY_1, *INTERFERENCE]},
            Fraction(10),
            Fraction(10),
            (),
        ),
    ],
)
def test_bpi_sf_worked_examples(
    example: str,
    responses: dict[str, int | None],
    severity: Fraction,
    interference: Fraction,
    interference_flags: tuple[str, ...],
) -> None:
    scales = score("bpi-sf", responses).scales
    assert list(scales) == ["severity", "interference"]
    assert _close(scales["severity"].value, severity), example
    assert _close(scales["interference"].value, interference), example
    assert scales["interference"].flags == interference_flags
    assert scales["severity"].flags == ()


def test_bpi_sf_3_both_scales_one_short() -> None:
    scales = score("bpi-sf", {"Q9A": 6, "Q9B": 5, "Q9C": 7, "Q3": 8, "Q4": 3, "Q5": 6}).scales
    interference, severity = scales["interference"], scales["severity"]
    assert interference.value is None
    assert interference.reason == "BPI-SF interference: 3 of 7 items answered; at least 4 required"
    assert (interference.n_answered, interference.n_required) == (3, 4)
    assert interference.missing_items == ("Q9D", "Q9E", "Q9F", "Q9G")
    assert severity.value is None
    assert severity.reason == "BPI-SF severity: 3 of 4 items answered; all 4 required (missing: Q6)"
    assert (severity.reason_code, severity.n_answered, severity.n_required) == (
        "too_few_items",
        3,
        4,
    )


@pytest.mark.parametrize("n_answered", [4, 5, 6])
def test_bpi_sf_interference_partial_from_four_items(n_answered: int) -> None:
    answers = dict(zip(INTERFERENCE[:n_answered], range(1, 8), strict=False))
    res = score("bpi-sf", answers).scales["interference"]
    assert _close(res.value, Fraction(sum(answers.values()), n_answered))
    assert res.flags == ("partial",)
    assert len(res.missing_items) == 7 - n_answered


def test_bpi_sf_recorded_only_items_are_validated_but_not_scored() -> None:
    with_recorded = score("bpi-sf", {**BPI_SF_1, "Q1": 1, "Q8": 70}).to_dict()
    assert with_recorded == score("bpi-sf", BPI_SF_1).to_dict()


@pytest.mark.parametrize(
    ("responses", "item", "kind"),
    [
        ({"Q8": 75}, "Q8", "out_of_range"),
        ({"Q8": 110}, "Q8", "out_of_range"),
        ({"Q1": 2}, "Q1", "out_of_range"),
        ({"Q3": 11}, "Q3", "out_of_range"),
        ({"Q9A": -1}, "Q9A", "out_of_range"),
        ({"Q5": "6"}, "Q5", "wrong_type"),
        ({"Q5": 6.0}, "Q5", "wrong_type"),
        ({"Q5": True}, "Q5", "wrong_type"),
        ({"Q5": Decimal(6)}, "Q5", "wrong_type"),
        ({"Q2": 1}, "Q2", "unknown_item"),
        ({"Q7": 1}, "Q7", "unknown_item"),
        ({"Q9H": 1}, "Q9H", "unknown_item"),
    ],
)
def test_bpi_sf_invalid_input_raises(responses: dict[str, object], item: str, kind: str) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("bpi-sf", responses)  # type: ignore[arg-type]
    assert [(e.item, e.kind) for e in caught.value.errors] == [(item, kind)]


def test_bpi_sf_q8_accepts_every_step_of_ten() -> None:
    for relief in range(0, 101, 10):
        score("bpi-sf", {"Q8": relief})


def test_bpi_sf_registry_rows_match_section_3() -> None:
    rows = [(s.code, s.low, s.high, s.higher_is, s.decimals, s.loinc) for s in get("bpi-sf").scales]
    assert rows == [
        ("severity", 0, 10, "worse", 2, None),
        ("interference", 0, 10, "worse", 2, "77565-0"),
    ]


_ANSWER = st.one_of(st.none(), st.integers(0, 10))
_RESPONSES = st.fixed_dictionaries({}, optional={i: _ANSWER for i in [*SEVERITY_1, *INTERFERENCE]})


@settings(max_examples=200, deadline=None)
@given(_RESPONSES)
def test_bpi_sf_values_stay_in_range(responses: dict[str, int | None]) -> None:
    for res in score("bpi-sf", responses).scales.values():
        assert res.value is None or 0 <= res.value <= 10
        assert (res.value is None) == (res.n_answered < (res.n_required or 0))


@settings(max_examples=200, deadline=None)
@given(_RESPONSES, st.sampled_from([*SEVERITY_1, *INTERFERENCE]), st.integers(0, 10))
def test_bpi_sf_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, code: int
) -> None:
    before = score("bpi-sf", {**responses, item: None}).scales
    after = score("bpi-sf", {**responses, item: code}).scales
    for scale, res in before.items():
        assert res.value is None or after[scale].value is not None
