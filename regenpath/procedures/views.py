"""Procedure-day screens, one per step. Permission comes only from regenpath.procedures.access."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from regenpath.audit.actions import record_event
from regenpath.clinics.access import get_membership, role_allows, staff_user
from regenpath.domain.custody import BedsideCheck, BedsideFailure, State, override_refusal
from regenpath.domain.qc import assess_release
from regenpath.patients.access import get_episode_for_user
from regenpath.plans.access import signed_consent_for
from regenpath.plans.models import PlanStatus, TreatmentPlan
from regenpath.procedures import access, actions, fhir
from regenpath.procedures.forms import (
    AdministrationForm,
    AdverseEventForm,
    BedsideForm,
    ExceptionForm,
    HarvestForm,
    LabResultForm,
    OverrideForm,
    ProcessingForm,
    ProductTypeForm,
    QCDecisionForm,
    QCOverridesForm,
    ReasonForm,
    ScheduleForm,
    SettingsForm,
    SignatureForm,
    TraceForm,
)
from regenpath.procedures.labels import label_pdf
from regenpath.procedures.models import (
    Administration,
    BiologicProduct,
    ProcedureSettings,
    Processing,
)


def _location(clinic_id: int) -> str:
    settings = ProcedureSettings.objects.filter(clinic_id=clinic_id).first()
    return settings.default_location if settings else "Procedure room"


def _refuse(form: Any, error: Exception) -> None:
    if isinstance(error, ValidationError):
        form.add_error(None, error)
    else:
        form.add_error(None, str(error))


# --- board, scheduling, case ----------------------------------------------------------------------


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """Show today's and coming procedures, and positive results waiting for a physician."""
    cases = access.cases_for_user(request).select_related("episode__patient")
    today = timezone.localdate()
    return render(
        request,
        "procedures/board.html",
        {
            "today": today,
            "todays": cases.filter(scheduled_for=today).prefetch_related("products"),
            "coming": cases.filter(scheduled_for__gt=today)[:50],
            "alerts": access.open_alerts_for_user(request),
            "can_trace": role_allows(request, access.TRACE),
            "can_configure": role_allows(request, access.CONFIGURE),
            "can_review_safety": role_allows(request, access.SAFETY_REVIEW),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, episode_uuid: uuid.UUID) -> HttpResponse:
    """Schedule a procedure for one of the episode's consented plans."""
    episode = get_episode_for_user(request, episode_uuid, roles=access.SCHEDULE)
    final = TreatmentPlan.objects.filter(episode=episode, status=PlanStatus.FINAL)
    plans = final.filter(pk__in=[p.pk for p in final if signed_consent_for(p) is not None])
    first = plans.first()
    initial = {"plan": first, "scheduled_for": first.planned_date if first else None}
    form = ScheduleForm(request.POST or None, plans=plans, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.schedule_procedure(
                plan=form.cleaned_data["plan"],
                by=staff_user(request),
                scheduled_for=form.cleaned_data["scheduled_for"],
            )
        except (actions.ActionRefused, ValidationError) as error:
            _refuse(form, error)
        else:
            messages.success(request, "Procedure scheduled.")
            return redirect("procedure_case", case_uuid=case.uuid)
    return render(
        request,
        "procedures/schedule.html",
        {"form": form, "episode": episode, "patient": episode.patient, "has_plans": bool(first)},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def case_detail(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.get_case_for_user(request, case_uuid)
    record_event(
        action="procedure.view",
        by=staff_user(request),
        clinic_id=case.clinic_id,
        patient_id=case.episode.patient_id,
        obj=case,
    )
    return render(
        request,
        "procedures/case.html",
        {
            "case": case,
            "patient": case.episode.patient,
            "products": case.products.select_related("product_type").order_by("collected_at"),
            "can_harvest": role_allows(request, access.PHYSICIAN),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def harvest(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.get_case_for_user(request, case_uuid, roles=access.PHYSICIAN)
    product_types = access.product_types_for_user(request, access.PHYSICIAN).filter(is_active=True)
    initial = {"side": case.episode.side}
    form = HarvestForm(
        request.POST or None,
        initial=initial,
        product_types=product_types,
        location=_location(case.clinic_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            product = actions.record_harvest(
                case=case,
                by=staff_user(request),
                password=data["password"],
                product_type=data["product_type"],
                site=data["site"],
                side=data["side"],
                aspirate_volume_ml=data["aspirate_volume_ml"],
                anticoagulant=data["anticoagulant"],
                started_at=data["started_at"],
                ended_at=data["ended_at"],
                location=data["location"],
            )
        except (actions.ActionRefused, ValidationError) as error:
            _refuse(form, error)
        else:
            messages.success(request, f"Harvest recorded. DIN {product.din_object.eye_readable()}.")
            return redirect("procedure_product", product_uuid=product.uuid)
    return render(
        request,
        "procedures/step_form.html",
        {
            "form": form,
            "case": case,
            "patient": case.episode.patient,
            "title": "Harvest",
            "step": "harvest",
            "button": "Sign harvest",
            "intro": "Record the collection. regenpath assigns the product its ISBT 128 DIN.",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- product: timeline and the signing steps -----------------------------------------------------


def _next_steps(request: HttpRequest, product: BiologicProduct) -> list[tuple[str, str, bool]]:
    """Return (label, url, primary) for the steps the user's role may take from this state."""
    state, u = product.state_enum, product.uuid
    physician = role_allows(request, access.PHYSICIAN)
    processing = role_allows(request, access.PROCESSING)
    steps: list[tuple[str, str, bool]] = []
    if state is State.COLLECTED and processing:
        steps.append(("Receive for processing", reverse("procedure_receive", args=[u]), True))
    if state is State.IN_PROCESSING and processing:
        steps.append(("Record processing", reverse("procedure_processing", args=[u]), True))
    if state in {State.COLLECTED, State.IN_PROCESSING} and processing:
        steps.append(("Quarantine", reverse("procedure_quarantine", args=[u]), False))
    if state is State.QC_PENDING and processing:
        steps.append(("QC and release", reverse("procedure_qc", args=[u]), True))
    if state is State.RELEASED and physician:
        steps.append(("Bedside check", reverse("procedure_bedside", args=[u]), True))
    if state is State.QUARANTINED and physician:
        steps.append(("Release under exception", reverse("procedure_exception", args=[u]), False))
    if state in {State.RELEASED, State.QUARANTINED} and processing:
        steps.append(("Discard", reverse("procedure_discard", args=[u]), False))
    if processing:
        steps.append(("Attach a lab result", reverse("procedure_lab", args=[u]), False))
    return steps


def _timeline(product: BiologicProduct) -> list[dict[str, Any]]:
    """Return the custody events, bedside checks and lab results in time order, newest last.

    Each entry names its signer (`name`, `user`) for the esign tags, which show
    "Ada Okafor (Physician)" and the clinic's local time on every page alike.
    """
    entries: list[dict[str, Any]] = []
    for event in product.custody_events.select_related("by"):
        entries.append(
            {
                "at": event.at,
                "kind": "custody",
                "css": f"pstate-{event.to_state}",
                "title": f"{event.from_label} → {event.to_label}"
                if event.from_state
                else f"{event.to_label}",
                "detail": event.note,
                "where": event.location,
                "name": event.printed_name,
                "user": event.by,
                "meaning": event.meaning,
            }
        )
    for check in product.verifications.select_related("verified_by", "override_by"):
        entries.append(
            {
                "at": check.verified_at,
                "kind": "bedside",
                "css": "ok" if check.passed else "stop",
                "title": "Bedside check passed" if check.passed else "Bedside HARD STOP",
                "detail": " ".join(f["message"] for f in check.failures),
                "where": check.location,
                "name": actions.printed_name(check.verified_by),
                "user": check.verified_by,
                "override": check if check.override_at else None,
            }
        )
    for lab in product.lab_results.select_related("recorded_by"):
        entries.append(
            {
                "at": lab.recorded_at,
                "kind": "lab",
                "css": "stop" if lab.result == lab.POSITIVE else "ok",
                "title": f"{lab.get_kind_display()}: {lab.get_result_display().lower()}",
                "detail": lab.organism,
                "where": "",
                "name": actions.printed_name(lab.recorded_by),
                "user": lab.recorded_by,
            }
        )
    return sorted(entries, key=lambda e: e["at"])


@login_required
def product_detail(request: HttpRequest, product_uuid: uuid.UUID) -> HttpResponse:
    """Show the product and its whole custody timeline on one page."""
    product = access.get_product_for_user(request, product_uuid)
    record_event(
        action="product.view",
        by=staff_user(request),
        clinic_id=product.clinic_id,
        patient_id=product.patient_id,
        obj=product,
    )
    return render(
        request,
        "procedures/product.html",
        {
            "product": product,
            "patient": product.patient,
            "timeline": _timeline(product),
            "harvest": getattr(product, "harvest", None),
            "processing": Processing.objects.filter(product=product).first(),
            "qc_decisions": product.qc_decisions.all(),
            "verifications": product.verifications.all(),
            "administration": Administration.objects.filter(product=product).first(),
            "lab_results": product.lab_results.all(),
            "incidents": product.incidents.all(),
            "adverse_events": product.adverse_events.all(),
            "steps": _next_steps(request, product),
            "can_label": role_allows(request, access.TRACE),
            "now": timezone.now(),
        },
    )


def _signing_step(
    request: HttpRequest,
    product_uuid: uuid.UUID,
    *,
    roles: frozenset[Any],
    form_class: type[SignatureForm],
    run: Callable[[BiologicProduct, Any, dict[str, Any]], object],
    title: str,
    button: str,
    intro: str,
    done: str,
    danger: bool = False,
) -> HttpResponse:
    product = access.get_product_for_user(request, product_uuid, roles=roles)
    form = form_class(request.POST or None, location=_location(product.clinic_id))
    if request.method == "POST" and form.is_valid():
        try:
            run(product, staff_user(request), form.cleaned_data)
        except (actions.ActionRefused, ValidationError) as error:
            _refuse(form, error)
        else:
            messages.success(request, done)
            return redirect("procedure_product", product_uuid=product.uuid)
    return render(
        request,
        "procedures/step_form.html",
        {
            "form": form,
            "product": product,
            "patient": product.patient,
            "title": title,
            "button": button,
            "intro": intro,
            "danger": danger,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def receive(request: HttpRequest, product_uuid: uuid.UUID) -> HttpResponse:
    return _signing_step(
        request,
        product_uuid,
        roles=access.PROCESSING,
        form_class=SignatureForm,
        run=lambda p, by, d: actions.start_processing(
            product=p, by=by, password=d["password"], location=d["location"]
        ),
        title="Receive for processing",
        button="Sign receipt",
        intro="Sign that you have taken the product from the harvest for processing.",
        done="Received for processing.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def quarantine(request: HttpRequest, product_uuid: uuid.UUID) -> HttpResponse:
    return _signing_step(
        request,
        product_uuid,
        roles=access.PROCESSING,
        form_class=ReasonForm,
        run=lambda p, by, d: actions.quarantine(
            product=p, by=by, password=d["password"], reason=d["reason"], location=d["location"]
        ),
        title="Quarantine",
        button="Sign quarantine",
        intro="Quarantine a damaged or mislabelled product before QC.",
        done="Product quarantined.",
        danger=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def discard(request: HttpRequest, product_uuid: uuid.UUID) -> HttpResponse:
    return _signing_step(
        request,
        product_uuid,
        roles=access.PROCESSING,
        form_class=ReasonForm,
        run=lambda p, by, d: actions.discard(
            product=p, by=by, password=d["password"], reason=d["reason"], location=d["location"]
        ),
        title="Discard",
        button="Sign discard",
        intro="Discarding is final. The reason is kept in the custody record.",
        done="Product discarded.",
        danger=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def exception_release(request: HttpRequest, product_uuid: uuid.UUID) -> HttpResponse:
    product = access.get_product_for_user(request, product_uuid, roles=access.PHYSICIAN)
    _, results = actions.qc_evaluation(product)
    form = ExceptionForm(request.POST or None, location=_location(product.clinic_id))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.release_with_exception(
                product=product,
                by=staff_user(request),
                password=data["password"],
                justification=data["justification"],
                location=data["location"],
            )
        except (actions.ActionRefused, ValidationError) as error:
            _refuse(form, error)
        else:
            messages.success(request, "Released under documented exception.")
            return redirect("procedure_product", product_uuid=product.uuid)
    return render(
        request,
        "procedures/qc.html",
        {
            "form": form,
            "product": product,
            "patient": product.patient,
            "results": results,
            "exception": True,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def processing(request: HttpRequest, product_uuid: uuid.UUID) -> HttpResponse:
    product = access.get_product_for_user(request, product_uuid, roles=access.PROCESSING)
    form = ProcessingForm(
        request.POST or None, product=product, location=_location(product.clinic_id)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password, location = data.pop("password"), data.pop("location")
        try:
            actions.record_processing(
                product=product,
                by=staff_user(request),
                password=password,
                location=location,
                **data,
            )
        except (actions.ActionRefused, ValidationError) as error:
            _refuse(form, error)
        else:
            messages.success(request, "Processing recorded. Review QC and sign the decision.")
            return redirect("procedure_qc", product_uuid=product.uuid)
    return render(
        request,
        "procedures/step_form.html",
        {
            "form": form,
            "product": product,
            "patient": product.patient,
            "title": "Processing",
            "step": "processing",
            "button": "Sign processing record",
            "intro": "Record the kit, its lot and the measured composition of the product.",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def qc(request: HttpRequest, product_uuid: uuid.UUID) -> HttpResponse:
    """Show each QC criterion's result and sign release or quarantine."""
    product = access.get_product_for_user(request, product_uuid, roles=access.PROCESSING)
    _, results = actions.qc_evaluation(product)
    assessment = assess_release(results)
    form = QCDecisionForm(
        request.POST or None,
        releasable=assessment.releasable,
        location=_location(product.clinic_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_qc_decision(
                product=product,
                by=staff_user(request),
                password=data["password"],
                release=data["decision"] == "release",
                reason=data["reason"],
                location=data["location"],
            )
        except (actions.ActionRefused, ValidationError) as error:
            _refuse(form, error)
        else:
            messages.success(request, "QC decision signed.")
            return redirect("procedure_product", product_uuid=product.uuid)
    return render(
        request,
        "procedures/qc.html",
        {
            "form": form,
            "product": product,
            "patient": product.patient,
            "results": results,
            "assessment": assessment,
            "processing": Processing.objects.filter(product=product).first(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- bedside --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def bedside(request: HttpRequest, product_uuid: uuid.UUID) -> HttpResponse:
    """Scan the product and the wristband; any failure is a hard stop."""
    product = access.get_product_for_user(request, product_uuid, roles=access.PHYSICIAN)
    sites = actions.plan_sites(product.case.plan)
    initial = {"location": _location(product.clinic_id)}
    if len(sites) == 1:
        initial.update(target=sites[0]["target"], side=sites[0]["side"])
    form = BedsideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            verification = actions.verify_bedside(
                product=product,
                by=staff_user(request),
                scanned_din=data["scanned_din"],
                scanned_patient_id=data["scanned_patient_id"],
                target=data["target"],
                side=data["side"],
                location=data["location"],
            )
        except actions.ActionRefused as error:
            _refuse(form, error)
        else:
            if verification.passed:
                return redirect(
                    "procedure_administer",
                    product_uuid=product.uuid,
                    verification_uuid=verification.uuid,
                )
            return redirect(
                "procedure_hard_stop",
                product_uuid=product.uuid,
                verification_uuid=verification.uuid,
            )
    return render(
        request,
        "procedures/bedside.html",
        {"form": form, "product": product, "patient": product.patient, "sites": sites},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def hard_stop(
    request: HttpRequest, product_uuid: uuid.UUID, verification_uuid: uuid.UUID
) -> HttpResponse:
    """Show a failed bedside check in large text; offer a second physician's override if allowed."""
    product = access.get_product_for_user(request, product_uuid, roles=access.PHYSICIAN)
    verification = access.get_verification_for_user(request, verification_uuid, product)
    if verification.cleared:
        return redirect(
            "procedure_administer", product_uuid=product.uuid, verification_uuid=verification.uuid
        )
    failures = [
        BedsideFailure(BedsideCheck(f["code"]), f["message"]) for f in verification.failures
    ]
    refusal = override_refusal(failures)
    form = OverrideForm(request.POST or None) if refusal is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        second = get_user_model().objects.filter(username=data["username"]).first()
        try:
            if second is None:
                raise actions.SignatureRefused("The username or password is not correct.")
            actions.override_bedside(
                verification=verification,
                by=second,
                password=data["password"],
                reason=data["reason"],
            )
        except (actions.ActionRefused, ValidationError) as error:
            _refuse(form, error)
        else:
            messages.warning(request, "Overridden by a second physician; the override is recorded.")
            return redirect(
                "procedure_administer",
                product_uuid=product.uuid,
                verification_uuid=verification.uuid,
            )
    return render(
        request,
        "procedures/hard_stop.html",
        {
            "product": product,
            "patient": product.patient,
            "verification": verification,
            "refusal": refusal,
            "form": form,
        },
        status=409,
    )


@login_required
@require_http_methods(["GET", "POST"])
def administer(
    request: HttpRequest, product_uuid: uuid.UUID, verification_uuid: uuid.UUID
) -> HttpResponse:
    product = access.get_product_for_user(request, product_uuid, roles=access.PHYSICIAN)
    verification = access.get_verification_for_user(request, verification_uuid, product)
    if not verification.cleared:
        return redirect(
            "procedure_hard_stop", product_uuid=product.uuid, verification_uuid=verification.uuid
        )
    processing_record = Processing.objects.filter(product=product).first()
    available = float(processing_record.final_volume_ml) if processing_record else None
    form = AdministrationForm(
        request.POST or None, available_ml=available, location=verification.location
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.administer(
                product=product,
                verification=verification,
                by=staff_user(request),
                password=data["password"],
                guidance=data["guidance"],
                volume_ml=data["volume_ml"],
                needle=data["needle"],
                location=data["location"],
            )
        except (actions.ActionRefused, ValidationError) as error:
            _refuse(form, error)
        else:
            messages.success(request, "Administration recorded. The episode is now treated.")
            return redirect("procedure_product", product_uuid=product.uuid)
    return render(
        request,
        "procedures/administer.html",
        {
            "form": form,
            "product": product,
            "patient": product.patient,
            "verification": verification,
            "available": available,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- label, lab results, adverse events, traceability ---------------------------------------------


@login_required
def label(request: HttpRequest, product_uuid: uuid.UUID) -> HttpResponse:
    """Return the product label PDF; printing is audited."""
    product = access.get_product_for_user(request, product_uuid, roles=access.TRACE)
    record_event(
        action="product.label_print",
        by=staff_user(request),
        clinic_id=product.clinic_id,
        patient_id=product.patient_id,
        obj=product,
    )
    response = HttpResponse(label_pdf(product), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="label-{product.din}.pdf"'
    return response


@login_required
def product_fhir(request: HttpRequest, product_uuid: uuid.UUID) -> HttpResponse:
    """Return the product (and its injection, if given) as a FHIR R4 collection Bundle."""
    product = access.get_product_for_user(request, product_uuid, roles=access.PROCESSING)
    entries = [{"resource": fhir.product_resource(product)}]
    administration = Administration.objects.filter(product=product).first()
    if administration is not None:
        entries.append({"resource": fhir.administration_resource(administration)})
    record_event(
        action="product.fhir_export",
        by=staff_user(request),
        clinic_id=product.clinic_id,
        patient_id=product.patient_id,
        obj=product,
    )
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    return JsonResponse(bundle, content_type="application/fhir+json")


@login_required
@require_http_methods(["GET", "POST"])
def lab_result(request: HttpRequest, product_uuid: uuid.UUID) -> HttpResponse:
    product = access.get_product_for_user(request, product_uuid, roles=access.PROCESSING)
    form = LabResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lab = actions.attach_lab_result(
                product=product,
                by=staff_user(request),
                link=request.build_absolute_uri(reverse("procedure_product", args=[product.uuid])),
                **form.cleaned_data,
            )
        except (actions.ActionRefused, ValidationError) as error:
            _refuse(form, error)
        else:
            if lab.result == lab.POSITIVE:
                messages.error(
                    request,
                    "Positive result recorded. The physicians have been e-mailed"
                    + (" and an adverse event was opened." if lab.adverse_event else "."),
                )
            else:
                messages.success(request, "Result recorded.")
            return redirect("procedure_product", product_uuid=product.uuid)
    return render(
        request,
        "procedures/step_form.html",
        {
            "form": form,
            "product": product,
            "patient": product.patient,
            "title": "Attach a lab result",
            "button": "Save result",
            "intro": "A late sterility or culture result. A positive one alerts the physicians.",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, lab_uuid: uuid.UUID) -> HttpResponse:
    lab = access.get_lab_result_for_user(request, lab_uuid)
    actions.acknowledge_lab_result(lab_result=lab, by=staff_user(request))
    messages.success(request, "Alert acknowledged.")
    return redirect("procedure_product", product_uuid=lab.product.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def adverse_event(request: HttpRequest, event_uuid: uuid.UUID) -> HttpResponse:
    """Show an adverse event; a physician assesses it (grade, seriousness, causality, outcome)."""
    event = access.get_adverse_event_for_user(request, event_uuid)
    can_edit = role_allows(request, access.PHYSICIAN)
    form = AdverseEventForm(request.POST or None, instance=event) if can_edit else None
    if request.method == "POST":
        if form is None:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                actions.update_adverse_event(
                    adverse_event=event, by=staff_user(request), **form.cleaned_data
                )
            except (actions.ActionRefused, ValidationError) as error:
                _refuse(form, error)
            else:
                messages.success(request, "Adverse event saved.")
                return redirect("procedure_adverse_event", event_uuid=event.uuid)
        event.refresh_from_db()
    return render(
        request,
        "procedures/adverse_event.html",
        {"event": event, "patient": event.patient, "form": form},
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


@login_required
def trace(request: HttpRequest) -> HttpResponse:
    """Find every product processed with a kit lot, or one DIN, and whom it was given to."""
    products = access.products_for_user(request, access.TRACE)
    form = TraceForm(request.GET or None)
    found = None
    if form.is_bound and form.is_valid():
        lot = " ".join((form.cleaned_data.get("lot") or "").split()).upper()
        din = form.cleaned_data.get("din") or ""
        if lot or din:
            query = Q()
            if lot:
                query |= Q(processing__lot=lot)
            if din:
                query |= Q(din=din)
            found = (
                products.filter(query)
                .select_related("patient", "product_type", "processing", "administration")
                .order_by("collected_at")
            )
            record_event(
                action="procedures.trace",
                by=staff_user(request),
                clinic_id=get_membership(request).clinic_id,
                changes={"lot": lot, "din": din, "found": found.count()},
            )
    return render(request, "procedures/trace.html", {"form": form, "found": found})


# --- configuration --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    membership = get_membership(request, access.CONFIGURE)
    instance = ProcedureSettings.objects.filter(clinic=membership.clinic).first()
    form = SettingsForm(
        request.POST or None, instance=instance or ProcedureSettings(clinic=membership.clinic)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_procedure_settings(
                clinic=membership.clinic, by=staff_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Settings saved.")
            return redirect("procedure_settings")
    return render(
        request,
        "procedures/settings.html",
        {
            "form": form,
            "product_types": access.product_types_for_user(request, access.CONFIGURE),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_type_create(request: HttpRequest) -> HttpResponse:
    membership = get_membership(request, access.CONFIGURE)
    form = ProductTypeForm(request.POST or None, clinic=membership.clinic)
    if request.method == "POST" and form.is_valid():
        try:
            product_type = actions.create_product_type(
                clinic=membership.clinic, by=staff_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Product type {product_type} added.")
            return redirect("procedure_product_type", pk=product_type.pk)
    return render(
        request,
        "procedures/config_form.html",
        {"form": form, "title": "Add a product type"},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product_type = access.get_product_type_for_user(request, pk)
    form = QCOverridesForm(request.POST or None, product_type=product_type)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_product_type(
                product_type=product_type,
                by=staff_user(request),
                name=form.cleaned_data["name"],
                qc_overrides=form.overrides(),
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Product type saved.")
            return redirect("procedure_settings")
    return render(
        request,
        "procedures/config_form.html",
        {"form": form, "title": f"{product_type.code} {product_type.name}: QC criteria"},
        status=400 if form.is_bound and form.errors else 200,
    )
