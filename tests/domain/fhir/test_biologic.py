"""A product as FHIR R4 BiologicallyDerivedProduct and its injection as a Procedure.

Validated with `fhir.resources` 8.3.0, which has no R4 package, only R4B (4.3.0) and R5. The R4B
BiologicallyDerivedProduct has the R4 4.0.1 elements of cell-therapy.md §2.1 (identifier,
productCategory code, productCode, status, quantity, collection, processing, manipulation, storage)
and R4B Procedure keeps R4's performed[x], usedReference and usedCode, so R4B stands in for R4.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from fhir.resources.R4B.biologicallyderivedproduct import BiologicallyDerivedProduct
from fhir.resources.R4B.procedure import Procedure

from regenpath.domain.fhir.biologic import (
    ISBT128_DIN_SYSTEM,
    PROCEDURE_USED_EXTENSION,
    PRODUCT_CATEGORIES,
    AdministrationRecord,
    ProcessingStep,
    ProductRecord,
    administration_procedure,
    biologically_derived_product,
)
from regenpath.domain.identifiers import Din

CET = timezone(timedelta(hours=1))
START = datetime(2026, 3, 4, 9, 0, tzinfo=CET)


def _product(**changes: object) -> ProductRecord:
    values: dict[str, object] = {
        "id": "p1",
        "din": Din("A999921123456", flags="01"),
        "product_code": "D0001",
        "product_name": "BMAC",
        "clinic_code": "riverside",
        "available": True,
        "patient_ref": "Patient/pt1",
        "collector_ref": "Practitioner/alice",
        "collected_from": START,
        "collected_to": START + timedelta(minutes=10),
        "anticoagulant": "ACD-A",
        "processing": ProcessingStep(
            "Centrifugation",
            "Kit X lot L1",
            START + timedelta(minutes=20),
            START + timedelta(minutes=35),
        ),
    }
    values.update(changes)
    return ProductRecord(**values)  # type: ignore[arg-type]


def test_biologically_derived_product_validates_as_r4b() -> None:
    resource = biologically_derived_product(_product())
    model = BiologicallyDerivedProduct.model_validate(resource)
    assert model.identifier[0].system == ISBT128_DIN_SYSTEM
    assert model.identifier[0].value == "A999921123456"  # 13 characters, no flags or K
    assert model.productCategory == "cells"
    assert model.status == "available"
    assert model.collection.source.reference == "Patient/pt1"
    assert resource["collection"]["collectedPeriod"]["start"] == "2026-03-04T08:00:00Z"
    assert [p["description"] for p in resource["processing"]][1] == "Centrifugation (Kit X lot L1)"
    json.dumps(resource)


def test_biologically_derived_product_unreleased_is_unavailable() -> None:
    resource = biologically_derived_product(
        _product(available=False, processing=None, anticoagulant="")
    )
    assert resource["status"] == "unavailable" and "processing" not in resource
    BiologicallyDerivedProduct.model_validate(resource)


def test_biologically_derived_product_category_is_the_required_binding() -> None:
    # R4 binds productCategory to organ | tissue | fluid | cells | biologicalAgent (§2.1);
    # fhir.resources does not enforce required bindings, so the function does.
    assert {"organ", "tissue", "fluid", "cells", "biologicalAgent"} == PRODUCT_CATEGORIES
    with pytest.raises(ValueError, match="productCategory"):
        biologically_derived_product(_product(category="cell"))


def test_administration_procedure_validates_and_links_the_product() -> None:
    record = AdministrationRecord(
        id="a1",
        product_ref="BiologicallyDerivedProduct/p1",
        patient_ref="Patient/pt1",
        performer_ref="Practitioner/alice",
        performed_at=START + timedelta(hours=1),
        target="Knee joint",
        side="left",
        guidance="Ultrasound",
        volume_ml=5.0,
        needle="22G 90 mm",
    )
    resource = administration_procedure(record)
    model = Procedure.model_validate(resource)
    assert model.status == "completed"
    assert model.subject.reference == "Patient/pt1"
    assert model.extension[0].url == PROCEDURE_USED_EXTENSION
    assert model.extension[0].valueReference.reference == "BiologicallyDerivedProduct/p1"
    assert resource["bodySite"][0]["text"] == "Knee joint, left"
    assert resource["performedDateTime"] == "2026-03-04T09:00:00Z"


def test_fhir_times_need_a_time_zone() -> None:
    with pytest.raises(ValueError, match="time zone"):
        biologically_derived_product(_product(collected_from=datetime(2026, 3, 4, 9, 0)))
    assert biologically_derived_product(_product(collected_from=START.astimezone(UTC)))
