"""`regenpath screen`: assess candidacy from a facts JSON file, without a database.

Prints the decision JSON (`Decision.to_dict()`, regenpath.domain.candidacy) and exits 0. Bad facts
or rule overrides print `{"error": {field: message, ...}}` naming every bad field and exit 2.
The facts schema is docs/candidacy-facts.md; `--rules` takes a JSON object of RuleSet overrides.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from regenpath.domain.candidacy import (
    DEFAULT_RULES,
    FactsError,
    RuleSet,
    RuleSetError,
    assess,
    facts_from_dict,
)

HELP = "Assess candidacy from a facts JSON file and print the decision JSON (no database needed)."


def _iso_date(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the facts file, the assessment date and the rule overrides file."""
    parser.add_argument(
        "--facts", required=True, metavar="FILE", help="facts JSON file; '-' reads standard input"
    )
    parser.add_argument(
        "--today",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the date of the assessment (default: today)",
    )
    parser.add_argument(
        "--rules", metavar="FILE", help="JSON object of rule-setting overrides (RuleSet fields)"
    )


class _InputError(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def _load(path: str, label: str) -> Any:
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise _InputError({label: f"cannot read {path}: {error}"}) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _InputError({label: f"invalid JSON: {error}"}) from None


def _rules(path: str | None) -> RuleSet:
    if path is None:
        return DEFAULT_RULES
    overrides = _load(path, "rules")
    if not isinstance(overrides, dict):
        raise _InputError({"rules": "must be a JSON object of rule settings"})
    try:
        return DEFAULT_RULES.with_overrides(**overrides)
    except RuleSetError as error:
        raise _InputError({f"rules.{k}": v for k, v in error.errors.items()}) from None


def _print(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def run(args: argparse.Namespace) -> int:
    """Print the decision JSON; return 0, or 2 with an error JSON for bad input."""
    # The command line is the shell around the pure domain: only here is the clock read.
    today: date = args.today or date.today()
    try:
        rules = _rules(args.rules)
        data = _load(args.facts, "facts")
        if not isinstance(data, dict):
            raise _InputError({"facts": "must be a JSON object"})
        facts = facts_from_dict(data, today=today)
    except _InputError as error:
        _print({"error": error.errors})
        return 2
    except FactsError as error:
        _print({"error": error.errors})
        return 2
    _print(assess(facts, rules, today=today).to_dict())
    return 0
