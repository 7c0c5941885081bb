"""Pre-procedure medication instructions, computed from the patient's medications.

The washout days are the candidacy RuleSet's (cell-therapy.md §5 "Configurable washouts":
NSAIDs 7 days by default, VERIFIED sources K1, K2; antiplatelet and anticoagulant pauses are
UNVERIFIED defaults). Safety first (project policy): an anticoagulant, an antiplatelet, a systemic
steroid or an immunosuppressant is never to be stopped without the prescribing doctor — stopping
them can cause a clot, a heart attack or a steroid crisis — so the instruction says so and gives
the clinic's usual pause only as information for that conversation.

A washout of N days means the last dose is on or before planned_date − N days (the same rule as
the candidacy deferral: the procedure is possible N days after the last dose).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from regenpath.domain.candidacy import DEFAULT_RULES, Medication, MedicationClass, RuleSet


class Action(StrEnum):
    STOP = "stop"  # stop on or before `stop_by`
    KEEP_OFF = "keep_off"  # already stopped in time; do not restart before the procedure
    TOO_LATE = "too_late"  # the washout cannot be met for the planned date
    ASK_PRESCRIBER = "ask_prescriber"  # do not stop without the prescribing doctor
    CONTINUE = "continue"  # keep taking as usual


@dataclass(frozen=True)
class Instruction:
    """What to do with one medication before the procedure, in plain words."""

    medication: str
    med_class: MedicationClass
    action: Action
    stop_by: date | None
    text: str
    source: str
    verification: str


_NSAID_SOURCE = "cell-therapy.md §5 NSAID washout (K1, K2, D3, K5)"
_PRESCRIBER_SOURCE = (
    "cell-therapy.md §5: anticoagulants/antiplatelets not an explicit trial criterion — "
    "manage clinically (UNVERIFIED); project policy: never stop without the prescriber"
)
_IMMUNO_SOURCE = "cell-therapy.md §5 Immunosuppression (K1, K2, D3); project policy: prescriber"
_NO_RESTART = "Ask your clinic before you take it again after the procedure."


def _day(day: date) -> str:
    """Return a date as patients read it, e.g. "Wednesday 11 November 2026" (not ISO)."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _washout_days(med_class: MedicationClass, rules: RuleSet) -> int | None:
    return {
        MedicationClass.NSAID: rules.nsaid_washout_days,
        MedicationClass.ANTIPLATELET: rules.antiplatelet_washout_days,
        MedicationClass.ANTICOAGULANT: rules.anticoagulant_washout_days,
    }.get(med_class)


def _nsaid(med: Medication, planned: date, days: int, today: date | None) -> Instruction:
    stop_by = planned - timedelta(days=days)
    when = f"{days} days before your procedure on {_day(planned)}"
    if med.last_dose is not None and med.last_dose <= stop_by:
        action = Action.KEEP_OFF
        text = (
            f"You last took {med.name} on {_day(med.last_dose)}. Do not take it again "
            f"before your procedure on {_day(planned)}. {_NO_RESTART}"
        )
    elif med.last_dose is not None or (today is not None and stop_by < today):
        action = Action.TOO_LATE
        start = med.last_dose if med.last_dose is not None else today
        assert start is not None
        earliest = start + timedelta(days=days)
        text = (
            f"{med.name} must be stopped {when}, and that is no longer possible. Stop it now "
            f"and tell your clinic: the procedure needs to move to {_day(earliest)} or "
            "later."
        )
    else:
        action = Action.STOP
        text = (
            f"Take your last dose of {med.name} on or before {_day(stop_by)} ({when}). "
            f"Ask your clinic which pain relief you can use instead. {_NO_RESTART}"
        )
    return Instruction(med.name, med.med_class, action, stop_by, text, _NSAID_SOURCE, "VERIFIED")


def _antithrombotic(med: Medication, planned: date, days: int) -> Instruction:
    stop_by = planned - timedelta(days=days)
    kind = "blood thinner" if med.med_class is MedicationClass.ANTICOAGULANT else "antiplatelet"
    text = (
        f"Do not stop {med.name} without your prescribing doctor's advice. It is a {kind}, and "
        "stopping it can be dangerous. Your clinic will agree with your prescribing doctor "
        "whether, and when, to pause it. If a pause is agreed, the clinic's usual last dose "
        f"would be on {_day(stop_by)} ({days} days before your procedure)."
    )
    return Instruction(
        med.name,
        med.med_class,
        Action.ASK_PRESCRIBER,
        stop_by,
        text,
        _PRESCRIBER_SOURCE,
        "UNVERIFIED",
    )


def _immunosuppressant(med: Medication) -> Instruction:
    text = (
        f"Do not stop {med.name} on your own: stopping it suddenly can be harmful. Talk to your "
        "prescribing doctor and your clinic before your procedure."
    )
    return Instruction(
        med.name, med.med_class, Action.ASK_PRESCRIBER, None, text, _IMMUNO_SOURCE, "VERIFIED"
    )


def _other(med: Medication) -> Instruction:
    text = f"Keep taking {med.name} as usual, unless your doctor tells you otherwise."
    return Instruction(
        med.name, med.med_class, Action.CONTINUE, None, text, "project policy", "project policy"
    )


def pre_procedure_instructions(
    medications: Iterable[Medication],
    planned_date: date,
    rules: RuleSet = DEFAULT_RULES,
    *,
    today: date | None = None,
) -> list[Instruction]:
    """Return one instruction per medication, in the order given.

    With `today`, an NSAID whose last allowed dose date is already past is TOO_LATE.
    """
    out: list[Instruction] = []
    for med in medications:
        days = _washout_days(med.med_class, rules)
        if med.med_class is MedicationClass.NSAID:
            assert days is not None
            out.append(_nsaid(med, planned_date, days, today))
        elif days is not None:
            out.append(_antithrombotic(med, planned_date, days))
        elif med.med_class in (MedicationClass.SYSTEMIC_STEROID, MedicationClass.IMMUNOSUPPRESSANT):
            out.append(_immunosuppressant(med))
        else:
            out.append(_other(med))
    return out
