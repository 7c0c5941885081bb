"""Screening pages: staff facts form, decision panel, sign-off, override, settings, intake link.

Permission comes only from regenpath.screening.access and regenpath.patients.access; writes only
from regenpath.screening.actions.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from regenpath.audit.actions import record_event
from regenpath.clinics.access import get_membership, staff_user
from regenpath.domain.candidacy import FIELD_LABELS, FactsError, RuleSetError, Status
from regenpath.domain.roles import Role
from regenpath.patients.access import get_episode_for_user
from regenpath.patients.models import Episode
from regenpath.screening import actions, presenters
from regenpath.screening.access import (
    LINK_SENDERS,
    SCREEN_ENTRY,
    get_decision_for_signing,
    get_decision_for_user,
    get_intake_for_review,
    settings_membership,
)
from regenpath.screening.current import clinic_rules, latest_decision, staleness
from regenpath.screening.forms import IntakeLinkForm, OverrideForm, ScreeningForms
from regenpath.screening.models import CandidacyDecision, CandidacySettings, PatientLink, Screening
from regenpath.screening.settings_form import CandidacySettingsForm
from regenpath.screening.signatures import PasswordSignatureForm

OVERRIDE_CHOICES = [
    (Status.CANDIDATE.value, "Candidate"),
    (Status.NOT_CANDIDATE.value, "Not a candidate"),
]


def record_facts(episode: Episode) -> dict[str, Any]:
    """Return the facts the episode and patient records already hold (not typed again)."""
    return {
        "condition_code": episode.condition_code,
        "target_side": episode.side,
        "date_of_birth": episode.patient.date_of_birth.isoformat(),
    }


def episode_initial(episode: Episode) -> dict[str, Any]:
    """Return starting values for a first screening, from the episode record."""
    initial: dict[str, Any] = {"pain_onset": episode.onset_date.isoformat()}
    if episode.kl_grade is not None and episode.condition.kl_applies:
        initial["kl_grade"] = episode.kl_grade
    return initial


def _screening_page(
    request: HttpRequest,
    episode: Episode,
    *,
    intake: Screening | None = None,
) -> HttpResponse:
    previous = latest_decision(episode)
    if intake is not None:
        initial = intake.facts
    elif previous is not None:
        initial = previous.screening.facts
    else:
        initial = episode_initial(episode)
    data = request.POST if request.method == "POST" else None
    forms_ = ScreeningForms(
        data, episode=episode, record_facts=record_facts(episode), initial=initial
    )
    status = 200
    if data is not None:
        if forms_.parse_valid():
            assert forms_.facts is not None
            try:
                decision = actions.record_screening(
                    episode=episode,
                    facts=forms_.facts,
                    by=staff_user(request),
                    today=timezone.localdate(),
                    reviewed_intake=intake,
                )
            except FactsError as error:
                forms_.add_facts_errors(error, FIELD_LABELS)
            else:
                messages.success(request, "Screening saved; the decision is below.")
                return redirect("decision_detail", decision_uuid=decision.uuid)
        status = 400
    return render(
        request,
        "screening/screening_form.html",
        {
            "episode": episode,
            "patient": episode.patient,
            "forms": forms_,
            "intake": intake,
            "record": presenters.facts_rows(record_facts(episode)),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def screening_new(request: HttpRequest, episode_uuid: uuid.UUID) -> HttpResponse:
    """Record screening facts for an episode and compute the decision at once."""
    episode = get_episode_for_user(request, episode_uuid, roles=SCREEN_ENTRY)
    return _screening_page(request, episode)


@login_required
@require_http_methods(["GET", "POST"])
def intake_review(request: HttpRequest, screening_uuid: uuid.UUID) -> HttpResponse:
    """Review a patient's intake answers: the staff form, filled in with them."""
    intake = get_intake_for_review(request, screening_uuid)
    return _screening_page(request, intake.episode, intake=intake)


def decision_context(
    request: HttpRequest,
    decision: CandidacyDecision,
    *,
    sign_form: PasswordSignatureForm | None = None,
    override_form: OverrideForm | None = None,
    override_password: PasswordSignatureForm | None = None,
) -> dict[str, Any]:
    membership = get_membership(request)
    user = staff_user(request)
    newest = latest_decision(decision.episode)
    is_latest = newest is not None and newest.pk == decision.pk
    can_sign = membership.role_enum is Role.PHYSICIAN and is_latest
    today = timezone.localdate()
    return {
        "decision": decision,
        "episode": decision.episode,
        "patient": decision.episode.patient,
        "status_words": presenters.status_words(decision.status, decision.earliest_date),
        "reasons": presenters.reason_rows(decision.reasons),
        "missing": presenters.missing_labels(decision.missing),
        "facts": presenters.facts_rows(decision.screening.facts),
        "bmi": presenters.bmi_text(decision.screening.facts),
        "stale": staleness(decision, today=today) if decision.in_effect else None,
        "is_latest": is_latest,
        "newest": newest,
        "can_sign": can_sign and not decision.in_effect,
        "can_override": can_sign and not decision.is_overridden,
        "sign_form": sign_form or PasswordSignatureForm(user=user),
        "override_form": override_form or OverrideForm(choices=OVERRIDE_CHOICES),
        "override_password": override_password
        or PasswordSignatureForm(user=user, prefix="override"),
    }


@login_required
def decision_detail(request: HttpRequest, decision_uuid: uuid.UUID) -> HttpResponse:
    decision = get_decision_for_user(request, decision_uuid)
    record_event(
        action="candidacy.view",
        by=staff_user(request),
        clinic_id=decision.clinic_id,
        patient_id=decision.episode.patient_id,
        obj=decision,
    )
    return render(request, "screening/decision.html", decision_context(request, decision))


def _refused_signature(request: HttpRequest, decision: CandidacyDecision, kind: str) -> None:
    record_event(
        action="signature.refused",
        by=staff_user(request),
        clinic_id=decision.clinic_id,
        patient_id=decision.episode.patient_id,
        obj=decision,
        changes={"signing": kind, "reason": "password not confirmed"},
    )


@login_required
@require_POST
def decision_sign(request: HttpRequest, decision_uuid: uuid.UUID) -> HttpResponse:
    """Sign a decision: the physician types their password again (Part 11 §11.200)."""
    decision = get_decision_for_signing(request, decision_uuid)
    user = staff_user(request)
    form = PasswordSignatureForm(request.POST, user=user)
    if form.is_valid():
        try:
            signed, note = actions.sign_decision(
                decision=decision, by=user, membership=get_membership(request)
            )
        except actions.SignatureRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Signed: {signed.get_status_display()}.")
            if note:
                messages.warning(request, note)
            return redirect("decision_detail", decision_uuid=decision.uuid)
    elif "password" in form.errors:
        _refused_signature(request, decision, "candidacy.sign")
    context = decision_context(request, decision, sign_form=form)
    return render(request, "screening/decision.html", context, status=400)


@login_required
@require_POST
def decision_override(request: HttpRequest, decision_uuid: uuid.UUID) -> HttpResponse:
    """Override a decision with a justification and the physician's signature."""
    decision = get_decision_for_signing(request, decision_uuid)
    user = staff_user(request)
    form = OverrideForm(request.POST, choices=OVERRIDE_CHOICES)
    password = PasswordSignatureForm(request.POST, user=user, prefix="override")
    form_ok, password_ok = form.is_valid(), password.is_valid()
    if form_ok and password_ok:
        try:
            overridden, note = actions.override_decision(
                decision=decision,
                status=form.cleaned_data["status"],
                justification=form.cleaned_data["justification"],
                by=user,
                membership=get_membership(request),
            )
        except actions.SignatureRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, f"Overridden to “{overridden.override_status_label}” and signed."
            )
            if note:
                messages.warning(request, note)
            return redirect("decision_detail", decision_uuid=decision.uuid)
    if "password" in password.errors:
        _refused_signature(request, decision, "candidacy.override")
    context = decision_context(request, decision, override_form=form, override_password=password)
    return render(request, "screening/decision.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def intake_link_new(request: HttpRequest, episode_uuid: uuid.UUID) -> HttpResponse:
    """Create a single-use questionnaire link for the patient; e-mail it or show it to copy."""
    episode = get_episode_for_user(request, episode_uuid, roles=LINK_SENDERS)
    return link_page(
        request,
        episode=episode,
        purpose=PatientLink.Purpose.INTAKE,
        url_name="patient_intake",
        title="Send the screening questionnaire",
        back=reverse("episode_detail", args=[episode.uuid]),
    )


def link_page(
    request: HttpRequest,
    *,
    episode: Episode,
    purpose: str,
    url_name: str,
    title: str,
    back: str,
    plan_id: int | None = None,
) -> HttpResponse:
    """Show the link form; on POST create the link, optionally e-mail it, and show it."""
    patient = episode.patient
    form = IntakeLinkForm(
        request.POST if request.method == "POST" else None, initial={"email": patient.email}
    )
    context: dict[str, Any] = {
        "form": form,
        "episode": episode,
        "patient": patient,
        "title": title,
        "back": back,
        "purpose": purpose,
    }
    if request.method == "POST" and form.is_valid():
        user = staff_user(request)
        link, token = actions.create_patient_link(
            episode=episode, purpose=purpose, by=user, plan_id=plan_id
        )
        url = request.build_absolute_uri(reverse(url_name, args=[token]))
        if form.cleaned_data["send_email"]:
            try:
                actions.send_patient_link(
                    link=link, url=url, to=form.cleaned_data["email"], by=user
                )
            except ValidationError as error:
                form.add_error("email", error.messages[0])
            else:
                messages.success(request, f"Link sent to {form.cleaned_data['email']}.")
        context.update({"link": link, "url": url})
    return render(request, "screening/link.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidacy_settings(request: HttpRequest) -> HttpResponse:
    """Let a clinic admin change the clinic's candidacy thresholds."""
    membership = settings_membership(request)
    rules = clinic_rules(membership.clinic)
    form = CandidacySettingsForm(request.POST if request.method == "POST" else None, rules=rules)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.save_candidacy_settings(
                    clinic=membership.clinic, overrides=form.overrides(), by=staff_user(request)
                )
            except RuleSetError as error:
                form.add_rule_errors(error)
            else:
                messages.success(request, "Candidacy settings saved.")
                return redirect("candidacy_settings")
        status = 400
    stored = CandidacySettings.objects.filter(clinic=membership.clinic).first()
    return render(
        request,
        "screening/settings.html",
        {"form": form, "rules": rules, "stored": stored, "debug": settings.DEBUG},
        status=status,
    )
