"""Forms for patients and episodes: field-level messages, nothing saved on error."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from regenpath.clinics.models import Clinic
from regenpath.domain.conditions import (
    CONDITIONS,
    PAIN_MECHANISM_LABELS,
    PRIOR_TREATMENTS,
    SIDE_LABELS,
    get_condition,
)
from regenpath.domain.stages import STAGE_LABELS, Stage
from regenpath.patients.models import Episode, Patient

# Older than this is taken as a typing error (the issue: "more than 120 years ago").
MAX_AGE_YEARS = 120


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year - years, day=28)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PatientForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Patient
        fields = [
            "mrn",
            "given_name",
            "family_name",
            "date_of_birth",
            "sex_at_birth",
            "email",
            "phone",
            "preferred_language",
            "registry_consent",
            "contact_consent",
        ]
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args: Any, clinic: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clinic = clinic

    def clean_mrn(self) -> str:
        mrn: str = self.cleaned_data["mrn"].strip().upper()
        others = Patient.objects.filter(clinic=self.clinic, mrn=mrn)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                f"MRN {mrn} is already used by another patient of this clinic."
            )
        return mrn

    def clean_date_of_birth(self) -> dt.date:
        dob: dt.date = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if dob > today:
            raise forms.ValidationError("Date of birth cannot be in the future.")
        if dob < _years_before(today, MAX_AGE_YEARS):
            raise forms.ValidationError(
                f"Date of birth is more than {MAX_AGE_YEARS} years ago; check the year."
            )
        return dob

    def clean_given_name(self) -> str:
        return " ".join(self.cleaned_data["given_name"].split())

    def clean_family_name(self) -> str:
        return " ".join(self.cleaned_data["family_name"].split())


class EpisodeForm(forms.Form):
    condition_code = forms.ChoiceField(
        label="Condition",
        choices=[("", "Choose a condition")] + [(c.code, c.label) for c in CONDITIONS],
    )
    body_site = forms.CharField(max_length=80, help_text="The joint, tendon, disc level or nerve.")
    side = forms.ChoiceField(choices=[(s.value, label) for s, label in SIDE_LABELS.items()])
    onset_date = forms.DateField(label="Pain onset date", widget=DateInput())
    pain_mechanism = forms.ChoiceField(
        choices=[(m.value, label) for m, label in PAIN_MECHANISM_LABELS.items()]
    )
    kl_grade = forms.TypedChoiceField(
        label="Kellgren–Lawrence grade",
        choices=[("", "Not graded / not applicable")] + [(str(g), str(g)) for g in range(5)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Osteoarthritis only: 0 (none) to 4 (severe).",
    )
    bmi_at_referral = forms.DecimalField(
        label="BMI at referral",
        max_digits=4,
        decimal_places=1,
        min_value=10,
        max_value=90,
        required=False,
    )
    prior_treatments = forms.MultipleChoiceField(
        choices=PRIOR_TREATMENTS, widget=forms.CheckboxSelectMultiple, required=False
    )

    @classmethod
    def for_episode(cls, episode: Episode, data: Any = None) -> EpisodeForm:
        """Return the form bound to `data`, or showing the episode's current values."""
        initial = {name: getattr(episode, name) for name in cls.base_fields}
        return cls(data=data, initial=initial)

    def clean_onset_date(self) -> dt.date:
        onset: dt.date = self.cleaned_data["onset_date"]
        if onset > timezone.localdate():
            raise forms.ValidationError("Pain onset date cannot be after today.")
        return onset

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = data.get("condition_code")
        if not code:
            return data
        condition = get_condition(code)
        side = data.get("side")
        if side and side not in condition.sides:
            allowed = ", ".join(s.value for s in condition.sides)
            self.add_error("side", f"{condition.label} takes one of these sides: {allowed}.")
        if data.get("kl_grade") is not None and not condition.kl_applies:
            self.add_error(
                "kl_grade",
                f"The Kellgren–Lawrence grade applies to osteoarthritis, not {condition.label}.",
            )
        return data


class StageMoveForm(forms.Form):
    to = forms.ChoiceField(label="Move to")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="Why the episode moves; kept in its history and the audit trail.",
    )

    def __init__(self, *args: Any, targets: tuple[Stage, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to = self.fields["to"]
        assert isinstance(to, forms.ChoiceField)
        to.choices = [(s.value, STAGE_LABELS[s]) for s in targets]


class PatientSearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
