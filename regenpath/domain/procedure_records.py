"""Checks of procedure-day entries (harvest, processing, administration) before anything is saved.

Each check returns the problems it finds, each naming the field it concerns, so a form can show the
message beside that field and save nothing (DESIGN.md: "Bad input gets a clear message and saves
nothing"). Nothing here guesses, clamps or drops a value. Times are timezone-aware; `now` and dates
are arguments (no clock in the domain).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from regenpath.domain.identifiers import DinError, parse_din


@dataclass(frozen=True)
class FieldProblem:
    """A problem with one entered field, in words staff can act on."""

    field: str
    message: str


def check_period(
    start: datetime | None,
    end: datetime | None,
    *,
    now: datetime,
    start_field: str = "started_at",
    end_field: str = "ended_at",
    what: str = "",
) -> list[FieldProblem]:
    """Return problems with a start and end time: end before start, either in the future."""
    label = f"{what} " if what else ""
    problems = []
    for moment, name, word in ((start, start_field, "start"), (end, end_field, "end")):
        if moment is not None and moment > now:
            problems.append(FieldProblem(name, f"The {label}{word} time is in the future."))
    if start is not None and end is not None and end < start:
        problems.append(
            FieldProblem(end_field, f"The {label}end time is before the {label}start time.")
        )
    return problems


def check_harvest(
    *,
    started_at: datetime | None,
    ended_at: datetime | None,
    aspirate_volume_ml: float | None,
    now: datetime,
) -> list[FieldProblem]:
    """Return problems with a harvest entry: times in order and past, a positive volume."""
    problems = check_period(started_at, ended_at, now=now, what="harvest")
    if aspirate_volume_ml is not None and aspirate_volume_ml <= 0:
        problems.append(
            FieldProblem("aspirate_volume_ml", "The aspirate volume must be more than 0 mL.")
        )
    return problems


def check_processing(
    *,
    started_at: datetime | None,
    ended_at: datetime | None,
    harvest_started_at: datetime,
    input_volume_ml: float | None,
    final_volume_ml: float | None,
    viability_percent: float | None,
    lot_expiry: date | None,
    processing_day: date | None,
    now: datetime,
    harvest_volume_ml: float | None = None,
) -> list[FieldProblem]:
    """Return problems with a processing entry.

    The end must not precede the start, nor the start the harvest; the final volume must not exceed
    the input volume, nor the input the harvested aspirate; viability is a percentage (0–100); the
    kit lot must not be past its expiry date on `processing_day` (the local date processing began).
    """
    problems = check_period(started_at, ended_at, now=now, what="processing")
    if started_at is not None and started_at < harvest_started_at:
        problems.append(
            FieldProblem("started_at", "Processing cannot start before the harvest started.")
        )
    for name, value, label in (
        ("input_volume_ml", input_volume_ml, "input volume"),
        ("final_volume_ml", final_volume_ml, "final volume"),
    ):
        if value is not None and value <= 0:
            problems.append(FieldProblem(name, f"The {label} must be more than 0 mL."))
    if (
        input_volume_ml is not None
        and final_volume_ml is not None
        and final_volume_ml > input_volume_ml
    ):
        problems.append(
            FieldProblem(
                "final_volume_ml",
                f"The final volume ({final_volume_ml:g} mL) is larger than the input volume "
                f"({input_volume_ml:g} mL); processing concentrates, it cannot add volume.",
            )
        )
    if (
        harvest_volume_ml is not None
        and input_volume_ml is not None
        and input_volume_ml > harvest_volume_ml
    ):
        problems.append(
            FieldProblem(
                "input_volume_ml",
                f"The input volume ({input_volume_ml:g} mL) is larger than the harvested aspirate "
                f"({harvest_volume_ml:g} mL).",
            )
        )
    if viability_percent is not None and not 0 <= viability_percent <= 100:
        problems.append(
            FieldProblem(
                "viability_percent",
                f"Viability is a percentage between 0 and 100; {viability_percent:g} is not.",
            )
        )
    if lot_expiry is not None and processing_day is not None and lot_expiry < processing_day:
        problems.append(
            FieldProblem(
                "lot_expiry",
                f"The kit lot expired on {lot_expiry.isoformat()}, before processing on "
                f"{processing_day.isoformat()}; use an in-date kit.",
            )
        )
    return problems


def check_percentage(value: float | None, field: str, label: str) -> list[FieldProblem]:
    """Return a problem if `value` is not a percentage between 0 and 100."""
    if value is not None and not 0 <= value <= 100:
        return [
            FieldProblem(field, f"{label} is a percentage between 0 and 100; {value:g} is not.")
        ]
    return []


def check_administered_volume(
    volume_ml: float | None, available_ml: float | None
) -> list[FieldProblem]:
    """Return problems with the injected volume: positive and not more than the product holds."""
    if volume_ml is None:
        return []
    if volume_ml <= 0:
        return [FieldProblem("volume_ml", "The injected volume must be more than 0 mL.")]
    if available_ml is not None and volume_ml > available_ml:
        return [
            FieldProblem(
                "volume_ml",
                f"The injected volume ({volume_ml:g} mL) is more than the product's final volume "
                f"({available_ml:g} mL).",
            )
        ]
    return []


def din_entry_problem(text: str, field: str = "din") -> FieldProblem | None:
    """Return the problem with a scanned or typed DIN (check character, length, characters)."""
    try:
        parse_din(text)
    except DinError as error:
        return FieldProblem(field, f"DIN: {error}.")
    return None
