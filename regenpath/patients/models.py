"""Patients, their episodes of care, and each episode's stage history."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models

from regenpath.clinics.models import Clinic
from regenpath.domain.conditions import (
    CONDITIONS,
    PAIN_MECHANISM_LABELS,
    PRIOR_TREATMENT_LABELS,
    SIDE_LABELS,
    UNVERIFIED_SNOMED,
    Condition,
    Side,
    get_condition,
)
from regenpath.domain.stages import STAGE_LABELS, Stage

SEX_AT_BIRTH = [
    ("female", "Female"),
    ("male", "Male"),
    ("intersex", "Intersex"),
    ("not_recorded", "Not recorded"),
]

# BCP 47 tags of the languages patient-facing text is prepared for; English first (DESIGN.md).
LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("de", "German"),
    ("pt", "Portuguese"),
    ("it", "Italian"),
    ("pl", "Polish"),
    ("ar", "Arabic"),
    ("zh", "Chinese"),
]


def normalise_name(value: str) -> str:
    """Return a name as search keys are stored: trimmed, case-folded."""
    return " ".join(value.split()).casefold()


class Patient(models.Model):
    """A person under the clinic's care. The MRN is clinic-local."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mrn = models.CharField("MRN", max_length=32)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    # Case-folded copies for index-backed prefix search (a range scan, not LIKE '%x%').
    given_name_key = models.CharField(max_length=100, editable=False)
    family_name_key = models.CharField(max_length=100, editable=False)
    date_of_birth = models.DateField()
    sex_at_birth = models.CharField(max_length=16, choices=SEX_AT_BIRTH)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True)
    preferred_language = models.CharField(max_length=8, choices=LANGUAGES, default="en")
    registry_consent = models.BooleanField("consents to outcome registry", default=False)
    contact_consent = models.BooleanField("consents to be contacted for follow-up", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "mrn"], name="patient_mrn_unique_per_clinic"),
        ]
        indexes = [
            # Ends with id, the list's last sort key, so PostgreSQL reads deep pages straight
            # from the index (benchmarks/README.md: last page 51 → 6 ms at 50,000 patients).
            models.Index(
                fields=["clinic", "family_name_key", "given_name_key", "id"],
                name="patient_family_id",
            ),
            models.Index(fields=["clinic", "given_name_key"], name="patient_given"),
            models.Index(fields=["clinic", "date_of_birth"], name="patient_dob"),
        ]

    def __str__(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name} ({self.mrn})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.given_name_key = normalise_name(self.given_name)
        self.family_name_key = normalise_name(self.family_name)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_on(self, today: date) -> int:
        """Return the patient's age in whole years on `today`."""
        before_birthday = (today.month, today.day) < (
            self.date_of_birth.month,
            self.date_of_birth.day,
        )
        return today.year - self.date_of_birth.year - int(before_birthday)


class Episode(models.Model):
    """One painful condition at one body site and side (e.g. left knee osteoarthritis)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="episodes")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="episodes")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    condition_code = models.CharField(
        "condition", max_length=40, choices=[(c.code, c.label) for c in CONDITIONS]
    )
    body_site = models.CharField(max_length=80)
    side = models.CharField(
        max_length=12, choices=[(s.value, label) for s, label in SIDE_LABELS.items()]
    )
    onset_date = models.DateField("pain onset date")
    pain_mechanism = models.CharField(
        max_length=16, choices=[(m.value, label) for m, label in PAIN_MECHANISM_LABELS.items()]
    )
    kl_grade = models.PositiveSmallIntegerField("Kellgren–Lawrence grade", null=True, blank=True)
    bmi_at_referral = models.DecimalField(
        "BMI at referral", max_digits=4, decimal_places=1, null=True, blank=True
    )
    prior_treatments = models.JSONField(default=list, blank=True)
    stage = models.CharField(
        max_length=16, choices=[(s.value, STAGE_LABELS[s]) for s in Stage], default=Stage.REFERRED
    )
    stage_changed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kl_grade__isnull=True) | models.Q(kl_grade__lte=4),
                name="episode_kl_grade_0_4",
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=[s.value for s in Stage]), name="episode_stage_valid"
            ),
        ]
        indexes = [models.Index(fields=["clinic", "stage"], name="episode_stage")]

    def __str__(self) -> str:
        side = self.side_label.lower()
        return f"{self.condition.label}, {side}" if side else self.condition.label

    @property
    def condition(self) -> Condition:
        return get_condition(self.condition_code)

    @property
    def side_label(self) -> str:
        return "" if self.side == Side.MIDLINE else self.get_side_display()

    @property
    def prior_treatment_labels(self) -> list[str]:
        return [PRIOR_TREATMENT_LABELS.get(code, code) for code in self.prior_treatments]

    @property
    def snomed_unverified(self) -> bool:
        return self.condition.snomed_code in UNVERIFIED_SNOMED

    @property
    def stage_enum(self) -> Stage:
        return Stage(self.stage)


class StageChange(models.Model):
    """A move of an episode from one stage to another, by whom and why."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, blank=True)
    to_stage = models.CharField(max_length=16)
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_label or 'new'} → {self.to_label}"

    @property
    def from_label(self) -> str:
        return STAGE_LABELS[Stage(self.from_stage)] if self.from_stage else ""

    @property
    def to_label(self) -> str:
        return STAGE_LABELS[Stage(self.to_stage)]
