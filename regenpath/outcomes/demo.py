"""Synthetic questionnaires and licence references for the demo clinic (never for real clinics).

The demo records a licence reference for every instrument that needs one, saying plainly that
it is a demo deployment (issue 3), and gives a few dozen follow-up episodes a baseline and
follow-up questionnaires so that score panels and charts have something to show. Answers are
generated, valid per the scoring engine, and scored by it.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from regenpath.audit.actions import record_event
from regenpath.clinics.models import Clinic, Membership
from regenpath.domain.instruments import REGISTRY, get
from regenpath.domain.instruments.textpack import licence_required
from regenpath.domain.roles import Role
from regenpath.domain.stages import Stage
from regenpath.outcomes.actions import build_derived, build_response, record_licence
from regenpath.outcomes.models import OutcomeSettings, QuestionnaireResponse
from regenpath.patients.models import Episode

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
# Follow-up timepoints after the procedure, in days (DESIGN.md "Follow-up").
FOLLOW_UPS = (("6w", 42), ("3m", 91), ("6m", 182), ("12m", 365), ("24m", 730))
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


def _instruments(episode: Episode) -> list[str]:
    primary = next(
        (c for c in episode.condition.instruments if c in CODE_DIRECTION and c != "nrs-pain"),
        None,
    )
    return [c for c in (primary, "nrs-pain") if c is not None]


def _treated_on(episode: Episode) -> dt.date | None:
    days = [c.at.date() for c in episode.stage_changes.all() if c.to_stage == Stage.TREATED]
    return max(days) if days else None


@transaction.atomic
def seed_demo_responses(clinic: Clinic, rng: random.Random, today: dt.date) -> int:
    """Add baseline and follow-up questionnaires to up to 36 follow-up episodes; return the count.

    Reproducible for the same clinic data, rng state and `today`. Baselines fall 1–4 weeks before
    the (latest) treatment; follow-ups at 6 weeks, 3, 6, 12 and 24 months after it, up to `today`.
    Answers drift from a baseline level towards improvement, with some patients not improving.
    """
    _refuse_real(clinic)
    coordinator = (
        Membership.objects.filter(clinic=clinic, role=Role.COORDINATOR, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    by = coordinator.user if coordinator is not None else None
    episodes = list(
        Episode.objects.filter(clinic=clinic, stage=Stage.FOLLOW_UP)
        .select_related("patient")
        .prefetch_related("stage_changes")
        .order_by("pk")
    )
    # Among the episodes followed longest (so the charts have several points), a random few.
    treated = [(day, e.pk, e) for e in episodes if (day := _treated_on(e)) is not None]
    pool = [e for _, _, e in sorted(treated)[: 2 * EPISODES]]
    chosen = sorted(rng.sample(pool, min(EPISODES, len(pool))), key=lambda e: e.pk)
    settings = OutcomeSettings.objects.filter(clinic=clinic).first()
    womac = bool(settings and settings.derive_womac_from_koos)
    now = timezone.now()
    main: list[QuestionnaireResponse] = []
    for episode in chosen:
        treated_on = _treated_on(episode)
        assert treated_on is not None  # chosen from treated episodes only
        start = rng.uniform(0.5, 0.8)
        gain = rng.choice((-0.1, 0.1, 0.3, 0.45, 0.55, 0.6))  # share of the baseline level lost
        visits = [("baseline", treated_on - dt.timedelta(days=rng.randint(7, 28)), 0)]
        visits += [
            (tp, treated_on + dt.timedelta(days=d + rng.randint(-5, 10)), d) for tp, d in FOLLOW_UPS
        ]
        for timepoint, day, after in visits:
            if day > today:
                break
            level = start * (1 - gain * min(1.0, after / 180))
            for code in _instruments(episode):
                main.append(
                    build_response(
                        episode=episode,
                        instrument=code,
                        responses=_answers(code, min(max(level, 0.02), 0.98), rng),
                        source="staff",
                        timepoint=timepoint,
                        completed_on=day,
                        by=by,
                        now=now,
                    )
                )
    saved = QuestionnaireResponse.objects.bulk_create(main)
    derived = [d for r in saved for d in build_derived(r, womac_enabled=womac, now=now)]
    QuestionnaireResponse.objects.bulk_create(derived)
    record_event(
        action="seed.responses",
        by=None,
        clinic_id=clinic.pk,
        changes={"responses": len(saved), "derived": len(derived), "synthetic": True},
    )
    return len(saved) + len(derived)
