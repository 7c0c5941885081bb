"""Screening forms for staff and for the patient, built from the one table of facts (FIELD_SPECS).

The form fields only parse (a date, a number, yes/no/not recorded); whether a value is possible
is decided by regenpath.domain.candidacy (facts_from_dict), whose FactsError messages are put on
the field they name. Nothing is saved unless every field is valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms

from regenpath.domain.candidacy import (
    FIELD_SPECS,
    INJECTION_KIND_LABELS,
    MEDICATION_CLASS_LABELS,
    ConditionGroup,
    FactsError,
    FieldKind,
    FieldSpec,
    InjectionKind,
    MedicationClass,
    condition_group,
)
from regenpath.patients.forms import DateInput
from regenpath.patients.models import Episode
from regenpath.screening.intake_text import INTAKE_QUESTIONS
from regenpath.screening.rules import justification_problem

# Facts taken from the episode and the patient record, not typed again on the form.
FROM_RECORD = ("condition_code", "target_side", "date_of_birth", "age_years")
DISC_ONLY: tuple[str, ...] = (
    "pfirrmann_grade",
    "modic_type",
    "disc_instability",
    "severe_stenosis",
    "radicular_leg_pain_dominant",
)
JOINT_ONLY = ("inflammatory_arthritis_target",)
LABS = ("platelets", "haemoglobin", "hba1c_percent")
VITALS = ("height_cm", "weight_kg")

YES, NO = "yes", "no"
STAFF_TRI = [(YES, "Yes"), (NO, "No"), ("", "Not recorded")]
PATIENT_TRI = [(YES, "Yes"), (NO, "No"), ("", "Not sure")]


def _label(spec: FieldSpec) -> str:
    text = spec.label[:1].upper() + spec.label[1:]
    return f"{text} ({spec.unit})" if spec.unit else text


def applicable_specs(episode: Episode) -> list[FieldSpec]:
    """Return the fact fields that apply to this episode's condition, minus record fields."""
    condition = episode.condition
    group = condition_group(condition.code)
    specs = []
    for spec in FIELD_SPECS:
        if spec.name in FROM_RECORD or spec.kind in (FieldKind.MEDICATIONS, FieldKind.INJECTIONS):
            continue
        if spec.name in DISC_ONLY and group is not ConditionGroup.DISC:
            continue
        if spec.name in JOINT_ONLY and group is not ConditionGroup.JOINT:
            continue
        if spec.name == "kl_grade" and not condition.kl_applies:
            continue
        specs.append(spec)
    return specs


def _form_field(spec: FieldSpec, *, patient: bool) -> forms.Field:
    label = _label(spec)
    help_text = ""
    if patient and spec.name in INTAKE_QUESTIONS:
        label, help_text = INTAKE_QUESTIONS[spec.name]
    if spec.kind is FieldKind.BOOL:
        return forms.ChoiceField(
            label=label,
            choices=PATIENT_TRI if patient else STAFF_TRI,
            required=False,
            widget=forms.RadioSelect(attrs={"class": "tri"}),
            help_text=help_text,
        )
    if spec.kind is FieldKind.DATE:
        return forms.DateField(label=label, required=False, widget=DateInput(), help_text=help_text)
    if spec.kind is FieldKind.INT:
        return forms.IntegerField(
            label=label,
            required=False,
            help_text=help_text,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
    if spec.kind is FieldKind.FLOAT:
        return forms.FloatField(
            label=label,
            required=False,
            help_text=help_text,
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
        )
    if spec.kind is FieldKind.TEXT:
        return forms.CharField(
            label=label,
            required=False,
            max_length=int(spec.maximum or 500),
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=help_text,
        )
    raise AssertionError(spec.kind)  # pragma: no cover


def _to_json(spec: FieldSpec, value: Any) -> Any:
    if value in (None, ""):
        return None
    if spec.kind is FieldKind.BOOL:
        return value == YES
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _from_json(spec: FieldSpec, value: Any) -> Any:
    if value is None:
        return ""
    if spec.kind is FieldKind.BOOL:
        return YES if value else NO
    return value


class FactsForm(forms.Form):
    """The facts of one screening for one episode (staff wording, or the patient's)."""

    meds_none = forms.BooleanField(label="Takes no medication at all", required=False, help_text="")
    injections_none = forms.BooleanField(
        label="No injection into the target in the last 12 months", required=False
    )

    def __init__(self, *args: Any, episode: Episode, patient_facing: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        self.episode = episode
        self.patient_facing = patient_facing
        self.specs = [
            s for s in applicable_specs(episode) if not patient_facing or s.name in INTAKE_QUESTIONS
        ]
        for spec in self.specs:
            self.fields[spec.name] = _form_field(spec, patient=patient_facing)
        if patient_facing:
            self.fields["meds_none"].label = "I do not take any medicines"
            self.fields["injections_none"].label = (
                f"I have not had an injection into my {episode.body_site.lower()} "
                "in the last 12 months"
            )

    def group(self, *names: str) -> list[forms.BoundField]:
        return [self[n] for n in names if n in self.fields]

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Return the scalar fields in page order: history, condition, disc, labs, vitals."""
        titles = {
            "Medical history": "About you" if self.patient_facing else "Medical history",
            "Condition": "About this pain" if self.patient_facing else "Condition and care so far",
        }
        grouped: dict[str, list[forms.BoundField]] = {}
        for spec in self.specs:
            if spec.name in LABS:
                title = "Labs"
            elif spec.name in VITALS:
                title = "Height and weight" if self.patient_facing else "Vitals"
            else:
                title = titles.get(spec.section, spec.section)
            grouped.setdefault(title, []).append(self[spec.name])
        return list(grouped.items())

    def facts_values(self) -> dict[str, Any]:
        """Return the cleaned scalar facts in their JSON form (None = not recorded)."""
        return {s.name: _to_json(s, self.cleaned_data.get(s.name)) for s in self.specs}

    @staticmethod
    def initial_from_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
        specs = {s.name: s for s in FIELD_SPECS}
        initial = {
            name: _from_json(specs[name], value)
            for name, value in facts.items()
            if name in specs and value is not None
        }
        initial["meds_none"] = facts.get("medications") == []
        initial["injections_none"] = facts.get("target_injections") == []
        return initial


class MedicationForm(forms.Form):
    name = forms.CharField(label="Medicine", max_length=200, required=False)
    med_class = forms.ChoiceField(
        label="Kind",
        choices=[("", "Choose")] + [(c.value, MEDICATION_CLASS_LABELS[c]) for c in MedicationClass],
        required=False,
    )
    last_dose = forms.DateField(
        label="Last dose",
        required=False,
        widget=DateInput(),
        help_text="Leave empty if still taking it.",
    )

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("name") or data.get("med_class") or data.get("last_dose"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.is_blank():
            if not data.get("name"):
                self.add_error("name", "Give the medicine's name.")
            if not data.get("med_class"):
                self.add_error("med_class", "Choose what kind of medicine it is.")
        return data

    def to_json(self) -> dict[str, Any]:
        last = self.cleaned_data.get("last_dose")
        return {
            "name": self.cleaned_data["name"],
            "class": self.cleaned_data["med_class"],
            "last_dose": last.isoformat() if last else None,
        }


class InjectionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Injection",
        choices=[("", "Choose")] + [(k.value, INJECTION_KIND_LABELS[k]) for k in InjectionKind],
        required=False,
    )
    on = forms.DateField(label="Date", required=False, widget=DateInput())

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("kind") or self.cleaned_data.get("on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.is_blank():
            if not data.get("kind"):
                self.add_error("kind", "Choose the kind of injection.")
            if not data.get("on"):
                self.add_error("on", "Give the date of the injection.")
        return data

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.cleaned_data["kind"], "date": self.cleaned_data["on"].isoformat()}


MedicationFormSet = forms.formset_factory(MedicationForm, extra=3, max_num=30, absolute_max=30)
InjectionFormSet = forms.formset_factory(InjectionForm, extra=2, max_num=20, absolute_max=20)


def medication_initial(facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {"name": m["name"], "med_class": m["class"], "last_dose": m["last_dose"]}
        for m in facts.get("medications") or []
    ]


def injection_initial(facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"kind": i["kind"], "on": i["date"]} for i in facts.get("target_injections") or []]


class ScreeningForms:
    """The facts form and its two formsets, validated and turned into facts JSON together."""

    def __init__(
        self,
        data: Any,
        *,
        episode: Episode,
        record_facts: Mapping[str, Any],
        initial: Mapping[str, Any] | None = None,
        patient_facing: bool = False,
    ) -> None:
        initial = initial or {}
        self.record_facts = dict(record_facts)
        self.form = FactsForm(
            data,
            episode=episode,
            patient_facing=patient_facing,
            initial=FactsForm.initial_from_facts(initial),
        )
        self.meds = MedicationFormSet(data, prefix="med", initial=medication_initial(initial))
        self.injections = InjectionFormSet(data, prefix="inj", initial=injection_initial(initial))
        self.facts: dict[str, Any] | None = None

    @property
    def bound(self) -> bool:
        return self.form.is_bound

    def parse_valid(self) -> bool:
        """Return True when every form parses; then `facts` holds the JSON to validate."""
        ok = self.form.is_valid() & self.meds.is_valid() & self.injections.is_valid()
        if not ok:
            return False
        self._med_rows = [f for f in self.meds.forms if not f.is_blank()]
        self._inj_rows = [f for f in self.injections.forms if not f.is_blank()]
        facts = {**self.record_facts, **self.form.facts_values()}
        facts["medications"] = self._list(self._med_rows, "meds_none", "medications")
        facts["target_injections"] = self._list(
            self._inj_rows, "injections_none", "target_injections"
        )
        if not self.form.is_valid():
            return False
        self.facts = facts
        return True

    def _list(self, rows: list[Any], none_field: str, name: str) -> list[Any] | None:
        if rows and self.form.cleaned_data.get(none_field):
            self.form.add_error(none_field, "Untick this, or remove the rows listed below.")
        if rows:
            return [row.to_json() for row in rows]
        return [] if self.form.cleaned_data.get(none_field) else None

    def add_facts_errors(self, error: FactsError, labels: Mapping[str, str]) -> None:
        """Put each FactsError message on the field (or formset row) it names."""
        for key, message in error.errors.items():
            base, _, rest = key.partition("[")
            if rest and base in ("medications", "target_injections"):
                index_text, _, sub = rest.partition("]")
                rows = self._med_rows if base == "medications" else self._inj_rows
                field = {"class": "med_class", "date": "on"}.get(sub.lstrip("."), sub.lstrip("."))
                row = rows[int(index_text)]
                row.add_error(field if field in row.fields else None, message)
            elif key in self.form.fields:
                self.form.add_error(key, message)
            else:
                self.form.add_error(None, f"{labels.get(key, key)}: {message}")

    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or any(f.errors for f in self.meds.forms)
            or any(f.errors for f in self.injections.forms)
        )


class OverrideForm(forms.Form):
    status = forms.ChoiceField(label="Decision instead")
    justification = forms.CharField(
        label="Justification",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="At least one full sentence (20 characters or more, ending with a full stop). "
        "It is shown wherever this episode is shown.",
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean_justification(self) -> str:
        text = " ".join(self.cleaned_data["justification"].split())
        problem = justification_problem(text)
        if problem:
            raise forms.ValidationError(problem)
        return text


class IntakeLinkForm(forms.Form):
    send_email = forms.BooleanField(
        label="Send the link by e-mail now", required=False, initial=True
    )
    email = forms.EmailField(label="E-mail address", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("send_email") and not data.get("email"):
            self.add_error("email", "Give the patient's e-mail address, or untick sending.")
        return data
