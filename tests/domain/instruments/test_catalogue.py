"""docs/instruments.md is generated from the registry and must match it (docs cannot drift)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

from regenpath.domain.instruments import REGISTRY
from regenpath.domain.instruments._core import Scale
from regenpath.domain.instruments.catalogue import REGENERATE, _scale_row, render_catalogue

DOC = Path(__file__).resolve().parents[3] / "docs" / "instruments.md"


def test_catalogue_matches_the_committed_doc() -> None:
    committed = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert render_catalogue() == committed, (
        f"docs/instruments.md is out of date with the instrument registry; regenerate it with: "
        f"{REGENERATE}"
    )


def test_catalogue_has_a_section_per_instrument_in_registry_order() -> None:
    text = render_catalogue()
    positions = [text.index(f"\n## {code}\n") for code in REGISTRY]
    assert positions == sorted(positions)
    for instrument in REGISTRY.values():
        for scale in instrument.scales:
            assert f"| `{scale.code}` | {scale.label} |" in text


def test_catalogue_shows_ranges_tags_and_item_codes() -> None:
    text = render_catalogue()
    assert "| `physical_function` | PROMIS-29 physical function | 22.5 to 57 | better |" in text
    assert "| `paindetect` | painDETECT | −1 to 38 |" in text
    assert "- Items: S1–S7, P1–P9, A1–A17, SP1–SP5, Q1–Q4 (codes 0–4)" in text
    assert "- Mutually exclusive: Q8A, Q8B, Q8C (answer exactly one)" in text
    assert "- Recorded-only items (validated, never scored): Q1 (codes 0, 1)" in text
    assert "- LOINC: none" in text


def test_catalogue_module_prints_the_doc(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As `python -m`: run a fresh copy as __main__ (runpy warns if the module is loaded).
    name = "regenpath.domain.instruments.catalogue"
    monkeypatch.delitem(sys.modules, name)
    runpy.run_module(name, run_name="__main__")
    assert capsys.readouterr().out == render_catalogue()


def test_catalogue_scale_without_upper_bound_shows_from() -> None:
    scale = Scale(
        code="open",
        label="Open",
        items=("X1",),
        low=0,
        high=None,
        higher_is="worse",
        decimals=0,
        missing_rule="all",
        source="test",
        verification="project policy",
    )
    assert "| from 0 |" in _scale_row(scale)
