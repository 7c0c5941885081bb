"""Screening facts, candidacy decisions with their signatures, clinic settings and patient links.

A decision is replayable: it stores the facts it saw (as `facts_to_dict`), their hash, the
rule-set version and the clinic's threshold overrides in force, so `assess` run again on the same
inputs gives the same result (DESIGN.md: versioned rule tables).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models

from regenpath.clinics.models import Clinic
from regenpath.patients.models import Episode, Patient


class DecisionStatus(models.TextChoices):
    # The four outcomes of regenpath.domain.candidacy.assess (issue 4).
    CANDIDATE = "candidate", "Candidate"
    NOT_CANDIDATE = "not_candidate", "Not a candidate"
    NEEDS_REVIEW = "needs_review", "Needs clinician review"
    DEFERRED = "deferred", "Deferred"


class ScreeningSource(models.TextChoices):
    STAFF = "staff", "Staff"
    PATIENT_INTAKE = "patient_intake", "Patient intake"


class CandidacySettings(models.Model):
    """A clinic's own candidacy thresholds (validated by RuleSet.with_overrides)."""

    clinic = models.OneToOneField(
        Clinic, on_delete=models.PROTECT, related_name="candidacy_settings"
    )
    rule_overrides = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Candidacy settings of {self.clinic}"


class PatientLink(models.Model):
    """A signed, expiring, single-use link given to one patient for one purpose.

    The URL carries a TimestampSigner signature of `uuid` with a salt per purpose; this row
    makes it expire (`expires_at`) and work once (`used_at`). For consent links `plan_id` names
    the one treatment plan the link may sign (a plain id, because plans depend on screening).
    """

    class Purpose(models.TextChoices):
        INTAKE = "intake", "Screening questionnaire"
        CONSENT = "consent", "Informed consent"

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="links")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="patient_links")
    plan_id = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.EmailField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose__in=["intake", "consent"]), name="link_purpose_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(purpose="consent") | models.Q(plan_id__isnull=False),
                name="link_consent_names_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link for {self.patient}"

    def is_expired(self, now: dt.datetime) -> bool:
        """Return True from `expires_at` on."""
        return now >= self.expires_at


class Screening(models.Model):
    """The facts recorded for one screening of an episode, by staff or by the patient."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="screenings")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    facts = models.JSONField()
    facts_hash = models.CharField(max_length=64)
    source = models.CharField(max_length=16, choices=ScreeningSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField()
    link = models.ForeignKey(
        PatientLink, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A staff screening made by reviewing a patient's intake answers names that intake.
    reviewed_intake = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )

    class Meta:
        ordering = ["-entered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=[s.value for s in ScreeningSource]),
                name="screening_source_valid",
            ),
            # Staff screenings name who entered them; intake screenings name the link used.
            models.CheckConstraint(
                condition=(models.Q(source="staff") & models.Q(entered_by__isnull=False))
                | (models.Q(source="patient_intake") & models.Q(link__isnull=False)),
                name="screening_source_has_author",
            ),
        ]
        indexes = [models.Index(fields=["episode", "entered_at"], name="screening_episode_at")]

    def __str__(self) -> str:
        return f"Screening of {self.episode} on {self.entered_at:%Y-%m-%d}"


class CandidacyDecision(models.Model):
    """The decision `assess` returned for one screening, with its sign-off or override.

    It takes effect only once a physician signs it or overrides it (Part 11 §11.50: printed
    name, date and time, meaning are stored with each signature).
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, related_name="candidacy_decisions"
    )
    screening = models.OneToOneField(Screening, on_delete=models.PROTECT, related_name="decision")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=16, choices=DecisionStatus.choices)
    reasons = models.JSONField(default=list, blank=True)
    missing = models.JSONField(default=list, blank=True)
    earliest_date = models.DateField(null=True, blank=True)
    rules_version = models.CharField(max_length=40)
    rule_overrides = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField()
    decided_on = models.DateField()  # the `today` passed to assess

    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signer_name = models.CharField(max_length=200, blank=True)
    signature_meaning = models.CharField(max_length=200, blank=True)
    signed_hash = models.CharField(max_length=64, blank=True)

    override_status = models.CharField(max_length=16, choices=DecisionStatus.choices, blank=True)
    override_justification = models.TextField(blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    override_signer_name = models.CharField(max_length=200, blank=True)
    override_meaning = models.CharField(max_length=200, blank=True)
    override_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in DecisionStatus]),
                name="decision_status_valid",
            ),
            # A signature is whole or absent: who, when, printed name and meaning together.
            models.CheckConstraint(
                condition=(
                    models.Q(signed_by__isnull=True, signed_at__isnull=True, signer_name="")
                    | (
                        models.Q(signed_by__isnull=False, signed_at__isnull=False)
                        & ~models.Q(signer_name="")
                        & ~models.Q(signature_meaning="")
                    )
                ),
                name="decision_signature_whole",
            ),
            # An override always carries a justification and its own whole signature.
            models.CheckConstraint(
                condition=(
                    models.Q(override_status="", override_by__isnull=True, override_at__isnull=True)
                    | (
                        models.Q(
                            override_status__in=[s.value for s in DecisionStatus],
                            override_by__isnull=False,
                            override_at__isnull=False,
                        )
                        & ~models.Q(override_justification="")
                        & ~models.Q(override_signer_name="")
                        & ~models.Q(override_meaning="")
                    )
                ),
                name="decision_override_whole",
            ),
        ]
        indexes = [models.Index(fields=["episode", "decided_at"], name="decision_episode_at")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.decided_at:%Y-%m-%d})"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_overridden(self) -> bool:
        return bool(self.override_status)

    @property
    def in_effect(self) -> bool:
        """Return True once a physician has signed or overridden the decision."""
        return self.is_signed or self.is_overridden

    @property
    def effective_status(self) -> str:
        """Return the status that counts: the override's if any, else the signed status."""
        if self.is_overridden:
            return self.override_status
        return self.status if self.is_signed else ""

    @property
    def effective_status_label(self) -> str:
        status = self.effective_status
        return DecisionStatus(status).label if status else "Not yet signed"

    @property
    def override_status_label(self) -> str:
        return DecisionStatus(self.override_status).label if self.override_status else ""
