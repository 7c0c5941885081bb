"""The table of screening-fact fields: JSON kind, plain label, unit, limits and allowed values.

One table (FIELD_SPECS) read by the validator, the JSON parser, the generated documentation
(docs/candidacy-facts.md) and the forms. Limits are plausibility bounds (project policy): a value
outside them is impossible, not a clinical judgement. The order is the order of Facts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from regenpath.domain.candidacy.facts import Facts, InjectionKind, MedicationClass
from regenpath.domain.conditions import CONDITIONS, Side

EARLIEST_DATE = date(1900, 1, 1)  # plausibility bound for every date (project policy)
MAX_TEXT = 500  # characters in a free-text note
MAX_NAME = 200  # characters in a medication name


class FieldKind(StrEnum):
    BOOL = "boolean"
    DATE = "date"
    INT = "integer"
    FLOAT = "number"
    TEXT = "text"
    CHOICE = "choice"
    MEDICATIONS = "medications"
    INJECTIONS = "injections"


@dataclass(frozen=True)
class FieldSpec:
    """One field of Facts: its JSON kind, a plain label, unit, limits and allowed values."""

    name: str
    kind: FieldKind
    label: str
    section: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    note: str = ""


_HISTORY = "Medical history"
_MEDS = "Medications and injections"
_LABS = "Labs and vitals"
_EPISODE = "Condition"
_DISC = "Disc imaging (disc conditions only)"
_B = FieldKind.BOOL

FIELD_SPECS: tuple[FieldSpec, ...] = (
    FieldSpec("infection_systemic", _B, "active infection anywhere in the body", _HISTORY),
    FieldSpec("infection_harvest_site", _B, "active infection at the harvest site", _HISTORY),
    FieldSpec("infection_injection_site", _B, "active infection at the injection site", _HISTORY),
    FieldSpec(
        "chronic_infectious_disease", _B, "ongoing infectious disease (HIV, hepatitis)", _HISTORY
    ),
    FieldSpec("active_malignancy", _B, "active cancer (or undergoing treatment)", _HISTORY),
    FieldSpec("past_malignancy", _B, "cancer in the past, now treated", _HISTORY),
    FieldSpec(
        "malignancy_end_date",
        FieldKind.DATE,
        "date cancer treatment ended",
        _HISTORY,
        note="only when past_malignancy is true",
    ),
    FieldSpec(
        "pregnant_breastfeeding_or_planning",
        _B,
        "pregnant, breast-feeding or planning a pregnancy",
        _HISTORY,
    ),
    FieldSpec("bleeding_disorder", _B, "bleeding disorder or history of anaemia", _HISTORY),
    FieldSpec(
        "severe_systemic_illness",
        _B,
        "severe or uncontrolled illness (heart, liver, kidney, diabetes, blood, autoimmune)",
        _HISTORY,
    ),
    FieldSpec(
        "systemic_illness_note",
        FieldKind.TEXT,
        "note on the systemic illness",
        _HISTORY,
        maximum=MAX_TEXT,
        note=f"free text, at most {MAX_TEXT} characters",
    ),
    FieldSpec("diabetes", _B, "diabetes", _HISTORY),
    FieldSpec(
        "inflammatory_arthritis_target",
        _B,
        "inflammatory or septic arthritis in the target joint",
        _HISTORY,
        note="joint conditions only",
    ),
    FieldSpec(
        "immunosuppressive_condition", _B, "condition that weakens the immune system", _HISTORY
    ),
    FieldSpec(
        "allergy_to_procedure_agents",
        _B,
        "allergy to an agent the procedure needs (local anaesthetic, antiseptic, contrast)",
        _HISTORY,
    ),
    FieldSpec("current_smoker", _B, "current smoker", _HISTORY),
    FieldSpec("substance_use_disorder", _B, "alcohol or drug use disorder", _HISTORY),
    FieldSpec(
        "medications",
        FieldKind.MEDICATIONS,
        "current and recent medications",
        _MEDS,
        choices=tuple(MedicationClass),
        note='list of {"name", "class", "last_dose"}; last_dose null = still taking it',
    ),
    FieldSpec(
        "target_injections",
        FieldKind.INJECTIONS,
        "injections into the target",
        _MEDS,
        choices=tuple(InjectionKind),
        note='list of {"kind", "date"}',
    ),
    FieldSpec(
        "platelets", FieldKind.FLOAT, "platelet count", _LABS, "×10^9/L", minimum=0, maximum=2000
    ),
    FieldSpec("haemoglobin", FieldKind.FLOAT, "haemoglobin", _LABS, "g/dL", minimum=1, maximum=25),
    FieldSpec(
        "hba1c_percent",
        FieldKind.FLOAT,
        "HbA1c",
        _LABS,
        "% (NGSP)",
        minimum=3,
        maximum=20,
        note="from mmol/mol: % = mmol/mol ÷ 10.929 + 2.15",
    ),
    FieldSpec("height_cm", FieldKind.FLOAT, "height", _LABS, "cm", minimum=50, maximum=250),
    FieldSpec("weight_kg", FieldKind.FLOAT, "weight", _LABS, "kg", minimum=2, maximum=500),
    FieldSpec("date_of_birth", FieldKind.DATE, "date of birth", _EPISODE),
    FieldSpec(
        "age_years",
        FieldKind.INT,
        "age",
        _EPISODE,
        "years",
        minimum=0,
        maximum=130,
        note="when the date of birth is not known; must agree with it when both are given",
    ),
    FieldSpec(
        "condition_code",
        FieldKind.CHOICE,
        "condition",
        _EPISODE,
        choices=tuple(c.code for c in CONDITIONS),
    ),
    FieldSpec(
        "target_side",
        FieldKind.CHOICE,
        "side",
        _EPISODE,
        choices=tuple(Side),
        note="one of the condition's sides",
    ),
    FieldSpec("pain_onset", FieldKind.DATE, "date the pain began", _EPISODE),
    FieldSpec(
        "kl_grade",
        FieldKind.INT,
        "Kellgren–Lawrence grade",
        _EPISODE,
        minimum=0,
        maximum=4,
        note="osteoarthritis conditions only",
    ),
    FieldSpec(
        "conservative_care_months",
        FieldKind.INT,
        "months of conservative care tried",
        _EPISODE,
        "months",
        minimum=0,
        maximum=600,
    ),
    FieldSpec(
        "conservative_care_modalities",
        FieldKind.INT,
        "number of conservative treatments tried",
        _EPISODE,
        minimum=0,
        maximum=20,
        note="e.g. physiotherapy, medication, bracing, weight loss",
    ),
    FieldSpec(
        "pfirrmann_grade",
        FieldKind.INT,
        "modified Pfirrmann grade",
        _DISC,
        minimum=1,
        maximum=8,
        note="modified 8-grade scale (Griffith 2007), as in D1, D2, D3, D5",
    ),
    FieldSpec(
        "modic_type",
        FieldKind.INT,
        "Modic change type",
        _DISC,
        minimum=0,
        maximum=3,
        note="0 = none; the highest type present",
    ),
    FieldSpec("disc_instability", _B, "segmental instability or spondylolisthesis", _DISC),
    FieldSpec("severe_stenosis", _B, "severe spinal stenosis", _DISC),
    FieldSpec(
        "radicular_leg_pain_dominant",
        _B,
        "radiating arm or leg pain worse than the spinal pain",
        _DISC,
    ),
)

SPECS: dict[str, FieldSpec] = {spec.name: spec for spec in FIELD_SPECS}
FIELD_LABELS: dict[str, str] = {spec.name: spec.label for spec in FIELD_SPECS}
DISC_FIELDS: tuple[str, ...] = tuple(s.name for s in FIELD_SPECS if s.section == _DISC)


# Fields of Facts and of FIELD_SPECS must be the same, in the same order.
assert [f.name for f in dataclasses.fields(Facts)] == [s.name for s in FIELD_SPECS]
