"""`regenpath audit verify`: check the audit trail's hash chains."""

from __future__ import annotations

import argparse

from regenpath.commands import setup_django

HELP = "Check the audit trail: `regenpath audit verify` reports the first broken link."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["verify"], help="verify: recompute every hash chain")


def run(args: argparse.Namespace) -> int:
    setup_django()
    from regenpath.audit.verify import verify_all

    reports = verify_all()
    broken = [r for r in reports if r.broken is not None]
    total = sum(r.events for r in reports)
    for report in broken:
        link = report.broken
        assert link is not None
        where = f"event id {link.event_id}" if link.event_id is not None else "chain head"
        print(f"BROKEN chain {report.chain} at sequence {link.seq} ({where}): {link.reason}")
    if broken:
        return 1
    chains = f"{len(reports)} chain{'s' if len(reports) != 1 else ''}"
    print(f"Audit trail intact: {total} events in {chains}.")
    return 0
