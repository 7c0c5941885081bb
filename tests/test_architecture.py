"""The dependency rule of DESIGN.md: regenpath/domain imports no Django and does no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[1] / "regenpath" / "domain"
FORBIDDEN_ROOTS = {"django"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


DOMAIN_FILES = sorted(DOMAIN.rglob("*.py"))


def test_domain_files_found() -> None:
    assert len(DOMAIN_FILES) > 5


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: str(p.relative_to(DOMAIN)))
def test_domain_module_imports_no_django(path: Path) -> None:
    bad = [
        name
        for name in _imports(path)
        if any(name == root or name.startswith(root + ".") for root in FORBIDDEN_ROOTS)
        # The domain may import only itself from regenpath: never an app or the settings.
        or (name.startswith("regenpath.") and not name.startswith("regenpath.domain"))
        or name == "regenpath"
    ]
    assert bad == [], f"{path.name} imports {bad}; regenpath/domain must stay pure (DESIGN.md)"


def test_architecture_check_catches_a_django_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from django.db import models\nimport os\n", encoding="utf-8")
    assert "django.db" in _imports(sample)
