"""Turn stored decisions and facts into rows a page or PDF shows (no writes, no permissions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from regenpath.domain.candidacy import (
    CRITERIA_BY_ID,
    FIELD_LABELS,
    FIELD_SPECS,
    INJECTION_KIND_LABELS,
    MEDICATION_CLASS_LABELS,
    Facts,
    FieldKind,
    InjectionKind,
    MedicationClass,
    Status,
    bmi,
)
from regenpath.domain.conditions import get_condition

KIND_LABELS = {
    "exclusion": "Exclusion",
    "inclusion": "Inclusion not met",
    "review": "Needs review",
    "deferral": "Deferral",
    "missing": "Not checked: fact missing",
}


def status_words(status: str, earliest_date: dt.date | None) -> str:
    """Return the decision as staff read it in large type."""
    if status == Status.DEFERRED and earliest_date is not None:
        return f"Deferred until {earliest_date:%-d %B %Y}"
    return (
        {
            Status.CANDIDATE: "Candidate",
            Status.NOT_CANDIDATE: "Not a candidate",
            Status.NEEDS_REVIEW: "Needs clinician review",
            Status.DEFERRED: "Deferred",
        }.get(Status(status), status)
        if status
        else "Not yet signed"
    )


@dataclass(frozen=True)
class ReasonRow:
    rule_id: str
    title: str
    kind: str
    kind_label: str
    message: str
    source: str
    verification: str
    what_would_change: str
    until: str | None

    @property
    def unverified(self) -> bool:
        return self.verification == "UNVERIFIED"


def reason_rows(reasons: list[Mapping[str, Any]]) -> list[ReasonRow]:
    rows = []
    for r in reasons:
        criterion = CRITERIA_BY_ID.get(r["rule_id"])
        rows.append(
            ReasonRow(
                rule_id=r["rule_id"],
                title=criterion.title if criterion else r["rule_id"],
                kind=r["kind"],
                kind_label=KIND_LABELS.get(r["kind"], r["kind"]),
                message=r["message"],
                source=r["source"],
                verification=r["verification"],
                what_would_change=r["what_would_change"],
                until=r.get("until"),
            )
        )
    return rows


def _value_text(kind: FieldKind, value: Any) -> str:
    if kind is FieldKind.BOOL:
        return "Yes" if value else "No"
    if kind is FieldKind.MEDICATIONS:
        if not value:
            return "None"
        return "; ".join(
            f"{m['name']} ({MEDICATION_CLASS_LABELS[MedicationClass(m['class'])]}, "
            + (f"last dose {m['last_dose']})" if m["last_dose"] else "still taking)")
            for m in value
        )
    if kind is FieldKind.INJECTIONS:
        if not value:
            return "None"
        return "; ".join(
            f"{INJECTION_KIND_LABELS[InjectionKind(i['kind'])]} on {i['date']}" for i in value
        )
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def facts_rows(facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return (label, value) for every recorded fact, in FIELD_SPECS order."""
    rows = []
    for spec in FIELD_SPECS:
        value = facts.get(spec.name)
        if value is None:
            continue
        label = spec.label[:1].upper() + spec.label[1:]
        unit = f" {spec.unit}" if spec.unit and spec.kind is FieldKind.FLOAT else ""
        if spec.name == "condition_code":
            text = get_condition(value).label
        elif spec.name == "target_side":
            text = str(value).capitalize()
        else:
            text = _value_text(spec.kind, value) + unit
        rows.append((label, text))
    return rows


def bmi_text(facts: Mapping[str, Any]) -> str:
    """Return the BMI from stored facts, one decimal, or "" when height or weight is missing."""
    value = bmi(Facts(height_cm=facts.get("height_cm"), weight_kg=facts.get("weight_kg")))
    return f"{value:.1f} kg/m²" if value is not None else ""


def missing_labels(missing: list[str]) -> list[str]:
    return [FIELD_LABELS.get(name, name) for name in missing]
