"""LEFS (reference/instruments.md §4.9): worked examples, all-20 rule, errors, properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, score
from regenpath.domain.instruments.lefs import LEFS

ITEMS = LEFS.items
LEFS_1 = dict(zip(ITEMS, [2, 1, 3, 4, 3, 1, 2, 3, 1, 3, 3, 2, 2, 3, 4, 0, 0, 1, 0, 4], strict=True))


@pytest.mark.parametrize(
    ("responses", "expected"),
    [
        (LEFS_1, 42.0),
        (dict.fromkeys(ITEMS, 4), 80.0),
        (dict.fromkeys(ITEMS, 0), 0.0),
    ],
    ids=["lefs-1", "lefs-2-all-4", "lefs-2-all-0"],
)
def test_lefs_worked_examples(responses: dict[str, int | None], expected: float) -> None:
    scales = score("lefs", responses).scales
    assert list(scales) == ["lefs"]  # percent of maximum is presentation, not a scale (§4.9)
    res = scales["lefs"]
    assert res.value == expected
    assert (res.n_items, res.n_answered, res.n_required) == (20, 20, 20)
    assert res.flags == ()
    assert res.missing_items == ()
    assert res.interpretation is None


def test_lefs_3_one_missing_item_is_too_few_items() -> None:
    res = score("lefs", {**LEFS_1, "L19": None}).scales["lefs"]
    assert res.value is None
    assert res.reason_code == "too_few_items"
    assert res.reason == "LEFS: 19 of 20 items answered; all 20 required (missing: L19)"
    assert (res.n_answered, res.n_required, res.missing_items) == (19, 20, ("L19",))


@pytest.mark.parametrize("missing", ITEMS)
def test_lefs_any_single_missing_item_leaves_it_unscored(missing: str) -> None:
    responses = {item: code for item, code in LEFS_1.items() if item != missing}
    res = score("lefs", responses).scales["lefs"]
    assert res.value is None
    assert res.missing_items == (missing,)


def test_lefs_empty_response_set_lists_every_item_missing() -> None:
    res = score("lefs", {}).scales["lefs"]
    assert res.reason_code == "too_few_items"
    assert (res.n_answered, res.missing_items) == (0, ITEMS)


@pytest.mark.parametrize(
    ("responses", "kind", "message"),
    [
        ({"L21": 1}, "unknown_item", "lefs: unknown item 'L21' (LEFS items are L1–L20)"),
        ({"l1": 1}, "unknown_item", None),
        (
            {"L3": "3"},
            "wrong_type",
            "lefs: item 'L3' has a value of type str ('3'); an int response code is required",
        ),
        ({"L3": 3.0}, "wrong_type", None),
        ({"L3": True}, "wrong_type", None),
        ({"L3": Decimal(3)}, "wrong_type", None),
        ({"L3": 5}, "out_of_range", "lefs: item 'L3' has response code 5; allowed codes are 0–4"),
        ({"L3": -1}, "out_of_range", None),
    ],
)
def test_lefs_invalid_input_raises(
    responses: dict[str, object], kind: str, message: str | None
) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("lefs", {**LEFS_1, **responses})  # type: ignore[dict-item]
    (error,) = caught.value.errors
    assert (caught.value.instrument, error.kind) == ("lefs", kind)
    assert error.item in responses
    if message is not None:
        assert error.message == message


_RESPONSES = st.dictionaries(st.sampled_from(ITEMS), st.one_of(st.none(), st.integers(0, 4)))


@settings(max_examples=200, deadline=None)
@given(_RESPONSES)
def test_lefs_value_is_the_sum_within_0_80_only_when_complete(
    responses: dict[str, int | None],
) -> None:
    res = score("lefs", responses).scales["lefs"]
    codes = [code for code in responses.values() if code is not None]
    if len(codes) == 20:
        assert res.value == sum(codes)
        assert res.value is not None and 0 <= res.value <= 80
    else:
        assert res.value is None
        assert res.n_answered == len(codes)


@settings(max_examples=200, deadline=None)
@given(_RESPONSES, st.sampled_from(ITEMS), st.integers(0, 4))
def test_lefs_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, code: int
) -> None:
    before = score("lefs", {**responses, item: None}).scales["lefs"]
    after = score("lefs", {**responses, item: code}).scales["lefs"]
    assert before.value is None or after.value is not None
