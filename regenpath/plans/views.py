"""Plan pages: build from the template, adjust, finalise, consent link, witness, PDFs.

Permission comes only from regenpath.plans.access (and patients.access for the episode);
writes only from regenpath.plans.actions and consent_actions.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from regenpath.audit.actions import record_event
from regenpath.clinics.access import get_membership, staff_user
from regenpath.domain.planning import PlanError, build_plan, template_for
from regenpath.patients.access import get_episode_for_user
from regenpath.patients.actions import StageMoveRefused
from regenpath.patients.models import Episode
from regenpath.plans import actions, consent_actions, documents, pdf, printouts
from regenpath.plans.access import (
    CONSENT_LINK_SENDERS,
    PLANNERS,
    WITNESSES,
    get_consent_for_user,
    get_plan_for_planning,
    get_plan_for_user,
    signed_consent_for,
)
from regenpath.plans.forms import PlanForm
from regenpath.plans.models import PlanStatus, TreatmentPlan
from regenpath.screening.current import clinic_rules, planning_gate
from regenpath.screening.models import PatientLink
from regenpath.screening.signatures import PasswordSignatureForm
from regenpath.screening.views import link_page


def _plan_form_page(
    request: HttpRequest, episode: Episode, plan: TreatmentPlan | None
) -> HttpResponse:
    membership = get_membership(request)
    today = timezone.localdate()
    gate = planning_gate(episode, today=today)
    template = template_for(episode.condition_code)
    if plan is None:
        initial = PlanForm.template_initial(template, episode.side)
    else:
        initial = {
            "cell_source": plan.cell_source,
            "ind_number": plan.ind_number,
            "targets": plan.targets,
            "side": plan.side,
            "image_guidance": plan.image_guidance,
            "planned_date": plan.planned_date,
            "instruments": plan.instruments,
            "expected_course": plan.expected_course,
        }
    form = PlanForm(
        request.POST if request.method == "POST" else None, template=template, initial=initial
    )
    status = 200 if gate.allowed else 409
    if request.method == "POST" and gate.allowed and form.is_valid():
        assert gate.decision is not None
        data = form.cleaned_data
        try:
            built = build_plan(
                template,
                side=data["side"],
                planned_date=data["planned_date"],
                medications=actions.decision_medications(gate.decision),
                today=today,
                cell_source=data["cell_source"],
                targets=data["targets"],
                image_guidance=data["image_guidance"],
                instruments=data["instruments"],
                ind_number=data["ind_number"],
                rules=clinic_rules(episode.clinic_id),
            )
        except PlanError as error:
            form.add_plan_errors(error)
        else:
            user = staff_user(request)
            try:
                if plan is None:
                    plan = actions.create_plan(
                        episode=episode,
                        built=built,
                        expected_course=data["expected_course"],
                        by=user,
                        membership=membership,
                        today=today,
                    )
                else:
                    plan = actions.update_plan(
                        plan=plan,
                        built=built,
                        expected_course=data["expected_course"],
                        by=user,
                        membership=membership,
                    )
            except actions.PlanRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "Plan saved as a draft. Review it, then finalise.")
                return redirect("plan_detail", plan_uuid=plan.uuid)
    if request.method == "POST" and status == 200:
        status = 400
    return render(
        request,
        "plans/plan_form.html",
        {
            "episode": episode,
            "patient": episode.patient,
            "plan": plan,
            "form": form,
            "gate": gate,
            "template": template,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, episode_uuid: uuid.UUID) -> HttpResponse:
    """Build a plan from the condition's template (physicians; candidates or overrides only)."""
    episode = get_episode_for_user(request, episode_uuid, roles=PLANNERS)
    return _plan_form_page(request, episode, None)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    plan = get_plan_for_planning(request, plan_uuid)
    if plan.status != PlanStatus.DRAFT:
        messages.error(request, "A final plan cannot be changed; start a new plan instead.")
        return redirect("plan_detail", plan_uuid=plan.uuid)
    return _plan_form_page(request, plan.episode, plan)


def _plan_context(
    request: HttpRequest, plan: TreatmentPlan, finalise_form: PasswordSignatureForm | None = None
) -> dict[str, Any]:
    membership = get_membership(request)
    role = membership.role_enum
    user = staff_user(request)
    consents = list(plan.consents.select_related("witness", "recorded_by"))
    return {
        "plan": plan,
        "episode": plan.episode,
        "patient": plan.episode.patient,
        "sections": printouts.plan_sections(plan),
        "consents": consents,
        "signed_consent": signed_consent_for(plan),
        "can_plan": role in PLANNERS,
        "can_send_link": role in CONSENT_LINK_SENDERS and plan.status == PlanStatus.FINAL,
        "can_witness": role in WITNESSES,
        "finalise_form": finalise_form or PasswordSignatureForm(user=user),
        "witness_form": PasswordSignatureForm(user=user, prefix="witness"),
        "record_form": PasswordSignatureForm(user=user, prefix="record"),
        "gate": planning_gate(plan.episode, today=timezone.localdate()),
    }


@login_required
def plan_detail(request: HttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    plan = get_plan_for_user(request, plan_uuid)
    record_event(
        action="plan.view",
        by=staff_user(request),
        clinic_id=plan.clinic_id,
        patient_id=plan.episode.patient_id,
        obj=plan,
    )
    return render(request, "plans/plan_detail.html", _plan_context(request, plan))


@login_required
@require_POST
def plan_finalise(request: HttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    plan = get_plan_for_planning(request, plan_uuid)
    user = staff_user(request)
    form = PasswordSignatureForm(request.POST, user=user)
    if form.is_valid():
        try:
            actions.finalise_plan(
                plan=plan, by=user, membership=get_membership(request), today=timezone.localdate()
            )
        except (actions.PlanRefused, StageMoveRefused) as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Plan finalised and signed. The episode is now planned.")
            return redirect("plan_detail", plan_uuid=plan.uuid)
    plan.refresh_from_db()
    return render(request, "plans/plan_detail.html", _plan_context(request, plan, form), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def consent_link_new(request: HttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    """Create the patient's single-use consent link for this final plan."""
    plan = get_plan_for_user(request, plan_uuid, roles=CONSENT_LINK_SENDERS)
    if plan.status != PlanStatus.FINAL:
        messages.error(request, "Finalise the plan before asking the patient to consent.")
        return redirect("plan_detail", plan_uuid=plan.uuid)
    return link_page(
        request,
        episode=plan.episode,
        purpose=PatientLink.Purpose.CONSENT,
        url_name="patient_consent",
        title="Send the consent form",
        back=reverse("plan_detail", args=[plan.uuid]),
        plan_id=plan.pk,
    )


def _consent_signing(request: HttpRequest, consent_uuid: uuid.UUID, prefix: str, roles: Any) -> Any:
    consent = get_consent_for_user(request, consent_uuid, roles=roles)
    user = staff_user(request)
    form = PasswordSignatureForm(request.POST, user=user, prefix=prefix)
    return consent, user, form


@login_required
@require_POST
def consent_witness(request: HttpRequest, consent_uuid: uuid.UUID) -> HttpResponse:
    consent, user, form = _consent_signing(request, consent_uuid, "witness", WITNESSES)
    if form.is_valid():
        try:
            consent_actions.witness_consent(
                consent=consent, by=user, membership=get_membership(request)
            )
        except consent_actions.ConsentRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Countersigned as witness; the PDF now shows your signature.")
    else:
        messages.error(request, "Not signed: " + " ".join(form.errors.get("password", [])))
    return redirect("plan_detail", plan_uuid=consent.plan.uuid)


@login_required
@require_POST
def consent_record(request: HttpRequest, consent_uuid: uuid.UUID) -> HttpResponse:
    consent, user, form = _consent_signing(request, consent_uuid, "record", PLANNERS)
    if form.is_valid():
        try:
            consent_actions.record_consent(
                consent=consent, by=user, membership=get_membership(request)
            )
        except (consent_actions.ConsentRefused, StageMoveRefused) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Consent recorded. The episode is now consented.")
    else:
        messages.error(request, "Not signed: " + " ".join(form.errors.get("password", [])))
    return redirect("plan_detail", plan_uuid=consent.plan.uuid)


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def plan_pdf(request: HttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    """Download the plan summary for the patient (rendered now; audited)."""
    plan = get_plan_for_user(request, plan_uuid)
    data = pdf.render(printouts.plan_summary(plan))
    record_event(
        action="plan.pdf",
        by=staff_user(request),
        clinic_id=plan.clinic_id,
        patient_id=plan.episode.patient_id,
        obj=plan,
        changes={"sha256": documents.sha256_hex(data), "status": plan.status},
    )
    return _pdf_response(data, f"plan-{plan.episode.patient.mrn}-{str(plan.uuid)[:8]}.pdf")


@login_required
def consent_pdf(request: HttpRequest, consent_uuid: uuid.UUID) -> HttpResponse:
    """Download the frozen signed consent, after checking its SHA-256 (audited)."""
    consent = get_consent_for_user(request, consent_uuid)
    try:
        data = documents.load(consent.pdf_path, consent.pdf_sha256)
    except (documents.DocumentTampered, FileNotFoundError):
        record_event(
            action="consent.pdf_failed",
            by=staff_user(request),
            clinic_id=consent.clinic_id,
            patient_id=consent.plan.episode.patient_id,
            obj=consent,
            changes={"pdf_sha256": consent.pdf_sha256},
        )
        raise Http404(
            "The stored consent document is missing or does not match its hash."
        ) from None
    record_event(
        action="consent.pdf",
        by=staff_user(request),
        clinic_id=consent.clinic_id,
        patient_id=consent.plan.episode.patient_id,
        obj=consent,
        changes={"pdf_sha256": consent.pdf_sha256},
    )
    return _pdf_response(
        data, f"consent-{consent.plan.episode.patient.mrn}-{str(consent.uuid)[:8]}.pdf"
    )
