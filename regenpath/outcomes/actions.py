"""Writes for questionnaires: record a response (scored, derived, audited), licences, settings.

Every function is transactional, takes the actor as `by` and records an audit event. Scoring is
the engine's (`regenpath.domain.instruments.score`): invalid answers raise ScoringInputError
before anything is written (reference/instruments.md §2.2: never dropped, clamped or coerced).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from regenpath.audit.actions import diff, record_event
from regenpath.clinics.models import Clinic
from regenpath.domain.instruments import (
    RULES_VERSION,
    ScoringInputError,
    UnknownInstrumentError,
    derive,
    get,
    score,
)
from regenpath.domain.instruments.textpack import TextPack
from regenpath.outcomes.models import (
    InstrumentLicence,
    OutcomeSettings,
    QuestionnaireResponse,
)
from regenpath.outcomes.rescoring import (
    RescoreReport,
    ResponseChange,
    ResponseFailure,
    compare,
)
from regenpath.patients.models import Episode

# Reference §2.1 (project policy): koos → koos-jr and hoos → hoos-jr always (the JR forms reuse
# the full forms' item identifiers); koos → womac only where the clinic enables it (§4.8).
DERIVATIONS: tuple[tuple[str, str], ...] = (("koos", "koos-jr"), ("hoos", "hoos-jr"))
OPT_IN_DERIVATIONS: tuple[tuple[str, str], ...] = (("koos", "womac"),)

LICENCE_FIELDS = ("holder", "reference", "expires")
SETTINGS_FIELDS = ("derive_womac_from_koos", "text_language")


def answered_only(responses: Mapping[str, Any]) -> dict[str, Any]:
    """Return the responses without unanswered items (reference §2.1: None = not answered)."""
    return {item: value for item, value in responses.items() if value is not None}


def derivation_targets(instrument: str, *, womac_enabled: bool) -> list[str]:
    """Return the instruments derived from a full `instrument` response, in a stable order."""
    pairs = DERIVATIONS + (OPT_IN_DERIVATIONS if womac_enabled else ())
    return [target for source, target in pairs if source == instrument]


def build_response(
    *,
    episode: Episode,
    instrument: str,
    responses: Mapping[str, Any],
    source: str,
    timepoint: str,
    completed_on: dt.date,
    by: User | None,
    now: dt.datetime,
    textpack: TextPack | None = None,
    derived_from: QuestionnaireResponse | None = None,
    recall_period: str = "",
) -> QuestionnaireResponse:
    """Return an unsaved, scored response; ScoringInputError (nothing built) on invalid answers."""
    answers = answered_only(responses)
    result = score(instrument, answers)
    if textpack is not None and textpack.instrument != instrument:
        raise ValueError(f"{instrument}: the text pack is for {textpack.instrument}")
    return QuestionnaireResponse(
        clinic_id=episode.clinic_id,
        patient_id=episode.patient_id,
        episode=episode,
        instrument=instrument,
        instrument_version=get(instrument).version,
        responses=answers,
        recall_period=recall_period,
        textpack_language=textpack.language if textpack else "",
        textpack_version=textpack.instrument_version if textpack else "",
        source=source,
        timepoint=timepoint,
        completed_on=completed_on,
        entered_by=by,
        entered_at=now,
        derived_from=derived_from,
        derivation_note=f"derived from {derived_from.instrument}" if derived_from else "",
        score=result.to_dict(),
        rules_version=result.rules_version,
        scored_at=now,
    )


def build_derived(
    response: QuestionnaireResponse, *, womac_enabled: bool, now: dt.datetime
) -> list[QuestionnaireResponse]:
    """Return the unsaved responses derived from a saved full-form `response`.

    A target with none of its items answered in the source is skipped: there is nothing to score.
    """
    derived = []
    for target in derivation_targets(response.instrument, womac_enabled=womac_enabled):
        answers = derive(response.instrument, target, response.responses, allow_womac=True)
        if not answered_only(answers):
            continue
        derived.append(
            build_response(
                episode=response.episode,
                instrument=target,
                responses=answers,
                source=response.source,
                timepoint=response.timepoint,
                completed_on=response.completed_on,
                by=response.entered_by,
                now=now,
                derived_from=response,
            )
        )
    return derived


def _audit_created(response: QuestionnaireResponse, by: User | None) -> None:
    # Counts only: the answers themselves stay out of the audit trail.
    values: dict[str, Any] = {
        "instrument": response.instrument,
        "timepoint": response.timepoint,
        "source": response.source,
        "completed_on": response.completed_on,
        "items_answered": len(response.responses),
        "rules_version": response.rules_version,
    }
    if response.textpack_language:
        values["textpack"] = f"{response.textpack_language} {response.textpack_version}"
    if response.derived_from is not None:
        values["derived_from"] = str(response.derived_from.uuid)
    record_event(
        action="response.create",
        by=by,
        clinic_id=response.clinic_id,
        patient_id=response.patient_id,
        obj=response,
        changes=diff({}, values),
    )


@transaction.atomic
def record_response(
    *,
    episode: Episode,
    instrument: str,
    responses: Mapping[str, Any],
    source: str,
    timepoint: str,
    completed_on: dt.date,
    by: User | None,
    textpack: TextPack | None = None,
    recall_period: str = "",
) -> QuestionnaireResponse:
    """Validate, score and store one response set for `episode`, with its derived scores; audit.

    `recall_period` is required for nrs-pain and must be blank otherwise (instruments.md §4.1).

    Raises ScoringInputError (every item error, reference §2.2) or ValidationError (a field of
    the record) before anything is saved. A full KOOS/HOOS also stores the derived JR response,
    and KOOS → WOMAC where the clinic enables it (reference §2.1), each with its provenance.
    """
    today = timezone.localdate()
    if completed_on > today:
        raise ValidationError({"completed_on": "The completion date cannot be in the future."})
    now = timezone.now()
    response = build_response(
        episode=episode,
        instrument=instrument,
        responses=responses,
        source=source,
        timepoint=timepoint,
        completed_on=completed_on,
        by=by,
        now=now,
        textpack=textpack,
        recall_period=recall_period,
    )
    response.full_clean()
    response.save()
    _audit_created(response, by)
    settings = OutcomeSettings.objects.filter(clinic_id=episode.clinic_id).first()
    womac = bool(settings and settings.derive_womac_from_koos)
    for derived in build_derived(response, womac_enabled=womac, now=now):
        derived.full_clean()
        derived.save()
        _audit_created(derived, by)
    return response


@transaction.atomic
def record_licence(
    *,
    clinic: Clinic,
    instrument: str,
    holder: str,
    reference: str,
    expires: dt.date | None,
    by: User | None,
) -> InstrumentLicence:
    """Record (or replace) the clinic's licence reference for `instrument`; audit old and new."""
    get(instrument)  # UnknownInstrumentError for an unknown code
    licence = (
        InstrumentLicence.objects.select_for_update()
        .filter(clinic=clinic, instrument=instrument)
        .first()
    )
    before: dict[str, Any] = {}
    if licence is None:
        licence = InstrumentLicence(clinic=clinic, instrument=instrument)
    else:
        before = {name: getattr(licence, name) for name in LICENCE_FIELDS}
    licence.holder = holder.strip()
    licence.reference = reference.strip()
    licence.expires = expires
    licence.recorded_by = by
    licence.recorded_at = timezone.now()
    licence.full_clean()
    changes = diff(before, {name: getattr(licence, name) for name in LICENCE_FIELDS})
    if changes or licence.pk is None:
        licence.save()
        record_event(
            action="licence.record",
            by=by,
            clinic_id=clinic.pk,
            obj=licence,
            changes={"instrument": instrument, **changes},
        )
    return licence


@transaction.atomic
def update_outcome_settings(*, clinic: Clinic, by: User, **fields: Any) -> OutcomeSettings:
    """Change the clinic's questionnaire settings; audit old and new values."""
    current = OutcomeSettings.objects.select_for_update().filter(clinic=clinic).first()
    if current is None:
        current = OutcomeSettings(clinic=clinic)
    before = {name: getattr(current, name) for name in SETTINGS_FIELDS}
    for name, value in fields.items():
        if name not in SETTINGS_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(current, name, value)
    current.full_clean()
    changes = diff(before, {name: getattr(current, name) for name in SETTINGS_FIELDS})
    if changes:
        current.updated_by = by
        current.updated_at = timezone.now()
        current.save()
        record_event(
            action="outcome_settings.update",
            by=by,
            clinic_id=clinic.pk,
            obj=current,
            changes=changes,
        )
    return current


def rescore(*, every: bool = False, dry_run: bool = False, batch_size: int = 500) -> RescoreReport:
    """Recompute cached scores whose rules version is not RULES_VERSION (all with `every`).

    Streams in primary-key batches of `batch_size` (constant memory; keyset batches rather than
    one open cursor because SQLite gives no isolation between a cursor and writes on the same
    connection), one transaction per batch. A row is updated only if its cache is still the one
    read (a conditional UPDATE, ADR 0003), so two runs at once do not both report it. Each
    changed score is audited per response, and each clinic gets one summary event. A response
    the current rules refuse keeps its cache and is reported. `dry_run` writes nothing.
    """
    report = RescoreReport(rules_version=RULES_VERSION)
    queryset = QuestionnaireResponse.objects.order_by("pk").only(
        "pk", "uuid", "clinic_id", "patient_id", "instrument", "responses", "score",
        "rules_version", "scored_at",
    )  # fmt: skip
    if not every:
        queryset = queryset.exclude(rules_version=RULES_VERSION)
    last = 0
    while True:
        with transaction.atomic():
            batch = list(queryset.filter(pk__gt=last)[:batch_size])
            if not batch:
                break
            last = batch[-1].pk
            now = timezone.now()
            for response in batch:
                _rescore_one(response, report, now=now, dry_run=dry_run)
    if not dry_run:
        for clinic_id, counts in sorted(report.per_clinic.items()):
            record_event(
                action="score.rescore",
                by=None,
                clinic_id=clinic_id,
                changes={"rules_version": RULES_VERSION, **counts},
            )
    return report


def _rescore_one(
    response: QuestionnaireResponse, report: RescoreReport, *, now: dt.datetime, dry_run: bool
) -> None:
    report.examined += 1
    try:
        result = score(response.instrument, response.responses).to_dict()
    except (ScoringInputError, UnknownInstrumentError) as error:
        report.failed.append(ResponseFailure(str(response.uuid), response.instrument, str(error)))
        report.count(response.clinic_id, "failed")
        return
    scales = compare(response.score, result)
    if not dry_run:
        updated = QuestionnaireResponse.objects.filter(
            pk=response.pk, rules_version=response.rules_version, scored_at=response.scored_at
        ).update(score=result, rules_version=result["rules_version"], scored_at=now)
        if not updated:
            report.raced += 1
            return
    if not scales:
        report.unchanged += 1
        report.count(response.clinic_id, "unchanged")
        return
    report.changed.append(
        ResponseChange(str(response.uuid), response.instrument, response.rules_version, scales)
    )
    report.count(response.clinic_id, "changed")
    if not dry_run:
        record_event(
            action="response.rescore",
            by=None,
            clinic_id=response.clinic_id,
            patient_id=response.patient_id,
            obj=response,
            changes={
                "rules_version": [response.rules_version, result["rules_version"]],
                **{c.scale: [c.old_value, c.new_value] for c in scales},
            },
        )
