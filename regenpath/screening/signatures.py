"""Electronic signatures by staff, as 21 CFR Part 11 asks (cell-therapy.md §3.5).

- §11.200(a)(1) two distinct components: the first is the signed-in session's user id, the
  second the password, typed again at the moment of signing (PasswordSignatureForm).
- §11.50 manifestation: every signed record stores the signer's printed name, the date and time
  of signing and the meaning of the signature, and every page or PDF that shows the record shows
  all three (pages use the `{% signature %}` tag of regenpath/web/templatetags/esign.py).
- §11.70 linking: the signature stores a SHA-256 of the record's content at signing
  (`record_hash`), so a copied or altered record no longer matches its signature.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.models import User

# The meaning of each kind of signature (§11.50(a)(3): review, approval, responsibility,
# authorship), stored with the signature as words, never as a code.
MEANING_DECISION = "approved the candidacy decision"
MEANING_OVERRIDE = "overrode the candidacy decision and takes responsibility for it"
MEANING_PLAN = "approved the treatment plan"
MEANING_WITNESS = "witnessed the patient's signature of the consent document"
MEANING_CONSENT_RECORDED = "confirmed the informed-consent discussion with the patient"
MEANING_PATIENT_CONSENT = "gave informed consent to the treatment plan"

SIGNING_REFUSED = "That password is not correct. Nothing was signed."


def printed_name(user: User) -> str:
    """Return the name a signature shows: the full name, else the username."""
    return user.get_full_name().strip() or user.get_username()


def record_hash(content: Mapping[str, Any]) -> str:
    """Return the SHA-256 hex digest of a record's content as canonical JSON."""
    canonical = json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Signature:
    """A signature as shown: who (printed name), when and what it means."""

    printed_name: str
    signed_at: dt.datetime
    meaning: str


class PasswordSignatureForm(forms.Form):
    """Ask the signed-in user for their password again before signing."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Signing needs your password again, even though you are signed in.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(SIGNING_REFUSED)
        return password
