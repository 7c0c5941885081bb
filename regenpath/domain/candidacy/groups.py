"""The evidence group of each condition: which trial criteria, schedules and protocols apply.

cell-therapy.md §5 groups its eligibility sources into knee (K1–K6), disc (D1–D5) and tendon
(T1–T2) trials; §6 gives follow-up schedules for knee, disc and tendon; §7 gives rehabilitation
tables for joints and for tendinopathy. The mapping of the other catalogue conditions onto these
groups is project policy:

* hip, shoulder and ankle OA, facet arthropathy and inflammatory arthritis are joints (§7 Table 1
  covers the hip and shoulder explicitly; the knee trials' rules are applied by analogy);
* ligament injury goes with tendons (the seed text groups "tendon and ligament injuries"; the
  reference has no ligament trial);
* peripheral neuropathic pain has no trial in the reference at all, so it is its own group and
  every screening for it needs a clinician's review.
"""

from __future__ import annotations

from enum import StrEnum

from regenpath.domain.conditions import CONDITIONS, get_condition


class ConditionGroup(StrEnum):
    JOINT = "joint"
    DISC = "disc"
    TENDON = "tendon"
    NERVE = "nerve"


GROUP_LABELS: dict[ConditionGroup, str] = {
    ConditionGroup.JOINT: "Joint",
    ConditionGroup.DISC: "Spinal disc",
    ConditionGroup.TENDON: "Tendon or ligament",
    ConditionGroup.NERVE: "Nerve",
}

GROUP_BY_CONDITION: dict[str, ConditionGroup] = {
    "knee-oa": ConditionGroup.JOINT,
    "hip-oa": ConditionGroup.JOINT,
    "shoulder-oa": ConditionGroup.JOINT,
    "ankle-oa": ConditionGroup.JOINT,
    "facet-arthropathy": ConditionGroup.JOINT,
    "inflammatory-arthritis": ConditionGroup.JOINT,
    "lumbar-disc-degeneration": ConditionGroup.DISC,
    "cervical-disc-degeneration": ConditionGroup.DISC,
    "rotator-cuff-tendinopathy": ConditionGroup.TENDON,
    "achilles-tendinopathy": ConditionGroup.TENDON,
    "patellar-tendinopathy": ConditionGroup.TENDON,
    "lateral-elbow-tendinopathy": ConditionGroup.TENDON,
    "ligament-injury": ConditionGroup.TENDON,
    "peripheral-neuropathic-pain": ConditionGroup.NERVE,
}

# Checked at import so a condition added to the catalogue cannot silently miss its group.
_unmapped = {c.code for c in CONDITIONS} - set(GROUP_BY_CONDITION)
if _unmapped:  # pragma: no cover - a programming error caught by any import
    raise RuntimeError(f"conditions without a group: {sorted(_unmapped)}")


def condition_group(code: str) -> ConditionGroup:
    """Return the evidence group of a condition code.

    Raises conditions.UnknownConditionError for a code that is not in the catalogue.
    """
    get_condition(code)
    return GROUP_BY_CONDITION[code]
