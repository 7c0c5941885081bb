"""`regenpath questionnaire CODE [--textpack FILE]`: print a FHIR R4 Questionnaire."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "Print an instrument as a FHIR R4 Questionnaire (JSON), with text from a licensed text pack."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", metavar="CODE", help="instrument code, e.g. koos or promis-29")
    parser.add_argument(
        "--textpack",
        metavar="FILE",
        type=Path,
        help="a *.textpack.json for this instrument; without it items show their identifiers",
    )


def run(args: argparse.Namespace) -> int:
    """Print the Questionnaire; return 0, 1 if the text pack is invalid, 2 on a usage error."""
    # Imported here so that `regenpath --help` does not load the instrument registry.
    from regenpath.domain.fhir import questionnaire
    from regenpath.domain.instruments import UnknownInstrumentError, get
    from regenpath.domain.instruments.textpack import TextPackError, parse_text_pack

    try:
        get(args.code)
    except UnknownInstrumentError as error:
        print(f"regenpath questionnaire: {error}", file=sys.stderr)
        return 2
    pack = None
    if args.textpack is not None:
        try:
            pack = parse_text_pack(args.textpack.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            print(f"regenpath questionnaire: cannot read {args.textpack}: {error}", file=sys.stderr)
            return 2
        except TextPackError as error:
            print(f"regenpath questionnaire: {args.textpack}: {error}", file=sys.stderr)
            return 1
        if pack.instrument != args.code:
            print(
                f"regenpath questionnaire: {args.textpack} is a text pack for "
                f"{pack.instrument}, not {args.code}",
                file=sys.stderr,
            )
            return 1
    print(json.dumps(questionnaire(args.code, pack), indent=2, ensure_ascii=False))
    return 0
