"""A biologic product as a FHIR R4 BiologicallyDerivedProduct, and its injection as a Procedure.

Source: reference/cell-therapy.md §2.1 (R4 4.0.1 BiologicallyDerivedProduct elements, VERIFIED),
§2.2 (how Procedure links to the product in R4, and the suggested regenpath mapping — a design
proposal, not a standard), §2.3 (the ISBT 128 DIN URI of the R5 example), §1.5 rule 2 (the product
is keyed by its 13-character DIN; flags and K are metadata).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from regenpath.domain.fhir.questionnaire import CANONICAL_BASE
from regenpath.domain.identifiers import Din

# §2.3 (VERIFIED): the R5 example identifies the DIN with this system; in R4 the DIN goes in
# `identifier` (§2.1, "the ISBT DIN goes here in R4").
ISBT128_DIN_SYSTEM = "https://www.isbt128.org/uri/DonationIdentificationNumber"
# §2.2 (VERIFIED): R4 Procedure.usedReference cannot point at a BiologicallyDerivedProduct; the
# HL7 cross-version extension for R5 Procedure.used carries the link instead.
PROCEDURE_USED_EXTENSION = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Procedure.used"
# Project choice: clinic-local product codes (ISBT tables are licensed, §1.4–§1.5) live in a
# regenpath code system qualified by the clinic.
LOCAL_PRODUCT_CODE_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/local-product-code"

# §2.1: productCategory is a required binding: organ | tissue | fluid | cells | biologicalAgent.
PRODUCT_CATEGORIES = frozenset({"organ", "tissue", "fluid", "cells", "biologicalAgent"})


@dataclass(frozen=True)
class ProcessingStep:
    """One processing step: what was done, with which kit and lot, from when to when."""

    description: str
    kit: str
    started_at: datetime
    ended_at: datetime


@dataclass(frozen=True)
class ProductRecord:
    """What FHIR needs to know about a product. References are `Type/id` strings."""

    id: str
    din: Din
    product_code: str
    product_name: str
    clinic_code: str
    available: bool
    patient_ref: str
    collector_ref: str
    collected_from: datetime
    collected_to: datetime
    anticoagulant: str = ""
    processing: ProcessingStep | None = None
    category: str = "cells"


@dataclass(frozen=True)
class AdministrationRecord:
    """An injection of a product into a target structure and side."""

    id: str
    product_ref: str
    patient_ref: str
    performer_ref: str
    performed_at: datetime
    target: str
    side: str
    guidance: str
    volume_ml: float
    needle: str


def biologically_derived_product(product: ProductRecord) -> dict[str, Any]:
    """Return the product as an R4 BiologicallyDerivedProduct resource (a JSON-ready dict)."""
    if product.category not in PRODUCT_CATEGORIES:
        raise ValueError(f"productCategory must be one of {sorted(PRODUCT_CATEGORIES)}")
    collection: dict[str, Any] = {
        "collector": {"reference": product.collector_ref},
        "source": {"reference": product.patient_ref},
        "collectedPeriod": {
            "start": _instant(product.collected_from),
            "end": _instant(product.collected_to),
        },
    }
    resource: dict[str, Any] = {
        "resourceType": "BiologicallyDerivedProduct",
        "id": product.id,
        # §1.5 rule 2: the 13-character DIN alone is the key; no '=', flags or K.
        "identifier": [{"system": ISBT128_DIN_SYSTEM, "value": product.din.code}],
        "productCategory": product.category,
        "productCode": {
            "coding": [
                {
                    "system": f"{LOCAL_PRODUCT_CODE_SYSTEM}/{product.clinic_code}",
                    "code": product.product_code,
                    "display": product.product_name,
                }
            ],
            "text": product.product_name,
        },
        # §2.1: status is available | unavailable; only a released product is available.
        "status": "available" if product.available else "unavailable",
        "quantity": 1,
        "collection": collection,
    }
    processing = []
    if product.anticoagulant:
        # §2.2 mapping: additives such as ACD-A or heparin as `processing.additive`.
        processing.append(
            {
                "description": "Anticoagulant added at collection",
                "additive": {"display": product.anticoagulant},
            }
        )
    if product.processing is not None:
        step = product.processing
        processing.append(
            {
                "description": f"{step.description} ({step.kit})",
                "timePeriod": {
                    "start": _instant(step.started_at),
                    "end": _instant(step.ended_at),
                },
            }
        )
    if processing:
        resource["processing"] = processing
    return resource


def administration_procedure(administration: AdministrationRecord) -> dict[str, Any]:
    """Return the injection as an R4 Procedure linked to the product through the R5 `used` ext."""
    return {
        "resourceType": "Procedure",
        "id": administration.id,
        "extension": [
            {
                "url": PROCEDURE_USED_EXTENSION,
                "valueReference": {"reference": administration.product_ref},
            }
        ],
        "status": "completed",
        "code": {"text": "Injection of autologous cell product"},
        "subject": {"reference": administration.patient_ref},
        "performedDateTime": _instant(administration.performed_at),
        "performer": [{"actor": {"reference": administration.performer_ref}}],
        "bodySite": [{"text": f"{administration.target}, {administration.side}"}],
        # §2.2 mapping: image guidance as a used code.
        "usedCode": [{"text": f"Guidance: {administration.guidance}"}],
        "note": [
            {"text": f"Volume {administration.volume_ml:g} mL; needle {administration.needle}."}
        ],
    }


def _instant(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("FHIR dateTime values with a time need a time zone")
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
