"""Benchmark ISBT 128 DIN allocation under concurrent writers on PostgreSQL.

Run: `.venv/bin/python benchmarks/bench_din.py [--writers 8] [--each 250]` (a few seconds). Uses
DATABASE_URL if it names PostgreSQL, else a `regenpath_bench_din` database on 127.0.0.1 (created if
missing, migrated on each run). Each writer is a process with its own database connection calling
`regenpath.procedures.actions.allocate_din`, one transaction per DIN (row lock on the clinic's
sequence). Prints allocations per second for 1 writer (the baseline) and for N writers, and the
number of duplicates (must be 0). Target: ≥ 500 allocations/s with 8 writers. Never fails on a
missed target (benchmarks are not part of the pass/fail suite), but exits 1 on a duplicate.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/regenpath_bench_din"
TARGET_PER_SECOND = 500
FIN = "A9999"  # ICCBBA's example facility (reference §1.2)


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_URL


def ensure_database(url: str) -> None:
    """Create the benchmark database if it does not exist."""
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regenpath.settings")
    os.environ.setdefault("REGENPATH_DATA_DIR", tempfile.mkdtemp(prefix="regenpath-bench-din-"))
    import django

    django.setup()


def _worker(url: str, each: int, year: int, barrier: Any, out: Any) -> None:
    """Allocate `each` DINs in a fresh process with its own connection; put the codes on `out`."""
    _setup_django(url)
    from regenpath.clinics.models import Clinic
    from regenpath.procedures.actions import allocate_din

    clinic = Clinic.objects.get(slug="bench-din")
    clinic.pk  # noqa: B018 - connect before the clock starts
    barrier.wait()
    out.put([allocate_din(clinic=clinic, facility_id=FIN, year=year).code for _ in range(each)])


def allocate(url: str, writers: int, each: int, year: int) -> tuple[float, list[str]]:
    """Return (seconds, codes) for `writers` processes allocating `each` DINs apiece.

    Processes, like gunicorn's workers, each with its own connection; the clock runs from the
    moment all of them are connected and released together until the last one finishes.
    """
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(writers + 1)
    out = context.Queue()
    workers = [
        context.Process(target=_worker, args=(url, each, year, barrier, out))
        for _ in range(writers)
    ]
    for worker in workers:
        worker.start()
    barrier.wait()
    start = time.perf_counter()
    codes: list[str] = []
    for _ in workers:
        codes.extend(out.get())
    seconds = time.perf_counter() - start
    for worker in workers:
        worker.join()
        if worker.exitcode != 0:
            raise RuntimeError(f"a writer failed with exit code {worker.exitcode}")
    return seconds, codes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--each", type=int, default=250)
    args = parser.parse_args()

    url = database_url()
    ensure_database(url)
    _setup_django(url)
    from django.core.management import call_command

    from regenpath.clinics.models import Clinic
    from regenpath.procedures.models import DinSequence

    call_command("migrate", verbosity=0)
    clinic, _ = Clinic.objects.get_or_create(slug="bench-din", defaults={"name": "Benchmark"})
    DinSequence.objects.filter(clinic=clinic).delete()

    # Separate nominal years keep the two runs' sequences apart.
    base_seconds, base_codes = allocate(url, 1, args.each * 2, year=1)
    seconds, codes = allocate(url, args.writers, args.each, year=2)
    base_rate = len(base_codes) / base_seconds
    rate = len(codes) / seconds
    duplicates = len(codes) - len(set(codes)) + len(base_codes) - len(set(base_codes))
    print(f"database: PostgreSQL ({url.rsplit('/', 1)[-1]})")
    print(
        f"baseline, 1 writer:   {len(base_codes):6d} DINs in {base_seconds:6.2f} s = {base_rate:8.0f}/s"
    )
    print(
        f"{args.writers} concurrent writers: {len(codes):6d} DINs in {seconds:6.2f} s = {rate:8.0f}/s "
        f"(target ≥ {TARGET_PER_SECOND}/s: {'met' if rate >= TARGET_PER_SECOND else 'MISSED'}); "
        f"{rate / base_rate:.2f}× the single writer"
    )
    expected = set(range(1, len(codes) + 1))
    gapless = {int(code[7:]) for code in codes} == expected
    print(f"duplicates: {duplicates}; sequence 1–{len(codes)} without gaps: {gapless}")
    return 1 if duplicates else 0


if __name__ == "__main__":
    sys.exit(main())
