"""Biologic product lifecycle, signatures and bedside verification (reference §3.5, §3.6, §4.3)."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from regenpath.domain.custody import (
    DEFAULT_COLLECTION_TO_ADMINISTRATION_LIMIT,
    TERMINAL_STATES,
    TRANSITIONS,
    Action,
    BedsideCheck,
    BedsideFailure,
    BedsideProduct,
    InjectionSite,
    Signature,
    State,
    TransitionRefused,
    can_transition,
    find_transition,
    render_state_diagram,
    transition,
    verify_at_bedside,
)
from regenpath.domain.identifiers import Din
from regenpath.domain.roles import Role

SOURCES: list[State | None] = [None, *State]
SIGNING_ROLES = {Role.PHYSICIAN, Role.PROCESSING_TECHNICIAN}
REASON = "documented reason"


# --- the table --------------------------------------------------------------------------------


def test_transitions_have_unique_source_and_action() -> None:
    keys = [(row.source, row.action) for row in TRANSITIONS]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("state", SOURCES)
@pytest.mark.parametrize("action", list(Action))
def test_transition_table_covers_every_state_and_action(
    state: State | None, action: Action
) -> None:
    row = find_transition(state, action)
    verdicts = {role: can_transition(state, action, role, reason=REASON) for role in Role}
    if row is None:
        # Not in the table: refused for everyone, with a reason that says so.
        assert not any(v.allowed for v in verdicts.values())
        assert all(v.reason.startswith("cannot") for v in verdicts.values())
        with pytest.raises(TransitionRefused):
            transition(state, action, Role.PHYSICIAN, reason=REASON)
    else:
        allowed = {role for role, verdict in verdicts.items() if verdict.allowed}
        assert allowed == row.roles
        for role in allowed:
            assert transition(state, action, role, reason=REASON) is row.target


def test_transitions_never_leave_a_terminal_state() -> None:
    assert all(row.source not in TERMINAL_STATES for row in TRANSITIONS)
    for state in TERMINAL_STATES:
        for action in Action:
            for role in Role:
                verdict = can_transition(state, action, role, reason=REASON)
                assert not verdict.allowed
                assert "final" in verdict.reason


def test_transitions_reach_every_state_and_every_state_reaches_an_end() -> None:
    reachable: set[State | None] = {None}
    while True:
        more = {row.target for row in TRANSITIONS if row.source in reachable} - reachable
        if not more:
            break
        reachable |= more
    assert reachable == set(SOURCES)
    ending: set[State | None] = set(TERMINAL_STATES)
    while True:
        earlier = {row.source for row in TRANSITIONS if row.target in ending} - ending
        if not earlier:
            break
        ending |= earlier
    assert ending == set(SOURCES)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.RESEARCHER, Role.CLINIC_ADMIN])
def test_can_transition_never_allows_non_signing_roles(role: Role) -> None:
    for row in TRANSITIONS:
        verdict = can_transition(row.source, row.action, role, reason=REASON)
        assert not verdict.allowed
        assert "may not" in verdict.reason


def test_transitions_only_involve_signing_roles_and_carry_a_meaning() -> None:
    for row in TRANSITIONS:
        assert row.roles
        assert row.roles <= SIGNING_ROLES
        assert row.meaning.strip()


@pytest.mark.parametrize(
    ("state", "action", "meaning"),
    [
        (None, Action.COLLECT, "collected"),
        (State.QC_PENDING, Action.RELEASE, "released"),
        (State.RELEASED, Action.ADMINISTER, "administered"),
        (State.QUARANTINED, Action.DISCARD, "discarded"),
    ],
)
def test_transition_signature_meaning(state: State | None, action: Action, meaning: str) -> None:
    row = find_transition(state, action)
    assert row is not None
    assert row.meaning == meaning


def test_transition_follows_the_procedure_day() -> None:
    state = transition(None, Action.COLLECT, Role.PHYSICIAN)
    state = transition(state, Action.RECEIVE, Role.PROCESSING_TECHNICIAN)
    state = transition(state, Action.COMPLETE_PROCESSING, Role.PROCESSING_TECHNICIAN)
    state = transition(state, Action.RELEASE, Role.PROCESSING_TECHNICIAN)
    assert transition(state, Action.ADMINISTER, Role.PHYSICIAN) is State.ADMINISTERED


def test_transition_skipping_qc_is_refused() -> None:
    # Step sequencing, 21 CFR 11.10(f) (reference §3.5 REG-8).
    with pytest.raises(TransitionRefused, match="cannot release a product that is in_processing"):
        transition(State.IN_PROCESSING, Action.RELEASE, Role.PHYSICIAN)
    with pytest.raises(TransitionRefused, match="allowed here: complete_processing, quarantine"):
        transition(State.IN_PROCESSING, Action.ADMINISTER, Role.PHYSICIAN)


def test_release_by_exception_needs_a_physician_and_a_reason() -> None:
    technician = can_transition(
        State.QUARANTINED, Action.RELEASE_BY_EXCEPTION, Role.PROCESSING_TECHNICIAN, reason=REASON
    )
    assert not technician.allowed
    assert "only: physician" in technician.reason
    for reason in (None, "", "   "):
        verdict = can_transition(
            State.QUARANTINED, Action.RELEASE_BY_EXCEPTION, Role.PHYSICIAN, reason=reason
        )
        assert not verdict.allowed
        assert "documented reason" in verdict.reason
    assert (
        transition(State.QUARANTINED, Action.RELEASE_BY_EXCEPTION, Role.PHYSICIAN, reason=REASON)
        is State.RELEASED
    )


def test_release_from_quarantine_without_exception_is_refused() -> None:
    assert not can_transition(State.QUARANTINED, Action.RELEASE, Role.PHYSICIAN).allowed


@pytest.mark.parametrize("source", [State.RELEASED, State.QUARANTINED])
def test_discard_needs_a_reason(source: State) -> None:
    with pytest.raises(TransitionRefused, match="documented reason"):
        transition(source, Action.DISCARD, Role.PROCESSING_TECHNICIAN)
    assert transition(source, Action.DISCARD, Role.PROCESSING_TECHNICIAN, reason=REASON) is (
        State.DISCARDED
    )


def test_administer_is_physician_only_and_needs_bedside_verification() -> None:
    row = find_transition(State.RELEASED, Action.ADMINISTER)
    assert row is not None
    assert row.roles == {Role.PHYSICIAN}
    assert row.bedside_verification
    assert [r.action for r in TRANSITIONS if r.bedside_verification] == [Action.ADMINISTER]
    verdict = can_transition(State.RELEASED, Action.ADMINISTER, Role.PROCESSING_TECHNICIAN)
    assert verdict.reason == "a processing technician may not administer; only: physician"


# --- the diagram ------------------------------------------------------------------------------

EDGE = re.compile(r"^    (\S+) --> (\S+) : (\w+)( with reason)? \(([\w, ]+)\)$")


def test_render_state_diagram_has_one_edge_per_transition() -> None:
    lines = render_state_diagram().splitlines()
    assert lines[0] == "stateDiagram-v2"
    edges = [EDGE.match(line) for line in lines[1:]]
    parsed = {
        (m[1], m[2], m[3], bool(m[4]), frozenset(m[5].split(", "))) for m in edges if m is not None
    }
    expected = {
        (
            "[*]" if row.source is None else row.source.value,
            row.target.value,
            row.action.value,
            row.reason_required,
            frozenset(role.value for role in row.roles),
        )
        for row in TRANSITIONS
    }
    assert parsed == expected
    ends = {line.strip() for line in lines[1:] if EDGE.match(line) is None}
    assert ends == {f"{state.value} --> [*]" for state in TERMINAL_STATES}


def test_render_state_diagram_avoids_mermaid_statement_separators() -> None:
    diagram = render_state_diagram()
    assert ";" not in diagram
    assert diagram.endswith("\n")


# --- signatures -------------------------------------------------------------------------------


def test_signature_manifestation_shows_name_utc_time_and_meaning() -> None:
    signed_at = datetime(2025, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    signature = Signature("Dana Reyes, MD", signed_at, "released")
    assert signature.manifestation() == "Dana Reyes, MD — 2025-03-04 14:30 UTC — released"


@pytest.mark.parametrize(
    ("name", "signed_at", "meaning"),
    [
        (" ", datetime(2025, 1, 1, tzinfo=UTC), "released"),
        ("Dana Reyes", datetime(2025, 1, 1), "released"),  # naive on purpose
        ("Dana Reyes", datetime(2025, 1, 1, tzinfo=UTC), ""),
    ],
)
def test_signature_refuses_a_missing_part(name: str, signed_at: datetime, meaning: str) -> None:
    with pytest.raises(ValueError):
        Signature(name, signed_at, meaning)


# --- bedside verification ---------------------------------------------------------------------

COLLECTED_AT = datetime(2025, 3, 4, 8, 0, tzinfo=UTC)
NOW = COLLECTED_AT + timedelta(minutes=90)
KNEE_LEFT = InjectionSite("knee joint", "left")
PRODUCT = BedsideProduct(
    din=Din("A999921123456"),
    donor_patient_id="P-000123",
    state=State.RELEASED,
    collected_at=COLLECTED_AT,
)
PLAN = (KNEE_LEFT, InjectionSite("hip joint", "right"))


def check(
    *,
    product: BedsideProduct = PRODUCT,
    scanned_din: str = "=A99992112345600",
    scanned_patient_id: str = "P-000123",
    site: InjectionSite = KNEE_LEFT,
    planned_sites: Collection[InjectionSite] = PLAN,
    now: datetime = NOW,
    time_limit: timedelta = DEFAULT_COLLECTION_TO_ADMINISTRATION_LIMIT,
) -> list[BedsideFailure]:
    return verify_at_bedside(
        product=product,
        scanned_din=scanned_din,
        scanned_patient_id=scanned_patient_id,
        site=site,
        planned_sites=planned_sites,
        now=now,
        time_limit=time_limit,
    )


def failed_codes(**changes: Any) -> list[BedsideCheck]:
    return [failure.code for failure in check(**changes)]


def test_verify_at_bedside_passes_a_matching_product() -> None:
    assert failed_codes() == []


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"scanned_din": "A9999 21 123456 [4]"}, BedsideCheck.DIN_CHECK_CHARACTER),
        ({"scanned_din": "=A99992112345664"}, BedsideCheck.DIN_CHECK_CHARACTER),
        ({"scanned_din": "A999921123456"}, BedsideCheck.DIN_UNREADABLE),
        ({"scanned_din": ""}, BedsideCheck.DIN_UNREADABLE),
        ({"scanned_din": "=A99992112345700"}, BedsideCheck.DIN_MISMATCH),
        ({"scanned_patient_id": "P-000124"}, BedsideCheck.PATIENT_MISMATCH),
        ({"scanned_patient_id": ""}, BedsideCheck.PATIENT_MISMATCH),
        (
            {"product": replace(PRODUCT, donor_patient_id=""), "scanned_patient_id": ""},
            BedsideCheck.PATIENT_MISMATCH,
        ),
        ({"product": replace(PRODUCT, state=State.QC_PENDING)}, BedsideCheck.NOT_RELEASED),
        ({"product": replace(PRODUCT, state=State.QUARANTINED)}, BedsideCheck.NOT_RELEASED),
        ({"product": replace(PRODUCT, state=State.ADMINISTERED)}, BedsideCheck.NOT_RELEASED),
        ({"now": COLLECTED_AT + timedelta(hours=5)}, BedsideCheck.TIME_LIMIT_EXCEEDED),
        ({"now": COLLECTED_AT - timedelta(minutes=1)}, BedsideCheck.COLLECTION_IN_FUTURE),
        ({"site": InjectionSite("knee joint", "right")}, BedsideCheck.SIDE_MISMATCH),
        ({"site": InjectionSite("shoulder joint", "left")}, BedsideCheck.TARGET_NOT_PLANNED),
        ({"planned_sites": []}, BedsideCheck.TARGET_NOT_PLANNED),
    ],
)
def test_verify_at_bedside_stops_on_each_mismatch(
    changes: dict[str, Any], code: BedsideCheck
) -> None:
    assert failed_codes(**changes) == [code]


def test_verify_at_bedside_reports_every_failure_at_once() -> None:
    codes = failed_codes(
        scanned_din="=A99992112345700",
        scanned_patient_id="someone else",
        product=replace(PRODUCT, state=State.QUARANTINED),
        now=COLLECTED_AT + timedelta(days=1),
        site=InjectionSite("knee joint", "right"),
    )
    assert codes == [
        BedsideCheck.DIN_MISMATCH,
        BedsideCheck.PATIENT_MISMATCH,
        BedsideCheck.NOT_RELEASED,
        BedsideCheck.TIME_LIMIT_EXCEEDED,
        BedsideCheck.SIDE_MISMATCH,
    ]


def test_verify_at_bedside_accepts_keyboard_entry_and_loose_spacing() -> None:
    assert failed_codes(scanned_din="A9999 21 123456 [3]") == []
    assert failed_codes(scanned_patient_id=" P-000123\n") == []
    assert failed_codes(site=InjectionSite("Knee  Joint", "LEFT")) == []


def test_verify_at_bedside_time_limit_is_inclusive() -> None:
    limit = timedelta(hours=3)
    assert failed_codes(now=COLLECTED_AT + limit, time_limit=limit) == []
    late = failed_codes(now=COLLECTED_AT + limit + timedelta(seconds=1), time_limit=limit)
    assert late == [BedsideCheck.TIME_LIMIT_EXCEEDED]


def test_verify_at_bedside_default_limit_is_the_flagged_placeholder() -> None:
    # Reference §4.3: 2–4 h example, UNVERIFIED / SOP-defined; the default is the low end.
    assert timedelta(hours=2) == DEFAULT_COLLECTION_TO_ADMINISTRATION_LIMIT
    on_time = COLLECTED_AT + DEFAULT_COLLECTION_TO_ADMINISTRATION_LIMIT
    assert failed_codes(now=on_time) == []
    assert failed_codes(now=on_time + timedelta(seconds=30)) == [BedsideCheck.TIME_LIMIT_EXCEEDED]


def test_verify_at_bedside_messages_are_plain_and_hold_no_patient_identifier() -> None:
    failures = check(
        scanned_patient_id="P-999999", now=COLLECTED_AT + timedelta(minutes=120, seconds=30)
    )
    messages = {failure.code: failure.message for failure in failures}
    assert "P-999999" not in messages[BedsideCheck.PATIENT_MISMATCH]
    assert "P-000123" not in messages[BedsideCheck.PATIENT_MISMATCH]
    assert messages[BedsideCheck.TIME_LIMIT_EXCEEDED] == (
        "121 min since collection exceeds the limit of 120 min."
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"now": datetime(2025, 3, 4, 10, 0)},  # naive on purpose
        {"product": replace(PRODUCT, collected_at=datetime(2025, 3, 4, 8, 0))},  # naive
        {"time_limit": timedelta(0)},
    ],
)
def test_verify_at_bedside_refuses_naive_times_and_empty_limits(
    changes: dict[str, Any],
) -> None:
    with pytest.raises(ValueError):
        failed_codes(**changes)
