"""painDETECT (reference/instruments.md §4.15): examples, recodes, classes, recorded-only items."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, score
from regenpath.domain.instruments.paindetect import PAINDETECT

SCORED = PAINDETECT.items
PD = SCORED[:7]
RECORDED_ONLY = ("PAIN_NOW", "PAIN_STRONGEST_4W", "PAIN_AVERAGE_4W")


def _answers(pd: list[int], pattern: int, radiating: int) -> dict[str, int | None]:
    return {**dict(zip(PD, pd, strict=True)), "PATTERN": pattern, "RADIATING": radiating}


PD_1 = _answers([4, 3, 2, 4, 1, 3, 2], 2, 1)


@pytest.mark.parametrize(
    ("responses", "expected", "band"),
    [
        (PD_1, 20.0, "likely"),
        (_answers([1, 0, 0, 2, 0, 1, 1], 1, 0), 5.0, "unlikely"),
        (_answers([2, 3, 1, 2, 2, 2, 1], 3, 1), 16.0, "uncertain"),
    ],
    ids=["paindetect-1", "paindetect-2", "paindetect-3"],
)
def test_paindetect_worked_examples(
    responses: dict[str, int | None], expected: float, band: str
) -> None:
    res = score("paindetect", responses).scales["paindetect"]
    assert (res.value, res.interpretation) == (expected, band)
    assert (res.n_items, res.n_answered, res.n_required) == (9, 9, 9)
    assert (res.missing_items, res.flags) == ((), ())


def test_paindetect_4_missing_pd7_is_too_few_items() -> None:
    res = score("paindetect", {**PD_1, "PD7": None}).scales["paindetect"]
    assert res.value is None
    assert res.reason_code == "too_few_items"
    assert res.reason == "painDETECT: 8 of 9 items answered; all 9 required (missing: PD7)"
    assert (res.n_answered, res.n_required, res.missing_items) == (8, 9, ("PD7",))
    assert res.interpretation is None


@pytest.mark.parametrize("missing", SCORED)
def test_paindetect_any_single_missing_item_leaves_it_unscored(missing: str) -> None:
    res = score("paindetect", {**PD_1, missing: None}).scales["paindetect"]
    assert res.value is None
    assert res.missing_items == (missing,)


# §4.15 recode tables, one row each (all symptom items 0 so the value is the points).
@pytest.mark.parametrize(
    ("pattern", "radiating", "points"),
    [(1, 0, 0), (2, 0, -1), (3, 0, 1), (4, 0, 1), (1, 1, 2), (2, 1, 1)],
)
def test_paindetect_pattern_and_radiating_points(pattern: int, radiating: int, points: int) -> None:
    res = score("paindetect", _answers([0] * 7, pattern, radiating)).scales["paindetect"]
    assert res.value == points


@pytest.mark.parametrize(
    ("responses", "expected"),
    [(_answers([0] * 7, 2, 0), -1.0), (_answers([5] * 7, 3, 1), 38.0)],
    ids=["minimum", "maximum"],
)
def test_paindetect_range_ends(responses: dict[str, int | None], expected: float) -> None:
    assert score("paindetect", responses).scales["paindetect"].value == expected


# §4.15 classes: ≤ 12 unlikely, 13–18 uncertain, ≥ 19 likely; both edges of each.
@pytest.mark.parametrize(
    ("pd", "band"),
    [
        ([0, 0, 0, 0, 0, 0, 0], "unlikely"),
        ([5, 5, 2, 0, 0, 0, 0], "unlikely"),
        ([5, 5, 3, 0, 0, 0, 0], "uncertain"),
        ([5, 5, 5, 3, 0, 0, 0], "uncertain"),
        ([5, 5, 5, 4, 0, 0, 0], "likely"),
        ([5, 5, 5, 5, 5, 5, 5], "likely"),
    ],
)
def test_paindetect_class_edges(pd: list[int], band: str) -> None:
    res = score("paindetect", _answers(pd, 1, 0)).scales["paindetect"]
    assert res.value == sum(pd)
    assert res.interpretation == band


def test_paindetect_recorded_only_items_are_validated_but_not_scored() -> None:
    extra = {"PAIN_NOW": 10, "PAIN_STRONGEST_4W": 0, "PAIN_AVERAGE_4W": 7}
    with_extra = score("paindetect", {**PD_1, **extra}).scales["paindetect"]
    assert with_extra == score("paindetect", PD_1).scales["paindetect"]
    only_extra = score("paindetect", extra).scales["paindetect"]
    assert (only_extra.n_answered, only_extra.missing_items) == (0, SCORED)


@pytest.mark.parametrize(
    ("responses", "kind", "message"),
    [
        ({"PD8": 1}, "unknown_item", None),
        ({"pattern": 1}, "unknown_item", None),
        (
            {"PD1": "4"},
            "wrong_type",
            "paindetect: item 'PD1' has a value of type str ('4'); "
            "an int response code is required",
        ),
        ({"PD1": 4.0}, "wrong_type", None),
        ({"RADIATING": True}, "wrong_type", None),
        ({"PAIN_NOW": Decimal(4)}, "wrong_type", None),
        (
            {"PATTERN": 0},
            "out_of_range",
            "paindetect: item 'PATTERN' has response code 0; allowed codes are 1–4",
        ),
        ({"PATTERN": 5}, "out_of_range", None),
        ({"RADIATING": 2}, "out_of_range", None),
        ({"PD1": 6}, "out_of_range", None),
        ({"PAIN_NOW": 11}, "out_of_range", None),
        ({"PAIN_AVERAGE_4W": -1}, "out_of_range", None),
    ],
)
def test_paindetect_invalid_input_raises(
    responses: dict[str, object], kind: str, message: str | None
) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("paindetect", {**PD_1, **responses})  # type: ignore[dict-item]
    (error,) = caught.value.errors
    assert (caught.value.instrument, error.kind, error.item) == ("paindetect", kind, *responses)
    if message is not None:
        assert error.message == message


_CODES = {
    **{item: st.integers(0, 5) for item in PD},
    "PATTERN": st.integers(1, 4),
    "RADIATING": st.integers(0, 1),
    **{item: st.integers(0, 10) for item in RECORDED_ONLY},
}


@st.composite
def _responses(draw: st.DrawFn) -> dict[str, int | None]:
    chosen = draw(st.lists(st.sampled_from(list(_CODES)), unique=True))
    return {item: draw(st.one_of(st.none(), _CODES[item])) for item in chosen}


@settings(max_examples=200, deadline=None)
@given(_responses())
def test_paindetect_values_stay_within_minus_1_and_38(responses: dict[str, int | None]) -> None:
    res = score("paindetect", responses).scales["paindetect"]
    complete = all(responses.get(item) is not None for item in SCORED)
    assert (res.value is not None) == complete
    if res.value is not None:
        assert -1 <= res.value <= 38


@settings(max_examples=200, deadline=None)
@given(_responses(), st.sampled_from(list(_CODES)), st.data())
def test_paindetect_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, data: st.DataObject
) -> None:
    before = score("paindetect", {**responses, item: None}).scales["paindetect"]
    after = score("paindetect", {**responses, item: data.draw(_CODES[item])}).scales["paindetect"]
    assert before.value is None or after.value is not None
