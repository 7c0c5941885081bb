"""Build a patient's treatment plan from a condition's template.

`build_plan` checks the physician's choices against the template (side, targets, cell source,
guidance, instruments, date) and collects every problem into one PlanError. A cell source that
needs FDA approval (sources.py) is refused unless an IND number is given — REG-1 of
cell-therapy.md §3.4: "a site configuration should be able to block SVF and allogeneic products
outside an IND". Whether the patient may have a plan at all (candidate, or an override) is the
caller's check: it needs the signed decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from regenpath.domain.candidacy import DEFAULT_RULES, Medication, RuleSet
from regenpath.domain.conditions import Side, get_condition
from regenpath.domain.planning.instructions import Action, Instruction, pre_procedure_instructions
from regenpath.domain.planning.rehab import RehabProtocol
from regenpath.domain.planning.schedules import (
    DueDate,
    FollowUpSchedule,
    Timepoint,
    follow_up_due_dates,
)
from regenpath.domain.planning.sources import (
    CELL_SOURCES,
    CellSourceInfo,
    UnknownCellSourceError,
    get_cell_source,
)
from regenpath.domain.planning.templates import PLANNING_VERSION, ImageGuidance, PlanTemplate

# PGIC rates change since the treatment, so it has no baseline (instruments.md §4.19; project
# policy). Every other instrument is asked at every timepoint.
CHANGE_ONLY_INSTRUMENTS = frozenset({"pgic"})


class PlanError(ValueError):
    """Raised for an invalid plan; `errors` maps every bad choice to a message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


@dataclass(frozen=True)
class Plan:
    """A patient's treatment plan: what, where, when, and what happens before and after."""

    version: str
    condition_code: str
    side: Side
    cell_source: CellSourceInfo
    ind_number: str | None
    targets: tuple[str, ...]
    image_guidance: ImageGuidance
    planned_date: date
    instructions: tuple[Instruction, ...]
    rehab: RehabProtocol
    schedule: FollowUpSchedule
    instruments: tuple[str, ...]
    follow_up: tuple[DueDate, ...]
    expected_course: tuple[str, ...]
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (dates as ISO text) for storage and the plan PDF."""
        return {
            "version": self.version,
            "condition_code": self.condition_code,
            "side": self.side.value,
            "cell_source": self.cell_source.code,
            "ind_number": self.ind_number,
            "targets": list(self.targets),
            "image_guidance": self.image_guidance.value,
            "planned_date": self.planned_date.isoformat(),
            "instructions": [
                {
                    "medication": i.medication,
                    "class": i.med_class.value,
                    "action": i.action.value,
                    "stop_by": i.stop_by.isoformat() if i.stop_by else None,
                    "text": i.text,
                }
                for i in self.instructions
            ],
            "rehab": self.rehab.code,
            "schedule": self.schedule.code,
            "instruments": list(self.instruments),
            "follow_up": [
                {
                    "timepoint": d.timepoint,
                    "due": d.due.isoformat(),
                    "window_start": d.window_start.isoformat(),
                    "window_end": d.window_end.isoformat(),
                    "instruments": list(instruments_at(self, d.timepoint)),
                }
                for d in self.follow_up
            ],
            "expected_course": list(self.expected_course),
            "warnings": list(self.warnings),
        }


def instruments_for(timepoint: Timepoint, instruments: Iterable[str]) -> tuple[str, ...]:
    """Return the instruments asked at `timepoint` (no change-only instrument at baseline)."""
    return tuple(
        code
        for code in instruments
        if not (timepoint.is_baseline and code in CHANGE_ONLY_INSTRUMENTS)
    )


def instruments_at(plan: Plan, timepoint_code: str) -> tuple[str, ...]:
    """Return the instruments a plan asks at one of its timepoints (by code)."""
    for tp in plan.schedule.timepoints:
        if tp.code == timepoint_code:
            return instruments_for(tp, plan.instruments)
    raise KeyError(timepoint_code)


def build_plan(
    template: PlanTemplate,
    *,
    side: Side | str,
    planned_date: date,
    medications: Iterable[Medication],
    today: date,
    cell_source: str | None = None,
    targets: Iterable[str] | None = None,
    image_guidance: ImageGuidance | str | None = None,
    instruments: Iterable[str] | None = None,
    ind_number: str | None = None,
    rules: RuleSet = DEFAULT_RULES,
    sources: tuple[CellSourceInfo, ...] = CELL_SOURCES,
) -> Plan:
    """Return a plan from `template` with the physician's choices (None = the template default).

    Raises PlanError naming every bad choice: a side the condition does not allow, a date before
    `today`, unknown targets, source, guidance or instruments, or an FDA-approval source without
    an IND number.
    """
    errors: dict[str, str] = {}
    condition = get_condition(template.condition_code)
    chosen_side: Side | None = None
    if side in tuple(Side) and Side(side) in condition.sides:
        chosen_side = Side(side)
    else:
        errors["side"] = f"must be one of {', '.join(condition.sides)} for {condition.label}"
    if planned_date < today:
        errors["planned_date"] = f"{planned_date.isoformat()} is before today"
    chosen_targets = tuple(template.default_targets if targets is None else targets)
    bad = [t for t in chosen_targets if t not in template.target_options]
    if not chosen_targets:
        errors["targets"] = "choose at least one target"
    elif bad:
        errors["targets"] = f"not a target of this template: {', '.join(bad)}"
    source: CellSourceInfo | None = None
    code = template.default_cell_source if cell_source is None else cell_source
    try:
        source = get_cell_source(code, sources)
    except UnknownCellSourceError as error:
        errors["cell_source"] = str(error)
    if source is not None and source.code not in template.cell_sources:
        errors["cell_source"] = f"{source.label} is not offered for {condition.label}"
    elif source is not None and source.requires_fda_approval and not (ind_number or "").strip():
        errors["cell_source"] = f"{source.warning} Enter the IND number to plan it."
    guidance = template.image_guidance if image_guidance is None else image_guidance
    if guidance not in tuple(template.guidance_options):
        errors["image_guidance"] = f"must be one of {', '.join(template.guidance_options)}"
    chosen_instruments = tuple(template.instruments if instruments is None else instruments)
    extra = [c for c in chosen_instruments if c not in template.instruments]
    if not chosen_instruments or extra:
        errors["instruments"] = f"choose from {', '.join(template.instruments)}"
    if errors:
        raise PlanError(errors)
    assert source is not None and chosen_side is not None
    meds = tuple(medications)
    steps = tuple(pre_procedure_instructions(meds, planned_date, rules, today=today))
    warnings = [source.warning] if source.warning else []
    warnings += [i.text for i in steps if i.action is Action.TOO_LATE]
    warnings += list(template.notes)
    return Plan(
        version=PLANNING_VERSION,
        condition_code=template.condition_code,
        side=chosen_side,
        cell_source=source,
        ind_number=(ind_number or "").strip() or None,
        targets=chosen_targets,
        image_guidance=ImageGuidance(guidance),
        planned_date=planned_date,
        instructions=steps,
        rehab=template.rehab,
        schedule=template.schedule,
        instruments=chosen_instruments,
        follow_up=tuple(follow_up_due_dates(template.schedule, planned_date)),
        expected_course=template.expected_course,
        warnings=tuple(warnings),
    )
