"""Licence status per clinic (reference §1.1 rule 6) and the licences and settings pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from regenpath.outcomes import actions
from regenpath.outcomes.licences import NOT_NEEDED, RECORDED, TEXT_PACK, instrument_use
from regenpath.outcomes.models import InstrumentLicence, OutcomeSettings
from tests.outcomes.conftest import placeholder_pack, write_pack

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)


def _licence(clinic: Any, code: str, expires: dt.date | None, by: Any) -> None:
    actions.record_licence(
        clinic=clinic, instrument=code, holder="Holder", reference="REF-1", expires=expires, by=by
    )


def test_instrument_use_unlicensed_instrument_is_disabled(clinics: Any) -> None:
    use = instrument_use(clinics["riverside"], "koos", TODAY, "en")
    assert not use.enabled
    assert use.source == ""
    assert use.summary == "No licence recorded; the instrument is disabled"


def test_instrument_use_nrs_pain_needs_no_licence(clinics: Any) -> None:
    use = instrument_use(clinics["riverside"], "nrs-pain", TODAY, "en")
    assert use.enabled and use.source == NOT_NEEDED
    assert use.summary == "Free to use; no licence needed"


@pytest.mark.parametrize(
    ("expires", "enabled", "summary"),
    [
        (None, True, "Licensed to Holder (REF-1), no expiry recorded"),
        (TODAY, True, "Licensed to Holder (REF-1), until 1 Mar 2026"),  # valid on its last day
        (TODAY - dt.timedelta(days=1), False, "Licence REF-1 expired on 2026-02-28"),
    ],
)
def test_instrument_use_recorded_licence_until_it_expires(
    clinics: Any, alice: Any, expires: dt.date | None, enabled: bool, summary: str
) -> None:
    _licence(clinics["riverside"], "koos", expires, alice)
    use = instrument_use(clinics["riverside"], "koos", TODAY, "en")
    assert use.enabled is enabled
    assert use.summary == summary
    assert use.recorded is not None


def test_instrument_use_licence_is_per_clinic(clinics: Any, alice: Any) -> None:
    _licence(clinics["riverside"], "koos", None, alice)
    assert not instrument_use(clinics["northbridge"], "koos", TODAY, "en").enabled


def test_instrument_use_text_pack_licence_block_enables(clinics: Any, textpack_dir: Path) -> None:
    licence = {"holder": "Pack holder", "reference": "PK-9", "expires": "2026-12-31"}
    write_pack(textpack_dir, placeholder_pack("odi", "en-GB", licence=licence))
    use = instrument_use(clinics["riverside"], "odi", TODAY, "en")
    assert use.enabled and use.source == TEXT_PACK
    assert use.summary == "Licensed to Pack holder (PK-9) until 31 Dec 2026, from the text pack"
    assert use.pack is not None and use.pack.language == "en-GB"


def test_instrument_use_prefers_a_valid_recorded_licence(
    clinics: Any, alice: Any, textpack_dir: Path
) -> None:
    licence = {"holder": "Pack holder", "reference": "PK-9", "expires": "2026-01-31"}
    write_pack(textpack_dir, placeholder_pack("odi", licence=licence))
    _licence(clinics["riverside"], "odi", None, alice)
    assert instrument_use(clinics["riverside"], "odi", TODAY, "en").source == RECORDED


def test_licences_page_lists_every_instrument_with_status(client_for: Any, clinics: Any) -> None:
    response = client_for("adam").get(reverse("outcomes:licences"))
    uses = response.context["uses"]
    assert len(uses) == 19
    assert [u.code for u in uses if u.enabled] == ["nrs-pain"]


def test_licences_page_records_a_licence(client_for: Any, clinics: Any) -> None:
    client = client_for("adam")
    url = reverse("outcomes:licence_record", args=["quickdash"])
    response = client.post(url, {"holder": "IWH", "reference": "CAT-B-1", "expires": "2027-01-31"})
    assert response.status_code == 302
    licence = InstrumentLicence.objects.get(instrument="quickdash")
    assert (licence.holder, licence.reference) == ("IWH", "CAT-B-1")
    assert licence.recorded_by.username == "adam"
    body = client.get(reverse("outcomes:licences")).content.decode()
    assert "Licensed to IWH (CAT-B-1), until 31 Jan 2027" in body


def test_licences_page_blank_reference_is_a_field_error(client_for: Any, clinics: Any) -> None:
    url = reverse("outcomes:licence_record", args=["quickdash"])
    response = client_for("adam").post(url, {"holder": "IWH", "reference": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reference"] == ["This field is required."]
    assert not InstrumentLicence.objects.exists()


def test_settings_page_enables_womac_and_validates_the_language(
    client_for: Any, clinics: Any
) -> None:
    client = client_for("adam")
    url = reverse("outcomes:settings")
    bad = client.post(url, {"text_language": "English", "derive_womac_from_koos": "on"})
    assert bad.context["form"].errors["text_language"] == [
        "'English' is not a language tag such as en or en-GB."
    ]
    assert not OutcomeSettings.objects.exists()
    assert (
        client.post(url, {"text_language": "en-GB", "derive_womac_from_koos": "on"}).status_code
        == 302
    )
    settings = OutcomeSettings.objects.get(clinic=clinics["riverside"])
    assert (settings.text_language, settings.derive_womac_from_koos) == ("en-GB", True)


def test_entry_screen_warns_about_a_missing_licence_but_allows_entry(
    client_for: Any, episode: Any
) -> None:
    response = client_for("carol").get(
        reverse("outcomes:enter_response", args=[episode.uuid, "koos"])
    )
    body = response.content.decode()
    assert "No licence or permission reference is recorded" in body
    assert "must record the licence reference before" in body
    assert response.context["self_completion"].allowed is False


def test_entry_screen_of_a_licensed_instrument_has_no_warning(
    client_for: Any, episode: Any, alice: Any
) -> None:
    _licence(episode.clinic, "koos", None, alice)
    response = client_for("carol").get(
        reverse("outcomes:enter_response", args=[episode.uuid, "koos"])
    )
    body = response.content.decode()
    assert "No licence or permission reference is recorded" not in body
    assert "Licensed to Holder (REF-1)" in body
    # Licensed but no patient-readable text: still not for self-completion (§1.1 rule 4).
    assert response.context["self_completion"].allowed is False


def test_entry_screen_self_completion_with_licence_and_full_pack(
    client_for: Any, episode: Any, alice: Any, textpack_dir: Path
) -> None:
    _licence(episode.clinic, "lefs", None, alice)
    write_pack(textpack_dir, placeholder_pack("lefs", "en-US"))
    response = client_for("carol").get(
        reverse("outcomes:enter_response", args=[episode.uuid, "lefs"])
    )
    assert response.context["self_completion"].allowed is True
