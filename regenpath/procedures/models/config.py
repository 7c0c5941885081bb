"""Clinic configuration for procedure day: FIN, time limit, product types, DIN sequences."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from regenpath.clinics.models import Clinic
from regenpath.domain.custody import DEFAULT_COLLECTION_TO_ADMINISTRATION_LIMIT
from regenpath.domain.identifiers import DinError, ProductCode, check_facility
from regenpath.domain.qc import CELL_SOURCE_LABELS, CellSource, OverrideError, criteria_for

# Reference §4.3: the harvest-to-injection limit is SOP-defined (example 2–4 h, UNVERIFIED); the
# default is the domain's conservative placeholder, which each clinic should set from its SOP.
DEFAULT_TIME_LIMIT_MINUTES = int(DEFAULT_COLLECTION_TO_ADMINISTRATION_LIMIT.total_seconds() // 60)


def validate_fin(value: str) -> None:
    """Refuse a malformed Facility Identification Number (ST-001 Table 3, reference §1.1)."""
    try:
        check_facility(value)
    except DinError as error:
        raise ValidationError(str(error)) from None


class ProcedureSettings(models.Model):
    """A clinic's procedure-day settings. The FIN is ICCBBA-assigned to one facility."""

    clinic = models.OneToOneField(
        Clinic, on_delete=models.CASCADE, related_name="procedure_settings"
    )
    # Unique across clinics: two clinics sharing a FIN would each count their own sequence and
    # could issue the same DIN (the DIN must be globally unique, reference §1.1).
    facility_id = models.CharField(
        "Facility Identification Number (FIN)",
        max_length=5,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_fin],
        help_text="Five characters assigned by ICCBBA, e.g. A9999.",
    )
    time_limit_minutes = models.PositiveIntegerField(
        "Time limit from harvest to injection (minutes)",
        default=DEFAULT_TIME_LIMIT_MINUTES,
        validators=[MinValueValidator(1)],
        help_text="From your SOP. No regulation sets a number (the 2–4 h example is unverified).",
    )
    default_location = models.CharField(max_length=80, default="Procedure room")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(time_limit_minutes__gte=1), name="procedure_time_limit_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.clinic}: FIN {self.facility_id or 'not set'}"


def validate_pdc(value: str) -> None:
    """Refuse a malformed Product Description Code (ST-001 Table 26, reference §1.4)."""
    try:
        ProductCode(pdc=value, collection_type="1")
    except ValueError as error:
        raise ValidationError(str(error)) from None


class ProductType(models.Model):
    """A clinic's kind of product: a local or licensed product code, a name and its QC criteria.

    ISBT 128 tables are licensed, so codes are configured per site (reference §1.4, §1.5); a code
    once used is never reassigned, so it cannot be edited, only retired.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="product_types")
    code = models.CharField(
        "product description code",
        max_length=5,
        validators=[validate_pdc],
        help_text="Five characters; facility-local codes start with D (e.g. D0001).",
    )
    # ST-001 Table 7: 1 = for autologous use only (reference §1.3).
    collection_type = models.CharField(max_length=1, default="1", editable=False)
    name = models.CharField(max_length=120)
    cell_source = models.CharField(
        max_length=8, choices=[(s.value, label) for s, label in CELL_SOURCE_LABELS.items()]
    )
    # {criterion id: {"enabled": bool, "threshold": number, "blocking": bool}} (domain/qc.py).
    qc_overrides = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "code"], name="product_type_code_per_clinic")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        try:
            criteria_for(CellSource(self.cell_source), self.qc_overrides)
        except (OverrideError, ValueError) as error:
            raise ValidationError({"qc_overrides": str(error)}) from None

    @property
    def product_code(self) -> ProductCode:
        return ProductCode(pdc=self.code, collection_type=self.collection_type)


class DinSequence(models.Model):
    """The last DIN sequence number used by a clinic for one FIN and nominal year.

    Rows are locked (select_for_update) while a number is taken, so concurrent harvests never get
    the same number; numbers only go up and are never reused (reference §1.1).
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    facility_id = models.CharField(max_length=5)
    year = models.PositiveSmallIntegerField(help_text="Last two digits of the nominal year.")
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "facility_id", "year"], name="din_sequence_unique"
            ),
            models.CheckConstraint(condition=models.Q(year__lte=99), name="din_year_two_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.year:02d}: {self.last_sequence}"


__all__ = [
    "DEFAULT_TIME_LIMIT_MINUTES",
    "DinSequence",
    "ProcedureSettings",
    "ProductType",
]
