"""`regenpath questionnaire CODE [--textpack FILE]` prints the FHIR R4 Questionnaire."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from regenpath.cli import main
from regenpath.domain.instruments import get


def _pack(code: str) -> dict[str, Any]:
    # Placeholder wording only (instruments.md §1.1 rule 5).
    return {
        "format": "regenpath-textpack/1",
        "instrument": code,
        "instrument_version": "placeholder version",
        "language": "en-US",
        "items": {
            item.id: {
                "text": f"text for {item.id}",
                "options": {str(c): f"option {c}" for c in item.codes},
            }
            for item in get(code).items
        },
    }


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "pack.textpack.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_questionnaire_command_prints_the_questionnaire(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questionnaire", "koos-jr"]) == 0
    resource = json.loads(capsys.readouterr().out)
    Questionnaire.model_validate(resource)
    assert [item["linkId"] for item in resource["item"]] == [
        "S6",
        "P2",
        "P3",
        "P6",
        "P9",
        "A3",
        "A5",
    ]
    assert resource["item"][0]["text"] == "S6"


def test_questionnaire_command_uses_the_text_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, _pack("peg"))
    assert main(["questionnaire", "peg", "--textpack", str(path)]) == 0
    resource = json.loads(capsys.readouterr().out)
    assert [item["text"] for item in resource["item"]] == ["text for P", "text for E", "text for G"]
    assert resource["language"] == "en-US"


def test_questionnaire_command_rejects_an_unknown_instrument(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["questionnaire", "kooz"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("regenpath questionnaire: unknown instrument 'kooz'")


def test_questionnaire_command_rejects_an_invalid_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _pack("peg")
    data["items"]["X"] = {"text": "text for X", "options": {}}
    path = _write(tmp_path, data)
    assert main(["questionnaire", "peg", "--textpack", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path}: peg text pack: item 'X' is not an item of peg" in captured.err


def test_questionnaire_command_rejects_a_pack_for_another_instrument(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, _pack("peg"))
    assert main(["questionnaire", "koos", "--textpack", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"regenpath questionnaire: {path} is a text pack for peg, not koos\n"
    )


def test_questionnaire_command_reports_an_unreadable_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "absent.textpack.json"
    assert main(["questionnaire", "peg", "--textpack", str(missing)]) == 2
    assert capsys.readouterr().err.startswith(f"regenpath questionnaire: cannot read {missing}: ")
