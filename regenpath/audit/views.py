"""The audit trail of one patient, for clinic admins."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from regenpath.audit.models import AuditEvent
from regenpath.domain.roles import AUDIT_READ
from regenpath.patients.access import get_patient_for_user


@login_required
def patient_audit(request: HttpRequest, patient_uuid: uuid.UUID) -> HttpResponse:
    patient = get_patient_for_user(request, patient_uuid, roles=AUDIT_READ)
    events = AuditEvent.objects.filter(clinic_id=patient.clinic_id, patient_id=patient.pk).order_by(
        "-at", "-seq"
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [(event, describe_changes(event.changes)) for event in page.object_list]
    return render(request, "audit/patient.html", {"patient": patient, "page": page, "rows": rows})


def describe_changes(changes: dict[str, Any]) -> list[tuple[str, str]]:
    """Return (field, "old → new") pairs for display; other values as they are."""
    described = []
    for field, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            old, new = ("∅" if v in (None, "") else str(v) for v in value)
            described.append((field, f"{old} → {new}"))
        else:
            described.append((field, str(value)))
    return described
