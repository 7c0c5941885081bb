"""Consent: a signed single-use link for one plan, a frozen PDF with its hash, stages; PDFs."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regenpath.audit.models import AuditEvent
from regenpath.plans import documents
from regenpath.plans.access import signed_consent_for
from regenpath.plans.models import Consent
from regenpath.screening import actions as screening_actions
from regenpath.screening import links
from tests.conftest import PASSWORD
from tests.plans.conftest import make_draft_plan, membership_of

pytestmark = pytest.mark.django_db


def _sign(token: str, name: str = "Jane Doe", confirm: bool = True) -> Any:
    data = {"full_name": name}
    if confirm:
        data["confirm"] = "on"
    return Client().post(reverse("patient_consent", args=[token]), data)


def _pdf_text(data: bytes, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    pdfinfo, pdftotext = shutil.which("pdfinfo"), shutil.which("pdftotext")
    assert pdfinfo and pdftotext, "poppler-utils is missing (scripts/ensure-system-packages)"
    info = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True)  # noqa: S603
    pages = int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )
    text = subprocess.run(  # noqa: S603
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pages, " ".join(text.split())


def test_consent_page_shows_document_and_plan(consent_token: str) -> None:
    page = Client().get(reverse("patient_consent", args=[consent_token])).content.decode()
    assert "investigational" in page
    assert "Intra-articular: Knee joint (left side)" in page
    assert "Type your full name to sign" in page


def test_consent_signing_freezes_a_pdf_with_its_hash(
    consent_token: str, final_plan: Any, settings: Any, tmp_path: Path
) -> None:
    response = _sign(consent_token)
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    consent = Consent.objects.get()
    stored = (Path(settings.DATA_DIR) / "documents" / consent.pdf_path).read_bytes()
    assert stored.startswith(b"%PDF-")
    assert hashlib.sha256(stored).hexdigest() == consent.pdf_sha256
    event = AuditEvent.objects.get(action="consent.sign")
    assert event.changes["pdf_sha256"] == [None, consent.pdf_sha256]
    assert event.changes["signer_name"] == [None, "Jane Doe"]
    pages, text = _pdf_text(stored, tmp_path)
    assert pages >= 2
    assert "Jane Doe" in text and "gave informed consent to the treatment plan" in text
    assert consent.document_hash in text
    assert "investigational" in text
    assert signed_consent_for(final_plan) == consent


def test_consent_link_works_once(consent_token: str) -> None:
    assert _sign(consent_token).status_code == 200
    again = _sign(consent_token)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert Consent.objects.count() == 1


def test_consent_wrong_name_or_no_tick_saves_nothing(consent_token: str) -> None:
    assert _sign(consent_token, name="John Smith").status_code == 400
    assert _sign(consent_token, confirm=False).status_code == 400
    assert not Consent.objects.exists()
    assert _sign(consent_token).status_code == 200


def test_consent_link_expires(consent_token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    later = timezone.now() + links.LIFETIMES["consent"] + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = _sign(consent_token)
    assert response.status_code == 410
    assert not Consent.objects.exists()


def test_consent_tampered_link_is_refused(consent_token: str) -> None:
    head, _, signature = consent_token.rpartition(":")
    response = _sign(f"{head}:{signature[::-1]}")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_consent_link_only_for_its_plan(
    consent_token: str, final_plan: Any, episode: Any, alice: Any
) -> None:
    from regenpath.plans import actions

    # A newer plan replaces the one the link was made for: the old link no longer signs.
    second = make_draft_plan(episode, alice)
    actions.finalise_plan(
        plan=second, by=alice, membership=membership_of(alice), today=dt.date.today()
    )
    assert _sign(consent_token).status_code == 400
    assert not Consent.objects.exists()
    assert signed_consent_for(final_plan) is None


def test_consent_link_only_for_its_patient(final_plan: Any, alice: Any, episode: Any) -> None:
    from regenpath.patients import actions as patient_actions
    from regenpath.screening.models import PatientLink

    other = patient_actions.register_patient(
        clinic=episode.clinic,
        by=alice,
        mrn="RV0002",
        given_name="Ann",
        family_name="Other",
        date_of_birth=dt.date(1970, 1, 1),
        sex_at_birth="female",
    )
    other_episode = patient_actions.open_episode(
        patient=other,
        by=alice,
        condition_code="knee-oa",
        body_site="Knee joint",
        side="left",
        onset_date=dt.date(2024, 1, 1),
        pain_mechanism="nociceptive",
    )
    # A link minted for another patient but naming this plan must not sign it.
    link, token = screening_actions.create_patient_link(
        episode=other_episode, purpose="consent", by=alice, plan_id=final_plan.pk
    )
    assert PatientLink.objects.get(pk=link.pk).patient == other
    assert _sign(token, name="Ann Other").status_code == 400
    assert not Consent.objects.exists()


def test_consent_witness_refreezes_and_keeps_the_old_pdf(
    client_for: Any, signed_consent: Any, settings: Any
) -> None:
    old_path, old_hash = signed_consent.pdf_path, signed_consent.pdf_sha256
    response = client_for("carol").post(
        reverse("consent_witness", args=[signed_consent.uuid]), {"witness-password": PASSWORD}
    )
    assert response.status_code == 302
    signed_consent.refresh_from_db()
    assert signed_consent.witness_name == "Carol"
    assert signed_consent.pdf_sha256 != old_hash
    root = Path(settings.DATA_DIR) / "documents"
    assert (root / old_path).exists() and (root / signed_consent.pdf_path).exists()
    event = AuditEvent.objects.get(action="consent.witness")
    assert event.changes["pdf_sha256"] == [old_hash, signed_consent.pdf_sha256]


def test_consent_record_moves_to_consented(
    client_for: Any, signed_consent: Any, episode: Any
) -> None:
    url = reverse("consent_record", args=[signed_consent.uuid])
    assert client_for("carol").post(url, {"record-password": PASSWORD}).status_code == 403
    client_for("alice").post(url, {"record-password": "wrong"})
    episode.refresh_from_db()
    assert episode.stage == "planned"
    client_for("alice").post(url, {"record-password": PASSWORD})
    episode.refresh_from_db()
    signed_consent.refresh_from_db()
    assert episode.stage == "consented"
    assert signed_consent.recorded_name == "Alice"


def test_consent_pdf_download_is_audited_and_checked(
    client_for: Any, signed_consent: Any, settings: Any
) -> None:
    url = reverse("consent_pdf", args=[signed_consent.uuid])
    response = client_for("tess").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(response.content).hexdigest() == signed_consent.pdf_sha256
    assert AuditEvent.objects.filter(action="consent.pdf").count() == 1
    # An altered file is detected, refused and audited.
    path = Path(settings.DATA_DIR) / "documents" / signed_consent.pdf_path
    path.write_bytes(path.read_bytes() + b"\n%tampered")
    assert client_for("tess").get(url).status_code == 404
    assert AuditEvent.objects.filter(action="consent.pdf_failed").count() == 1
    with pytest.raises(documents.DocumentTampered):
        documents.load(signed_consent.pdf_path, signed_consent.pdf_sha256)


def test_plan_pdf_is_a_real_pdf_in_plain_words(
    client_for: Any, final_plan: Any, tmp_path: Path
) -> None:
    response = client_for("carol").get(reverse("plan_pdf", args=[final_plan.uuid]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    pages, text = _pdf_text(response.content, tmp_path)
    assert pages >= 1
    for expected in (
        "Your treatment plan",
        "Jane Doe",
        "investigational",
        "Ibuprofen",
        "Signed by Alice",
        "approved the treatment plan",
        "KOOS",
    ):
        assert expected in text, expected
    assert AuditEvent.objects.filter(action="plan.pdf").count() == 1


def test_plan_pdf_is_deterministic(client_for: Any, final_plan: Any) -> None:
    url = reverse("plan_pdf", args=[final_plan.uuid])
    assert client_for("alice").get(url).content == client_for("alice").get(url).content
