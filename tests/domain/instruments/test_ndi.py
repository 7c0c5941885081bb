"""NDI (reference/instruments.md §4.13): raw and percent, one mean-substituted item, bands."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, score
from regenpath.domain.instruments.ndi import NDI, interpret

ITEMS = NDI.items


def _items(codes: list[int | None]) -> dict[str, int | None]:
    return {s: c for s, c in zip(ITEMS, codes, strict=True) if c is not None}


def _with_sum(total: int, n_answered: int = 10) -> dict[str, int | None]:
    """Return the first `n_answered` items filled greedily with codes summing to `total`."""
    codes = [min(5, max(0, total - 5 * i)) for i in range(n_answered)]
    assert sum(codes) == total
    return dict(zip(ITEMS, codes, strict=False))


def _close(actual: float | None, expected: Fraction) -> bool:
    return actual is not None and math.isclose(actual, float(expected), rel_tol=0, abs_tol=1e-9)


NDI_1 = _items([3, 2, 3, 0, 0, 2, 5, 2, 2, 2])


@pytest.mark.parametrize(
    ("responses", "raw", "band", "flags"),
    [
        (NDI_1, Fraction(21), "moderate", ()),
        (_items([3, 2, 3, 0, 0, 2, 2, 2, 2, None]), Fraction(160, 9), "moderate", ("partial",)),
        (_items([0] * 10), Fraction(0), "none", ()),
    ],
    ids=["ndi-1", "ndi-2", "ndi-3"],
)
def test_ndi_worked_examples(
    responses: dict[str, int | None], raw: Fraction, band: str, flags: tuple[str, ...]
) -> None:
    scales = score("ndi", responses).scales
    assert list(scales) == ["ndi", "ndi_percent"]
    for res, expected in ((scales["ndi"], raw), (scales["ndi_percent"], 2 * raw)):
        assert _close(res.value, expected)
        assert res.interpretation == band
        assert res.flags == flags
        assert (res.n_items, res.n_answered, res.n_required) == (10, len(responses), 9)


def test_ndi_4_two_missing_items_leave_both_scales_unscored() -> None:
    scales = score("ndi", _items([3, 2, 3, 0, 0, 2, 2, 2, None, None])).scales
    for code, label in (("ndi", "NDI"), ("ndi_percent", "NDI percent")):
        res = scales[code]
        assert res.value is None
        assert res.reason_code == "too_few_items"
        assert res.reason == f"{label}: 8 of 10 items answered; at least 9 required"
        assert (res.n_answered, res.n_required, res.missing_items) == (8, 9, ("S9", "S10"))
        assert res.interpretation is None


@pytest.mark.parametrize("missing", ITEMS)
def test_ndi_any_single_missing_item_is_mean_substituted(missing: str) -> None:
    responses = {s: c for s, c in NDI_1.items() if s != missing}
    scales = score("ndi", responses).scales
    answered_sum = sum(c for c in responses.values() if c is not None)
    # §4.13 (Vernon): sum + mean of the other nine.
    raw = answered_sum + Fraction(answered_sum, 9)
    assert _close(scales["ndi"].value, raw)
    assert _close(scales["ndi_percent"].value, Fraction(answered_sum * 100, 45))
    assert scales["ndi"].missing_items == (missing,)


# §4.13 bands on the raw score with inclusive upper bounds (project policy): both edges of every
# band, complete forms (raw = sum) and substituted ones (raw = sum × 10/9).
@pytest.mark.parametrize(
    ("total", "n_answered", "raw", "band"),
    [
        (4, 10, Fraction(4), "none"),
        (4, 9, Fraction(40, 9), "mild"),
        (5, 10, Fraction(5), "mild"),
        (14, 10, Fraction(14), "mild"),
        (13, 9, Fraction(130, 9), "moderate"),
        (15, 10, Fraction(15), "moderate"),
        (24, 10, Fraction(24), "moderate"),
        (22, 9, Fraction(220, 9), "severe"),
        (25, 10, Fraction(25), "severe"),
        (34, 10, Fraction(34), "severe"),
        (31, 9, Fraction(310, 9), "complete"),
        (35, 10, Fraction(35), "complete"),
        (50, 10, Fraction(50), "complete"),
        (45, 9, Fraction(50), "complete"),
    ],
)
def test_ndi_band_edges(total: int, n_answered: int, raw: Fraction, band: str) -> None:
    scales = score("ndi", _with_sum(total, n_answered)).scales
    assert _close(scales["ndi"].value, raw)
    assert scales["ndi"].interpretation == scales["ndi_percent"].interpretation == band


@pytest.mark.parametrize(
    ("raw", "band"),
    [
        (Fraction(4), "none"),
        (Fraction(401, 100), "mild"),
        (Fraction(14), "mild"),
        (Fraction(1401, 100), "moderate"),
        (Fraction(24), "moderate"),
        (Fraction(2401, 100), "severe"),
        (Fraction(34), "severe"),
        (Fraction(3401, 100), "complete"),
    ],
)
def test_ndi_interpret_uses_full_precision(raw: Fraction, band: str) -> None:
    assert interpret(raw) == band


@pytest.mark.parametrize(
    ("responses", "kind", "message"),
    [
        ({"S0": 1}, "unknown_item", "ndi: unknown item 'S0' (NDI items are S1–S10)"),
        (
            {"S4": "2"},
            "wrong_type",
            "ndi: item 'S4' has a value of type str ('2'); an int response code is required",
        ),
        ({"S4": 2.0}, "wrong_type", None),
        ({"S4": True}, "wrong_type", None),
        ({"S4": Decimal(2)}, "wrong_type", None),
        ({"S4": 6}, "out_of_range", "ndi: item 'S4' has response code 6; allowed codes are 0–5"),
        ({"S4": -1}, "out_of_range", None),
    ],
)
def test_ndi_invalid_input_raises(
    responses: dict[str, object], kind: str, message: str | None
) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("ndi", {**NDI_1, **responses})  # type: ignore[dict-item]
    (error,) = caught.value.errors
    assert (caught.value.instrument, error.kind, error.item) == ("ndi", kind, *responses)
    if message is not None:
        assert error.message == message


_RESPONSES = st.dictionaries(st.sampled_from(ITEMS), st.one_of(st.none(), st.integers(0, 5)))


@settings(max_examples=200, deadline=None)
@given(_RESPONSES)
def test_ndi_values_stay_within_range_and_percent_is_twice_raw(
    responses: dict[str, int | None],
) -> None:
    scales = score("ndi", responses).scales
    raw, percent = scales["ndi"], scales["ndi_percent"]
    n_answered = sum(c is not None for c in responses.values())
    assert (raw.value is None) == (percent.value is None) == (n_answered < 9)
    if raw.value is not None and percent.value is not None:
        assert 0 <= raw.value <= 50
        assert 0 <= percent.value <= 100
        assert percent.value == 2 * raw.value
        assert raw.interpretation == percent.interpretation


@settings(max_examples=200, deadline=None)
@given(_RESPONSES, st.sampled_from(ITEMS), st.integers(0, 5))
def test_ndi_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, code: int
) -> None:
    before = score("ndi", {**responses, item: None}).scales
    after = score("ndi", {**responses, item: code}).scales
    for scale, res in before.items():
        assert res.value is None or after[scale].value is not None
