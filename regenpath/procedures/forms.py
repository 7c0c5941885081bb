"""Forms of procedure day: field-level messages naming the field, nothing saved on error.

The checks themselves are the domain's (regenpath.domain.procedure_records, .qc, .identifiers,
.adverse); forms put each problem beside its field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone

from regenpath.domain.adverse import check_grade
from regenpath.domain.conditions import SIDE_LABELS
from regenpath.domain.identifiers import Din, DinError, parse_din
from regenpath.domain.procedure_records import (
    FieldProblem,
    check_administered_volume,
    check_harvest,
    check_processing,
    din_entry_problem,
)
from regenpath.domain.qc import DEFAULT_CRITERIA, MEASURE_UNITS, CellSource, Comparison
from regenpath.plans.models import TreatmentPlan
from regenpath.procedures.models import (
    AdverseEvent,
    BiologicProduct,
    LabResult,
    ProcedureSettings,
    ProductType,
)
from regenpath.procedures.models.product import ANTICOAGULANTS, GUIDANCE, HARVEST_SITES

SIDES = [(s.value, label) for s, label in SIDE_LABELS.items()]
SIGNATURE_HELP = "Your password again: it is your electronic signature (21 CFR Part 11)."


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _add(form: forms.Form, problems: Iterable[FieldProblem]) -> None:
    for problem in problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message)


class SignatureForm(forms.Form):
    """Where and with what password the signer signs; the base of every signing form."""

    location = forms.CharField(max_length=80, help_text="Room or area where this happens.")
    password = forms.CharField(
        label="Password (signature)",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=SIGNATURE_HELP,
    )

    def __init__(self, *args: Any, location: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].initial = location
        # Signature fields come last, whatever the subclass declares.
        self.order_fields([n for n in self.fields if n not in {"location", "password"}])


class ReasonForm(SignatureForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Kept with the signature in the custody record.",
    )


class ScheduleForm(forms.Form):
    plan = forms.ModelChoiceField(
        queryset=TreatmentPlan.objects.none(),
        label="Consented treatment plan",
        empty_label=None,
        help_text="Only final plans the patient has signed consent for can be scheduled.",
    )
    scheduled_for = forms.DateField(label="Procedure date", widget=DateInput())

    def __init__(self, *args: Any, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["plan"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = plans
        field.label_from_instance = lambda plan: (  # type: ignore[method-assign,assignment]
            f"{', '.join(plan.targets)} ({plan.side}) · {plan.cell_source_label}"
        )

    def clean_scheduled_for(self) -> dt.date:
        day: dt.date = self.cleaned_data["scheduled_for"]
        if day < timezone.localdate():
            raise forms.ValidationError("The procedure date is in the past.")
        return day


class HarvestForm(SignatureForm):
    product_type = forms.ModelChoiceField(queryset=ProductType.objects.none())
    site = forms.ChoiceField(label="Harvest site", choices=HARVEST_SITES)
    side = forms.ChoiceField(choices=SIDES)
    aspirate_volume_ml = forms.DecimalField(
        label="Aspirate volume (mL)", max_digits=6, decimal_places=1
    )
    anticoagulant = forms.ChoiceField(choices=ANTICOAGULANTS)
    started_at = forms.DateTimeField(label="Harvest start", widget=DateTimeInput())
    ended_at = forms.DateTimeField(label="Harvest end", widget=DateTimeInput())

    def __init__(self, *args: Any, product_types: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["product_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = product_types

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        volume = data.get("aspirate_volume_ml")
        _add(
            self,
            check_harvest(
                started_at=data.get("started_at"),
                ended_at=data.get("ended_at"),
                aspirate_volume_ml=float(volume) if volume is not None else None,
                now=timezone.now(),
            ),
        )
        return data


def _decimal(label: str, *, required: bool = False, digits: int = 9, places: int = 2) -> Any:
    return forms.DecimalField(
        label=label, required=required, max_digits=digits, decimal_places=places
    )


class ProcessingForm(SignatureForm):
    device = forms.CharField(label="Device or kit", max_length=120)
    catalogue_number = forms.CharField(max_length=40)
    lot = forms.CharField(label="Kit lot", max_length=40)
    lot_expiry = forms.DateField(label="Kit lot expiry", widget=DateInput())
    method = forms.CharField(max_length=200, help_text="E.g. centrifugation, 2 spins, 12 min.")
    started_at = forms.DateTimeField(label="Processing start", widget=DateTimeInput())
    ended_at = forms.DateTimeField(label="Processing end", widget=DateTimeInput())
    input_volume_ml = _decimal("Input volume (mL)", required=True, digits=6, places=1)
    final_volume_ml = _decimal("Final volume (mL)", required=True, digits=6, places=1)
    tnc_total_e6 = _decimal("Total nucleated cells (×10⁶)")
    tnc_per_ml_e6 = _decimal("Nucleated cells per mL (×10⁶/mL)")
    viability_percent = _decimal("Viability (%)", digits=5, places=1)
    cfu_f_per_ml = _decimal("CFU-F per mL (optional)", places=1)
    cd34_percent = _decimal("CD34+ (% of nucleated cells, optional)", digits=5)
    platelets_e3_per_ul = _decimal("Platelets (×10³/µL, optional)", digits=8, places=1)

    def __init__(self, *args: Any, product: BiologicProduct, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.product = product

    def clean_lot(self) -> str:
        return " ".join(self.cleaned_data["lot"].split()).upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        harvest = self.product.harvest
        started = data.get("started_at")

        def number(name: str) -> float | None:
            value = data.get(name)
            return None if value is None else float(value)

        _add(
            self,
            check_processing(
                started_at=started,
                ended_at=data.get("ended_at"),
                harvest_started_at=harvest.started_at,
                input_volume_ml=number("input_volume_ml"),
                final_volume_ml=number("final_volume_ml"),
                viability_percent=number("viability_percent"),
                lot_expiry=data.get("lot_expiry"),
                processing_day=timezone.localtime(started).date() if started else None,
                now=timezone.now(),
                harvest_volume_ml=float(harvest.aspirate_volume_ml),
            ),
        )
        cd34 = number("cd34_percent")
        if cd34 is not None and not 0 <= cd34 <= 100:
            self.add_error("cd34_percent", "CD34+ is a percentage between 0 and 100.")
        for name in ("tnc_total_e6", "tnc_per_ml_e6", "cfu_f_per_ml", "platelets_e3_per_ul"):
            value = number(name)
            if value is not None and value < 0:
                self.add_error(name, "A count cannot be negative.")
        return data


class QCDecisionForm(SignatureForm):
    decision = forms.ChoiceField(
        choices=[("release", "Release"), ("quarantine", "Quarantine")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text="Required to quarantine.",
    )

    def __init__(self, *args: Any, releasable: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.releasable = releasable

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "release" and not self.releasable:
            self.add_error(
                "decision",
                "Not every release criterion passed: quarantine the product. A physician may "
                "then release it under a documented exception.",
            )
        if data.get("decision") == "quarantine" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Give the reason for quarantine.")
        return data


class ExceptionForm(SignatureForm):
    justification = forms.CharField(
        label="Documented exception",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="Why this product is released although a criterion failed or was not measured.",
    )


def din_field_error(text: str) -> str | None:
    """Return the message for a DIN that cannot be read (check character, length, characters)."""
    problem = din_entry_problem(text)
    return problem.message if problem else None


class BedsideForm(forms.Form):
    scanned_din = forms.CharField(
        label="Product DIN (scan the label, or type it with its check character)",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "class": "big"}),
    )
    scanned_patient_id = forms.CharField(
        label="Patient wristband identifier (MRN)",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "big"}),
    )
    target = forms.CharField(
        max_length=80,
        help_text="The structure about to be injected.",
        widget=forms.TextInput(attrs={"list": "planned-targets"}),
    )
    side = forms.ChoiceField(choices=SIDES)
    location = forms.CharField(max_length=80)

    def clean_scanned_din(self) -> str:
        text: str = self.cleaned_data["scanned_din"]
        problem = din_field_error(text)
        if problem:
            raise forms.ValidationError(problem)
        return text.strip()


class OverrideForm(forms.Form):
    username = forms.CharField(label="Second physician's username", max_length=150)
    password = forms.CharField(
        label="Second physician's password (signature)",
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AdministrationForm(SignatureForm):
    guidance = forms.ChoiceField(choices=GUIDANCE)
    volume_ml = forms.DecimalField(label="Volume injected (mL)", max_digits=6, decimal_places=1)
    needle = forms.CharField(max_length=60, help_text="Gauge and length, e.g. 22G 90 mm spinal.")

    def __init__(self, *args: Any, available_ml: float | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.available_ml = available_ml

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        volume = data.get("volume_ml")
        _add(
            self,
            check_administered_volume(
                float(volume) if volume is not None else None, self.available_ml
            ),
        )
        return data


class LabResultForm(forms.Form):
    kind = forms.ChoiceField(choices=LabResult.KINDS)
    result = forms.ChoiceField(choices=LabResult.RESULTS)
    organism = forms.CharField(max_length=120, required=False, help_text="For a positive result.")
    resulted_at = forms.DateTimeField(label="Result time", widget=DateTimeInput())
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("result") == LabResult.POSITIVE and not (data.get("organism") or "").strip():
            self.add_error("organism", "Name the organism (or write 'not yet identified').")
        when = data.get("resulted_at")
        if when is not None and when > timezone.now():
            self.add_error("resulted_at", "The result time is in the future.")
        return data


class TraceForm(forms.Form):
    lot = forms.CharField(label="Kit or device lot", max_length=40, required=False)
    din = forms.CharField(label="or a DIN", max_length=40, required=False)

    def clean_din(self) -> str:
        text: str = (self.cleaned_data.get("din") or "").strip()
        if not text:
            return ""
        if len(text) == 13:  # a bare DIN, as stored (no check character)
            try:
                return Din(text).code
            except DinError as error:
                raise forms.ValidationError(f"{error}.") from None
        problem = din_field_error(text)
        if problem:
            raise forms.ValidationError(problem)
        return parse_din(text).code


class SettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProcedureSettings
        fields = ["facility_id", "time_limit_minutes", "default_location"]

    def clean_facility_id(self) -> str | None:
        value = (self.cleaned_data.get("facility_id") or "").strip()
        return value or None


class ProductTypeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProductType
        fields = ["code", "name", "cell_source"]

    def __init__(self, *args: Any, clinic: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.clinic = clinic

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if ProductType.objects.filter(clinic=self.instance.clinic, code=code).exists():
            raise forms.ValidationError(
                f"Code {code} is already used by this clinic; a code is never reassigned."
            )
        return code


class QCOverridesForm(forms.Form):
    """One row per default criterion of a cell source: on/off, threshold, blocking."""

    name = forms.CharField(max_length=120)
    is_active = forms.BooleanField(label="In use", required=False)

    def __init__(self, *args: Any, product_type: ProductType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = DEFAULT_CRITERIA[CellSource(product_type.cell_source)]
        current = product_type.qc_overrides
        self.fields["name"].initial = product_type.name
        self.fields["is_active"].initial = product_type.is_active
        for c in self.criteria:
            change = current.get(c.id, {})
            self.fields[f"{c.id}__enabled"] = forms.BooleanField(
                label=f"Use: {c.describe()}", required=False, initial=change.get("enabled", True)
            )
            if c.comparison is not Comparison.RECORDED:
                self.fields[f"{c.id}__threshold"] = forms.FloatField(
                    label=f"{c.label} threshold ({MEASURE_UNITS[c.measure]})",
                    initial=change.get("threshold", c.threshold),
                    help_text=f"Default from {c.source} — {c.verification.value}.",
                )
            self.fields[f"{c.id}__blocking"] = forms.BooleanField(
                label=f"{c.label}: must pass for release",
                required=False,
                initial=change.get("blocking", c.blocking),
            )

    def overrides(self) -> dict[str, dict[str, object]]:
        """Return the overrides that differ from the defaults, as stored on the product type."""
        result: dict[str, dict[str, object]] = {}
        for c in self.criteria:
            change: dict[str, object] = {}
            if not self.cleaned_data[f"{c.id}__enabled"]:
                change["enabled"] = False
            threshold = self.cleaned_data.get(f"{c.id}__threshold")
            if threshold is not None and threshold != c.threshold:
                change["threshold"] = threshold
            if self.cleaned_data[f"{c.id}__blocking"] != c.blocking:
                change["blocking"] = self.cleaned_data[f"{c.id}__blocking"]
            if change:
                result[c.id] = change
        return result


class AdverseEventForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AdverseEvent
        fields = [
            "onset_date",
            "category",
            "grade",
            "seriousness",
            "relatedness",
            "related_step",
            "outcome",
            "description",
        ]
        widgets = {"onset_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def clean_onset_date(self) -> dt.date:
        onset: dt.date = self.cleaned_data["onset_date"]
        if onset > timezone.localdate():
            raise forms.ValidationError("The onset date is in the future.")
        return onset

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("category") and data.get("outcome"):
            problem = check_grade(data["category"], data.get("grade"), data["outcome"])
            if problem:
                self.add_error("grade", problem[0].upper() + problem[1:] + ".")
        return data


# Reference §8.2 (CTCAE v5.0, 27 Nov 2017, VERIFIED): the general meaning of each grade, shown
# next to the grade so the physician grades against the definition, not from memory.
CTCAE_GRADE_MEANINGS: dict[int, str] = {
    1: "Mild; asymptomatic or mild symptoms; observation only",
    2: "Moderate; minimal, local or non-invasive intervention; limiting instrumental ADL",
    3: "Severe or medically significant; hospitalization; disabling; limiting self-care ADL",
    4: "Life-threatening",
    5: "Death",
}


class AdverseEventReportForm(AdverseEventForm):
    """A physician's hand report of an adverse event for one episode (reference §8.2).

    Unlike an event opened by a positive culture, a hand report is graded at once: the grade is
    required. The product, if any, must be one of the episode's products (look-back by DIN).
    """

    grade = forms.TypedChoiceField(
        label="CTCAE v5.0 grade",
        coerce=int,
        choices=[(g, f"{g} — {m}") for g, m in CTCAE_GRADE_MEANINGS.items()],
        widget=forms.RadioSelect,
    )
    product = forms.ModelChoiceField(
        queryset=BiologicProduct.objects.none(),
        required=False,
        label="Product (optional)",
        help_text="The DIN the event may relate to, for look-back.",
    )

    class Meta(AdverseEventForm.Meta):
        fields = [*AdverseEventForm.Meta.fields, "product"]

    def __init__(self, *args: Any, products: Iterable[BiologicProduct] | Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        product_field: Any = self.fields["product"]
        product_field.queryset = products


__all__ = [
    "AdministrationForm",
    "AdverseEventForm",
    "AdverseEventReportForm",
    "BedsideForm",
    "ExceptionForm",
    "HarvestForm",
    "LabResultForm",
    "OverrideForm",
    "ProcessingForm",
    "ProductTypeForm",
    "QCDecisionForm",
    "QCOverridesForm",
    "ReasonForm",
    "ScheduleForm",
    "SettingsForm",
    "SignatureForm",
    "TraceForm",
]
