"""Benchmark PROM scoring: the numpy batch path, the single path and the JSON Lines CLI.

Run: `.venv/bin/python benchmarks/bench_scoring.py` (about a minute). Prints figures and ratios
against the targets; never fails (benchmarks are not part of the pass/fail suite).

(a) batch path vs a loop over score() on 1,000,000 synthetic KOOS response sets (the loop is timed
    on a sample and extrapolated), target ≥ 30×;
(b) batch path vs a bare numpy mean over the same array (the floor), target within 3×;
(c) `regenpath score koos --answers-file` throughput on 100,000 lines (target ≥ 20,000 lines/s)
    and its peak RSS on 100,000 vs 400,000 lines (target: flat).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from regenpath.domain.instruments import score
from regenpath.domain.instruments.batch import MISSING, columns, score_batch

CODE = "koos"
MISSING_RATE = 0.03  # share of unanswered items; some rows lose a subscale, most stay partial
SEED = 20240601


def synthetic_koos(rows: int, rng: np.random.Generator) -> npt.NDArray[np.int8]:
    """Return `rows` KOOS response sets (codes 0–4, MISSING where unanswered), seeded."""
    matrix = rng.integers(0, 5, size=(rows, len(columns(CODE))), dtype=np.int8)
    matrix[rng.random(matrix.shape) < MISSING_RATE] = MISSING
    return matrix


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """Return the fastest of `repeats` wall-clock timings of `run`, in seconds."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings)


def as_answers(row: npt.NDArray[np.int8], ids: tuple[str, ...]) -> dict[str, int]:
    """Return the response dict of a matrix row (unanswered items left out)."""
    return {item: int(code) for item, code in zip(ids, row, strict=True) if code != MISSING}


def bench_batch(rows: int, sample: int, rng: np.random.Generator) -> None:
    matrix = synthetic_koos(rows, rng)
    ids = columns(CODE)
    answers = [as_answers(row, ids) for row in matrix[:sample]]
    score_batch(CODE, matrix[:1000])  # build the plan once, outside the timings

    loop_sample = best_of(1, lambda: [score(CODE, a) for a in answers])
    loop_all = loop_sample * rows / sample
    batch = best_of(3, lambda: score_batch(CODE, matrix))
    floor = best_of(3, lambda: matrix.mean(axis=1))

    print(f"KOOS, {rows:,} response sets × {len(ids)} items, {MISSING_RATE:.0%} unanswered")
    print(
        f"  loop over score(): {loop_sample:.2f} s for {sample:,} rows "
        f"({loop_sample / sample * 1e6:.1f} µs/row), extrapolated to {rows:,}: {loop_all:.1f} s"
    )
    print(f"  batch score_batch(): {batch:.3f} s ({rows / batch:,.0f} rows/s)")
    print(f"  bare numpy mean:     {floor:.3f} s")
    print(f"  (a) batch vs loop:  {loop_all / batch:7.1f}× faster (target ≥ 30×)")
    print(f"  (b) batch vs floor: {batch / floor:7.2f}× the bare mean (target ≤ 3×)")


def write_jsonl(path: Path, rows: int, rng: np.random.Generator) -> None:
    ids = columns(CODE)
    with path.open("w", encoding="utf-8") as out:
        for start in range(0, rows, 50_000):
            block = synthetic_koos(min(50_000, rows - start), rng)
            out.writelines(json.dumps(as_answers(row, ids)) + "\n" for row in block)


def run_cli(path: Path, jobs: int | None) -> tuple[float, int]:
    """Return (wall seconds, peak RSS in KiB of the largest process) of one CLI run."""
    argv = [sys.executable, "-m", "regenpath.cli", "score", CODE, "--answers-file", str(path)]
    if jobs is not None:
        argv += ["--jobs", str(jobs)]
    # A wrapper process, so RUSAGE_CHILDREN holds this run's peak only (CLI and its workers).
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(  # noqa: S603 - fixed argv built above
        [sys.executable, "-c", wrapper, *argv], capture_output=True, text=True, check=True
    )
    seconds, rss = done.stdout.split()
    return float(seconds), int(rss)


def bench_cli(small: int, large: int, rng: np.random.Generator) -> None:
    cpus = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        small_file, large_file = Path(tmp) / "small.jsonl", Path(tmp) / "large.jsonl"
        write_jsonl(small_file, small, rng)
        write_jsonl(large_file, large, rng)
        print(f"\nJSON Lines CLI: regenpath score {CODE} --answers-file (output to /dev/null)")
        for jobs, label in ((1, "1 process"), (None, f"default --jobs (one per CPU, {cpus})")):
            seconds, rss = run_cli(small_file, jobs)
            print(
                f"  {small:,} lines, {label}: {seconds:.2f} s → {small / seconds:,.0f} lines/s "
                f"(target ≥ 20,000), peak RSS {rss / 1024:.0f} MiB"
            )
        large_seconds, large_rss = run_cli(large_file, None)
        _, small_rss = run_cli(small_file, None)
        print(
            f"  {large:,} lines, default --jobs: {large_seconds:.2f} s → "
            f"{large / large_seconds:,.0f} lines/s, peak RSS {large_rss / 1024:.0f} MiB"
        )
        print(
            f"  (c) peak RSS {large:,} vs {small:,} lines: {large_rss / small_rss:.2f}× "
            "(target ≈ 1×, flat)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="batch rows (default 1M)")
    parser.add_argument("--sample", type=int, default=20_000, help="rows timed in the loop")
    parser.add_argument("--cli-lines", type=int, default=100_000, help="CLI throughput lines")
    parser.add_argument("--cli-large", type=int, default=400_000, help="CLI memory check lines")
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    bench_batch(args.rows, args.sample, rng)
    bench_cli(args.cli_lines, args.cli_large, rng)


if __name__ == "__main__":
    main()
