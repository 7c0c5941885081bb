"""Safety records of procedure day: incidents, adverse events and late laboratory results."""

from __future__ import annotations

import uuid
from enum import StrEnum

from django.conf import settings
from django.db import models

from regenpath.clinics.models import Clinic
from regenpath.domain.adverse import (
    CTCAE_GRADES,
    LABELS,
    TERMS,
    Outcome,
    Relatedness,
    RelatedStep,
    Seriousness,
)
from regenpath.patients.models import Episode, Patient
from regenpath.procedures.models.product import BiologicProduct


def _choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, LABELS[member.value]) for member in enum]


class Incident(models.Model):
    """Something that went wrong or nearly did: a bedside hard stop, or another reported event."""

    BEDSIDE_HARD_STOP = "bedside_hard_stop"
    OTHER = "other"
    KINDS = [(BEDSIDE_HARD_STOP, "Bedside hard stop"), (OTHER, "Other")]

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=24, choices=KINDS)
    product = models.ForeignKey(
        BiologicProduct, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    codes = models.JSONField(default=list, blank=True)
    description = models.TextField()
    location = models.CharField(max_length=80, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class AdverseEvent(models.Model):
    """An adverse event of one patient (reference §8.2): term, CTCAE grade, seriousness, causality.

    `grade` is empty until the physician grades it (an event opened by a positive culture starts
    ungraded, never with a guessed grade).
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="adverse_events")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="adverse_events")
    product = models.ForeignKey(
        BiologicProduct,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adverse_events",
    )
    onset_date = models.DateField()
    category = models.CharField("term", max_length=32, choices=[(t.code, t.label) for t in TERMS])
    grade = models.PositiveSmallIntegerField(
        "CTCAE v5.0 grade",
        null=True,
        blank=True,
        choices=[(g, f"{g} — {label}") for g, label in CTCAE_GRADES.items()],
    )
    seriousness = models.CharField(max_length=16, choices=_choices(Seriousness))
    relatedness = models.CharField(max_length=16, choices=_choices(Relatedness))
    related_step = models.CharField(
        "related to", max_length=16, choices=_choices(RelatedStep), default=RelatedStep.UNKNOWN
    )
    outcome = models.CharField(max_length=24, choices=_choices(Outcome))
    description = models.TextField(blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["-onset_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True) | models.Q(grade__gte=1, grade__lte=5),
                name="adverse_event_ctcae_grade_1_5",
            )
        ]

    def __str__(self) -> str:
        grade = f"grade {self.grade}" if self.grade else "not graded"
        return f"{self.get_category_display()} ({grade})"


class LabResult(models.Model):
    """A sterility or culture result that arrives after the product was used (reference §4.3)."""

    NEGATIVE = "negative"
    POSITIVE = "positive"
    INDETERMINATE = "indeterminate"
    RESULTS = [(NEGATIVE, "Negative"), (POSITIVE, "Positive"), (INDETERMINATE, "Indeterminate")]
    KINDS = [
        ("culture", "Sterility culture"),
        ("gram_stain", "Gram stain"),
        ("endotoxin", "Endotoxin"),
        ("other", "Other"),
    ]

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(
        BiologicProduct, on_delete=models.PROTECT, related_name="lab_results"
    )
    kind = models.CharField(max_length=16, choices=KINDS)
    result = models.CharField(max_length=16, choices=RESULTS)
    organism = models.CharField(max_length=120, blank=True)
    resulted_at = models.DateTimeField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    adverse_event = models.OneToOneField(
        AdverseEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="lab_result"
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-resulted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_result_display().lower()} · {self.product}"

    @property
    def is_open_alert(self) -> bool:
        return self.result == self.POSITIVE and self.acknowledged_at is None
