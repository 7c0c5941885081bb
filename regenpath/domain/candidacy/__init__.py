"""Candidacy screening: the facts, the criteria table, the rule settings and `assess`.

Public API (import from here): `Facts`, `Medication`, `Injection`, `MedicationClass`,
`InjectionKind`, `FactsError`, `facts_from_dict`, `facts_to_dict`, `validate_facts`, `bmi`,
`age_on`, `FIELD_SPECS`; `RuleSet`, `DEFAULT_RULES`, `RuleSetError`, `RULES_VERSION`;
`Criterion`, `CRITERIA`, `SOURCES`, `Kind`; `assess`, `Decision`, `Reason`, `Status`;
`ConditionGroup`, `condition_group`. Sources: cell-therapy.md §5.
"""

from __future__ import annotations

from regenpath.domain.candidacy.criteria import (
    CRITERIA,
    CRITERIA_BY_ID,
    SOURCES,
    Criterion,
    Kind,
    Verification,
)
from regenpath.domain.candidacy.decision import (
    STATUS_LABELS,
    STATUS_RANK,
    Decision,
    Reason,
    Status,
    assess,
)
from regenpath.domain.candidacy.facts import (
    INJECTION_KIND_LABELS,
    MEDICATION_CLASS_LABELS,
    Facts,
    Injection,
    InjectionKind,
    Medication,
    MedicationClass,
    age_on,
    bmi,
)
from regenpath.domain.candidacy.fields import FIELD_LABELS, FIELD_SPECS, FieldKind, FieldSpec
from regenpath.domain.candidacy.groups import (
    GROUP_BY_CONDITION,
    GROUP_LABELS,
    ConditionGroup,
    condition_group,
)
from regenpath.domain.candidacy.jsonform import facts_from_dict, facts_to_dict
from regenpath.domain.candidacy.ruleset import (
    DEFAULT_RULES,
    RULES_VERSION,
    RuleSet,
    RuleSetError,
)
from regenpath.domain.candidacy.validation import FactsError, validate_facts

__all__ = [
    "CRITERIA",
    "CRITERIA_BY_ID",
    "DEFAULT_RULES",
    "FIELD_LABELS",
    "FIELD_SPECS",
    "GROUP_BY_CONDITION",
    "GROUP_LABELS",
    "INJECTION_KIND_LABELS",
    "MEDICATION_CLASS_LABELS",
    "RULES_VERSION",
    "SOURCES",
    "STATUS_LABELS",
    "STATUS_RANK",
    "ConditionGroup",
    "Criterion",
    "Decision",
    "Facts",
    "FactsError",
    "FieldKind",
    "FieldSpec",
    "Injection",
    "InjectionKind",
    "Kind",
    "Medication",
    "MedicationClass",
    "Reason",
    "RuleSet",
    "RuleSetError",
    "Status",
    "Verification",
    "age_on",
    "assess",
    "bmi",
    "condition_group",
    "facts_from_dict",
    "facts_to_dict",
    "validate_facts",
]
