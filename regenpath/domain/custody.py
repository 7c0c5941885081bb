"""The biologic product's lifecycle as a transition table, its signatures, and the bedside check.

Sources (reference/cell-therapy.md): §3.5 (21 CFR Part 11: §11.10(f) step sequencing, §11.10(g)
authority checks, §11.50 signature manifestation), §3.6 (chain of identity and custody), §3.4 REG-2
(21 CFR 1271.290 tracking to final disposition), §4.3 (harvest-to-injection time limit), §1
(ISBT 128 DIN); DESIGN.md "Procedure day, per biologic product" for the states and moves.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from regenpath.domain.identifiers import Din, DinCheckCharacterError, DinError, parse_din
from regenpath.domain.roles import Role

# Stored with every custody event so a decision can be replayed against the table that allowed it
# (DESIGN.md, "Rules that live in tables ... are versioned"). Bump on any change to TRANSITIONS.
CUSTODY_RULES_VERSION = "custody-rules-1"


class State(StrEnum):
    """Where a biologic product is in its life (DESIGN.md, procedure day)."""

    COLLECTED = "collected"
    IN_PROCESSING = "in_processing"
    QC_PENDING = "qc_pending"
    RELEASED = "released"
    QUARANTINED = "quarantined"
    ADMINISTERED = "administered"
    DISCARDED = "discarded"


# Final dispositions (21 CFR 1271.290, reference §3.4 REG-2): nothing leaves them.
TERMINAL_STATES = frozenset({State.ADMINISTERED, State.DISCARDED})


class Action(StrEnum):
    """A signed step that moves a product from one state to another."""

    COLLECT = "collect"
    RECEIVE = "receive"
    COMPLETE_PROCESSING = "complete_processing"
    RELEASE = "release"
    QUARANTINE = "quarantine"
    RELEASE_BY_EXCEPTION = "release_by_exception"
    ADMINISTER = "administer"
    DISCARD = "discard"


@dataclass(frozen=True)
class Transition:
    """One allowed move: from `source` (None: no product yet) by `action` to `target`.

    `roles` may sign it (21 CFR 11.10(g) authority checks); `meaning` is the signature meaning shown
    with the printed name and time (21 CFR 11.50); `reason_required` demands a documented reason;
    `bedside_verification` demands an empty `verify_at_bedside` result first.
    """

    source: State | None
    action: Action
    target: State
    roles: frozenset[Role]
    meaning: str
    reason_required: bool = False
    bedside_verification: bool = False


_PHYSICIAN = frozenset({Role.PHYSICIAN})
# Point-of-care processing is done by a technician or, in small clinics, the physician (DESIGN.md,
# "Who uses it"). Coordinators, researchers and clinic admins never sign custody steps.
_PROCESSING = frozenset({Role.PHYSICIAN, Role.PROCESSING_TECHNICIAN})

TRANSITIONS: tuple[Transition, ...] = (
    # Harvest is a physician procedure; DS007 collection time is recorded with it (reference §1.3).
    Transition(None, Action.COLLECT, State.COLLECTED, _PHYSICIAN, "collected"),
    # Each hand-over is a chain-of-custody entry (reference §3.6, Standards Coordinating Body).
    Transition(
        State.COLLECTED,
        Action.RECEIVE,
        State.IN_PROCESSING,
        _PROCESSING,
        "received for processing",
    ),
    Transition(
        State.IN_PROCESSING, Action.COMPLETE_PROCESSING, State.QC_PENDING, _PROCESSING, "processed"
    ),
    # Release needs an authority check (21 CFR 11.10(g); reference §3.5 REG-8).
    Transition(State.QC_PENDING, Action.RELEASE, State.RELEASED, _PROCESSING, "released"),
    # QC failure quarantines (DESIGN.md). Project policy, beyond DESIGN.md's diagram: a harvest
    # found damaged or mislabelled before QC may be quarantined too, so every product reaches a
    # recorded final disposition (21 CFR 1271.290, reference §3.4 REG-2) without faking a QC step.
    *(
        Transition(
            source,
            Action.QUARANTINE,
            State.QUARANTINED,
            _PROCESSING,
            "quarantined",
            reason_required=True,
        )
        for source in (State.COLLECTED, State.IN_PROCESSING, State.QC_PENDING)
    ),
    # Only a physician may release a quarantined product, and only with a documented exception
    # (project brief; authority check for overrides, 21 CFR 11.10(g), reference §3.5 REG-8).
    Transition(
        State.QUARANTINED,
        Action.RELEASE_BY_EXCEPTION,
        State.RELEASED,
        _PHYSICIAN,
        "released under documented exception",
        reason_required=True,
    ),
    # Injection follows release (step sequencing, 21 CFR 11.10(f), REG-8) and the bedside identity
    # check (reference §3.6; DESIGN.md "Any mismatch is a hard stop").
    Transition(
        State.RELEASED,
        Action.ADMINISTER,
        State.ADMINISTERED,
        _PHYSICIAN,
        "administered",
        bedside_verification=True,
    ),
    # Disposal is a final disposition that must be explained (21 CFR 1271.290, REG-2).
    *(
        Transition(
            source,
            Action.DISCARD,
            State.DISCARDED,
            _PROCESSING,
            "discarded",
            reason_required=True,
        )
        for source in (State.RELEASED, State.QUARANTINED)
    ),
)

_BY_KEY: dict[tuple[State | None, Action], Transition] = {
    (transition.source, transition.action): transition for transition in TRANSITIONS
}


@dataclass(frozen=True)
class Verdict:
    """Whether a move is allowed, and why or why not, in words staff can read."""

    allowed: bool
    reason: str


class TransitionRefused(ValueError):
    """Raised when a product may not move as asked; the message says why."""


def find_transition(state: State | None, action: Action) -> Transition | None:
    """Return the table row for `action` from `state` (None: no product yet), if there is one."""
    return _BY_KEY.get((state, action))


def can_transition(
    state: State | None, action: Action, role: Role, *, reason: str | None = None
) -> Verdict:
    """Return whether `role` may perform `action` on a product in `state`, with the reason.

    `state` None means no product exists yet (only `collect` applies). `reason` is the documented
    justification some moves require (quarantine, exception release, discard).
    """
    where = "before collection" if state is None else f"a product that is {state.value}"
    if state in TERMINAL_STATES:
        return Verdict(
            False, f"cannot {action.value} {where}: administered and discarded are final"
        )
    transition = _BY_KEY.get((state, action))
    if transition is None:
        options = ", ".join(t.action.value for t in TRANSITIONS if t.source == state)
        return Verdict(False, f"cannot {action.value} {where}; allowed here: {options}")
    if role not in transition.roles:
        allowed = ", ".join(r.label.lower() for r in Role if r in transition.roles)
        return Verdict(False, f"a {role.label.lower()} may not {action.value}; only: {allowed}")
    if transition.reason_required and not (reason and reason.strip()):
        return Verdict(False, f"{action.value} needs a documented reason")
    suffix = "" if state is None else f" {where}"
    return Verdict(True, f"{role.label.lower()} may {action.value}{suffix}")


def transition(
    state: State | None, action: Action, role: Role, *, reason: str | None = None
) -> State:
    """Return the state after `role` performs `action`; raise `TransitionRefused` if not allowed."""
    verdict = can_transition(state, action, role, reason=reason)
    if not verdict.allowed:
        raise TransitionRefused(verdict.reason)
    return _BY_KEY[(state, action)].target


def render_state_diagram() -> str:
    """Return the lifecycle as a Mermaid state diagram, generated from TRANSITIONS."""
    lines = ["stateDiagram-v2"]
    for row in TRANSITIONS:
        source = "[*]" if row.source is None else row.source.value
        roles = ", ".join(r.value for r in Role if r in row.roles)
        # Mermaid treats ';' as a statement end, so the label uses words and commas only.
        action = row.action.value + (" with reason" if row.reason_required else "")
        lines.append(f"    {source} --> {row.target.value} : {action} ({roles})")
    lines.extend(f"    {state.value} --> [*]" for state in State if state in TERMINAL_STATES)
    return "\n".join(lines) + "\n"


def render_doc() -> str:
    """Return the whole of docs/custody.md: a short introduction and the generated diagram."""
    return (
        "# Biologic product custody\n"
        "\n"
        "Every biologic product (one per harvest, identified by its ISBT 128 DIN) moves through\n"
        "these states. Each arrow is one row of `TRANSITIONS` in `regenpath/domain/custody.py`,\n"
        "labelled with the action and the roles that may sign it. Each move is recorded as exactly\n"
        "one custody event signed with the signer's printed name, the date and time, and the\n"
        "meaning of the signature (21 CFR 11.50). Administered and discarded are final.\n"
        "\n"
        f"Table version: `{CUSTODY_RULES_VERSION}`.\n"
        "\n"
        "This file is generated; do not edit it by hand. Regenerate it with\n"
        "`python -m regenpath.domain.custody > docs/custody.md`.\n"
        "\n"
        "```mermaid\n" + render_state_diagram() + "```\n"
    )


# --- Signatures (21 CFR 11.50) -------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    """An electronic signature's manifestation: printed name, date and time, meaning.

    21 CFR 11.50 (reference §3.5 REG-5, VERIFIED): every signed record shows all three in every
    human-readable display and printout. `signed_at` must be timezone-aware; it is shown in UTC.
    """

    printed_name: str
    signed_at: datetime
    meaning: str

    def __post_init__(self) -> None:
        if not self.printed_name.strip():
            raise ValueError("a signature needs the signer's printed name (21 CFR 11.50(a)(1))")
        _require_aware(self.signed_at, "signed_at")
        if not self.meaning.strip():
            raise ValueError("a signature needs its meaning (21 CFR 11.50(a)(3))")

    def manifestation(self) -> str:
        """Return the one-line text shown wherever the signed record is displayed or printed."""
        when = self.signed_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        return f"{self.printed_name} — {when} — {self.meaning}"


# --- Bedside verification (reference §3.6; DESIGN.md "Identity is checked at the bedside") -------

# Reference §4.3: no regulation gives a numeric harvest-to-injection limit; the example SOP range
# is 2–4 h at room temperature, **UNVERIFIED / SOP-defined**. The default is the conservative end
# of that example, a placeholder until the site configures its own SOP limit.
DEFAULT_COLLECTION_TO_ADMINISTRATION_LIMIT = timedelta(hours=2)


class BedsideCheck(StrEnum):
    """Codes of failed bedside checks; each is a hard stop."""

    DIN_UNREADABLE = "din_unreadable"
    DIN_CHECK_CHARACTER = "din_check_character"
    DIN_MISMATCH = "din_mismatch"
    PATIENT_MISMATCH = "patient_mismatch"
    NOT_RELEASED = "not_released"
    TIME_LIMIT_EXCEEDED = "time_limit_exceeded"
    COLLECTION_IN_FUTURE = "collection_in_future"
    TARGET_NOT_PLANNED = "target_not_planned"
    SIDE_MISMATCH = "side_mismatch"


# Which failed checks a second physician's signed override may set aside. Project policy, from the
# brief and DESIGN.md: identity is never overridden — a product/patient mismatch may be another
# patient's product ("never across patients", chain of identity, reference §3.6), and an unreadable
# or mistyped DIN leaves identity unconfirmed. Release and the time limit are not overridable either:
# release is step sequencing (21 CFR 11.10(f), reference §3.5 REG-8) with its own exception path
# (a physician's release under documented exception), and the time limit is the site's SOP limit
# (reference §4.3). What remains is a planned target or side that differs from the plan, which a
# second physician may confirm at the bedside (wrong-site checks, DESIGN.md).
OVERRIDABLE_CHECKS: frozenset[BedsideCheck] = frozenset(
    {BedsideCheck.TARGET_NOT_PLANNED, BedsideCheck.SIDE_MISMATCH}
)


@dataclass(frozen=True)
class BedsideFailure:
    """One failed bedside check: a stable code and a plain message for the physician."""

    code: BedsideCheck
    message: str


@dataclass(frozen=True)
class InjectionSite:
    """A target structure and side, e.g. ("knee joint", "left"); compared case-insensitively."""

    target: str
    side: str


@dataclass(frozen=True)
class BedsideProduct:
    """What the record says about the product in the physician's hand."""

    din: Din
    donor_patient_id: str
    state: State
    collected_at: datetime  # timezone-aware; the recorded collection time (DS007, reference §1.3)


def verify_at_bedside(
    *,
    product: BedsideProduct,
    scanned_din: str,
    scanned_patient_id: str,
    site: InjectionSite,
    planned_sites: Collection[InjectionSite],
    now: datetime,
    time_limit: timedelta = DEFAULT_COLLECTION_TO_ADMINISTRATION_LIMIT,
) -> list[BedsideFailure]:
    """Return every failed check before injection; an empty list means the product may be given.

    `scanned_din` is the scanned DS001 or keyboard entry with K; `scanned_patient_id` is read from
    the wristband; `site` is the target and side about to be injected and `planned_sites` those of
    the signed plan. `now` and `product.collected_at` are timezone-aware; `time_limit` is the
    site's SOP limit from collection to administration.
    """
    _require_aware(now, "now")
    _require_aware(product.collected_at, "collected_at")
    if time_limit <= timedelta(0):
        raise ValueError("time_limit must be positive")
    return [
        *_check_din(product.din, scanned_din),
        *_check_patient(product.donor_patient_id, scanned_patient_id),
        *_check_released(product.state),
        *_check_elapsed(product.collected_at, now, time_limit),
        *_check_site(site, planned_sites),
    ]


def override_refusal(failures: Collection[BedsideFailure]) -> str | None:
    """Return why a second physician may not override these failures, or None if they may.

    An empty list needs no override. Any failure outside OVERRIDABLE_CHECKS refuses the override.
    """
    if not failures:
        return "Nothing failed; no override is needed."
    blocking = [f for f in failures if f.code not in OVERRIDABLE_CHECKS]
    if any(f.code in _IDENTITY_CHECKS for f in blocking):
        return (
            "Product or patient identity is not confirmed. This can never be overridden: "
            "a product is only ever given to the patient it was collected from."
        )
    if blocking:
        return "These checks cannot be overridden: " + "; ".join(f.message for f in blocking)
    return None


_IDENTITY_CHECKS = frozenset(
    {
        BedsideCheck.DIN_UNREADABLE,
        BedsideCheck.DIN_CHECK_CHARACTER,
        BedsideCheck.DIN_MISMATCH,
        BedsideCheck.PATIENT_MISMATCH,
    }
)


def _check_din(expected: Din, scanned: str) -> list[BedsideFailure]:
    # Chain of identity: the product label must be this product (reference §3.6); a keyed entry's K
    # or a scanned Type 3 flag is validated on the way (reference §1.5 rule 3).
    try:
        found = parse_din(scanned)
    except DinCheckCharacterError as error:
        return [BedsideFailure(BedsideCheck.DIN_CHECK_CHARACTER, f"Product label: {error}.")]
    except DinError as error:
        return [BedsideFailure(BedsideCheck.DIN_UNREADABLE, f"Product label unreadable: {error}.")]
    if found != expected:
        return [
            BedsideFailure(
                BedsideCheck.DIN_MISMATCH,
                f"The scanned product {found.eye_readable()} is not this product "
                f"({expected.eye_readable()}).",
            )
        ]
    return []


def _check_patient(donor_patient_id: str, scanned: str) -> list[BedsideFailure]:
    # Autologous: the donor must be the patient in front of the physician (reference §3.6). The
    # identifiers are kept out of the message so it can be logged without patient data.
    if not donor_patient_id.strip() or donor_patient_id.strip() != scanned.strip():
        return [
            BedsideFailure(
                BedsideCheck.PATIENT_MISMATCH,
                "The wristband does not match the patient this product was collected from.",
            )
        ]
    return []


def _check_released(state: State) -> list[BedsideFailure]:
    # Only a released product may be injected (21 CFR 11.10(f) sequencing, reference §3.5 REG-8).
    if state is not State.RELEASED:
        return [
            BedsideFailure(
                BedsideCheck.NOT_RELEASED,
                f"The product is {state.value.replace('_', ' ')}, not released.",
            )
        ]
    return []


def _check_elapsed(collected_at: datetime, now: datetime, limit: timedelta) -> list[BedsideFailure]:
    # Reference §4.3: enforce the site's SOP limit (numeric value UNVERIFIED / SOP-defined).
    elapsed = now - collected_at
    if elapsed < timedelta(0):
        return [
            BedsideFailure(
                BedsideCheck.COLLECTION_IN_FUTURE,
                "The recorded collection time is later than now; check the harvest record.",
            )
        ]
    if elapsed > limit:
        return [
            BedsideFailure(
                BedsideCheck.TIME_LIMIT_EXCEEDED,
                f"{_minutes_up(elapsed)} min since collection exceeds the limit of "
                f"{_minutes_up(limit)} min.",
            )
        ]
    return []


def _check_site(site: InjectionSite, planned: Collection[InjectionSite]) -> list[BedsideFailure]:
    # Wrong-site and wrong-side injection are hard stops (DESIGN.md, bedside identity check).
    wanted = (_fold(site.target), _fold(site.side))
    planned_keys = {(_fold(p.target), _fold(p.side)) for p in planned}
    if wanted in planned_keys:
        return []
    planned_sides = sorted(side for target, side in planned_keys if target == wanted[0])
    if planned_sides:
        return [
            BedsideFailure(
                BedsideCheck.SIDE_MISMATCH,
                f"The plan gives side {', '.join(planned_sides)} for {site.target}, "
                f"not {site.side}.",
            )
        ]
    return [
        BedsideFailure(
            BedsideCheck.TARGET_NOT_PLANNED, f"{site.target} ({site.side}) is not in the plan."
        )
    ]


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _minutes_up(span: timedelta) -> int:
    # Rounded up, so an elapsed time just over the limit never reads as equal to it.
    return math.ceil(span.total_seconds() / 60)


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


if __name__ == "__main__":  # pragma: no cover - exercised through the docs test
    sys.stdout.write(render_doc())
