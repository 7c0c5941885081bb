"""`regenpath score`: score one response set, or a JSON Lines stream of them, without a database.

Output is the result JSON of reference/instruments.md §2.3, one object per line and in input
order; an invalid line prints `{"error": {...}}` with its item errors and the run goes on (exit 1).
Large streams are scored by worker processes, a bounded number of chunks at a time, so memory stays
flat whatever the input size.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import IO, Any

from regenpath.domain.instruments import (
    Instrument,
    ScoringInputError,
    UnknownInstrumentError,
    get,
)

HELP = "Score questionnaire answers and print the result JSON (no database needed)."

CHUNK_LINES = 500  # lines per unit of work; also the size below which no workers start
MAX_DEFAULT_JOBS = 8  # the default worker count is one per CPU, at most this many
_IN_FLIGHT_PER_JOB = 2  # chunks queued per worker: enough to keep workers busy, memory bounded

INVALID_JSON = "invalid_json"
NOT_AN_OBJECT = "not_an_object"
INVALID_ANSWERS = "invalid_answers"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the instrument code, the answers source and the worker count."""
    parser.add_argument("instrument", metavar="CODE", help="instrument code, e.g. koos")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--answers", metavar="JSON", help="one response set as a JSON object, e.g. '{\"NRS\": 7}'"
    )
    source.add_argument(
        "--answers-file",
        metavar="FILE",
        help="JSON Lines file, one response set per line; '-' reads standard input",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="worker processes for --answers-file (default 0: one per CPU, at most 8; 1: none)",
    )


def run(args: argparse.Namespace) -> int:
    """Score and print; return 0, 1 if any response set was invalid, 2 on a usage error."""
    try:
        instrument = get(args.instrument)
    except UnknownInstrumentError as error:
        print(f"regenpath score: {error}", file=sys.stderr)
        return 2
    if args.answers is not None:
        text, valid = score_line(instrument, args.answers, None)
        sys.stdout.write(text)
        return 0 if valid else 1
    jobs = args.jobs if args.jobs > 0 else min(os.cpu_count() or 1, MAX_DEFAULT_JOBS)
    try:
        if args.answers_file == "-":
            invalid = score_stream(instrument, _binary(sys.stdin), sys.stdout, jobs)
        else:
            with open(args.answers_file, "rb") as lines:
                invalid = score_stream(instrument, lines, sys.stdout, jobs)
    except OSError as error:
        print(f"regenpath score: cannot read {args.answers_file}: {error}", file=sys.stderr)
        return 2
    return 1 if invalid else 0


def score_line(instrument: Instrument, line: str | bytes, number: int | None) -> tuple[str, bool]:
    """Return the output line (with its newline) for one input line, and whether it was valid.

    `number` is the 1-based line number reported in an error, or None for a single response set.
    """
    try:
        answers = json.loads(line, parse_constant=_reject_constant)
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError, NaN/Infinity
        message = "empty line" if not line.strip() else f"not valid JSON: {error}"
        return _error(instrument, number, INVALID_JSON, message, []), False
    if not isinstance(answers, dict):
        kind = type(answers).__name__
        message = f"a JSON object of item → code is required, not {kind}"
        return _error(instrument, number, NOT_AN_OBJECT, message, []), False
    try:
        result = instrument.score(answers)
    except ScoringInputError as error:
        items = [
            {
                "instrument": error.instrument,
                "item": item.item,
                "kind": item.kind,
                "value": item.value,
                "message": item.message,
            }
            for item in error.errors
        ]
        return _error(instrument, number, INVALID_ANSWERS, str(error), items), False
    return json.dumps(result.to_dict()) + "\n", True


def score_stream(
    instrument: Instrument, lines: Iterable[bytes | str], out: IO[str], jobs: int
) -> int:
    """Write one output line per input line, in order; return the number of invalid lines.

    With `jobs` > 1 and more than one chunk of input, chunks go to a pool of worker processes, at
    most `jobs` × 2 chunks at a time; a smaller input is scored in this process.
    """
    chunks = _chunks(lines)
    first = next(chunks, None)
    if first is None:
        return 0
    second = next(chunks, None)
    if second is None or jobs <= 1:
        invalid = 0
        for start, chunk in _chain(first, second, chunks):
            text, bad = score_chunk(instrument.code, start, chunk)
            out.write(text)
            invalid += bad
        return invalid
    return _score_in_pool(instrument.code, _chain(first, second, chunks), out, jobs)


def score_chunk(code: str, start: int, lines: list[bytes | str]) -> tuple[str, int]:
    """Score consecutive lines starting at line number `start`; return the output and invalid count.

    Module-level so worker processes can run it.
    """
    instrument = get(code)
    parts = []
    invalid = 0
    for number, line in enumerate(lines, start):
        text, valid = score_line(instrument, line, number)
        parts.append(text)
        invalid += not valid
    return "".join(parts), invalid


def _score_in_pool(
    code: str, chunks: Iterator[tuple[int, list[bytes | str]]], out: IO[str], jobs: int
) -> int:
    invalid = 0
    pending: deque[AsyncResult[tuple[str, int]]] = deque()
    with _context().Pool(jobs) as pool:
        for start, chunk in chunks:
            pending.append(pool.apply_async(score_chunk, (code, start, chunk)))
            if len(pending) >= jobs * _IN_FLIGHT_PER_JOB:
                invalid += _write(pending.popleft(), out)
        while pending:
            invalid += _write(pending.popleft(), out)
    return invalid


def _write(pending: AsyncResult[tuple[str, int]], out: IO[str]) -> int:
    text, invalid = pending.get()
    out.write(text)
    return invalid


def _context() -> Any:
    # fork starts workers in milliseconds with the engine already imported; spawn elsewhere.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _chunks(lines: Iterable[bytes | str]) -> Iterator[tuple[int, list[bytes | str]]]:
    """Yield (first line number, lines) in chunks of CHUNK_LINES, reading lazily."""
    chunk: list[bytes | str] = []
    start = 1
    for line in lines:
        chunk.append(line)
        if len(chunk) == CHUNK_LINES:
            yield start, chunk
            start += len(chunk)
            chunk = []
    if chunk:
        yield start, chunk


def _chain(
    first: tuple[int, list[bytes | str]],
    second: tuple[int, list[bytes | str]] | None,
    rest: Iterator[tuple[int, list[bytes | str]]],
) -> Iterator[tuple[int, list[bytes | str]]]:
    yield first
    if second is not None:
        yield second
        yield from rest


def _binary(stream: IO[str]) -> Iterable[bytes | str]:
    # Bytes avoid decoding twice (json.loads decodes UTF-8 itself, and a bad byte sequence
    # becomes an invalid line rather than a crash); a text-only stream is read as text.
    buffer: Iterable[bytes] | None = getattr(stream, "buffer", None)
    return stream if buffer is None else buffer


def _error(
    instrument: Instrument, number: int | None, kind: str, message: str, items: list[dict[str, Any]]
) -> str:
    error: dict[str, Any] = {"instrument": instrument.code}
    if number is not None:
        error["line"] = number
    error.update({"kind": kind, "message": message, "errors": items})
    return json.dumps({"error": error}) + "\n"


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a response code")
