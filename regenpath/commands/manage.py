"""`regenpath manage ...`: Django's manage.py, for migrations, shells and admin tasks."""

from __future__ import annotations

import argparse
import os

HELP = "Run a Django management command (migrate, createsuperuser, shell, ...)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "arguments", nargs=argparse.REMAINDER, help="the management command and its options"
    )


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regenpath.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["regenpath manage", *args.arguments])
    return 0
