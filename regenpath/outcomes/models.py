"""Questionnaire responses with their cached scores, instrument licences, per-clinic settings.

Reference/instruments.md §2.6 (storage and versioning): store the raw responses, the instrument
code and version label, the text-pack language and version, and the `rules_version` that
produced the cached score, so that a score can be recomputed when the rules change.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from regenpath.clinics.models import Clinic
from regenpath.domain.instruments import REGISTRY, Instrument, get
from regenpath.domain.instruments.nrs_text import RECALL_LABELS
from regenpath.domain.planning.schedules import TIMEPOINTS as PLANNING_TIMEPOINTS
from regenpath.patients.models import Episode, Patient

RECALL_INSTRUMENT = "nrs-pain"
RECALL_CHOICES = [(p.value, label) for p, label in RECALL_LABELS.items()]

INSTRUMENT_CHOICES = [(code, instrument.name) for code, instrument in REGISTRY.items()]

# DESIGN.md "Follow-up": questionnaires at baseline, 6 weeks, 3, 6, 12 and 24 months.
# The follow-up schedules' timepoints (regenpath.domain.planning, cell-therapy.md §6), so a
# plan's schedule and the questionnaires filed under it use the same codes; "other" for the rest.
TIMEPOINTS = [(t.code, t.label) for t in PLANNING_TIMEPOINTS] + [("other", "Other")]
TIMEPOINT_LABELS = dict(TIMEPOINTS)
BASELINE = "baseline"

# DESIGN.md "Data": source (portal, link, paper, staff).
SOURCES = [
    ("paper", "Paper form, keyed in by staff"),
    ("staff", "Staff-administered (read to the patient)"),
    ("patient_link", "Patient, from a signed link"),
    ("portal", "Patient portal"),
]
STAFF_SOURCES = ("paper", "staff")


class QuestionnaireResponse(models.Model):
    """One completed questionnaire of one instrument for one episode, with its cached score.

    `responses` maps item identifier → integer response code; unanswered items are omitted.
    `score` is the engine's result JSON (`ScoreResult.to_dict()`, reference §2.3) produced by
    `rules_version`. A response derived from another (KOOS JR from a full KOOS, reference §2.1)
    points at it in `derived_from` and says how in `derivation_note`.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    instrument = models.CharField(max_length=24, choices=INSTRUMENT_CHOICES)
    instrument_version = models.CharField(max_length=120)
    responses = models.JSONField(default=dict, blank=True)
    # NRS pain only: the period the rating refers to; scores are compared only within one
    # recall period (instruments.md §4.1). Blank for every other instrument.
    recall_period = models.CharField(
        max_length=4,
        blank=True,
        choices=RECALL_CHOICES,
    )
    textpack_language = models.CharField("text pack language", max_length=35, blank=True)
    textpack_version = models.CharField("text pack version", max_length=200, blank=True)
    source = models.CharField(max_length=16, choices=SOURCES)
    timepoint = models.CharField(max_length=12, choices=TIMEPOINTS)
    completed_on = models.DateField("completed on")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField()
    derived_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="derived"
    )
    derivation_note = models.CharField(max_length=200, blank=True)
    score = models.JSONField(default=dict)
    rules_version = models.CharField(max_length=32)
    scored_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=[s for s, _ in SOURCES]),
                name="response_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(timepoint__in=[t for t, _ in TIMEPOINTS]),
                name="response_timepoint_valid",
            ),
            # Provenance is all or nothing: a derived response always says what it came from.
            models.CheckConstraint(
                condition=(
                    models.Q(derived_from__isnull=True, derivation_note="")
                    | (models.Q(derived_from__isnull=False) & ~models.Q(derivation_note=""))
                ),
                name="response_derivation_noted",
            ),
        ]
        indexes = [
            models.Index(
                fields=["episode", "instrument", "completed_on"], name="response_episode_instr"
            ),
            models.Index(fields=["patient", "completed_on"], name="response_patient"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} · {self.timepoint_label} · {self.completed_on:%Y-%m-%d}"

    def clean(self) -> None:
        # instruments.md §4.1: an NRS rating means nothing without its recall period, and no
        # other instrument has one.
        if self.instrument == RECALL_INSTRUMENT and not self.recall_period:
            raise ValidationError(
                {
                    "recall_period": "Choose the period the pain rating refers to (right now, "
                    "the last 24 hours or the past 7 days)."
                }
            )
        if self.instrument != RECALL_INSTRUMENT and self.recall_period:
            raise ValidationError(
                {"recall_period": f"{self.instrument} has no recall period to record."}
            )

    @property
    def definition(self) -> Instrument:
        return get(self.instrument)

    @property
    def timepoint_label(self) -> str:
        return TIMEPOINT_LABELS.get(self.timepoint, self.timepoint)

    @property
    def is_baseline(self) -> bool:
        return self.timepoint == BASELINE

    @property
    def scales(self) -> dict[str, Any]:
        """Return the cached result's scales ({} before the first scoring)."""
        scales: dict[str, Any] = self.score.get("scales", {})
        return scales


class InstrumentLicence(models.Model):
    """A clinic's licence or permission reference for one instrument (reference §1.1 rule 6).

    `expires` is the last day of validity; blank means the licence states no expiry.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(max_length=24, choices=INSTRUMENT_CHOICES)
    holder = models.CharField("licence holder", max_length=200)
    reference = models.CharField("licence or permission reference", max_length=200)
    expires = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "instrument"], name="one_licence_per_clinic_instrument"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}: {self.holder} ({self.reference})"


class OutcomeSettings(models.Model):
    """Per-clinic questionnaire settings.

    `derive_womac_from_koos` is off by default: reference §2.1 and §4.8 — WOMAC licensing for
    derived scores is UNVERIFIED and KOOS has another recall period. `text_language` picks the
    text packs staff screens use (a BCP 47 tag; "en" matches "en-US").
    """

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="+")
    derive_womac_from_koos = models.BooleanField("derive WOMAC from a full KOOS", default=False)
    text_language = models.CharField("language of staff text packs", max_length=35, default="en")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Outcome settings of {self.clinic}"
