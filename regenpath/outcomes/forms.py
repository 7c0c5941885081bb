"""Forms for questionnaire entry, licences and settings: field-level messages, nothing saved.

The entry form has one field per item of the registry. Its answers are checked by the scoring
engine itself, and each engine error (reference/instruments.md §2.2, naming instrument and item)
is shown beside its item's field: the form never restricts or converts codes on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone

from regenpath.domain.instruments import Instrument, ScoringInputError, score
from regenpath.domain.instruments._core import describe_codes
from regenpath.domain.instruments.textpack import TextPack, item_label, option_label
from regenpath.outcomes.models import (
    RECALL_CHOICES,
    RECALL_INSTRUMENT,
    SOURCES,
    STAFF_SOURCES,
    TIMEPOINTS,
)

# A response code as typed or posted: an integer written plainly. Anything else goes to the
# engine unchanged, which refuses it as `wrong_type` with its own message (§2.2).
_INTEGER = re.compile(r"^-?\d+$")
# Same shape as text pack language tags (regenpath.domain.instruments.textpack).
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
ITEM_PREFIX = "item_"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def item_field_name(item_id: str) -> str:
    return f"{ITEM_PREFIX}{item_id}"


class ResponseForm(forms.Form):
    """One response set of `instrument`, keyed in by staff, with its timepoint and date."""

    source = forms.ChoiceField(
        choices=[(code, label) for code, label in SOURCES if code in STAFF_SOURCES],
        initial="paper",
    )
    timepoint = forms.ChoiceField(choices=[("", "Choose a timepoint"), *TIMEPOINTS])
    completed_on = forms.DateField(
        label="Completed on", widget=DateInput(), help_text="The date the patient answered."
    )

    def __init__(
        self, *args: Any, instrument: Instrument, pack: TextPack | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.pack = pack
        if instrument.code == RECALL_INSTRUMENT:
            self.fields["recall_period"] = forms.ChoiceField(
                label="Recall period",
                choices=[("", "Choose the period the rating refers to"), *RECALL_CHOICES],
                help_text="Scores are compared only with the same recall period.",
            )
        conflicts = {item: group for group in instrument.conflicts for item in group}
        for item in instrument.items:
            choices = [("", "Not answered")] + [
                (str(code), _option(pack, item.id, code)) for code in item.codes
            ]
            posted = self.data.get(item_field_name(item.id), "") if self.is_bound else ""
            if posted and posted not in {value for value, _ in choices}:
                # Keep showing what was sent, so "Not answered" never hides a refused code.
                choices.append((posted, f"{posted} (not allowed)"))
            covered = pack is not None and item.id in pack.items
            codes = describe_codes(item.codes)
            help_parts = [f"{item.id} · codes {codes}" if covered else f"Allowed codes {codes}"]
            if item.recorded_only:
                help_parts.append("recorded, not scored")
            if item.id in conflicts:
                help_parts.append(f"answer exactly one of {', '.join(conflicts[item.id])}")
            self.fields[item_field_name(item.id)] = forms.CharField(
                label=item_label(pack, item.id),
                required=False,
                widget=forms.Select(choices=choices),
                help_text="; ".join(help_parts),
            )

    def clean_completed_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["completed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The completion date cannot be in the future.")
        return day

    def responses(self) -> dict[str, object]:
        """Return item → code for the answered items (a non-integer stays text for the engine)."""
        answers: dict[str, object] = {}
        for item in self.instrument.items:
            raw = self.cleaned_data.get(item_field_name(item.id), "")
            if raw == "":
                continue
            answers[item.id] = int(raw) if _INTEGER.match(raw) else raw
        return answers

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            # Non-integer text is passed on on purpose: the engine names it (wrong_type, §2.2).
            score(self.instrument.code, self.responses())  # type: ignore[arg-type]
        except ScoringInputError as error:
            self.add_engine_errors(error)
        return cleaned

    def add_engine_errors(self, error: ScoringInputError) -> None:
        """Show each engine error beside its item's field (the engine's own message)."""
        for item_error in error.errors:
            name = item_field_name(item_error.item)
            self.add_error(name if name in self.fields else None, item_error.message)

    def item_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Return the item fields grouped by the first scale each belongs to, in item order."""
        groups: dict[str, list[forms.BoundField]] = {}
        for item in self.instrument.items:
            scale = next((s for s in self.instrument.scales if item.id in s.items), None)
            if item.recorded_only:
                legend = "Recorded only (not scored)"
            elif scale is not None:
                legend = scale.label
            else:
                legend = f"{self.instrument.code} items"
            groups.setdefault(legend, []).append(self[item_field_name(item.id)])
        return list(groups.items())

    def meta_fields(self) -> list[forms.BoundField]:
        names = ["source", "timepoint", "completed_on"]
        if "recall_period" in self.fields:
            names.append("recall_period")
        return [self[name] for name in names]


def _option(pack: TextPack | None, item_id: str, code: int) -> str:
    label = option_label(pack, item_id, code)
    return str(code) if label == str(code) else f"{code} · {label}"


class LicenceForm(forms.Form):
    holder = forms.CharField(
        label="Licence holder", max_length=200, help_text="Who granted it, e.g. the rights holder."
    )
    reference = forms.CharField(
        label="Licence or permission reference",
        max_length=200,
        help_text="The licence number, agreement or permission letter reference.",
    )
    expires = forms.DateField(
        label="Expires on",
        required=False,
        widget=DateInput(),
        help_text="The last day it is valid. Leave blank if the licence has no end date.",
    )


class OutcomeSettingsForm(forms.Form):
    derive_womac_from_koos = forms.BooleanField(
        label="Also store a WOMAC score derived from every full KOOS",
        required=False,
        help_text=(
            "Off by default: WOMAC licensing for derived scores is unverified and KOOS asks "
            "about a different recall period."
        ),
    )
    text_language = forms.CharField(
        label="Language of the text packs staff screens use",
        max_length=35,
        help_text="A language tag such as en or en-GB; en also uses an en-US pack.",
    )

    def clean_text_language(self) -> str:
        tag: str = self.cleaned_data["text_language"].strip()
        if not _LANGUAGE.match(tag):
            raise forms.ValidationError(f"{tag!r} is not a language tag such as en or en-GB.")
        return tag
