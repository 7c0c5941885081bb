"""Shared fixtures: test settings and the personas of STYLE.md.

Personas (same clinic "Riverside" unless said): Alice is a physician, Carol a coordinator,
Tess a processing technician, Rita a researcher, Adam the clinic admin; Bob is a physician at
another clinic ("Northbridge") and must never see Riverside's patients.
"""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any

import pytest
from django.test import Client

from regenpath.domain.roles import Role


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    # Fast hashing in tests; test_settings_security checks that production uses Argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="session", autouse=True)
def _short_lived_connections() -> None:
    """Close database connections after each request, live-server threads included.

    Production keeps PostgreSQL connections for 60 s; in tests a kept connection from a live
    server thread would stop pytest-django from dropping the test database.
    """
    from django.db import connections

    for alias in connections:
        connections.settings[alias]["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse connections to anything but this machine (STYLE.md: no network in tests)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in {"127.0.0.1", "localhost", "::1"}
            and not host.startswith("/")
        ):
            raise RuntimeError(f"tests may not reach the network ({host})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def clinics(db: None) -> dict[str, Any]:
    from regenpath.clinics.models import Clinic

    return {
        "riverside": Clinic.objects.create(name="Riverside", slug="riverside"),
        "northbridge": Clinic.objects.create(name="Northbridge", slug="northbridge"),
    }


def _staff(username: str, clinic: Any, role: Role) -> Any:
    from django.contrib.auth import get_user_model

    from regenpath.clinics.models import Membership

    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name=username.title(),
    )
    Membership.objects.create(user=user, clinic=clinic, role=role)
    return user


@pytest.fixture
def personas(clinics: dict[str, Any]) -> dict[str, Any]:
    riverside, northbridge = clinics["riverside"], clinics["northbridge"]
    return {
        "alice": _staff("alice", riverside, Role.PHYSICIAN),
        "carol": _staff("carol", riverside, Role.COORDINATOR),
        "tess": _staff("tess", riverside, Role.PROCESSING_TECHNICIAN),
        "rita": _staff("rita", riverside, Role.RESEARCHER),
        "adam": _staff("adam", riverside, Role.CLINIC_ADMIN),
        "bob": _staff("bob", northbridge, Role.PHYSICIAN),
    }


@pytest.fixture
def alice(personas: dict[str, Any]) -> Any:
    return personas["alice"]


@pytest.fixture
def client_for(personas: dict[str, Any]) -> Any:
    """Return a function giving a logged-in test client for a persona's name."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(personas[name])
        return client

    return make


@pytest.fixture
def patient(clinics: dict[str, Any], alice: Any) -> Any:
    """A Riverside patient registered by Alice, with one knee OA episode."""
    from regenpath.patients import actions

    p = actions.register_patient(
        clinic=clinics["riverside"],
        by=alice,
        mrn="RV0001",
        given_name="Jane",
        family_name="Doe",
        date_of_birth=dt.date(1961, 4, 30),
        sex_at_birth="female",
        email="jane.doe@example.org",
        phone="+44 7700 900123",
        preferred_language="en",
    )
    actions.open_episode(
        patient=p,
        by=alice,
        condition_code="knee-oa",
        body_site="Knee joint",
        side="left",
        onset_date=dt.date(2024, 1, 15),
        pain_mechanism="nociceptive",
        kl_grade=2,
        prior_treatments=["physiotherapy"],
    )
    return p


@pytest.fixture
def episode(patient: Any) -> Any:
    return patient.episodes.get()
