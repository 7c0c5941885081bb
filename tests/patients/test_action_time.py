"""Actions date their records from `now`: a past one is kept, a future one refused.

Paper records entered later are real, so a past `now` dates the stage change, the signature or
the procedure; the audit event still says when it was written (the real clock). A future `now`
would be a false record and is refused before anything is saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from regenpath.audit.models import AuditEvent
from regenpath.patients.actions import action_time
from regenpath.patients.models import StageChange
from regenpath.plans import actions as plan_actions
from regenpath.screening import actions as screening_actions
from tests.plans.conftest import make_draft_plan, membership_of
from tests.screening.conftest import candidate_facts

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)


def _audit_at(action: str) -> dt.datetime:
    return AuditEvent.objects.filter(action=action).latest("seq").at


def _screen(episode: Any, alice: Any, *, now: dt.datetime | None = None) -> Any:
    return screening_actions.record_screening(
        episode=episode,
        facts=candidate_facts(),
        by=alice,
        today=timezone.localdate(now),
        now=now,
    )


def test_action_time_none_reads_the_real_clock() -> None:
    before = timezone.now()
    assert before <= action_time(None) <= timezone.now()


def test_action_time_naive_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        action_time(dt.datetime(2025, 3, 1, 9, 0))


def test_action_time_future_is_refused() -> None:
    with pytest.raises(ValueError, match="in the future"):
        action_time(timezone.now() + MINUTE)


def test_sign_decision_past_now_dates_signature_and_stage_not_audit(
    episode: Any, alice: Any
) -> None:
    past = timezone.now() - dt.timedelta(days=40)
    decision = _screen(episode, alice, now=past - 30 * MINUTE)
    assert decision.decided_at == past - 30 * MINUTE
    started = timezone.now()
    signed, _ = screening_actions.sign_decision(
        decision=decision, by=alice, membership=membership_of(alice), now=past
    )
    assert signed.signed_at == past
    moves = StageChange.objects.filter(episode=episode).exclude(from_stage="")
    assert [(m.to_stage, m.at) for m in moves.order_by("pk")] == [
        ("assessed", past),
        ("candidate", past),
    ]
    episode.refresh_from_db()
    assert episode.stage_changed_at == past
    assert _audit_at("candidacy.sign") >= started
    assert _audit_at("episode.stage") >= started


def test_sign_decision_future_now_is_refused_and_saves_nothing(episode: Any, alice: Any) -> None:
    decision = _screen(episode, alice)
    with pytest.raises(ValueError, match="in the future"):
        screening_actions.sign_decision(
            decision=decision,
            by=alice,
            membership=membership_of(alice),
            now=timezone.now() + dt.timedelta(hours=1),
        )
    decision.refresh_from_db()
    assert decision.signed_at is None
    assert not AuditEvent.objects.filter(action="candidacy.sign").exists()
    episode.refresh_from_db()
    assert episode.stage == "referred"


def test_finalise_plan_past_now_dates_signature_and_planned_stage(episode: Any, alice: Any) -> None:
    _, _ = screening_actions.sign_decision(
        decision=_screen(episode, alice), by=alice, membership=membership_of(alice)
    )
    plan = make_draft_plan(episode, alice)
    past = timezone.now() - 2 * MINUTE
    final = plan_actions.finalise_plan(
        plan=plan,
        by=alice,
        membership=membership_of(alice),
        today=timezone.localdate(past),
        now=past,
    )
    assert final.signed_at == past
    assert StageChange.objects.get(episode=episode, to_stage="planned").at == past
    assert _audit_at("plan.finalise") > past
