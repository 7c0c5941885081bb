"""The login form, with lockout after repeated failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from regenpath.clinics.models import LoginFailure

GENERIC_FAILURE = "That username and password do not match. Both are case-sensitive."


def lockout_message() -> str:
    return (
        "Too many failed sign-in attempts for this username. "
        f"Try again in {settings.LOGIN_LOCKOUT_MINUTES} minutes or reset your password."
    )


def is_locked(username: str) -> bool:
    """Return True if `username` has reached the failure limit within the lockout window."""
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = LoginFailure.objects.filter(username=username.casefold(), at__gte=since)
    return recent.count() >= settings.LOGIN_FAILURE_LIMIT


class LockoutAuthenticationForm(AuthenticationForm):
    """Refuse a locked username before checking its password, and count failures.

    The messages are the same whether or not the account exists, and unknown names are counted
    and locked too, so neither the wording nor a lockout reveals that an account exists.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": GENERIC_FAILURE,
    }

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()
        if username and is_locked(username):
            raise forms.ValidationError(lockout_message(), code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                LoginFailure.objects.create(
                    username=username.casefold(),
                    at=timezone.now(),
                    ip=self.request.META.get("REMOTE_ADDR") if self.request else None,
                )
            raise
