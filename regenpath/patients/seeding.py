"""Load synthetic patients into a clinic in bulk, for the demo and for benchmarks."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from itertools import islice

from django.db import transaction
from django.utils import timezone

from regenpath.audit.actions import record_event
from regenpath.clinics.models import Clinic
from regenpath.domain.synthetic import SyntheticPatient, synthetic_patients
from regenpath.patients.models import Episode, Patient, StageChange, normalise_name

BATCH = 2000


def _at(day: dt.date, rng: random.Random, zone: dt.tzinfo) -> dt.datetime:
    """Return a working-hours time on `day` in `zone`."""
    # What timezone.make_aware does for a zoneinfo zone, without its per-call look-ups of the
    # current zone: about 6 calls per patient, 2.5 s → 0.5 s per 100,000 patients.
    return dt.datetime.combine(day, dt.time(8 + rng.randrange(10), rng.randrange(60)), tzinfo=zone)


def _batches(items: Iterator[SyntheticPatient], size: int) -> Iterator[list[SyntheticPatient]]:
    while batch := list(islice(items, size)):
        yield batch


def seed_patients(
    *, clinic: Clinic, n: int, seed: int, today: dt.date, mrn_prefix: str = "SYN"
) -> int:
    """Insert `n` synthetic patients with their episodes and stage histories; return the count.

    The same clinic, n, seed and today give the same patients. Rows are written in batches with
    bulk inserts, one transaction per batch, and one audit event records the import as a whole.
    """
    rng = random.Random(seed)
    time_rng = random.Random(seed + 1)
    zone = timezone.get_current_timezone()
    created = 0
    for batch in _batches(synthetic_patients(rng, n, today=today, mrn_prefix=mrn_prefix), BATCH):
        with transaction.atomic():
            patients = Patient.objects.bulk_create(
                [
                    Patient(
                        clinic=clinic,
                        mrn=p.mrn,
                        given_name=p.given_name,
                        family_name=p.family_name,
                        given_name_key=normalise_name(p.given_name),
                        family_name_key=normalise_name(p.family_name),
                        date_of_birth=p.date_of_birth,
                        sex_at_birth=p.sex_at_birth,
                        email=p.email,
                        phone=p.phone,
                        preferred_language=p.preferred_language,
                        registry_consent=True,
                        contact_consent=True,
                    )
                    for p in batch
                ]
            )
            pairs = [
                (patient, synthetic, episode)
                for patient, synthetic in zip(patients, batch, strict=True)
                for episode in synthetic.episodes
            ]
            episodes = Episode.objects.bulk_create(
                [
                    Episode(
                        clinic=clinic,
                        patient=patient,
                        condition_code=e.condition_code,
                        body_site=e.body_site,
                        side=e.side,
                        onset_date=e.onset_date,
                        pain_mechanism=e.pain_mechanism,
                        kl_grade=e.kl_grade,
                        bmi_at_referral=synthetic.bmi,
                        prior_treatments=list(e.prior_treatments),
                        stage=e.stage,
                        stage_changed_at=_at(e.stage_history[-1][1], time_rng, zone),
                    )
                    for patient, synthetic, e in pairs
                ]
            )
            changes = []
            for episode, (_, _, e) in zip(episodes, pairs, strict=True):
                previous = ""
                for stage, day in e.stage_history:
                    changes.append(
                        StageChange(
                            clinic=clinic,
                            episode=episode,
                            from_stage=previous,
                            to_stage=stage,
                            reason="Synthetic history"
                            if previous
                            else "Episode opened (synthetic)",
                            at=_at(day, time_rng, zone),
                        )
                    )
                    previous = stage
            StageChange.objects.bulk_create(changes, batch_size=BATCH)
        created += len(batch)
    record_event(
        action="seed.import",
        by=None,
        clinic_id=clinic.pk,
        changes={"patients": created, "seed": seed, "synthetic": True},
    )
    return created
