"""Synthetic questionnaires and licence references for the demo clinic (never for real clinics).

The demo records a licence reference for every instrument that needs one, saying plainly that
it is a demo deployment (issue 3), and gives the demo journeys' treated episodes a baseline and
follow-up questionnaires dated around their real procedure (regenpath.clinics.demo_journeys), so
that score panels and charts have something to show. Answers are generated, valid per the
scoring engine, and scored by it.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from regenpath.audit.actions import record_event
from regenpath.clinics.models import Clinic, Membership
from regenpath.domain.instruments import REGISTRY, get
from regenpath.domain.instruments.textpack import licence_required
from regenpath.domain.planning import template_for
from regenpath.domain.planning.schedules import FollowUpSchedule, due_date
from regenpath.domain.roles import Role
from regenpath.outcomes.actions import record_licence, record_response
from regenpath.patients.models import Episode
from regenpath.procedures.models import ProcedureCase

DEMO_LICENCE_HOLDER = "regenpath demo"
DEMO_LICENCE_REFERENCE = "demo deployment — synthetic data, not for clinical use"

# Instruments the generator can fill believably: True when a higher response code means a worse
# state on every item (so a recovering patient's codes fall), False when higher means better.
# Others (PROMIS with reversed items, VISA-A's alternative Q8, screening tools) are not generated.
CODE_DIRECTION: dict[str, bool] = {
    "nrs-pain": True,
    "bpi-sf": True,
    "koos": True,
    "hoos": True,
    "womac": True,
    "odi": True,
    "ndi": True,
    "quickdash": True,
    "lefs": False,
}
EPISODES = 36


class RealClinicError(ValueError):
    """Demo data goes only into synthetic clinics."""


def _refuse_real(clinic: Clinic) -> None:
    if not clinic.is_synthetic:
        raise RealClinicError(f"{clinic.slug} is not a synthetic clinic; demo data refused")


def record_demo_licences(clinic: Clinic) -> int:
    """Record the demo licence reference for every instrument that needs one; return the count."""
    _refuse_real(clinic)
    codes = [code for code in REGISTRY if licence_required(code)]
    for code in codes:
        record_licence(
            clinic=clinic,
            instrument=code,
            holder=DEMO_LICENCE_HOLDER,
            reference=DEMO_LICENCE_REFERENCE,
            expires=None,
            by=None,
        )
    return len(codes)


def _answers(code: str, badness: float, rng: random.Random) -> dict[str, int]:
    """Return synthetic answers around `badness` (0 best … 1 worst), a few items left blank."""
    worse_is_higher = CODE_DIRECTION[code]
    answers = {}
    items = get(code).items
    for item in items:
        if len(items) > 5 and rng.random() < 0.02:
            continue  # an occasional unanswered item on a long form, as on real forms
        level = badness if worse_is_higher else 1 - badness
        index = round(level * (len(item.codes) - 1) + rng.gauss(0, 0.7))
        answers[item.id] = item.codes[min(max(index, 0), len(item.codes) - 1)]
    return answers


def demo_instruments(episode: Episode) -> list[str]:
    """Return the instruments the demo asks for an episode: its condition's main one and NRS."""
    primary = next(
        (c for c in episode.condition.instruments if c in CODE_DIRECTION and c != "nrs-pain"),
        None,
    )
    return [c for c in (primary, "nrs-pain") if c is not None]


def _visits(
    performed_on: dt.date, schedule: FollowUpSchedule, rng: random.Random, today: dt.date
) -> list[tuple[str, dt.date, int]]:
    """Return (timepoint, completed on, days after the procedure) up to `today`.

    The baseline falls 3–21 days before the procedure (inside its 30-day window); each follow-up
    inside its window, at most a week early or ten days late; now and then one is missed.
    """
    visits = [("baseline", performed_on - dt.timedelta(days=rng.randint(3, 21)), 0)]
    for timepoint in schedule.timepoints:
        if timepoint.is_baseline:
            continue
        due = due_date(timepoint, performed_on)
        early = min(7, timepoint.window_before_days)
        late = min(10, timepoint.window_after_days)
        day = due.due + dt.timedelta(days=rng.randint(-early, late))
        if day > today:
            break
        if rng.random() < 0.08:
            continue  # a missed questionnaire, as coordinators chase in real clinics
        visits.append((timepoint.code, day, (day - performed_on).days))
    return visits


@transaction.atomic
def seed_demo_responses(clinic: Clinic, rng: random.Random, today: dt.date) -> int:
    """Enter baseline and follow-up questionnaires for up to 36 treated episodes; return the count.

    Only episodes with a performed procedure get questionnaires, anchored on its date: a baseline
    before it and follow-ups inside the windows of the condition's schedule, up to `today`. They
    are keyed in by the coordinator through outcomes.actions.record_response (scored, derived
    scores added, audited). Reproducible for the same clinic data, rng state and `today`. Answers
    drift from a baseline level towards improvement, with some patients not improving.
    """
    _refuse_real(clinic)
    coordinator = (
        Membership.objects.filter(clinic=clinic, role=Role.COORDINATOR, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    by = coordinator.user if coordinator is not None else None
    first_cases: dict[int, ProcedureCase] = {}
    for case in (
        ProcedureCase.objects.filter(clinic=clinic, performed_on__isnull=False)
        .select_related("episode__patient")
        .order_by("performed_on", "pk")
    ):
        first_cases.setdefault(case.episode_id, case)
    cases = list(first_cases.values())[:EPISODES]
    count = 0
    for case in cases:
        episode, performed_on = case.episode, case.performed_on
        assert performed_on is not None  # filtered above
        start = rng.uniform(0.5, 0.8)
        gain = rng.choice((-0.1, 0.1, 0.3, 0.45, 0.55, 0.6))  # share of the baseline level lost
        schedule = template_for(episode.condition_code).schedule
        for timepoint, day, after in _visits(performed_on, schedule, rng, today):
            level = start * (1 - gain * min(1.0, after / 180))
            for code in demo_instruments(episode):
                response = record_response(
                    episode=episode,
                    instrument=code,
                    responses=_answers(code, min(max(level, 0.02), 0.98), rng),
                    source="paper",
                    timepoint=timepoint,
                    completed_on=day,
                    by=by,
                    # A choice for the synthetic demo: average pain over the past 7 days.
                    recall_period="7d" if code == "nrs-pain" else "",
                )
                count += 1 + response.derived.count()
    record_event(
        action="seed.responses",
        by=None,
        clinic_id=clinic.pk,
        changes={"responses": count, "episodes": len(cases), "synthetic": True},
    )
    return count
