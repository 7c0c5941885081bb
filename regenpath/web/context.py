"""Template context every page gets."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """Return the active membership and whether the data shown is synthetic."""
    membership = getattr(request, "membership", None)
    if membership is not None and getattr(membership, "pk", None) is None:
        membership = None
    synthetic = settings.SYNTHETIC_DATA or bool(membership and membership.clinic.is_synthetic)
    return {"membership": membership, "synthetic_data": synthetic}
