"""docs/custody.md is generated from the custody table; this test regenerates and compares it."""

from __future__ import annotations

from pathlib import Path

from regenpath.domain.custody import render_doc, render_state_diagram

DOCS_CUSTODY = Path(__file__).resolve().parents[2] / "docs" / "custody.md"


def test_render_doc_docs_custody_md_is_up_to_date() -> None:
    committed = DOCS_CUSTODY.read_text(encoding="utf-8")
    assert committed == render_doc(), (
        "docs/custody.md is out of date with regenpath/domain/custody.py; regenerate it with "
        "`python -m regenpath.domain.custody > docs/custody.md`"
    )
    assert "```mermaid\n" + render_state_diagram() + "```\n" in committed
