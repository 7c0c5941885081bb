"""Move an episode to the stage a signed decision or a plan calls for, through allowed moves.

The stage transition table (regenpath.domain.stages) decides every single move; this module only
chooses the route: from referred an episode first goes to assessed, and from not a candidate to
candidate it is re-assessed first unless the move is an override with a justification (the
table's own "Override to candidate" row). Stages already at or beyond the target are left alone.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from regenpath.clinics.models import Membership
from regenpath.domain.stages import STAGE_LABELS, Stage, find_transition
from regenpath.patients.actions import StageMoveRefused, move_episode
from regenpath.patients.models import Episode

# Stages at which an episode already counts as a candidate (it has gone on to planning).
AT_OR_BEYOND: dict[Stage, frozenset[Stage]] = {
    Stage.ASSESSED: frozenset({Stage.ASSESSED}),
    Stage.CANDIDATE: frozenset(
        {Stage.CANDIDATE, Stage.PLANNED, Stage.CONSENTED, Stage.TREATED, Stage.FOLLOW_UP}
    ),
    Stage.NOT_CANDIDATE: frozenset({Stage.NOT_CANDIDATE}),
    Stage.PLANNED: frozenset({Stage.PLANNED}),
    Stage.CONSENTED: frozenset({Stage.CONSENTED}),
}


def route(current: Stage, target: Stage, *, override: bool = False) -> list[Stage]:
    """Return the stages to move through (in order) from `current` to reach `target`.

    Returns [] when nothing needs to move. Raises StageMoveRefused when the table has no route.
    """
    if current in AT_OR_BEYOND.get(target, frozenset({target})):
        return []
    # Not a candidate → candidate directly is the table's override row; a fresh signed
    # decision goes through re-assessment instead.
    direct_is_override = current == Stage.NOT_CANDIDATE and target == Stage.CANDIDATE
    if find_transition(current, target) is not None and (override or not direct_is_override):
        return [target]
    for via in (Stage.ASSESSED, Stage.CANDIDATE):
        if find_transition(current, via) and find_transition(via, target):
            if via == current:
                continue
            return [via, target]
    raise StageMoveRefused(
        f"The episode is at {STAGE_LABELS[current]}; the stage table has no move from there "
        f"to {STAGE_LABELS[target]}. Close the episode or open a new one if the patient "
        "will not go on."
    )


def move_to(
    *,
    episode: Episode,
    target: Stage,
    reasons: dict[Stage, str],
    by: User,
    membership: Membership,
    override: bool = False,
    strict: bool = True,
    now: dt.datetime | None = None,
) -> tuple[list[Stage], str]:
    """Move `episode` along route() with the reason given for each stage.

    Returns (the stages moved through, a note for the user). With `strict` a missing route
    raises StageMoveRefused; without it the episode stays where it is and the note says why
    (a decision is still recorded when the table has no backward move). Runs inside the
    caller's transaction, so a refused second move undoes the first. Every move is dated `now`
    (None: the real clock, read by each move).
    """
    try:
        stages = route(Stage(episode.stage), target, override=override)
    except StageMoveRefused as refusal:
        if strict:
            raise
        return [], str(refusal)
    for stage in stages:
        move_episode(
            episode=episode,
            to=stage,
            reason=reasons[stage],
            by=by,
            membership=membership,
            now=now,
        )
    return stages, ""
