"""Sign-in, sign-out, password change and reset, and choosing the active clinic."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from regenpath.audit.actions import record_event
from regenpath.clinics.access import staff_user
from regenpath.clinics.forms import LockoutAuthenticationForm
from regenpath.clinics.middleware import SESSION_KEY
from regenpath.clinics.models import LoginFailure, Membership


class LoginView(auth_views.LoginView):
    form_class = LockoutAuthenticationForm
    template_name = "clinics/login.html"
    redirect_authenticated_user = True


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    LoginFailure.objects.filter(username=user.get_username().casefold()).delete()
    record_event(action="auth.login", by=user, clinic_id=None)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(action="auth.logout", by=user, clinic_id=None)


@login_required
@require_POST
def switch_clinic(request: HttpRequest) -> HttpResponse:
    """Make another of the user's clinics the active one for this session."""
    chosen = request.POST.get("membership", "")
    membership = (
        Membership.objects.filter(user=staff_user(request), is_active=True, pk=int(chosen)).first()
        if chosen.isdigit()
        else None
    )
    if membership is not None:
        request.session[SESSION_KEY] = membership.pk
    return redirect("dashboard")
