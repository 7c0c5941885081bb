"""Attach the signed-in staff member's active clinic membership to each request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from regenpath.clinics.models import Membership

SESSION_KEY = "regenpath_membership_id"


def active_membership(request: HttpRequest) -> Membership | None:
    """Return the membership chosen in this session, else the user's first active one."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("clinic").filter(user=user, is_active=True)
    chosen = request.session.get(SESSION_KEY)
    if chosen is not None:
        membership = memberships.filter(pk=chosen).first()
        if membership is not None:
            return membership
    return memberships.order_by("clinic__name", "pk").first()


class ActiveMembershipMiddleware:
    """Set `request.membership` lazily, so pages that never ask cost no query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = SimpleLazyObject(lambda: active_membership(request))  # type: ignore[attr-defined]
        return self.get_response(request)
