"""The patient's consent page, opened through a signed single-use link (no login)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from regenpath.plans import consent_actions, printouts
from regenpath.plans.forms import ConsentSignForm
from regenpath.screening import links
from regenpath.screening.models import PatientLink
from regenpath.screening.patient_views import link_error_page


@never_cache
@require_http_methods(["GET", "POST"])
def patient_consent(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = links.resolve(token, PatientLink.Purpose.CONSENT)
        plan = consent_actions.plan_for_link(link)
    except links.LinkError as error:
        return link_error_page(request, error)
    patient = plan.episode.patient
    form = ConsentSignForm(
        request.POST if request.method == "POST" else None, expected_name=patient.full_name
    )
    synthetic = bool(settings.SYNTHETIC_DATA or plan.clinic.is_synthetic)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                consent = consent_actions.sign_consent(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    confirmed=form.cleaned_data["confirm"],
                )
            except links.LinkError as error:
                return link_error_page(request, error)
            except consent_actions.ConsentRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                return render(
                    request,
                    "plans/consent_done.html",
                    {
                        "consent": consent,
                        "clinic": plan.clinic,
                        "signed_at": printouts.when(consent.signed_at),
                        "synthetic_data": synthetic,
                    },
                )
        status = 400
    document = consent_actions.document_for(plan)
    return render(
        request,
        "plans/consent_sign.html",
        {
            "form": form,
            "plan": plan,
            "patient": patient,
            "clinic": plan.clinic,
            "document": document,
            "plan_paragraphs": printouts.plan_sections(plan)[0].paragraphs,
            "synthetic_data": synthetic,
        },
        status=status,
    )
