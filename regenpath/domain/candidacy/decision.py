"""Assess candidacy: run every criterion over the facts and combine the results into a Decision.

Precedence (issue 4): any exclusion or failed inclusion → not a candidate; else any fact a rule
needs that was not recorded, or any review trigger → needs clinician review (never "candidate"
by default); else any deferral → deferred until the latest deferral date; else candidate.
`assess` is a pure function of (facts, rules, today): it reads no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from regenpath.domain.candidacy.checks import Missing
from regenpath.domain.candidacy.criteria import CRITERIA, SOURCE_SHORT, Criterion, Kind
from regenpath.domain.candidacy.facts import Facts
from regenpath.domain.candidacy.fields import FIELD_LABELS, FIELD_SPECS
from regenpath.domain.candidacy.ruleset import DEFAULT_RULES, RuleSet
from regenpath.domain.candidacy.validation import validate_facts


class Status(StrEnum):
    CANDIDATE = "candidate"
    NOT_CANDIDATE = "not_candidate"
    NEEDS_REVIEW = "needs_review"
    DEFERRED = "deferred"


STATUS_LABELS: dict[Status, str] = {
    Status.CANDIDATE: "Candidate",
    Status.NOT_CANDIDATE: "Not a candidate",
    Status.NEEDS_REVIEW: "Needs clinician review",
    Status.DEFERRED: "Deferred",
}

# Best first: adding an adverse fact never moves a decision up this order (tested).
STATUS_RANK: dict[Status, int] = {
    Status.CANDIDATE: 3,
    Status.DEFERRED: 2,
    Status.NEEDS_REVIEW: 1,
    Status.NOT_CANDIDATE: 0,
}


@dataclass(frozen=True)
class Reason:
    """One fired rule (or one rule that could not be checked), in words, with its source."""

    rule_id: str
    kind: Kind
    message: str
    source: str
    verification: str
    what_would_change: str
    until: date | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (until as ISO text or null)."""
        return {
            "rule_id": self.rule_id,
            "kind": self.kind.value,
            "message": self.message,
            "source": self.source,
            "verification": self.verification,
            "what_would_change": self.what_would_change,
            "until": self.until.isoformat() if self.until else None,
        }


@dataclass(frozen=True)
class Decision:
    """The outcome of one assessment: status, reasons, earliest date, rules version, missing facts.

    `earliest_date` is set only when the status is deferred. `missing` lists the Facts fields
    that rules needed and were not recorded, in FIELD_SPECS order.
    """

    status: Status
    reasons: tuple[Reason, ...]
    earliest_date: date | None
    rules_version: str
    missing: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form printed by `regenpath screen` and stored with a decision."""
        return {
            "status": self.status.value,
            "earliest_date": self.earliest_date.isoformat() if self.earliest_date else None,
            "rules_version": self.rules_version,
            "missing": list(self.missing),
            "reasons": [r.to_dict() for r in self.reasons],
        }


def _source_text(criterion: Criterion) -> str:
    return "; ".join(f"{sid} {SOURCE_SHORT[sid]}" for sid in criterion.sources)


def _missing_reason(criterion: Criterion, fields: tuple[str, ...]) -> Reason:
    labels = ", ".join(FIELD_LABELS[f] for f in fields)
    return Reason(
        rule_id=criterion.id,
        kind=Kind.MISSING,
        message=f"Not checked ({criterion.title.lower()}): {labels} not recorded.",
        source=_source_text(criterion),
        verification=criterion.verification.value,
        what_would_change=f"Record {labels}.",
    )


def assess(facts: Facts, rules: RuleSet = DEFAULT_RULES, *, today: date) -> Decision:
    """Return the candidacy decision for `facts` under `rules` on `today`.

    Raises FactsError for impossible or contradictory facts (naming every bad field).
    """
    validate_facts(facts, today=today)
    reasons: list[Reason] = []
    missing: set[str] = set()
    kinds: set[Kind] = set()
    until_dates: list[date] = []
    for criterion in CRITERIA:
        result = criterion.evaluate(facts, rules, today)
        if result is None:
            continue
        if isinstance(result, Missing):
            missing.update(result.fields)
            kinds.add(Kind.MISSING)
            reasons.append(_missing_reason(criterion, result.fields))
            continue
        for found in result:
            message, change = criterion.render(found)
            kinds.add(criterion.kind)
            if criterion.kind is Kind.DEFERRAL and found.until is not None:
                until_dates.append(found.until)
            reasons.append(
                Reason(
                    rule_id=criterion.id,
                    kind=criterion.kind,
                    message=message,
                    source=_source_text(criterion),
                    verification=criterion.verification.value,
                    what_would_change=change,
                    until=found.until,
                )
            )
    if kinds & {Kind.EXCLUSION, Kind.INCLUSION}:
        status = Status.NOT_CANDIDATE
    elif kinds & {Kind.MISSING, Kind.REVIEW}:
        status = Status.NEEDS_REVIEW
    elif Kind.DEFERRAL in kinds:
        status = Status.DEFERRED
    else:
        status = Status.CANDIDATE
    order = [spec.name for spec in FIELD_SPECS]
    return Decision(
        status=status,
        reasons=tuple(reasons),
        earliest_date=max(until_dates) if status is Status.DEFERRED else None,
        rules_version=rules.version,
        missing=tuple(sorted(missing, key=order.index)),
    )
