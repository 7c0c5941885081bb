"""The gate for staff pages: who is signed in, for which clinic, in which role."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from regenpath.clinics.models import Membership
from regenpath.domain.roles import Role


def get_membership(request: HttpRequest, roles: Iterable[Role] | None = None) -> Membership:
    """Return the request's active membership, refusing (403) if it has none or a role not in `roles`.

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
