"""Writes of procedure day: each transactional, audited, and taking the actor as `by`.

Every change of a product's state goes through `regenpath.domain.custody.transition` with the
actor's role from their membership of the product's clinic, and writes exactly one CustodyEvent in
the same transaction (reference §3.6; 21 CFR 11.50 printed name, time and meaning). Signing needs
the signer's password again (two components, user id and password, as 21 CFR 11.200 asks).

Every action that records a time takes `now` (aware; None: the real clock, read once at the top)
and dates everything it writes from it, so paper records can be entered later; a future `now`
is refused with ValueError (patients.actions.action_time). The audit events keep the real clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from regenpath.audit.actions import diff, jsonable, record_event
from regenpath.clinics.models import Clinic, Membership
from regenpath.domain import custody
from regenpath.domain.adverse import Outcome, Relatedness, RelatedStep, Seriousness, check_grade
from regenpath.domain.custody import (
    CUSTODY_RULES_VERSION,
    Action,
    BedsideProduct,
    InjectionSite,
    State,
    TransitionRefused,
    override_refusal,
    verify_at_bedside,
)
from regenpath.domain.identifiers import SEQUENCE_MAX, Din, assemble_din
from regenpath.domain.procedure_records import (
    FieldProblem,
    check_administered_volume,
    check_harvest,
    check_processing,
)
from regenpath.domain.qc import (
    QC_RULES_VERSION,
    CellSource,
    Measure,
    assess_release,
    criteria_for,
    criterion_to_dict,
    evaluate,
)
from regenpath.domain.roles import Role
from regenpath.domain.stages import Stage
from regenpath.patients.actions import action_time, move_episode
from regenpath.patients.models import Episode
from regenpath.plans.access import signed_consent_for
from regenpath.plans.models import TreatmentPlan
from regenpath.procedures.models import (
    Administration,
    AdverseEvent,
    BedsideVerification,
    BiologicProduct,
    CustodyEvent,
    DinSequence,
    Harvest,
    Incident,
    LabResult,
    ProcedureCase,
    ProcedureSettings,
    Processing,
    ProductType,
    QCRelease,
)

# A passing bedside check is good for the administration that follows it at the same bedside,
# not for one later in the day (project policy: "in the same flow").
VERIFICATION_VALID_FOR = dt.timedelta(minutes=15)

# Episodes from which an administration may proceed: consented (the first product), or treated
# already by an earlier product of the same procedure (bilateral or two-site procedures).
_ADMINISTRABLE_STAGES = {Stage.CONSENTED, Stage.TREATED}


class ActionRefused(ValueError):
    """The action is not allowed now; the message says why in words staff can read."""


class SignatureRefused(ActionRefused):
    """The password given to sign is not the signer's."""


# --- shared helpers ------------------------------------------------------------------------------


def printed_name(user: User) -> str:
    """Return the signer's printed name as shown with every signature (21 CFR 11.50(a)(1))."""
    full = user.get_full_name().strip()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def _role(by: User, clinic_id: int) -> Role:
    membership = Membership.objects.filter(user=by, clinic_id=clinic_id, is_active=True).first()
    if membership is None:
        raise ActionRefused("You have no active membership of this clinic.")
    return membership.role_enum


def _require_password(by: User, password: str) -> None:
    # 21 CFR 11.200(a)(1) (reference §3.5 REG-7): signing uses both components, id and password.
    if not password or not by.check_password(password):
        raise SignatureRefused("The password is not correct; nothing was signed.")


def _invalid(problems: Iterable[FieldProblem]) -> None:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(problem.message)
    if errors:
        raise ValidationError(errors)


def _float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def _lock(product: BiologicProduct) -> BiologicProduct:
    return BiologicProduct.objects.select_for_update().get(pk=product.pk)


def _change_state(
    product: BiologicProduct,
    action: Action,
    *,
    by: User,
    location: str,
    note: str = "",
    reason: str | None = None,
    at: dt.datetime,
) -> CustodyEvent:
    """Move a locked product by `action` at `at` and write its one custody event and audit event."""
    role = _role(by, product.clinic_id)
    source = product.state_enum
    try:
        target = custody.transition(source, action, role, reason=reason)
    except TransitionRefused as refusal:
        raise ActionRefused(str(refusal)) from None
    row = custody.find_transition(source, action)
    assert row is not None
    product.state = target
    product.save(update_fields=["state"])
    event = CustodyEvent.objects.create(
        clinic_id=product.clinic_id,
        product=product,
        from_state=source,
        to_state=target,
        action=action,
        by=by,
        printed_name=printed_name(by),
        meaning=row.meaning,
        at=at,
        location=location.strip() or "not given",
        note=(note or reason or "").strip(),
        rules_version=CUSTODY_RULES_VERSION,
    )
    record_event(
        action=f"product.{action.value}",
        by=by,
        clinic_id=product.clinic_id,
        patient_id=product.patient_id,
        obj=product,
        changes={"state": [source.value, target.value], "custody_event": event.pk},
    )
    return event


# --- configuration -------------------------------------------------------------------------------


@transaction.atomic
def update_procedure_settings(*, clinic: Clinic, by: User, **fields: Any) -> ProcedureSettings:
    """Create or change a clinic's procedure-day settings (FIN, time limit, location)."""
    settings, _ = ProcedureSettings.objects.select_for_update().get_or_create(clinic=clinic)
    names = ("facility_id", "time_limit_minutes", "default_location")
    before = {name: getattr(settings, name) for name in names}
    for name, value in fields.items():
        if name not in names:
            raise ValueError(f"{name} is not a procedure setting")
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    changes = diff(before, {name: getattr(settings, name) for name in names})
    if changes:
        record_event(
            action="procedures.settings", by=by, clinic_id=clinic.pk, obj=settings, changes=changes
        )
    return settings


@transaction.atomic
def create_product_type(*, clinic: Clinic, by: User, **fields: Any) -> ProductType:
    """Add a product type with its code, name, cell source and QC overrides."""
    product_type = ProductType(clinic=clinic, **fields)
    product_type.full_clean()
    product_type.save()
    record_event(
        action="procedures.product_type.create",
        by=by,
        clinic_id=clinic.pk,
        obj=product_type,
        changes=diff({}, {k: product_type.__dict__[k] for k in ("code", "name", "cell_source")}),
    )
    return product_type


@transaction.atomic
def update_product_type(
    *,
    product_type: ProductType,
    by: User,
    name: str,
    qc_overrides: Mapping[str, Any],
    is_active: bool,
) -> ProductType:
    """Change a product type's name, QC overrides or active flag; its code never changes."""
    locked = ProductType.objects.select_for_update().get(pk=product_type.pk)
    before = {
        "name": locked.name,
        "qc_overrides": locked.qc_overrides,
        "is_active": locked.is_active,
    }
    locked.name, locked.qc_overrides, locked.is_active = name, dict(qc_overrides), is_active
    locked.full_clean()
    locked.save()
    after = {
        "name": locked.name,
        "qc_overrides": locked.qc_overrides,
        "is_active": locked.is_active,
    }
    changes = {k: [jsonable(before[k]), jsonable(after[k])] for k in after if before[k] != after[k]}
    if changes:
        record_event(
            action="procedures.product_type.update",
            by=by,
            clinic_id=locked.clinic_id,
            obj=locked,
            changes=changes,
        )
    return locked


# --- DIN allocation ------------------------------------------------------------------------------


# One statement takes the row lock and increments: an UPDATE locks the row it changes until the
# transaction ends, as SELECT ... FOR UPDATE would, without the extra round trip and the Python in
# between while the lock is held. Measured with 8 writers on PostgreSQL (benchmarks/bench_din.py):
# about 2.5× the throughput of select_for_update() followed by save(). Parameterised; RETURNING
# works on PostgreSQL and on SQLite 3.35+ (ADR 0002: row locks both databases honour).
_NEXT_SEQUENCE = (
    f"UPDATE {DinSequence._meta.db_table} SET last_sequence = last_sequence + 1 "  # noqa: S608
    "WHERE clinic_id = %s AND facility_id = %s AND year = %s AND last_sequence < %s "
    "RETURNING last_sequence"
)


def _next_sequence(clinic_id: int, facility_id: str, year: int) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_SEQUENCE, [clinic_id, facility_id, year, SEQUENCE_MAX])
        row = cursor.fetchone()
    return None if row is None else int(row[0])


@transaction.atomic
def allocate_din(*, clinic: Clinic, facility_id: str, year: int) -> Din:
    """Return the next DIN for the clinic's FIN and two-digit nominal year, never reusing one.

    The sequence row stays locked until the caller's transaction ends, so concurrent harvests
    queue on it and each gets its own number; numbers only go up (reference §1.1).
    """
    number = _next_sequence(clinic.pk, facility_id, year)
    if number is None:
        rows = DinSequence.objects.filter(clinic=clinic, facility_id=facility_id, year=year)
        # Exhausted only if the row is at the maximum: a concurrent first allocation may have
        # created the row since our UPDATE found none.
        if rows.filter(last_sequence__gte=SEQUENCE_MAX).exists():
            raise ActionRefused(
                f"All {SEQUENCE_MAX} DIN sequence numbers of {facility_id} for year {year:02d} "
                "are used."
            )
        # The first DIN of this FIN and year: create the row in a savepoint (a concurrent first
        # allocation may create it first; get_or_create then finds theirs), then take a number.
        with transaction.atomic():
            DinSequence.objects.get_or_create(clinic=clinic, facility_id=facility_id, year=year)
        number = _next_sequence(clinic.pk, facility_id, year)
        assert number is not None
    return assemble_din(facility_id, year, number)


# --- scheduling ----------------------------------------------------------------------------------

_SCHEDULE_ROLES = {Role.PHYSICIAN, Role.COORDINATOR}


def plan_sites(plan: TreatmentPlan) -> list[dict[str, str]]:
    """Return the plan's injection sites as [{"target", "side"}] (one side for all targets)."""
    return [{"target": target, "side": plan.side} for target in plan.targets]


@transaction.atomic
def schedule_procedure(*, plan: TreatmentPlan, by: User, scheduled_for: dt.date) -> ProcedureCase:
    """Schedule a procedure for a final plan the patient has signed consent for."""
    if _role(by, plan.clinic_id) not in _SCHEDULE_ROLES:
        raise ActionRefused("Only a physician or a coordinator may schedule a procedure.")
    if signed_consent_for(plan) is None:
        raise ActionRefused(
            "This plan has no signed consent (or a newer plan replaced it); a procedure is "
            "scheduled only for a final plan the patient has signed."
        )
    sites = plan_sites(plan)
    if not sites:
        raise ActionRefused("The plan names no injection target.")
    case = ProcedureCase(
        clinic_id=plan.clinic_id,
        episode_id=plan.episode_id,
        plan=plan,
        scheduled_for=scheduled_for,
        planned_sites=sites,
        created_by=by,
    )
    case.full_clean()
    case.save()
    record_event(
        action="procedure.schedule",
        by=by,
        clinic_id=plan.clinic_id,
        patient_id=plan.episode.patient_id,
        obj=case,
        changes=diff(
            {}, {"scheduled_for": scheduled_for, "plan": plan, "sites": case.planned_sites_text()}
        ),
    )
    return case


def _require_consent(product: BiologicProduct) -> None:
    # The consent must still cover the plan at the bedside (a superseded plan's does not).
    if signed_consent_for(product.case.plan) is None:
        raise ActionRefused(
            "The plan for this procedure no longer has valid signed consent (it was replaced or "
            "not signed); nothing may be injected under it."
        )


# --- harvest and processing ----------------------------------------------------------------------


@transaction.atomic
def record_harvest(
    *,
    case: ProcedureCase,
    by: User,
    password: str,
    product_type: ProductType,
    site: str,
    side: str,
    aspirate_volume_ml: Decimal,
    anticoagulant: str,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    location: str,
    now: dt.datetime | None = None,
) -> BiologicProduct:
    """Record a harvest: allocate the product's DIN, create it as collected and sign custody."""
    now = action_time(now)
    try:
        collected = custody.transition(None, Action.COLLECT, _role(by, case.clinic_id))
    except TransitionRefused as refusal:
        raise ActionRefused(str(refusal)) from None
    _require_password(by, password)
    _invalid(
        check_harvest(
            started_at=started_at,
            ended_at=ended_at,
            aspirate_volume_ml=_float(aspirate_volume_ml),
            now=now,
        )
    )
    if product_type.clinic_id != case.clinic_id or not product_type.is_active:
        raise ValidationError({"product_type": ["Choose one of this clinic's product types."]})
    settings = ProcedureSettings.objects.filter(clinic_id=case.clinic_id).first()
    if settings is None or not settings.facility_id:
        raise ActionRefused(
            "The clinic has no Facility Identification Number (FIN) yet; a clinic admin sets it "
            "in procedure settings before the first harvest."
        )
    year = timezone.localtime(now).year % 100
    din = allocate_din(clinic=case.clinic, facility_id=settings.facility_id, year=year)
    # The time limit runs from the start of the harvest, when cells leave the body (conservative
    # reading of reference §4.3, which leaves the limit to the SOP).
    limit = dt.timedelta(minutes=settings.time_limit_minutes)
    product = BiologicProduct(
        clinic_id=case.clinic_id,
        case=case,
        patient_id=case.episode.patient_id,
        episode=case.episode,
        din=din.code,
        flags=din.flags or "00",
        product_type=product_type,
        state=collected,
        collected_at=started_at,
        expires_at=started_at + limit,
    )
    harvest = Harvest(
        clinic_id=case.clinic_id,
        product=product,
        site=site,
        side=side,
        aspirate_volume_ml=aspirate_volume_ml,
        anticoagulant=anticoagulant,
        started_at=started_at,
        ended_at=ended_at,
        operator=by,
        recorded_at=now,
    )
    product.full_clean()
    product.save()
    harvest.product = product
    harvest.full_clean()
    harvest.save()
    _record_collection(product, by=by, location=location, at=now)
    record_event(
        action="product.harvest",
        by=by,
        clinic_id=product.clinic_id,
        patient_id=product.patient_id,
        obj=harvest,
        changes=diff(
            {},
            {
                "din": product.din,
                "site": site,
                "side": side,
                "aspirate_volume_ml": aspirate_volume_ml,
                "anticoagulant": anticoagulant,
                "started_at": started_at,
                "ended_at": ended_at,
            },
        ),
    )
    return product


def _record_collection(
    product: BiologicProduct, *, by: User, location: str, at: dt.datetime
) -> CustodyEvent:
    # The first custody event: from no product to collected (the table's row None → collected).
    row = custody.find_transition(None, Action.COLLECT)
    assert row is not None
    event = CustodyEvent.objects.create(
        clinic_id=product.clinic_id,
        product=product,
        from_state="",
        to_state=product.state,
        action=Action.COLLECT,
        by=by,
        printed_name=printed_name(by),
        meaning=row.meaning,
        at=at,
        location=location.strip() or "not given",
        rules_version=CUSTODY_RULES_VERSION,
    )
    record_event(
        action="product.collect",
        by=by,
        clinic_id=product.clinic_id,
        patient_id=product.patient_id,
        obj=product,
        changes={"state": [None, product.state], "custody_event": event.pk},
    )
    return event


@transaction.atomic
def start_processing(
    *,
    product: BiologicProduct,
    by: User,
    password: str,
    location: str,
    now: dt.datetime | None = None,
) -> CustodyEvent:
    """Sign the hand-over of a collected product to processing."""
    now = action_time(now)
    locked = _lock(product)
    _require_password(by, password)
    return _change_state(locked, Action.RECEIVE, by=by, location=location, at=now)


PROCESSING_FIELDS = (
    "device",
    "catalogue_number",
    "lot",
    "lot_expiry",
    "method",
    "started_at",
    "ended_at",
    "input_volume_ml",
    "final_volume_ml",
    "tnc_total_e6",
    "tnc_per_ml_e6",
    "viability_percent",
    "cfu_f_per_ml",
    "cd34_percent",
    "platelets_e3_per_ul",
)


@transaction.atomic
def record_processing(
    *,
    product: BiologicProduct,
    by: User,
    password: str,
    location: str,
    now: dt.datetime | None = None,
    **fields: Any,
) -> Processing:
    """Record processing and its measurements; the product moves to QC pending."""
    now = action_time(now)
    locked = _lock(product)
    _require_password(by, password)
    unknown = set(fields) - set(PROCESSING_FIELDS)
    if unknown:
        raise ValueError(f"not processing fields: {sorted(unknown)}")
    verdict = custody.can_transition(
        locked.state_enum, Action.COMPLETE_PROCESSING, _role(by, locked.clinic_id)
    )
    if not verdict.allowed:
        raise ActionRefused(verdict.reason)
    harvest = locked.harvest
    started = fields.get("started_at")
    _invalid(
        check_processing(
            started_at=started,
            ended_at=fields.get("ended_at"),
            harvest_started_at=harvest.started_at,
            input_volume_ml=_float(fields.get("input_volume_ml")),
            final_volume_ml=_float(fields.get("final_volume_ml")),
            viability_percent=_float(fields.get("viability_percent")),
            lot_expiry=fields.get("lot_expiry"),
            processing_day=timezone.localtime(started).date() if started else None,
            now=now,
            harvest_volume_ml=_float(harvest.aspirate_volume_ml),
        )
    )
    processing = Processing(
        clinic_id=locked.clinic_id, product=locked, technician=by, recorded_at=now, **fields
    )
    processing.full_clean()
    processing.save()
    record_event(
        action="product.processing",
        by=by,
        clinic_id=locked.clinic_id,
        patient_id=locked.patient_id,
        obj=processing,
        changes=diff({}, {name: getattr(processing, name) for name in PROCESSING_FIELDS}),
    )
    _change_state(locked, Action.COMPLETE_PROCESSING, by=by, location=location, at=now)
    return processing


# --- QC ------------------------------------------------------------------------------------------


def measurements(processing: Processing) -> dict[Measure, float | None]:
    """Return the processing record's measurements keyed as the QC rules name them."""
    return {
        Measure.FINAL_VOLUME_ML: _float(processing.final_volume_ml),
        Measure.TNC_TOTAL: _float(processing.tnc_total_e6),
        Measure.TNC_PER_ML: _float(processing.tnc_per_ml_e6),
        Measure.VIABILITY_PERCENT: _float(processing.viability_percent),
        Measure.CFU_F_PER_ML: _float(processing.cfu_f_per_ml),
        Measure.CD34_PERCENT: _float(processing.cd34_percent),
        Measure.PLATELETS: _float(processing.platelets_e3_per_ul),
    }


def qc_evaluation(product: BiologicProduct) -> tuple[list[dict[str, object]], list[Any]]:
    """Return (criteria, results) for the product's type and its processing measurements."""
    product_type = product.product_type
    criteria = criteria_for(CellSource(product_type.cell_source), product_type.qc_overrides)
    processing = Processing.objects.filter(product=product).first()
    values = measurements(processing) if processing else {}
    return [criterion_to_dict(c) for c in criteria], evaluate(criteria, values)


def _qc_record(
    product: BiologicProduct,
    *,
    decision: str,
    by: User,
    meaning: str,
    at: dt.datetime,
    reason: str = "",
    justification: str = "",
) -> QCRelease:
    criteria, results = qc_evaluation(product)
    return QCRelease.objects.create(
        clinic_id=product.clinic_id,
        product=product,
        decision=decision,
        rules_version=QC_RULES_VERSION,
        criteria=criteria,
        results=[r.to_dict() for r in results],
        reason=reason,
        exception_justification=justification,
        signed_by=by,
        signed_name=printed_name(by),
        meaning=meaning,
        signed_at=at,
    )


@transaction.atomic
def record_qc_decision(
    *,
    product: BiologicProduct,
    by: User,
    password: str,
    release: bool,
    reason: str,
    location: str,
    now: dt.datetime | None = None,
) -> QCRelease:
    """Sign a QC decision: release (only if every blocking criterion passed) or quarantine."""
    now = action_time(now)
    locked = _lock(product)
    _require_password(by, password)
    if locked.state_enum is not State.QC_PENDING:
        raise ActionRefused(
            f"A QC decision needs a product in QC pending; this one is {locked.state_label.lower()}."
        )
    _, results = qc_evaluation(locked)
    assessment = assess_release(results)
    if release and not assessment.releasable:
        raise ActionRefused(
            "Not every release criterion passed, so the product cannot be released here: "
            "quarantine it; a physician may then release it under a documented exception."
        )
    action = Action.RELEASE if release else Action.QUARANTINE
    event = _change_state(locked, action, by=by, location=location, reason=reason or None, at=now)
    return _qc_record(
        locked,
        decision=QCRelease.RELEASED if release else QCRelease.QUARANTINED,
        by=by,
        meaning=event.meaning,
        at=now,
        reason=reason.strip(),
    )


@transaction.atomic
def quarantine(
    *,
    product: BiologicProduct,
    by: User,
    password: str,
    reason: str,
    location: str,
    now: dt.datetime | None = None,
) -> CustodyEvent:
    """Quarantine a product before QC (damaged, mislabelled), with the reason."""
    now = action_time(now)
    locked = _lock(product)
    _require_password(by, password)
    if locked.state_enum is State.QC_PENDING:
        raise ActionRefused("A product in QC pending is quarantined by its QC decision.")
    return _change_state(locked, Action.QUARANTINE, by=by, location=location, reason=reason, at=now)


@transaction.atomic
def release_with_exception(
    *,
    product: BiologicProduct,
    by: User,
    password: str,
    justification: str,
    location: str,
    now: dt.datetime | None = None,
) -> QCRelease:
    """Release a quarantined product under a physician's documented exception.

    Project policy: only a processed product (one with a processing record) may be released this
    way, so an exception never skips processing and its measurements.
    """
    now = action_time(now)
    locked = _lock(product)
    _require_password(by, password)
    if not Processing.objects.filter(product=locked).exists():
        raise ActionRefused("This product was never processed; it cannot be released.")
    event = _change_state(
        locked,
        Action.RELEASE_BY_EXCEPTION,
        by=by,
        location=location,
        reason=justification,
        at=now,
    )
    return _qc_record(
        locked,
        decision=QCRelease.RELEASED_BY_EXCEPTION,
        by=by,
        meaning=event.meaning,
        at=now,
        justification=justification.strip(),
    )


@transaction.atomic
def discard(
    *,
    product: BiologicProduct,
    by: User,
    password: str,
    reason: str,
    location: str,
    now: dt.datetime | None = None,
) -> CustodyEvent:
    """Discard a released or quarantined product, with the reason (a final disposition)."""
    now = action_time(now)
    locked = _lock(product)
    _require_password(by, password)
    return _change_state(locked, Action.DISCARD, by=by, location=location, reason=reason, at=now)


# --- bedside verification and administration -----------------------------------------------------


def planned_sites(product: BiologicProduct) -> list[InjectionSite]:
    """Return the injection sites the signed plan gives for the product's procedure."""
    return [InjectionSite(s["target"], s["side"]) for s in plan_sites(product.case.plan)]


def _bedside_failures(
    product: BiologicProduct,
    *,
    scanned_din: str,
    scanned_patient_id: str,
    target: str,
    side: str,
    now: dt.datetime,
) -> list[custody.BedsideFailure]:
    return verify_at_bedside(
        product=BedsideProduct(
            din=product.din_object,
            # The wristband carries the MRN; the donor is the product's patient (autologous).
            donor_patient_id=product.patient.mrn,
            state=product.state_enum,
            collected_at=product.collected_at,
        ),
        scanned_din=scanned_din,
        scanned_patient_id=scanned_patient_id,
        site=InjectionSite(target, side),
        planned_sites=planned_sites(product),
        now=now,
        time_limit=product.expires_at - product.collected_at,
    )


@transaction.atomic
def verify_bedside(
    *,
    product: BiologicProduct,
    by: User,
    scanned_din: str,
    scanned_patient_id: str,
    target: str,
    side: str,
    location: str,
    now: dt.datetime | None = None,
) -> BedsideVerification:
    """Record a bedside check; on any failure also an Incident and an audit event.

    Returns the verification; its `failures` list is empty when every check passed.
    """
    now = action_time(now)
    locked = _lock(product)
    if _role(by, locked.clinic_id) is not Role.PHYSICIAN:
        raise ActionRefused("Only a physician performs the bedside check before injecting.")
    _require_consent(locked)
    failures = _bedside_failures(
        locked,
        scanned_din=scanned_din,
        scanned_patient_id=scanned_patient_id,
        target=target,
        side=side,
        now=now,
    )
    verification = BedsideVerification.objects.create(
        clinic_id=locked.clinic_id,
        product=locked,
        scanned_din=scanned_din.strip()[:40],
        scanned_patient_id=scanned_patient_id.strip()[:40],
        target=" ".join(target.split()),
        side=side,
        failures=[{"code": f.code.value, "message": f.message} for f in failures],
        passed=not failures,
        verified_by=by,
        verified_at=now,
        location=location.strip() or "not given",
    )
    record_event(
        action="product.bedside_check" if not failures else "product.bedside_hard_stop",
        by=by,
        clinic_id=locked.clinic_id,
        patient_id=locked.patient_id,
        obj=verification,
        changes={"passed": not failures, "failures": [f.code.value for f in failures]},
    )
    if failures:
        incident = Incident.objects.create(
            clinic_id=locked.clinic_id,
            kind=Incident.BEDSIDE_HARD_STOP,
            product=locked,
            patient_id=locked.patient_id,
            codes=[f.code.value for f in failures],
            description=" ".join(f.message for f in failures),
            location=verification.location,
            reported_by=by,
            at=now,
        )
        record_event(
            action="incident.create",
            by=by,
            clinic_id=locked.clinic_id,
            patient_id=locked.patient_id,
            obj=incident,
            changes={"kind": incident.kind, "codes": incident.codes},
        )
    return verification


@transaction.atomic
def override_bedside(
    *,
    verification: BedsideVerification,
    by: User,
    password: str,
    reason: str,
    now: dt.datetime | None = None,
) -> BedsideVerification:
    """Sign a second physician's override of a failed bedside check, where one is allowed.

    Never for identity failures (another patient's product), release or the time limit
    (`regenpath.domain.custody.override_refusal`); never by the physician who ran the check.
    """
    now = action_time(now)
    locked = BedsideVerification.objects.select_for_update().get(pk=verification.pk)
    if _role(by, locked.clinic_id) is not Role.PHYSICIAN:
        raise ActionRefused("Only a second physician may override a bedside hard stop.")
    refusal = override_refusal(
        [
            custody.BedsideFailure(custody.BedsideCheck(f["code"]), f["message"])
            for f in locked.failures
        ]
    )
    if refusal:
        raise ActionRefused(refusal)
    if by.pk == locked.verified_by_id:
        raise ActionRefused("The override must be signed by a second physician, not by you.")
    if locked.override_at is not None or hasattr(locked, "administration"):
        raise ActionRefused("This bedside check has already been overridden or used.")
    if not reason.strip():
        raise ValidationError({"reason": ["Give the reason for the override."]})
    _require_password(by, password)
    locked.override_by = by
    locked.override_name = printed_name(by)
    locked.override_reason = reason.strip()
    locked.override_at = now
    locked.save(update_fields=["override_by", "override_name", "override_reason", "override_at"])
    record_event(
        action="product.bedside_override",
        by=by,
        clinic_id=locked.clinic_id,
        patient_id=locked.product.patient_id,
        obj=locked,
        changes={"failures": locked.failure_codes, "reason": locked.override_reason},
    )
    return locked


@transaction.atomic
def administer(
    *,
    product: BiologicProduct,
    verification: BedsideVerification,
    by: User,
    password: str,
    guidance: str,
    volume_ml: Decimal,
    needle: str,
    location: str,
    now: dt.datetime | None = None,
) -> Administration:
    """Record the injection after a cleared bedside check by the same physician, just now.

    The checks are run again at the moment of signing, so a product that expired or changed since
    the check is refused; only the failures a second physician overrode may remain.
    """
    now = action_time(now)
    locked = _lock(product)
    check = BedsideVerification.objects.select_for_update().get(pk=verification.pk)
    _require_password(by, password)
    if check.product_id != locked.pk:
        raise ActionRefused("That bedside check was for another product.")
    if check.verified_by_id != by.pk:
        raise ActionRefused("The physician who injects must run the bedside check.")
    if Administration.objects.filter(verification=check).exists():
        raise ActionRefused("That bedside check has already been used; scan again.")
    if not check.cleared:
        raise ActionRefused("The bedside check failed; the product may not be given.")
    if now - check.verified_at > VERIFICATION_VALID_FOR:
        raise ActionRefused("The bedside check is more than 15 minutes old; scan again.")
    _require_consent(locked)
    failures = _bedside_failures(
        locked,
        scanned_din=check.scanned_din,
        scanned_patient_id=check.scanned_patient_id,
        target=check.target,
        side=check.side,
        now=now,
    )
    overridden = set(check.failure_codes) if check.override_at else set()
    remaining = [f for f in failures if f.code.value not in overridden]
    if remaining:
        raise ActionRefused(" ".join(f.message for f in remaining))
    processing = Processing.objects.filter(product=locked).first()
    _invalid(
        check_administered_volume(
            _float(volume_ml), _float(processing.final_volume_ml) if processing else None
        )
    )
    episode = Episode.objects.select_for_update().get(pk=locked.episode_id)
    if episode.stage_enum not in _ADMINISTRABLE_STAGES:
        raise ActionRefused(
            f"The episode is {episode.get_stage_display().lower()}, not consented; "
            "a product is given only after signed consent."
        )
    _change_state(locked, Action.ADMINISTER, by=by, location=location, at=now)
    administration = Administration(
        clinic_id=locked.clinic_id,
        product=locked,
        verification=check,
        patient_id=locked.patient_id,
        target=check.target,
        side=check.side,
        guidance=guidance,
        volume_ml=volume_ml,
        needle=needle.strip(),
        administered_at=now,
        operator=by,
    )
    administration.full_clean()
    administration.save()
    record_event(
        action="product.administration",
        by=by,
        clinic_id=locked.clinic_id,
        patient_id=locked.patient_id,
        obj=administration,
        changes=diff(
            {},
            {
                "target": check.target,
                "side": check.side,
                "guidance": guidance,
                "volume_ml": volume_ml,
                "needle": administration.needle,
                "administered_at": now,
            },
        ),
    )
    case = ProcedureCase.objects.select_for_update().get(pk=locked.case_id)
    if case.performed_on is None:
        # The procedure date that follow-up schedules anchor on (the issue, "Stages").
        case.performed_on = timezone.localdate(now)
        case.save(update_fields=["performed_on"])
    if episode.stage_enum is Stage.CONSENTED:
        move_episode(
            episode=episode,
            to=Stage.TREATED,
            reason=f"Product {locked.din} administered",
            by=by,
            membership=Membership.objects.get(user=by, clinic_id=locked.clinic_id),
            now=now,
        )
    return administration


# --- late results and adverse events -------------------------------------------------------------


@transaction.atomic
def attach_lab_result(
    *,
    product: BiologicProduct,
    by: User,
    kind: str,
    result: str,
    resulted_at: dt.datetime,
    organism: str = "",
    note: str = "",
    link: str = "",
    now: dt.datetime | None = None,
) -> LabResult:
    """Attach a late sterility or culture result; a positive one alerts and opens an AE.

    A positive result on an administered product opens an ungraded adverse event for the donor
    (who received it) and e-mails the physicians who harvested and injected it, after commit.
    """
    now = action_time(now)
    if _role(by, product.clinic_id) not in {Role.PHYSICIAN, Role.PROCESSING_TECHNICIAN}:
        raise ActionRefused("Only a physician or a processing technician records lab results.")
    product = _lock(product)
    if resulted_at > now:
        raise ValidationError({"resulted_at": ["The result time is in the future."]})
    if resulted_at < product.collected_at:
        raise ValidationError({"resulted_at": ["The result time is before the harvest."]})
    lab = LabResult(
        clinic_id=product.clinic_id,
        product=product,
        kind=kind,
        result=result,
        organism=organism.strip(),
        resulted_at=resulted_at,
        note=note.strip(),
        recorded_by=by,
        recorded_at=now,
    )
    if result == LabResult.POSITIVE and not lab.organism:
        raise ValidationError({"organism": ["Name the organism (or 'not yet identified')."]})
    lab.full_clean()
    if result == LabResult.POSITIVE and product.state_enum is State.ADMINISTERED:
        administration = Administration.objects.get(product=product)
        lab.adverse_event = record_adverse_event(
            patient_id=product.patient_id,
            episode_id=product.episode_id,
            product=product,
            by=by,
            onset_date=timezone.localdate(resulted_at),
            now=now,
            category="positive_culture",
            grade=None,
            seriousness=Seriousness.NOT_ASSESSED,
            relatedness=Relatedness.NOT_ASSESSED,
            related_step=RelatedStep.UNKNOWN,
            outcome=Outcome.UNKNOWN,
            description=(
                f"{lab.get_kind_display()} positive ({lab.organism}) for product {product.din}, "
                f"injected {timezone.localtime(administration.administered_at):%Y-%m-%d %H:%M}. "
                "Opened automatically for look-back; assess and grade."
            ),
        )
    lab.save()
    record_event(
        action="product.lab_result",
        by=by,
        clinic_id=product.clinic_id,
        patient_id=product.patient_id,
        obj=lab,
        changes=diff({}, {"kind": kind, "result": result, "organism": lab.organism}),
    )
    if result == LabResult.POSITIVE:
        transaction.on_commit(lambda: _alert_physicians(lab, link))
    return lab


def alert_recipients(product: BiologicProduct) -> list[str]:
    """Return the e-mail addresses of the physicians who harvested and injected the product."""
    users = [product.harvest.operator]
    administration = Administration.objects.filter(product=product).first()
    if administration is not None:
        users.append(administration.operator)
    return sorted({u.email for u in users if u.email})


def _alert_physicians(lab: LabResult, link: str) -> None:
    # No patient identifier in the e-mail (it leaves the system); the DIN and a link suffice.
    context = {"lab": lab, "product": lab.product, "link": link}
    subject = render_to_string("procedures/email/positive_result_subject.txt", context).strip()
    send_mail(
        subject,
        render_to_string("procedures/email/positive_result.txt", context),
        None,
        alert_recipients(lab.product),
        html_message=render_to_string("procedures/email/positive_result.html", context),
    )


@transaction.atomic
def acknowledge_lab_result(
    *, lab_result: LabResult, by: User, now: dt.datetime | None = None
) -> LabResult:
    """Mark a positive result's alert as read by a physician."""
    now = action_time(now)
    if _role(by, lab_result.clinic_id) is not Role.PHYSICIAN:
        raise ActionRefused("Only a physician acknowledges a positive result.")
    locked = LabResult.objects.select_for_update().get(pk=lab_result.pk)
    if locked.acknowledged_at is None:
        locked.acknowledged_by = by
        locked.acknowledged_at = now
        locked.save(update_fields=["acknowledged_by", "acknowledged_at"])
        record_event(
            action="product.lab_result.acknowledge",
            by=by,
            clinic_id=locked.clinic_id,
            patient_id=locked.product.patient_id,
            obj=locked,
        )
    return locked


AE_FIELDS = (
    "onset_date",
    "category",
    "grade",
    "seriousness",
    "relatedness",
    "related_step",
    "outcome",
    "description",
)


def _check_ae(event: AdverseEvent) -> None:
    problem = check_grade(event.category, event.grade, event.outcome)
    if problem:
        raise ValidationError({"grade": [problem[0].upper() + problem[1:] + "."]})


@transaction.atomic
def record_adverse_event(
    *,
    patient_id: int,
    episode_id: int,
    by: User,
    product: BiologicProduct | None = None,
    now: dt.datetime | None = None,
    **fields: Any,
) -> AdverseEvent:
    """Open an adverse event for a patient's episode (reference §8.2)."""
    now = action_time(now)
    episode = Episode.objects.get(pk=episode_id, patient_id=patient_id)
    if _role(by, episode.clinic_id) not in {Role.PHYSICIAN, Role.PROCESSING_TECHNICIAN}:
        raise ActionRefused("Only clinical staff record adverse events.")
    event = AdverseEvent(
        clinic_id=episode.clinic_id,
        patient_id=patient_id,
        episode=episode,
        product=product,
        reported_by=by,
        reported_at=now,
        **fields,
    )
    event.full_clean()
    _check_ae(event)
    event.save()
    record_event(
        action="adverse_event.create",
        by=by,
        clinic_id=episode.clinic_id,
        patient_id=patient_id,
        obj=event,
        changes=diff({}, {name: getattr(event, name) for name in AE_FIELDS}),
    )
    return event


@transaction.atomic
def update_adverse_event(*, adverse_event: AdverseEvent, by: User, **fields: Any) -> AdverseEvent:
    """Assess or re-assess an adverse event (grade, seriousness, causality, outcome)."""
    if _role(by, adverse_event.clinic_id) is not Role.PHYSICIAN:
        raise ActionRefused("Only a physician assesses an adverse event.")
    locked = AdverseEvent.objects.select_for_update().get(pk=adverse_event.pk)
    before = {name: getattr(locked, name) for name in AE_FIELDS}
    for name, value in fields.items():
        if name not in AE_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(locked, name, value)
    locked.full_clean()
    _check_ae(locked)
    changes = diff(before, {name: getattr(locked, name) for name in AE_FIELDS})
    if changes:
        locked.save()
        record_event(
            action="adverse_event.update",
            by=by,
            clinic_id=locked.clinic_id,
            patient_id=locked.patient_id,
            obj=locked,
            changes=changes,
        )
    return locked
