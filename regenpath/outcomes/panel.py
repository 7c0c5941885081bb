"""The score panel: each scale's displayed value or reason, its flags, and its change from baseline.

Works on stored result JSON (reference/instruments.md §2.3) at full precision; rounds only for
display (§2.5, half-up, the registry's decimals). Change, thresholds and responder status come
from `regenpath.domain.instruments.change` (§5) with their source and verification tag, so an
UNVERIFIED threshold is shown as such. No Django here: views pass stored dicts in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from regenpath.domain.instruments import Scale, display, get
from regenpath.domain.instruments.change import (
    ACCEPTABLE,
    NOT_INTERPRETED,
    OARSI_CONVERSIONS,
    in_acceptable_state,
    interpret_change,
    oarsi_responder,
    oarsi_scale,
    pain_change,
    thresholds,
)

# §5.1: the IMMPACT categories and Farrar responder apply to NRS-type 0–10 pain scores.
PAIN_INTENSITY_SCALES = frozenset(
    {
        ("nrs-pain", "nrs_pain"),
        ("bpi-sf", "severity"),
        ("peg", "peg"),
        ("promis-29", "pain_intensity"),
    }
)
# §5.3: the pain and function domains each instrument can supply to OMERACT-OARSI.
OARSI_DOMAINS: dict[str, tuple[str | None, str | None]] = {
    "koos": ("pain", "adl"),
    "hoos": ("pain", "adl"),
    "womac": ("pain", "physical_function"),
    "nrs-pain": ("nrs_pain", None),
}
# §4.8 display: WOMAC is shown as integers, with 1 decimal when physical function was
# mean-substituted (project choice); `total` carries the `partial` flag in that case.
WOMAC_SUBSTITUTED = frozenset({"physical_function", "total"})

FLAG_TEXT = {
    "partial": "partial: scored with some items unanswered, as the missing-item rule allows",
    "floor": "floor: lowest possible raw sum; the T-score is least precise here",
    "ceiling": "ceiling: highest possible raw sum; the T-score is least precise here",
    "unverified_table": (
        "UNVERIFIED table cell: the conversion table value is not yet confirmed against the "
        "official manual (reference §7); do not use clinically until it is"
    ),
}
WARNING_FLAGS = frozenset({"unverified_table"})


@dataclass(frozen=True)
class Flag:
    code: str
    text: str
    warning: bool


@dataclass(frozen=True)
class ChangeView:
    """A scale's change from baseline in words, with the threshold's provenance."""

    sentence: str
    baseline_text: str
    improved: bool | None  # None: unchanged
    meets_threshold: bool | None
    source: str | None
    context: str | None
    verification: str | None
    notes: tuple[str, ...]

    @property
    def unverified(self) -> bool:
        return self.verification is not None and "UNVERIFIED" in self.verification


@dataclass(frozen=True)
class ScaleView:
    """One row of the score panel."""

    code: str
    label: str
    value_text: str | None
    reason: str | None
    answered: str
    raw: int | None
    se_text: str | None
    interpretation: str | None
    direction: str
    flags: tuple[Flag, ...]
    change: ChangeView | None
    change_note: str | None  # why no change is shown

    @property
    def has_unverified(self) -> bool:
        return any(flag.warning for flag in self.flags)


@dataclass(frozen=True)
class Panel:
    """Every scale of one stored result, plus the responder reading where one applies."""

    instrument: str
    name: str
    scales: tuple[ScaleView, ...]
    responder: str | None
    responder_verification: str | None


def display_decimals(instrument: str, scale: Scale, result: Mapping[str, Any]) -> int:
    """Return the decimals to display a scale result with (registry, §4.8 WOMAC exception)."""
    if instrument == "womac" and scale.code in WOMAC_SUBSTITUTED and "partial" in result["flags"]:
        return 1
    return scale.decimals


def display_value(instrument: str, scale: Scale, result: Mapping[str, Any]) -> str | None:
    """Return the scale's value rounded half-up for display, or None when unscored."""
    value = result.get("value")
    if value is None:
        return None
    return display(value, display_decimals(instrument, scale, result))


def direction_text(scale: Scale) -> str:
    return f"higher is {scale.higher_is}"


def score_panel(
    instrument: str,
    result: Mapping[str, Any],
    baseline: Mapping[str, Any] | None,
    *,
    is_baseline: bool,
) -> Panel:
    """Return the panel of one stored result; `baseline` is the episode's baseline result.

    `is_baseline` marks the result as the baseline itself (no change to show).
    """
    definition = get(instrument)
    scales = result.get("scales", {})
    base_scales = (baseline or {}).get("scales", {})
    views = []
    for scale in definition.scales:
        res = scales.get(scale.code)
        if res is None:
            continue
        base = base_scales.get(scale.code)
        change, note = _change(instrument, scale, res, base, baseline is not None, is_baseline)
        views.append(
            ScaleView(
                code=scale.code,
                label=scale.label,
                value_text=display_value(instrument, scale, res),
                reason=res.get("reason"),
                answered=f"{res['n_answered']} of {res['n_items']} items answered",
                raw=res.get("raw"),
                se_text=display(res["se"], 1) if res.get("se") is not None else None,
                interpretation=res.get("interpretation"),
                direction=direction_text(scale),
                flags=tuple(
                    Flag(flag, FLAG_TEXT.get(flag, flag), flag in WARNING_FLAGS)
                    for flag in res.get("flags", [])
                ),
                change=change,
                change_note=note,
            )
        )
    responder, verification = _oarsi(instrument, scales, base_scales, is_baseline)
    return Panel(instrument, definition.name, tuple(views), responder, verification)


def _change(
    instrument: str,
    scale: Scale,
    res: Mapping[str, Any],
    base: Mapping[str, Any] | None,
    has_baseline: bool,
    is_baseline: bool,
) -> tuple[ChangeView | None, str | None]:
    if instrument in NOT_INTERPRETED:
        return None, NOT_INTERPRETED[instrument]
    if is_baseline:
        return None, "This is the baseline."
    if not has_baseline:
        return None, "No baseline for this episode and instrument: change cannot be shown."
    if base is None or base.get("value") is None:
        reason = base.get("reason") if base else "scale absent"
        return None, f"Baseline not scored ({reason}): change cannot be shown."
    if res.get("value") is None:
        return None, None
    try:
        change = interpret_change(instrument, scale.code, base["value"], res["value"])
    except (ValueError, KeyError) as error:
        return None, f"Change not interpreted: {error}"
    notes = []
    if (instrument, scale.code) in PAIN_INTENSITY_SCALES:
        notes.append(_pain_note(base["value"], res["value"]))
    for pass_threshold in thresholds(instrument, scale.code, ACCEPTABLE)[:1]:
        inside = in_acceptable_state(instrument, scale.code, res["value"], pass_threshold)
        side = "at or above" if scale.higher_is == "better" else "at or below"
        notes.append(
            f"{'In' if inside else 'Not in'} the patient acceptable symptom state "
            f"({side} {pass_threshold.describe()}; {pass_threshold.source}, "
            f"{pass_threshold.verification})"
        )
    threshold = change.threshold
    return (
        ChangeView(
            sentence=change.sentence,
            baseline_text=display_value(instrument, scale, base) or "",
            improved=None if change.direction == "unchanged" else change.direction == "improved",
            meets_threshold=change.meets_threshold,
            source=threshold.source if threshold else None,
            context=threshold.context if threshold else None,
            verification=threshold.verification if threshold else None,
            notes=tuple(notes),
        ),
        None,
    )


def _pain_note(baseline: float, follow_up: float) -> str:
    # §5.1: IMMPACT (Dworkin 2008, VERIFIED) categories; Farrar 2001 (VERIFIED) responder.
    reading = pain_change(baseline, follow_up)
    if reading.pct_reduction is None:
        category = f"IMMPACT category undefined ({reading.reason})"
    else:
        percent = display(reading.pct_reduction, 1)
        category = f"IMMPACT: {reading.immpact_category} ({percent} % reduction)"
    responder = "yes" if reading.farrar_responder else "no"
    return f"{category}; Farrar responder (≥ 2 points or ≥ 30 %): {responder}"


def _oarsi(
    instrument: str,
    scales: Mapping[str, Any],
    base_scales: Mapping[str, Any],
    is_baseline: bool,
) -> tuple[str | None, str | None]:
    domains = OARSI_DOMAINS.get(instrument)
    if domains is None or is_baseline or not base_scales:
        return None, None
    pairs = []
    for scale in domains:
        pair = None
        if scale is not None and (instrument, scale) in OARSI_CONVERSIONS:
            before = base_scales.get(scale, {}).get("value")
            after = scales.get(scale, {}).get("value")
            if before is not None and after is not None:
                pair = (
                    oarsi_scale(instrument, scale, before),
                    oarsi_scale(instrument, scale, after),
                )
        pairs.append(pair)
    pain, function = pairs
    if pain is None and function is None:
        return None, None
    reading = oarsi_responder(pain=pain, function=function, pga=None)
    text = reading.status.replace("_", " ")
    if reading.criterion is not None:
        text += f" (criterion {reading.criterion}: {', '.join(reading.domains)})"
    # regenpath records no patient global assessment yet, so "pga missing" is always true and
    # is said once on the page; other notes (a missing domain, a zero baseline) are shown.
    notes = [note for note in reading.notes if note != "pga missing"]
    if notes:
        text += f"; {'; '.join(notes)}"
    return f"OMERACT-OARSI: {text}", reading.verification
