"""Production settings: Argon2 first, sessions that expire, and the env helpers' errors."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

import regenpath.settings as real_settings


def test_settings_hash_passwords_with_argon2_first() -> None:
    module = importlib.reload(real_settings)
    assert module.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_settings_sessions_expire_when_idle() -> None:
    assert real_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert real_settings.SESSION_COOKIE_AGE == 30 * 60


def test_envbool_rejects_a_value_that_is_not_a_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGENPATH_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="REGENPATH_X must be true or false"):
        real_settings.envbool("REGENPATH_X", "false")


def test_database_from_url_reads_postgres_urls() -> None:
    db = real_settings.database_from_url(
        "postgres://user:p%40ss@db.internal:6543/regen?sslmode=require"
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "regen",
        "user",
        "p@ss",
        "db.internal",
        "6543",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_database_from_url_refuses_an_unknown_scheme() -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must start with"):
        real_settings.database_from_url("mysql://x/y")


def test_envsecret_reads_a_secret_from_a_file(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "key"
    secret.write_text("s3cret\n", encoding="utf-8")
    monkeypatch.setenv("REGENPATH_THING_FILE", str(secret))
    assert real_settings.envsecret("REGENPATH_THING", "") == "s3cret"
