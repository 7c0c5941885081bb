"""Plan and consent forms. Choices come from the condition's plan template; build_plan judges."""

from __future__ import annotations

from typing import Any

from django import forms

from regenpath.domain.conditions import SIDE_LABELS, get_condition
from regenpath.domain.instruments import registry
from regenpath.domain.planning import PlanError, PlanTemplate, get_cell_source
from regenpath.patients.forms import DateInput

GUIDANCE_LABELS = {"ultrasound": "Ultrasound", "fluoroscopy": "Fluoroscopy"}


def _source_label(code: str) -> str:
    info = get_cell_source(code)
    return info.label + (" — needs FDA approval (IND)" if info.requires_fda_approval else "")


def _instrument_label(code: str) -> str:
    try:
        name = registry.get(code).name
    except ValueError:  # UnknownInstrumentError
        return code
    return name if f"({code.upper()})" in name else f"{name} ({code})"


class PlanForm(forms.Form):
    cell_source = forms.ChoiceField(label="Cell source")
    ind_number = forms.CharField(
        label="IND number",
        max_length=40,
        required=False,
        help_text="Only for a source that needs FDA approval.",
    )
    targets = forms.MultipleChoiceField(
        label="Target structure(s)", widget=forms.CheckboxSelectMultiple, required=False
    )
    side = forms.ChoiceField(label="Side")
    image_guidance = forms.ChoiceField(label="Image guidance")
    planned_date = forms.DateField(label="Planned procedure date", widget=DateInput())
    instruments = forms.MultipleChoiceField(
        label="Follow-up questionnaires",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    expected_course = forms.CharField(
        label="Expected course, in plain words",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text="One point per line. The patient reads this in the plan summary.",
    )

    def __init__(self, *args: Any, template: PlanTemplate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.template = template
        condition = get_condition(template.condition_code)
        self._choices("cell_source", [(c, _source_label(c)) for c in template.cell_sources])
        self._choices("targets", [(t, t) for t in template.target_options])
        self._choices("side", [(s.value, SIDE_LABELS[s]) for s in condition.sides])
        self._choices(
            "image_guidance",
            [(g.value, GUIDANCE_LABELS[g.value]) for g in template.guidance_options],
        )
        self._choices("instruments", [(c, _instrument_label(c)) for c in template.instruments])

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    @staticmethod
    def template_initial(template: PlanTemplate, side: str) -> dict[str, Any]:
        return {
            "cell_source": template.default_cell_source,
            "targets": list(template.default_targets),
            "side": side,
            "image_guidance": template.image_guidance.value,
            "instruments": list(template.instruments),
            "expected_course": "\n".join(template.expected_course),
        }

    def add_plan_errors(self, error: PlanError) -> None:
        for key, message in error.errors.items():
            self.add_error(key if key in self.fields else None, message)


class ConsentSignForm(forms.Form):
    """The patient's signature: the full name typed, and a confirmation ticked."""

    full_name = forms.CharField(
        label="Type your full name to sign",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autocapitalize": "words"}),
    )
    confirm = forms.BooleanField(
        label="I have read this document, my questions have been answered, and I agree to the "
        "treatment described in it.",
        required=True,
        error_messages={"required": "Tick this box to confirm, or do not sign yet."},
    )

    def __init__(self, *args: Any, expected_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected_name = expected_name

    def clean_full_name(self) -> str:
        typed = " ".join(self.cleaned_data["full_name"].split())
        if not names_match(typed, self.expected_name):
            raise forms.ValidationError(
                "Type your full name as the clinic has it (first name and family name)."
            )
        return typed


def names_match(typed: str, expected: str) -> bool:
    """Return True when every word of the name on record appears in the typed name."""
    words = set(typed.casefold().replace(",", " ").split())
    return all(part in words for part in expected.casefold().split())
