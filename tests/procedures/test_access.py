"""Walk every procedure-day URL with every persona and check allow or deny.

Technicians process and release; physicians harvest and inject; coordinators schedule and read but
never change a product; researchers see nothing identifiable here; another clinic sees 404.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse

from regenpath.procedures import actions
from tests.conftest import PASSWORD
from tests.procedures.conftest import LOCATION, released_product, scanned

VIEW = {"alice", "carol", "tess", "adam"}
PROCESSING = {"alice", "tess"}
PHYSICIAN = {"alice"}
SCHEDULE = {"alice", "carol"}
CONFIGURE = {"adam"}
SAFETY_REVIEW = {"alice", "tess", "adam"}
EVERYONE = {"alice", "carol", "tess", "rita", "adam", "bob"}


@pytest.fixture
def world(case: Any, personas: Any, bmac: Any, episode: Any) -> dict[str, Any]:
    alice = personas["alice"]
    product = released_product(case, personas, bmac)
    good = actions.verify_bedside(
        product=product,
        by=alice,
        scanned_din=scanned(product),
        scanned_patient_id=product.patient.mrn,
        target=product.case.plan.targets[0],
        side="left",
        location=LOCATION,
    )
    bad = actions.verify_bedside(
        product=product,
        by=alice,
        scanned_din=scanned(product),
        scanned_patient_id="NOT-HER",
        target=product.case.plan.targets[0],
        side="left",
        location=LOCATION,
    )
    event = actions.record_adverse_event(
        patient_id=product.patient_id,
        episode_id=product.episode_id,
        by=alice,
        product=product,
        onset_date=product.collected_at.date(),
        category="joint_effusion",
        grade=1,
        seriousness="non_serious",
        relatedness="possible",
        related_step="injection",
        outcome="recovered",
    )
    return {
        "case": case,
        "product": product,
        "good": good,
        "bad": bad,
        "event": event,
        "episode": episode,
        "bmac": bmac,
    }


def _urls(w: dict[str, Any]) -> list[tuple[str, set[str], bool, int]]:
    """Return (url, allowed personas, is a clinic object, status when allowed)."""
    p, c = w["product"].uuid, w["case"].uuid
    return [
        (reverse("procedure_board"), VIEW | {"bob"}, False, 200),
        (reverse("procedure_schedule", args=[w["episode"].uuid]), SCHEDULE, True, 200),
        (reverse("procedure_case", args=[c]), VIEW, True, 200),
        (reverse("procedure_harvest", args=[c]), PHYSICIAN, True, 200),
        (reverse("procedure_product", args=[p]), VIEW, True, 200),
        (reverse("procedure_receive", args=[p]), PROCESSING, True, 200),
        (reverse("procedure_processing", args=[p]), PROCESSING, True, 200),
        (reverse("procedure_qc", args=[p]), PROCESSING, True, 200),
        (reverse("procedure_quarantine", args=[p]), PROCESSING, True, 200),
        (reverse("procedure_discard", args=[p]), PROCESSING, True, 200),
        (reverse("procedure_lab", args=[p]), PROCESSING, True, 200),
        (reverse("procedure_exception", args=[p]), PHYSICIAN, True, 200),
        (reverse("procedure_bedside", args=[p]), PHYSICIAN, True, 200),
        (reverse("procedure_hard_stop", args=[p, w["bad"].uuid]), PHYSICIAN, True, 409),
        (reverse("procedure_administer", args=[p, w["good"].uuid]), PHYSICIAN, True, 200),
        (reverse("procedure_label", args=[p]), PROCESSING, True, 200),
        (reverse("procedure_fhir", args=[p]), PROCESSING, True, 200),
        (reverse("procedure_adverse_event", args=[w["event"].uuid]), VIEW, True, 200),
        (reverse("procedure_trace"), PROCESSING | {"bob"}, False, 200),
        (reverse("procedure_safety"), SAFETY_REVIEW | {"bob"}, False, 200),
        (reverse("procedure_adverse_event_new", args=[w["episode"].uuid]), PHYSICIAN, True, 200),
        (reverse("procedure_settings"), CONFIGURE, False, 200),
        (reverse("procedure_product_type_new"), CONFIGURE, False, 200),
        (reverse("procedure_product_type", args=[w["bmac"].pk]), CONFIGURE, True, 200),
    ]


@pytest.mark.django_db
def test_access_every_url_with_every_persona(client_for: Any, world: dict[str, Any]) -> None:
    wrong = {}
    for url, allowed, is_clinic_object, ok in _urls(world):
        for name in sorted(EVERYONE):
            status = client_for(name).get(url).status_code
            if name in allowed:
                expected = ok
            elif name == "bob" and is_clinic_object and "alice" in allowed:
                expected = 404  # another clinic's record looks like no record at all
            else:
                expected = 403
            if status != expected:
                wrong[(url, name)] = (status, expected)
    assert wrong == {}


@pytest.mark.django_db
def test_access_anonymous_is_sent_to_login(client: Any, world: dict[str, Any]) -> None:
    for url, _, _, _ in _urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.django_db
def test_access_unknown_product_and_other_clinics_product_look_the_same(
    client_for: Any, world: dict[str, Any]
) -> None:
    bob = client_for("bob")
    other = bob.get(reverse("procedure_product", args=[world["product"].uuid]))
    missing = bob.get(reverse("procedure_product", args=[uuid.uuid4()]))
    assert other.status_code == missing.status_code == 404


@pytest.mark.django_db
def test_access_researcher_sees_no_patient_on_any_page(
    client_for: Any, world: dict[str, Any]
) -> None:
    rita = client_for("rita")
    patient = world["product"].patient
    for url, _, _, _ in _urls(world):
        response = rita.get(url)
        assert patient.family_name.encode() not in response.content, url
        assert world["product"].din.encode() not in response.content, url


@pytest.mark.django_db
def test_access_coordinator_posts_never_change_a_product(
    client_for: Any, world: dict[str, Any]
) -> None:
    carol = client_for("carol")
    product = world["product"]
    data = {"password": PASSWORD, "location": "x", "reason": "try"}
    for name in (
        "procedure_discard",
        "procedure_quarantine",
        "procedure_receive",
        "procedure_bedside",
    ):
        assert carol.post(reverse(name, args=[product.uuid]), data).status_code == 403
    product.refresh_from_db()
    assert product.state == "released"
    assert product.custody_events.count() == 4


@pytest.mark.django_db
def test_access_technician_cannot_inject_or_release_by_exception(
    client_for: Any, world: dict[str, Any]
) -> None:
    tess = client_for("tess")
    product = world["product"]
    good = world["good"]
    data = {
        "guidance": "ultrasound",
        "volume_ml": "3",
        "needle": "22G",
        "password": PASSWORD,
        "location": "x",
    }
    assert (
        tess.post(reverse("procedure_administer", args=[product.uuid, good.uuid]), data).status_code
        == 403
    )
    assert tess.post(reverse("procedure_exception", args=[product.uuid]), {}).status_code == 403
    product.refresh_from_db()
    assert product.state == "released"
