"""Load synthetic patients into a clinic in bulk, for the demo and for benchmarks."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from functools import cache
from itertools import islice, pairwise

from django.db import connection, transaction
from django.utils import timezone

from regenpath.audit.actions import record_event
from regenpath.clinics.models import Clinic
from regenpath.domain.stages import Stage, find_transition
from regenpath.domain.synthetic import SyntheticEpisode, SyntheticPatient, synthetic_patients
from regenpath.patients.models import Episode, Patient, StageChange, normalise_name

BATCH = 2000
UPDATE_BATCH = 500
# Set each patient's registration time from a list of (id, time) pairs in one statement.
# UPDATE ... FROM works on PostgreSQL and on SQLite 3.33+ (ADR 0002); both name the columns of
# a VALUES list column1, column2. Parameterised; the table name is the model's own.
_REGISTER = (
    f"UPDATE {Patient._meta.db_table} SET created_at = v.column2 "  # noqa: S608
    "FROM (VALUES {rows}) AS v WHERE id = v.column1"
)


def _at(day: dt.date, rng: random.Random, zone: dt.tzinfo) -> dt.datetime:
    """Return a working-hours time on `day` in `zone`."""
    # What timezone.make_aware does for a zoneinfo zone, without its per-call look-ups of the
    # current zone: about 6 calls per patient, 2.5 s → 0.5 s per 100,000 patients.
    return dt.datetime.combine(day, dt.time(8 + rng.randrange(10), rng.randrange(60)), tzinfo=zone)


@cache
def _unrecorded_length(stages: tuple[Stage, ...]) -> int:
    """Return how many leading stages of a path are reached without a signed record.

    A move whose table row names a `recorded_by` record (a decision, plan, consent or
    administration) happens only when that record is signed, so a bulk-loaded history, which has
    no such records, must stop before it (stages.Transition: "the stage cannot claim what the
    records do not show"). Paths are few (synthetic._PATHS), so the answer is cached per path.
    """
    for kept, (source, target) in enumerate(pairwise(stages), start=1):
        move = find_transition(source, target)
        if move is None or move.recorded_by:
            return kept
    return len(stages)


def _history(
    episode: SyntheticEpisode, stop_before_records: bool
) -> tuple[tuple[Stage, dt.date], ...]:
    history = episode.stage_history
    if not stop_before_records:
        return history
    return history[: _unrecorded_length(tuple(stage for stage, _ in history))]


def _register(registered: dict[int, dt.datetime]) -> None:
    """Set created_at of the patients to when their first episode was opened.

    created_at is auto_now_add, which bulk_create fills with the time of the insert; a
    synthetic patient was registered when the first episode was opened. Django's bulk_update
    builds a CASE per row in Python (about 15 s per 100,000 patients); this is one statement.
    """
    items = list(registered.items())
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        for start in range(0, len(items), UPDATE_BATCH):
            chunk = items[start : start + UPDATE_BATCH]
            rows = ", ".join(["(%s, %s)"] * len(chunk))
            params = [value for pk, at in chunk for value in (pk, adapt(at))]
            cursor.execute(_REGISTER.format(rows=rows), params)


def _batches(items: Iterator[SyntheticPatient], size: int) -> Iterator[list[SyntheticPatient]]:
    while batch := list(islice(items, size)):
        yield batch


def seed_patients(
    *,
    clinic: Clinic,
    n: int,
    seed: int,
    today: dt.date,
    mrn_prefix: str = "SYN",
    stop_before_records: bool = True,
) -> int:
    """Insert `n` synthetic patients with their episodes and stage histories; return the count.

    The same clinic, n, seed and today give the same patients. Rows are written in batches with
    bulk inserts, one transaction per batch, and one audit event records the import as a whole.
    With `stop_before_records` (the default) each generated history is cut before its first
    move that needs a signed record, so episodes stay referred or assessed (or closed from
    there): a bulk insert writes no decision, plan, consent or procedure to back a later stage.
    Without it the generator's full histories are written (stages without their records).
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
            pairs = []
            registered: dict[int, dt.datetime] = {}
            for patient, synthetic in zip(patients, batch, strict=True):
                for generated in synthetic.episodes:
                    history = _history(generated, stop_before_records)
                    times = [_at(day, time_rng, zone) for _, day in history]
                    pairs.append((patient, synthetic, generated, history, times))
                    first = registered.get(patient.pk, times[0])
                    registered[patient.pk] = min(first, times[0])
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
                        stage=history[-1][0],
                        stage_changed_at=times[-1],
                    )
                    for patient, synthetic, e, history, times in pairs
                ]
            )
            changes = []
            for episode, (_, _, _, history, times) in zip(episodes, pairs, strict=True):
                previous = ""
                for (stage, _), at in zip(history, times, strict=True):
                    changes.append(
                        StageChange(
                            clinic=clinic,
                            episode=episode,
                            from_stage=previous,
                            to_stage=stage,
                            reason="Synthetic history"
                            if previous
                            else "Episode opened (synthetic)",
                            at=at,
                        )
                    )
                    previous = stage
            StageChange.objects.bulk_create(changes, batch_size=BATCH)
            _register(registered)
        created += len(batch)
    record_event(
        action="seed.import",
        by=None,
        clinic_id=clinic.pk,
        changes={
            "patients": created,
            "seed": seed,
            "synthetic": True,
            "stop_before_records": stop_before_records,
        },
    )
    return created
