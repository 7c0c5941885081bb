"""`regenpath seed`: add synthetic patients to a (synthetic) clinic."""

from __future__ import annotations

import argparse
import time

from regenpath.commands import setup_django

HELP = "Add N reproducible synthetic patients to a synthetic clinic (created if missing)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--patients", type=int, required=True, help="how many patients to add")
    parser.add_argument(
        "--seed", type=int, default=1, help="random seed (same seed, same patients)"
    )
    parser.add_argument("--clinic", default="synthetic", help="clinic slug (default: synthetic)")
    parser.add_argument("--mrn-prefix", default="SYN", help="MRN prefix of the generated patients")


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command
    from django.utils import timezone

    from regenpath.clinics.models import Clinic
    from regenpath.patients.seeding import seed_patients

    if args.patients < 1:
        print("--patients must be at least 1")
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    clinic, _ = Clinic.objects.get_or_create(
        slug=args.clinic,
        defaults={"name": f"{args.clinic.title()} clinic (synthetic)", "is_synthetic": True},
    )
    if not clinic.is_synthetic:
        print(
            f"Clinic {clinic.slug!r} holds real data; "
            "synthetic patients go only into synthetic clinics."
        )
        return 2
    started = time.perf_counter()
    n = seed_patients(
        clinic=clinic,
        n=args.patients,
        seed=args.seed,
        today=timezone.localdate(),
        mrn_prefix=args.mrn_prefix,
    )
    elapsed = time.perf_counter() - started
    print(
        f"Added {n} synthetic patients to {clinic.slug} in {elapsed:.1f} s ({n / elapsed:,.0f}/s)."
    )
    return 0
