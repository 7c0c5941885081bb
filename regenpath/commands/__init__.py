"""Subcommands of the `regenpath` console script (see regenpath/cli.py)."""

from __future__ import annotations

import os


def setup_django() -> None:
    """Configure Django for a command that needs the database or the ORM.

    Creates the data folder first, so that the default SQLite database can be created in it.
    """
    import django
    from django.conf import settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regenpath.settings")
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    django.setup()
