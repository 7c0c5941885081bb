"""VISA-A (reference/instruments.md §4.11): worked examples, Q8 slot and conflict, errors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, score
from regenpath.domain.instruments.visa_a import INSTRUMENT, Q8_VARIANTS

Q1_Q7 = ("Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7")
SLOTS = (*Q1_Q7, "Q8")


def _answers(q1_q7: list[int], variant: str, points: int) -> dict[str, int | None]:
    return {**dict(zip(Q1_Q7, q1_q7, strict=True)), variant: points}


VISA_A_1 = _answers([3, 8, 2, 3, 0, 7, 7], "Q8A", 21)
VISA_A_2 = _answers([7, 6, 8, 9, 5, 6, 7], "Q8B", 10)


@pytest.mark.parametrize(
    ("responses", "expected"),
    [
        (VISA_A_1, 51.0),
        (VISA_A_2, 58.0),
        (_answers([2, 3, 1, 2, 0, 0, 0], "Q8C", 2), 10.0),
        (_answers([10] * 6 + [10], "Q8A", 30), 100.0),
        (_answers([5] * 6 + [10], "Q8B", 10), 50.0),
    ],
    ids=["visa-a-1", "visa-a-2", "visa-a-3", "visa-a-4-max", "visa-a-4-half"],
)
def test_visa_a_worked_examples(responses: dict[str, int | None], expected: float) -> None:
    res = score("visa-a", responses).scales["visa_a"]
    assert res.value == expected
    assert (res.n_items, res.n_answered, res.n_required) == (8, 8, 8)
    assert (res.missing_items, res.flags, res.interpretation) == ((), (), None)


def test_visa_a_5_missing_q5_is_too_few_items() -> None:
    res = score("visa-a", {**VISA_A_2, "Q5": None}).scales["visa_a"]
    assert res.value is None
    assert res.reason_code == "too_few_items"
    assert res.reason == "VISA-A: 7 of 8 items answered; all 8 required (missing: Q5)"
    assert (res.n_answered, res.n_required, res.missing_items) == (7, 8, ("Q5",))


def test_visa_a_no_q8_variant_is_the_missing_slot_q8() -> None:
    responses = {**VISA_A_1, "Q8A": None, "Q8B": None}
    res = score("visa-a", responses).scales["visa_a"]
    assert res.value is None
    assert res.reason == "VISA-A: 7 of 8 items answered; all 8 required (missing: Q8)"
    assert res.missing_items == ("Q8",)


@pytest.mark.parametrize("missing", Q1_Q7)
def test_visa_a_any_single_missing_item_leaves_it_unscored(missing: str) -> None:
    res = score("visa-a", {**VISA_A_1, missing: None}).scales["visa_a"]
    assert res.value is None
    assert (res.n_answered, res.missing_items) == (7, (missing,))


@pytest.mark.parametrize("variant", Q8_VARIANTS)
def test_visa_a_each_q8_variant_fills_the_q8_slot(variant: str) -> None:
    q1_q7 = {item: VISA_A_1[item] for item in Q1_Q7}
    res = score("visa-a", {**q1_q7, variant: 0}).scales["visa_a"]
    assert res.value == 23 + 7
    assert res.n_answered == 8


def test_visa_a_6_two_q8_variants_conflict() -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("visa-a", {**VISA_A_1, "Q8B": 4})
    (error,) = caught.value.errors
    assert error.kind == "conflict"
    assert error.message == (
        "visa-a: items Q8A and Q8B are both answered; answer exactly one of Q8A, Q8B, Q8C"
    )


def test_visa_a_three_q8_variants_conflict_once() -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("visa-a", {**VISA_A_1, "Q8B": 4, "Q8C": 2})
    (error,) = caught.value.errors
    assert error.kind == "conflict"
    assert "Q8A, Q8B and Q8C are all answered" in error.message


def test_visa_a_unanswered_variant_set_to_none_is_no_conflict() -> None:
    res = score("visa-a", {**VISA_A_1, "Q8B": None, "Q8C": None}).scales["visa_a"]
    assert res.value == 51.0


def test_visa_a_conflict_is_reported_with_every_other_error() -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("visa-a", {**VISA_A_1, "Q7": 5, "Q8C": "2"})  # type: ignore[dict-item]
    assert [(e.item, e.kind) for e in caught.value.errors] == [
        ("Q7", "out_of_range"),
        ("Q8C", "wrong_type"),
        ("Q8A", "conflict"),
    ]


# §4.11 point sets, one row per item: every integer from −1 to 31 is accepted iff allowed.
ALLOWED = {
    **{item: set(range(11)) for item in Q1_Q7[:6]},
    "Q7": {0, 4, 7, 10},
    "Q8A": {0, 7, 14, 21, 30},
    "Q8B": {0, 4, 10, 14, 20},
    "Q8C": {0, 2, 5, 7, 10},
}


def test_visa_a_allowed_table_covers_every_item() -> None:
    assert {item.id: set(item.codes) for item in INSTRUMENT.items} == ALLOWED


@pytest.mark.parametrize("item", list(ALLOWED))
def test_visa_a_each_item_accepts_exactly_its_points(item: str) -> None:
    q1_q7 = {i: VISA_A_1[i] for i in Q1_Q7}
    base = {**q1_q7, "Q8A": 21} if item not in Q8_VARIANTS else q1_q7
    accepted = set()
    for code in range(-1, 32):
        try:
            score("visa-a", {**base, item: code})
        except ScoringInputError as error:
            assert [e.kind for e in error.errors] == ["out_of_range"]
        else:
            accepted.add(code)
    assert accepted == ALLOWED[item]


@pytest.mark.parametrize(
    ("responses", "kind", "message"),
    [
        ({"Q9": 1}, "unknown_item", None),
        ({"Q8": 7}, "unknown_item", None),  # Q8 is a slot name, not an item (§4.11)
        ({"Q8D": 7}, "unknown_item", None),
        (
            {"Q2": "8"},
            "wrong_type",
            "visa-a: item 'Q2' has a value of type str ('8'); an int response code is required",
        ),
        ({"Q2": 8.0}, "wrong_type", None),
        ({"Q2": True}, "wrong_type", None),
        ({"Q2": Decimal(8)}, "wrong_type", None),
        (
            {"Q7": 5},
            "out_of_range",
            "visa-a: item 'Q7' has response code 5; allowed codes are 0, 4, 7, 10",
        ),
        ({"Q8A": 20}, "out_of_range", None),
    ],
    ids=[
        "unknown-Q9",
        "unknown-Q8",
        "unknown-Q8D",
        "str",
        "float",
        "bool",
        "decimal",
        "visa-a-7",
        "Q8A-20",
    ],
)
def test_visa_a_invalid_input_raises(
    responses: dict[str, object], kind: str, message: str | None
) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("visa-a", {**VISA_A_1, **responses})  # type: ignore[dict-item]
    (error,) = caught.value.errors
    assert (caught.value.instrument, error.kind, error.item) == ("visa-a", kind, *responses)
    if message is not None:
        assert error.message == message


@st.composite
def _responses(draw: st.DrawFn) -> dict[str, int | None]:
    """Draw a valid response set: any subset of Q1–Q7 and at most one Q8 variant."""
    chosen = draw(st.lists(st.sampled_from(Q1_Q7), unique=True))
    responses: dict[str, int | None] = {
        item: draw(st.sampled_from(sorted(ALLOWED[item]))) for item in chosen
    }
    variant = draw(st.sampled_from([None, *Q8_VARIANTS]))
    if variant is not None:
        responses[variant] = draw(st.sampled_from(sorted(ALLOWED[variant])))
    return responses


@settings(max_examples=200, deadline=None)
@given(_responses())
def test_visa_a_values_stay_within_0_100(responses: dict[str, int | None]) -> None:
    res = score("visa-a", responses).scales["visa_a"]
    assert (res.value is None) == (len(responses) < 8)
    if res.value is not None:
        assert 0 <= res.value <= 100
        assert res.value == sum(code for code in responses.values() if code is not None)


@settings(max_examples=200, deadline=None)
@given(_responses(), st.sampled_from(SLOTS), st.data())
def test_visa_a_one_more_answer_never_unscores(
    responses: dict[str, int | None], slot: str, data: st.DataObject
) -> None:
    if slot == "Q8":
        if any(variant in responses for variant in Q8_VARIANTS):
            return  # the Q8 slot is already answered
        slot = data.draw(st.sampled_from(Q8_VARIANTS))
    before = score("visa-a", {**responses, slot: None}).scales["visa_a"]
    code = data.draw(st.sampled_from(sorted(ALLOWED[slot])))
    after = score("visa-a", {**responses, slot: code}).scales["visa_a"]
    assert before.value is None or after.value is not None
