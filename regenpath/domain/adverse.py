"""Adverse-event vocabulary: CTCAE v5.0 grades, terms, seriousness, relatedness, outcome.

Source: reference/cell-therapy.md §8.2 (CTCAE v5.0, 27 Nov 2017). The general grade meanings are
VERIFIED; term-specific grade texts are VERIFIED only for the terms the reference marks so, and the
others carry UNVERIFIED (load the official NCI CTEP spreadsheet rather than hand-typing them).
Only short developer descriptors are kept here, not the CTCAE text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

ADVERSE_RULES_VERSION = "adverse-1"

# CTCAE v5.0 general grades 1–5 (reference §8.2, VERIFIED).
CTCAE_GRADES: dict[int, str] = {
    1: "Mild",
    2: "Moderate",
    3: "Severe or medically significant",
    4: "Life-threatening",
    5: "Death",
}

# Reference §8.1: early (≤7 days) vs late (>7 days) complications (Fucaloro 2024, VERIFIED).
EARLY_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Term:
    """An adverse-event term; `verification` tags its CTCAE v5.0 grade texts (reference §8.2)."""

    code: str
    label: str
    verification: str
    max_grade: int = 5


TERMS: tuple[Term, ...] = (
    # §8.2 term table: grade texts VERIFIED from a published CTCAE v5.0 extract; G4/G5 "—".
    Term("joint_effusion", "Joint effusion", "VERIFIED", max_grade=3),
    Term("arthralgia", "Arthralgia", "VERIFIED", max_grade=3),
    Term("arthritis", "Arthritis", "VERIFIED", max_grade=3),
    # §8.2: wording from a CTCAE v6 extract; identical v5 wording UNVERIFIED.
    Term("injection_site_reaction", "Injection site reaction", "UNVERIFIED"),
    # §8.2: joint infection, hematoma, bruising, harvest-site pain — UNVERIFIED.
    Term("joint_infection", "Joint infection", "UNVERIFIED"),
    Term("hematoma", "Hematoma (harvest site)", "UNVERIFIED"),
    Term("bruising", "Bruising (harvest site)", "UNVERIFIED"),
    Term("harvest_site_pain", "Pain (harvest site)", "UNVERIFIED"),
    # Look-back on a late sterility or culture result (reference §4.3); not a CTCAE term: the
    # physician re-codes it once the patient is assessed.
    Term("positive_culture", "Positive product culture (look-back)", "project policy"),
    Term("other", "Other", "project policy"),
)
TERMS_BY_CODE: dict[str, Term] = {term.code: term for term in TERMS}


class Seriousness(StrEnum):
    NOT_ASSESSED = "not_assessed"
    NON_SERIOUS = "non_serious"
    SERIOUS = "serious"


class Relatedness(StrEnum):
    # Causality categories (reference §8.2 requirement: relation to harvest, processing, injection).
    NOT_ASSESSED = "not_assessed"
    NOT_RELATED = "not_related"
    UNLIKELY = "unlikely"
    POSSIBLE = "possible"
    PROBABLE = "probable"
    DEFINITE = "definite"


class RelatedStep(StrEnum):
    UNKNOWN = "unknown"
    HARVEST = "harvest"
    PROCESSING = "processing"
    INJECTION = "injection"


class Outcome(StrEnum):
    UNKNOWN = "unknown"
    ONGOING = "ongoing"
    RECOVERING = "recovering"
    RECOVERED = "recovered"
    RECOVERED_WITH_SEQUELAE = "recovered_with_sequelae"
    FATAL = "fatal"


LABELS: dict[str, str] = {
    "not_assessed": "Not yet assessed",
    "non_serious": "Not serious",
    "serious": "Serious",
    "not_related": "Not related",
    "unlikely": "Unlikely related",
    "possible": "Possibly related",
    "probable": "Probably related",
    "definite": "Definitely related",
    "unknown": "Unknown",
    "harvest": "Harvest",
    "processing": "Processing",
    "injection": "Injection",
    "ongoing": "Not recovered / ongoing",
    "recovering": "Recovering",
    "recovered": "Recovered",
    "recovered_with_sequelae": "Recovered with sequelae",
    "fatal": "Fatal",
}


def check_grade(term_code: str, grade: int | None, outcome: str) -> str | None:
    """Return why `grade` does not fit the term and outcome, or None if it does.

    Grade None means not yet graded. Grade 5 (death) goes with a fatal outcome and vice versa.
    """
    term = TERMS_BY_CODE.get(term_code)
    if term is None:
        return f"unknown adverse-event term {term_code!r}"
    if grade is None:
        return "a fatal outcome must be graded 5 (death)" if outcome == Outcome.FATAL else None
    if grade not in CTCAE_GRADES:
        return "the CTCAE grade is 1 to 5"
    if grade > term.max_grade:
        return f"{term.label} is graded 1 to {term.max_grade} in CTCAE v5.0"
    if (grade == 5) != (outcome == Outcome.FATAL):
        return "grade 5 (death) and a fatal outcome go together"
    return None


def onset_window(procedure_day: date | None, onset: date) -> str:
    """Return `early` (≤7 days after the procedure), `late`, `before` or `no procedure`."""
    if procedure_day is None:
        return "no procedure"
    days = (onset - procedure_day).days
    if days < 0:
        return "before"
    return "early" if days <= EARLY_WINDOW_DAYS else "late"
