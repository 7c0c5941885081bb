"""The candidacy criteria as a table: one row per rule, each with a small check over the facts.

Rows come from cell-therapy.md §5 (the consolidated inclusion/exclusion table and its
"Encoding requirement for the screening engine"), cited by the §5 source ids in SOURCES.
A check returns the findings that make the rule fire (empty when it does not), or Missing when
a fact it needs only in some cases was not recorded. Findings are always adverse: for an
inclusion criterion a finding means the criterion is NOT met.

Kinds (issue 4): an exclusion makes the patient "not a candidate"; a failed inclusion does too
(project policy: trials treat it as ineligible — the message says what would change it); a
review trigger needs a clinician's review; a deferral gives a date from which it clears.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from regenpath.domain.candidacy import checks
from regenpath.domain.candidacy.checks import Check, Finding, Missing, Result
from regenpath.domain.candidacy.facts import Facts, InjectionKind, MedicationClass
from regenpath.domain.candidacy.groups import ConditionGroup, condition_group
from regenpath.domain.candidacy.ruleset import RuleSet


class Kind(StrEnum):
    EXCLUSION = "exclusion"
    DEFERRAL = "deferral"
    REVIEW = "review"
    INCLUSION = "inclusion"
    # Only on a Reason: a criterion that could not be checked because facts were not recorded.
    MISSING = "missing"


class Verification(StrEnum):
    # The status tags of cell-therapy.md (front matter) and the preamble.
    VERIFIED = "VERIFIED"
    UNVERIFIED = "UNVERIFIED"
    PROJECT_POLICY = "project policy"


# The source ids of cell-therapy.md §5 ("Source key"), plus the two other origins a rule can have.
SOURCES: dict[str, str] = {
    "K1": "NCT03130335 (HSS, intra-articular bone-marrow aspirate, knee)",
    "K2": "NCT03579407 (trocar comparison for bone-marrow aspiration, knee)",
    "K3": "NCT05985785 (Rush, BMAC vs corticosteroid, knee)",
    "K4": "NCT02034032 (Centeno RCT, BMC + platelets vs exercise; J Transl Med 2018 Table 1)",
    "K5": "NCT03990805 / JointStem phase 2b/3a (autologous AD-MSC, knee)",
    "K6": "Retrospective BMAC series, PMC6197942",
    "D1": "NCT01290367 (Mesoblast MPC, degenerative disc disease)",
    "D2": "NCT04042844 (disc)",
    "D3": "NCT03737461 (RESPINE, disc)",
    "D4": "NCT03692221 (Mayo MSC for degenerative disc disease)",
    "D5": "IJMS 2023 review table, PMC10706656 (disc)",
    "T1": "NCT03279796 (autologous AD-MSC, rotator cuff / lateral epicondylitis)",
    "T2": "NCT03449082 (allogeneic ASC, lateral epicondylosis)",
    "MILES": "NCT03818737 (MILES, Mautner et al., Nat Med 2023)",
    "LAMO": "Lamo-Espinosa et al., J Transl Med 2016 and 2020",
    "REF5": "cell-therapy.md §5, encoding requirement for the screening engine",
    "DESIGN": "DESIGN.md, Episode: chronic = 3 months or more",
}

# How a reason cites a source in one line: the §5 id and its registry number or short name.
SOURCE_SHORT: dict[str, str] = {
    "K1": "NCT03130335",
    "K2": "NCT03579407",
    "K3": "NCT05985785",
    "K4": "NCT02034032",
    "K5": "NCT03990805",
    "K6": "PMC6197942",
    "D1": "NCT01290367",
    "D2": "NCT04042844",
    "D3": "NCT03737461",
    "D4": "NCT03692221",
    "D5": "PMC10706656",
    "T1": "NCT03279796",
    "T2": "NCT03449082",
    "MILES": "NCT03818737",
    "LAMO": "Lamo-Espinosa 2016/2020",
    "REF5": "cell-therapy.md §5 encoding requirement",
    "DESIGN": "DESIGN.md",
}


@dataclass(frozen=True)
class Criterion:
    """One candidacy rule: what it needs, how it decides, what it says and where it comes from.

    `needs` are the facts it always reads; `may_need` the ones it reads only in some cases
    (reported through Missing). `groups` limits it to conditions of those evidence groups.
    `message` and `what_would_change` are templates over the finding's values.
    """

    id: str
    kind: Kind
    title: str
    needs: tuple[str, ...]
    check: Check
    message: str
    what_would_change: str
    sources: tuple[str, ...]
    verification: Verification
    groups: frozenset[ConditionGroup] | None = None
    may_need: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    note: str = ""

    def evaluate(self, facts: Facts, rules: RuleSet, today: date) -> Result | None:
        """Return the findings, Missing, or None when the rule does not apply to this condition."""
        if self.groups is not None:
            if facts.condition_code is None:
                return Missing(("condition_code",))
            if condition_group(facts.condition_code) not in self.groups:
                return None
        missing = tuple(name for name in self.needs if getattr(facts, name) is None)
        if missing:
            return Missing(missing)
        return self.check(facts, rules, today)

    def render(self, found: Finding) -> tuple[str, str]:
        """Return (message, what would change it) for one finding."""
        values: Mapping[str, str] = found.values
        return self.message.format_map(values), self.what_would_change.format_map(values)


# --- the table --------------------------------------------------------------------------------

_E, _D, _R, _I = Kind.EXCLUSION, Kind.DEFERRAL, Kind.REVIEW, Kind.INCLUSION
_V, _U, _P = Verification.VERIFIED, Verification.UNVERIFIED, Verification.PROJECT_POLICY
_JOINT = frozenset({ConditionGroup.JOINT})
_DISC = frozenset({ConditionGroup.DISC})
_NERVE = frozenset({ConditionGroup.NERVE})
_IMMUNO = (MedicationClass.SYSTEMIC_STEROID, MedicationClass.IMMUNOSUPPRESSANT)
_ANTITHROMBOTIC = (MedicationClass.ANTICOAGULANT, MedicationClass.ANTIPLATELET)
_CLEARED = "The infection has been treated and has cleared; then re-screen."

CRITERIA: tuple[Criterion, ...] = (
    # ---- exclusions (§5 "Hard stops" and the exclusion rows) ----
    Criterion(
        id="EX-INFECTION-SYSTEMIC",
        kind=_E,
        title="Active systemic infection",
        needs=("infection_systemic",),
        check=checks.flag("infection_systemic"),
        message="Active infection in the body is recorded.",
        what_would_change=_CLEARED,
        sources=("K1", "K2", "K6", "D4"),
        verification=_V,
    ),
    Criterion(
        id="EX-INFECTION-HARVEST",
        kind=_E,
        title="Active infection at the harvest site",
        needs=("infection_harvest_site",),
        check=checks.flag("infection_harvest_site"),
        message="Active infection at the harvest site is recorded.",
        what_would_change=_CLEARED,
        sources=("K1", "K2", "K6"),
        verification=_V,
    ),
    Criterion(
        id="EX-INFECTION-INJECTION",
        kind=_E,
        title="Active infection at the injection site",
        needs=("infection_injection_site",),
        check=checks.flag("infection_injection_site"),
        message="Active infection at the injection site is recorded.",
        what_would_change=_CLEARED,
        sources=("K1", "K2", "K6", "D4", "D5"),
        verification=_V,
    ),
    Criterion(
        id="EX-CHRONIC-INFECTIOUS-DISEASE",
        kind=_E,
        title="Ongoing infectious disease (HIV, hepatitis)",
        needs=("chronic_infectious_disease",),
        check=checks.flag("chronic_infectious_disease"),
        message="An ongoing infectious disease (such as HIV or hepatitis) is recorded.",
        what_would_change="Only a clinician's override, with a written justification.",
        sources=("K2", "K4"),
        verification=_V,
    ),
    Criterion(
        id="EX-MALIGNANCY-ACTIVE",
        kind=_E,
        title="Active malignancy",
        needs=("active_malignancy",),
        check=checks.flag("active_malignancy"),
        message="Active cancer, or cancer under treatment, is recorded.",
        what_would_change="Completed cancer treatment and the malignancy window passed (EX-MALIGNANCY-RECENT).",
        sources=("K2", "K3", "K6", "D1", "D4"),
        verification=_V,
    ),
    Criterion(
        id="EX-MALIGNANCY-RECENT",
        kind=_E,
        title="Malignancy within the configured window",
        needs=("past_malignancy",),
        check=checks.recent_malignancy,
        message="Cancer treatment ended on {ended}, within the last {window}; excluded until {until}.",
        what_would_change="The window passes on {until}; re-screen then.",
        sources=("D1",),
        verification=_V,
        may_need=("malignancy_end_date",),
        settings=("malignancy_window_months",),
        note="Default 36 months (D1: neoplasm within 3 years); a 5-year rule is UNVERIFIED (§5).",
    ),
    Criterion(
        id="EX-PREGNANCY",
        kind=_E,
        title="Pregnancy, breast-feeding or planning pregnancy",
        needs=("pregnant_breastfeeding_or_planning",),
        check=checks.flag("pregnant_breastfeeding_or_planning"),
        message="Pregnancy, breast-feeding or a planned pregnancy is recorded.",
        what_would_change="No longer pregnant, breast-feeding or planning a pregnancy; then re-screen.",
        sources=("T1", "D1", "D4", "D5"),
        verification=_V,
    ),
    Criterion(
        id="EX-BLEEDING-DISORDER",
        kind=_E,
        title="Bleeding disorder",
        needs=("bleeding_disorder",),
        check=checks.flag("bleeding_disorder"),
        message="A bleeding disorder or a history of anaemia is recorded.",
        what_would_change="Only a clinician's override, with a written justification.",
        sources=("K1", "K2", "D4"),
        verification=_V,
    ),
    Criterion(
        id="EX-LOW-PLATELETS",
        kind=_E,
        title="Platelet count below the minimum",
        needs=("platelets",),
        check=checks.low_platelets,
        message="Platelet count {value} ×10^9/L is below the minimum of {minimum} ×10^9/L.",
        what_would_change="A repeat platelet count at or above {minimum} ×10^9/L.",
        sources=("K1", "K2", "D4"),
        verification=_U,
        settings=("platelet_min",),
        note="§5 gives no platelet number; the default 150 ×10^9/L is UNVERIFIED.",
    ),
    Criterion(
        id="EX-SYSTEMIC-ILLNESS",
        kind=_E,
        title="Severe or uncontrolled systemic illness",
        needs=("severe_systemic_illness",),
        check=checks.systemic_illness,
        message="Severe or uncontrolled systemic illness is recorded{note}.",
        what_would_change="The illness is controlled (recorded by a clinician); then re-screen.",
        sources=("K2", "K6", "D5"),
        verification=_V,
        note="§5's encoding requirement flags systemic disease for review; the issue makes "
        "severe or uncontrolled illness an exclusion, so controlled disease is not asked here.",
    ),
    Criterion(
        id="EX-INFLAMMATORY-ARTHRITIS",
        kind=_E,
        title="Inflammatory or septic arthritis in the target joint",
        needs=(),
        check=checks.inflammatory_arthritis,
        message="Inflammatory or septic arthritis in the target joint ({basis}).",
        what_would_change="Only a clinician's override, with a written justification.",
        sources=("K1", "K2", "K6"),
        verification=_V,
        groups=_JOINT,
        may_need=("inflammatory_arthritis_target",),
    ),
    Criterion(
        id="EX-IMMUNOSUPPRESSIVE-CONDITION",
        kind=_E,
        title="Immunosuppressive condition",
        needs=("immunosuppressive_condition",),
        check=checks.flag("immunosuppressive_condition"),
        message="A condition that weakens the immune system is recorded.",
        what_would_change="Only a clinician's override, with a written justification.",
        sources=("K4", "D4"),
        verification=_V,
    ),
    Criterion(
        id="EX-IMMUNOSUPPRESSANT-ONGOING",
        kind=_E,
        title="Current systemic steroid or immunosuppressant",
        needs=("medications",),
        check=checks.ongoing(*_IMMUNO),
        message="{name} ({klass}) is still being taken.",
        what_would_change="Only the prescribing doctor can decide whether it may be stopped; if it is, the "
        "patient is deferred until the washout has passed (DF-IMMUNOSUPPRESSANT-RECENT).",
        sources=("K1", "K6", "D4"),
        verification=_V,
    ),
    Criterion(
        id="EX-ALLERGY",
        kind=_E,
        title="Allergy to an agent the procedure needs",
        needs=("allergy_to_procedure_agents",),
        check=checks.flag("allergy_to_procedure_agents"),
        message="An allergy to an agent the procedure needs is recorded.",
        what_would_change="A clinician confirms a safe alternative agent, by override with a justification.",
        sources=("REF5",),
        verification=_P,
        note="A hard stop in §5's encoding requirement; not in the trial excerpts.",
    ),
    # ---- deferrals (§5 "Configurable washouts") ----
    Criterion(
        id="DF-CORTICOSTEROID-INJECTION",
        kind=_D,
        title="Corticosteroid injection into the target",
        needs=("target_injections",),
        check=checks.injection((InjectionKind.CORTICOSTEROID,), "corticosteroid_deferral_months"),
        message="{what} into the target on {on}; deferred until {until} ({months}).",
        what_would_change="The date {until} passes; no further injection into the target before then.",
        sources=("K1", "K2", "K3", "D3"),
        verification=_V,
        settings=("corticosteroid_deferral_months",),
    ),
    Criterion(
        id="DF-HA-INJECTION",
        kind=_D,
        title="Hyaluronic acid injection into the target",
        needs=("target_injections",),
        check=checks.injection((InjectionKind.HYALURONIC_ACID,), "hyaluronic_acid_deferral_months"),
        message="{what} into the target on {on}; deferred until {until} ({months}).",
        what_would_change="The date {until} passes; no further injection into the target before then.",
        sources=("K2",),
        verification=_V,
        settings=("hyaluronic_acid_deferral_months",),
    ),
    Criterion(
        id="DF-OTHER-INJECTION",
        kind=_D,
        title="PRP or other injection into the target",
        needs=("target_injections",),
        check=checks.injection(
            (InjectionKind.PRP, InjectionKind.OTHER), "other_injection_deferral_months"
        ),
        message="{what} into the target on {on}; deferred until {until} ({months}).",
        what_would_change="The date {until} passes; no further injection into the target before then.",
        sources=("K2", "K3"),
        verification=_V,
        settings=("other_injection_deferral_months",),
        note="K2 and K3 exclude any intra-articular injection within 3 months; K1 and T1 use "
        "6 weeks for other injections.",
    ),
    Criterion(
        id="DF-NSAID",
        kind=_D,
        title="NSAID washout",
        needs=("medications",),
        check=checks.washout(MedicationClass.NSAID, ongoing_defers=True),
        message="{name} (NSAID): {dose}; deferred until {until} ({days}-day washout).",
        what_would_change="No NSAID from now until {until}.",
        sources=("K1", "K2", "D3", "K5"),
        verification=_V,
        settings=("nsaid_washout_days",),
    ),
    Criterion(
        id="DF-ANTIPLATELET",
        kind=_D,
        title="Antiplatelet washout",
        needs=("medications",),
        check=checks.washout(MedicationClass.ANTIPLATELET, ongoing_defers=False),
        message="{name} (antiplatelet): {dose}; deferred until {until} ({days}-day washout).",
        what_would_change="The date {until} passes, with the pause agreed with the prescribing doctor.",
        sources=("REF5",),
        verification=_U,
        settings=("antiplatelet_washout_days",),
        note="§5: not an explicit trial criterion (UNVERIFIED); the washout days are a "
        "configurable default.",
    ),
    Criterion(
        id="DF-ANTICOAGULANT",
        kind=_D,
        title="Anticoagulant washout",
        needs=("medications",),
        check=checks.washout(MedicationClass.ANTICOAGULANT, ongoing_defers=False),
        message="{name} (anticoagulant): {dose}; deferred until {until} ({days}-day washout).",
        what_would_change="The date {until} passes, with the pause agreed with the prescribing doctor.",
        sources=("REF5",),
        verification=_U,
        settings=("anticoagulant_washout_days",),
        note="§5: not an explicit trial criterion (UNVERIFIED); the washout days are a "
        "configurable default.",
    ),
    Criterion(
        id="DF-IMMUNOSUPPRESSANT-RECENT",
        kind=_D,
        title="Recent systemic steroid or immunosuppressant",
        needs=("medications",),
        check=checks.recent_immunosuppressant,
        message="{name} ({klass}) last taken on {last}; deferred until {until} ({months}).",
        what_would_change="The date {until} passes without a further dose.",
        sources=("K2", "D3"),
        verification=_V,
        settings=("immunosuppressant_washout_months",),
    ),
    # ---- review triggers (§5 "Eligibility flags for clinician review") ----
    Criterion(
        id="RV-ANTITHROMBOTIC-ONGOING",
        kind=_R,
        title="Current anticoagulant or antiplatelet",
        needs=("medications",),
        check=checks.ongoing(*_ANTITHROMBOTIC),
        message="{name} ({klass}) is still being taken; bleeding risk at the harvest must be managed "
        "with the prescribing doctor.",
        what_would_change="A clinician's plan, agreed with the prescriber, for whether and when to pause it.",
        sources=("REF5",),
        verification=_U,
        note="§5: anticoagulants/antiplatelets are not a trial criterion (UNVERIFIED); "
        "'manage clinically per marrow/liposuction harvest bleeding risk'.",
    ),
    Criterion(
        id="RV-BMI",
        kind=_R,
        title="BMI outside the review limits",
        needs=("height_cm", "weight_kg"),
        check=checks.bmi_limits,
        message="BMI {bmi} kg/m² ({weight} kg, {height} cm) is {relation} the review limit of {limit}.",
        what_would_change="A clinician's review; or a BMI inside the limits at re-screening.",
        sources=("K1", "K2", "K4"),
        verification=_V,
        settings=("bmi_review_at_or_above", "bmi_review_at_or_below"),
    ),
    Criterion(
        id="RV-AGE",
        kind=_R,
        title="Age outside the trial range",
        needs=(),
        check=checks.age_range,
        message="Age {age} is outside the range {low}–{high} used in the trials.",
        what_would_change="A clinician's review.",
        sources=("K1", "K2", "K3", "K4", "D4"),
        verification=_V,
        may_need=("date_of_birth",),
        settings=("age_review_min", "age_review_max"),
    ),
    Criterion(
        id="RV-KL-GRADE",
        kind=_R,
        title="Kellgren–Lawrence grade outside the condition's range",
        needs=(),
        check=checks.kl_grade,
        message="Kellgren–Lawrence grade {grade} is outside the range {low}–{high} for {condition}.",
        what_would_change="A clinician's review.",
        sources=("K1", "K2", "K3", "K4", "K5", "MILES", "LAMO"),
        verification=_V,
        groups=_JOINT,
        may_need=("kl_grade",),
        settings=("kl_ranges",),
        note="Default 2–3, the grades most sources accept; hip, shoulder and ankle by analogy "
        "with the knee (UNVERIFIED for those joints).",
    ),
    Criterion(
        id="RV-SMOKING",
        kind=_R,
        title="Current smoker",
        needs=("current_smoker",),
        check=checks.flag("current_smoker"),
        message="Current smoker.",
        what_would_change="A clinician's review; or stopping smoking.",
        sources=("K1", "K2", "T1"),
        verification=_V,
    ),
    Criterion(
        id="RV-SUBSTANCE-USE",
        kind=_R,
        title="Alcohol or drug use disorder",
        needs=("substance_use_disorder",),
        check=checks.flag("substance_use_disorder"),
        message="An alcohol or drug use disorder is recorded.",
        what_would_change="A clinician's review.",
        sources=("K1", "K2", "T1"),
        verification=_V,
        note="The trials exclude it; regenpath asks for review (project policy).",
    ),
    Criterion(
        id="RV-DIABETES-CONTROL",
        kind=_R,
        title="Diabetes with HbA1c at or above the limit",
        needs=("diabetes",),
        check=checks.diabetes_control,
        message="Diabetes with HbA1c {value}% (review limit {limit}%).",
        what_would_change="A clinician's review; or a lower HbA1c at re-screening.",
        sources=("K6", "D5"),
        verification=_U,
        may_need=("hba1c_percent",),
        settings=("hba1c_review_at_or_above",),
        note="§5 'uncontrolled diabetes' has no number; the 8.0% default is UNVERIFIED.",
    ),
    Criterion(
        id="RV-HAEMOGLOBIN",
        kind=_R,
        title="Haemoglobin below the review limit",
        needs=("haemoglobin",),
        check=checks.haemoglobin,
        message="Haemoglobin {value} g/dL is below {limit} g/dL.",
        what_would_change="A clinician's review; or a repeat haemoglobin at or above {limit} g/dL.",
        sources=("K1", "K2"),
        verification=_U,
        settings=("haemoglobin_review_below",),
        note="K1 and K2 exclude a history of anaemia; the 12.0 g/dL default is UNVERIFIED.",
    ),
    Criterion(
        id="RV-DISC-PFIRRMANN",
        kind=_R,
        title="Pfirrmann grade outside the range",
        needs=("pfirrmann_grade",),
        check=checks.pfirrmann,
        message="Modified Pfirrmann grade {grade} is outside the range {low}–{high}.",
        what_would_change="A clinician's review.",
        sources=("D1", "D2", "D3", "D5"),
        verification=_V,
        groups=_DISC,
        settings=("pfirrmann_min", "pfirrmann_max"),
    ),
    Criterion(
        id="RV-DISC-MODIC",
        kind=_R,
        title="Modic type 3 change",
        needs=("modic_type",),
        check=checks.modic,
        message="Modic type 3 change on imaging.",
        what_would_change="A clinician's review.",
        sources=("D2", "D5"),
        verification=_V,
        groups=_DISC,
    ),
    Criterion(
        id="RV-DISC-INSTABILITY",
        kind=_R,
        title="Segmental instability or spondylolisthesis",
        needs=("disc_instability",),
        check=checks.flag("disc_instability"),
        message="Segmental instability or spondylolisthesis on imaging.",
        what_would_change="A clinician's review.",
        sources=("D3", "D5"),
        verification=_V,
        groups=_DISC,
    ),
    Criterion(
        id="RV-DISC-STENOSIS",
        kind=_R,
        title="Severe spinal stenosis",
        needs=("severe_stenosis",),
        check=checks.flag("severe_stenosis"),
        message="Severe spinal stenosis on imaging.",
        what_would_change="A clinician's review.",
        sources=("D3", "D4", "D5"),
        verification=_V,
        groups=_DISC,
    ),
    Criterion(
        id="RV-DISC-RADICULAR",
        kind=_R,
        title="Radiating limb pain dominant",
        needs=("radicular_leg_pain_dominant",),
        check=checks.flag("radicular_leg_pain_dominant"),
        message="Radiating arm or leg pain is worse than the spinal pain.",
        what_would_change="A clinician's review.",
        sources=("D1", "D4", "D5"),
        verification=_V,
        groups=_DISC,
    ),
    Criterion(
        id="RV-NO-TRIAL-EVIDENCE",
        kind=_R,
        title="No trial criteria for this condition",
        needs=(),
        check=checks.no_trial_evidence,
        message="{condition}: the reference has no trial eligibility criteria for cell therapy in this "
        "condition; a clinician must decide.",
        what_would_change="A clinician's review.",
        sources=("REF5",),
        verification=_P,
        groups=_NERVE,
        note="§5 covers knee, disc and tendon trials only.",
    ),
    # ---- inclusion (§5 "Failed conservative care"; DESIGN.md chronic pain) ----
    Criterion(
        id="IN-CHRONIC-PAIN",
        kind=_I,
        title="Pain for at least the minimum months",
        needs=("pain_onset",),
        check=checks.chronic_pain,
        message="Pain began on {onset} and has lasted {lasted}, less than {minimum}.",
        what_would_change="Pain that persists until {until}; re-screen then.",
        sources=("DESIGN", "T1"),
        verification=_P,
        settings=("min_pain_months",),
    ),
    Criterion(
        id="IN-CONSERVATIVE-CARE",
        kind=_I,
        title="Conservative care tried",
        needs=("conservative_care_months", "conservative_care_modalities"),
        check=checks.conservative_care,
        message="Conservative care tried for {months} with {tried} treatment(s); at least {need_months} "
        "with {need_tried} treatments are expected.",
        what_would_change="More conservative care (e.g. supervised physiotherapy); then re-screen.",
        sources=("K1", "D1", "D2"),
        verification=_V,
        settings=("min_conservative_care_months", "min_conservative_care_modalities"),
    ),
)

CRITERIA_BY_ID: dict[str, Criterion] = {c.id: c for c in CRITERIA}
