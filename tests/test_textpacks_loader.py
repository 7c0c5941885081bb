"""Loading a text-pack directory (reference/instruments.md §1.3): bad packs are skipped."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from regenpath.domain.instruments import get
from regenpath.textpacks import load_text_packs


def _pack(code: str, language: str = "en-US") -> dict[str, Any]:
    # Placeholder wording only (instruments.md §1.1 rule 5).
    return {
        "format": "regenpath-textpack/1",
        "instrument": code,
        "instrument_version": "placeholder version",
        "language": language,
        "items": {
            item.id: {
                "text": f"text for {item.id}",
                "options": {str(c): f"option {c}" for c in item.codes},
            }
            for item in get(code).items
        },
    }


def _write(folder: Path, name: str, data: dict[str, Any]) -> None:
    (folder / name).write_text(json.dumps(data), encoding="utf-8")


def test_load_text_packs_keeps_the_good_pack_and_skips_the_malformed_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _write(tmp_path, "peg-en-US.textpack.json", _pack("peg"))
    bad = _pack("koos")
    bad["items"]["P1"]["options"].pop("4")
    _write(tmp_path, "koos-en-US.textpack.json", bad)
    with caplog.at_level(logging.INFO, logger="regenpath.textpacks"):
        packs = load_text_packs(tmp_path)
    assert list(packs) == [("peg", "en-US")]
    assert packs["peg", "en-US"].items["P"].text == "text for P"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "text pack koos-en-US.textpack.json skipped: koos text pack: item 'P1' has options for "
        "codes 0–3; the allowed response codes are 0–4 (missing: 4)"
    ]


def test_load_text_packs_keys_by_instrument_and_language(tmp_path: Path) -> None:
    _write(tmp_path, "a.textpack.json", _pack("peg", "en-US"))
    _write(tmp_path, "b.textpack.json", _pack("peg", "es-US"))
    _write(tmp_path, "c.textpack.json", _pack("koos", "en-US"))
    assert sorted(load_text_packs(str(tmp_path))) == [
        ("koos", "en-US"),
        ("peg", "en-US"),
        ("peg", "es-US"),
    ]


def test_load_text_packs_ignores_files_without_the_suffix(tmp_path: Path) -> None:
    _write(tmp_path, "peg.json", _pack("peg"))
    _write(tmp_path, "peg.textpack.json.bak", _pack("peg"))
    assert load_text_packs(tmp_path) == {}


def test_load_text_packs_skips_a_second_pack_for_the_same_instrument_and_language(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first, second = _pack("peg"), _pack("peg")
    second["instrument_version"] = "second version"
    _write(tmp_path, "1-peg.textpack.json", first)
    _write(tmp_path, "2-peg.textpack.json", second)
    packs = load_text_packs(tmp_path)
    assert packs["peg", "en-US"].instrument_version == "placeholder version"
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        "text pack 2-peg.textpack.json skipped: 1-peg.textpack.json already supplies peg in en-US"
    ]


def test_load_text_packs_skips_a_file_that_is_not_utf8(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "peg.textpack.json").write_bytes(b'{"format": "\xff"}')
    assert load_text_packs(tmp_path) == {}
    (record,) = caplog.records
    assert record.getMessage().startswith("text pack peg.textpack.json skipped: cannot be read (")


def test_load_text_packs_skips_invalid_json(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "peg.textpack.json").write_text("{", encoding="utf-8")
    assert load_text_packs(tmp_path) == {}
    (record,) = caplog.records
    assert record.getMessage().startswith(
        "text pack peg.textpack.json skipped: text pack: not valid JSON"
    )


def test_load_text_packs_warns_about_a_missing_directory(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "absent"
    assert load_text_packs(missing) == {}
    assert [r.getMessage() for r in caplog.records] == [
        f"text pack directory {missing} does not exist; no text packs loaded"
    ]
