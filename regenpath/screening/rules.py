"""Project policies around a candidacy decision that are not clinical rules.

Pure Python (no Django, no clock): when a decision must be re-screened, and what counts as a
written justification for overriding one. The clinical rules themselves are in
regenpath.domain.candidacy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Project policy (issue 4, "Sign-off and override"): re-screen when the facts change or the
# decision is older than a configurable number of days, 90 by default.
DEFAULT_RESCREEN_DAYS = 90

# Project policy (issue 4: "an override needs a justification of at least a sentence"). A
# sentence here is: at least 20 characters and 4 words once white space is collapsed, ending
# with a full stop. Short notes such as "ok" or "per discussion" are refused.
JUSTIFICATION_MIN_CHARS = 20
JUSTIFICATION_MIN_WORDS = 4


def facts_hash(facts: Mapping[str, Any]) -> str:
    """Return the SHA-256 hex digest of facts as canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Staleness:
    """Whether a decision must be re-screened, and the reasons in words (empty when current)."""

    required: bool
    reasons: tuple[str, ...]


def rescreening(
    *,
    decided_on: dt.date,
    decision_facts_hash: str,
    latest_facts_hash: str,
    today: dt.date,
    max_age_days: int = DEFAULT_RESCREEN_DAYS,
) -> Staleness:
    """Return whether a decision needs re-screening on `today`.

    `latest_facts_hash` is the hash of the newest facts recorded for the episode; a decision
    whose facts differ is stale. A decision exactly `max_age_days` old is still current; one
    day more is stale.
    """
    if max_age_days < 1:
        raise ValueError("max_age_days must be at least 1")
    reasons: list[str] = []
    if latest_facts_hash != decision_facts_hash:
        reasons.append("The screening facts have changed since this decision.")
    age = (today - decided_on).days
    if age > max_age_days:
        reasons.append(
            f"The decision is {age} days old; decisions older than {max_age_days} days "
            "must be re-screened."
        )
    return Staleness(bool(reasons), tuple(reasons))


def justification_problem(text: str) -> str:
    """Return why `text` is not an acceptable override justification, or "" when it is."""
    collapsed = " ".join(text.split())
    if len(collapsed) < JUSTIFICATION_MIN_CHARS:
        return (
            f"Write at least one full sentence ({JUSTIFICATION_MIN_CHARS} characters or more) "
            "explaining why the decision is overridden."
        )
    if len(collapsed.split(" ")) < JUSTIFICATION_MIN_WORDS:
        return f"Write a full sentence of at least {JUSTIFICATION_MIN_WORDS} words."
    if not collapsed.endswith("."):
        return "End the justification with a full stop, as a complete sentence."
    return ""
