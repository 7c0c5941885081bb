"""The one permission gate per object type of procedure day.

Another clinic's object and a missing one give the same 404; a role that may not open the page
gets 403 before any look-up. Researchers see nothing here: every page names a patient or a DIN
that leads to one (DESIGN.md: researchers see de-identified outcomes only).
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from regenpath.clinics.access import get_membership
from regenpath.domain.roles import Role
from regenpath.procedures.models import (
    AdverseEvent,
    BedsideVerification,
    BiologicProduct,
    Incident,
    LabResult,
    ProcedureCase,
    ProductType,
)

# Who may open procedure-day pages at all (identifiable records; not researchers).
VIEW = frozenset({Role.PHYSICIAN, Role.COORDINATOR, Role.PROCESSING_TECHNICIAN, Role.CLINIC_ADMIN})
# Who schedules procedures (DESIGN.md: the coordinator schedules; physicians may too).
SCHEDULE = frozenset({Role.PHYSICIAN, Role.COORDINATOR})
# Who harvests, checks at the bedside, injects, releases by exception (the custody table).
PHYSICIAN = frozenset({Role.PHYSICIAN})
# Who processes, records QC and discards (the custody table's processing roles).
PROCESSING = frozenset({Role.PHYSICIAN, Role.PROCESSING_TECHNICIAN})
# Who prints labels and searches lots for recalls (the issue: physicians and technicians).
TRACE = PROCESSING
# Who reads the clinic-wide list of incidents and adverse events (project policy, documented in
# docs/usage/procedure-day.md): the clinical roles that act on them — physicians (assess and
# report), processing technicians (custody and QC failures) — and the clinic admin (quality
# oversight). Coordinators schedule and see a patient's events on that patient's pages; the
# clinic-wide safety review is not their work. Researchers: identifiable, so no.
SAFETY_REVIEW = frozenset({Role.PHYSICIAN, Role.PROCESSING_TECHNICIAN, Role.CLINIC_ADMIN})
# Who reports an adverse event by hand (the physician grades it; reference §8.2).
REPORT_ADVERSE_EVENT = PHYSICIAN
# Who configures the FIN, the time limit and the product types (DESIGN.md: clinic admin).
CONFIGURE = frozenset({Role.CLINIC_ADMIN})


def _uuid(value: str | uuid.UUID) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404("No such record.") from None


def cases_for_user(request: HttpRequest) -> QuerySet[ProcedureCase]:
    """Return the clinic's procedure cases for a role that may see procedure day."""
    membership = get_membership(request, VIEW)
    return ProcedureCase.objects.filter(clinic_id=membership.clinic_id)


def products_for_user(
    request: HttpRequest, roles: frozenset[Role] = VIEW
) -> QuerySet[BiologicProduct]:
    """Return the clinic's products for a role in `roles`."""
    membership = get_membership(request, roles)
    return BiologicProduct.objects.filter(clinic_id=membership.clinic_id)


def get_case_for_user(
    request: HttpRequest, case_uuid: str | uuid.UUID, roles: frozenset[Role] = VIEW
) -> ProcedureCase:
    """Return the procedure case if the request's clinic holds it and its role is in `roles`."""
    membership = get_membership(request, roles)
    try:
        return ProcedureCase.objects.select_related("episode__patient").get(
            clinic_id=membership.clinic_id, uuid=_uuid(case_uuid)
        )
    except ProcedureCase.DoesNotExist:
        raise Http404("No such procedure.") from None


def get_product_for_user(
    request: HttpRequest, product_uuid: str | uuid.UUID, roles: frozenset[Role] = VIEW
) -> BiologicProduct:
    """Return the product if the request's clinic holds it and its role is in `roles`."""
    membership = get_membership(request, roles)
    try:
        return BiologicProduct.objects.select_related(
            "patient", "episode", "case", "product_type"
        ).get(clinic_id=membership.clinic_id, uuid=_uuid(product_uuid))
    except BiologicProduct.DoesNotExist:
        raise Http404("No such product.") from None


def get_verification_for_user(
    request: HttpRequest, verification_uuid: str | uuid.UUID, product: BiologicProduct
) -> BedsideVerification:
    """Return a bedside check of `product` (the product came through its gate already)."""
    try:
        return BedsideVerification.objects.get(product=product, uuid=_uuid(verification_uuid))
    except BedsideVerification.DoesNotExist:
        raise Http404("No such bedside check.") from None


def get_adverse_event_for_user(
    request: HttpRequest, event_uuid: str | uuid.UUID, roles: frozenset[Role] = VIEW
) -> AdverseEvent:
    """Return the adverse event if the request's clinic holds it and its role is in `roles`."""
    membership = get_membership(request, roles)
    try:
        return AdverseEvent.objects.select_related("patient", "product").get(
            clinic_id=membership.clinic_id, uuid=_uuid(event_uuid)
        )
    except AdverseEvent.DoesNotExist:
        raise Http404("No such adverse event.") from None


def safety_records_for_user(
    request: HttpRequest,
) -> tuple[QuerySet[AdverseEvent], QuerySet[Incident]]:
    """Return the clinic's adverse events and incidents, newest first, for SAFETY_REVIEW roles."""
    membership = get_membership(request, SAFETY_REVIEW)
    events = (
        AdverseEvent.objects.filter(clinic_id=membership.clinic_id)
        .select_related("patient", "episode", "product")
        .order_by("-reported_at", "-pk")
    )
    incidents = (
        Incident.objects.filter(clinic_id=membership.clinic_id)
        .select_related("patient", "product", "reported_by")
        .order_by("-at", "-pk")
    )
    return events, incidents


def get_lab_result_for_user(
    request: HttpRequest, lab_uuid: str | uuid.UUID, roles: frozenset[Role] = PHYSICIAN
) -> LabResult:
    """Return the lab result if the request's clinic holds it and its role is in `roles`."""
    membership = get_membership(request, roles)
    try:
        return LabResult.objects.select_related("product").get(
            clinic_id=membership.clinic_id, uuid=_uuid(lab_uuid)
        )
    except LabResult.DoesNotExist:
        raise Http404("No such result.") from None


def open_alerts_for_user(request: HttpRequest) -> QuerySet[LabResult]:
    """Return the clinic's positive results no physician has acknowledged yet."""
    membership = get_membership(request, VIEW)
    return LabResult.objects.filter(
        clinic_id=membership.clinic_id, result=LabResult.POSITIVE, acknowledged_at__isnull=True
    ).select_related("product")


def product_types_for_user(request: HttpRequest, roles: frozenset[Role]) -> QuerySet[ProductType]:
    """Return the clinic's product types for a role in `roles`."""
    membership = get_membership(request, roles)
    return ProductType.objects.filter(clinic_id=membership.clinic_id)


def get_product_type_for_user(request: HttpRequest, pk: int) -> ProductType:
    """Return one of the clinic's product types for a clinic admin."""
    try:
        return product_types_for_user(request, CONFIGURE).get(pk=pk)
    except ProductType.DoesNotExist:
        raise Http404("No such product type.") from None
