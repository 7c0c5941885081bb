"""Fixtures for questionnaire tests: answer sets built from the registry, never from item text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from regenpath.domain.instruments import get


def all_items(code: str, value: int) -> dict[str, int]:
    """Return every scored item of `code` answered with `value` (recorded-only items left out)."""
    return {item.id: value for item in get(code).items if not item.recorded_only}


def placeholder_pack(code: str, language: str = "en-US", **extra: Any) -> dict[str, Any]:
    """Return a valid text pack whose texts are placeholders (no instrument text in tests)."""
    instrument = get(code)
    return {
        "format": "regenpath-textpack/1",
        "instrument": code,
        "instrument_version": f"{code} placeholder pack v1",
        "language": language,
        "items": {
            item.id: {
                "text": f"placeholder text {item.id}",
                "options": {str(c): f"label {c}" for c in item.codes},
            }
            for item in instrument.items
        },
        **extra,
    }


@pytest.fixture
def textpack_dir(tmp_path: Path, settings: Any) -> Path:
    """A text pack directory for this test, empty until a test writes packs into it."""
    folder = tmp_path / "textpacks"
    folder.mkdir()
    settings.TEXTPACK_DIR = folder
    return folder


def write_pack(folder: Path, pack: dict[str, Any]) -> Path:
    path = folder / f"{pack['instrument']}.{pack['language']}.textpack.json"
    path.write_text(json.dumps(pack), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_textpacks_by_default(tmp_path: Path, settings: Any) -> None:
    # A developer's own ./var/textpacks must never change what tests see.
    empty = tmp_path / "no-textpacks"
    empty.mkdir(exist_ok=True)
    settings.TEXTPACK_DIR = empty


@pytest.fixture
def record(alice: Any) -> Any:
    """Return a function recording a response for an episode (Alice by default)."""
    from regenpath.outcomes.actions import record_response

    def make(
        episode: Any,
        instrument: str,
        responses: dict[str, Any],
        *,
        timepoint: str = "baseline",
        completed_on: dt.date = dt.date(2025, 1, 10),
        by: Any = None,
        **kwargs: Any,
    ) -> Any:
        return record_response(
            episode=episode,
            instrument=instrument,
            responses=responses,
            source=kwargs.pop("source", "paper"),
            timepoint=timepoint,
            completed_on=completed_on,
            by=by or alice,
            # NRS ratings need their recall period (instruments.md §4.1); tests default to 7 days.
            recall_period=kwargs.pop("recall_period", "7d" if instrument == "nrs-pain" else ""),
            **kwargs,
        )

    return make
