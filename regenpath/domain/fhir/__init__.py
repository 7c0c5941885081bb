"""FHIR R4 shapes built from domain values: plain dicts, ready for `json.dumps`.

Pure functions only (no Django, no I/O, no clock). Reference: cell-therapy.md §2.2 and §2.4
(Questionnaire → QuestionnaireResponse → Observation with `derivedFrom`), instruments.md §2.7
(only VERIFIED LOINC codes are emitted).
"""

from __future__ import annotations

from regenpath.domain.fhir.questionnaire import (
    CANONICAL_BASE,
    observations,
    questionnaire,
    questionnaire_response,
    questionnaire_url,
)

__all__ = [
    "CANONICAL_BASE",
    "observations",
    "questionnaire",
    "questionnaire_response",
    "questionnaire_url",
]
