"""Tests for treatment planning: templates, cell sources, follow-up dates, instructions."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta

import pytest

from regenpath.domain.candidacy import DEFAULT_RULES, Medication, MedicationClass
from regenpath.domain.candidacy.groups import ConditionGroup, condition_group
from regenpath.domain.conditions import CONDITIONS, Side, UnknownConditionError
from regenpath.domain.instruments import REGISTRY
from regenpath.domain.planning import (
    CELL_SOURCES,
    DISC_SCHEDULE,
    JOINT_SCHEDULE,
    REHAB_PROTOCOLS,
    SCHEDULES,
    TEMPLATES,
    TENDON_SCHEDULE,
    Action,
    CellSource,
    DueDate,
    FollowUpSchedule,
    ImageGuidance,
    Instruction,
    PlanError,
    RehabProtocol,
    UnknownCellSourceError,
    build_plan,
    follow_up_due_dates,
    get_cell_source,
    instruments_at,
    pre_procedure_instructions,
    template_for,
)

TODAY = date(2027, 1, 1)
PLANNED = date(2027, 2, 1)
KNEE = template_for("knee-oa")
NSAID, OTHER = MedicationClass.NSAID, MedicationClass.OTHER

# --- templates --------------------------------------------------------------------------------


def test_templates_cover_every_condition() -> None:
    assert set(TEMPLATES) == {c.code for c in CONDITIONS}
    with pytest.raises(UnknownConditionError):
        template_for("elbow-oa")


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_template_is_valid(code: str) -> None:
    template = TEMPLATES[code]
    assert template.instruments and set(template.instruments) <= set(REGISTRY)
    assert template.target_options
    assert set(template.default_targets) <= set(template.target_options)
    assert template.default_cell_source in template.cell_sources
    assert set(template.cell_sources) <= {s.code for s in CELL_SOURCES}
    assert template.image_guidance in template.guidance_options
    assert template.schedule in SCHEDULES and template.rehab in REHAB_PROTOCOLS
    course = " ".join(template.expected_course)
    for phrase in (
        "weeks to months",
        "Results vary",
        "not guaranteed",
        "not a cure",
        "rehabilitation",
    ):
        assert phrase in course


@pytest.mark.parametrize(
    ("code", "schedule", "rehab", "guidance"),
    [
        ("knee-oa", "joint", "knee-oa", ImageGuidance.ULTRASOUND),
        ("hip-oa", "joint", "joint", ImageGuidance.ULTRASOUND),
        ("facet-arthropathy", "joint", "joint", ImageGuidance.FLUOROSCOPY),
        ("lumbar-disc-degeneration", "disc", "general", ImageGuidance.FLUOROSCOPY),
        ("cervical-disc-degeneration", "disc", "general", ImageGuidance.FLUOROSCOPY),
        ("achilles-tendinopathy", "tendon", "tendon", ImageGuidance.ULTRASOUND),
        ("ligament-injury", "tendon", "tendon", ImageGuidance.ULTRASOUND),
        ("peripheral-neuropathic-pain", "joint", "general", ImageGuidance.ULTRASOUND),
    ],
)
def test_template_group_choices(code: str, schedule: str, rehab: str, guidance: str) -> None:
    template = template_for(code)
    assert (template.schedule.code, template.rehab.code, template.image_guidance) == (
        schedule,
        rehab,
        guidance,
    )


def test_template_disc_has_levels_but_no_default_target() -> None:
    template = template_for("lumbar-disc-degeneration")
    assert "Intradiscal: L4–L5" in template.target_options
    assert template.default_targets == ()


def test_template_inflammatory_arthritis_notes_the_exclusion() -> None:
    assert any("override" in note for note in template_for("inflammatory-arthritis").notes)


@pytest.mark.parametrize("protocol", REHAB_PROTOCOLS, ids=lambda p: p.code)
def test_rehab_phases_are_contiguous_from_day_0(protocol: RehabProtocol) -> None:
    phases = protocol.phases
    assert phases[0].start_day == 0
    assert [p.number for p in phases] == list(range(1, len(phases) + 1))
    for before, after in itertools.pairwise(phases):
        assert before.end_day is not None and after.start_day == before.end_day + 1
    assert phases[-1].end_day is None


def test_rehab_tendon_has_no_eccentrics_before_week_6() -> None:
    # cell-therapy.md §7 Table 2: day 4 to week 6 "no eccentrics"; weeks 6–12 start eccentric.
    phases = template_for("achilles-tendinopathy").rehab.phases
    assert "No lengthening (eccentric)" in phases[1].content and phases[1].end_day == 42
    assert "eccentric" in phases[2].content and phases[2].start_day == 43


# --- schedules --------------------------------------------------------------------------------


def _offsets(schedule: FollowUpSchedule) -> list[tuple[int, int]]:
    return [(tp.months, tp.days) for tp in schedule.timepoints]


def test_schedules_follow_section_6() -> None:
    # Centeno NCT02034032; Mesoblast NCT01290367; NCT03449082 (cell-therapy.md §6).
    assert _offsets(JOINT_SCHEDULE) == [(0, 0), (0, 42), (3, 0), (6, 0), (12, 0), (24, 0)]
    assert _offsets(DISC_SCHEDULE) == [(0, 0), (0, 30), (3, 0), (6, 0), (12, 0), (24, 0), (36, 0)]
    assert _offsets(TENDON_SCHEDULE) == [(0, 0), (0, 42), (0, 84), (6, 0), (12, 0), (24, 0)]


PROCEDURE_DATES = [date(2027, 1, 31), date(2027, 8, 31), date(2028, 2, 29), date(2027, 6, 15)]


@pytest.mark.parametrize("schedule", SCHEDULES, ids=lambda s: s.code)
@pytest.mark.parametrize("procedure", PROCEDURE_DATES, ids=str)
def test_schedule_due_dates_increase_and_windows_do_not_overlap(
    schedule: FollowUpSchedule, procedure: date
) -> None:
    dues = follow_up_due_dates(schedule, procedure)
    assert dues[0] == DueDate("baseline", procedure, procedure - timedelta(days=30), procedure)
    for due in dues:
        assert due.window_start <= due.due <= due.window_end
    for before, after in itertools.pairwise(dues):
        assert before.due < after.due
        assert before.window_end < after.window_start


def test_follow_up_due_dates_at_month_end() -> None:
    dues = {d.timepoint: d for d in follow_up_due_dates(JOINT_SCHEDULE, date(2027, 1, 31))}
    assert dues["6w"] == DueDate("6w", date(2027, 3, 14), date(2027, 3, 7), date(2027, 3, 28))
    assert dues["3m"].due == date(2027, 4, 30)
    assert dues["6m"] == DueDate("6m", date(2027, 7, 31), date(2027, 7, 1), date(2027, 8, 30))
    assert dues["12m"].due == date(2028, 1, 31)
    assert dues["24m"].due == date(2029, 1, 31)
    leap = {d.timepoint: d.due for d in follow_up_due_dates(JOINT_SCHEDULE, date(2027, 8, 31))}
    assert leap["6m"] == date(2028, 2, 29)
    disc = {d.timepoint: d.due for d in follow_up_due_dates(DISC_SCHEDULE, date(2027, 1, 31))}
    assert (disc["30d"], disc["36m"]) == (date(2027, 3, 2), date(2030, 1, 31))


# --- cell sources -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", [CellSource.SVF, CellSource.ALLOGENEIC, CellSource.CULTURE_EXPANDED]
)
def test_cell_source_outside_the_exception_requires_fda_approval(code: str) -> None:
    source = get_cell_source(code)
    assert source.requires_fda_approval and not source.same_procedure
    assert source.warning.startswith("Requires FDA approval (an IND)")
    assert "21 CFR 1271.10(a)" in source.warning and "21 CFR 1271.15(b)" in source.warning


@pytest.mark.parametrize("code", [CellSource.BMAC, CellSource.MFAT])
def test_cell_source_same_procedure_has_no_warning_but_an_unverified_note(code: str) -> None:
    source = get_cell_source(code)
    assert source.same_procedure and not source.requires_fda_approval and source.warning == ""
    assert "UNVERIFIED" in source.regulatory_note and source.verification == "UNVERIFIED"


def test_cell_source_unknown_and_configurable() -> None:
    with pytest.raises(UnknownCellSourceError):
        get_cell_source("prp")
    only_bmac = (get_cell_source("bmac"),)
    assert get_cell_source("bmac", only_bmac).code == "bmac"
    with pytest.raises(UnknownCellSourceError):
        get_cell_source("mfat", only_bmac)


# --- build_plan -------------------------------------------------------------------------------


def test_build_plan_uses_the_template_defaults() -> None:
    plan = build_plan(KNEE, side="left", planned_date=PLANNED, medications=[], today=TODAY)
    assert (plan.side, plan.cell_source.code, plan.targets) == (
        Side.LEFT,
        "bmac",
        ("Intra-articular: Knee joint",),
    )
    assert plan.follow_up == tuple(follow_up_due_dates(JOINT_SCHEDULE, PLANNED))
    assert plan.warnings == () and plan.instructions == ()
    assert json.loads(json.dumps(plan.to_dict()))["follow_up"][1]["timepoint"] == "6w"


def test_build_plan_pgic_is_not_asked_at_baseline() -> None:
    plan = build_plan(KNEE, side="left", planned_date=PLANNED, medications=[], today=TODAY)
    assert "pgic" not in instruments_at(plan, "baseline")
    assert "pgic" in instruments_at(plan, "6w")


def test_build_plan_collects_every_bad_choice() -> None:
    with pytest.raises(PlanError) as caught:
        build_plan(
            template_for("lumbar-disc-degeneration"),
            side="up",
            planned_date=TODAY - timedelta(days=1),
            medications=[],
            today=TODAY,
            image_guidance="mri",
            instruments=["koos"],
        )
    assert set(caught.value.errors) == {
        "side",
        "planned_date",
        "targets",
        "image_guidance",
        "instruments",
    }


def test_build_plan_today_is_a_valid_date() -> None:
    build_plan(KNEE, side="right", planned_date=TODAY, medications=[], today=TODAY)


def test_build_plan_refuses_a_foreign_target() -> None:
    with pytest.raises(PlanError) as caught:
        build_plan(
            KNEE,
            side="left",
            planned_date=PLANNED,
            medications=[],
            today=TODAY,
            targets=["Intradiscal: L4–L5"],
        )
    assert list(caught.value.errors) == ["targets"]


@pytest.mark.parametrize("code", ["svf", "allogeneic", "culture_expanded"])
def test_build_plan_fda_source_needs_an_ind(code: str) -> None:
    with pytest.raises(PlanError) as caught:
        build_plan(
            KNEE, side="left", planned_date=PLANNED, medications=[], today=TODAY, cell_source=code
        )
    assert "Requires FDA approval" in caught.value.errors["cell_source"]
    plan = build_plan(
        KNEE,
        side="left",
        planned_date=PLANNED,
        medications=[],
        today=TODAY,
        cell_source=code,
        ind_number=" IND 012345 ",
    )
    assert plan.ind_number == "IND 012345"
    assert plan.warnings[0] == get_cell_source(code).warning


def test_build_plan_warns_when_a_washout_cannot_be_met() -> None:
    plan = build_plan(
        KNEE,
        side="left",
        planned_date=TODAY + timedelta(days=3),
        today=TODAY,
        medications=[Medication("Ibuprofen", NSAID)],
    )
    assert plan.instructions[0].action is Action.TOO_LATE
    assert plan.warnings == (plan.instructions[0].text,)


# --- pre-procedure instructions ---------------------------------------------------------------


def _one(med: Medication, today: date | None = None) -> Instruction:
    (instruction,) = pre_procedure_instructions([med], PLANNED, DEFAULT_RULES, today=today)
    return instruction


def test_instructions_nsaid_stop_on_the_last_possible_day() -> None:
    stop_by = PLANNED - timedelta(days=7)
    inst = _one(Medication("Ibuprofen", NSAID), today=stop_by)
    assert (inst.action, inst.stop_by) == (Action.STOP, stop_by)
    assert inst.text.startswith(
        "Take your last dose of Ibuprofen on or before Monday 25 January 2027 (7 days before your "
        "procedure on Monday 1 February 2027)."
    )


def test_instructions_nsaid_one_day_too_late() -> None:
    inst = _one(Medication("Ibuprofen", NSAID), today=PLANNED - timedelta(days=6))
    assert inst.action is Action.TOO_LATE
    assert "Tuesday 2 February 2027 or later" in inst.text


def test_instructions_nsaid_already_stopped() -> None:
    in_time = _one(Medication("Ibuprofen", NSAID, PLANNED - timedelta(days=7)))
    assert in_time.action is Action.KEEP_OFF
    late = _one(Medication("Ibuprofen", NSAID, PLANNED - timedelta(days=6)))
    assert late.action is Action.TOO_LATE
    assert "Tuesday 2 February 2027 or later" in late.text


def test_instructions_without_today_never_too_late_for_ongoing() -> None:
    inst = _one(Medication("Ibuprofen", NSAID))
    assert inst.action is Action.STOP


@pytest.mark.parametrize(
    ("cls", "days"), [(MedicationClass.ANTICOAGULANT, 5), (MedicationClass.ANTIPLATELET, 7)]
)
def test_instructions_antithrombotic_never_stopped_without_prescriber(
    cls: MedicationClass, days: int
) -> None:
    inst = _one(Medication("Drug", cls), today=TODAY)
    assert inst.action is Action.ASK_PRESCRIBER
    assert inst.text.startswith("Do not stop Drug without your prescribing doctor's advice.")
    assert inst.stop_by == PLANNED - timedelta(days=days)
    assert inst.verification == "UNVERIFIED"


@pytest.mark.parametrize(
    "cls", [MedicationClass.SYSTEMIC_STEROID, MedicationClass.IMMUNOSUPPRESSANT]
)
def test_instructions_steroid_and_immunosuppressant_ask_the_prescriber(
    cls: MedicationClass,
) -> None:
    inst = _one(Medication("Drug", cls))
    assert inst.action is Action.ASK_PRESCRIBER
    assert "Do not stop Drug on your own" in inst.text


def test_instructions_other_medicines_continue() -> None:
    inst = _one(Medication("Metformin", OTHER))
    assert inst.action is Action.CONTINUE


def test_instructions_follow_the_clinic_washout() -> None:
    rules = DEFAULT_RULES.with_overrides(nsaid_washout_days=2)
    (inst,) = pre_procedure_instructions([Medication("Ibuprofen", NSAID)], PLANNED, rules)
    assert inst.stop_by == PLANNED - timedelta(days=2)


def test_instructions_keep_the_order_given() -> None:
    meds = [Medication("B", OTHER), Medication("A", NSAID), Medication("C", OTHER)]
    assert [i.medication for i in pre_procedure_instructions(meds, PLANNED)] == ["B", "A", "C"]


def test_condition_groups_have_schedules_for_all() -> None:
    for condition in CONDITIONS:
        group = condition_group(condition.code)
        expected = {
            ConditionGroup.DISC: DISC_SCHEDULE,
            ConditionGroup.TENDON: TENDON_SCHEDULE,
        }.get(group, JOINT_SCHEDULE)
        assert template_for(condition.code).schedule == expected


def test_timepoints_cover_every_schedule_in_time_order() -> None:
    from regenpath.domain.planning.schedules import SCHEDULES, TIMEPOINTS

    used = {t.code for schedule in SCHEDULES for t in schedule.timepoints}
    assert used == {t.code for t in TIMEPOINTS}
    offsets = [(t.months * 31 + t.days) for t in TIMEPOINTS]
    assert offsets == sorted(offsets)
