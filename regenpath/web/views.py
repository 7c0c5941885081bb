"""The dashboard and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from regenpath.clinics.access import get_membership, role_allows
from regenpath.domain.roles import IDENTIFIABLE_ACCESS
from regenpath.domain.stages import STAGE_LABELS, Stage
from regenpath.patients.models import Episode, Patient


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show the clinic's episodes counted by stage (no identifiable data, so every role sees it)."""
    membership = get_membership(request)
    rows = (
        Episode.objects.filter(clinic_id=membership.clinic_id)
        .values("stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["stage"]: row["n"] for row in rows}
    stages = [(stage, STAGE_LABELS[stage], counts.get(stage.value, 0)) for stage in Stage]
    total = sum(counts.values())
    return render(
        request,
        "web/dashboard.html",
        {
            "stages": stages,
            "total_episodes": total,
            "peak": max([n for _, _, n in stages] + [1]),
            "patient_count": Patient.objects.filter(clinic_id=membership.clinic_id).count(),
            "can_see_patients": role_allows(request, IDENTIFIABLE_ACCESS),
        },
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 403, "title": "Not allowed"}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 404, "title": "Not found"}, status=404)
