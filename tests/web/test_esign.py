"""The shared time and signature display: local time, one zone, "Name (Role)"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import Context, Template

from regenpath.web.templatetags.esign import local_time, local_time_zone, signer_label

WINTER = dt.datetime(2026, 11, 21, 10, 26, tzinfo=dt.UTC)
SUMMER = dt.datetime(2026, 7, 1, 9, 26, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("moment", "plain", "zoned"),
    [
        (WINTER, "21 Nov 2026, 10:26", "21 Nov 2026, 10:26 GMT"),
        (SUMMER, "1 Jul 2026, 10:26", "1 Jul 2026, 10:26 BST"),
    ],
)
def test_local_time_in_the_clinic_zone(
    settings: Any, moment: dt.datetime, plain: str, zoned: str
) -> None:
    settings.TIME_ZONE = "Europe/London"
    assert local_time(moment) == plain
    assert local_time_zone(moment) == zoned


def test_local_time_of_nothing_is_empty() -> None:
    assert local_time(None) == ""
    assert local_time_zone(None) == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("Alice", "Alice (Physician)"),  # screening and plans store the full name
        ("Alice (alice)", "Alice (Physician)"),  # procedure day stores "Full (username)"
        ("alice", "alice (Physician)"),  # no full name: the username
    ],
)
def test_signer_label_adds_the_role(personas: Any, clinics: Any, stored: str, shown: str) -> None:
    assert signer_label(stored, personas["alice"], clinics["riverside"].pk, {}) == shown


@pytest.mark.django_db
def test_signer_label_without_membership_keeps_the_name(personas: Any, clinics: Any) -> None:
    assert signer_label("Alice", personas["alice"], clinics["northbridge"].pk, {}) == "Alice"


def test_signer_label_of_a_patient_is_the_typed_name() -> None:
    assert signer_label("Jane Doe", None, None, {}) == "Jane Doe"


@pytest.mark.django_db
def test_signature_tag_shows_name_role_time_zone_and_meaning(
    settings: Any, personas: Any, clinics: Any
) -> None:
    settings.TIME_ZONE = "Europe/London"
    html = Template(
        "{% load esign %}{% signature name at meaning user=user clinic=clinic %}"
    ).render(
        Context(
            {
                "name": "Alice (alice)",
                "at": WINTER,
                "meaning": "released the product",
                "user": personas["alice"],
                "clinic": clinics["riverside"].pk,
            }
        )
    )
    assert "Signed by <strong>Alice (Physician)</strong>" in html
    assert "21 Nov 2026, 10:26 GMT" in html
    assert "<em>released the product</em>" in html
    assert "UTC" not in html
