"""`regenpath rescore`: recompute cached scores made with other rules and report the changes."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from regenpath.audit.models import AuditEvent
from regenpath.cli import main
from regenpath.domain.instruments import RULES_VERSION, score
from regenpath.outcomes.actions import rescore
from regenpath.outcomes.models import QuestionnaireResponse
from tests.outcomes.conftest import all_items

pytestmark = pytest.mark.django_db


def _age(response: Any, *, version: str = "prom-rules-0", pain: float | None = None) -> None:
    """Pretend `response` was scored by older rules (optionally with another KOOS pain value)."""
    cached = copy.deepcopy(response.score)
    cached["rules_version"] = version
    if pain is not None:
        cached["scales"]["pain"]["value"] = pain
    QuestionnaireResponse.objects.filter(pk=response.pk).update(score=cached, rules_version=version)


@pytest.fixture
def koos(episode: Any, record: Any) -> Any:
    return record(episode, "koos", all_items("koos", 1))  # pain 75.0; also stores KOOS JR


def test_rescore_reports_a_changed_scale_with_old_and_new_values(koos: Any) -> None:
    _age(koos, pain=70.0)
    report = rescore()
    assert report.examined == 1
    assert report.unchanged == 0
    [change] = report.changed
    assert (change.uuid, change.instrument, change.old_rules_version) == (
        str(koos.uuid),
        "koos",
        "prom-rules-0",
    )
    [scale] = change.scales
    assert (scale.scale, scale.old_value, scale.new_value) == ("pain", 70.0, 75.0)
    koos.refresh_from_db()
    assert koos.rules_version == RULES_VERSION
    assert koos.score == score("koos", koos.responses).to_dict()


def test_rescore_counts_a_rules_bump_without_value_change_as_unchanged(koos: Any) -> None:
    _age(koos)
    report = rescore()
    assert (report.examined, report.unchanged, report.changed) == (1, 1, [])
    koos.refresh_from_db()
    assert koos.rules_version == RULES_VERSION


def test_rescore_skips_current_scores_unless_all(koos: Any) -> None:
    assert rescore().examined == 0
    report = rescore(every=True)
    assert (report.examined, report.unchanged) == (2, 2)  # KOOS and the derived KOOS JR


def test_rescore_audits_each_change_and_each_clinic(koos: Any, episode: Any) -> None:
    _age(koos, pain=70.0)
    rescore()
    event = AuditEvent.objects.get(action="response.rescore")
    assert event.patient_id == episode.patient_id
    assert event.changes["rules_version"] == ["prom-rules-0", RULES_VERSION]
    assert event.changes["pain"] == ["70.0", "75.0"]
    summary = AuditEvent.objects.get(action="score.rescore")
    assert summary.clinic_id == episode.clinic_id
    assert summary.changes["changed"] == 1


def test_rescore_dry_run_writes_nothing(koos: Any) -> None:
    _age(koos, pain=70.0)
    events = AuditEvent.objects.count()
    report = rescore(dry_run=True)
    assert len(report.changed) == 1
    koos.refresh_from_db()
    assert (koos.rules_version, koos.score["scales"]["pain"]["value"]) == ("prom-rules-0", 70.0)
    assert AuditEvent.objects.count() == events


def test_rescore_reports_responses_the_rules_now_refuse_and_keeps_them(koos: Any) -> None:
    _age(koos, pain=70.0)
    QuestionnaireResponse.objects.filter(pk=koos.pk).update(responses={"P1": 9})
    report = rescore()
    [failure] = report.failed
    assert failure.uuid == str(koos.uuid)
    assert "koos: item 'P1' has response code 9" in failure.error
    koos.refresh_from_db()
    assert koos.rules_version == "prom-rules-0"


def test_rescore_streams_in_batches(episode: Any, record: Any) -> None:
    responses = [record(episode, "nrs-pain", {"NRS": n}) for n in range(5)]
    for response in responses:
        _age_nrs(response)
    report = rescore(batch_size=2)
    assert (report.examined, len(report.changed)) == (5, 5)


def _age_nrs(response: Any) -> None:
    cached = copy.deepcopy(response.score)
    cached["scales"]["nrs_pain"]["value"] = -1.0
    QuestionnaireResponse.objects.filter(pk=response.pk).update(
        score=cached, rules_version="prom-rules-0"
    )


def test_rescore_command_prints_counts_and_each_change(
    koos: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _age(koos, pain=70.0)
    assert main(["rescore"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Rescored 1 response with {RULES_VERSION}: 1 changed, 0 unchanged, 0 refused."
    assert out[1] == f"changed {koos.uuid} koos (was prom-rules-0)"
    assert out[2] == "  pain: 70.0 → 75.0"


def test_rescore_command_exits_1_when_a_response_is_refused(
    koos: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _age(koos)
    QuestionnaireResponse.objects.filter(pk=koos.pk).update(responses={"P1": 9})
    assert main(["rescore", "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Would rescore 1 response")
    assert f"refused {koos.uuid} koos: koos: item 'P1' has response code 9" in out
