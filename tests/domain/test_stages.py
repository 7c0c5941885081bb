"""Tests for the episode stage transition table (regenpath.domain.stages)."""

from __future__ import annotations

import itertools
from collections import deque
from pathlib import Path

import pytest

from regenpath.domain import stages
from regenpath.domain.stages import (
    OPEN_STAGES,
    ROLES,
    STAGE_LABELS,
    TERMINAL_STAGES,
    TRANSITIONS,
    MoveCheck,
    Stage,
    UnknownRoleError,
    allowed_targets,
    check_move,
    render_mermaid,
)

DOCS_STAGES = Path(__file__).resolve().parents[2] / "docs" / "stages.md"
ALL_PAIRS = list(itertools.product(Stage, Stage))


def test_stage_labels_cover_every_stage() -> None:
    assert set(STAGE_LABELS) == set(Stage)
    assert STAGE_LABELS[Stage.NOT_CANDIDATE] == "Not a candidate"
    assert STAGE_LABELS[Stage.FOLLOW_UP] == "Follow-up"


def test_stages_partition_into_open_and_terminal() -> None:
    assert frozenset(Stage) == OPEN_STAGES | TERMINAL_STAGES
    assert not OPEN_STAGES & TERMINAL_STAGES
    assert {Stage.CLOSED} == TERMINAL_STAGES


def test_transitions_have_no_duplicates_or_self_loops() -> None:
    pairs = [(t.source, t.target) for t in TRANSITIONS]
    assert len(pairs) == len(set(pairs))
    assert all(s != t for s, t in pairs)


def test_transitions_use_only_known_roles_and_nonempty_labels() -> None:
    for t in TRANSITIONS:
        assert t.roles, t
        assert t.roles <= ROLES, t
        assert t.label.strip(), t


@pytest.mark.parametrize(("source", "target"), ALL_PAIRS)
@pytest.mark.parametrize("role", sorted(ROLES))
def test_check_move_every_pair_is_allowed_or_refused_with_a_message(
    source: Stage, target: Stage, role: str
) -> None:
    result = check_move(source, target, role)
    in_table = stages.find_transition(source, target)
    if in_table is not None and role in in_table.roles:
        assert result == MoveCheck(True, "")
    else:
        assert not result.allowed
        assert result.reason.endswith(".")
        assert STAGE_LABELS[source] in result.reason


def test_check_move_no_move_out_of_closed() -> None:
    for target, role in itertools.product(Stage, ROLES):
        assert not check_move(Stage.CLOSED, target, role).allowed
    assert all(t.source is not Stage.CLOSED for t in TRANSITIONS)


def test_check_move_every_stage_reachable_from_referred() -> None:
    seen = {Stage.REFERRED}
    queue = deque([Stage.REFERRED])
    while queue:
        here = queue.popleft()
        for t in TRANSITIONS:
            if t.source == here and t.target not in seen:
                seen.add(t.target)
                queue.append(t.target)
    assert seen == set(Stage)


def test_check_move_every_open_stage_can_reach_closed() -> None:
    for stage in OPEN_STAGES:
        assert stages.find_transition(stage, Stage.CLOSED) is not None, stage


@pytest.mark.parametrize(
    ("source", "target", "role", "reason"),
    [
        (
            Stage.REFERRED,
            Stage.TREATED,
            "physician",
            "An episode cannot move from Referred to Treated; from Referred it can move to: "
            "Assessed, Closed.",
        ),
        (
            Stage.ASSESSED,
            Stage.CANDIDATE,
            "coordinator",
            "Only a physician can move an episode from Assessed to Candidate.",
        ),
        (
            Stage.CLOSED,
            Stage.REFERRED,
            "physician",
            "An episode cannot move from Closed to Referred; a closed episode is final "
            "(start a new episode instead).",
        ),
        (Stage.PLANNED, Stage.PLANNED, "physician", "The episode is already at Planned."),
        (
            Stage.REFERRED,
            Stage.CLOSED,
            "researcher",
            "Only a physician or coordinator can move an episode from Referred to Closed.",
        ),
    ],
)
def test_check_move_refusal_messages(source: Stage, target: Stage, role: str, reason: str) -> None:
    assert check_move(source, target, role) == MoveCheck(False, reason)


@pytest.mark.parametrize(
    ("source", "role", "expected"),
    [
        (Stage.REFERRED, "physician", (Stage.ASSESSED, Stage.CLOSED)),
        (Stage.REFERRED, "coordinator", (Stage.CLOSED,)),
        (Stage.ASSESSED, "physician", (Stage.CANDIDATE, Stage.NOT_CANDIDATE, Stage.CLOSED)),
        (Stage.FOLLOW_UP, "physician", (Stage.PLANNED, Stage.CLOSED)),
        (Stage.FOLLOW_UP, "coordinator", ()),
        (Stage.TREATED, "coordinator", ()),
        (Stage.CONSENTED, "processing_technician", ()),
        (Stage.CLOSED, "physician", ()),
    ],
)
def test_allowed_targets_by_role(source: Stage, role: str, expected: tuple[Stage, ...]) -> None:
    assert allowed_targets(source, role) == expected


def test_allowed_targets_agrees_with_check_move() -> None:
    for source, role in itertools.product(Stage, ROLES):
        expected = tuple(t for t in Stage if check_move(source, t, role).allowed)
        assert set(allowed_targets(source, role)) == set(expected)


def test_check_move_researcher_and_admin_move_nothing() -> None:
    for (source, target), role in itertools.product(ALL_PAIRS, ("researcher", "clinic_admin")):
        assert not check_move(source, target, role).allowed


def test_check_move_unknown_role_raises() -> None:
    with pytest.raises(UnknownRoleError, match=r"'surgeon'.*physician"):
        check_move(Stage.REFERRED, Stage.ASSESSED, "surgeon")
    with pytest.raises(UnknownRoleError):
        allowed_targets(Stage.REFERRED, "patient")


def test_check_move_accepts_stage_values_as_strings() -> None:
    assert check_move("referred", "assessed", "physician").allowed  # type: ignore[arg-type]


def test_render_mermaid_has_one_edge_per_transition() -> None:
    diagram = render_mermaid()
    assert diagram.startswith("stateDiagram-v2\n")
    edges = [line for line in diagram.splitlines() if "-->" in line and "[*]" not in line]
    assert len(edges) == len(TRANSITIONS)
    for t in TRANSITIONS:
        assert f"    {t.source.value} --> {t.target.value}: {t.label} (" in diagram


def test_render_mermaid_docs_stages_md_is_up_to_date() -> None:
    committed = DOCS_STAGES.read_text(encoding="utf-8")
    assert committed == stages.render_doc(), (
        "docs/stages.md is out of date with regenpath/domain/stages.py; regenerate it with "
        "`python -m regenpath.domain.stages > docs/stages.md`"
    )
    assert "```mermaid\n" + render_mermaid() + "```\n" in committed


def test_check_move_by_hand_refuses_every_move_a_record_makes() -> None:
    from regenpath.domain.stages import TRANSITIONS, check_move

    recorded = [t for t in TRANSITIONS if t.recorded_by]
    assert {(t.source, t.target) for t in recorded} >= {
        (Stage.ASSESSED, Stage.CANDIDATE),
        (Stage.ASSESSED, Stage.NOT_CANDIDATE),
        (Stage.CANDIDATE, Stage.PLANNED),
        (Stage.PLANNED, Stage.CONSENTED),
        (Stage.CONSENTED, Stage.TREATED),
    }
    for t in recorded:
        role = sorted(t.roles)[0]
        assert check_move(t.source, t.target, role).allowed
        by_hand = check_move(t.source, t.target, role, by_hand=True)
        assert not by_hand.allowed
        assert t.recorded_by in by_hand.reason


def test_allowed_targets_by_hand_leaves_out_recorded_moves() -> None:
    from regenpath.domain.stages import allowed_targets

    assert Stage.CANDIDATE in allowed_targets(Stage.ASSESSED, "physician")
    assert Stage.CANDIDATE not in allowed_targets(Stage.ASSESSED, "physician", by_hand=True)
    assert Stage.CLOSED in allowed_targets(Stage.ASSESSED, "physician", by_hand=True)


def test_candidate_can_be_reassessed_with_a_reason() -> None:
    from regenpath.domain.stages import check_move, find_transition

    transition = find_transition(Stage.CANDIDATE, Stage.ASSESSED)
    assert transition is not None and transition.requires_reason
    assert check_move(Stage.CANDIDATE, Stage.ASSESSED, "physician", by_hand=True).allowed
