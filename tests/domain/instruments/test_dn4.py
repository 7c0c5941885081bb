"""DN4 and DN4-interview (reference/instruments.md §4.14): examples, all-items rule, cut-offs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, score
from regenpath.domain.instruments.dn4 import DN4, DN4_INTERVIEW

ITEMS = DN4.items
INTERVIEW = DN4_INTERVIEW.items


def _yes(*items: str) -> dict[str, int | None]:
    """Return a complete DN4 response set with `items` answered yes (1), the rest no (0)."""
    return {item: int(item in items) for item in ITEMS}


@pytest.mark.parametrize(
    ("responses", "dn4", "interview"),
    [
        (_yes("D1", "D3", "D4", "D6", "D9"), (5.0, "positive"), (4.0, "positive")),
        (_yes("D3", "D6", "D8", "D9"), (4.0, "positive"), (2.0, "negative")),
    ],
    ids=["dn4-1", "dn4-2"],
)
def test_dn4_worked_examples(
    responses: dict[str, int | None], dn4: tuple[float, str], interview: tuple[float, str]
) -> None:
    scales = score("dn4", responses).scales
    assert list(scales) == ["dn4", "dn4_interview"]
    assert (scales["dn4"].value, scales["dn4"].interpretation) == dn4
    assert (scales["dn4_interview"].value, scales["dn4_interview"].interpretation) == interview
    assert (scales["dn4"].n_items, scales["dn4"].n_required) == (10, 10)
    assert (scales["dn4_interview"].n_items, scales["dn4_interview"].n_required) == (7, 7)
    assert all(res.flags == () for res in scales.values())


def test_dn4_3_unanswered_items_are_never_counted_as_no() -> None:
    responses = {"D1": 0, "D2": 0, "D3": 0, "D4": 1, "D5": 0, "D6": 1}
    scales = score("dn4", responses).scales
    dn4, interview = scales["dn4"], scales["dn4_interview"]
    assert dn4.value is None and interview.value is None
    assert dn4.reason_code == interview.reason_code == "too_few_items"
    assert dn4.reason == "DN4: 6 of 10 items answered; all 10 required (missing: D7, D8, D9, D10)"
    assert interview.reason == "DN4 interview: 6 of 7 items answered; all 7 required (missing: D7)"
    assert (dn4.n_answered, dn4.missing_items) == (6, ("D7", "D8", "D9", "D10"))
    assert (interview.n_answered, interview.missing_items) == (6, ("D7",))
    assert dn4.interpretation is interview.interpretation is None


def test_dn4_without_examination_scores_only_the_interview() -> None:
    responses = {item: 1 for item in INTERVIEW}
    scales = score("dn4", responses).scales
    assert scales["dn4"].value is None
    assert scales["dn4"].missing_items == ("D8", "D9", "D10")
    assert (scales["dn4_interview"].value, scales["dn4_interview"].interpretation) == (
        7.0,
        "positive",
    )


@pytest.mark.parametrize("missing", ITEMS)
def test_dn4_any_single_missing_item_unscores_its_scales(missing: str) -> None:
    scales = score("dn4", {**_yes("D1"), missing: None}).scales
    assert scales["dn4"].value is None
    assert scales["dn4"].missing_items == (missing,)
    assert (scales["dn4_interview"].value is None) == (missing in INTERVIEW)


# §4.14 cut-offs (CROSS-CHECKED): DN4 positive ≥ 4/10, DN4-interview positive ≥ 3/7; both sides.
@pytest.mark.parametrize(
    ("yes", "dn4", "interview"),
    [
        ((), "negative", "negative"),
        (("D1", "D2"), "negative", "negative"),
        (("D1", "D2", "D3"), "negative", "positive"),
        (("D1", "D2", "D8"), "negative", "negative"),
        (("D1", "D2", "D8", "D9"), "positive", "negative"),
        (("D1", "D2", "D3", "D4"), "positive", "positive"),
        (ITEMS, "positive", "positive"),
    ],
)
def test_dn4_cut_offs(yes: tuple[str, ...], dn4: str, interview: str) -> None:
    scales = score("dn4", _yes(*yes)).scales
    assert scales["dn4"].value == len(yes)
    assert scales["dn4_interview"].value == len(set(yes) & set(INTERVIEW))
    assert (scales["dn4"].interpretation, scales["dn4_interview"].interpretation) == (
        dn4,
        interview,
    )


@pytest.mark.parametrize(
    ("responses", "kind", "message"),
    [
        ({"D11": 1}, "unknown_item", "dn4: unknown item 'D11' (DN4 items are D1–D10)"),
        (
            {"D1": "yes"},
            "wrong_type",
            "dn4: item 'D1' has a value of type str ('yes'); an int response code is required",
        ),
        ({"D1": True}, "wrong_type", None),
        ({"D1": False}, "wrong_type", None),
        ({"D1": 1.0}, "wrong_type", None),
        ({"D1": Decimal(1)}, "wrong_type", None),
        ({"D1": 2}, "out_of_range", "dn4: item 'D1' has response code 2; allowed codes are 0, 1"),
        ({"D10": -1}, "out_of_range", None),
    ],
)
def test_dn4_invalid_input_raises(
    responses: dict[str, object], kind: str, message: str | None
) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("dn4", {**_yes("D1"), **responses})  # type: ignore[dict-item]
    (error,) = caught.value.errors
    assert (caught.value.instrument, error.kind, error.item) == ("dn4", kind, *responses)
    if message is not None:
        assert error.message == message


_RESPONSES = st.dictionaries(st.sampled_from(ITEMS), st.one_of(st.none(), st.integers(0, 1)))


@settings(max_examples=200, deadline=None)
@given(_RESPONSES)
def test_dn4_values_stay_within_range(responses: dict[str, int | None]) -> None:
    scales = score("dn4", responses).scales
    for res, items in ((scales["dn4"], ITEMS), (scales["dn4_interview"], INTERVIEW)):
        complete = all(responses.get(item) is not None for item in items)
        assert (res.value is not None) == complete
        if res.value is not None:
            assert 0 <= res.value <= len(items)
    full, interview = scales["dn4"].value, scales["dn4_interview"].value
    if full is not None and interview is not None:
        assert interview <= full


@settings(max_examples=200, deadline=None)
@given(_RESPONSES, st.sampled_from(ITEMS), st.integers(0, 1))
def test_dn4_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, code: int
) -> None:
    before = score("dn4", {**responses, item: None}).scales
    after = score("dn4", {**responses, item: code}).scales
    for scale, res in before.items():
        assert res.value is None or after[scale].value is not None
