"""Signed, expiring, single-purpose links for patients (DESIGN.md, Security).

The token is `TimestampSigner(salt=<purpose salt>).sign(link.uuid)`: a token made for one
purpose does not verify under another's salt, and nobody can make one without the secret key.
Expiry and single use come from the PatientLink row (`expires_at`, `used_at`), so they can be
checked against a `now` the caller passes (tests freeze time that way).
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from django.core import signing
from django.utils import timezone

from regenpath.screening.models import PatientLink

# One salt per purpose: a screening link cannot open the consent page and vice versa.
SALTS: dict[str, str] = {
    PatientLink.Purpose.INTAKE: "regenpath.screening.intake-link",
    PatientLink.Purpose.CONSENT: "regenpath.plans.consent-link",
}

# Project policy: a questionnaire link lasts 7 days, a consent link 3 days; staff may send a
# new one at any time.
LIFETIMES: dict[str, dt.timedelta] = {
    PatientLink.Purpose.INTAKE: dt.timedelta(days=7),
    PatientLink.Purpose.CONSENT: dt.timedelta(days=3),
}


class LinkProblem(StrEnum):
    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"


# Plain words for the patient; none says whether a record exists.
PROBLEM_MESSAGES: dict[LinkProblem, tuple[str, str]] = {
    LinkProblem.INVALID: (
        "This link does not work",
        "The link is incomplete or has been changed. Open it again from the message the "
        "clinic sent you, or ask the clinic for a new link.",
    ),
    LinkProblem.EXPIRED: (
        "This link has expired",
        "For your privacy, links work for a few days only. Please ask the clinic to send you "
        "a new one.",
    ),
    LinkProblem.USED: (
        "This link has already been used",
        "Each link works once, and this one has been used. If you need to change your answers "
        "or have a question, please contact the clinic.",
    ),
}


class LinkError(Exception):
    """A patient link that cannot be used, with the reason to show the patient."""

    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem

    @property
    def title(self) -> str:
        return PROBLEM_MESSAGES[self.problem][0]

    @property
    def message(self) -> str:
        return PROBLEM_MESSAGES[self.problem][1]


def make_token(link: PatientLink) -> str:
    """Return the signed token for `link`, as it goes into the URL."""
    return signing.TimestampSigner(salt=SALTS[link.purpose]).sign(str(link.uuid))


def resolve(token: str, purpose: str, *, now: dt.datetime | None = None) -> PatientLink:
    """Return the link a token stands for, if it is genuine, for `purpose`, unexpired and unused.

    Raises LinkError (invalid, expired or used). The row is not locked; the action that uses
    the link locks it and checks again.
    """
    try:
        value = signing.TimestampSigner(salt=SALTS[purpose]).unsign(token)
        link_uuid = uuid.UUID(value)
    except (signing.BadSignature, ValueError):
        raise LinkError(LinkProblem.INVALID) from None
    link = (
        PatientLink.objects.select_related("patient", "episode", "clinic")
        .filter(uuid=link_uuid, purpose=purpose)
        .first()
    )
    if link is None:
        raise LinkError(LinkProblem.INVALID)
    check_usable(link, now=now)
    return link


def check_usable(link: PatientLink, *, now: dt.datetime | None = None) -> None:
    """Raise LinkError if `link` has been used or has expired at `now`."""
    if link.used_at is not None:
        raise LinkError(LinkProblem.USED)
    if link.is_expired(now or timezone.now()):
        raise LinkError(LinkProblem.EXPIRED)
