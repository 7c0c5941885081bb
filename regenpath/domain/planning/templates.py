"""A treatment-plan template per condition: cell source, targets, guidance, rehab, follow-up.

Built from the condition catalogue (regenpath.domain.conditions) and its evidence group
(candidacy.groups): targets come from the condition's body sites; the rehabilitation protocol
and follow-up schedule from the group (cell-therapy.md §6, §7); the instruments from the
condition's `instruments` (reference/instruments.md §3 codes). Image guidance by target is
project policy (the reference says only "image-guided"): ultrasound for limb joints, tendons,
ligaments and peripheral nerves; fluoroscopy for discs and facet joints. BMAC is the default
source everywhere: it is the product of most §5 trials (K1–K4, K6) and of the Centeno registry
(§8.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from regenpath.domain.candidacy.groups import ConditionGroup, condition_group
from regenpath.domain.conditions import CONDITIONS, get_condition
from regenpath.domain.planning.rehab import (
    JOINT_REHAB,
    KNEE_OA_REHAB,
    SPINE_REHAB,
    TENDON_REHAB,
    RehabProtocol,
)
from regenpath.domain.planning.schedules import (
    DISC_SCHEDULE,
    JOINT_SCHEDULE,
    TENDON_SCHEDULE,
    FollowUpSchedule,
)
from regenpath.domain.planning.sources import CELL_SOURCES, CellSource

# Stored with every plan so it can be rebuilt from the same templates. Bump on any change here
# or in sources, schedules, rehab or instructions.
PLANNING_VERSION = "planning-1"


class ImageGuidance(StrEnum):
    ULTRASOUND = "ultrasound"
    FLUOROSCOPY = "fluoroscopy"


@dataclass(frozen=True)
class PlanTemplate:
    """The defaults a physician starts a plan from for one condition."""

    condition_code: str
    default_cell_source: str
    cell_sources: tuple[str, ...]
    target_options: tuple[str, ...]
    default_targets: tuple[str, ...]
    image_guidance: ImageGuidance
    guidance_options: tuple[ImageGuidance, ...]
    rehab: RehabProtocol
    schedule: FollowUpSchedule
    instruments: tuple[str, ...]
    expected_course: tuple[str, ...]
    notes: tuple[str, ...]


_PREFIX = {
    ConditionGroup.JOINT: "Intra-articular",
    ConditionGroup.DISC: "Intradiscal",
    ConditionGroup.TENDON: "Tendon or ligament",
    ConditionGroup.NERVE: "Perineural",
}
_REHAB = {
    ConditionGroup.JOINT: JOINT_REHAB,
    ConditionGroup.DISC: SPINE_REHAB,
    ConditionGroup.TENDON: TENDON_REHAB,
    ConditionGroup.NERVE: SPINE_REHAB,
}
# §6 gives no nerve schedule; the joint one (DESIGN.md's default) is used (project policy).
_SCHEDULE = {
    ConditionGroup.JOINT: JOINT_SCHEDULE,
    ConditionGroup.DISC: DISC_SCHEDULE,
    ConditionGroup.TENDON: TENDON_SCHEDULE,
    ConditionGroup.NERVE: JOINT_SCHEDULE,
}
_SPINAL_JOINTS = frozenset({"facet-arthropathy"})

# Plain words (seeds: "gradual improvement over several weeks to months"; outcomes "vary
# depending on the condition being treated, the patient's age, and overall health"; "not a
# guaranteed cure"; rehabilitation is part of the treatment).
COURSE_GRADUAL = (
    "If the treatment helps, improvement usually comes slowly, over several weeks to months."
)
COURSE_VARIES = (
    "Results vary from person to person. They depend on your condition, your age and your "
    "general health."
)
COURSE_NOT_GUARANTEED = "Improvement is not guaranteed, and this treatment is not a cure."
COURSE_SORENESS = "Pain and swelling in the treated area for a few days afterwards is common."
COURSE_REHAB = "The exercise programme (rehabilitation) is part of the treatment."
COURSE_FOLLOW_UP = (
    "We will ask you to fill in short questionnaires at set times, so that you and your "
    "doctor can see how you are doing."
)
_COURSE_TENDON = "Your doctor will review your progress at about 3 months."


def _guidance(code: str, group: ConditionGroup) -> ImageGuidance:
    if group is ConditionGroup.DISC or code in _SPINAL_JOINTS:
        return ImageGuidance.FLUOROSCOPY
    return ImageGuidance.ULTRASOUND


def _notes(code: str, group: ConditionGroup) -> tuple[str, ...]:
    notes: list[str] = []
    if code == "inflammatory-arthritis":
        notes.append(
            "Candidacy excludes inflammatory arthritis in the target joint (cell-therapy.md §5: "
            "K1, K2, K6); a plan needs a clinician's override."
        )
    if group is ConditionGroup.NERVE:
        notes.append(
            "The reference has no trial, schedule or rehabilitation protocol for nerve "
            "injections; the joint schedule and a general protocol are used (project policy)."
        )
    if group is ConditionGroup.DISC:
        notes.append("Choose the disc level(s) from imaging; there is no default target.")
    return tuple(notes)


def _template(code: str) -> PlanTemplate:
    condition = get_condition(code)
    group = condition_group(code)
    targets = tuple(f"{_PREFIX[group]}: {site}" for site in condition.body_sites)
    default_targets = () if group is ConditionGroup.DISC else targets[:1]
    course = [COURSE_GRADUAL, COURSE_VARIES, COURSE_NOT_GUARANTEED, COURSE_SORENESS]
    if group is ConditionGroup.TENDON:
        course.append(_COURSE_TENDON)
    course += [COURSE_REHAB, COURSE_FOLLOW_UP]
    return PlanTemplate(
        condition_code=code,
        default_cell_source=CellSource.BMAC,
        cell_sources=tuple(s.code for s in CELL_SOURCES),
        target_options=targets,
        default_targets=default_targets,
        image_guidance=_guidance(code, group),
        guidance_options=tuple(ImageGuidance),
        rehab=KNEE_OA_REHAB if code == "knee-oa" else _REHAB[group],
        schedule=_SCHEDULE[group],
        instruments=condition.instruments,
        expected_course=tuple(course),
        notes=_notes(code, group),
    )


TEMPLATES: dict[str, PlanTemplate] = {c.code: _template(c.code) for c in CONDITIONS}


def template_for(condition_code: str) -> PlanTemplate:
    """Return the plan template of a condition.

    Raises conditions.UnknownConditionError for a code not in the catalogue.
    """
    get_condition(condition_code)
    return TEMPLATES[condition_code]
