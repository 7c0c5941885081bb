"""Screening facts: what is known about a patient when candidacy is assessed.

Every field is optional: None means "not recorded", which is different from False or zero, and a
rule that needs an unrecorded fact makes the decision "needs clinician review" (issue 4, "Bad
input and safety"). fields.FIELD_SPECS is the one table of fields, units and limits; the JSON
form is in jsonform.py and the validation in validation.py.

Units: platelets ×10^9/L; haemoglobin g/dL; HbA1c in % (NGSP/DCCT units, project choice — a
value in mmol/mol (IFCC) converts as % = mmol/mol / 10.929 + 2.15, the NGSP/IFCC master equation);
height cm; weight kg; durations in whole months. Limits are plausibility bounds (project
policy): a value outside them is refused as impossible, not judged clinically.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from regenpath.domain.conditions import Side


class MedicationClass(StrEnum):
    ANTICOAGULANT = "anticoagulant"
    ANTIPLATELET = "antiplatelet"
    NSAID = "nsaid"
    SYSTEMIC_STEROID = "systemic_steroid"
    IMMUNOSUPPRESSANT = "immunosuppressant"
    OTHER = "other"


MEDICATION_CLASS_LABELS: dict[MedicationClass, str] = {
    MedicationClass.ANTICOAGULANT: "Anticoagulant (blood thinner)",
    MedicationClass.ANTIPLATELET: "Antiplatelet (e.g. aspirin, clopidogrel)",
    MedicationClass.NSAID: "Anti-inflammatory painkiller (NSAID)",
    MedicationClass.SYSTEMIC_STEROID: "Steroid tablets or injections (systemic)",
    MedicationClass.IMMUNOSUPPRESSANT: "Immunosuppressant",
    MedicationClass.OTHER: "Other",
}


class InjectionKind(StrEnum):
    CORTICOSTEROID = "corticosteroid"
    HYALURONIC_ACID = "hyaluronic_acid"
    PRP = "prp"
    OTHER = "other"


INJECTION_KIND_LABELS: dict[InjectionKind, str] = {
    InjectionKind.CORTICOSTEROID: "Corticosteroid (steroid) injection",
    InjectionKind.HYALURONIC_ACID: "Hyaluronic acid (gel) injection",
    InjectionKind.PRP: "Platelet-rich plasma (PRP) injection",
    InjectionKind.OTHER: "Other injection",
}


@dataclass(frozen=True)
class Medication:
    """One current or recent medication; `last_dose` None means the patient still takes it."""

    name: str
    med_class: MedicationClass
    last_dose: date | None = None

    @property
    def ongoing(self) -> bool:
        """Return True when the patient still takes it (no last dose recorded)."""
        return self.last_dose is None


@dataclass(frozen=True)
class Injection:
    """One injection into the target structure of this episode, on a date."""

    kind: InjectionKind
    on: date


@dataclass(frozen=True)
class Facts:
    """The facts one candidacy assessment sees; None in any field means "not recorded"."""

    # Medical history.
    infection_systemic: bool | None = None
    infection_harvest_site: bool | None = None
    infection_injection_site: bool | None = None
    chronic_infectious_disease: bool | None = None
    active_malignancy: bool | None = None
    past_malignancy: bool | None = None
    malignancy_end_date: date | None = None
    pregnant_breastfeeding_or_planning: bool | None = None
    bleeding_disorder: bool | None = None
    severe_systemic_illness: bool | None = None
    systemic_illness_note: str | None = None
    diabetes: bool | None = None
    inflammatory_arthritis_target: bool | None = None
    immunosuppressive_condition: bool | None = None
    allergy_to_procedure_agents: bool | None = None
    current_smoker: bool | None = None
    substance_use_disorder: bool | None = None
    # Medications and injections into the target (an empty tuple means "none").
    medications: tuple[Medication, ...] | None = None
    target_injections: tuple[Injection, ...] | None = None
    # Labs and vitals.
    platelets: float | None = None
    haemoglobin: float | None = None
    hba1c_percent: float | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    # Age: a date of birth, or an age in whole years when the date is not known.
    date_of_birth: date | None = None
    age_years: int | None = None
    # The episode.
    condition_code: str | None = None
    target_side: Side | None = None
    pain_onset: date | None = None
    kl_grade: int | None = None
    conservative_care_months: int | None = None
    conservative_care_modalities: int | None = None
    # Disc conditions only (cell-therapy.md §5 "Disc-specific imaging").
    pfirrmann_grade: int | None = None
    modic_type: int | None = None
    disc_instability: bool | None = None
    severe_stenosis: bool | None = None
    radicular_leg_pain_dominant: bool | None = None


def bmi(facts: Facts) -> float | None:
    """Return the body-mass index in kg/m² from height and weight, or None if either is missing."""
    if facts.height_cm is None or facts.weight_kg is None:
        return None
    metres = facts.height_cm / 100
    return facts.weight_kg / (metres * metres)


def whole_years(born: date, on: date) -> int:
    """Return the completed years from `born` to `on` (a 29 February birthday counts on 1 March)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def age_on(facts: Facts, today: date) -> int | None:
    """Return the age in completed years on `today`, from the date of birth or the recorded age."""
    if facts.date_of_birth is not None:
        return whole_years(facts.date_of_birth, today)
    return facts.age_years
