"""The gate for staff pages: who is signed in, for which clinic, in which role."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from regenpath.clinics.models import Membership
from regenpath.domain.roles import Role


def get_membership(request: HttpRequest, roles: Iterable[Role] | None = None) -> Membership:
    """Return the active membership; refuse (403) without one or with a role not in `roles`.

    Views call this (or a gate built on it) before touching clinic data; they never check roles
    themselves.
    """
    membership: Membership | None = getattr(request, "membership", None)
    # SimpleLazyObject wrapping None is truthy; unwrap by reading a field.
    if membership is None or getattr(membership, "pk", None) is None:
        raise PermissionDenied("You have no active clinic membership.")
    if roles is not None and membership.role_enum not in set(roles):
        raise PermissionDenied("Your role does not allow this page.")
    return membership


def staff_user(request: HttpRequest) -> User:
    """Return the signed-in staff user (views behind login_required only)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user


def role_allows(request: HttpRequest, roles: Iterable[Role]) -> bool:
    """Return whether the request's active role is one of `roles`, for what a page offers.

    Pages use it to show or hide buttons; the gates above still refuse the request itself.
    """
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or getattr(membership, "pk", None) is None:
        return False
    return membership.role_enum in set(roles)
