"""The clinic-configurable thresholds of the candidacy criteria, with their cited defaults.

A RuleSet is frozen; a clinic changes a threshold with `DEFAULT_RULES.with_overrides(...)`, which
validates names, types and ranges. `version` is RULES_VERSION for the defaults, and
RULES_VERSION plus a hash of the changed settings otherwise, so a stored decision names exactly
the rules that produced it (DESIGN.md: tables are versioned); `to_dict()` stores them for replay.

Sources are the ids of cell-therapy.md §5 (K1–K6 knee, D1–D5 disc, T1–T2 tendon trials).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from regenpath.domain.conditions import CHRONIC_MONTHS, get_condition

# Bump on any change to the criteria table or to a default below.
RULES_VERSION = "candidacy-1"

KlRanges = tuple[tuple[str, int, int], ...]

# K–L grade accepted by most of the §5 sources: 2 is accepted by K1, K2, K3, K4, MILES and
# Lamo-Espinosa; 3 by K2, K3, K4, K5, MILES and Lamo-Espinosa; 1 only by K1 and K2; 4 only by
# MILES and Lamo-Espinosa (VERIFIED sources; the majority rule is project policy). Hip, shoulder
# and ankle OA have no trial in §5: the knee range is applied by analogy (project policy,
# UNVERIFIED for those joints).
# Kept sorted by condition code, as with_overrides keeps it.
_KL_DEFAULT: KlRanges = (
    ("ankle-oa", 2, 3),
    ("hip-oa", 2, 3),
    ("knee-oa", 2, 3),
    ("shoulder-oa", 2, 3),
)


@dataclass(frozen=True)
class RuleSet:
    """Thresholds for the candidacy criteria; every one is clinic-configurable."""

    # §5 Malignancy: "neoplasm within last 3 years" (D1, VERIFIED). The 5-year window some
    # clinics use is UNVERIFIED (§5: K4's 5 years is about immunosuppression), so not the default.
    malignancy_window_months: int = 36
    # §5 gives no platelet number (K1, K2 exclude bleeding disorders; D4 requires no
    # coagulopathy). 150 ×10^9/L is the usual lower limit of the adult reference interval —
    # UNVERIFIED, not from the reference; configure it.
    platelet_min: float = 150.0
    # §5 "history of anemia" (K1, K2) without a number. 12.0 g/dL is the WHO anaemia cut-off
    # for non-pregnant women — UNVERIFIED, not from the reference; configure it.
    haemoglobin_review_below: float = 12.0
    # §5 "uncontrolled diabetes" (K6, D5) without a number. 8.0 % — UNVERIFIED project policy.
    hba1c_review_at_or_above: float = 8.0
    # §5 BMI: ≥30 excluded (K1), >30 (K4), ≥35 or ≤18.5 (K2). Review (not exclusion) from 30
    # (K1, the stricter) and at or below 18.5 (K2). VERIFIED sources.
    bmi_review_at_or_above: float = 30.0
    bmi_review_at_or_below: float = 18.5
    # §5 Age: 18–79 (K1, K2); 18–70 (K3, K4); 18–80 (D4). Review outside 18–79 (K1, K2).
    age_review_min: int = 18
    age_review_max: int = 79
    # §5 Prior injections: IA injection within 3 months (K2, K3), corticosteroid within 3 months
    # (D3); HA within 6 months (K2). "Other" (PRP or any other injection into the target) follows
    # K2/K3's 3 months for any IA injection (K1 and T1 use 6 weeks). VERIFIED sources.
    corticosteroid_deferral_months: int = 3
    hyaluronic_acid_deferral_months: int = 6
    other_injection_deferral_months: int = 3
    # §5 NSAID washout: <1 week (K1), 7 days (K2), ≥2 days (D3), 72 h (K5); encoding
    # requirement "NSAIDs 2–7 days". 7 days (K1, K2), the end of the range. VERIFIED.
    nsaid_washout_days: int = 7
    # §5: anticoagulants / antiplatelets are "not an explicit criterion ... UNVERIFIED; manage
    # clinically". 7 and 5 days are common peri-procedural pauses (aspirin/clopidogrel; warfarin)
    # — UNVERIFIED project defaults, and never stopped without the prescriber.
    antiplatelet_washout_days: int = 7
    anticoagulant_washout_days: int = 5
    # §5 Immunosuppression: anti-rheumatic drugs within 3 months (K2); oral/IM/IV/epidural
    # corticosteroid within 3 months (D3). VERIFIED.
    immunosuppressant_washout_months: int = 3
    kl_ranges: KlRanges = field(default=_KL_DEFAULT)
    # §5 Disc imaging, modified Pfirrmann: 3–6 (D1), 2–7 (D2), 4–7 (D3), III–VII (D5). 3–7 is
    # accepted by most of them (project policy; D4's III–V is on the original 5-grade scale).
    pfirrmann_min: int = 3
    pfirrmann_max: int = 7
    # DESIGN.md: chronic = 3 months or more (conditions.CHRONIC_MONTHS); T1 ">3 months".
    min_pain_months: int = CHRONIC_MONTHS
    # §5 Failed conservative care: ≥3 months with ≥2 modalities (K1); disc ≥3–6 months (D1, D2).
    min_conservative_care_months: int = 3
    min_conservative_care_modalities: int = 2
    # Issue 4: re-screen when a decision is older than 90 days (project policy).
    rescreen_after_days: int = 90

    def kl_range(self, condition_code: str) -> tuple[int, int] | None:
        """Return the accepted K–L grades (low, high) for a condition, or None if none apply."""
        for code, low, high in self.kl_ranges:
            if code == condition_code:
                return low, high
        return None

    @property
    def version(self) -> str:
        """Return RULES_VERSION, plus a short hash of the settings that differ from the defaults."""
        changed = self.changes()
        if not changed:
            return RULES_VERSION
        digest = hashlib.sha256(_canonical(changed).encode("utf-8")).hexdigest()[:12]
        return f"{RULES_VERSION}+{digest}"

    def changes(self) -> dict[str, Any]:
        """Return the settings that differ from DEFAULT_RULES, in JSON form."""
        mine, default = self.to_dict(), _DEFAULTS_DICT
        return {k: v for k, v in mine.items() if k != "version" and v != default[k]}

    def to_dict(self) -> dict[str, Any]:
        """Return every setting in JSON form (kl_ranges as {code: [low, high]})."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "kl_ranges":
                value = {code: [low, high] for code, low, high in value}
            out[f.name] = value
        return out

    def with_overrides(self, **changes: Any) -> RuleSet:
        """Return a copy with `changes` applied.

        `kl_ranges` takes {condition_code: (low, high)} and is merged into the current ranges.
        Raises RuleSetError naming every unknown setting, wrong type or value out of range.
        """
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in _FIELD_TYPES:
                errors[name] = "unknown rule setting"
            elif name == "kl_ranges":
                values[name] = _merge_kl(self.kl_ranges, value, errors)
            else:
                problem = _check_setting(name, value)
                if problem:
                    errors[name] = problem
                else:
                    values[name] = value
        if not errors:
            candidate = dataclasses.replace(self, **values)
            errors.update(_check_pairs(candidate))
            if not errors:
                return candidate
        raise RuleSetError(errors)


class RuleSetError(ValueError):
    """Raised for invalid rule settings; `errors` maps every bad setting to a message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


_FIELD_TYPES: dict[str, str] = {f.name: str(f.type) for f in dataclasses.fields(RuleSet)}

# Plausible bounds for each setting (project policy): wide, but they refuse nonsense.
_BOUNDS: dict[str, tuple[float, float]] = {
    "malignancy_window_months": (0, 240),
    "platelet_min": (0, 1000),
    "haemoglobin_review_below": (0, 25),
    "hba1c_review_at_or_above": (3, 20),
    "bmi_review_at_or_above": (10, 80),
    "bmi_review_at_or_below": (10, 80),
    "age_review_min": (0, 130),
    "age_review_max": (0, 130),
    "corticosteroid_deferral_months": (0, 60),
    "hyaluronic_acid_deferral_months": (0, 60),
    "other_injection_deferral_months": (0, 60),
    "nsaid_washout_days": (0, 90),
    "antiplatelet_washout_days": (0, 90),
    "anticoagulant_washout_days": (0, 90),
    "immunosuppressant_washout_months": (0, 60),
    "pfirrmann_min": (1, 8),
    "pfirrmann_max": (1, 8),
    "min_pain_months": (0, 120),
    "min_conservative_care_months": (0, 120),
    "min_conservative_care_modalities": (0, 20),
    "rescreen_after_days": (1, 3650),
}


def _check_setting(name: str, value: Any) -> str | None:
    low, high = _BOUNDS[name]
    if _FIELD_TYPES[name] == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            return "must be a whole number"
    elif not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return "must be a number"
    if not low <= value <= high:
        return f"must be between {low:g} and {high:g}"
    return None


def _merge_kl(current: KlRanges, value: Any, errors: dict[str, str]) -> KlRanges:
    if not isinstance(value, Mapping):
        errors["kl_ranges"] = "must map condition codes to [low, high]"
        return current
    merged = {code: (low, high) for code, low, high in current}
    for code, pair in value.items():
        key = f"kl_ranges.{code}"
        try:
            condition = get_condition(str(code))
        except ValueError:
            errors[key] = "unknown condition"
            continue
        if not condition.kl_applies:
            errors[key] = f"the K–L grade does not apply to {condition.label}"
            continue
        ok = (
            isinstance(pair, list | tuple)
            and len(pair) == 2
            and all(isinstance(g, int) and not isinstance(g, bool) for g in pair)
        )
        if not ok or not 0 <= pair[0] <= pair[1] <= 4:
            errors[key] = "must be [low, high] with 0 ≤ low ≤ high ≤ 4"
            continue
        merged[str(code)] = (pair[0], pair[1])
    return tuple((code, low, high) for code, (low, high) in sorted(merged.items()))


def _check_pairs(rules: RuleSet) -> dict[str, str]:
    errors: dict[str, str] = {}
    if rules.bmi_review_at_or_below >= rules.bmi_review_at_or_above:
        errors["bmi_review_at_or_below"] = "must be below bmi_review_at_or_above"
    if rules.age_review_min > rules.age_review_max:
        errors["age_review_min"] = "must not be above age_review_max"
    if rules.pfirrmann_min > rules.pfirrmann_max:
        errors["pfirrmann_min"] = "must not be above pfirrmann_max"
    return errors


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


DEFAULT_RULES = RuleSet()
_DEFAULTS_DICT = DEFAULT_RULES.to_dict()
