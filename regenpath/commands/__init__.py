"""Subcommands of the `regenpath` console script (see regenpath/cli.py)."""

from __future__ import annotations

import os


def setup_django() -> None:
    """Configure Django for a command that needs the database or the ORM."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regenpath.settings")
    django.setup()
