"""`regenpath screen`: assess candidacy from a facts file and print the decision JSON."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from regenpath.cli import main
from regenpath.domain.candidacy import DEFAULT_RULES, assess, facts_from_dict

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "facts-knee.json"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    status = main(["screen", *argv])
    return status, json.loads(capsys.readouterr().out)


def _write(tmp_path: Path, name: str, value: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(value) if not isinstance(value, str) else value, encoding="utf-8")
    return str(path)


def test_screen_prints_the_decision_for_the_documented_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, output = _run(capsys, "--facts", str(EXAMPLE), "--today", "2026-11-20")
    assert status == 0
    facts = facts_from_dict(json.loads(EXAMPLE.read_text()), today=date(2026, 11, 20))
    assert output == assess(facts, today=date(2026, 11, 20)).to_dict()
    assert (output["status"], output["earliest_date"]) == ("deferred", "2027-01-02")


def test_screen_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = json.loads(EXAMPLE.read_text())
    data["medications"] = []
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(data)))
    status, output = _run(capsys, "--facts", "-", "--today", "2027-01-02")
    assert (status, output["status"], output["reasons"]) == (0, "candidate", [])


def test_screen_bad_facts_print_every_error_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    facts = _write(
        tmp_path, "f.json", {"weight_kg": 0, "platelets": -1, "pain_onset": "2030-01-01"}
    )
    status, output = _run(capsys, "--facts", facts, "--today", "2027-01-01")
    assert status == 2
    assert set(output["error"]) == {"weight_kg", "platelets", "pain_onset"}


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "invalid JSON"), ("[1, 2]", "must be a JSON object")],
)
def test_screen_unreadable_facts_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    status, output = _run(capsys, "--facts", _write(tmp_path, "f.json", content))
    assert status == 2
    assert message in output["error"]["facts"]


def test_screen_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, output = _run(capsys, "--facts", str(tmp_path / "nope.json"))
    assert status == 2
    assert output["error"]["facts"].startswith("cannot read")


def test_screen_rule_overrides_apply_and_name_their_version(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rules = _write(tmp_path, "rules.json", {"corticosteroid_deferral_months": 1})
    status, output = _run(
        capsys, "--facts", str(EXAMPLE), "--today", "2026-11-20", "--rules", rules
    )
    assert status == 0
    assert output["earliest_date"] == "2026-11-27"  # only the NSAID washout is left
    expected = DEFAULT_RULES.with_overrides(corticosteroid_deferral_months=1).version
    assert output["rules_version"] == expected


def test_screen_bad_rule_overrides_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rules = _write(tmp_path, "rules.json", {"nsaid_washout_days": -3, "colour": 1})
    status, output = _run(capsys, "--facts", str(EXAMPLE), "--rules", rules)
    assert status == 2
    assert set(output["error"]) == {"rules.nsaid_washout_days", "rules.colour"}


def test_screen_bad_today_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["screen", "--facts", str(EXAMPLE), "--today", "20261120"])
    assert caught.value.code == 2
    assert "not a date" in capsys.readouterr().err
