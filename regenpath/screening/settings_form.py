"""The clinic admin's form for candidacy thresholds, built from the RuleSet's own fields.

Values are validated by RuleSet.with_overrides (the one place that knows the bounds); its
RuleSetError messages go onto the field they name.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms

from regenpath.domain.candidacy import DEFAULT_RULES, RuleSet, RuleSetError
from regenpath.domain.conditions import get_condition

KL_CODES = tuple(code for code, _, _ in DEFAULT_RULES.kl_ranges)


def _label(name: str) -> str:
    text = name.replace("_", " ")
    return text[:1].upper() + text[1:]


def _kl_field(code: str, end: str) -> str:
    return f"kl_{code.replace('-', '_')}_{end}"


class CandidacySettingsForm(forms.Form):
    def __init__(self, *args: Any, rules: RuleSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setting_names: list[str] = []
        for f in dataclasses.fields(RuleSet):
            if f.name == "kl_ranges":
                continue
            default = getattr(DEFAULT_RULES, f.name)
            field_class = forms.IntegerField if isinstance(default, int) else forms.FloatField
            self.fields[f.name] = field_class(
                label=_label(f.name),
                initial=getattr(rules, f.name),
                help_text=f"Default {default:g}.",
                widget=forms.NumberInput(attrs={"step": "any"}),
            )
            self.setting_names.append(f.name)
        self.kl_rows: list[tuple[str, str, str]] = []
        for code in KL_CODES:
            low, high = rules.kl_range(code) or (0, 4)
            label = get_condition(code).label
            for end, value in (("low", low), ("high", high)):
                self.fields[_kl_field(code, end)] = forms.IntegerField(
                    label=f"{label}: lowest K–L grade" if end == "low" else "highest",
                    initial=value,
                )
            self.kl_rows.append((label, _kl_field(code, "low"), _kl_field(code, "high")))

    def settings_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.setting_names]

    def kl_fields(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(label, self[low], self[high]) for label, low, high in self.kl_rows]

    def overrides(self) -> dict[str, Any]:
        """Return every setting as with_overrides takes it (unchanged ones are harmless)."""
        data = self.cleaned_data
        values: dict[str, Any] = {name: data[name] for name in self.setting_names}
        values["kl_ranges"] = {
            code: [data[_kl_field(code, "low")], data[_kl_field(code, "high")]] for code in KL_CODES
        }
        return values

    def add_rule_errors(self, error: RuleSetError) -> None:
        for key, message in error.errors.items():
            if key.startswith("kl_ranges."):
                self.add_error(_kl_field(key.split(".", 1)[1], "low"), message)
            elif key in self.fields:
                self.add_error(key, message)
            else:
                self.add_error(None, f"{_label(key)}: {message}")
