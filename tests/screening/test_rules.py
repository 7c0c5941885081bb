"""The non-clinical policies of screening: re-screening and override justifications."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.screening.rules import facts_hash, justification_problem, rescreening

DAY = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("The patient's pain limits walking and she accepts the risks.", True),
        ("Reviewed with the haematologist today.", True),
        ("ok", False),
        ("per discussion.", False),  # too short
        ("Discussed at length with the patient", False),  # no full stop
        ("aaaaaaaaaaaaaaaaaaaaaaaa.", False),  # one word, not a sentence
        ("   Reviewed   with the   haematologist today.  ", True),  # spaces collapse
    ],
)
def test_justification_problem_table(text: str, ok: bool) -> None:
    assert (justification_problem(text) == "") is ok


@pytest.mark.parametrize(
    ("age_days", "same_facts", "required"),
    [(0, True, False), (90, True, False), (91, True, True), (10, False, True), (200, False, True)],
)
def test_rescreening_by_age_and_facts(age_days: int, same_facts: bool, required: bool) -> None:
    result = rescreening(
        decided_on=DAY,
        decision_facts_hash="a" * 64,
        latest_facts_hash="a" * 64 if same_facts else "b" * 64,
        today=DAY + dt.timedelta(days=age_days),
    )
    assert result.required is required
    assert len(result.reasons) == (age_days > 90) + (not same_facts)


def test_rescreening_uses_the_configured_days() -> None:
    result = rescreening(
        decided_on=DAY,
        decision_facts_hash="a",
        latest_facts_hash="a",
        today=DAY + dt.timedelta(days=31),
        max_age_days=30,
    )
    assert result.required
    assert "31 days old" in result.reasons[0]


def test_rescreening_refuses_a_window_below_one_day() -> None:
    with pytest.raises(ValueError):
        rescreening(
            decided_on=DAY,
            decision_facts_hash="a",
            latest_facts_hash="a",
            today=DAY,
            max_age_days=0,
        )


@settings(max_examples=100)
@given(st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.integers() | st.booleans()))
def test_facts_hash_ignores_key_order(facts: dict[str, object]) -> None:
    reordered = dict(reversed(list(facts.items())))
    assert facts_hash(facts) == facts_hash(reordered)
