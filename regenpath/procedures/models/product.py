"""A procedure case and its biologic product: harvest, processing, QC, bedside check, injection.

Every state change of a product is one CustodyEvent, written in the same transaction by the action
in regenpath/procedures/actions.py that changes the state (reference §3.6, 21 CFR 11.50).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from regenpath.clinics.models import Clinic
from regenpath.domain.conditions import SIDE_LABELS
from regenpath.domain.custody import Action, Signature, State
from regenpath.domain.identifiers import Din
from regenpath.patients.models import Episode, Patient
from regenpath.plans.models import TreatmentPlan
from regenpath.procedures.models.config import ProductType

STATE_LABELS: dict[str, str] = {
    State.COLLECTED: "Collected",
    State.IN_PROCESSING: "In processing",
    State.QC_PENDING: "QC pending",
    State.RELEASED: "Released",
    State.QUARANTINED: "Quarantined",
    State.ADMINISTERED: "Administered",
    State.DISCARDED: "Discarded",
}
SIDES = [(s.value, label) for s, label in SIDE_LABELS.items()]
HARVEST_SITES = [
    ("posterior_iliac_crest", "Posterior iliac crest (PSIS)"),
    ("anterior_iliac_crest", "Anterior iliac crest (ASIS)"),
    ("abdomen", "Abdomen (lipoaspirate)"),
    ("flank", "Flank (lipoaspirate)"),
    ("thigh", "Thigh (lipoaspirate)"),
    ("other", "Other"),
]
# Reference §2.1/§2.2: anticoagulants recorded as processing additives (e.g. ACD-A, heparin).
ANTICOAGULANTS = [
    ("acd_a", "ACD-A"),
    ("heparin", "Heparin"),
    ("none", "None"),
    ("other", "Other"),
]
GUIDANCE = [
    ("ultrasound", "Ultrasound"),
    ("fluoroscopy", "Fluoroscopy"),
    ("ct", "CT"),
    ("landmark", "Landmark (no imaging)"),
]


class ProcedureCase(models.Model):
    """A scheduled procedure for one episode: where the plan says to inject, and when."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="procedure_cases")
    # The final, consented treatment plan this procedure carries out (regenpath.plans).
    plan = models.ForeignKey(
        TreatmentPlan, on_delete=models.PROTECT, related_name="procedure_cases"
    )
    scheduled_for = models.DateField()
    # The plan's sites [{"target": ..., "side": ...}] as they were at scheduling, for the record;
    # the bedside check reads the plan itself.
    planned_sites = models.JSONField(default=list)
    # The procedure date follow-up schedules anchor on: fixed by the first administration.
    performed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheduled_for", "pk"]
        indexes = [models.Index(fields=["clinic", "scheduled_for"], name="case_clinic_date")]

    def __str__(self) -> str:
        return f"{self.episode} on {self.scheduled_for:%Y-%m-%d}"

    @property
    def patient(self) -> Patient:
        return self.episode.patient

    def planned_sites_text(self) -> str:
        return "; ".join(f"{s['target']} ({s['side']})" for s in self.planned_sites)


class BiologicProduct(models.Model):
    """One harvest's product, identified by its ISBT 128 DIN; `patient` is the donor."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(ProcedureCase, on_delete=models.PROTECT, related_name="products")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="biologic_products")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="+")
    # Keyed by the 13 DIN characters alone (reference §1.5 rule 2); flags are metadata.
    din = models.CharField("DIN", max_length=13, unique=True)
    flags = models.CharField(max_length=2, default="00")
    product_type = models.ForeignKey(ProductType, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=16, choices=list(STATE_LABELS.items()))
    collected_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-collected_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in State]), name="product_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("collected_at")),
                name="product_expires_after_collection",
            ),
        ]

    def __str__(self) -> str:
        return self.din_object.eye_readable()

    @property
    def din_object(self) -> Din:
        return Din(self.din, flags=self.flags)

    @property
    def state_enum(self) -> State:
        return State(self.state)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


class Harvest(models.Model):
    """The collection of marrow or fat from the donor (reference §4.1, §4.2)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    product = models.OneToOneField(
        BiologicProduct, on_delete=models.PROTECT, related_name="harvest"
    )
    site = models.CharField("harvest site", max_length=32, choices=HARVEST_SITES)
    side = models.CharField(max_length=12, choices=SIDES)
    aspirate_volume_ml = models.DecimalField("aspirate volume (mL)", max_digits=6, decimal_places=1)
    anticoagulant = models.CharField(max_length=16, choices=ANTICOAGULANTS)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__gte=models.F("started_at")),
                name="harvest_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(aspirate_volume_ml__gt=0), name="harvest_volume_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Harvest of {self.product}"


class Processing(models.Model):
    """Point-of-care processing with the kit lot and the measured composition (reference §4)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    product = models.OneToOneField(
        BiologicProduct, on_delete=models.PROTECT, related_name="processing"
    )
    device = models.CharField("device or kit", max_length=120)
    catalogue_number = models.CharField(max_length=40)
    lot = models.CharField("kit lot", max_length=40, db_index=True)
    lot_expiry = models.DateField("kit lot expiry")
    method = models.CharField(max_length=200)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    input_volume_ml = models.DecimalField("input volume (mL)", max_digits=6, decimal_places=1)
    final_volume_ml = models.DecimalField("final volume (mL)", max_digits=6, decimal_places=1)
    tnc_total_e6 = models.DecimalField(
        "total nucleated cells (×10⁶)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    tnc_per_ml_e6 = models.DecimalField(
        "nucleated cells per mL (×10⁶/mL)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    viability_percent = models.DecimalField(
        "viability (%)", max_digits=5, decimal_places=1, null=True, blank=True
    )
    cfu_f_per_ml = models.DecimalField(
        "CFU-F per mL", max_digits=9, decimal_places=1, null=True, blank=True
    )
    cd34_percent = models.DecimalField(
        "CD34+ (% of nucleated cells)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    platelets_e3_per_ul = models.DecimalField(
        "platelets (×10³/µL)", max_digits=8, decimal_places=1, null=True, blank=True
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__gte=models.F("started_at")),
                name="processing_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(final_volume_ml__lte=models.F("input_volume_ml")),
                name="processing_final_not_above_input",
            ),
            models.CheckConstraint(
                condition=models.Q(viability_percent__isnull=True)
                | models.Q(viability_percent__gte=0, viability_percent__lte=100),
                name="processing_viability_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"Processing of {self.product}"


class QCRelease(models.Model):
    """A signed QC decision with the criteria and results it was taken on (replayable)."""

    RELEASED = "released"
    QUARANTINED = "quarantined"
    RELEASED_BY_EXCEPTION = "released_by_exception"
    DECISIONS = [
        (RELEASED, "Released"),
        (QUARANTINED, "Quarantined"),
        (RELEASED_BY_EXCEPTION, "Released under documented exception"),
    ]

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(
        BiologicProduct, on_delete=models.PROTECT, related_name="qc_decisions"
    )
    decision = models.CharField(max_length=24, choices=DECISIONS)
    rules_version = models.CharField(max_length=32)
    criteria = models.JSONField(default=list)
    results = models.JSONField(default=list)
    reason = models.TextField(blank=True)
    # Release with a failed criterion: the physician's documented exception (the issue).
    exception_justification = models.TextField(blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_name = models.CharField(max_length=200)
    meaning = models.CharField(max_length=80)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} · {self.product}"

    @property
    def signature(self) -> Signature:
        return Signature(self.signed_name, self.signed_at, self.meaning)


class BedsideVerification(models.Model):
    """One bedside identity check: what was scanned, against what, and every failed check."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(
        BiologicProduct, on_delete=models.PROTECT, related_name="verifications"
    )
    scanned_din = models.CharField(max_length=40)
    scanned_patient_id = models.CharField("wristband identifier", max_length=40)
    target = models.CharField(max_length=80)
    side = models.CharField(max_length=12, choices=SIDES)
    failures = models.JSONField(default=list)  # [{"code": ..., "message": ...}]
    passed = models.BooleanField()
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField()
    location = models.CharField(max_length=80)
    # A second physician's signed override (never across patients; domain/custody.py).
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    override_name = models.CharField(max_length=200, blank=True)
    override_reason = models.TextField(blank=True)
    override_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["verified_at", "pk"]

    def __str__(self) -> str:
        return f"Bedside check of {self.product} ({'passed' if self.passed else 'failed'})"

    @property
    def cleared(self) -> bool:
        """Return whether administration may follow: passed, or failed and overridden."""
        return self.passed or self.override_at is not None

    @property
    def failure_codes(self) -> list[str]:
        return [f["code"] for f in self.failures]


class Administration(models.Model):
    """The injection of a product; one per product at most (the OneToOne is the guarantee)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    product = models.OneToOneField(
        BiologicProduct, on_delete=models.PROTECT, related_name="administration"
    )
    verification = models.OneToOneField(
        BedsideVerification, on_delete=models.PROTECT, related_name="administration"
    )
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    target = models.CharField(max_length=80)
    side = models.CharField(max_length=12, choices=SIDES)
    guidance = models.CharField(max_length=16, choices=GUIDANCE)
    volume_ml = models.DecimalField("volume (mL)", max_digits=6, decimal_places=1)
    needle = models.CharField(max_length=60, help_text="Gauge and length, e.g. 22G 90 mm spinal.")
    administered_at = models.DateTimeField()
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(volume_ml__gt=0), name="administration_volume"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} into {self.target} ({self.side})"


class CustodyEvent(models.Model):
    """One signed hand-off: exactly one per state change of a product. Append-only.

    Signature manifestation per 21 CFR 11.50 (reference §3.5 REG-5): printed name, date and time,
    meaning. Linked to its record by the product foreign key and never edited (§11.70, REG-6).
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(
        BiologicProduct, on_delete=models.PROTECT, related_name="custody_events"
    )
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    action = models.CharField(max_length=24, choices=[(a.value, a.value) for a in Action])
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    printed_name = models.CharField(max_length=200)
    meaning = models.CharField(max_length=80)
    at = models.DateTimeField()
    location = models.CharField(max_length=80)
    note = models.TextField(blank=True)
    rules_version = models.CharField(max_length=32)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["product", "at"], name="custody_product_at")]

    def __str__(self) -> str:
        return f"{self.product}: {self.from_state or 'new'} → {self.to_state}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("Custody events are signed records and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Custody events are signed records and cannot be deleted.")

    @property
    def signature(self) -> Signature:
        return Signature(self.printed_name, self.at, self.meaning)

    @property
    def from_label(self) -> str:
        return STATE_LABELS.get(self.from_state, "—")

    @property
    def to_label(self) -> str:
        return STATE_LABELS[self.to_state]
