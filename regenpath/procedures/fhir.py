"""Procedure-day records as FHIR R4 resources, through the pure shapes in regenpath.domain.fhir."""

from __future__ import annotations

from typing import Any

from regenpath.domain.fhir.biologic import (
    AdministrationRecord,
    ProcessingStep,
    ProductRecord,
    administration_procedure,
    biologically_derived_product,
)
from regenpath.procedures.models import Administration, BiologicProduct, Processing


def product_resource(product: BiologicProduct) -> dict[str, Any]:
    """Return the product as a BiologicallyDerivedProduct (references use regenpath uuids)."""
    harvest = product.harvest
    processing = Processing.objects.filter(product=product).first()
    step = (
        ProcessingStep(
            description=processing.method,
            kit=f"{processing.device}, cat. {processing.catalogue_number}, lot {processing.lot}",
            started_at=processing.started_at,
            ended_at=processing.ended_at,
        )
        if processing
        else None
    )
    return biologically_derived_product(
        ProductRecord(
            id=str(product.uuid),
            din=product.din_object,
            product_code=product.product_type.code,
            product_name=product.product_type.name,
            clinic_code=product.clinic.slug,
            available=product.state == "released",
            patient_ref=f"Patient/{product.patient.uuid}",
            collector_ref=f"Practitioner/{harvest.operator.pk}",
            collected_from=harvest.started_at,
            collected_to=harvest.ended_at,
            anticoagulant=harvest.get_anticoagulant_display()
            if harvest.anticoagulant != "none"
            else "",
            processing=step,
        )
    )


def administration_resource(administration: Administration) -> dict[str, Any]:
    """Return the injection as a Procedure linked to its product."""
    return administration_procedure(
        AdministrationRecord(
            id=str(administration.verification.uuid),
            product_ref=f"BiologicallyDerivedProduct/{administration.product.uuid}",
            patient_ref=f"Patient/{administration.product.patient.uuid}",
            performer_ref=f"Practitioner/{administration.operator_id}",
            performed_at=administration.administered_at,
            target=administration.target,
            side=administration.get_side_display(),
            guidance=administration.get_guidance_display(),
            volume_ml=float(administration.volume_ml),
            needle=administration.needle,
        )
    )
