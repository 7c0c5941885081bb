"""Show times and electronic signatures the same way on every staff page.

Times are the clinic's local time (settings.TIME_ZONE, Django's current time zone) as
"21 Nov 2026, 10:26". A signature adds the zone once — "21 Nov 2026, 10:26 GMT" — because
21 CFR 11.50(a)(2) asks for the date and time of signing (cell-therapy.md §3.5, VERIFIED).

The printed name is shown as "Ada Okafor (Physician)": the stored printed name with the signer's
role in the record's clinic. Stored names stay as they were signed; procedure-day records store
"Ada Okafor (ada)", so a trailing "(username)" of the signer is dropped for display.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.contrib.auth.models import User
from django.utils import dateformat, timezone

from regenpath.clinics.models import Membership
from regenpath.domain.roles import Role

register = template.Library()

TIME_FORMAT = "j M Y, H:i"
ZONED_FORMAT = "j M Y, H:i T"


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def local_time(value: dt.datetime | None) -> str:
    """Return `value` in the clinic's local time as "21 Nov 2026, 10:26" ("" for None)."""
    if value is None or value == "":
        return ""
    return dateformat.format(_local(value), TIME_FORMAT)


@register.filter
def local_time_zone(value: dt.datetime | None) -> str:
    """Return `value` in the clinic's local time with its zone: "21 Nov 2026, 10:26 GMT"."""
    if value is None or value == "":
        return ""
    return dateformat.format(_local(value), ZONED_FORMAT)


def _role_label(user_id: int, clinic_id: int, cache: dict[tuple[int, int], str]) -> str:
    key = (user_id, clinic_id)
    if key not in cache:
        role = (
            Membership.objects.filter(user_id=user_id, clinic_id=clinic_id)
            .values_list("role", flat=True)
            .first()
        )
        cache[key] = Role(role).label if role else ""
    return cache[key]


def signer_label(
    name: str, signer: User | None, clinic_id: int | None, cache: dict[tuple[int, int], str]
) -> str:
    """Return "Ada Okafor (Physician)" from a stored printed name and the signing user.

    Without a signer (a patient's typed name) or a membership, the stored name is shown as is;
    an empty name (a record that stores only the user) shows the user's full name.
    The role is the signer's role in the clinic now; memberships keep their role when deactivated.
    """
    if signer is None or clinic_id is None:
        return name
    shown = (
        name.removesuffix(f" ({signer.get_username()})").strip()
        or signer.get_full_name().strip()
        or signer.get_username()
    )
    role = _role_label(signer.pk, clinic_id, cache)
    return f"{shown} ({role})" if role else shown


def _cache(context: template.Context) -> dict[tuple[int, int], str]:
    # One membership look-up per signer per page: the cache lives on the request.
    request: Any = context.get("request")
    if request is None:
        return {}
    cache: dict[tuple[int, int], str] | None = getattr(request, "_esign_roles", None)
    if cache is None:
        cache = {}
        request._esign_roles = cache
    return cache


@register.simple_tag(takes_context=True)
def signer(
    context: template.Context, name: str, user: User | None = None, clinic: int | None = None
) -> str:
    """Return the signer's printed name with role, e.g. "Ada Okafor (Physician)"."""
    return signer_label(name, user, clinic, _cache(context))


@register.inclusion_tag("web/_signature.html", takes_context=True)
def signature(
    context: template.Context,
    name: str,
    at: dt.datetime,
    meaning: str,
    user: User | None = None,
    clinic: int | None = None,
) -> dict[str, Any]:
    """Render one signature line: printed name (role), local date and time with zone, meaning.

    21 CFR 11.50: all three together wherever the signed record is shown.
    """
    return {
        "sig_name": signer_label(name, user, clinic, _cache(context)),
        "sig_at": at,
        "sig_meaning": meaning,
    }
