"""The `regenpath` command: one entry point, one module per subcommand.

Each subcommand lives in `regenpath/commands/<name>.py` and defines `HELP` (one line),
`add_arguments(parser)` and `run(args) -> int` (the exit status). Commands that need the
database call `regenpath.commands.setup_django()` themselves, so pure commands such as
`score` start fast and work without a database.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

# The order is the order of `regenpath --help`.
COMMANDS = (
    "demo",
    "serve",
    "seed",
    "audit",
    "score",
    "screen",
    "rescore",
    "instruments",
    "questionnaire",
    "manage",
)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand that is installed."""
    parser = argparse.ArgumentParser(
        prog="regenpath",
        description="Run a regenerative pain-management programme from first visit to outcome.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMANDS:
        module_name = f"regenpath.commands.{name}"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        sub = subparsers.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, run the chosen subcommand and return its exit status."""
    args = build_parser().parse_args(argv)
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
