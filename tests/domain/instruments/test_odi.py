"""ODI v2.1a (reference/instruments.md §4.12): worked examples, ≤ 1 missing, bands, errors."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, display, score
from regenpath.domain.instruments.odi import INSTRUMENT, ODI, interpret

SECTIONS = ODI.items


def _sections(codes: list[int | None]) -> dict[str, int | None]:
    return {s: c for s, c in zip(SECTIONS, codes, strict=True) if c is not None}


def _with_sum(total: int, n_answered: int = 10) -> dict[str, int | None]:
    """Return the first `n_answered` sections filled greedily with codes summing to `total`."""
    codes = [min(5, max(0, total - 5 * i)) for i in range(n_answered)]
    assert sum(codes) == total
    return dict(zip(SECTIONS, codes, strict=False))


def _close(actual: float | None, expected: Fraction) -> bool:
    return actual is not None and math.isclose(actual, float(expected), rel_tol=0, abs_tol=1e-9)


ODI_1 = _sections([3, 2, 2, 1, 2, 1, 2, 1, 1, 1])
ODI_2 = _sections([3, 2, 2, 1, 2, 1, 2, None, 2, 1])


@pytest.mark.parametrize(
    ("responses", "expected", "band", "flags"),
    [
        (ODI_1, Fraction(32), "moderate", ()),
        (ODI_2, Fraction(320, 9), "moderate", ("partial",)),
        (_sections([1, 5, 4, 4, 3, 0, 1, 5, 3, 4]), Fraction(60), "severe", ()),
    ],
    ids=["odi-1", "odi-2", "odi-3"],
)
def test_odi_worked_examples(
    responses: dict[str, int | None], expected: Fraction, band: str, flags: tuple[str, ...]
) -> None:
    res = score("odi", responses).scales["odi"]
    assert _close(res.value, expected)
    assert res.interpretation == band
    assert res.flags == flags
    assert (res.n_items, res.n_answered, res.n_required) == (10, len(responses), 9)


def test_odi_2_displays_half_up_not_truncated() -> None:
    value = score("odi", ODI_2).scales["odi"].value
    assert value is not None
    assert display(value, ODI.decimals) == "35.6"  # §4.12: the sheet's 35.5 is a truncation
    assert score("odi", ODI_2).scales["odi"].missing_items == ("S8",)


def test_odi_4_two_missing_sections_are_too_few() -> None:
    res = score("odi", _sections([3, 3, 2, 2, 3, None, 2, None, 3, 2])).scales["odi"]
    assert res.value is None
    assert res.reason_code == "too_few_items"
    assert res.reason == "ODI: 8 of 10 items answered; at least 9 required"
    assert (res.n_answered, res.n_required, res.missing_items) == (8, 9, ("S6", "S8"))
    assert res.interpretation is None


@pytest.mark.parametrize("missing", SECTIONS)
def test_odi_any_single_missing_section_scores_over_45(missing: str) -> None:
    responses = {s: c for s, c in ODI_1.items() if s != missing}
    res = score("odi", responses).scales["odi"]
    assert _close(res.value, Fraction(sum(responses.values()) * 100, 45))  # type: ignore[arg-type]
    assert (res.flags, res.missing_items) == (("partial",), (missing,))


# §4.12 bands with inclusive upper bounds (project policy): each band's both edges, complete
# forms (value = 2 × sum) and forms with one section missing (value = sum × 20/9).
@pytest.mark.parametrize(
    ("total", "n_answered", "value", "band"),
    [
        (0, 10, Fraction(0), "minimal"),
        (10, 10, Fraction(20), "minimal"),
        (9, 9, Fraction(20), "minimal"),
        (11, 10, Fraction(22), "moderate"),
        (10, 9, Fraction(200, 9), "moderate"),
        (20, 10, Fraction(40), "moderate"),
        (18, 9, Fraction(40), "moderate"),
        (21, 10, Fraction(42), "severe"),
        (30, 10, Fraction(60), "severe"),
        (27, 9, Fraction(60), "severe"),
        (28, 9, Fraction(560, 9), "crippled"),
        (31, 10, Fraction(62), "crippled"),
        (40, 10, Fraction(80), "crippled"),
        (36, 9, Fraction(80), "crippled"),
        (41, 10, Fraction(82), "bed_bound_or_exaggerating"),
        (37, 9, Fraction(740, 9), "bed_bound_or_exaggerating"),
        (50, 10, Fraction(100), "bed_bound_or_exaggerating"),
    ],
)
def test_odi_band_edges(total: int, n_answered: int, value: Fraction, band: str) -> None:
    res = score("odi", _with_sum(total, n_answered)).scales["odi"]
    assert _close(res.value, value)
    assert res.interpretation == band


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (Fraction(20), "minimal"),
        (Fraction(2001, 100), "moderate"),
        (Fraction(40), "moderate"),
        (Fraction(4001, 100), "severe"),
        (Fraction(60), "severe"),
        (Fraction(6001, 100), "crippled"),
        (Fraction(80), "crippled"),
        (Fraction(8001, 100), "bed_bound_or_exaggerating"),
    ],
)
def test_odi_interpret_uses_full_precision(value: Fraction, band: str) -> None:
    assert interpret(value) == band


def test_odi_scale_loinc_is_a_verified_code() -> None:
    assert ODI.loinc is not None
    assert INSTRUMENT.loinc[ODI.loinc] == "VERIFIED"


@pytest.mark.parametrize(
    ("responses", "kind", "message"),
    [
        ({"S11": 1}, "unknown_item", "odi: unknown item 'S11' (ODI items are S1–S10)"),
        (
            {"S1": "3"},
            "wrong_type",
            "odi: item 'S1' has a value of type str ('3'); an int response code is required",
        ),
        ({"S1": 3.0}, "wrong_type", None),
        ({"S1": False}, "wrong_type", None),
        ({"S1": Decimal(3)}, "wrong_type", None),
        ({"S8": 6}, "out_of_range", "odi: item 'S8' has response code 6; allowed codes are 0–5"),
        ({"S8": -1}, "out_of_range", None),
    ],
)
def test_odi_invalid_input_raises(
    responses: dict[str, object], kind: str, message: str | None
) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("odi", {**ODI_1, **responses})  # type: ignore[dict-item]
    (error,) = caught.value.errors
    assert (caught.value.instrument, error.kind, error.item) == ("odi", kind, *responses)
    if message is not None:
        assert error.message == message


_RESPONSES = st.dictionaries(st.sampled_from(SECTIONS), st.one_of(st.none(), st.integers(0, 5)))


@settings(max_examples=200, deadline=None)
@given(_RESPONSES)
def test_odi_values_stay_within_0_100(responses: dict[str, int | None]) -> None:
    res = score("odi", responses).scales["odi"]
    codes = [c for c in responses.values() if c is not None]
    assert (res.value is None) == (len(codes) < 9)
    if res.value is not None:
        assert 0 <= res.value <= 100
        exact = Fraction(sum(codes) * 100, 5 * len(codes))
        assert _close(res.value, exact)
        assert res.interpretation == interpret(exact)


@settings(max_examples=200, deadline=None)
@given(_RESPONSES, st.sampled_from(SECTIONS), st.integers(0, 5))
def test_odi_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, code: int
) -> None:
    before = score("odi", {**responses, item: None}).scales["odi"]
    after = score("odi", {**responses, item: code}).scales["odi"]
    assert before.value is None or after.value is not None
