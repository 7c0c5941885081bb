"""Refuse impossible or contradictory screening facts, naming every bad field.

Checks each field against its FieldSpec (type, plausibility bounds, no date after `today`) and
then the facts against each other (a side the condition does not have, a K–L grade for a
condition without one, disc findings for a non-disc condition, an age that disagrees with the
date of birth, a date before birth). Issue 4: "Impossible facts ... are refused with a message
naming the field".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime

from regenpath.domain.candidacy.facts import (
    Facts,
    Injection,
    InjectionKind,
    Medication,
    MedicationClass,
    whole_years,
)
from regenpath.domain.candidacy.fields import (
    DISC_FIELDS,
    EARLIEST_DATE,
    FIELD_SPECS,
    MAX_NAME,
    MAX_TEXT,
    FieldKind,
    FieldSpec,
)
from regenpath.domain.candidacy.groups import ConditionGroup, condition_group
from regenpath.domain.conditions import get_condition


class FactsError(ValueError):
    """Raised for impossible or malformed facts; `errors` maps every bad field to a message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def is_number(value: object) -> bool:
    """Return True for an int or float that is not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_date(value: object, today: date) -> str | None:
    """Return why `value` is not a plausible date on or before `today`, or None."""
    # A datetime is a date subclass; a time of day has no place in these facts.
    if not isinstance(value, date) or isinstance(value, datetime):
        return "must be a date (YYYY-MM-DD)"
    if value > today:
        return f"{value.isoformat()} is after today ({today.isoformat()})"
    if value < EARLIEST_DATE:
        return f"{value.isoformat()} is before {EARLIEST_DATE.isoformat()}"
    return None


def _check_range(spec: FieldSpec, value: float) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return "must be a finite number"
    low, high = spec.minimum, spec.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        unit = f" {spec.unit}" if spec.unit else ""
        return f"{value:g}{unit} is impossible; expected {low:g}–{high:g}{unit}"
    return None


def _check_scalar(spec: FieldSpec, value: object, today: date) -> str | None:
    kind = spec.kind
    if kind is FieldKind.BOOL:
        return None if isinstance(value, bool) else "must be true or false"
    if kind is FieldKind.DATE:
        return check_date(value, today)
    if kind is FieldKind.INT:
        if not isinstance(value, int) or isinstance(value, bool):
            return "must be a whole number"
        return _check_range(spec, value)
    if kind is FieldKind.FLOAT:
        if not is_number(value):
            return "must be a number"
        assert isinstance(value, int | float)
        return _check_range(spec, value)
    if kind is FieldKind.TEXT:
        if not isinstance(value, str) or not value.strip():
            return "must be non-empty text"
        return None if len(value) <= MAX_TEXT else f"must be at most {MAX_TEXT} characters"
    if kind is FieldKind.CHOICE:
        if value not in spec.choices:
            return f"must be one of: {', '.join(spec.choices)}"
        return None
    raise AssertionError(kind)  # pragma: no cover - lists are checked by their own functions


def _check_medications(value: object, today: date, errors: dict[str, str]) -> None:
    if not isinstance(value, tuple):
        errors["medications"] = "must be a list of medications"
        return
    for i, med in enumerate(value):
        key = f"medications[{i}]"
        if not isinstance(med, Medication):
            errors[key] = "must be a medication"
            continue
        if not isinstance(med.name, str) or not med.name.strip():
            errors[f"{key}.name"] = "must be non-empty text"
        elif len(med.name) > MAX_NAME:
            errors[f"{key}.name"] = f"must be at most {MAX_NAME} characters"
        if med.med_class not in tuple(MedicationClass):
            errors[f"{key}.class"] = f"must be one of: {', '.join(MedicationClass)}"
        if med.last_dose is not None:
            problem = check_date(med.last_dose, today)
            if problem:
                errors[f"{key}.last_dose"] = problem


def _check_injections(value: object, today: date, errors: dict[str, str]) -> None:
    if not isinstance(value, tuple):
        errors["target_injections"] = "must be a list of injections"
        return
    for i, inj in enumerate(value):
        key = f"target_injections[{i}]"
        if not isinstance(inj, Injection):
            errors[key] = "must be an injection"
            continue
        if inj.kind not in tuple(InjectionKind):
            errors[f"{key}.kind"] = f"must be one of: {', '.join(InjectionKind)}"
        problem = check_date(inj.on, today)
        if problem:
            errors[f"{key}.date"] = problem


def _check_consistency(facts: Facts, today: date, errors: dict[str, str]) -> None:
    """Add errors for facts that contradict each other (only for fields valid on their own)."""

    def ok(name: str) -> bool:
        return name not in errors and getattr(facts, name) is not None

    if ok("malignancy_end_date") and facts.past_malignancy is False:
        errors["malignancy_end_date"] = "given, but past_malignancy is false"
    if ok("date_of_birth") and ok("age_years"):
        assert facts.date_of_birth is not None
        actual = whole_years(facts.date_of_birth, today)
        if actual != facts.age_years:
            errors["age_years"] = f"{facts.age_years} disagrees with the date of birth ({actual})"
    if ok("date_of_birth"):
        assert facts.date_of_birth is not None
        for name in ("pain_onset", "malignancy_end_date"):
            value = getattr(facts, name)
            if ok(name) and value < facts.date_of_birth:
                errors[name] = f"{value.isoformat()} is before the date of birth"
    if not ok("condition_code"):
        return
    assert facts.condition_code is not None
    condition = get_condition(facts.condition_code)
    if ok("target_side") and facts.target_side not in condition.sides:
        allowed = ", ".join(condition.sides)
        errors["target_side"] = f"must be one of {allowed} for {condition.label}"
    if ok("kl_grade") and not condition.kl_applies:
        errors["kl_grade"] = f"the Kellgren–Lawrence grade does not apply to {condition.label}"
    if condition_group(condition.code) is not ConditionGroup.DISC:
        for name in DISC_FIELDS:
            if ok(name):
                errors[name] = f"disc imaging findings do not apply to {condition.label}"


def collect_errors(facts: Facts, today: date) -> dict[str, str]:
    """Return every impossible or contradictory field of `facts` as {field: message}."""
    errors: dict[str, str] = {}
    for spec in FIELD_SPECS:
        value = getattr(facts, spec.name)
        if value is None:
            continue
        if spec.kind is FieldKind.MEDICATIONS:
            _check_medications(value, today, errors)
        elif spec.kind is FieldKind.INJECTIONS:
            _check_injections(value, today, errors)
        else:
            problem = _check_scalar(spec, value, today)
            if problem:
                errors[spec.name] = problem
    _check_consistency(facts, today, errors)
    return errors


def validate_facts(facts: Facts, *, today: date) -> None:
    """Raise FactsError naming every impossible or contradictory field of `facts`."""
    errors = collect_errors(facts, today)
    if errors:
        raise FactsError(errors)
