"""Incidents and adverse events where clinicians look: the clinic-wide list and a hand report.

Permission comes only from regenpath.procedures.access (SAFETY_REVIEW, REPORT_ADVERSE_EVENT) and
regenpath.patients.access; the write is regenpath.procedures.actions.record_adverse_event.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from regenpath.clinics.access import staff_user
from regenpath.patients.access import get_episode_for_user
from regenpath.procedures import access, actions
from regenpath.procedures.forms import CTCAE_GRADE_MEANINGS, AdverseEventReportForm
from regenpath.procedures.models import BiologicProduct

PER_PAGE = 25


@login_required
def safety(request: HttpRequest) -> HttpResponse:
    """List the clinic's adverse events and incidents, newest first, each list paged."""
    events, incidents = access.safety_records_for_user(request)
    return render(
        request,
        "procedures/safety.html",
        {
            "events": Paginator(events, PER_PAGE).get_page(request.GET.get("ae_page")),
            "incidents": Paginator(incidents, PER_PAGE).get_page(request.GET.get("incident_page")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_adverse_event(request: HttpRequest, episode_uuid: uuid.UUID) -> HttpResponse:
    """Let a physician report an adverse event for an episode; bad input saves nothing."""
    episode = get_episode_for_user(request, episode_uuid, roles=access.REPORT_ADVERSE_EVENT)
    products = BiologicProduct.objects.filter(episode=episode).order_by("-collected_at")
    form = AdverseEventReportForm(request.POST or None, products=products)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        product = data.pop("product")
        try:
            event = actions.record_adverse_event(
                patient_id=episode.patient_id,
                episode_id=episode.pk,
                product=product,
                by=staff_user(request),
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except actions.ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Adverse event recorded.")
            return redirect("procedure_adverse_event", event_uuid=event.uuid)
    return render(
        request,
        "procedures/adverse_event_new.html",
        {
            "episode": episode,
            "patient": episode.patient,
            "form": form,
            "grade_meanings": CTCAE_GRADE_MEANINGS,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
