"""Staff pages for patients and episodes. Permission comes only from regenpath.patients.access."""

from __future__ import annotations

import uuid
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from regenpath.audit.actions import record_event
from regenpath.clinics.access import get_membership, role_allows, staff_user
from regenpath.domain.conditions import is_chronic
from regenpath.domain.roles import EPISODE_EDIT, REGISTRATION
from regenpath.domain.stages import Stage, allowed_targets
from regenpath.patients import actions
from regenpath.patients.access import (
    get_episode_for_editing,
    get_episode_for_user,
    get_patient_for_registration,
    get_patient_for_user,
    patients_for_user,
)
from regenpath.patients.forms import EpisodeForm, PatientForm, PatientSearchForm, StageMoveForm
from regenpath.patients.models import Episode, Patient, StageChange
from regenpath.patients.search import search_patients
from regenpath.patients.timeline import patient_timeline

# The list order; pk breaks ties, so a page boundary never repeats or skips a patient.
LIST_ORDER = ("family_name_key", "given_name_key", "pk")


@login_required
def patient_list(request: HttpRequest) -> HttpResponse:
    """List the clinic's patients, searched and paged; htmx asks for the results table only."""
    patients = patients_for_user(request)
    form = PatientSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = search_patients(patients, query).order_by(*LIST_ORDER)
    page = Paginator(found, settings.PATIENTS_PER_PAGE).get_page(request.GET.get("page"))
    # Count episodes for this page's patients only, in the same query (WHERE id IN (the page)).
    # Annotating `found` grouped every patient of the clinic before the LIMIT and made the
    # count a GROUP BY too: 0.14-0.55 s per page at 50,000 patients (benchmarks/README.md).
    page.object_list = (
        Patient.objects.filter(pk__in=cast("QuerySet[Patient]", page.object_list).values("pk"))
        .annotate(n_episodes=Count("episodes"))
        .order_by(*LIST_ORDER)
    )
    context = {"form": form, "page": page, "query": query, "today": timezone.localdate()}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "patients/_results.html", context)
    return render(request, "patients/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def patient_create(request: HttpRequest) -> HttpResponse:
    membership = get_membership(request, REGISTRATION)
    form = PatientForm(request.POST or None, clinic=membership.clinic)
    if request.method == "POST" and form.is_valid():
        try:
            patient = actions.register_patient(
                clinic=membership.clinic, by=staff_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Registered {patient.full_name} ({patient.mrn}).")
            return redirect("patient_detail", patient_uuid=patient.uuid)
    return render(request, "patients/form.html", {"form": form, "title": "Register a patient"})


@login_required
def patient_detail(request: HttpRequest, patient_uuid: uuid.UUID) -> HttpResponse:
    """Show the patient record; one audit event per page view."""
    patient = get_patient_for_user(request, patient_uuid)
    episodes = patient.episodes.order_by("-created_at").prefetch_related(
        Prefetch("stage_changes", queryset=StageChange.objects.order_by("-at", "-pk"))
    )
    record_event(
        action="patient.view",
        by=staff_user(request),
        clinic_id=patient.clinic_id,
        patient_id=patient.pk,
        obj=patient,
    )
    today = timezone.localdate()
    return render(
        request,
        "patients/detail.html",
        {
            "patient": patient,
            "age": patient.age_on(today),
            "episodes": [(e, is_chronic(e.onset_date, today)) for e in episodes],
            "timeline": patient_timeline(patient),
            "can_edit": role_allows(request, REGISTRATION),
            "can_open_episode": role_allows(request, EPISODE_EDIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def patient_edit(request: HttpRequest, patient_uuid: uuid.UUID) -> HttpResponse:
    patient = get_patient_for_registration(request, patient_uuid)
    form = PatientForm(request.POST or None, instance=patient, clinic=patient.clinic)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_patient(patient=patient, by=staff_user(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved.")
            return redirect("patient_detail", patient_uuid=patient.uuid)
    # A ModelForm writes cleaned values onto its instance; show the stored ones in the header.
    patient.refresh_from_db()
    return render(
        request,
        "patients/form.html",
        {"form": form, "title": f"Edit {patient.full_name}", "patient": patient},
    )


@login_required
@require_http_methods(["GET", "POST"])
def episode_create(request: HttpRequest, patient_uuid: uuid.UUID) -> HttpResponse:
    patient = get_patient_for_user(request, patient_uuid, roles=EPISODE_EDIT)
    form = EpisodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            episode = actions.open_episode(
                patient=patient, by=staff_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Opened episode: {episode}.")
            return redirect("episode_detail", episode_uuid=episode.uuid)
    return render(
        request,
        "patients/episode_form.html",
        {"form": form, "patient": patient, "title": "Open an episode"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def episode_edit(request: HttpRequest, episode_uuid: uuid.UUID) -> HttpResponse:
    episode = get_episode_for_editing(request, episode_uuid)
    form = EpisodeForm.for_episode(episode, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_episode(episode=episode, by=staff_user(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved.")
            return redirect("episode_detail", episode_uuid=episode.uuid)
    return render(
        request,
        "patients/episode_form.html",
        {"form": form, "patient": episode.patient, "episode": episode, "title": f"Edit {episode}"},
    )


@login_required
def episode_detail(request: HttpRequest, episode_uuid: uuid.UUID) -> HttpResponse:
    episode = get_episode_for_user(request, episode_uuid)
    membership = get_membership(request)
    record_event(
        action="episode.view",
        by=staff_user(request),
        clinic_id=episode.clinic_id,
        patient_id=episode.patient_id,
        obj=episode,
    )
    return render(
        request, "patients/episode_detail.html", _episode_context(episode, membership.role)
    )


def _episode_context(
    episode: Episode, role: str, move_form: StageMoveForm | None = None
) -> dict[str, object]:
    targets = allowed_targets(episode.stage_enum, role, by_hand=True)
    today = timezone.localdate()
    return {
        "episode": episode,
        "patient": episode.patient,
        "chronic": is_chronic(episode.onset_date, today),
        "history": episode.stage_changes.select_related("by").order_by("-at", "-pk"),
        "move_form": move_form or StageMoveForm(targets=targets),
        "targets": targets,
        "can_edit": role in {r.value for r in EPISODE_EDIT},
    }


@login_required
@require_POST
def episode_move(request: HttpRequest, episode_uuid: uuid.UUID) -> HttpResponse:
    """Move an episode to another stage by hand, with a reason."""
    episode = get_episode_for_user(request, episode_uuid)
    membership = get_membership(request)
    form = StageMoveForm(request.POST, targets=tuple(Stage))
    if form.is_valid():
        try:
            actions.move_episode(
                episode=episode,
                to=Stage(form.cleaned_data["to"]),
                reason=form.cleaned_data["reason"],
                by=staff_user(request),
                membership=membership,
                by_hand=True,
            )
        except actions.StageMoveRefused as refusal:
            form.add_error("to", str(refusal))
        else:
            messages.success(request, "Stage changed.")
            return redirect("episode_detail", episode_uuid=episode.uuid)
    episode.refresh_from_db()
    context = _episode_context(episode, membership.role, move_form=form)
    return render(request, "patients/episode_detail.html", context, status=400)
