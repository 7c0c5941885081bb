"""The small check functions behind the candidacy criteria (criteria.py), and their results.

A check takes (facts, rules, today) and returns the findings that make its rule fire — empty
when it does not — or Missing when a fact it needs only in this case was not recorded. The
`needs` of its criterion are checked before it runs, so it may assume those are recorded.
Thresholds and their sources are in ruleset.py; each check only compares.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from regenpath.domain.candidacy.facts import (
    INJECTION_KIND_LABELS,
    Facts,
    InjectionKind,
    Medication,
    MedicationClass,
    age_on,
    bmi,
)
from regenpath.domain.candidacy.ruleset import RuleSet
from regenpath.domain.conditions import add_months, get_condition, pain_duration_months


@dataclass(frozen=True)
class Finding:
    """Why one rule fired: values for its message template, and the date it clears, if any."""

    params: tuple[tuple[str, str], ...]
    until: date | None = None

    @property
    def values(self) -> dict[str, str]:
        """Return the template values as a dict."""
        return dict(self.params)


@dataclass(frozen=True)
class Missing:
    """The facts a rule needed in this case that were not recorded (Facts field names)."""

    fields: tuple[str, ...]


Result = tuple[Finding, ...] | Missing
Check = Callable[[Facts, RuleSet, date], Result]


def finding(until: date | None = None, /, **values: object) -> Finding:
    """Return a Finding with `values` as text for the message template."""
    return Finding(tuple((k, _text(v)) for k, v in values.items()), until)


def _text(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


NONE: tuple[Finding, ...] = ()


def flag(name: str) -> Check:
    """Return a check that fires when the boolean fact `name` is True."""

    def check(facts: Facts, rules: RuleSet, today: date) -> Result:
        return (finding(),) if getattr(facts, name) is True else NONE

    return check


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"


def _meds(facts: Facts, *classes: MedicationClass) -> tuple[Medication, ...]:
    return tuple(m for m in facts.medications or () if m.med_class in classes)


def recent_malignancy(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire while a past malignancy's treatment ended within the configured window."""
    if facts.past_malignancy is not True:
        return NONE
    if facts.malignancy_end_date is None:
        return Missing(("malignancy_end_date",))
    until = add_months(facts.malignancy_end_date, rules.malignancy_window_months)
    if today >= until:
        return NONE
    window = _months(rules.malignancy_window_months)
    return (finding(until, ended=facts.malignancy_end_date, window=window, until=until),)


def low_platelets(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire when the platelet count is below the minimum (equal is accepted)."""
    assert facts.platelets is not None
    if facts.platelets >= rules.platelet_min:
        return NONE
    return (finding(value=facts.platelets, minimum=rules.platelet_min),)


def systemic_illness(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire on severe or uncontrolled systemic illness, quoting the note if any."""
    if facts.severe_systemic_illness is not True:
        return NONE
    note = f" ({facts.systemic_illness_note})" if facts.systemic_illness_note else ""
    return (finding(note=note),)


def inflammatory_arthritis(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire on inflammatory or septic arthritis in the target joint (or as the condition)."""
    # The catalogue has "inflammatory-arthritis" as a condition; §5 (K1, K2, K6) excludes it.
    if facts.condition_code == "inflammatory-arthritis":
        return (finding(basis="the episode's condition is inflammatory arthritis"),)
    if facts.inflammatory_arthritis_target is None:
        return Missing(("inflammatory_arthritis_target",))
    if facts.inflammatory_arthritis_target:
        return (finding(basis="recorded"),)
    return NONE


def ongoing(*classes: MedicationClass) -> Check:
    """Return a check firing for each medication of `classes` still being taken."""

    def check(facts: Facts, rules: RuleSet, today: date) -> Result:
        return tuple(
            finding(name=m.name, klass=m.med_class.value.replace("_", " "))
            for m in _meds(facts, *classes)
            if m.ongoing
        )

    return check


def _washout_days(med_class: MedicationClass, rules: RuleSet) -> int:
    return {
        MedicationClass.NSAID: rules.nsaid_washout_days,
        MedicationClass.ANTIPLATELET: rules.antiplatelet_washout_days,
        MedicationClass.ANTICOAGULANT: rules.anticoagulant_washout_days,
    }[med_class]


def washout(med_class: MedicationClass, *, ongoing_defers: bool) -> Check:
    """Return a check deferring until `washout days` after the last dose.

    An NSAID still being taken defers from today (the patient can simply stop it); an
    anticoagulant or antiplatelet still being taken is a review instead (RV-ANTITHROMBOTIC).
    """

    def check(facts: Facts, rules: RuleSet, today: date) -> Result:
        days = _washout_days(med_class, rules)
        found: list[Finding] = []
        for med in _meds(facts, med_class):
            if med.last_dose is None:
                if not ongoing_defers:
                    continue
                until, dose = today + timedelta(days=days), "still being taken (counted from today)"
            else:
                until, dose = med.last_dose + timedelta(days=days), f"last dose on {med.last_dose}"
            if until > today:
                found.append(finding(until, name=med.name, dose=dose, until=until, days=days))
        return tuple(found)

    return check


def recent_immunosuppressant(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire for each stopped systemic steroid or immunosuppressant still within its washout."""
    months = rules.immunosuppressant_washout_months
    found: list[Finding] = []
    for med in _meds(facts, MedicationClass.SYSTEMIC_STEROID, MedicationClass.IMMUNOSUPPRESSANT):
        if med.last_dose is None:
            continue  # ongoing: EX-IMMUNOSUPPRESSANT-ONGOING
        until = add_months(med.last_dose, months)
        if until > today:
            found.append(
                finding(
                    until,
                    name=med.name,
                    klass=med.med_class.value.replace("_", " "),
                    last=med.last_dose,
                    until=until,
                    months=_months(months),
                )
            )
    return tuple(found)


def injection(kinds: tuple[InjectionKind, ...], setting: str) -> Check:
    """Return a check deferring until `setting` months after each injection of `kinds`."""

    def check(facts: Facts, rules: RuleSet, today: date) -> Result:
        months: int = getattr(rules, setting)
        found: list[Finding] = []
        for inj in facts.target_injections or ():
            if inj.kind not in kinds:
                continue
            until = add_months(inj.on, months)
            if until > today:
                what = INJECTION_KIND_LABELS[inj.kind]
                found.append(
                    finding(until, what=what, on=inj.on, until=until, months=_months(months))
                )
        return tuple(found)

    return check


def bmi_limits(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire when the BMI is at or above the upper, or at or below the lower, review limit."""
    value = bmi(facts)
    assert value is not None
    if value >= rules.bmi_review_at_or_above:
        relation, limit = "at or above", rules.bmi_review_at_or_above
    elif value <= rules.bmi_review_at_or_below:
        relation, limit = "at or below", rules.bmi_review_at_or_below
    else:
        return NONE
    return (
        finding(
            bmi=f"{value:.1f}",
            weight=facts.weight_kg,
            height=facts.height_cm,
            relation=relation,
            limit=limit,
        ),
    )


def age_range(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire when the age on `today` is outside the review range (inclusive bounds accepted)."""
    age = age_on(facts, today)
    if age is None:
        return Missing(("date_of_birth",))
    if rules.age_review_min <= age <= rules.age_review_max:
        return NONE
    return (finding(age=age, low=rules.age_review_min, high=rules.age_review_max),)


def kl_grade(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire when the K–L grade is outside the condition's range (if it has one)."""
    assert facts.condition_code is not None
    accepted = rules.kl_range(facts.condition_code)
    if accepted is None:
        return NONE
    if facts.kl_grade is None:
        return Missing(("kl_grade",))
    low, high = accepted
    if low <= facts.kl_grade <= high:
        return NONE
    label = get_condition(facts.condition_code).label
    return (finding(grade=facts.kl_grade, low=low, high=high, condition=label),)


def diabetes_control(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire when a diabetic patient's HbA1c is at or above the review limit."""
    if facts.diabetes is not True:
        return NONE
    if facts.hba1c_percent is None:
        return Missing(("hba1c_percent",))
    if facts.hba1c_percent < rules.hba1c_review_at_or_above:
        return NONE
    return (finding(value=facts.hba1c_percent, limit=rules.hba1c_review_at_or_above),)


def haemoglobin(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire when haemoglobin is below the review limit (equal is accepted)."""
    assert facts.haemoglobin is not None
    if facts.haemoglobin >= rules.haemoglobin_review_below:
        return NONE
    return (finding(value=facts.haemoglobin, limit=rules.haemoglobin_review_below),)


def pfirrmann(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire when the modified Pfirrmann grade is outside the accepted range."""
    grade = facts.pfirrmann_grade
    assert grade is not None
    if rules.pfirrmann_min <= grade <= rules.pfirrmann_max:
        return NONE
    return (finding(grade=grade, low=rules.pfirrmann_min, high=rules.pfirrmann_max),)


def modic(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire on a Modic type 3 change (types 1 and 2 are accepted: D2, D5)."""
    return (finding(),) if facts.modic_type == 3 else NONE


def no_trial_evidence(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire always: the condition's group has no trial criteria in the reference."""
    assert facts.condition_code is not None
    return (finding(condition=get_condition(facts.condition_code).label),)


def chronic_pain(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire (inclusion not met) while pain has lasted fewer than the minimum calendar months."""
    onset = facts.pain_onset
    assert onset is not None
    months = pain_duration_months(onset, today)
    if months >= rules.min_pain_months:
        return NONE
    until = add_months(onset, rules.min_pain_months)
    return (
        finding(
            until,
            onset=onset,
            lasted=_months(months),
            minimum=_months(rules.min_pain_months),
            until=until,
        ),
    )


def conservative_care(facts: Facts, rules: RuleSet, today: date) -> Result:
    """Fire (inclusion not met) when too few months or treatments of conservative care."""
    months, tried = facts.conservative_care_months, facts.conservative_care_modalities
    assert months is not None and tried is not None
    need_months, need_tried = (
        rules.min_conservative_care_months,
        rules.min_conservative_care_modalities,
    )
    if months >= need_months and tried >= need_tried:
        return NONE
    return (
        finding(
            months=_months(months),
            tried=tried,
            need_months=_months(need_months),
            need_tried=need_tried,
        ),
    )
