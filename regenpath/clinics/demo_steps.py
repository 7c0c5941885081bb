"""The steps of a demo journey, each one a real action signed by a demo staff member.

Screening, decisions, plans, consent, scheduling, procedure day, stage moves and adverse events
all go through the apps' own actions (never a bulk insert), so every stage an episode reaches is
backed by the records that make it, with their custody events and audit events. Each step passes
its stated past moment to the action as `now` (the audit events keep the real clock, so they say
when the demo was seeded); a moment after the real now is refused.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from regenpath.clinics.models import Clinic, Membership
from regenpath.domain.candidacy import Status
from regenpath.domain.planning import build_plan, template_for
from regenpath.domain.roles import Role
from regenpath.domain.stages import Stage
from regenpath.outcomes.demo import demo_instruments
from regenpath.patients.actions import move_episode
from regenpath.patients.models import Episode
from regenpath.plans import actions as plan_actions
from regenpath.plans import consent_actions
from regenpath.plans.models import Consent, TreatmentPlan
from regenpath.procedures import actions as procedure_actions
from regenpath.procedures.models import (
    Administration,
    BedsideVerification,
    BiologicProduct,
    ProcedureCase,
    ProductType,
)
from regenpath.screening import actions as screening_actions
from regenpath.screening.current import clinic_rules
from regenpath.screening.models import CandidacyDecision

ROOM = "Procedure room 1"
LAB = "Processing lab"
# A needle per kind of target (illustrative sizes): deep joints and discs need spinal needles.
DEEP = ("Hip", "Glenohumeral", "facet")
QC_RELEASE_VIABILITY = (91.5, 98.5)


class JourneyError(RuntimeError):
    """A journey step did not give what the journey needs (a programming error in the demo)."""


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """Return `day` at hour:minute in the clinic's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@dataclass
class Staff:
    """The demo clinic's physician, coordinator and technician, and the demo password."""

    clinic: Clinic
    password: str
    physician: User = field(init=False)
    coordinator: User = field(init=False)
    technician: User = field(init=False)
    _memberships: dict[int, Membership] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        for role, name in (
            (Role.PHYSICIAN, "physician"),
            (Role.COORDINATOR, "coordinator"),
            (Role.PROCESSING_TECHNICIAN, "technician"),
        ):
            membership = (
                Membership.objects.filter(clinic=self.clinic, role=role, is_active=True)
                .select_related("user")
                .order_by("pk")
                .first()
            )
            if membership is None:
                raise JourneyError(f"the demo clinic has no active {role.label.lower()}")
            self._memberships[membership.user.pk] = membership
            setattr(self, name, membership.user)

    def membership(self, user: User) -> Membership:
        return self._memberships[user.pk]


def _guard(moment: dt.datetime) -> dt.datetime:
    # The actions refuse a future `now` themselves; this also covers the steps that take no
    # `now` (a plan draft, scheduling, an AE update) and names the journey's mistake.
    if moment > timezone.now():
        raise JourneyError(f"a demo step at {moment:%Y-%m-%d %H:%M} would be in the future")
    return moment


# --- screening and candidacy ------------------------------------------------------------------


def screen(
    episode: Episode,
    facts: dict[str, Any],
    *,
    by: User,
    moment: dt.datetime,
    expect: Status,
) -> CandidacyDecision:
    """Record the screening facts; JourneyError unless assess gives `expect`."""
    day = timezone.localdate(moment)
    decision = screening_actions.record_screening(
        episode=episode, facts=facts, by=by, today=day, now=_guard(moment)
    )
    if decision.status != expect:
        reasons = "; ".join(r["message"] for r in decision.reasons)
        raise JourneyError(f"{episode}: expected {expect}, got {decision.status} ({reasons})")
    return decision


def sign(decision: CandidacyDecision, staff: Staff, moment: dt.datetime) -> CandidacyDecision:
    """Sign the decision as the physician (the episode's stage follows it)."""
    signed, _ = screening_actions.sign_decision(
        decision=decision,
        by=staff.physician,
        membership=staff.membership(staff.physician),
        now=_guard(moment),
    )
    return signed


def override(
    decision: CandidacyDecision, staff: Staff, justification: str, moment: dt.datetime
) -> CandidacyDecision:
    """Override the decision to candidate with the physician's justification."""
    overridden, _ = screening_actions.override_decision(
        decision=decision,
        status=Status.CANDIDATE,
        justification=justification,
        by=staff.physician,
        membership=staff.membership(staff.physician),
        now=_guard(moment),
    )
    return overridden


# --- plan, consent, scheduling ----------------------------------------------------------------


def make_plan(
    episode: Episode,
    decision: CandidacyDecision,
    staff: Staff,
    *,
    moment: dt.datetime,
    planned_date: dt.date,
) -> TreatmentPlan:
    """Build the plan from the condition's template for the episode's site and side; sign it."""
    day = timezone.localdate(moment)
    template = template_for(episode.condition_code)
    targets = [t for t in template.target_options if t.endswith(f": {episode.body_site}")]
    built = build_plan(
        template,
        side=episode.side,
        planned_date=planned_date,
        medications=plan_actions.decision_medications(decision),
        today=day,
        targets=targets,
        instruments=[c for c in demo_instruments(episode) if c in template.instruments],
        rules=clinic_rules(episode.clinic_id),
    )
    physician, membership = staff.physician, staff.membership(staff.physician)
    _guard(moment)  # create_plan reads no clock: the draft is judged on `day`
    plan = plan_actions.create_plan(
        episode=episode,
        built=built,
        expected_course="\n".join(template.expected_course),
        by=physician,
        membership=membership,
        today=day,
    )
    return plan_actions.finalise_plan(
        plan=plan,
        by=physician,
        membership=membership,
        today=day,
        now=_guard(moment + dt.timedelta(minutes=12)),
    )


def consent(
    plan: TreatmentPlan,
    staff: Staff,
    *,
    sent: dt.datetime,
    signed: dt.datetime,
    recorded: dt.datetime,
    witnessed: dt.datetime | None = None,
) -> Consent:
    """Send the consent link, sign as the patient, optionally witness, record as physician."""
    episode = plan.episode
    _, token = screening_actions.create_patient_link(
        episode=episode, purpose="consent", by=staff.coordinator, plan_id=plan.pk, now=_guard(sent)
    )
    signed_consent = consent_actions.sign_consent(
        token=token, full_name=episode.patient.full_name, confirmed=True, now=_guard(signed)
    )
    if witnessed is not None:
        signed_consent = consent_actions.witness_consent(
            consent=signed_consent,
            by=staff.coordinator,
            membership=staff.membership(staff.coordinator),
            now=_guard(witnessed),
        )
    return consent_actions.record_consent(
        consent=signed_consent,
        by=staff.physician,
        membership=staff.membership(staff.physician),
        now=_guard(recorded),
    )


def schedule(
    plan: TreatmentPlan, staff: Staff, *, moment: dt.datetime, for_day: dt.date
) -> ProcedureCase:
    _guard(moment)  # schedule_procedure reads no clock
    return procedure_actions.schedule_procedure(
        plan=plan, by=staff.coordinator, scheduled_for=for_day
    )


# --- procedure day ----------------------------------------------------------------------------


def kit_lot(day: dt.date) -> tuple[str, dt.date]:
    """Return the (synthetic) kit lot in use in the quarter of `day`, and its expiry date."""
    quarter = (day.month - 1) // 3 + 1
    number = (day.year * 37 + quarter * 101) % 900 + 100
    expiry = dt.date(day.year + 1, 3 * quarter, 1) - dt.timedelta(days=1)
    return f"BMC{day.year % 100:02d}Q{quarter}-{number}", expiry


def harvest_and_process(
    case: ProcedureCase,
    staff: Staff,
    product_type: ProductType,
    *,
    start: dt.datetime,
    rng: random.Random,
    viability: float | None = None,
) -> BiologicProduct:
    """Harvest marrow at `start`, hand it to processing and record processing (QC pending)."""

    def minute(n: int) -> dt.datetime:
        return _guard(start + dt.timedelta(minutes=n))

    password = staff.password
    product = procedure_actions.record_harvest(
        case=case,
        by=staff.physician,
        password=password,
        product_type=product_type,
        site="posterior_iliac_crest",
        side=rng.choice(("left", "right")),
        aspirate_volume_ml=Decimal("60.0"),
        anticoagulant="acd_a",
        started_at=start,
        ended_at=minute(12),
        location=ROOM,
        now=minute(16),
    )
    procedure_actions.start_processing(
        product=product, by=staff.technician, password=password, location=LAB, now=minute(20)
    )
    final = Decimal(str(round(rng.uniform(4.0, 8.0), 1)))
    total = Decimal(str(round(rng.uniform(380.0, 950.0), 1)))
    lot, lot_expiry = kit_lot(timezone.localdate(start))
    procedure_actions.record_processing(
        product=product,
        by=staff.technician,
        password=password,
        location=LAB,
        device="Marrow concentration kit (synthetic demo)",
        catalogue_number="DEMO-BMC-60",
        lot=lot,
        lot_expiry=lot_expiry,
        method="Density-gradient centrifugation, two spins (demo SOP)",
        started_at=minute(22),
        ended_at=minute(47),
        input_volume_ml=Decimal("60.0"),
        final_volume_ml=final,
        tnc_total_e6=total,
        tnc_per_ml_e6=(total / final).quantize(Decimal("0.01")),
        viability_percent=Decimal(str(round(viability or rng.uniform(*QC_RELEASE_VIABILITY), 1))),
        cd34_percent=Decimal(str(round(rng.uniform(0.4, 1.6), 2))),
        now=minute(50),
    )
    product.refresh_from_db()
    return product


def qc_decision(
    product: BiologicProduct, staff: Staff, moment: dt.datetime, *, reason: str = ""
) -> BiologicProduct:
    """Sign QC as the technician: release, or quarantine with `reason`."""
    procedure_actions.record_qc_decision(
        product=product,
        by=staff.technician,
        password=staff.password,
        release=not reason,
        reason=reason,
        location=LAB,
        now=_guard(moment),
    )
    product.refresh_from_db()
    return product


def inject(
    product: BiologicProduct,
    staff: Staff,
    *,
    moment: dt.datetime,
    wrong_scan: str | None = None,
) -> Administration:
    """Check at the bedside (first scanning `wrong_scan`, a hard stop, if given) and inject."""
    plan = product.case.plan
    values = {
        "scanned_patient_id": product.patient.mrn,
        "target": plan.targets[0],
        "side": plan.side,
        "location": ROOM,
    }
    physician = staff.physician
    if wrong_scan is not None:
        stop = procedure_actions.verify_bedside(
            product=product,
            by=physician,
            scanned_din=wrong_scan,
            now=_guard(moment - dt.timedelta(minutes=4)),
            **values,
        )
        if stop.passed:
            raise JourneyError("the wrong label passed the bedside check")
    check: BedsideVerification = procedure_actions.verify_bedside(
        product=product,
        by=physician,
        scanned_din=product.din_object.barcode_data(),
        now=_guard(moment),
        **values,
    )
    if not check.passed:
        raise JourneyError(f"bedside check failed: {check.failure_codes}")
    target = plan.targets[0]
    if target.startswith("Intradiscal"):
        needle = "22G 152 mm spinal with introducer"
    elif any(word in target for word in DEEP):
        needle = "22G 90 mm spinal"
    else:
        needle = "21G 40 mm" if target.startswith("Intra-articular") else "25G 38 mm"
    return procedure_actions.administer(
        product=product,
        verification=check,
        by=physician,
        password=staff.password,
        guidance=plan.image_guidance,
        volume_ml=product.processing.final_volume_ml,
        needle=needle,
        location=ROOM,
        now=_guard(moment + dt.timedelta(minutes=4)),
    )


# --- after the procedure ----------------------------------------------------------------------


def move(episode: Episode, staff: Staff, to: Stage, reason: str, moment: dt.datetime) -> None:
    """Move the episode by hand on the stage form, as the physician."""
    move_episode(
        episode=episode,
        to=to,
        reason=reason,
        by=staff.physician,
        membership=staff.membership(staff.physician),
        by_hand=True,
        now=_guard(moment),
    )


def effusion(
    product: BiologicProduct, staff: Staff, *, onset: dt.date, reported: dt.datetime
) -> None:
    """Report a grade 1 joint effusion after the injection, then record that it resolved."""
    where = "knee" if product.episode.condition_code == "knee-oa" else "treated joint"
    event = procedure_actions.record_adverse_event(
        patient_id=product.patient_id,
        episode_id=product.episode_id,
        by=staff.physician,
        product=product,
        now=_guard(reported),
        onset_date=onset,
        category="joint_effusion",
        grade=1,
        seriousness="non_serious",
        relatedness="probable",
        related_step="injection",
        outcome="recovering",
        description=f"Mild {where} swelling and stiffness from the day after the injection; "
        "no fever, no redness. Ice, rest and paracetamol advised; no aspiration needed.",
    )
    _guard(reported + dt.timedelta(days=7))  # update_adverse_event reads no clock
    procedure_actions.update_adverse_event(
        adverse_event=event, by=staff.physician, outcome="recovered"
    )
