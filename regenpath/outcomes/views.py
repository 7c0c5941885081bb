"""Staff pages for questionnaires. Permission comes only from regenpath.outcomes.access."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from regenpath.audit.actions import record_event
from regenpath.clinics.access import get_membership, role_allows, staff_user
from regenpath.domain.instrument_use import can_assign_for_self_completion
from regenpath.domain.instruments import (
    RULES_VERSION,
    Instrument,
    ScoringInputError,
    UnknownInstrumentError,
    get,
)
from regenpath.domain.instruments.textpack import option_label
from regenpath.outcomes import actions
from regenpath.outcomes.access import (
    RESPONSE_ENTRY,
    get_episode_for_entry,
    get_licence_admin,
    get_response_for_user,
)
from regenpath.outcomes.forms import LicenceForm, OutcomeSettingsForm, ResponseForm
from regenpath.outcomes.history import baseline_for
from regenpath.outcomes.licences import clinic_settings, instrument_use, instrument_uses
from regenpath.outcomes.models import BASELINE, QuestionnaireResponse
from regenpath.outcomes.packs import pack_for
from regenpath.outcomes.panel import score_panel
from regenpath.patients.models import Episode


def _instrument(code: str) -> Instrument:
    try:
        return get(code)
    except UnknownInstrumentError:
        raise Http404("No such instrument.") from None


@login_required
def choose_instrument(request: HttpRequest, episode_uuid: uuid.UUID) -> HttpResponse:
    """List the instruments to enter for an episode: the condition's suggestions first."""
    episode = get_episode_for_entry(request, episode_uuid)
    clinic = get_membership(request).clinic
    uses = instrument_uses(clinic, timezone.localdate(), clinic_settings(clinic).text_language)
    suggested = [uses[code] for code in episode.condition.instruments if code in uses]
    others = [use for code, use in uses.items() if code not in episode.condition.instruments]
    return render(
        request,
        "outcomes/choose.html",
        {
            "episode": episode,
            "patient": episode.patient,
            "suggested": suggested,
            "others": others,
        },
    )


def _initial_timepoint(episode: Episode, code: str) -> str:
    has_baseline = QuestionnaireResponse.objects.filter(
        episode=episode, instrument=code, timepoint=BASELINE
    ).exists()
    return "" if has_baseline else BASELINE


@login_required
@require_http_methods(["GET", "POST"])
def enter_response(request: HttpRequest, episode_uuid: uuid.UUID, code: str) -> HttpResponse:
    """Key in one questionnaire from paper (or at the visit); engine errors beside each item."""
    episode = get_episode_for_entry(request, episode_uuid)
    instrument = _instrument(code)
    clinic = get_membership(request).clinic
    today = timezone.localdate()
    use = instrument_use(clinic, code, today, clinic_settings(clinic).text_language)
    form = ResponseForm(
        request.POST or None,
        instrument=instrument,
        pack=use.pack,
        initial={"completed_on": today, "timepoint": _initial_timepoint(episode, code)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            response = actions.record_response(
                episode=episode,
                instrument=code,
                responses=form.responses(),
                source=form.cleaned_data["source"],
                timepoint=form.cleaned_data["timepoint"],
                completed_on=form.cleaned_data["completed_on"],
                by=staff_user(request),
                textpack=use.pack,
                recall_period=form.cleaned_data.get("recall_period", ""),
            )
        except ScoringInputError as error:
            form.add_engine_errors(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Saved {instrument.name}, {response.timepoint_label.lower()}. "
                "The scores are below.",
            )
            return redirect("outcomes:response_detail", response_uuid=response.uuid)
    self_completion = can_assign_for_self_completion(
        code, licence=use.status, pack=pack_for(code, episode.patient.preferred_language)
    )
    self_completion_reasons = [r.removeprefix(f"{code}: ") for r in self_completion.reasons]
    return render(
        request,
        "outcomes/enter.html",
        {
            "episode": episode,
            "patient": episode.patient,
            "instrument": instrument,
            "use": use,
            "form": form,
            "self_completion": self_completion,
            "self_completion_reasons": self_completion_reasons,
        },
    )


@login_required
def response_detail(request: HttpRequest, response_uuid: uuid.UUID) -> HttpResponse:
    """Show one questionnaire: its details, the score panel with change, and the answers."""
    response = get_response_for_user(request, response_uuid)
    baseline = baseline_for(response)
    panel = score_panel(
        response.instrument,
        response.score,
        baseline.score if baseline is not None else None,
        is_baseline=response.is_baseline,
    )
    record_event(
        action="response.view",
        by=staff_user(request),
        clinic_id=response.clinic_id,
        patient_id=response.patient_id,
        obj=response,
    )
    definition = response.definition
    pack = (
        pack_for(response.instrument, response.textpack_language)
        if response.textpack_language
        else None
    )
    if pack is not None and pack.instrument_version != response.textpack_version:
        pack = None  # the labels of another pack version could mislead
    answers = [
        (item.id, code, option_label(pack, item.id, code) if pack else "")
        for item in definition.items
        if (code := response.responses.get(item.id)) is not None
    ]
    return render(
        request,
        "outcomes/detail.html",
        {
            "response": response,
            "episode": response.episode,
            "patient": response.patient,
            "instrument": definition,
            "panel": panel,
            "baseline": baseline,
            "derived": response.derived.order_by("instrument"),
            "answers": answers,
            "unanswered": [i.id for i in definition.items if i.id not in response.responses],
            "stale": response.rules_version != RULES_VERSION,
            "may_enter": role_allows(request, RESPONSE_ENTRY),
        },
    )


@login_required
def licences(request: HttpRequest) -> HttpResponse:
    """List every instrument with its licence status in this clinic (clinic admins)."""
    membership = get_licence_admin(request)
    settings = clinic_settings(membership.clinic)
    uses = instrument_uses(membership.clinic, timezone.localdate(), settings.text_language)
    return render(
        request,
        "outcomes/licences.html",
        {"uses": list(uses.values()), "settings": settings},
    )


@login_required
@require_http_methods(["GET", "POST"])
def licence_record(request: HttpRequest, code: str) -> HttpResponse:
    """Record or replace the clinic's licence reference for one instrument."""
    membership = get_licence_admin(request)
    instrument = _instrument(code)
    settings = clinic_settings(membership.clinic)
    use = instrument_use(membership.clinic, code, timezone.localdate(), settings.text_language)
    initial = {}
    if use.recorded is not None:
        initial = {
            "holder": use.recorded.holder,
            "reference": use.recorded.reference,
            "expires": use.recorded.expires,
        }
    form = LicenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_licence(
                clinic=membership.clinic,
                instrument=code,
                by=staff_user(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Licence reference recorded for {instrument.name}.")
            return redirect("outcomes:licences")
    return render(
        request,
        "outcomes/licence_form.html",
        {"form": form, "instrument": instrument, "use": use},
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_settings(request: HttpRequest) -> HttpResponse:
    """Change the clinic's questionnaire settings (clinic admins)."""
    membership = get_licence_admin(request)
    current = clinic_settings(membership.clinic)
    form = OutcomeSettingsForm(
        request.POST or None,
        initial={
            "derive_womac_from_koos": current.derive_womac_from_koos,
            "text_language": current.text_language,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_outcome_settings(
                clinic=membership.clinic, by=staff_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Questionnaire settings saved.")
            return redirect("outcomes:licences")
    return render(request, "outcomes/settings_form.html", {"form": form})
