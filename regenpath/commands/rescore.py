"""`regenpath rescore`: recompute cached questionnaire scores after a scoring-rule change."""

from __future__ import annotations

import argparse

from regenpath.commands import setup_django

HELP = "Recompute cached questionnaire scores made with older scoring rules and report changes."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--all",
        dest="every",
        action="store_true",
        help="recompute every cached score, not only those made with older rules",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="report what would change and write nothing"
    )


def run(args: argparse.Namespace) -> int:
    """Rescore and print the report; exit 1 if some stored response no longer validates."""
    setup_django()
    from regenpath.outcomes.actions import rescore

    report = rescore(every=args.every, dry_run=args.dry_run)
    verb = "Would rescore" if args.dry_run else "Rescored"
    print(
        f"{verb} {report.examined} response{'s' if report.examined != 1 else ''} "
        f"with {report.rules_version}: {len(report.changed)} changed, "
        f"{report.unchanged} unchanged, {len(report.failed)} refused"
        + (f", {report.raced} rescored meanwhile by another run" if report.raced else "")
        + "."
    )
    for change in report.changed:
        print(f"changed {change.uuid} {change.instrument} (was {change.old_rules_version})")
        for scale in change.scales:
            print(f"  {scale.describe()}")
    for failure in report.failed:
        print(f"refused {failure.uuid} {failure.instrument}: {failure.error}")
    return 1 if report.failed else 0
