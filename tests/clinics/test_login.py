"""Sign-in, lockout, sign-out and password reset by e-mail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from regenpath.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_signs_in_and_audits(personas: Any) -> None:
    client = Client()
    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert AuditEvent.objects.filter(action="auth.login", actor_id=personas["alice"].pk).exists()


def test_login_wrong_password_and_unknown_user_say_the_same(personas: Any) -> None:
    wrong = _login(Client(), "alice", "wrong-password")
    unknown = _login(Client(), "nobody-here", "wrong-password")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert "do not match" in wrong.context["form"].non_field_errors()[0]


def test_login_locks_after_repeated_failures_even_with_the_right_password(
    personas: Any, settings: Any
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        _login(client, "alice", "wrong-password")
    locked = _login(client, "alice", PASSWORD)
    assert locked.status_code == 200
    assert "Too many failed sign-in attempts" in locked.context["form"].non_field_errors()[0]
    assert "_auth_user_id" not in client.session


def test_login_one_failure_below_the_limit_still_signs_in(personas: Any, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(2):
        _login(client, "alice", "wrong-password")
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_login_lockout_of_unknown_name_looks_like_a_real_one(personas: Any, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    for name in ("alice", "ghost"):
        for _ in range(2):
            _login(Client(), name, "wrong-password")
    real = _login(Client(), "alice", "x").context["form"].non_field_errors()
    ghost = _login(Client(), "ghost", "x").context["form"].non_field_errors()
    assert real == ghost


def test_login_lockout_expires(personas: Any, settings: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from regenpath.clinics.models import LoginFailure

    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        _login(Client(), "alice", "wrong-password")
    LoginFailure.objects.update(
        at=timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)
    )
    assert _login(Client(), "alice", PASSWORD).status_code == 302


def test_logout_requires_post_and_ends_the_session(client_for: Any) -> None:
    client = client_for("alice")
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_password_reset_sends_an_email_with_a_working_link(personas: Any) -> None:
    client = Client()
    response = client.post(reverse("password_reset"), {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your regenpath password"
    assert message.alternatives and "Choose a new password" in message.alternatives[0][0]
    link = next(line for line in message.body.splitlines() if "/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"] is True
    new = "a-brand-new-passphrase-42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    assert Client().login(username="alice", password=new)


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(personas: Any) -> None:
    response = Client().post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_change_refuses_a_short_password(client_for: Any) -> None:
    response = client_for("alice").post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "too short" in " ".join(response.context["form"].errors["new_password2"])


def test_role_allows_answers_for_the_active_role_only(rf: Any, personas: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    from regenpath.clinics.access import role_allows
    from regenpath.clinics.middleware import active_membership
    from regenpath.domain.roles import REGISTRATION

    request = rf.get("/")
    request.session = {}
    request.user = personas["rita"]
    request.membership = active_membership(request)
    assert not role_allows(request, REGISTRATION)
    request.user = personas["carol"]
    request.membership = active_membership(request)
    assert role_allows(request, REGISTRATION)
    request.user = AnonymousUser()
    request.membership = None
    assert not role_allows(request, REGISTRATION)
