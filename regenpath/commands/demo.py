"""`regenpath demo`: create the database, seed a synthetic clinic if empty, print logins, serve."""

from __future__ import annotations

import argparse
import os
import random

from regenpath.commands import setup_django
from regenpath.commands._server import (
    add_server_arguments,
    collect_static,
    exec_gunicorn,
    prepare_environment,
)

HELP = "Create the database if needed, seed a synthetic demo clinic, print the logins and serve it."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_server_arguments(parser)
    parser.add_argument(
        "--patients", type=int, default=400, help="synthetic patients for a new demo (400)"
    )
    parser.add_argument(
        "--seed", type=int, default=2026, help="random seed of the synthetic data (2026)"
    )
    parser.add_argument("--no-serve", action="store_true", help="prepare the database and stop")


def run(args: argparse.Namespace) -> int:
    data_dir = prepare_environment()
    os.environ.setdefault("REGENPATH_SYNTHETIC_DATA", "true")
    setup_django()
    from django.core.management import call_command
    from django.utils import timezone

    from regenpath.clinics.demo import (
        DEMO_PASSWORD,
        DEMO_STAFF,
        configure_demo_procedures,
        create_demo_clinics,
    )
    from regenpath.clinics.demo_journeys import describe, seed_demo_journeys
    from regenpath.clinics.models import Clinic
    from regenpath.outcomes.demo import record_demo_licences, seed_demo_responses
    from regenpath.patients.seeding import seed_patients

    call_command("migrate", interactive=False, verbosity=0)
    if not Clinic.objects.exists():
        print(
            f"Seeding a synthetic demo clinic with {args.patients} patients (seed {args.seed}) ..."
        )
        clinics = create_demo_clinics()
        today = timezone.localdate()
        seed_patients(clinic=clinics["demo"], n=args.patients, seed=args.seed, today=today)
        seed_patients(
            clinic=clinics["northbridge"],
            n=max(args.patients // 10, 1),
            seed=args.seed + 7,
            today=today,
            mrn_prefix="NB",
        )
        configure_demo_procedures(clinics)
        record_demo_licences(clinics["demo"])
        record_demo_licences(clinics["northbridge"])
        rng = random.Random(args.seed)
        ended = seed_demo_journeys(clinics["demo"], rng, today, password=DEMO_PASSWORD)
        print(
            f"Walked {ended.total()} of them through screening, plans, consent and procedure "
            f"day as the demo staff: {describe(ended)}."
        )
        seed_demo_responses(clinics["demo"], rng, today)
    collect_static()
    print()
    print("regenpath demo — SYNTHETIC DATA, not for clinical use")
    print(f"  data folder: {data_dir}")
    print(
        f"  open http://{args.host}:{args.port}/ and sign in as one of (password {DEMO_PASSWORD}):"
    )
    for login in DEMO_STAFF:
        print(
            f"    {login.username:<12} {login.role.label:<22} {login.name} · clinic {login.clinic}"
        )
    print()
    if args.no_serve:
        return 0
    return exec_gunicorn(args)
