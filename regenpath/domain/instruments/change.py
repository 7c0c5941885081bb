"""Interpret change between two stored scores: direction, important-change thresholds, responders.

Contract: reference/instruments.md §5 (change thresholds and responder criteria) with the MCID/PASS
rows of §4, and reference/statistics.md §4 (MCID, responder and PASS conventions). Inputs are
stored scores at full precision, never displayed values; every comparison is exact on Fractions
(§5 preamble: "relative improvement ≥ 20 %" is tested as 100 × Δ ≥ 20 × baseline). A float is
taken at its shortest decimal form, the value the result JSON stores (see `_exact`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import isfinite

from regenpath.domain.instruments._core import Scale, display
from regenpath.domain.instruments.registry import get

Score = float | int | Fraction

# Threshold kinds. MIC/MCID are used interchangeably by the cited sources; regenpath says "minimal
# important change". PASS is a state (a follow-up value), not a change.
MIC = "mic"
SCB = "scb"
MDC = "mdc"
ACCEPTABLE = "pass"  # PASS, patient acceptable symptom state
POINTS = "points"
PERCENT = "percent"
_KIND_NAMES = {
    MIC: "minimal important change",
    SCB: "substantial clinical benefit",
    MDC: "minimal detectable change",
}

IMPROVED = "improved"
WORSENED = "worsened"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Threshold:
    """One published threshold for one scale, with its provenance for display.

    `value` is in scale units (`unit` "points") or percent of baseline (`unit` "percent", only on
    lower-is-better scales: percent reduction). `verification` is the reference's tag.
    """

    instrument: str
    scale: str
    kind: str
    value: Decimal
    unit: str
    context: str
    source: str
    verification: str

    def describe(self) -> str:
        """Return the threshold as shown in a sentence: "15", "30 %"."""
        return f"{self.value} %" if self.unit == PERCENT else str(self.value)


_FARRAR = "Farrar JT et al., Pain 2001;94:149–158 (instruments.md §4.1, §5.1)"
_FARRAR_CONTEXT = (
    "0–10 pain NRS, chronic pain trials; 'approximately' applied as inclusive (project policy, "
    "§5.1); same MIC for low back pain (Ostelo 2008, VERIFIED)"
)
_CENTENO = "Centeno et al., Sci Rep 2025;15:7244 (statistics.md §4.5)"
_CENTENO_CONTEXT = "knee OA, bone-marrow concentrate registry, anchor modified SANE"
_TERWEE = "Terwee CB et al., Qual Life Res 2021, PMC8481206 (instruments.md §4.16)"
_TERWEE_CONTEXT = "PROMIS measures generally: 2–6 T points (lower end); higher for surgery"
_CHEN = "Chen CX, Kroenke K, Stump TE, et al.; journal/year UNVERIFIED (instruments.md §4.16)"
_CHEN_CONTEXT = "pain interference 4a/6a/8a in pain samples: 2–3 T points (lower end)"
_CHULA = "single study, cuir.car.chula.ac.th 123456789/69391 (instruments.md §4.16)"
_CHULA_CONTEXT = "chronic low back pain, single source, low weight"
_MOSTAFAEE = "Mostafaee et al., Physiother Theory Pract 2021 (instruments.md §4.4)"
_MOSTAFAEE_CONTEXT = "knee OA, 4-week physiotherapy (Persian KOOS)"
_ROOS = "Roos & Lohmander, Health Qual Life Outcomes 2003 (instruments.md §4.4)"
_ROOS_CONTEXT = "8–10 points 'minimal perceptible clinical change' (lower end), general"
_ARTHRO_2025 = "J Arthroplasty 2025, PMID 41016609 (instruments.md §4.6, §4.7)"
_CMS_3559 = "CBE #3559 (CMS PRO-PM), citing Lyman & Lee, CORR 2018 (instruments.md §4.5, §4.7)"
_AJRR = "AJRR 2018–2023 study, JBJS 2026 abstract (instruments.md §4.5)"
_LYMAN_2018 = "Lyman & Lee, CORR 2018 (instruments.md §4.7)"
_BINKLEY = "Binkley JM et al., Phys Ther 1999;79:371–383 (instruments.md §4.9)"
_YOUNG = "Young BA et al., Spine J 2009 (details UNVERIFIED) (instruments.md §4.13)"
_VISA = "JOSPT Oct 2021 cohort, secondary summary; authors not confirmed (instruments.md §4.11)"
_VISA_CONTEXT = "mid-portion Achilles tendinopathy, exercise + injection"
_VERIFIED_AS_USED = "VERIFIED (as used)"
_ABSTRACT = "VERIFIED (abstract)"
_THA = "THA, as applied"
_LOWER_LIMB = "lower-extremity conditions (90 % CI)"

# Every row: instrument, scale, kind, value, unit, context, source, tag — transcribed from the
# MCID/PASS tables of instruments.md §4 (and statistics.md §4.5–4.6 where named). The first MIC row
# of a scale is its default (`default_threshold`); no default is tagged UNVERIFIED
# (test_change.py checks). Ranges ("1.0–1.75") are stored at their lower end, the smallest change
# the source calls important; the context says so (project policy).
_ROWS: tuple[tuple[str, str, str, str, str, str, str, str], ...] = (
    ("nrs-pain", "nrs_pain", MIC, "2", POINTS, _FARRAR_CONTEXT, _FARRAR, "VERIFIED"),
    ("nrs-pain", "nrs_pain", MIC, "30", PERCENT, _FARRAR_CONTEXT, _FARRAR, "VERIFIED"),
    ("nrs-pain", "nrs_pain", MIC, "1.8", POINTS, _CENTENO_CONTEXT, _CENTENO, _ABSTRACT),
    ("nrs-pain", "nrs_pain", SCB, "3.0", POINTS, _CENTENO_CONTEXT, _CENTENO, _ABSTRACT),
    # statistics.md §4.6 rule 5: Tubach's knee pain PASS 32.3/100 rescaled to 0–10.
    ("nrs-pain", "nrs_pain", ACCEPTABLE, "3.23", POINTS, "knee OA; Tubach PASS 32.3/100 rescaled",
     "Tubach et al., Ann Rheum Dis 2005;64:34–37 (statistics.md §4.4, §4.6)",
     "VERIFIED (abstract); rescaling project policy"),
    ("peg", "peg", MIC, "1.0", POINTS, "anchor-based MID mostly 1.0–1.75 (lower end)",
     "Reed DE et al., J Pain 2024;25(1):142–152 (instruments.md §4.2)", _ABSTRACT),
    ("peg", "peg", MIC, "30", PERCENT, "IMMPACT 30 % by analogy, not PEG-specific",
     "Dworkin RH et al., J Pain 2008;9:105–121 (instruments.md §4.2)", "project policy"),
    ("bpi-sf", "severity", MIC, "2", POINTS, "NRS thresholds applied to severity (§4.3)",
     _FARRAR, "VERIFIED"),
    ("bpi-sf", "severity", MIC, "30", PERCENT, "NRS thresholds applied to severity (§4.3)",
     _FARRAR, "VERIFIED"),
    ("bpi-sf", "interference", MIC, "1", POINTS, "IMMPACT: decrease ≥ 1 point minimally important",
     "Dworkin RH et al., J Pain 2008;9:105–121 (instruments.md §4.3, §5.2)", "VERIFIED"),
    ("koos", "pain", MIC, "15", POINTS, _MOSTAFAEE_CONTEXT, _MOSTAFAEE, _ABSTRACT),
    ("koos", "symptoms", MIC, "12.5", POINTS, _MOSTAFAEE_CONTEXT, _MOSTAFAEE, _ABSTRACT),
    ("koos", "adl", MIC, "15.5", POINTS, _MOSTAFAEE_CONTEXT, _MOSTAFAEE, _ABSTRACT),
    ("koos", "sport_rec", MIC, "17.5", POINTS, _MOSTAFAEE_CONTEXT, _MOSTAFAEE, _ABSTRACT),
    ("koos", "qol", MIC, "12.5", POINTS, _MOSTAFAEE_CONTEXT, _MOSTAFAEE, _ABSTRACT),
    ("koos", "pain", MIC, "8", POINTS, _ROOS_CONTEXT, _ROOS, "UNVERIFIED"),
    ("koos", "symptoms", MIC, "8", POINTS, _ROOS_CONTEXT, _ROOS, "UNVERIFIED"),
    ("koos", "adl", MIC, "8", POINTS, _ROOS_CONTEXT, _ROOS, "UNVERIFIED"),
    ("koos", "sport_rec", MIC, "8", POINTS, _ROOS_CONTEXT, _ROOS, "UNVERIFIED"),
    ("koos", "qol", MIC, "8", POINTS, _ROOS_CONTEXT, _ROOS, "UNVERIFIED"),
    ("koos-jr", "koos_jr", MIC, "14", POINTS, "anchor-based, as applied (Lyman & Lee 2018 ≈ 14 "
     "UNVERIFIED)", _AJRR, "VERIFIED (as thresholds used)"),
    ("koos-jr", "koos_jr", MIC, "7.5", POINTS, "distribution-based, as applied", _AJRR,
     "VERIFIED (as thresholds used)"),
    ("koos-jr", "koos_jr", SCB, "20", POINTS, "TKA", _CMS_3559, "VERIFIED"),
    ("hoos", "pain", MIC, "8.35", POINTS, _THA, _ARTHRO_2025, _VERIFIED_AS_USED),
    ("hoos", "pain", ACCEPTABLE, "80.6", POINTS, _THA, _ARTHRO_2025, _VERIFIED_AS_USED),
    ("hoos-jr", "hoos_jr", MIC, "7.76", POINTS, _THA, _ARTHRO_2025, _VERIFIED_AS_USED),
    ("hoos-jr", "hoos_jr", ACCEPTABLE, "76.8", POINTS, _THA, _ARTHRO_2025, _VERIFIED_AS_USED),
    ("hoos-jr", "hoos_jr", SCB, "22", POINTS, "THA", _CMS_3559, "VERIFIED"),
    ("hoos-jr", "hoos_jr", MIC, "18", POINTS, "THA", _LYMAN_2018, "UNVERIFIED"),
    ("lefs", "lefs", MIC, "9", POINTS, _LOWER_LIMB, _BINKLEY, "VERIFIED"),
    ("lefs", "lefs", MDC, "9", POINTS, _LOWER_LIMB, _BINKLEY, "VERIFIED"),
    ("lefs", "lefs", MIC, "8.4", POINTS, _CENTENO_CONTEXT, _CENTENO, _ABSTRACT),
    ("lefs", "lefs", SCB, "22.5", POINTS, _CENTENO_CONTEXT, _CENTENO, _ABSTRACT),
    ("quickdash", "quickdash", MIC, "15.91", POINTS, "upper-limb disorders",
     "Franchignoni et al., JOSPT 2014 (instruments.md §4.10)", "VERIFIED"),
    ("quickdash", "quickdash", MDC, "12.85", POINTS, "MDC90",
     "Franchignoni et al., JOSPT 2014 (instruments.md §4.10)", "VERIFIED"),
    ("quickdash", "quickdash", MIC, "14", POINTS, "95 % CI 9–20",
     "Sorensen et al., J Hand Surg Am 2013 (instruments.md §4.10)", "VERIFIED (secondary)"),
    ("quickdash", "quickdash", MIC, "10.8", POINTS, "shoulder pain, 10.8–13.6 (lower end)",
     "Rysstad et al., BMC Musculoskelet Disord 2020;21:328 (instruments.md §4.10)",
     _ABSTRACT),
    ("visa-a", "visa_a", MIC, "14", POINTS, f"{_VISA_CONTEXT}; over 12 weeks", _VISA,
     "VERIFIED (secondary summary)"),
    ("visa-a", "visa_a", MIC, "7", POINTS, f"{_VISA_CONTEXT}; over 24 weeks", _VISA,
     "VERIFIED (secondary summary)"),
    ("visa-a", "visa_a", MIC, "6.5", POINTS, "Achilles tendinopathy",
     "McCormack 2015 (instruments.md §4.11)", "UNVERIFIED"),
    ("odi", "odi", MIC, "10", POINTS, "low back pain",
     "Ostelo RW et al., Spine 2008;33:90–94 (instruments.md §4.12)", "VERIFIED"),
    ("odi", "odi", MIC, "30", PERCENT, "low back pain",
     "Ostelo RW et al., Spine 2008;33:90–94 (instruments.md §4.12)", "VERIFIED"),
    ("ndi", "ndi", MIC, "5", POINTS, "raw points; equals the minimum detectable score",
     "Vernon H, JMPT 2008;31:491–502 (instruments.md §4.13)", "VERIFIED"),
    ("ndi", "ndi", MIC, "7.5", POINTS, "mechanical neck pain, physical therapy; authors "
     "recommend 10", _YOUNG, _ABSTRACT),
    ("ndi", "ndi", MDC, "10.2", POINTS, "mechanical neck pain, physical therapy", _YOUNG,
     _ABSTRACT),
    ("ndi", "ndi_percent", MIC, "10", POINTS, "Vernon's 5 raw points × 2 (percentage points)",
     "Vernon H, JMPT 2008;31:491–502 (instruments.md §4.13)", "VERIFIED"),
    ("promis-29", "physical_function", MIC, "2", POINTS, _TERWEE_CONTEXT, _TERWEE,
     _ABSTRACT),
    ("promis-29", "physical_function", MIC, "3.6", POINTS, _CHULA_CONTEXT, _CHULA, "UNVERIFIED"),
    ("promis-29", "anxiety", MIC, "2", POINTS, _TERWEE_CONTEXT, _TERWEE, _ABSTRACT),
    ("promis-29", "depression", MIC, "3.5", POINTS, "MID 3–4 T points, best estimate 3.5",
     "PMC7103541; authors/year UNVERIFIED (instruments.md §4.16)", _ABSTRACT),
    ("promis-29", "depression", MIC, "2", POINTS, _TERWEE_CONTEXT, _TERWEE, _ABSTRACT),
    ("promis-29", "fatigue", MIC, "2", POINTS, _TERWEE_CONTEXT, _TERWEE, _ABSTRACT),
    ("promis-29", "fatigue", MIC, "7.75", POINTS, _CHULA_CONTEXT, _CHULA, "UNVERIFIED"),
    ("promis-29", "sleep_disturbance", MIC, "2", POINTS, _TERWEE_CONTEXT, _TERWEE,
     _ABSTRACT),
    ("promis-29", "social_roles", MIC, "2", POINTS, _TERWEE_CONTEXT, _TERWEE,
     _ABSTRACT),
    ("promis-29", "pain_interference", MIC, "2", POINTS, _CHEN_CONTEXT, _CHEN,
     _ABSTRACT),
    ("promis-29", "pain_interference", MIC, "4.85", POINTS, _CHULA_CONTEXT, _CHULA, "UNVERIFIED"),
    ("promis-29", "pain_intensity", MIC, "2", POINTS, "NRS thresholds (§5.1)", _FARRAR,
     "VERIFIED"),
    ("promis-29", "pain_intensity", MIC, "30", PERCENT, "NRS thresholds (§5.1)", _FARRAR,
     "VERIFIED"),
    ("promis-pi-6a", "pain_interference", MIC, "2", POINTS, _CHEN_CONTEXT, _CHEN,
     _ABSTRACT),
    ("promis-pi-8a", "pain_interference", MIC, "2", POINTS, _CHEN_CONTEXT, _CHEN,
     _ABSTRACT),
)  # fmt: skip

THRESHOLDS: tuple[Threshold, ...] = tuple(
    Threshold(ins, scale, kind, Decimal(value), unit, context, source, tag)
    for ins, scale, kind, value, unit, context, source, tag in _ROWS
)

# Scales with a direction but no listed MIC: change is reported, never judged (why, for the UI).
NO_THRESHOLD: dict[tuple[str, str], str] = {
    **{
        ("hoos", scale): "no per-subscale HOOS MCID is known (reference §4.6)"
        for scale in ("symptoms", "adl", "sport_rec", "qol")
    },
    **{
        ("womac", scale): "no WOMAC MCID is verified; use OMERACT-OARSI (reference §4.8, §5.3)"
        for scale in ("pain", "stiffness", "physical_function", "total")
    },
    **{
        ("quickdash", scale): "no MCID is listed for the QuickDASH modules (reference §4.10)"
        for scale in ("work", "sports_arts")
    },
}

# Instruments whose change is not interpreted at all.
NOT_INTERPRETED: dict[str, str] = {
    "dn4": "DN4 is a screening instrument; MCID not applicable (reference §4.14)",
    "paindetect": "painDETECT is a screening instrument; MCID not applicable (reference §4.15)",
    "pgic": "PGIC is itself the change anchor; MCID not applicable (reference §4.19)",
}


def thresholds(instrument: str, scale: str, kind: str | None = None) -> tuple[Threshold, ...]:
    """Return the listed thresholds of one scale (optionally of one kind), in table order."""
    return tuple(
        t
        for t in THRESHOLDS
        if t.instrument == instrument and t.scale == scale and kind in (None, t.kind)
    )


def default_threshold(instrument: str, scale: str) -> Threshold | None:
    """Return the scale's default minimal important change (its first MIC row), or None."""
    listed = thresholds(instrument, scale, MIC)
    return listed[0] if listed else None


@dataclass(frozen=True)
class Change:
    """The change of one scale between two stored scores, judged against one threshold.

    `change` = follow-up − baseline in scale units; `improvement` is the same amount signed so
    that positive is better whatever the scale's direction. `percent_improvement` is set only for
    a percent threshold (percent reduction of a lower-is-better score). `meets_threshold` is None
    when there is no threshold or the percent change is undefined (baseline 0).
    """

    instrument: str
    scale: str
    label: str
    baseline: float
    follow_up: float
    change: float
    improvement: float
    direction: str
    percent_improvement: float | None
    threshold: Threshold | None
    meets_threshold: bool | None
    sentence: str


def interpret_change(
    instrument: str,
    scale: str,
    baseline: Score,
    follow_up: Score,
    threshold: Threshold | None = None,
) -> Change:
    """Return the change of `scale` from `baseline` to `follow_up` and whether it is important.

    Direction comes from the registry: improvement = follow-up − baseline when higher is better,
    baseline − follow-up when higher is worse (statistics.md §4.6 rule 1). `threshold` defaults
    to the scale's default MIC; a PASS threshold or one of another scale is a ValueError, as are
    instruments whose change is not interpreted (screening instruments, PGIC).
    """
    definition = _scale(instrument, scale)
    better = _higher_is_better(definition)
    if threshold is None:
        threshold = default_threshold(instrument, scale)
    elif not _judges_change(threshold, instrument, scale):
        raise ValueError(
            f"{instrument} {scale}: a {threshold.kind} threshold of {threshold.instrument} "
            f"{threshold.scale} does not judge this change"
        )
    b, f = _exact(baseline), _exact(follow_up)
    delta = f - b
    improvement = delta if better else -delta
    direction = IMPROVED if improvement > 0 else WORSENED if improvement < 0 else UNCHANGED
    signed = _signed(delta, definition.decimals)
    percent: Fraction | None = None
    meets: bool | None = None
    if threshold is None:
        phrase = f"{direction}; {NO_THRESHOLD[(instrument, scale)]}"
    elif threshold.unit == PERCENT:
        if better:
            raise ValueError(
                f"{instrument} {scale}: percent thresholds need a lower-is-better scale"
            )
        if b == 0:
            phrase = f"{direction}; percent change undefined (baseline 0)"
        else:
            percent = 100 * improvement / b
            signed = f"{signed} ({_signed(-percent, 1)} %)"
            meets = percent >= Fraction(threshold.value)
            phrase = _judge(percent, threshold)
    else:
        meets = improvement >= Fraction(threshold.value)
        phrase = _judge(improvement, threshold)
    return Change(
        instrument=instrument,
        scale=scale,
        label=definition.label,
        baseline=float(b),
        follow_up=float(f),
        change=float(delta),
        improvement=float(improvement),
        direction=direction,
        percent_improvement=None if percent is None else float(percent),
        threshold=threshold,
        meets_threshold=meets,
        sentence=f"{definition.label} {signed}: {phrase}",
    )


def in_acceptable_state(
    instrument: str, scale: str, value: Score, threshold: Threshold | None = None
) -> bool:
    """Return True when `value` is in the patient acceptable symptom state (PASS) of the scale.

    At or beyond the PASS threshold on the good side: ≥ when higher is better, ≤ when higher is
    worse (statistics.md §4.6 rule 5). `threshold` defaults to the scale's first PASS row;
    ValueError when none is listed or a non-PASS threshold is given.
    """
    definition = _scale(instrument, scale)
    if threshold is None:
        listed = thresholds(instrument, scale, ACCEPTABLE)
        if not listed:
            raise ValueError(f"{instrument} {scale}: no PASS threshold is listed")
        threshold = listed[0]
    elif (threshold.instrument, threshold.scale, threshold.kind) != (
        instrument,
        scale,
        ACCEPTABLE,
    ):
        raise ValueError(
            f"{instrument} {scale}: a {threshold.kind} threshold of {threshold.instrument} "
            f"{threshold.scale} is not a PASS threshold of this scale"
        )
    limit = Fraction(threshold.value)
    x = _exact(value)
    return x >= limit if _higher_is_better(definition) else x <= limit


def _scale(instrument: str, scale: str) -> Scale:
    if instrument in NOT_INTERPRETED:
        raise ValueError(f"{instrument}: change is not interpreted: {NOT_INTERPRETED[instrument]}")
    for candidate in get(instrument).scales:
        if candidate.code == scale:
            return candidate
    raise ValueError(f"{instrument}: unknown scale {scale!r}")


def _judges_change(threshold: Threshold, instrument: str, scale: str) -> bool:
    same_scale = (threshold.instrument, threshold.scale) == (instrument, scale)
    return same_scale and threshold.kind != ACCEPTABLE


def _higher_is_better(scale: Scale) -> bool:
    if scale.higher_is not in ("better", "worse"):
        raise ValueError(f"{scale.label}: no better/worse direction ({scale.higher_is!r})")
    return scale.higher_is == "better"


def _judge(amount: Fraction, threshold: Threshold) -> str:
    name = f"{_KIND_NAMES[threshold.kind]} of {threshold.describe()}"
    limit = Fraction(threshold.value)
    if amount > limit:
        return f"improved, above the {name}"
    if amount == limit:
        return f"improved, equal to the {name}"
    if amount > 0:
        return f"improved, below the {name}"
    if amount == 0:
        return "no change"
    if -amount >= limit:
        return f"worse by at least the {name}"
    return f"worse, by less than the {name}"


def _signed(value: Fraction, decimals: int) -> str:
    text = display(float(abs(value)), decimals)
    return f"+{text}" if value > 0 else f"-{text}" if value < 0 else text


def _exact(value: Score) -> Fraction:
    """Return the stored score as an exact Fraction; ValueError for bool, NaN or infinity.

    A float is read as its shortest decimal form (`repr`, the number the result JSON stores and
    §2.5 rounds), so a tabulated 64.1 is exactly 641/10: with the binary value a PROMIS change
    64.1 → 62.1 would fall just short of 2 points. Integers and Fractions are used as they are.
    """
    if isinstance(value, bool) or (isinstance(value, float) and not isfinite(value)):
        raise ValueError(f"a finite score is required, not {value!r}")
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


# --- pain-intensity change: IMMPACT categories and Farrar responders (reference §5.1) -----------

SUBSTANTIAL = "substantial"
MODERATE = "moderate"
MINIMAL = "minimal"
NONE = "none"

# IMMPACT (Dworkin 2008, VERIFIED): decrease 10–20 % minimally important, ≥ 30 % moderately,
# ≥ 50 % substantial. 20–30 % is unnamed by IMMPACT; project policy (§5.1) classes it minimal.
IMMPACT_PAIN_CATEGORIES: tuple[tuple[int, str], ...] = (
    (50, SUBSTANTIAL),
    (30, MODERATE),
    (10, MINIMAL),
)
# Farrar 2001 (VERIFIED): "approximately two points or … approximately 30%", applied as
# inclusive thresholds (project policy, §5.1).
FARRAR_POINTS = 2
FARRAR_PERCENT = 30


@dataclass(frozen=True)
class PainChange:
    """The §5.1 reading of a 0–10 pain-intensity change; `as_dict()` gives the §5.1 keys.

    `change` = follow-up − baseline (negative = improvement); `pct_reduction` is None, with
    `reason` set, when the baseline is 0.
    """

    baseline: float
    follow_up: float
    change: float
    pct_reduction: float | None
    reason: str | None
    immpact_category: str | None
    farrar_points: bool
    farrar_percent: bool
    farrar_responder: bool

    def as_dict(self) -> dict[str, float | str | bool | None]:
        """Return the §5.1 output as a dict (plus `reason` for an undefined percent)."""
        return {
            "change": self.change,
            "pct_reduction": self.pct_reduction,
            "reason": self.reason,
            "immpact_category": self.immpact_category,
            "farrar_points": self.farrar_points,
            "farrar_percent": self.farrar_percent,
            "farrar_responder": self.farrar_responder,
        }


def pain_change(baseline: Score, follow_up: Score) -> PainChange:
    """Return the IMMPACT category and Farrar responder status of a 0–10 pain-score change.

    For NRS-type 0–10 scores of the same instrument and recall period (`nrs-pain`, BPI-SF
    severity, PEG, PROMIS-29 pain intensity). Scores outside 0–10 raise ValueError.
    """
    b, f = _exact(baseline), _exact(follow_up)
    for name, x in (("baseline", b), ("follow-up", f)):
        if not 0 <= x <= 10:
            raise ValueError(f"pain_change: {name} {float(x)} is outside 0–10")
    reduction = b - f
    pct: Fraction | None = None
    reason: str | None = "baseline 0: percent change undefined"
    category: str | None = None
    if b != 0:
        pct, reason = 100 * reduction / b, None
        category = next((name for limit, name in IMMPACT_PAIN_CATEGORIES if pct >= limit), NONE)
    points = reduction >= FARRAR_POINTS
    percent = pct is not None and pct >= FARRAR_PERCENT
    return PainChange(
        baseline=float(b),
        follow_up=float(f),
        change=float(-reduction),
        pct_reduction=None if pct is None else float(pct),
        reason=reason,
        immpact_category=category,
        farrar_points=points,
        farrar_percent=percent,
        farrar_responder=points or percent,
    )


# --- OMERACT-OARSI responder criteria (reference §5.3; statistics.md §4.3) ----------------------

PAIN = "pain"
FUNCTION = "function"
PGA = "pga"
RESPONDER = "responder"
NON_RESPONDER = "non_responder"
INDETERMINATE = "indeterminate"

# Pham et al. 2003/2004 as widely reproduced. instruments.md §5.3 tags every number UNVERIFIED
# against the primary text; statistics.md §4.3 has branch 2 VERIFIED (PMC8456865, Table 2
# footnote) and branch 1 UNVERIFIED. Carried on every result until §7 item 5 is closed.
OARSI_VERIFICATION = (
    "UNVERIFIED thresholds (Pham 2004; reference §5.3); branch 2 VERIFIED per statistics.md §4.3"
)
HIGH_PERCENT, HIGH_POINTS = 50, 20  # criterion 1: pain or function
IMPROVED_PERCENT, IMPROVED_POINTS = 20, 10  # criterion 2: two of pain, function, PGA

# §5.3 conversions to 0–100, higher = worse (project policy): (multiplier, offset) so that
# converted = offset + multiplier × score. WOMAC stiffness and total are included for the §5.3
# womac-1 conversion check.
OARSI_CONVERSIONS: dict[tuple[str, str], tuple[Fraction, int]] = {
    ("nrs-pain", "nrs_pain"): (Fraction(10), 0),
    ("koos", "pain"): (Fraction(-1), 100),
    ("koos", "adl"): (Fraction(-1), 100),
    ("hoos", "pain"): (Fraction(-1), 100),
    ("hoos", "adl"): (Fraction(-1), 100),
    ("womac", "pain"): (Fraction(100, 20), 0),
    ("womac", "stiffness"): (Fraction(100, 8), 0),
    ("womac", "physical_function"): (Fraction(100, 68), 0),
    ("womac", "total"): (Fraction(100, 96), 0),
}

DomainScores = tuple[Score, Score]


def oarsi_scale(instrument: str, scale: str, value: Score) -> Fraction:
    """Return a stored score converted exactly to the OMERACT-OARSI 0–100, higher-is-worse scale.

    Conversions of reference §5.3; a 0–100 PGA VAS needs none. ValueError for other scales.
    """
    try:
        multiplier, offset = OARSI_CONVERSIONS[(instrument, scale)]
    except KeyError:
        raise ValueError(f"{instrument} {scale}: no OMERACT-OARSI conversion (§5.3)") from None
    return offset + multiplier * _exact(value)


@dataclass(frozen=True)
class OarsiResponse:
    """OMERACT-OARSI status with the criterion (1 or 2) and domains that decided it.

    `criterion` and `domains` are set only for a responder and use observed domains only;
    `notes` say which domains were missing or had a zero baseline.
    """

    status: str
    criterion: int | None
    domains: tuple[str, ...]
    notes: tuple[str, ...]
    verification: str = OARSI_VERIFICATION


def oarsi_responder(
    *,
    pain: DomainScores | None,
    function: DomainScores | None,
    pga: DomainScores | None,
) -> OarsiResponse:
    """Return the OMERACT-OARSI responder status from (baseline, follow-up) pairs on 0–100.

    Each pair is on 0–100 with higher = worse (convert with `oarsi_scale`); None = missing
    domain. A missing domain is evaluated both as meeting and as failing every criterion;
    different outcomes → `indeterminate` (project policy, §5.3). A baseline of 0 never meets a
    relative criterion.
    """
    notes: list[str] = []
    deltas: dict[str, tuple[Fraction, Fraction]] = {}
    for name, pair in ((PAIN, pain), (FUNCTION, function), (PGA, pga)):
        if pair is None:
            notes.append(f"{name} missing")
            continue
        b, f = (_exact(x) for x in pair)
        if not (0 <= b <= 100 and 0 <= f <= 100):
            raise ValueError(f"oarsi_responder: {name} {float(b)}→{float(f)} is outside 0–100")
        if b == 0:
            notes.append(f"{name} baseline 0: relative improvement undefined, not met")
        deltas[name] = (b, b - f)

    def meets(name: str, percent: int, points: int, assumed: bool) -> bool:
        if name not in deltas:
            return assumed
        b, delta = deltas[name]
        return b > 0 and 100 * delta >= percent * b and delta >= points

    def evaluate(assumed: bool) -> tuple[int, tuple[str, ...]] | None:
        high = tuple(d for d in (PAIN, FUNCTION) if meets(d, HIGH_PERCENT, HIGH_POINTS, assumed))
        if high:
            return 1, high
        improved = tuple(
            d for d in (PAIN, FUNCTION, PGA) if meets(d, IMPROVED_PERCENT, IMPROVED_POINTS, assumed)
        )
        return (2, improved) if len(improved) >= 2 else None

    strict, lenient = evaluate(False), evaluate(True)
    if strict is not None:
        return OarsiResponse(RESPONDER, strict[0], strict[1], tuple(notes))
    status = NON_RESPONDER if lenient is None else INDETERMINATE
    return OarsiResponse(status, None, (), tuple(notes))
