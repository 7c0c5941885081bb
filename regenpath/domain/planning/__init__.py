"""Treatment planning: cell sources, plan templates, follow-up schedules, rehab, instructions.

Public API (import from here): `CellSource`, `CellSourceInfo`, `CELL_SOURCES`,
`get_cell_source`; `PlanTemplate`, `TEMPLATES`, `template_for`, `ImageGuidance`,
`PLANNING_VERSION`; `Plan`, `PlanError`, `build_plan`, `instruments_at`, `instruments_for`;
`FollowUpSchedule`, `Timepoint`, `DueDate`, `follow_up_due_dates`, `SCHEDULES`;
`RehabProtocol`, `RehabPhase`, `REHAB_PROTOCOLS`; `Instruction`, `Action`,
`pre_procedure_instructions`. Sources: cell-therapy.md §3, §5, §6, §7.
"""

from __future__ import annotations

from regenpath.domain.planning.instructions import Action, Instruction, pre_procedure_instructions
from regenpath.domain.planning.plan import (
    CHANGE_ONLY_INSTRUMENTS,
    Plan,
    PlanError,
    build_plan,
    instruments_at,
    instruments_for,
)
from regenpath.domain.planning.rehab import (
    JOINT_REHAB,
    KNEE_OA_REHAB,
    REHAB_PROTOCOLS,
    SPINE_REHAB,
    TENDON_REHAB,
    RehabPhase,
    RehabProtocol,
)
from regenpath.domain.planning.schedules import (
    DISC_SCHEDULE,
    JOINT_SCHEDULE,
    SCHEDULES,
    TENDON_SCHEDULE,
    DueDate,
    FollowUpSchedule,
    Timepoint,
    due_date,
    follow_up_due_dates,
)
from regenpath.domain.planning.sources import (
    CELL_SOURCES,
    CellSource,
    CellSourceInfo,
    UnknownCellSourceError,
    get_cell_source,
)
from regenpath.domain.planning.templates import (
    PLANNING_VERSION,
    TEMPLATES,
    ImageGuidance,
    PlanTemplate,
    template_for,
)

__all__ = [
    "CELL_SOURCES",
    "CHANGE_ONLY_INSTRUMENTS",
    "DISC_SCHEDULE",
    "JOINT_REHAB",
    "JOINT_SCHEDULE",
    "KNEE_OA_REHAB",
    "PLANNING_VERSION",
    "REHAB_PROTOCOLS",
    "SCHEDULES",
    "SPINE_REHAB",
    "TEMPLATES",
    "TENDON_REHAB",
    "TENDON_SCHEDULE",
    "Action",
    "CellSource",
    "CellSourceInfo",
    "DueDate",
    "FollowUpSchedule",
    "ImageGuidance",
    "Instruction",
    "Plan",
    "PlanError",
    "PlanTemplate",
    "RehabPhase",
    "RehabProtocol",
    "Timepoint",
    "UnknownCellSourceError",
    "build_plan",
    "due_date",
    "follow_up_due_dates",
    "get_cell_source",
    "instruments_at",
    "instruments_for",
    "pre_procedure_instructions",
    "template_for",
]
