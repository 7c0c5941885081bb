"""Benchmark the patient list, patient search and bulk seeding on SQLite and PostgreSQL.

Run: `.venv/bin/python benchmarks/bench_patients.py` (about 5 minutes on 2 cores). Prints figures
and ratios against a baseline measured in the same run; never fails on a slow figure
(benchmarks are not part of the pass/fail suite).

Targets (issue 2, performance): with 50,000 patients the list and a search respond in under
100 ms server time at the 95th percentile, on SQLite and on PostgreSQL, and the time does not
grow with the data; seeding 100,000 patients takes under 120 s.

(a) Pages. A throw-away database (a SQLite file in a temporary folder; a PostgreSQL database
    `regenpath_bench`, dropped at the end) is migrated and gets two synthetic clinics: the
    baseline with 1,000 patients and the big one with --patients. Then each page (list pages,
    one search of each kind) is timed on both clinics, in turns, request by request. Server time
    is the wall time of an in-process `Client.get` signed in as a physician (middleware, view,
    queries, template; no network, no browser). After --warm-up untimed requests each page is
    timed --requests times; p50, p95 and max are printed with the query count of one request
    and the ratio to the baseline clinic (≈ 1× means the time does not grow with the data).
(b) Seeding. `seed_patients` of --seed-count patients into a fresh database, per engine.

Each engine runs in its own process (settings read DATABASE_URL once, at import).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH_DB = "regenpath_bench"
P95_BUDGET_MS = 100.0
SEED_BUDGET_S = 120.0
SEED = 7
BASELINE_PATIENTS = 1_000


# --- parent: one child process per engine and task -------------------------------------------


@contextmanager
def database_url(engine: str, server: str, scratch: Path) -> Iterator[str]:
    """Yield the URL of an empty throw-away database, removed when the block ends."""
    if engine == "sqlite":
        path = scratch / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        yield f"sqlite:///{path}"
        return
    import psycopg

    def admin(statement: str) -> None:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(statement)

    admin(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    admin(f"CREATE DATABASE {BENCH_DB}")
    try:
        yield f"{server}/{BENCH_DB}"
    finally:
        admin(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def run_child(task: str, engine: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one task in a fresh process against a fresh database; return its JSON result."""
    with tempfile.TemporaryDirectory(prefix="regenpath-bench-") as tmp:
        scratch = Path(tmp)
        out = scratch / "result.json"
        with database_url(engine, args.postgres, scratch) as url:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "regenpath.settings",
                "DATABASE_URL": url,
                "REGENPATH_DATA_DIR": str(scratch),
                "REGENPATH_DEBUG": "false",
            }
            argv = [sys.executable, __file__, "--child", task, "--out", str(out)]
            argv += ["--patients", str(args.patients), "--seed-count", str(args.seed_count)]
            argv += ["--requests", str(args.requests), "--warm-up", str(args.warm_up)]
            argv += ["--database", engine] + (["--explain"] if args.explain else [])
            subprocess.run(argv, env=env, check=True)  # noqa: S603 - fixed argv built above
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result


def print_summary(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    import django

    print()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, Python "
        f"{sys.version.split()[0]}, Django {django.__version__}"
    )
    for engine, result in results.items():
        # Other processes on the machine slow every figure; the 1-minute load average taken
        # right after the pages were timed says how busy it was (ideally below the CPU count).
        print(f"  {engine} {result['version']}: load average {result['load']:.1f} while timing")
    print(f"Summary — server time in ms, {args.requests} requests per page after warm-up;")
    print(f"baseline = the same page on a {BASELINE_PATIENTS:,}-patient clinic in the same run")
    header = (
        f"{'db':<9}{'page':<28}{'found':>7}{'q':>4}{'p50':>7}{'p95':>7}{'max':>7}"
        f"{'base p50':>10}{'×base p50':>11}{'×base p95':>11}  p95<{P95_BUDGET_MS:.0f}ms"
    )
    print(header)
    print("-" * len(header))
    for engine, result in results.items():
        if "pages" not in result:
            continue
        for big, base in zip(result["pages"], result["baseline"], strict=True):
            queries = f"{big['queries']}" + ("" if big["queries"] == base["queries"] else "!")
            print(
                f"{engine:<9}{big['label']:<28}{big['found']:>7,}{queries:>4}"
                f"{big['p50']:>7.1f}{big['p95']:>7.1f}{big['max']:>7.1f}{base['p50']:>10.1f}"
                f"{big['p50'] / base['p50']:>10.2f}×{big['p95'] / base['p95']:>10.2f}×"
                f"  {'yes' if big['p95'] < P95_BUDGET_MS else 'NO'}"
            )
    print("(q = queries per request; a '!' marks a count that differs from the baseline's)")
    print()
    print(f"Seeding: one seed_patients call; budget {SEED_BUDGET_S:.0f} s for 100,000 patients")
    print(
        f"  {'db':<9}{'patients':>9}  {'into':<16}{'s':>7}{'per s':>8}{'s/100k':>8}  budget  load"
    )
    for engine, result in results.items():
        for key, into in (("seed_pages", "the pages DB"), ("seed", "a fresh DB")):
            if key in result:
                run = result[key]
                per_100k = run["seconds"] * 100_000 / run["patients"]
                print(
                    f"  {engine:<9}{run['patients']:>9,}  {into:<16}{run['seconds']:>7.1f}"
                    f"{run['patients'] / run['seconds']:>8,.0f}{per_100k:>8.0f}  "
                    f"{'within' if per_100k < SEED_BUDGET_S else 'OVER':<6}  {run['load']:.1f}"
                )


# --- child: measure in-process with Django's test Client -------------------------------------


def setup_django() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    # Production storage (hashed names from a manifest) needs collected static files.
    call_command("collectstatic", interactive=False, verbosity=0)


def seed(clinic: Any, n: int, prefix: str) -> dict[str, Any]:
    from django.utils import timezone

    from regenpath.patients.seeding import seed_patients

    started = time.perf_counter()
    seed_patients(clinic=clinic, n=n, seed=SEED, today=timezone.localdate(), mrn_prefix=prefix)
    seconds = time.perf_counter() - started
    print(f"  seeded {n:,} patients in {seconds:.1f} s ({n / seconds:,.0f}/s)", flush=True)
    return {"patients": n, "seconds": seconds, "load": os.getloadavg()[0]}


def analyse() -> None:
    """Refresh planner statistics, as autovacuum would soon after a bulk import."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def clinic_with_physician(slug: str) -> tuple[Any, Any]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from regenpath.clinics.models import Clinic, Membership
    from regenpath.domain.roles import Role

    clinic = Clinic.objects.create(name=f"{slug.title()} (synthetic)", slug=slug, is_synthetic=True)
    user = get_user_model().objects.create_user(username=f"{slug}-physician", first_name="Bench")
    Membership.objects.create(user=user, clinic=clinic, role=Role.PHYSICIAN)
    client = Client()
    client.force_login(user)
    return clinic, client


def scenarios(clinic: Any) -> list[tuple[str, dict[str, str]]]:
    """Return the pages to time: list pages and one search of each kind, for `clinic`."""
    from django.conf import settings

    from regenpath.patients.models import Patient

    patients = Patient.objects.filter(clinic=clinic)
    count = patients.count()
    last = (count + settings.PATIENTS_PER_PAGE - 1) // settings.PATIENTS_PER_PAGE
    middle = patients.order_by("pk")[count // 2]
    return [
        ("list, first page", {}),
        ("list, middle page", {"page": str((last + 1) // 2)}),
        ("list, last page", {"page": str(last)}),
        ("search 'smi' (family)", {"q": "smi"}),
        # Young sorts last: a planner that walks the name index in order must pass every
        # other patient of the clinic before it finds a match (the worst case of a prefix).
        ("search 'you' (family, last)", {"q": "you"}),
        ("search 'given family'", {"q": f"{middle.given_name} {middle.family_name}"}),
        ("search MRN", {"q": middle.mrn}),
        ("search date of birth", {"q": middle.date_of_birth.isoformat()}),
    ]


def time_pages(
    runs: list[tuple[Any, dict[str, str]]], args: argparse.Namespace
) -> list[dict[str, Any]]:
    """Time one page for each (client, params) run, taking turns request by request.

    Turns, rather than one run after the other, give every run the same share of whatever
    else the machine is doing, so their ratio holds even when the load changes.
    """
    from django.urls import reverse

    url = reverse("patient_list")
    for _ in range(args.warm_up):
        for client, params in runs:
            client.get(url, params)
    timings: list[list[float]] = [[] for _ in runs]
    for _ in range(args.requests):
        for times, (client, params) in zip(timings, runs, strict=True):
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
    return [
        {
            "p50": statistics.median(times),
            "p95": statistics.quantiles(times, n=100, method="inclusive")[94],
            "max": max(times),
            **inspect(client, url, params, args),
        }
        for times, (client, params) in zip(timings, runs, strict=True)
    ]


def inspect(
    client: Any, url: str, params: dict[str, str], args: argparse.Namespace
) -> dict[str, int]:
    """Return the query count and the number of patients found of one more request."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        body = client.get(url, params).content.decode()
    if args.explain:
        explain(captured.captured_queries)
    found = re.search(r'<p class="muted">([\d,]+) patient', body)
    return {
        "queries": len(captured.captured_queries),
        "found": int(found.group(1).replace(",", "")) if found else 0,
    }


def explain(queries: list[dict[str, str]]) -> None:
    """Print the plan of each query that reads patients (--explain)."""
    from django.db import connection

    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    for query in queries:
        if "patients_patient" not in query["sql"]:
            continue
        print(f"    {query['sql'][:400]}")
        with connection.cursor() as cursor:
            cursor.execute(prefix + query["sql"])
            for row in cursor.fetchall():
                print(f"      {row[-1]}")


def measure(
    big: tuple[Any, Any], base: tuple[Any, Any], args: argparse.Namespace
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Time every page on the big clinic and on the baseline clinic, in turns."""
    pages, baseline = [], []
    for (label, big_params), (_, base_params) in zip(
        scenarios(big[0]), scenarios(base[0]), strict=True
    ):
        on_big, on_base = time_pages([(big[1], big_params), (base[1], base_params)], args)
        print(
            f"  {label:<28} found {on_big['found']:>6,}  {on_big['queries']} queries  "
            f"p50 {on_big['p50']:6.1f}  p95 {on_big['p95']:6.1f}  max {on_big['max']:6.1f} ms  "
            f"(baseline p50 {on_base['p50']:.1f})",
            flush=True,
        )
        pages.append({"label": label, **on_big})
        baseline.append({"label": label, **on_base})
    return pages, baseline


def child_pages(args: argparse.Namespace) -> dict[str, Any]:
    setup_django()
    print(f"[{args.database}] {BASELINE_PATIENTS:,}-patient baseline clinic", flush=True)
    base = clinic_with_physician("baseline")
    seed(base[0], BASELINE_PATIENTS, "BAS")
    print(f"[{args.database}] {args.patients:,}-patient clinic", flush=True)
    big = clinic_with_physician("bench")
    seeded = seed(big[0], args.patients, "SYN")
    analyse()
    pages, baseline = measure(big, base, args)
    return {
        "baseline": baseline,
        "pages": pages,
        "seed_pages": seeded,
        "version": version(),
        "load": os.getloadavg()[0],
    }


def version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SHOW server_version"
            if connection.vendor == "postgresql"
            else "SELECT sqlite_version()"
        )
        return str(cursor.fetchone()[0])


def child_seed(args: argparse.Namespace) -> dict[str, Any]:
    setup_django()
    from regenpath.clinics.models import Clinic

    clinic = Clinic.objects.create(name="Seeding (synthetic)", slug="seeding", is_synthetic=True)
    print(
        f"[{args.database}] seeding {args.seed_count:,} patients into a fresh database", flush=True
    )
    return {"seed": seed(clinic, args.seed_count, "SYN")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=50_000, help="patients of the big clinic")
    parser.add_argument(
        "--database", choices=("sqlite", "postgres", "both"), default="both", help="engines"
    )
    parser.add_argument("--seed-count", type=int, default=100_000, help="patients to seed (b)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warm-up", type=int, default=20, help="untimed requests per page")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432",
        help="PostgreSQL server URL, without a database name",
    )
    parser.add_argument("--skip-seed", action="store_true", help="skip the seeding benchmark (b)")
    parser.add_argument("--explain", action="store_true", help="print query plans of the pages")
    parser.add_argument("--child", choices=("pages", "seed"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        run = child_pages if args.child == "pages" else child_seed
        Path(args.out).write_text(json.dumps(run(args)), encoding="utf-8")
        return

    started = time.perf_counter()
    engines = ("sqlite", "postgres") if args.database == "both" else (args.database,)
    results: dict[str, dict[str, Any]] = {}
    failed = []
    for engine in engines:
        try:
            results[engine] = run_child("pages", engine, args)
            if not args.skip_seed:
                results[engine].update(run_child("seed", engine, args))
        except subprocess.CalledProcessError as error:
            print(f"[{engine}] failed (exit status {error.returncode}); traceback above")
            failed.append(engine)
    print_summary(results, args)
    print(f"\nTotal benchmark time {time.perf_counter() - started:.0f} s on {os.cpu_count()} CPUs.")
    if failed:
        sys.exit(f"Failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
