"""`regenpath serve`: serve the staff site with gunicorn (no seeding, no migrations)."""

from __future__ import annotations

import argparse

from regenpath.commands import setup_django
from regenpath.commands._server import (
    add_server_arguments,
    collect_static,
    exec_gunicorn,
    prepare_environment,
)

HELP = "Serve the staff site with gunicorn; run `regenpath manage migrate` first."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_server_arguments(parser)


def run(args: argparse.Namespace) -> int:
    prepare_environment()
    setup_django()
    collect_static()
    return exec_gunicorn(args)
