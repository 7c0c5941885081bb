"""The patient's screening questionnaire, opened through a signed single-use link (no login)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from regenpath.domain.candidacy import FactsError
from regenpath.screening import actions, links
from regenpath.screening.forms import ScreeningForms
from regenpath.screening.intake_text import INTAKE_QUESTIONS
from regenpath.screening.models import PatientLink
from regenpath.screening.views import record_facts


def link_error_page(request: HttpRequest, error: links.LinkError) -> HttpResponse:
    """Show the patient a plain explanation of why the link cannot be used (status 410/400)."""
    status = 400 if error.problem is links.LinkProblem.INVALID else 410
    return render(
        request,
        "screening/link_error.html",
        {"title": error.title, "message": error.message, "problem": error.problem.value},
        status=status,
    )


def _synthetic(link: PatientLink) -> bool:
    return bool(settings.SYNTHETIC_DATA or link.clinic.is_synthetic)


# Patient answers become labels in the staff review; patient wording for error summaries.
PATIENT_LABELS = {name: question for name, (question, _) in INTAKE_QUESTIONS.items()}


@never_cache
@require_http_methods(["GET", "POST"])
def patient_intake(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = links.resolve(token, PatientLink.Purpose.INTAKE)
    except links.LinkError as error:
        return link_error_page(request, error)
    episode = link.episode
    data = request.POST if request.method == "POST" else None
    forms_ = ScreeningForms(
        data,
        episode=episode,
        record_facts=record_facts(episode),
        initial={"pain_onset": episode.onset_date.isoformat()},
        patient_facing=True,
    )
    status = 200
    if data is not None:
        if forms_.parse_valid():
            assert forms_.facts is not None
            try:
                actions.submit_intake(token=token, facts=forms_.facts, today=timezone.localdate())
            except links.LinkError as error:
                return link_error_page(request, error)
            except FactsError as error:
                forms_.add_facts_errors(error, PATIENT_LABELS)
            else:
                return render(
                    request,
                    "screening/intake_done.html",
                    {"clinic": link.clinic, "synthetic_data": _synthetic(link)},
                )
        status = 400
    return render(
        request,
        "screening/intake.html",
        {
            "forms": forms_,
            "clinic": link.clinic,
            "patient": link.patient,
            "episode": episode,
            "link": link,
            "synthetic_data": _synthetic(link),
        },
        status=status,
    )
