"""The audit trail of one patient, for clinic admins."""

from __future__ import annotations

import uuid

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
    return render(request, "audit/patient.html", {"patient": patient, "page": page})
