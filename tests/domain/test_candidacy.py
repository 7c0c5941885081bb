"""Tests for the candidacy criteria and `assess` (regenpath.domain.candidacy).

Every criterion is tested on both sides of its threshold (the exact boundary day or value and
one past it); missing facts give "needs review" listing exactly what is missing; hypothesis
checks that adverse facts never improve a decision and that `assess` is a pure function.
"""

from __future__ import annotations

import ast
import dataclasses
import string
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.candidacy import (
    CRITERIA,
    DEFAULT_RULES,
    FIELD_SPECS,
    RULES_VERSION,
    SOURCES,
    STATUS_RANK,
    Decision,
    Facts,
    FactsError,
    Injection,
    InjectionKind,
    Kind,
    Medication,
    MedicationClass,
    RuleSet,
    Status,
    Verification,
    assess,
)
from regenpath.domain.candidacy.groups import ConditionGroup, condition_group
from regenpath.domain.conditions import CONDITIONS, Side, get_condition

TODAY = date(2027, 1, 1)
NSAID, ANTIPLATELET, ANTICOAGULANT = (
    MedicationClass.NSAID,
    MedicationClass.ANTIPLATELET,
    MedicationClass.ANTICOAGULANT,
)
STEROID, IMMUNO = MedicationClass.SYSTEMIC_STEROID, MedicationClass.IMMUNOSUPPRESSANT

# A complete knee-OA candidate: every fact a rule needs is recorded and none fires.
BASE = Facts(
    infection_systemic=False,
    infection_harvest_site=False,
    infection_injection_site=False,
    chronic_infectious_disease=False,
    active_malignancy=False,
    past_malignancy=False,
    pregnant_breastfeeding_or_planning=False,
    bleeding_disorder=False,
    severe_systemic_illness=False,
    diabetes=False,
    inflammatory_arthritis_target=False,
    immunosuppressive_condition=False,
    allergy_to_procedure_agents=False,
    current_smoker=False,
    substance_use_disorder=False,
    medications=(),
    target_injections=(),
    platelets=250.0,
    haemoglobin=14.0,
    height_cm=175.0,
    weight_kg=75.0,
    date_of_birth=date(1965, 6, 15),
    condition_code="knee-oa",
    target_side=Side.LEFT,
    pain_onset=date(2025, 1, 1),
    kl_grade=2,
    conservative_care_months=6,
    conservative_care_modalities=3,
)
DISC_BASE = dataclasses.replace(
    BASE,
    condition_code="lumbar-disc-degeneration",
    target_side=Side.MIDLINE,
    kl_grade=None,
    inflammatory_arthritis_target=None,
    pfirrmann_grade=4,
    modic_type=1,
    disc_instability=False,
    severe_stenosis=False,
    radicular_leg_pain_dominant=False,
)
TENDON_BASE = dataclasses.replace(
    BASE, condition_code="achilles-tendinopathy", kl_grade=None, inflammatory_arthritis_target=None
)


def _fired(facts: Facts, today: date = TODAY, rules: RuleSet = DEFAULT_RULES) -> set[str]:
    decision = assess(facts, rules, today=today)
    return {r.rule_id for r in decision.reasons if r.kind is not Kind.MISSING}


def _with(base: Facts = BASE, **changes: Any) -> Facts:
    return dataclasses.replace(base, **changes)


def _med(cls: MedicationClass, last: date | None = None, name: str = "Drug") -> Facts:
    return _with(medications=(Medication(name, cls, last),))


def _inj(kind: InjectionKind, on: date) -> Facts:
    return _with(target_injections=(Injection(kind, on),))


# --- the base cases ---------------------------------------------------------------------------


@pytest.mark.parametrize("base", [BASE, DISC_BASE, TENDON_BASE], ids=["knee", "disc", "tendon"])
def test_assess_complete_benign_facts_is_candidate(base: Facts) -> None:
    decision = assess(base, today=TODAY)
    assert decision == Decision(Status.CANDIDATE, (), None, RULES_VERSION, ())


def test_assess_empty_facts_needs_review_listing_every_needed_fact() -> None:
    decision = assess(Facts(), today=TODAY)
    assert decision.status is Status.NEEDS_REVIEW
    assert decision.missing == (
        "infection_systemic",
        "infection_harvest_site",
        "infection_injection_site",
        "chronic_infectious_disease",
        "active_malignancy",
        "past_malignancy",
        "pregnant_breastfeeding_or_planning",
        "bleeding_disorder",
        "severe_systemic_illness",
        "diabetes",
        "immunosuppressive_condition",
        "allergy_to_procedure_agents",
        "current_smoker",
        "substance_use_disorder",
        "medications",
        "target_injections",
        "platelets",
        "haemoglobin",
        "height_cm",
        "weight_kg",
        "date_of_birth",
        "condition_code",
        "pain_onset",
        "conservative_care_months",
        "conservative_care_modalities",
    )
    assert decision.earliest_date is None
    assert all(r.kind is Kind.MISSING for r in decision.reasons)


# Every fact the knee base needs; removing any one of them alone must be reported.
KNEE_NEEDED = (
    "infection_systemic",
    "infection_harvest_site",
    "infection_injection_site",
    "chronic_infectious_disease",
    "active_malignancy",
    "past_malignancy",
    "pregnant_breastfeeding_or_planning",
    "bleeding_disorder",
    "severe_systemic_illness",
    "diabetes",
    "inflammatory_arthritis_target",
    "immunosuppressive_condition",
    "allergy_to_procedure_agents",
    "current_smoker",
    "substance_use_disorder",
    "medications",
    "target_injections",
    "platelets",
    "haemoglobin",
    "height_cm",
    "weight_kg",
    "date_of_birth",
    "pain_onset",
    "kl_grade",
    "conservative_care_months",
    "conservative_care_modalities",
)


@pytest.mark.parametrize("field", KNEE_NEEDED)
def test_assess_one_missing_fact_needs_review_naming_it(field: str) -> None:
    decision = assess(_with(BASE, **{field: None}), today=TODAY)
    assert decision.status is Status.NEEDS_REVIEW
    assert decision.missing == (field,)
    assert decision.reasons  # one per rule that needed it
    for reason in decision.reasons:
        assert reason.kind is Kind.MISSING
        assert reason.what_would_change.startswith("Record ")


@pytest.mark.parametrize("field", ["systemic_illness_note", "hba1c_percent", "target_side"])
def test_assess_unneeded_fact_missing_is_still_candidate(field: str) -> None:
    assert assess(_with(BASE, **{field: None}), today=TODAY).status is Status.CANDIDATE


@pytest.mark.parametrize(
    ("facts", "missing"),
    [
        (_with(past_malignancy=True), ("malignancy_end_date",)),
        (_with(diabetes=True), ("hba1c_percent",)),
        (_with(date_of_birth=None, age_years=None), ("date_of_birth",)),
        (dataclasses.replace(DISC_BASE, pfirrmann_grade=None), ("pfirrmann_grade",)),
        (dataclasses.replace(DISC_BASE, modic_type=None), ("modic_type",)),
    ],
    ids=["malignancy-end", "hba1c", "age", "pfirrmann", "modic"],
)
def test_assess_conditional_fact_missing_needs_review(
    facts: Facts, missing: tuple[str, ...]
) -> None:
    decision = assess(facts, today=TODAY)
    assert (decision.status, decision.missing) == (Status.NEEDS_REVIEW, missing)


def test_assess_condition_specific_facts_not_needed_for_other_groups() -> None:
    # A tendon needs no K–L grade, no inflammatory-arthritis answer and no disc imaging.
    assert assess(TENDON_BASE, today=TODAY).missing == ()
    assert assess(_with(condition_code=None, target_side=None), today=TODAY).missing == (
        "condition_code",
    )


# --- every criterion on both sides of its threshold ------------------------------------------

FLAGS = [
    ("EX-INFECTION-SYSTEMIC", "infection_systemic"),
    ("EX-INFECTION-HARVEST", "infection_harvest_site"),
    ("EX-INFECTION-INJECTION", "infection_injection_site"),
    ("EX-CHRONIC-INFECTIOUS-DISEASE", "chronic_infectious_disease"),
    ("EX-MALIGNANCY-ACTIVE", "active_malignancy"),
    ("EX-PREGNANCY", "pregnant_breastfeeding_or_planning"),
    ("EX-BLEEDING-DISORDER", "bleeding_disorder"),
    ("EX-SYSTEMIC-ILLNESS", "severe_systemic_illness"),
    ("EX-INFLAMMATORY-ARTHRITIS", "inflammatory_arthritis_target"),
    ("EX-IMMUNOSUPPRESSIVE-CONDITION", "immunosuppressive_condition"),
    ("EX-ALLERGY", "allergy_to_procedure_agents"),
    ("RV-SMOKING", "current_smoker"),
    ("RV-SUBSTANCE-USE", "substance_use_disorder"),
]
DISC_FLAGS = [
    ("RV-DISC-INSTABILITY", "disc_instability"),
    ("RV-DISC-STENOSIS", "severe_stenosis"),
    ("RV-DISC-RADICULAR", "radicular_leg_pain_dominant"),
]


@pytest.mark.parametrize(("rule", "field"), FLAGS, ids=[r for r, _ in FLAGS])
def test_criterion_flag_fires_only_when_true(rule: str, field: str) -> None:
    assert _fired(_with(BASE, **{field: True})) == {rule}
    assert _fired(_with(BASE, **{field: False})) == set()


@pytest.mark.parametrize(("rule", "field"), DISC_FLAGS, ids=[r for r, _ in DISC_FLAGS])
def test_criterion_disc_flag_fires_only_when_true(rule: str, field: str) -> None:
    assert _fired(_with(DISC_BASE, **{field: True})) == {rule}
    assert _fired(_with(DISC_BASE, **{field: False})) == set()


D = date
# (rule, facts on the boundary (does not fire), facts one step past it (fires), until when fired)
THRESHOLDS: list[tuple[str, Facts, Facts, date | None]] = [
    # 36 months after the end of treatment the window has passed (D1, 3 years).
    (
        "EX-MALIGNANCY-RECENT",
        _with(past_malignancy=True, malignancy_end_date=D(2024, 1, 1)),
        _with(past_malignancy=True, malignancy_end_date=D(2024, 1, 2)),
        D(2027, 1, 2),
    ),
    ("EX-LOW-PLATELETS", _with(platelets=150.0), _with(platelets=149.9), None),
    ("RV-HAEMOGLOBIN", _with(haemoglobin=12.0), _with(haemoglobin=11.9), None),
    (
        "RV-DIABETES-CONTROL",
        _with(diabetes=True, hba1c_percent=7.9),
        _with(diabetes=True, hba1c_percent=8.0),
        None,
    ),
    # BMI 120 kg / (2.00 m)² = 30.0 exactly: review "at or above" 30 (K1).
    (
        "RV-BMI",
        _with(height_cm=200.0, weight_kg=119.9),
        _with(height_cm=200.0, weight_kg=120.0),
        None,
    ),
    # BMI 74 / 4 = 18.5 exactly: review "at or below" 18.5 (K2).
    (
        "RV-BMI",
        _with(height_cm=200.0, weight_kg=74.1),
        _with(height_cm=200.0, weight_kg=74.0),
        None,
    ),
    # Age 79 on the day before the 80th birthday; 80 on it (K1, K2: 18–79).
    ("RV-AGE", _with(date_of_birth=D(1947, 1, 2)), _with(date_of_birth=D(1947, 1, 1)), None),
    ("RV-AGE", _with(date_of_birth=D(2009, 1, 1)), _with(date_of_birth=D(2009, 1, 2)), None),
    (
        "RV-AGE",
        _with(date_of_birth=None, age_years=79),
        _with(date_of_birth=None, age_years=80),
        None,
    ),
    ("RV-KL-GRADE", _with(kl_grade=3), _with(kl_grade=4), None),
    ("RV-KL-GRADE", _with(kl_grade=2), _with(kl_grade=1), None),
    (
        "DF-CORTICOSTEROID-INJECTION",
        _inj(InjectionKind.CORTICOSTEROID, D(2026, 10, 1)),
        _inj(InjectionKind.CORTICOSTEROID, D(2026, 10, 2)),
        D(2027, 1, 2),
    ),
    (
        "DF-HA-INJECTION",
        _inj(InjectionKind.HYALURONIC_ACID, D(2026, 7, 1)),
        _inj(InjectionKind.HYALURONIC_ACID, D(2026, 7, 2)),
        D(2027, 1, 2),
    ),
    (
        "DF-OTHER-INJECTION",
        _inj(InjectionKind.PRP, D(2026, 10, 1)),
        _inj(InjectionKind.PRP, D(2026, 10, 2)),
        D(2027, 1, 2),
    ),
    (
        "DF-OTHER-INJECTION",
        _inj(InjectionKind.OTHER, D(2026, 10, 1)),
        _inj(InjectionKind.OTHER, D(2026, 10, 2)),
        D(2027, 1, 2),
    ),
    ("DF-NSAID", _med(NSAID, D(2026, 12, 25)), _med(NSAID, D(2026, 12, 26)), D(2027, 1, 2)),
    (
        "DF-ANTIPLATELET",
        _med(ANTIPLATELET, D(2026, 12, 25)),
        _med(ANTIPLATELET, D(2026, 12, 26)),
        D(2027, 1, 2),
    ),
    (
        "DF-ANTICOAGULANT",
        _med(ANTICOAGULANT, D(2026, 12, 27)),
        _med(ANTICOAGULANT, D(2026, 12, 28)),
        D(2027, 1, 2),
    ),
    (
        "DF-IMMUNOSUPPRESSANT-RECENT",
        _med(STEROID, D(2026, 10, 1)),
        _med(STEROID, D(2026, 10, 2)),
        D(2027, 1, 2),
    ),
    (
        "DF-IMMUNOSUPPRESSANT-RECENT",
        _med(IMMUNO, D(2026, 10, 1)),
        _med(IMMUNO, D(2026, 10, 2)),
        D(2027, 1, 2),
    ),
    ("EX-IMMUNOSUPPRESSANT-ONGOING", _med(IMMUNO, D(2026, 10, 1)), _med(IMMUNO), None),
    ("EX-IMMUNOSUPPRESSANT-ONGOING", _med(MedicationClass.OTHER), _med(STEROID), None),
    ("RV-ANTITHROMBOTIC-ONGOING", _med(MedicationClass.OTHER), _med(ANTICOAGULANT), None),
    ("RV-ANTITHROMBOTIC-ONGOING", _med(MedicationClass.OTHER), _med(ANTIPLATELET), None),
    # Pain for 3 calendar months exactly on 2027-01-01 if it began on 2026-10-01.
    (
        "IN-CHRONIC-PAIN",
        _with(pain_onset=D(2026, 10, 1)),
        _with(pain_onset=D(2026, 10, 2)),
        D(2027, 1, 2),
    ),
    (
        "IN-CONSERVATIVE-CARE",
        _with(conservative_care_months=3, conservative_care_modalities=2),
        _with(conservative_care_months=2, conservative_care_modalities=2),
        None,
    ),
    (
        "IN-CONSERVATIVE-CARE",
        _with(conservative_care_months=3, conservative_care_modalities=2),
        _with(conservative_care_months=3, conservative_care_modalities=1),
        None,
    ),
    (
        "RV-DISC-PFIRRMANN",
        dataclasses.replace(DISC_BASE, pfirrmann_grade=7),
        dataclasses.replace(DISC_BASE, pfirrmann_grade=8),
        None,
    ),
    (
        "RV-DISC-PFIRRMANN",
        dataclasses.replace(DISC_BASE, pfirrmann_grade=3),
        dataclasses.replace(DISC_BASE, pfirrmann_grade=2),
        None,
    ),
    (
        "RV-DISC-MODIC",
        dataclasses.replace(DISC_BASE, modic_type=2),
        dataclasses.replace(DISC_BASE, modic_type=3),
        None,
    ),
    (
        "RV-NO-TRIAL-EVIDENCE",
        TENDON_BASE,
        dataclasses.replace(TENDON_BASE, condition_code="peripheral-neuropathic-pain"),
        None,
    ),
    (
        "EX-INFLAMMATORY-ARTHRITIS",
        _with(condition_code="hip-oa"),
        _with(condition_code="inflammatory-arthritis", kl_grade=None),
        None,
    ),
]


@pytest.mark.parametrize(
    ("rule", "inside", "past", "until"),
    THRESHOLDS,
    ids=[f"{t[0]}-{i}" for i, t in enumerate(THRESHOLDS)],
)
def test_criterion_threshold_boundary_and_one_past(
    rule: str, inside: Facts, past: Facts, until: date | None
) -> None:
    assert rule not in _fired(inside)
    decision = assess(past, today=TODAY)
    reasons = [r for r in decision.reasons if r.rule_id == rule]
    assert len(reasons) == 1
    assert reasons[0].until == until


def test_criterion_table_is_fully_exercised_by_the_boundary_tests() -> None:
    tested = {r for r, *_ in THRESHOLDS} | {r for r, _ in FLAGS} | {r for r, _ in DISC_FLAGS}
    assert tested == {c.id for c in CRITERIA}


def test_criterion_ongoing_nsaid_defers_from_today() -> None:
    decision = assess(_med(NSAID, name="Naproxen"), today=TODAY)
    assert decision.status is Status.DEFERRED
    assert decision.earliest_date == TODAY + timedelta(days=7)
    assert decision.reasons[0].message == (
        "Naproxen (NSAID): still being taken (counted from today); deferred until 2027-01-08 "
        "(7-day washout)."
    )


def test_criterion_ongoing_anticoagulant_is_review_not_deferral() -> None:
    decision = assess(_med(ANTICOAGULANT, name="Apixaban"), today=TODAY)
    assert decision.status is Status.NEEDS_REVIEW
    assert [r.rule_id for r in decision.reasons] == ["RV-ANTITHROMBOTIC-ONGOING"]
    assert decision.reasons[0].verification == "UNVERIFIED"


def test_criterion_corticosteroid_injection_month_end() -> None:
    # 30 November + 3 calendar months = 28 February (conditions.add_months).
    facts = _inj(InjectionKind.CORTICOSTEROID, D(2026, 11, 30))
    decision = assess(facts, today=D(2027, 2, 27))
    assert decision.earliest_date == D(2027, 2, 28)
    assert assess(facts, today=D(2027, 2, 28)).status is Status.CANDIDATE


def test_criterion_message_names_dates_and_window() -> None:
    decision = assess(_inj(InjectionKind.CORTICOSTEROID, D(2026, 10, 2)), today=D(2026, 11, 20))
    (reason,) = decision.reasons
    assert reason.message == (
        "Corticosteroid (steroid) injection into the target on 2026-10-02; deferred until "
        "2027-01-02 (3 months)."
    )
    assert reason.source.startswith("K1 NCT03130335; K2 NCT03579407")
    assert reason.verification == "VERIFIED"
    assert "2027-01-02" in reason.what_would_change


def test_criterion_bmi_message_gives_value_and_limit() -> None:
    (reason,) = assess(_with(height_cm=200.0, weight_kg=130.0), today=TODAY).reasons
    assert reason.message == (
        "BMI 32.5 kg/m² (130 kg, 200 cm) is at or above the review limit of 30."
    )


def test_criterion_inflammatory_arthritis_not_asked_for_tendons() -> None:
    facts = dataclasses.replace(TENDON_BASE, inflammatory_arthritis_target=True)
    assert "EX-INFLAMMATORY-ARTHRITIS" not in _fired(facts)


def test_criterion_kl_range_is_configurable_per_condition() -> None:
    rules = DEFAULT_RULES.with_overrides(kl_ranges={"knee-oa": [1, 4]})
    assert _fired(_with(kl_grade=4), rules=rules) == set()
    assert _fired(_with(condition_code="hip-oa", kl_grade=4), rules=rules) == {"RV-KL-GRADE"}


def test_criterion_washout_is_configurable() -> None:
    facts = _med(NSAID, D(2026, 12, 30))
    assert _fired(facts) == {"DF-NSAID"}
    assert _fired(facts, rules=DEFAULT_RULES.with_overrides(nsaid_washout_days=2)) == set()


# --- precedence -------------------------------------------------------------------------------


def test_assess_exclusion_wins_over_review_deferral_and_missing() -> None:
    facts = _with(
        active_malignancy=True,
        current_smoker=True,
        platelets=None,
        medications=(Medication("Ibuprofen", NSAID, D(2026, 12, 30)),),
    )
    decision = assess(facts, today=TODAY)
    assert decision.status is Status.NOT_CANDIDATE
    assert decision.earliest_date is None
    kinds = {r.kind for r in decision.reasons}
    assert kinds == {Kind.EXCLUSION, Kind.REVIEW, Kind.DEFERRAL, Kind.MISSING}


def test_assess_failed_inclusion_is_not_candidate() -> None:
    decision = assess(_with(conservative_care_months=1), today=TODAY)
    assert decision.status is Status.NOT_CANDIDATE


def test_assess_review_wins_over_deferral() -> None:
    facts = _with(current_smoker=True, medications=(Medication("Ibuprofen", NSAID),))
    decision = assess(facts, today=TODAY)
    assert (decision.status, decision.earliest_date) == (Status.NEEDS_REVIEW, None)


def test_assess_deferred_until_the_latest_deferral() -> None:
    facts = _with(
        medications=(Medication("Ibuprofen", NSAID, D(2026, 12, 30)),),
        target_injections=(
            Injection(InjectionKind.CORTICOSTEROID, D(2026, 11, 15)),
            Injection(InjectionKind.HYALURONIC_ACID, D(2026, 9, 10)),
        ),
    )
    decision = assess(facts, today=TODAY)
    assert decision.status is Status.DEFERRED
    assert decision.earliest_date == D(2027, 3, 10)
    assert sorted(r.until for r in decision.reasons if r.until) == [
        D(2027, 1, 6),
        D(2027, 2, 15),
        D(2027, 3, 10),
    ]


def test_assess_stores_the_rules_version_of_overrides() -> None:
    rules = DEFAULT_RULES.with_overrides(platelet_min=100.0)
    decision = assess(_with(platelets=120.0), rules, today=TODAY)
    assert decision.status is Status.CANDIDATE
    assert decision.rules_version == rules.version != RULES_VERSION


def test_assess_refuses_impossible_facts() -> None:
    with pytest.raises(FactsError) as caught:
        assess(_with(weight_kg=0.0, platelets=-5.0), today=TODAY)
    assert set(caught.value.errors) == {"weight_kg", "platelets"}


def test_decision_to_dict_is_json_shaped() -> None:
    decision = assess(_inj(InjectionKind.CORTICOSTEROID, D(2026, 10, 2)), today=TODAY)
    data = decision.to_dict()
    assert data["status"] == "deferred"
    assert data["earliest_date"] == "2027-01-02"
    assert data["reasons"][0]["until"] == "2027-01-02"
    assert data["reasons"][0]["kind"] == "deferral"


# --- the table is complete --------------------------------------------------------------------

FACT_FIELDS = {f.name for f in dataclasses.fields(Facts)}
RULE_FIELDS = {f.name for f in dataclasses.fields(RuleSet)}


def test_criteria_ids_are_unique_and_well_formed() -> None:
    ids = [c.id for c in CRITERIA]
    assert len(ids) == len(set(ids))
    prefixes = {"EX": Kind.EXCLUSION, "DF": Kind.DEFERRAL, "RV": Kind.REVIEW, "IN": Kind.INCLUSION}
    for c in CRITERIA:
        assert prefixes[c.id[:2]] is c.kind, c.id


@pytest.mark.parametrize("criterion", CRITERIA, ids=lambda c: c.id)
def test_criterion_cites_sources_and_a_tag(criterion: Any) -> None:
    assert criterion.sources
    assert set(criterion.sources) <= set(SOURCES)
    assert isinstance(criterion.verification, Verification)
    assert criterion.title and criterion.message and criterion.what_would_change
    assert set(criterion.needs) | set(criterion.may_need) <= FACT_FIELDS
    assert set(criterion.settings) <= RULE_FIELDS


def test_criteria_with_unverified_defaults_are_tagged_unverified() -> None:
    unverified = {c.id for c in CRITERIA if c.verification is Verification.UNVERIFIED}
    assert {
        "EX-LOW-PLATELETS",
        "RV-HAEMOGLOBIN",
        "RV-DIABETES-CONTROL",
        "DF-ANTIPLATELET",
        "DF-ANTICOAGULANT",
        "RV-ANTITHROMBOTIC-ONGOING",
    } <= unverified


def test_criteria_cover_every_condition_group() -> None:
    for condition in CONDITIONS:
        assert condition_group(condition.code) in set(ConditionGroup)


# --- properties -------------------------------------------------------------------------------

ADVERSE_FLAGS = (
    "infection_systemic",
    "infection_harvest_site",
    "infection_injection_site",
    "chronic_infectious_disease",
    "active_malignancy",
    "past_malignancy",
    "pregnant_breastfeeding_or_planning",
    "bleeding_disorder",
    "severe_systemic_illness",
    "diabetes",
    "inflammatory_arthritis_target",
    "immunosuppressive_condition",
    "allergy_to_procedure_agents",
    "current_smoker",
    "substance_use_disorder",
)
EXCLUSION_FLAGS = (
    "infection_systemic",
    "infection_harvest_site",
    "infection_injection_site",
    "chronic_infectious_disease",
    "active_malignancy",
    "pregnant_breastfeeding_or_planning",
    "bleeding_disorder",
    "severe_systemic_illness",
    "immunosuppressive_condition",
    "allergy_to_procedure_agents",
)
FIRST = date(2020, 1, 1)
dates = st.dates(min_value=FIRST, max_value=TODAY)
maybe_bool = st.none() | st.booleans()
medications = st.builds(
    Medication,
    st.text(string.ascii_letters, min_size=1, max_size=8),
    st.sampled_from(list(MedicationClass)),
    st.none() | dates,
)
injections = st.builds(Injection, st.sampled_from(list(InjectionKind)), dates)


@st.composite
def any_facts(draw: st.DrawFn) -> Facts:
    """Draw valid facts: a complete benign base of any condition with a few fields redrawn.

    Starting from a complete base keeps many draws at "candidate" or "deferred", so the
    properties see every status, not only "needs review".
    """
    condition = get_condition(draw(st.sampled_from([c.code for c in CONDITIONS])))
    group = condition_group(condition.code)
    base = {ConditionGroup.DISC: DISC_BASE, ConditionGroup.JOINT: BASE}.get(group, TENDON_BASE)
    facts = dataclasses.replace(
        base,
        condition_code=condition.code,
        target_side=draw(st.sampled_from(condition.sides)),
        kl_grade=2 if condition.kl_applies else None,
    )
    strategies: dict[str, st.SearchStrategy[Any]] = {
        name: maybe_bool for name in ADVERSE_FLAGS if name != "past_malignancy"
    }
    strategies |= {
        "medications": st.none() | st.lists(medications, max_size=3).map(tuple),
        "target_injections": st.none() | st.lists(injections, max_size=2).map(tuple),
        "platelets": st.none() | st.floats(50, 500),
        "haemoglobin": st.none() | st.floats(8, 18),
        "hba1c_percent": st.none() | st.floats(4, 12),
        "height_cm": st.none() | st.floats(140, 210),
        "weight_kg": st.none() | st.floats(40, 160),
        "pain_onset": st.none() | dates,
        "conservative_care_months": st.none() | st.integers(0, 24),
        "conservative_care_modalities": st.none() | st.integers(0, 5),
    }
    if condition.kl_applies:
        strategies["kl_grade"] = st.none() | st.integers(0, 4)
    if group is ConditionGroup.DISC:
        strategies |= {
            "pfirrmann_grade": st.none() | st.integers(1, 8),
            "modic_type": st.none() | st.integers(0, 3),
            "disc_instability": maybe_bool,
            "severe_stenosis": maybe_bool,
            "radicular_leg_pain_dominant": maybe_bool,
        }
    names = draw(st.lists(st.sampled_from(sorted(strategies)), max_size=4, unique=True))
    changes = {name: draw(strategies[name]) for name in names}
    if draw(st.booleans()):
        changes["date_of_birth"] = None
        changes["age_years"] = draw(st.none() | st.integers(10, 95))
    if draw(st.integers(0, 9)) == 0:
        changes["past_malignancy"] = True
        changes["malignancy_end_date"] = draw(st.none() | dates)
    return dataclasses.replace(facts, **changes)


@st.composite
def worsened(draw: st.DrawFn, facts: Facts) -> Facts:
    """Return `facts` with one adverse fact added (never filling in a missing one)."""
    options: list[str] = ["flag"]
    if facts.medications is not None:
        options.append("medication")
    if facts.target_injections is not None:
        options.append("injection")
    for name in ("platelets", "haemoglobin", "hba1c_percent", "conservative_care_months"):
        if getattr(facts, name) is not None:
            options.append(name)
    if facts.pain_onset is not None and facts.pain_onset < TODAY:
        options.append("pain_onset")
    if facts.modic_type is not None:
        options.append("modic")
    choice = draw(st.sampled_from(options))
    if choice == "flag":
        flags = list(ADVERSE_FLAGS)
        if condition_group(facts.condition_code or "knee-oa") is ConditionGroup.DISC:
            flags += ["disc_instability", "severe_stenosis", "radicular_leg_pain_dominant"]
        return _with(facts, **{draw(st.sampled_from(flags)): True})
    if choice == "medication":
        added = (*(facts.medications or ()), draw(medications))
        return dataclasses.replace(facts, medications=added)
    if choice == "injection":
        added_inj = (*(facts.target_injections or ()), draw(injections))
        return dataclasses.replace(facts, target_injections=added_inj)
    if choice == "platelets":
        assert facts.platelets is not None
        return dataclasses.replace(facts, platelets=facts.platelets * draw(st.floats(0, 1)))
    if choice == "haemoglobin":
        assert facts.haemoglobin is not None
        return dataclasses.replace(facts, haemoglobin=max(1.0, facts.haemoglobin - 3))
    if choice == "hba1c_percent":
        assert facts.hba1c_percent is not None
        return dataclasses.replace(facts, hba1c_percent=min(20.0, facts.hba1c_percent + 3))
    if choice == "conservative_care_months":
        return dataclasses.replace(facts, conservative_care_months=0)
    if choice == "pain_onset":
        assert facts.pain_onset is not None
        later = draw(st.dates(min_value=facts.pain_onset, max_value=TODAY))
        return dataclasses.replace(facts, pain_onset=later)
    return dataclasses.replace(facts, modic_type=3)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_assess_adverse_fact_never_improves_status(data: st.DataObject) -> None:
    before = data.draw(any_facts())
    after = data.draw(worsened(before))
    rank_before = STATUS_RANK[assess(before, today=TODAY).status]
    rank_after = STATUS_RANK[assess(after, today=TODAY).status]
    assert rank_after <= rank_before


@settings(max_examples=200, deadline=None)
@given(any_facts(), st.sampled_from(EXCLUSION_FLAGS))
def test_assess_added_exclusion_is_never_a_candidate(facts: Facts, flag: str) -> None:
    decision = assess(_with(facts, **{flag: True}), today=TODAY)
    assert decision.status is Status.NOT_CANDIDATE


@settings(max_examples=200, deadline=None)
@given(any_facts(), st.dates(min_value=TODAY, max_value=date(2030, 12, 31)))
def test_assess_is_a_pure_function_of_facts_rules_and_date(facts: Facts, today: date) -> None:
    copy = dataclasses.replace(facts)
    first = assess(facts, DEFAULT_RULES, today=today)
    assert assess(copy, RuleSet(), today=today) == first
    assert facts == copy  # the input is not modified


@settings(max_examples=200, deadline=None)
@given(any_facts())
def test_assess_never_candidate_with_missing_facts(facts: Facts) -> None:
    decision = assess(facts, today=TODAY)
    if decision.missing:
        assert decision.status in (Status.NEEDS_REVIEW, Status.NOT_CANDIDATE)
    if decision.status is Status.CANDIDATE:
        assert decision.reasons == ()


def test_candidacy_package_reads_no_clock() -> None:
    package = Path(__file__).resolve().parents[2] / "regenpath" / "domain" / "candidacy"
    calls = []
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"today", "now", "utcnow"}
                and isinstance(node.value, ast.Name)
                and node.value.id in {"date", "datetime"}
            ):
                calls.append(f"{path.name}:{node.lineno}")
    assert calls == []


def test_field_specs_cover_every_fact_in_order() -> None:
    assert [s.name for s in FIELD_SPECS] == [f.name for f in dataclasses.fields(Facts)]
