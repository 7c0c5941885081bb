"""`regenpath instruments`: list the instrument registry (no database needed)."""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction
from typing import Any

from regenpath.domain.instruments import REGISTRY, Instrument

HELP = "List the questionnaire instruments the scoring engine knows (code, version, scales)."

_HEADINGS = ("CODE", "NAME", "VERSION", "SCALES", "LICENCE")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --json."""
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args: argparse.Namespace) -> int:
    """Print the registry as an aligned table, or as JSON with --json; return 0."""
    if args.json:
        sys.stdout.write(json.dumps([_as_json(i) for i in REGISTRY.values()], indent=2) + "\n")
        return 0
    rows = [_HEADINGS] + [_as_row(i) for i in REGISTRY.values()]
    widths = [max(len(row[col]) for row in rows) for col in range(len(_HEADINGS))]
    for row in rows:
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        sys.stdout.write(line.rstrip() + "\n")
    return 0


def _as_row(instrument: Instrument) -> tuple[str, str, str, str, str]:
    scales = ", ".join(scale.code for scale in instrument.scales)
    return (
        instrument.code,
        instrument.name,
        instrument.version,
        scales,
        instrument.licence_status,
    )


def _as_json(instrument: Instrument) -> dict[str, Any]:
    return {
        "code": instrument.code,
        "name": instrument.name,
        "version": instrument.version,
        "scales": [
            {
                "code": scale.code,
                "label": scale.label,
                "low": _number(scale.low),
                "high": None if scale.high is None else _number(scale.high),
                "higher_is": scale.higher_is,
                "decimals": scale.decimals,
            }
            for scale in instrument.scales
        ],
        "licence_status": instrument.licence_status,
        "text_in_repo": instrument.text_in_repo,
    }


def _number(value: Fraction | int) -> int | float:
    """Return an int when the bound is whole (0, 100), else a float (22.5)."""
    fraction = Fraction(value)
    return fraction.numerator if fraction.denominator == 1 else float(fraction)
