"""Treatment plans built from a condition's template, and the patient's informed consent."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from regenpath.clinics.models import Clinic
from regenpath.patients.models import Episode
from regenpath.screening.models import CandidacyDecision, PatientLink


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"
    # A final plan replaced by a newer one: its consent no longer allows a procedure.
    SUPERSEDED = "superseded", "Superseded"


class ImageGuidance(models.TextChoices):
    ULTRASOUND = "ultrasound", "Ultrasound"
    FLUOROSCOPY = "fluoroscopy", "Fluoroscopy"


class TreatmentPlan(models.Model):
    """One episode's plan: cell source, targets, guidance, date, instructions, rehab, follow-up."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="treatment_plans")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The candidacy decision in effect when the plan was made (signed, or overridden).
    decision = models.ForeignKey(CandidacyDecision, on_delete=models.PROTECT, related_name="+")
    template_id = models.CharField(max_length=40)
    template_version = models.CharField(max_length=40)
    cell_source = models.CharField(max_length=40)
    cell_source_label = models.CharField(max_length=120)
    cell_source_requires_fda = models.BooleanField(default=False)
    ind_number = models.CharField("IND number", max_length=40, blank=True)
    targets = models.JSONField(default=list, blank=True)
    side = models.CharField(max_length=12)
    image_guidance = models.CharField(max_length=16, choices=ImageGuidance.choices)
    planned_date = models.DateField(null=True, blank=True)
    pre_procedure = models.JSONField(default=list, blank=True)
    rehab = models.JSONField(default=dict, blank=True)
    follow_up = models.JSONField(default=list, blank=True)
    instruments = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    expected_course = models.TextField(blank=True)
    physician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Part 11 §11.50: finalising is the physician's signature on the plan.
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signer_name = models.CharField(max_length=200, blank=True)
    signature_meaning = models.CharField(max_length=200, blank=True)
    signed_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in PlanStatus]),
                name="plan_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(signed_at__isnull=False) & ~models.Q(signer_name="")),
                name="plan_final_is_signed",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan for {self.episode} ({self.get_status_display().lower()})"

    @property
    def is_final(self) -> bool:
        return self.status == PlanStatus.FINAL


class Consent(models.Model):
    """A patient's signature of the consent document for one plan, frozen as a PDF."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="consents")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document_version = models.CharField(max_length=40)
    document_hash = models.CharField(max_length=64)
    signer_name = models.CharField("full name typed by the patient", max_length=200)
    signed_at = models.DateTimeField()
    confirmed = models.BooleanField()
    link = models.OneToOneField(PatientLink, on_delete=models.PROTECT, related_name="+")
    witness = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    witness_name = models.CharField(max_length=200, blank=True)
    witness_signed_at = models.DateTimeField(null=True, blank=True)
    # The physician's confirmation that moves the episode to "consented".
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_name = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    pdf_path = models.CharField(max_length=300)
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-signed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(confirmed=True), name="consent_confirmed"),
            models.CheckConstraint(condition=~models.Q(signer_name=""), name="consent_has_name"),
            models.CheckConstraint(
                condition=models.Q(witness__isnull=True, witness_signed_at__isnull=True)
                | (
                    models.Q(witness__isnull=False, witness_signed_at__isnull=False)
                    & ~models.Q(witness_name="")
                ),
                name="consent_witness_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"Consent by {self.signer_name} on {self.signed_at:%Y-%m-%d}"
