"""QuickDASH and its optional modules (reference/instruments.md §4.10)."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, score
from regenpath.domain.instruments.quickdash import INSTRUMENT, QUICKDASH, SPORTS_ARTS, WORK

Q = QUICKDASH.items
QD_1 = dict(zip(Q, [3, 4, 3, 2, 2, 3, 2, 3, 4, 2, 3], strict=True))
QD_4 = dict(zip(Q, [2, 2, 1, 1, 1, 2, 1, 2, 3, 1, 2], strict=True))
MODULES = {"work": WORK, "sports_arts": SPORTS_ARTS}


def _close(actual: float | None, expected: Fraction) -> bool:
    return actual is not None and math.isclose(actual, float(expected), rel_tol=0, abs_tol=1e-9)


def _without(responses: dict[str, int], *items: str) -> dict[str, int]:
    return {item: code for item, code in responses.items() if item not in items}


@pytest.mark.parametrize(
    ("responses", "expected"),
    [
        (QD_1, Fraction(500, 11)),
        (QD_4, Fraction(175, 11)),
        (dict.fromkeys(Q, 1), Fraction(0)),
        (dict.fromkeys(Q, 5), Fraction(100)),
        (dict.fromkeys(Q, 2), Fraction(25)),
    ],
    ids=[
        "quickdash-1",
        "quickdash-4",
        "quickdash-5-all-1",
        "quickdash-5-all-5",
        "quickdash-5-all-2",
    ],
)
def test_quickdash_worked_examples_complete(
    responses: dict[str, int | None], expected: Fraction
) -> None:
    res = score("quickdash", responses).scales["quickdash"]
    assert _close(res.value, expected)
    assert (res.n_items, res.n_answered, res.n_required) == (11, 11, 10)
    assert res.flags == ()


def test_quickdash_1_modules_not_administered() -> None:
    scales = score("quickdash", QD_1).scales
    assert list(scales) == ["quickdash", "work", "sports_arts"]
    for code, scale in MODULES.items():
        res = scales[code]
        assert res.value is None
        assert res.reason_code == "not_administered"
        assert res.reason == f"{scale.label}: module not administered (no items answered)"
        assert (res.n_items, res.n_answered, res.n_required) == (4, 0, 4)
        assert res.missing_items == scale.items


def test_quickdash_2_ten_answers_score_exactly_45_partial() -> None:
    res = score("quickdash", _without(QD_1, "Q8")).scales["quickdash"]
    assert res.value == 45.0  # exact: 28/10 → 1.8 × 25 (§2.4)
    assert res.flags == ("partial",)
    assert (res.n_answered, res.n_required, res.missing_items) == (10, 10, ("Q8",))


def test_quickdash_3_nine_answers_are_too_few() -> None:
    res = score("quickdash", _without(QD_1, "Q3", "Q8")).scales["quickdash"]
    assert res.value is None
    assert res.reason_code == "too_few_items"
    assert res.reason == "QuickDASH: 9 of 11 items answered; at least 10 required"
    assert (res.n_answered, res.n_required, res.missing_items) == (9, 10, ("Q3", "Q8"))


@pytest.mark.parametrize("missing", Q)
def test_quickdash_any_single_missing_item_scores_the_mean_of_ten(missing: str) -> None:
    responses = _without(QD_1, missing)
    res = score("quickdash", responses).scales["quickdash"]
    assert _close(res.value, (Fraction(sum(responses.values()), 10) - 1) * 25)
    assert res.missing_items == (missing,)


def test_quickdash_6_complete_work_module() -> None:
    scales = score("quickdash", {**QD_1, "W1": 2, "W2": 3, "W3": 3, "W4": 2}).scales
    assert scales["work"].value == 37.5
    assert scales["work"].flags == ()
    assert (scales["work"].n_answered, scales["work"].n_required) == (4, 4)
    assert _close(scales["quickdash"].value, Fraction(500, 11))
    assert scales["sports_arts"].reason_code == "not_administered"


def test_quickdash_7_work_module_three_of_four() -> None:
    res = score("quickdash", {"W1": 2, "W2": 3, "W3": 3}).scales["work"]
    assert res.value is None
    assert res.reason_code == "too_few_items"
    assert res.reason == (
        "QuickDASH work module: 3 of 4 items answered; all 4 required (missing: W4)"
    )
    assert (res.n_answered, res.n_required, res.missing_items) == (3, 4, ("W4",))


@pytest.mark.parametrize("module", MODULES)
@pytest.mark.parametrize("n_answered", [1, 2, 3])
def test_quickdash_module_partly_answered_is_too_few_items(module: str, n_answered: int) -> None:
    items = MODULES[module].items
    res = score("quickdash", dict.fromkeys(items[:n_answered], 3)).scales[module]
    assert res.value is None
    assert res.reason_code == "too_few_items"
    assert (res.n_answered, res.n_required, res.missing_items) == (
        n_answered,
        4,
        items[n_answered:],
    )


@pytest.mark.parametrize("module", MODULES)
def test_quickdash_module_scores_without_the_main_scale(module: str) -> None:
    scales = score("quickdash", dict(zip(MODULES[module].items, [1, 2, 4, 5], strict=True))).scales
    assert scales[module].value == 50.0  # 12/4 = 3 → (3 − 1) × 25
    assert scales["quickdash"].reason_code == "too_few_items"


@pytest.mark.parametrize("code", [1, 2, 3, 4, 5])
def test_quickdash_all_items_at_one_code_give_the_same_value(code: int) -> None:
    scales = score("quickdash", {item.id: code for item in INSTRUMENT.items}).scales
    assert {res.value for res in scales.values()} == {(code - 1) * 25.0}


@pytest.mark.parametrize(
    ("responses", "kind", "message"),
    [
        ({"Q12": 1}, "unknown_item", "quickdash: unknown item 'Q12' (QuickDASH items are Q1–Q11)"),
        ({"W5": 1}, "unknown_item", None),
        ({"SA0": 1}, "unknown_item", None),
        (
            {"Q2": "2"},
            "wrong_type",
            "quickdash: item 'Q2' has a value of type str ('2'); an int response code is required",
        ),
        ({"W1": 2.0}, "wrong_type", None),
        ({"SA1": True}, "wrong_type", None),
        ({"Q2": Decimal(2)}, "wrong_type", None),
        (
            {"Q2": 0},
            "out_of_range",
            "quickdash: item 'Q2' has response code 0; allowed codes are 1–5",
        ),
        ({"W2": 6}, "out_of_range", None),
        ({"SA4": 0}, "out_of_range", None),
    ],
)
def test_quickdash_invalid_input_raises(
    responses: dict[str, object], kind: str, message: str | None
) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("quickdash", {**QD_1, **responses})  # type: ignore[dict-item]
    (error,) = caught.value.errors
    assert (caught.value.instrument, error.kind) == ("quickdash", kind)
    assert error.item in responses
    if message is not None:
        assert error.message == message


_IDS = [item.id for item in INSTRUMENT.items]
_RESPONSES = st.dictionaries(st.sampled_from(_IDS), st.one_of(st.none(), st.integers(1, 5)))


@settings(max_examples=200, deadline=None)
@given(_RESPONSES)
def test_quickdash_values_stay_within_0_100(responses: dict[str, int | None]) -> None:
    for res in score("quickdash", responses).scales.values():
        assert res.value is None or 0 <= res.value <= 100
        assert (res.value is None) == (res.n_answered < (res.n_required or 0))
        assert (res.reason_code == "not_administered") == (res.n_items == 4 and res.n_answered == 0)


@settings(max_examples=200, deadline=None)
@given(_RESPONSES, st.sampled_from(_IDS), st.integers(1, 5))
def test_quickdash_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, code: int
) -> None:
    before = score("quickdash", {**responses, item: None}).scales
    after = score("quickdash", {**responses, item: code}).scales
    for scale, res in before.items():
        assert res.value is None or after[scale].value is not None
