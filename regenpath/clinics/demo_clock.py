"""Run one demo journey step as if at a past moment, for the synthetic demo clinic only.

The demo's treated and follow-up patients had their procedures months ago, but several actions
read the clock themselves instead of taking `now` (recording a screening, signing a decision or
plan, witnessing and recording consent, every stage move, every procedure-day step, adverse
events). Inside `step_at(moment)` the `timezone` name of exactly those action modules is a
stand-in whose now() is `moment`; the clock itself is not changed.

Nothing else is affected: the audit trail (regenpath.audit), auto_now fields, questionnaires and
Django itself keep the real clock, so every audit event says truthfully when the demo was seeded.
Demo seeding runs in one thread before the server starts. Remove this module once those actions
take a `now` argument, as create_patient_link and sign_consent already do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from django.utils import timezone as django_timezone

from regenpath.patients import actions as patient_actions
from regenpath.plans import actions as plan_actions
from regenpath.plans import consent_actions
from regenpath.procedures import actions as procedure_actions
from regenpath.screening import actions as screening_actions

CLOCKED_MODULES: tuple[ModuleType, ...] = (
    patient_actions,
    screening_actions,
    plan_actions,
    consent_actions,
    procedure_actions,
)


class _StoppedClock:
    """A stand-in for django.utils.timezone whose now() is one fixed, aware moment."""

    def __init__(self, moment: dt.datetime) -> None:
        if django_timezone.is_naive(moment):
            raise ValueError("a demo step needs an aware datetime")
        self._moment = moment

    def now(self) -> dt.datetime:
        return self._moment

    def localtime(self, value: dt.datetime | None = None, timezone: Any = None) -> dt.datetime:
        return django_timezone.localtime(self._moment if value is None else value, timezone)

    def localdate(self, value: dt.datetime | None = None, timezone: Any = None) -> dt.date:
        return django_timezone.localdate(self._moment if value is None else value, timezone)

    def __getattr__(self, name: str) -> Any:
        return getattr(django_timezone, name)


@contextmanager
def step_at(moment: dt.datetime) -> Iterator[None]:
    """Run the block with the clocked action modules reading `moment` as the time now.

    Raises RuntimeError if a module no longer reads `timezone` (its import changed): the demo
    would otherwise silently date its records today.
    """
    stand_in = _StoppedClock(moment)
    for module in CLOCKED_MODULES:
        if getattr(module, "timezone", None) is not django_timezone:
            raise RuntimeError(f"{module.__name__} no longer reads django.utils.timezone")
    for module in CLOCKED_MODULES:
        module.timezone = stand_in  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module in CLOCKED_MODULES:
            module.timezone = django_timezone  # type: ignore[attr-defined]
