"""Follow-up schedules: timepoints anchored to the procedure date, each with a window.

Timepoints are those of cell-therapy.md §6 (VERIFIED, as used in trials):
  joint   baseline, 6 weeks, 3, 6, 12, 24 months — Centeno RCT NCT02034032 (also DESIGN.md);
  disc    baseline, 30 days, 3, 6, 12, 24, 36 months — Mesoblast NCT01290367;
  tendon  baseline, 6 weeks, 12 weeks, 6, 12, 24 months — NCT03449082 (§5 T2; chosen over T1's
          1, 3, 6, 12 months because it reaches 24 months like the joint schedule).
Windows are project policy (the reference gives none): wide enough to collect a questionnaire,
never overlapping within a schedule (tested). A month is a calendar month (conditions.add_months:
31 January + 1 month = 28/29 February).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from regenpath.domain.conditions import add_months


@dataclass(frozen=True)
class Timepoint:
    """One follow-up timepoint: its offset from the procedure (days or months) and its window."""

    code: str
    label: str
    days: int = 0
    months: int = 0
    window_before_days: int = 0
    window_after_days: int = 0

    @property
    def is_baseline(self) -> bool:
        """Return True for the baseline (before the procedure)."""
        return self.days == 0 and self.months == 0


class DueDate(NamedTuple):
    """When one timepoint is due after a procedure, and the window in which it counts."""

    timepoint: str
    due: date
    window_start: date
    window_end: date


@dataclass(frozen=True)
class FollowUpSchedule:
    """Timepoints in increasing order, with the source they come from."""

    code: str
    title: str
    timepoints: tuple[Timepoint, ...]
    source: str
    verification: str


# Windows (project policy): baseline up to 30 days before the procedure; then roughly ±10–25 %
# of the interval, widening with time.
BASELINE = Timepoint("baseline", "Baseline", window_before_days=30)
DAY_30 = Timepoint("30d", "30 days", days=30, window_before_days=7, window_after_days=7)
WEEK_6 = Timepoint("6w", "6 weeks", days=42, window_before_days=7, window_after_days=14)
WEEK_12 = Timepoint("12w", "12 weeks", days=84, window_before_days=14, window_after_days=14)
MONTH_3 = Timepoint("3m", "3 months", months=3, window_before_days=14, window_after_days=14)
MONTH_6 = Timepoint("6m", "6 months", months=6, window_before_days=30, window_after_days=30)
MONTH_12 = Timepoint("12m", "12 months", months=12, window_before_days=60, window_after_days=60)
MONTH_24 = Timepoint("24m", "24 months", months=24, window_before_days=90, window_after_days=90)
MONTH_36 = Timepoint("36m", "36 months", months=36, window_before_days=90, window_after_days=90)

JOINT_SCHEDULE = FollowUpSchedule(
    "joint",
    "Joint: baseline, 6 weeks, 3, 6, 12 and 24 months",
    (BASELINE, WEEK_6, MONTH_3, MONTH_6, MONTH_12, MONTH_24),
    "cell-therapy.md §6: Centeno RCT NCT02034032 (knee); windows project policy",
    "VERIFIED",
)
DISC_SCHEDULE = FollowUpSchedule(
    "disc",
    "Disc: baseline, 30 days, 3, 6, 12, 24 and 36 months",
    (BASELINE, DAY_30, MONTH_3, MONTH_6, MONTH_12, MONTH_24, MONTH_36),
    "cell-therapy.md §6: Mesoblast NCT01290367 (disc); windows project policy",
    "VERIFIED",
)
TENDON_SCHEDULE = FollowUpSchedule(
    "tendon",
    "Tendon: baseline, 6 weeks, 12 weeks, 6, 12 and 24 months",
    (BASELINE, WEEK_6, WEEK_12, MONTH_6, MONTH_12, MONTH_24),
    "cell-therapy.md §6: NCT03449082 (tendon, §5 T2); windows project policy",
    "VERIFIED",
)
SCHEDULES: tuple[FollowUpSchedule, ...] = (JOINT_SCHEDULE, DISC_SCHEDULE, TENDON_SCHEDULE)

# Every timepoint any schedule uses, in time order: the labels questionnaires are filed under.
TIMEPOINTS: tuple[Timepoint, ...] = (
    BASELINE,
    DAY_30,
    WEEK_6,
    WEEK_12,
    MONTH_3,
    MONTH_6,
    MONTH_12,
    MONTH_24,
    MONTH_36,
)


def due_date(timepoint: Timepoint, procedure_date: date) -> DueDate:
    """Return when `timepoint` is due after a procedure on `procedure_date`, with its window."""
    due = add_months(procedure_date, timepoint.months) + timedelta(days=timepoint.days)
    return DueDate(
        timepoint.code,
        due,
        due - timedelta(days=timepoint.window_before_days),
        due + timedelta(days=timepoint.window_after_days),
    )


def follow_up_due_dates(schedule: FollowUpSchedule, procedure_date: date) -> list[DueDate]:
    """Return (timepoint, due, window_start, window_end) for every timepoint, in order."""
    return [due_date(tp, procedure_date) for tp in schedule.timepoints]
