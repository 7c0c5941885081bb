"""Walk about forty synthetic episodes of the demo clinic through the real actions.

Bulk seeding (patients.seeding) leaves episodes referred or assessed, because a bulk insert has
no decision, plan, consent or procedure to back a later stage. This module takes some of those
episodes and, as the demo physician, coordinator and technician, screens them, signs decisions,
plans, collects consent, schedules and carries out procedure days, and starts follow-up, so that
the demo shows every stage with its records: candidates, not candidates, deferrals, decisions
waiting for review, an override, plans, consents, three procedures on today's board (one
product quarantined by QC), recent and past procedures with their custody chains, a bedside hard
stop, an adverse event and a discharge. Questionnaires follow in outcomes.demo.

Each journey's facts fit its episode (condition, side, K–L grade, BMI, age, prior treatments)
and give the intended decision under candidacy.assess (checked). Dates come from a seeded
random.Random, so the same clinic data, seed and day give the same journeys. Synthetic clinics
only.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from regenpath.clinics import demo_steps as steps
from regenpath.clinics.demo_facts import BMI_HIGH, conservative_tried, facts_for, fits
from regenpath.clinics.models import Clinic
from regenpath.domain.candidacy import DEFAULT_RULES, Status
from regenpath.domain.conditions import Side, pain_duration_months
from regenpath.domain.identifiers import Din
from regenpath.domain.stages import Stage
from regenpath.patients.models import Episode
from regenpath.plans.models import TreatmentPlan
from regenpath.procedures.models import BiologicProduct, ProcedureCase, ProductType
from regenpath.screening.models import CandidacyDecision

DAY = dt.timedelta(days=1)
logger = logging.getLogger(__name__)

# Where each facts variant leaves the decision (demo_facts.VARIANTS).
EXPECTED: dict[str, Status] = {
    "clean": Status.CANDIDATE,
    "kl": Status.NEEDS_REVIEW,
    "bmi": Status.NEEDS_REVIEW,
    "anticoagulant": Status.NEEDS_REVIEW,
    "smoker": Status.NEEDS_REVIEW,
    "low-platelets": Status.NOT_CANDIDATE,
    "inflammatory": Status.NOT_CANDIDATE,
    "little-care": Status.NOT_CANDIDATE,
    "steroid-injection": Status.DEFERRED,
    "ha-injection": Status.DEFERRED,
    "nsaid": Status.DEFERRED,
}
OVERRIDE_JUSTIFICATION = (
    "Reviewed the radiographs with the patient: grade 4 changes are confined to one "
    "compartment, the patient declines joint replacement for now and accepts a lower chance "
    "of benefit."
)
QUARANTINE_REASON = (
    "Viability below the 90 % release criterion; held for the physician to decide (release "
    "under a documented exception or discard)."
)


@dataclass(frozen=True)
class Journey:
    """Where one episode's journey ends, with which facts, and how long ago it happened.

    `days_ago` is the screening day for journeys that end before a procedure, and the procedure
    day otherwise (0: scheduled for today). `conditions` limits the episodes it may take.
    """

    end: str
    variant: str
    days_ago: tuple[int, int]
    conditions: frozenset[str] | None = None
    adverse_event: bool = False
    wrong_scan: bool = False
    quarantine: bool = False


KNEE = frozenset({"knee-oa"})  # the effusion's wording and the override's justification


def _follow_ups() -> tuple[Journey, ...]:
    # Procedures from 8 weeks to 22 months ago, so charts have from two to six points; the
    # fourth patient has a knee effusion; two share a procedure day, and at the second one's
    # bedside the first one's label is scanned (a hard stop).
    ago = (56, 75, 100, 130, 160, 200, 200, 240, 290, 340, 400, 470, 560, 660)
    return tuple(
        Journey(
            "follow_up",
            "clean",
            (days, days),
            conditions=KNEE if i == 3 else None,
            adverse_event=i == 3,
            wrong_scan=i == 6,
        )
        for i, days in enumerate(ago)
    )


# In the order episodes are chosen: the oldest journeys first (few bulk episodes were assessed
# that long ago), then the rare findings, then the rest.
JOURNEYS: tuple[Journey, ...] = (
    Journey("closed", "clean", (760, 800)),
    *reversed(_follow_ups()),
    Journey("not_candidate", "inflammatory", (3, 60)),
    Journey("override", "kl", (20, 35), conditions=KNEE),
    Journey("deferred", "ha-injection", (1, 20)),
    Journey("deferred", "steroid-injection", (1, 20)),
    Journey("needs_review", "bmi", (1, 10)),
    Journey("not_candidate", "little-care", (3, 60)),
    Journey("treated", "clean", (1, 3)),
    Journey("today", "clean", (0, 0), quarantine=True),
    Journey("today", "clean", (0, 0)),
    Journey("today", "clean", (0, 0)),
    Journey("treated", "clean", (1, 3)),
    Journey("treated", "clean", (1, 3)),
    Journey("consented", "clean", (20, 45)),
    Journey("consented", "clean", (20, 45)),
    Journey("consented", "clean", (20, 45)),
    Journey("planned", "clean", (15, 40)),
    Journey("planned", "clean", (15, 40)),
    Journey("planned", "clean", (15, 40)),
    Journey("candidate", "clean", (2, 30)),
    Journey("candidate", "clean", (2, 30)),
    Journey("candidate", "clean", (2, 30)),
    Journey("candidate", "clean", (2, 30)),
    Journey("not_candidate", "low-platelets", (3, 60)),
    Journey("deferred", "nsaid", (1, 5)),
    Journey("needs_review", "anticoagulant", (1, 10)),
    Journey("needs_review", "smoker", (1, 10)),
)
PROCEDURE_ENDS = frozenset({"today", "treated", "follow_up", "closed"})
# Journeys that reach a scheduled procedure: one product for one side, so no bilateral episode.
ONE_SIDE_ENDS = PROCEDURE_ENDS | {"consented"}


def _closed(day: dt.date) -> bool:
    # The demo clinic works weekdays and closes from Christmas Eve to New Year's Day.
    return day.weekday() > 4 or (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1)


def _weekday(day: dt.date) -> dt.date:
    """Return `day`, or the last working day before it if the clinic is closed then."""
    while _closed(day):
        day -= DAY
    return day


def _next_weekday(day: dt.date) -> dt.date:
    """Return `day`, or the next working day after it if the clinic is closed then."""
    while _closed(day):
        day += DAY
    return day


# --- choosing episodes --------------------------------------------------------------------------


def _eligible(variant: str, episode: Episode, day: dt.date) -> bool:
    """Return whether the episode's own record fits the variant's decision on `day`."""
    prior = episode.prior_treatments
    if variant == "inflammatory":
        return (
            episode.condition_code == "inflammatory-arthritis"
            and pain_duration_months(episode.onset_date, day) > DEFAULT_RULES.min_pain_months
        )
    if variant == "kl":
        return fits(episode, day, kl=False) and episode.kl_grade == 4
    if variant == "bmi":
        return (
            fits(episode, day, bmi=False)
            and BMI_HIGH + 0.3 <= float(episode.bmi_at_referral or 0) <= 45
        )
    if variant == "little-care":
        return fits(episode, day, care=False) and conservative_tried(episode) < 2
    required = {
        "steroid-injection": "corticosteroid-injection",
        "ha-injection": "hyaluronic-acid-injection",
        "nsaid": "nsaids",
    }.get(variant)
    return fits(episode, day) and (required is None or required in prior)


@dataclass
class _Pool:
    """The bulk episodes still free to start a journey, one journey per patient."""

    episodes: list[Episode]
    used_patients: set[int]

    def take(self, journey: Journey, screening_day: dt.date) -> Episode | None:
        """Return the first free episode that fits the journey screened on that day."""
        for episode in self.episodes:
            if episode.patient_id in self.used_patients:
                continue
            if journey.end in ONE_SIDE_ENDS and episode.side == Side.BILATERAL:
                continue
            if journey.conditions and episode.condition_code not in journey.conditions:
                continue
            last = timezone.localdate(episode.stage_changed_at)
            if last > screening_day - 3 * DAY:
                continue
            if not _eligible(journey.variant, episode, screening_day):
                continue
            self.used_patients.add(episode.patient_id)
            self.episodes.remove(episode)
            return episode
        return None


# --- the journeys -------------------------------------------------------------------------------


@dataclass
class _Context:
    staff: steps.Staff
    rng: random.Random
    today: dt.date
    product_type: ProductType
    # Products administered on each day, for a wrong label scanned at a later bedside.
    by_day: dict[dt.date, list[BiologicProduct]]
    slots: Counter[dt.date]
    scheduled_ahead: int = 0


def _decide(
    episode: Episode, journey: Journey, day: dt.date, ctx: _Context, *, sign: bool = True
) -> CandidacyDecision:
    """Screen on `day` (the coordinator enters the facts) and sign as the physician."""
    facts = facts_for(episode, journey.variant, day, ctx.rng)
    decision = steps.screen(
        episode,
        facts,
        by=ctx.staff.coordinator,
        moment=steps.at(day, 9, ctx.rng.randrange(0, 50)),
        expect=EXPECTED[journey.variant],
    )
    if sign:
        decision = steps.sign(decision, ctx.staff, steps.at(day, 16, ctx.rng.randrange(0, 50)))
    return decision


def _plan_and_consent(
    episode: Episode,
    decision: CandidacyDecision,
    ctx: _Context,
    *,
    plan_day: dt.date,
    planned_date: dt.date,
    consent: bool,
    witnessed: bool = False,
) -> tuple[TreatmentPlan, dt.date]:
    """Plan on `plan_day`; with `consent`, the patient signs and the physician records it.

    Returns the plan and the day the last step happened.
    """
    plan = steps.make_plan(
        episode, decision, ctx.staff, moment=steps.at(plan_day, 11), planned_date=planned_date
    )
    if not consent:
        return plan, plan_day
    if witnessed:  # signed on the clinic's tablet with the coordinator as witness
        signed = steps.at(plan_day, 14, 20)
        recorded_day = plan_day
        steps.consent(
            plan,
            ctx.staff,
            sent=steps.at(plan_day, 14),
            signed=signed,
            witnessed=signed + dt.timedelta(minutes=5),
            recorded=steps.at(plan_day, 16, 40),
        )
    else:  # read and signed at home on the patient's phone
        signed_day = plan_day + ctx.rng.randint(0, 2) * DAY
        recorded_day = _next_weekday(signed_day + DAY)
        steps.consent(
            plan,
            ctx.staff,
            sent=steps.at(plan_day, 14),
            signed=steps.at(signed_day, 19, 30),
            recorded=steps.at(recorded_day, 9, 40),
        )
    return plan, recorded_day


def _procedure(
    episode: Episode,
    journey: Journey,
    ctx: _Context,
    *,
    decision_day: dt.date,
    procedure_day: dt.date,
) -> BiologicProduct | None:
    """Decide, plan, consent and schedule, then carry out the procedure on `procedure_day`.

    Returns the administered product (None for today's cases, which wait for staff).
    """
    rng = ctx.rng
    decision = _decide(episode, journey, decision_day, ctx)
    plan_day = _next_weekday(decision_day + rng.randint(2, 6) * DAY)
    witnessed = journey.end in {"today", "treated"}
    plan, consented_on = _plan_and_consent(
        episode,
        decision,
        ctx,
        plan_day=plan_day,
        planned_date=procedure_day,
        consent=True,
        witnessed=witnessed,
    )
    case = steps.schedule(
        plan, ctx.staff, moment=steps.at(consented_on, 17, 5), for_day=procedure_day
    )
    if journey.end == "today":
        return _quarantined_today(case, ctx) if journey.quarantine else None
    slot = ctx.slots[procedure_day]
    ctx.slots[procedure_day] += 1
    start = steps.at(procedure_day, 8 + 2 * slot, rng.choice((0, 5, 10, 20, 30, 40)))
    product = steps.harvest_and_process(case, ctx.staff, ctx.product_type, start=start, rng=rng)
    product = steps.qc_decision(product, ctx.staff, start + dt.timedelta(minutes=55))
    wrong = None
    if journey.wrong_scan:
        earlier = ctx.by_day.get(procedure_day)
        wrong = earlier[-1].din_object.barcode_data() if earlier else _mistyped(product)
    steps.inject(product, ctx.staff, moment=start + dt.timedelta(minutes=70), wrong_scan=wrong)
    ctx.by_day.setdefault(procedure_day, []).append(product)
    if journey.adverse_event:
        steps.effusion(
            product,
            ctx.staff,
            onset=procedure_day + DAY,
            reported=steps.at(_next_weekday(procedure_day + 2 * DAY), 10, 30),
        )
    if journey.end in {"follow_up", "closed"}:
        steps.move(
            episode,
            ctx.staff,
            Stage.FOLLOW_UP,
            "First review after the procedure: comfortable, no signs of infection; "
            "rehabilitation phase 1 started.",
            steps.at(_next_weekday(procedure_day + DAY), 12, 15),
        )
    if journey.end == "closed":
        discharge = _next_weekday(procedure_day + rng.randint(735, 750) * DAY)
        steps.move(
            episode,
            ctx.staff,
            Stage.CLOSED,
            "Discharged after the 24-month review; no further follow-up planned.",
            steps.at(discharge, 15),
        )
    return product


def _mistyped(product: BiologicProduct) -> str:
    """Return the product's DIN keyed in with a wrong check character (a hard stop)."""
    din: Din = product.din_object
    wrong = next(c for c in "0123456789" if c != din.check_character)
    return f"{din.code}{wrong}"


def _quarantined_today(case: ProcedureCase, ctx: _Context) -> BiologicProduct | None:
    """Harvest this morning's case and quarantine its product at QC (low viability)."""
    # The real clock on purpose: today's board shows a harvest that happened earlier this morning.
    now = timezone.localtime()
    start = now - dt.timedelta(minutes=80)
    if timezone.localdate(start) != ctx.today:
        return None  # too early in the day for a harvest to have happened today
    product = steps.harvest_and_process(
        case, ctx.staff, ctx.product_type, start=start, rng=ctx.rng, viability=86.4
    )
    return steps.qc_decision(
        product, ctx.staff, start + dt.timedelta(minutes=56), reason=QUARANTINE_REASON
    )


def _before_procedure(episode: Episode, journey: Journey, ctx: _Context, day: dt.date) -> None:
    """Screen on `day` and go as far as the journey's end before any procedure."""
    rng = ctx.rng
    if journey.end == "needs_review":
        _decide(episode, journey, day, ctx, sign=False)  # waiting for the physician's review
        return
    if journey.end in {"candidate", "not_candidate", "deferred"}:
        _decide(episode, journey, day, ctx)
        return
    decision = _decide(episode, journey, day, ctx, sign=journey.end != "override")
    plan_day = _next_weekday(day + rng.randint(3, 7) * DAY)
    if journey.end == "override":
        decision = steps.override(
            decision, ctx.staff, OVERRIDE_JUSTIFICATION, steps.at(_weekday(plan_day - 2 * DAY), 17)
        )
    consented = journey.end == "consented"
    planned_date = _next_weekday(ctx.today + rng.randint(7, 35) * DAY + 2 * DAY)
    plan, consented_on = _plan_and_consent(
        episode,
        decision,
        ctx,
        plan_day=min(plan_day, ctx.today - DAY),
        planned_date=planned_date,
        consent=consented,
    )
    if consented and ctx.scheduled_ahead < 2:  # the third is not scheduled yet
        ctx.scheduled_ahead += 1
        steps.schedule(plan, ctx.staff, moment=steps.at(consented_on, 17, 5), for_day=planned_date)


def _days(journey: Journey, ctx: _Context) -> tuple[dt.date, dt.date | None]:
    """Return the journey's screening day and its procedure day (None if it has none)."""
    low, high = journey.days_ago
    day = ctx.today - ctx.rng.randint(low, high) * DAY
    if journey.end not in PROCEDURE_ENDS:
        return _weekday(day), None
    procedure_day = day if journey.end == "today" else _weekday(day)
    # Screening 25–50 days before the procedure leaves time to plan, consent and schedule,
    # and keeps the decision well inside the 90-day re-screening period.
    return _weekday(procedure_day - ctx.rng.randint(25, 50) * DAY), procedure_day


# How the demo command reports where the journeys ended, in the order of the journey.
END_LABELS: dict[str, str] = {
    "candidate": "candidate",
    "not_candidate": "not a candidate",
    "deferred": "deferred",
    "needs_review": "waiting for review",
    "override": "overridden and planned",
    "planned": "planned",
    "consented": "consented",
    "today": "on today's procedure board",
    "treated": "treated",
    "follow_up": "in follow-up",
    "closed": "discharged",
    "skipped": "left out",
}


def describe(ended: Counter[str]) -> str:
    """Return "4 candidate, 3 not a candidate, ..." for the journeys that ended where."""
    return ", ".join(f"{ended[end]} {label}" for end, label in END_LABELS.items() if ended[end])


def seed_demo_journeys(
    clinic: Clinic, rng: random.Random, today: dt.date, *, password: str
) -> Counter[str]:
    """Walk the JOURNEYS through the real actions in `clinic`; return how many ended where.

    Episodes are taken from the clinic's referred and assessed episodes that fit each journey;
    a journey with no fitting episode is left out (a small demo clinic has fewer). `password`
    is the demo staff's, which signing procedure-day steps asks for again.
    """
    if not clinic.is_synthetic:
        raise ValueError(f"{clinic.slug} is not a synthetic clinic; demo journeys refused")
    episodes = list(
        Episode.objects.filter(clinic=clinic, stage__in=[Stage.REFERRED, Stage.ASSESSED])
        .select_related("patient")
        .order_by("pk")
    )
    rng.shuffle(episodes)
    pool = _Pool(episodes, set())
    ctx = _Context(
        staff=steps.Staff(clinic, password),
        rng=rng,
        today=today,
        product_type=ProductType.objects.get(clinic=clinic, cell_source="bmac", is_active=True),
        by_day={},
        slots=Counter(),
    )
    planned = []
    for journey in JOURNEYS:
        screening_day, procedure_day = _days(journey, ctx)
        episode = pool.take(journey, screening_day)
        if episode is not None:
            planned.append((journey, episode, screening_day, procedure_day))
    # Procedures in date order, so DIN sequences, custody and the audit trail follow the
    # calendar (a wrong label scanned is one used earlier that day); then the other journeys.
    planned.sort(key=lambda p: (p[3] is None, p[3] or p[2], p[0].wrong_scan))
    ended: Counter[str] = Counter()
    for journey, episode, screening_day, procedure_day in planned:
        try:
            with transaction.atomic():
                if procedure_day is None:
                    _before_procedure(episode, journey, ctx, screening_day)
                else:
                    _procedure(
                        episode,
                        journey,
                        ctx,
                        decision_day=screening_day,
                        procedure_day=procedure_day,
                    )
        except steps.JourneyError as error:
            # A calendar corner the dates did not foresee: leave this one out, whole (the
            # transaction undoes it), rather than fail the demo. The tests require none.
            logger.warning("demo journey to %s left out: %s", journey.end, error)
            ended["skipped"] += 1
            continue
        ended[journey.end] += 1
    return ended
