"""`regenpath score` and `regenpath instruments`: pure commands, no database (DESIGN.md)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from regenpath.cli import main
from regenpath.commands import score as score_command
from regenpath.domain.instruments import REGISTRY, score

KOOS_PAIN_PARTIAL = {"P1": 2, "P3": 3, "P5": 2, "P7": 1, "P9": 2}  # §4.4 koos-3: pain 50.0


def _expected(code: str, answers: dict[str, Any]) -> str:
    return json.dumps(score(code, answers).to_dict())


def _lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().out.splitlines()


# --- one response set ----------------------------------------------------------------------


def test_score_answers_prints_the_result_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "koos", "--answers", json.dumps(KOOS_PAIN_PARTIAL)]) == 0
    (line,) = _lines(capsys)
    assert line == _expected("koos", KOOS_PAIN_PARTIAL)
    result = json.loads(line)
    assert result["scales"]["pain"]["value"] == 50.0
    assert result["scales"]["pain"]["flags"] == ["partial"]


def test_score_answers_invalid_prints_the_item_errors(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["score", "koos", "--answers", '{"P3": 5, "P1": "2", "P10": 1}'])
    assert status == 1
    (line,) = _lines(capsys)
    error = json.loads(line)["error"]
    assert (error["instrument"], error["kind"]) == ("koos", "invalid_answers")
    assert "line" not in error
    items = {(e["item"], e["kind"], json.dumps(e["value"])) for e in error["errors"]}
    assert items == {
        ("P3", "out_of_range", "5"),
        ("P1", "wrong_type", '"2"'),
        ("P10", "unknown_item", "1"),
    }
    assert all(e["instrument"] == "koos" and e["message"] for e in error["errors"])


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("{", "invalid_json", "not valid JSON"),
        ('{"NRS": NaN}', "invalid_json", "NaN is not a response code"),
        ("[7]", "not_an_object", "not list"),
        ("7", "not_an_object", "not int"),
        ("  ", "invalid_json", "empty line"),
    ],
)
def test_score_answers_that_are_not_an_object_are_an_error(
    capsys: pytest.CaptureFixture[str], text: str, kind: str, message: str
) -> None:
    assert main(["score", "nrs-pain", "--answers", text]) == 1
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["kind"] == kind
    assert message in error["message"]
    assert error["errors"] == []


def test_score_float_code_is_a_wrong_type(capsys: pytest.CaptureFixture[str]) -> None:
    # JSON 7.0 is a float: §2.2 rejects it rather than coercing.
    assert main(["score", "nrs-pain", "--answers", '{"NRS": 7.0}']) == 1
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["errors"][0]["kind"] == "wrong_type"


def test_score_unknown_instrument_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "koos-ps", "--answers", "{}"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "unknown instrument 'koos-ps'" in captured.err
    assert "koos-jr" in captured.err  # the message lists the known codes


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "koos"],
        ["score", "koos", "--answers", "{}", "--answers-file", "-"],
    ],
)
def test_score_needs_exactly_one_answers_source(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2


# --- JSON Lines ---------------------------------------------------------------------------------


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "answers.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_score_answers_file_prints_one_result_per_line_in_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answer_sets = [{"NRS": n} for n in (7, 0, 10)] + [{}]
    path = _write(tmp_path, [json.dumps(a) for a in answer_sets])
    assert main(["score", "nrs-pain", "--answers-file", str(path)]) == 0
    assert _lines(capsys) == [_expected("nrs-pain", a) for a in answer_sets]


def test_score_answers_file_invalid_lines_print_errors_and_the_run_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write(tmp_path, ['{"NRS": 7}', '{"NRS": 11}', "not json", '{"NRS": 3}', "[]"])
    assert main(["score", "nrs-pain", "--answers-file", str(path)]) == 1
    out = [json.loads(line) for line in _lines(capsys)]
    assert len(out) == 5
    assert out[0]["scales"]["nrs_pain"]["value"] == 7.0
    assert out[3]["scales"]["nrs_pain"]["value"] == 3.0
    errors = {i: o["error"] for i, o in enumerate(out) if "error" in o}
    assert {i: (e["line"], e["kind"]) for i, e in errors.items()} == {
        1: (2, "invalid_answers"),
        2: (3, "invalid_json"),
        4: (5, "not_an_object"),
    }
    (item_error,) = errors[1]["errors"]
    assert item_error == {
        "instrument": "nrs-pain",
        "item": "NRS",
        "kind": "out_of_range",
        "value": 11,
        "message": item_error["message"],
    }
    assert "NRS" in item_error["message"] and "11" in item_error["message"]


def test_score_answers_file_conflict_error_carries_both_values(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    visa = {"Q1": 3, "Q2": 8, "Q3": 2, "Q4": 3, "Q5": 0, "Q6": 7, "Q7": 7, "Q8A": 21, "Q8B": 4}
    path = _write(tmp_path, [json.dumps(visa)])
    assert main(["score", "visa-a", "--answers-file", str(path)]) == 1
    (item_error,) = json.loads(capsys.readouterr().out)["error"]["errors"]
    assert item_error["kind"] == "conflict"
    assert item_error["value"] == {"Q8A": 21, "Q8B": 4}


def test_score_answers_file_bad_utf8_is_an_invalid_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "answers.jsonl"
    path.write_bytes(b'{"NRS": 1}\n{"NRS\xff": 2}\n{"NRS": 3}\n')
    assert main(["score", "nrs-pain", "--answers-file", str(path)]) == 1
    out = [json.loads(line) for line in _lines(capsys)]
    assert out[1]["error"]["kind"] == "invalid_json"
    assert out[2]["scales"]["nrs_pain"]["value"] == 3.0


def test_score_answers_file_empty_file_prints_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["score", "koos", "--answers-file", str(_write(tmp_path, []))]) == 0
    assert capsys.readouterr().out == ""


def test_score_answers_file_missing_file_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["score", "koos", "--answers-file", str(tmp_path / "nope.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_score_answers_file_dash_reads_binary_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b'{"NRS": 4}\n{"NRS": 5}\n'), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["score", "nrs-pain", "--answers-file", "-"]) == 0
    assert _lines(capsys) == [_expected("nrs-pain", {"NRS": n}) for n in (4, 5)]


def test_score_answers_file_dash_reads_text_only_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"NRS": 6}\n'))
    assert main(["score", "nrs-pain", "--answers-file", "-"]) == 0
    assert _lines(capsys) == [_expected("nrs-pain", {"NRS": 6})]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_score_answers_file_many_chunks_keep_input_order(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    jobs: str,
) -> None:
    monkeypatch.setattr(score_command, "CHUNK_LINES", 3)
    lines = [json.dumps({"NRS": n % 11}) for n in range(20)]
    lines[7] = '{"NRS": 12}'
    lines[16] = "oops"
    path = _write(tmp_path, lines)
    assert main(["score", "nrs-pain", "--answers-file", str(path), "--jobs", jobs]) == 1
    out = [json.loads(line) for line in _lines(capsys)]
    assert len(out) == 20
    for number, result in enumerate(out, 1):
        if number in (8, 17):
            assert result["error"]["line"] == number
        else:
            assert result["scales"]["nrs_pain"]["value"] == float((number - 1) % 11)


def test_score_chunk_numbers_lines_from_its_start() -> None:
    text, invalid = score_command.score_chunk("nrs-pain", 41, [b'{"NRS": 1}', b"{"])
    first, second = text.splitlines()
    assert json.loads(first)["scales"]["nrs_pain"]["value"] == 1.0
    assert json.loads(second)["error"]["line"] == 42
    assert invalid == 1


def test_score_command_does_not_load_django() -> None:
    # The pure commands start fast and need no settings (regenpath/cli.py docstring).
    code = (
        "import sys; from regenpath.cli import main; "
        "status = main(['score', 'nrs-pain', '--answers', '{\"NRS\": 3}']); "
        "main(['instruments']); "
        "sys.exit(10 + status if 'django' in sys.modules else status)"
    )
    done = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


# --- regenpath instruments ----------------------------------------------------------------------


def test_instruments_lists_every_code_in_an_aligned_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["instruments"]) == 0
    header, *rows = _lines(capsys)
    assert header.split()[0] == "CODE"
    assert [row.split()[0] for row in rows] == list(REGISTRY)
    column = header.index("VERSION")
    for row, instrument in zip(rows, REGISTRY.values(), strict=True):
        assert row[column:].startswith(instrument.version)
        assert row == row.rstrip()
        assert instrument.licence_status in row


def test_instruments_json_describes_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["instruments", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [entry["code"] for entry in listed] == list(REGISTRY)
    koos = next(entry for entry in listed if entry["code"] == "koos")
    assert [s["code"] for s in koos["scales"]] == ["pain", "symptoms", "adl", "sport_rec", "qol"]
    assert koos["scales"][0] | {"label": None} == {
        "code": "pain",
        "label": None,
        "low": 0,
        "high": 100,
        "higher_is": "better",
        "decimals": 1,
    }
    promis = next(entry for entry in listed if entry["code"] == "promis-29")
    assert promis["scales"][0]["low"] == 22.5  # §4.16 PF raw 4 → T 22.5, a non-whole bound
    assert isinstance(koos["text_in_repo"], bool) and koos["licence_status"]
