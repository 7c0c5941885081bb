"""The stages of an episode of care and the table of moves between them.

The journey is DESIGN.md "The journey (stages of an episode of care)". The table is the rule: the
episodes app asks `check_move` before it changes a stage and shows `reason` when it refuses, and
`docs/stages.md` is generated from the table (`python -m regenpath.domain.stages > docs/stages.md`)
so the diagram cannot drift from the code.

Role policy (project policy, conservative): every clinical decision — assessing, deciding candidacy,
planning, recording consent and the procedure, starting and ending follow-up, planning a repeat —
is a physician's, because DESIGN.md says the physician "assesses, decides candidacy (or overrides
with a reason), plans, injects, signs". A coordinator may only close an episode that has not been
treated (a referral the patient declines or withdraws from); after treatment, closing ends safety
follow-up and is a physician's discharge. Processing technicians, researchers and clinic admins
move no episode.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import StrEnum

from regenpath.domain.roles import ROLE_LABELS as BASE_ROLE_LABELS
from regenpath.domain.roles import Role

# Stored with every stage change so a move can be replayed against the table that allowed it
# (DESIGN.md: rules that live in tables are versioned). Bump on any change to TRANSITIONS.
TRANSITIONS_VERSION = "stages-2"

# Roles are the staff roles of regenpath.domain.roles; the API takes them as plain strings (a
# Role is a StrEnum, so either works).
PHYSICIAN = Role.PHYSICIAN
COORDINATOR = Role.COORDINATOR
ROLES: frozenset[str] = frozenset(Role)
# Lower-case role names for use inside sentences ("Only a physician can ...").
ROLE_LABELS: dict[str, str] = {role: label.lower() for role, label in BASE_ROLE_LABELS.items()}


class Stage(StrEnum):
    REFERRED = "referred"
    ASSESSED = "assessed"
    CANDIDATE = "candidate"
    NOT_CANDIDATE = "not_candidate"
    PLANNED = "planned"
    CONSENTED = "consented"
    TREATED = "treated"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


STAGE_LABELS: dict[Stage, str] = {
    Stage.REFERRED: "Referred",
    Stage.ASSESSED: "Assessed",
    Stage.CANDIDATE: "Candidate",
    Stage.NOT_CANDIDATE: "Not a candidate",
    Stage.PLANNED: "Planned",
    Stage.CONSENTED: "Consented",
    Stage.TREATED: "Treated",
    Stage.FOLLOW_UP: "Follow-up",
    Stage.CLOSED: "Closed",
}

TERMINAL_STAGES: frozenset[Stage] = frozenset({Stage.CLOSED})
OPEN_STAGES: frozenset[Stage] = frozenset(Stage) - TERMINAL_STAGES
# Stages before the procedure: closing one of these only records that the patient did not go on.
PRE_TREATMENT_STAGES: tuple[Stage, ...] = (
    Stage.REFERRED,
    Stage.ASSESSED,
    Stage.CANDIDATE,
    Stage.NOT_CANDIDATE,
    Stage.PLANNED,
    Stage.CONSENTED,
)


class UnknownRoleError(ValueError):
    """Raised for a role string that is not one of ROLES (a programming error, not user input)."""


@dataclass(frozen=True)
class Transition:
    """One allowed move: from `source` to `target`, by any of `roles`, shown as `label`.

    `requires_reason` marks moves whose justification must be recorded with the signature
    (a clinician override, or ending an episode early). `recorded_by` names the record whose
    signing makes the move (a candidacy decision, a plan, a consent, an administration); such a
    move is never made by hand, so the stage cannot claim what the records do not show.
    """

    source: Stage
    target: Stage
    roles: frozenset[str]
    label: str
    requires_reason: bool = False
    recorded_by: str | None = None


@dataclass(frozen=True)
class MoveCheck:
    """Whether a move is allowed; `reason` is a user-facing sentence (empty when allowed)."""

    allowed: bool
    reason: str


_PHYSICIAN_ONLY = frozenset({PHYSICIAN})
_DECISION = "a signed candidacy decision"
_PLAN = "a finalised treatment plan"
_PHYSICIAN_OR_COORDINATOR = frozenset({PHYSICIAN, COORDINATOR})

TRANSITIONS: tuple[Transition, ...] = (
    # DESIGN.md journey: referred → assessed → candidate | not candidate.
    Transition(Stage.REFERRED, Stage.ASSESSED, _PHYSICIAN_ONLY, "Record assessment"),
    Transition(
        Stage.ASSESSED, Stage.CANDIDATE, _PHYSICIAN_ONLY, "Decide candidate", recorded_by=_DECISION
    ),
    Transition(
        Stage.ASSESSED,
        Stage.NOT_CANDIDATE,
        _PHYSICIAN_ONLY,
        "Decide not a candidate",
        recorded_by=_DECISION,
    ),
    # Project policy: a "not a candidate" decision is re-opened when the facts change (a washout
    # has passed, BMI has fallen, an infection has cleared — cell-therapy.md §5 criteria).
    Transition(Stage.NOT_CANDIDATE, Stage.ASSESSED, _PHYSICIAN_ONLY, "Re-assess"),
    # Project policy: a candidate whose facts change before planning (a new infection, a new
    # medication) is re-assessed; the signed decision stays in the record.
    Transition(Stage.CANDIDATE, Stage.ASSESSED, _PHYSICIAN_ONLY, "Re-assess", requires_reason=True),
    # DESIGN.md journey: "(or clinician override, with reason)". The override is its own move so
    # the audit trail shows it; the reason is mandatory.
    Transition(
        Stage.NOT_CANDIDATE,
        Stage.CANDIDATE,
        _PHYSICIAN_ONLY,
        "Override to candidate",
        requires_reason=True,
        recorded_by="a signed candidacy override",
    ),
    # DESIGN.md journey: candidate → planned → consented → treated → follow-up → closed.
    Transition(
        Stage.CANDIDATE, Stage.PLANNED, _PHYSICIAN_ONLY, "Plan treatment", recorded_by=_PLAN
    ),
    Transition(
        Stage.PLANNED,
        Stage.CONSENTED,
        _PHYSICIAN_ONLY,
        "Record consent",
        recorded_by="the patient's signed consent",
    ),
    # Project policy: a plan changed after consent needs fresh consent, so it goes back to planned.
    Transition(
        Stage.CONSENTED, Stage.PLANNED, _PHYSICIAN_ONLY, "Revise plan", requires_reason=True
    ),
    Transition(
        Stage.CONSENTED,
        Stage.TREATED,
        _PHYSICIAN_ONLY,
        "Record procedure",
        recorded_by="the administration on procedure day",
    ),
    Transition(Stage.TREATED, Stage.FOLLOW_UP, _PHYSICIAN_ONLY, "Start follow-up"),
    # DESIGN.md journey: "repeat treatment re-baselines" — a new plan, consent and procedure.
    Transition(
        Stage.FOLLOW_UP, Stage.PLANNED, _PHYSICIAN_ONLY, "Plan repeat treatment", recorded_by=_PLAN
    ),
    Transition(Stage.FOLLOW_UP, Stage.CLOSED, _PHYSICIAN_ONLY, "Discharge"),
    # Project policy: any open stage can close (the patient withdraws, declines or is discharged).
    # Before treatment a coordinator may record that; after it only a physician ends follow-up.
    *(
        Transition(
            stage,
            Stage.CLOSED,
            _PHYSICIAN_OR_COORDINATOR,
            "Close episode",
            requires_reason=True,
        )
        for stage in PRE_TREATMENT_STAGES
    ),
    Transition(
        Stage.TREATED, Stage.CLOSED, _PHYSICIAN_ONLY, "Close before follow-up", requires_reason=True
    ),
)

_BY_PAIR: dict[tuple[Stage, Stage], Transition] = {(t.source, t.target): t for t in TRANSITIONS}


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UnknownRoleError(
            f"Unknown role {role!r}; valid roles are: {', '.join(sorted(ROLES))}."
        )


def _join_labels(stages: list[Stage]) -> str:
    return ", ".join(STAGE_LABELS[s] for s in stages)


def _join_roles(roles: frozenset[str]) -> str:
    # Stable order (physician first) so messages do not change between runs.
    ordered = [ROLE_LABELS[r] for r in sorted(roles, key=lambda r: (r != PHYSICIAN, r))]
    if len(ordered) == 1:
        return ordered[0]
    return ", ".join(ordered[:-1]) + " or " + ordered[-1]


def find_transition(source: Stage, target: Stage) -> Transition | None:
    """Return the table row for a move from `source` to `target`, or None if there is none."""
    return _BY_PAIR.get((source, target))


def targets(source: Stage) -> tuple[Stage, ...]:
    """Return every stage the table allows from `source`, whatever the role, in table order."""
    return tuple(t.target for t in TRANSITIONS if t.source == source)


def allowed_targets(source: Stage, role: str, *, by_hand: bool = False) -> tuple[Stage, ...]:
    """Return the stages `role` may move an episode to from `source`, in table order.

    With `by_hand`, leave out the moves that only signing their record may make.
    Raises UnknownRoleError for a role that is not one of ROLES.
    """
    _check_role(role)
    return tuple(
        t.target
        for t in TRANSITIONS
        if t.source == source and role in t.roles and not (by_hand and t.recorded_by)
    )


def check_move(source: Stage, target: Stage, role: str, *, by_hand: bool = False) -> MoveCheck:
    """Return whether `role` may move an episode from `source` to `target`, and why not.

    `by_hand` is a move chosen on the stage form rather than made by signing a record; it is
    refused for moves that have a `recorded_by` record. Raises UnknownRoleError for a role that
    is not one of ROLES.
    """
    _check_role(role)
    source, target = Stage(source), Stage(target)
    if source == target:
        return MoveCheck(False, f"The episode is already at {STAGE_LABELS[source]}.")
    transition = _BY_PAIR.get((source, target))
    if transition is None:
        frm, to = STAGE_LABELS[source], STAGE_LABELS[target]
        if source in TERMINAL_STAGES:
            return MoveCheck(
                False,
                f"An episode cannot move from {frm} to {to}; a closed episode is final "
                "(start a new episode instead).",
            )
        return MoveCheck(
            False,
            f"An episode cannot move from {frm} to {to}; from {frm} it can move to: "
            f"{_join_labels(list(targets(source)))}.",
        )
    if role not in transition.roles:
        who = _join_roles(transition.roles)
        return MoveCheck(
            False,
            f"Only a {who} can move an episode from {STAGE_LABELS[source]} "
            f"to {STAGE_LABELS[target]}.",
        )
    if by_hand and transition.recorded_by:
        return MoveCheck(
            False,
            f"A move from {STAGE_LABELS[source]} to {STAGE_LABELS[target]} is made by "
            f"{transition.recorded_by}, not by hand.",
        )
    return MoveCheck(True, "")


def _mermaid_roles(roles: frozenset[str]) -> str:
    return "/".join(ROLE_LABELS[r] for r in sorted(roles, key=lambda r: (r != PHYSICIAN, r)))


def render_mermaid() -> str:
    """Return a Mermaid stateDiagram-v2 of TRANSITIONS (one line per state and per move)."""
    lines = ["stateDiagram-v2"]
    for stage in Stage:
        lines.append(f'    state "{STAGE_LABELS[stage]}" as {stage.value}')
    lines.append(f"    [*] --> {Stage.REFERRED.value}")
    for t in TRANSITIONS:
        note = ", reason required" if t.requires_reason else ""
        if t.recorded_by:
            note += f"; by {t.recorded_by}"
        lines.append(
            f"    {t.source.value} --> {t.target.value}: "
            f"{t.label} ({_mermaid_roles(t.roles)}{note})"
        )
    for stage in sorted(TERMINAL_STAGES):
        lines.append(f"    {stage.value} --> [*]")
    return "\n".join(lines) + "\n"


def render_doc() -> str:
    """Return the whole of docs/stages.md: a short introduction and the generated diagram."""
    return (
        "# Episode stages\n"
        "\n"
        "An episode (one painful condition at one body site and side) moves through these\n"
        "stages. Each arrow is one row of `TRANSITIONS` in `regenpath/domain/stages.py`,\n"
        "labelled with the action and the roles that may take it. Clinical moves are a\n"
        "physician's; a coordinator may only close an episode that has not been treated.\n"
        'A closed episode is final. Moves marked "by ..." happen only when that record is\n'
        "signed (a candidacy decision, a plan, a consent, an administration); the stage form\n"
        "never offers them, so an episode's stage always agrees with its records.\n"
        "\n"
        f"Table version: `{TRANSITIONS_VERSION}`.\n"
        "\n"
        "This file is generated; do not edit it by hand. Regenerate it with\n"
        "`python -m regenpath.domain.stages > docs/stages.md`.\n"
        "\n"
        "```mermaid\n" + render_mermaid() + "```\n"
    )


if __name__ == "__main__":  # pragma: no cover - exercised through the docs test
    sys.stdout.write(render_doc())
