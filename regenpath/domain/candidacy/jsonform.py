"""The JSON form of screening facts (docs/candidacy-facts.md), both ways.

`facts_from_dict` parses and validates (absent keys and nulls are "not recorded"; unknown keys,
wrong types and impossible values are errors, all collected into one FactsError);
`facts_to_dict` writes every field, null when not recorded, dates as ISO text.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from regenpath.domain.candidacy.facts import (
    Facts,
    Injection,
    InjectionKind,
    Medication,
    MedicationClass,
)
from regenpath.domain.candidacy.fields import FIELD_SPECS, SPECS, FieldKind
from regenpath.domain.candidacy.validation import FactsError, check_date, collect_errors, is_number
from regenpath.domain.conditions import Side


def _parse_date(value: object, today: date) -> date | str:
    """Return a date from an ISO string (or a date) on or before `today`, or an error message."""
    parsed: date | None = None
    if isinstance(value, date) and not isinstance(value, datetime):
        parsed = value
    # Only the extended form YYYY-MM-DD: fromisoformat would also take "20261002".
    elif isinstance(value, str) and len(value) == 10:
        with contextlib.suppress(ValueError):
            parsed = date.fromisoformat(value)
    if parsed is None:
        return "must be a date (YYYY-MM-DD)"
    return check_date(parsed, today) or parsed


def _parse_medications(
    value: object, today: date, errors: dict[str, str]
) -> tuple[Medication, ...] | None:
    if not isinstance(value, list | tuple):
        errors["medications"] = "must be a list of medications"
        return None
    meds: list[Medication] = []
    for i, item in enumerate(value):
        key = f"medications[{i}]"
        if not isinstance(item, Mapping):
            errors[key] = 'must be an object {"name", "class", "last_dose"}'
            continue
        extra = set(item) - {"name", "class", "last_dose"}
        if extra:
            errors[key] = f"unknown keys: {', '.join(sorted(map(str, extra)))}"
            continue
        name, klass, last = item.get("name"), item.get("class"), item.get("last_dose")
        bad = False
        if not isinstance(name, str) or not name.strip():
            errors[f"{key}.name"] = "must be non-empty text"
            bad = True
        if klass not in tuple(MedicationClass):
            errors[f"{key}.class"] = f"must be one of: {', '.join(MedicationClass)}"
            bad = True
        last_dose: date | None = None
        if last is not None:
            parsed = _parse_date(last, today)
            if isinstance(parsed, str):
                errors[f"{key}.last_dose"] = parsed
                bad = True
            else:
                last_dose = parsed
        if not bad:
            assert isinstance(name, str)
            meds.append(Medication(name.strip(), MedicationClass(str(klass)), last_dose))
    return tuple(meds)


def _parse_injections(
    value: object, today: date, errors: dict[str, str]
) -> tuple[Injection, ...] | None:
    if not isinstance(value, list | tuple):
        errors["target_injections"] = "must be a list of injections"
        return None
    injections: list[Injection] = []
    for i, item in enumerate(value):
        key = f"target_injections[{i}]"
        if not isinstance(item, Mapping):
            errors[key] = 'must be an object {"kind", "date"}'
            continue
        extra = set(item) - {"kind", "date"}
        if extra:
            errors[key] = f"unknown keys: {', '.join(sorted(map(str, extra)))}"
            continue
        kind, when = item.get("kind"), _parse_date(item.get("date"), today)
        bad = False
        if kind not in tuple(InjectionKind):
            errors[f"{key}.kind"] = f"must be one of: {', '.join(InjectionKind)}"
            bad = True
        if isinstance(when, str):
            errors[f"{key}.date"] = when
            bad = True
        if not bad:
            assert isinstance(when, date)
            injections.append(Injection(InjectionKind(str(kind)), when))
    return tuple(injections)


def facts_from_dict(data: Mapping[str, Any], *, today: date) -> Facts:
    """Return Facts from their JSON form (docs/candidacy-facts.md).

    Absent keys and nulls are "not recorded". Raises FactsError naming every bad field:
    unknown keys, wrong types, impossible values and dates after `today`.
    """
    if not isinstance(data, Mapping):
        raise FactsError({"facts": "must be a JSON object"})
    errors: dict[str, str] = {}
    for key in data:
        if key not in SPECS:
            errors[str(key)] = "unknown field"
    values: dict[str, Any] = {}
    for spec in FIELD_SPECS:
        raw = data.get(spec.name)
        if raw is None:
            continue
        if spec.kind is FieldKind.MEDICATIONS:
            values[spec.name] = _parse_medications(raw, today, errors)
        elif spec.kind is FieldKind.INJECTIONS:
            values[spec.name] = _parse_injections(raw, today, errors)
        elif spec.kind is FieldKind.DATE:
            parsed = _parse_date(raw, today)
            if isinstance(parsed, str):
                errors[spec.name] = parsed
            else:
                values[spec.name] = parsed
        elif spec.kind is FieldKind.FLOAT and is_number(raw):
            values[spec.name] = float(raw)
        elif spec.name == "target_side" and raw in tuple(Side):
            values[spec.name] = Side(raw)
        elif spec.kind is FieldKind.TEXT and isinstance(raw, str):
            values[spec.name] = raw.strip() or None
        else:
            values[spec.name] = raw  # checked by collect_errors
    facts = Facts(**{k: v for k, v in values.items() if k not in errors})
    for name, message in collect_errors(facts, today).items():
        errors.setdefault(name, message)
    if errors:
        raise FactsError(errors)
    return facts


def _json_value(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def facts_to_dict(facts: Facts) -> dict[str, Any]:
    """Return the JSON form of `facts`: every field, null when not recorded, dates as ISO text."""
    out: dict[str, Any] = {}
    for spec in FIELD_SPECS:
        value = getattr(facts, spec.name)
        if value is None:
            out[spec.name] = None
        elif spec.kind is FieldKind.MEDICATIONS:
            out[spec.name] = [
                {
                    "name": m.name,
                    "class": m.med_class.value,
                    "last_dose": _json_value(m.last_dose),
                }
                for m in value
            ]
        elif spec.kind is FieldKind.INJECTIONS:
            out[spec.name] = [{"kind": i.kind.value, "date": i.on.isoformat()} for i in value]
        else:
            out[spec.name] = _json_value(value)
    return out
