"""Tests for the condition catalogue and the chronic-pain rule (regenpath.domain.conditions)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain import conditions
from regenpath.domain.conditions import (
    CONDITIONS,
    PRIOR_TREATMENTS,
    UNVERIFIED_SNOMED,
    Condition,
    PainMechanism,
    Side,
    UnknownConditionError,
    add_months,
    get_condition,
    is_chronic,
    is_wellformed_concept_id,
    pain_duration_months,
)

# The instrument codes of reference/instruments.md §3 (registry summary).
INSTRUMENT_CODES = {
    "nrs-pain",
    "peg",
    "bpi-sf",
    "koos",
    "koos-jr",
    "hoos",
    "hoos-jr",
    "womac",
    "lefs",
    "quickdash",
    "visa-a",
    "odi",
    "ndi",
    "dn4",
    "paindetect",
    "promis-29",
    "promis-pi-6a",
    "promis-pi-8a",
    "pgic",
}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SPINE_REGIONS = {"lumbar spine", "cervical spine", "spine"}


def test_conditions_catalogue_has_fourteen_unique_codes() -> None:
    codes = [c.code for c in CONDITIONS]
    assert len(codes) == 14
    assert len(set(codes)) == len(codes)
    assert len({c.snomed_code for c in CONDITIONS}) == len(CONDITIONS)


@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda c: c.code)
def test_conditions_entry_is_complete(condition: Condition) -> None:
    assert SLUG.match(condition.code)
    assert condition.label and condition.region
    assert condition.body_sites and len(set(condition.body_sites)) == len(condition.body_sites)
    assert condition.sides and len(set(condition.sides)) == len(condition.sides)
    assert set(condition.instruments) <= INSTRUMENT_CODES, condition.instruments
    assert "nrs-pain" in condition.instruments
    assert isinstance(condition.typical_mechanism, PainMechanism)


@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda c: c.code)
def test_conditions_snomed_id_is_wellformed_and_term_is_a_fully_specified_name(
    condition: Condition,
) -> None:
    assert is_wellformed_concept_id(condition.snomed_code), condition.snomed_code
    assert re.search(r" \((disorder|finding)\)$", condition.snomed_term), condition.snomed_term


@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda c: c.code)
def test_conditions_sides_fit_the_region(condition: Condition) -> None:
    if condition.region in SPINE_REGIONS:
        assert Side.MIDLINE in condition.sides
    else:
        assert condition.sides == (Side.LEFT, Side.RIGHT, Side.BILATERAL)


def test_conditions_kl_applies_to_osteoarthritis_only() -> None:
    kl = {c.code for c in CONDITIONS if c.kl_applies}
    assert kl == {c.code for c in CONDITIONS if c.code.endswith("-oa")}
    assert {"knee-oa", "hip-oa", "shoulder-oa"} <= kl


def test_conditions_unverified_snomed_lists_only_catalogue_ids() -> None:
    catalogue = {c.snomed_code for c in CONDITIONS}
    assert catalogue >= UNVERIFIED_SNOMED
    assert get_condition("knee-oa").snomed_verified
    for condition in CONDITIONS:
        assert condition.snomed_verified is (condition.snomed_code not in UNVERIFIED_SNOMED)


@pytest.mark.parametrize(
    ("code", "instruments"),
    [
        ("knee-oa", {"koos", "koos-jr", "nrs-pain"}),
        ("hip-oa", {"hoos", "hoos-jr"}),
        ("shoulder-oa", {"quickdash"}),
        ("lumbar-disc-degeneration", {"odi"}),
        ("cervical-disc-degeneration", {"ndi"}),
        ("achilles-tendinopathy", {"visa-a"}),
        ("patellar-tendinopathy", {"lefs"}),
        ("peripheral-neuropathic-pain", {"dn4", "paindetect"}),
    ],
)
def test_conditions_suggest_the_condition_specific_instruments(
    code: str, instruments: set[str]
) -> None:
    assert instruments <= set(get_condition(code).instruments)


@pytest.mark.parametrize(
    ("code", "snomed_code"),
    [
        ("knee-oa", "239873007"),
        ("hip-oa", "239872002"),
        ("lateral-elbow-tendinopathy", "202855006"),
        ("achilles-tendinopathy", "11654001"),
        ("peripheral-neuropathic-pain", "247398009"),
        ("inflammatory-arthritis", "417180005"),
    ],
)
def test_get_condition_returns_the_verified_concepts(code: str, snomed_code: str) -> None:
    condition = get_condition(code)
    assert condition.snomed_code == snomed_code
    assert condition.snomed_verified


def test_get_condition_unknown_code_names_it_and_lists_valid_codes() -> None:
    with pytest.raises(UnknownConditionError) as info:
        get_condition("knee-oa ")
    message = str(info.value)
    assert "'knee-oa '" in message
    assert "knee-oa, hip-oa" in message
    assert isinstance(info.value, ValueError)


def test_prior_treatments_are_unique_slugs_with_labels() -> None:
    codes = [code for code, _ in PRIOR_TREATMENTS]
    assert len(codes) == len(set(codes))
    assert all(SLUG.match(code) for code in codes)
    assert all(label for _, label in PRIOR_TREATMENTS)
    for required in ("physiotherapy", "nsaids", "corticosteroid-injection", "prp", "surgery"):
        assert required in codes
    assert conditions.PRIOR_TREATMENT_LABELS["prp"].startswith("Platelet-rich plasma")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 15), 3, date(2024, 4, 15)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # leap year: month end
        (date(2022, 11, 30), 3, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 10, 31), 3, date(2025, 1, 31)),
        (date(2024, 12, 31), 2, date(2025, 2, 28)),
        (date(2024, 5, 1), 0, date(2024, 5, 1)),
        (date(2020, 2, 29), 12, date(2021, 2, 28)),
    ],
)
def test_add_months_worked_examples(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_add_months_negative_raises() -> None:
    with pytest.raises(ValueError, match="months"):
        add_months(date(2024, 1, 1), -1)


@pytest.mark.parametrize(
    ("onset", "today", "chronic", "months"),
    [
        # Boundary day and the day before it (three calendar months after onset).
        (date(2024, 1, 15), date(2024, 4, 15), True, 3),
        (date(2024, 1, 15), date(2024, 4, 14), False, 2),
        # Month-end onsets: 30 Nov + 3 months is the last day of February.
        (date(2023, 11, 30), date(2024, 2, 29), True, 3),
        (date(2023, 11, 30), date(2024, 2, 28), False, 2),
        (date(2022, 11, 30), date(2023, 2, 28), True, 3),
        (date(2022, 11, 30), date(2023, 2, 27), False, 2),
        (date(2024, 10, 31), date(2025, 1, 31), True, 3),
        (date(2024, 10, 31), date(2025, 1, 30), False, 2),
        (date(2024, 5, 1), date(2024, 5, 1), False, 0),
        (date(2010, 6, 10), date(2025, 6, 9), True, 179),
    ],
)
def test_is_chronic_boundaries(onset: date, today: date, chronic: bool, months: int) -> None:
    assert is_chronic(onset, today) is chronic
    assert pain_duration_months(onset, today) == months


def test_is_chronic_onset_after_today_raises() -> None:
    with pytest.raises(ValueError, match="after today"):
        is_chronic(date(2024, 5, 2), date(2024, 5, 1))


dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))


@settings(max_examples=200)
@given(onset=dates, days=st.integers(min_value=0, max_value=20_000))
def test_pain_duration_months_is_the_last_completed_month(onset: date, days: int) -> None:
    today = onset + timedelta(days=days)
    months = pain_duration_months(onset, today)
    assert add_months(onset, months) <= today < add_months(onset, months + 1)
    assert is_chronic(onset, today) is (months >= 3)


@settings(max_examples=200)
@given(onset=dates, days=st.integers(min_value=0, max_value=400))
def test_is_chronic_is_monotone_in_today(onset: date, days: int) -> None:
    today = onset + timedelta(days=days)
    if is_chronic(onset, today):
        assert is_chronic(onset, today + timedelta(days=1))


@pytest.mark.parametrize(
    ("sctid", "ok"),
    [
        ("239873007", True),
        ("22253000", True),  # Pain (finding)
        ("22253001", False),  # bad check digit
        ("239873008", False),
        ("750827015", False),  # valid check digit, but partition 01 (a description id)
        ("1290488009", True),
        ("012345", False),
        ("12a456", False),
        ("", False),
    ],
)
def test_is_wellformed_concept_id_examples(sctid: str, ok: bool) -> None:
    assert is_wellformed_concept_id(sctid) is ok
