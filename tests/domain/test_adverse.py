"""Adverse-event vocabulary: CTCAE v5.0 grades (reference §8.2) and the early/late window."""

from __future__ import annotations

from datetime import date

import pytest

from regenpath.domain.adverse import CTCAE_GRADES, TERMS, TERMS_BY_CODE, check_grade, onset_window


def test_ctcae_grades_are_one_to_five() -> None:
    assert sorted(CTCAE_GRADES) == [1, 2, 3, 4, 5]
    assert CTCAE_GRADES[4] == "Life-threatening" and CTCAE_GRADES[5] == "Death"


def test_terms_carry_their_verification_tag() -> None:
    assert TERMS_BY_CODE["joint_effusion"].verification == "VERIFIED"
    assert TERMS_BY_CODE["joint_infection"].verification == "UNVERIFIED"
    assert len({t.code for t in TERMS}) == len(TERMS)


@pytest.mark.parametrize(
    ("term", "grade", "outcome", "ok"),
    [
        ("joint_effusion", 3, "ongoing", True),
        ("joint_effusion", 4, "ongoing", False),  # §8.2: G4/G5 "—" for joint effusion
        ("injection_site_reaction", 5, "fatal", True),
        ("injection_site_reaction", 5, "recovered", False),
        ("other", 2, "fatal", False),
        ("other", None, "unknown", True),
        ("other", None, "fatal", False),
        ("other", 6, "unknown", False),
        ("made_up", 1, "unknown", False),
    ],
)
def test_check_grade(term: str, grade: int | None, outcome: str, ok: bool) -> None:
    assert (check_grade(term, grade, outcome) is None) is ok


@pytest.mark.parametrize(
    ("onset", "window"),
    [
        (date(2026, 3, 1), "early"),
        (date(2026, 3, 8), "early"),
        (date(2026, 3, 9), "late"),
        (date(2026, 2, 28), "before"),
    ],
)
def test_onset_window_seven_days(onset: date, window: str) -> None:
    assert onset_window(date(2026, 3, 1), onset) == window
    assert onset_window(None, onset) == "no procedure"
