"""painDETECT: seven 0–5 items plus pattern and radiation points, −1 to 38 (§4.15).

Reference: reference/instruments.md §4.15 (Freynhagen R et al., Curr Med Res Opin 2006;22:1911–1920;
NINDS CDE painDETECT page; PMC7136290 Table 3).
"""

from __future__ import annotations

from regenpath.domain.instruments._core import (
    Instrument,
    Item,
    Responses,
    Scale,
    ScoreResult,
    answered,
    result,
    scored,
    sum_codes,
    too_few_items,
    validate,
)

CODE = "paindetect"
NAME = "painDETECT"
VERSION = "painDETECT (Freynhagen 2006), positional item scheme"

# §4.15 contract: positional identifiers (project scheme; item wording UNVERIFIED).
_CODES_0_5 = (0, 1, 2, 3, 4, 5)
SYMPTOM_ITEMS = ("PD1", "PD2", "PD3", "PD4", "PD5", "PD6", "PD7")

# §4.15 recodes (range −1..38 VERIFIED, NINDS CDE; pattern maximum +1 CROSS-CHECKED — the NINDS
# "scored from −1 to 2" is a misprint, §6): pain-course picture 1 persistent with slight
# fluctuations → 0; 2 persistent with attacks → −1; 3 attacks without pain between → +1;
# 4 attacks with pain between → +1.
PATTERN_POINTS = {1: 0, 2: -1, 3: 1, 4: 1}
# §4.15: pain radiates to other regions: 0 no → 0; 1 yes → +2.
RADIATING_POINTS = {0: 0, 1: 2}

ITEMS = (
    Item("PD1", _CODES_0_5, "burning sensation"),
    Item("PD2", _CODES_0_5, "tingling or prickling"),
    Item("PD3", _CODES_0_5, "light touch painful"),
    Item("PD4", _CODES_0_5, "sudden electric-shock-like pain attacks"),
    Item("PD5", _CODES_0_5, "cold or heat painful"),
    Item("PD6", _CODES_0_5, "numbness"),
    Item("PD7", _CODES_0_5, "slight pressure painful"),
    Item("PATTERN", tuple(PATTERN_POINTS), "pain-course picture chosen"),
    Item("RADIATING", tuple(RADIATING_POINTS), "pain radiates to other regions"),
    # §4.15: recorded-only, validated 0–10, never scored ("four additional questions … do not
    # contribute to the scoring").
    Item("PAIN_NOW", tuple(range(11)), "pain now", recorded_only=True),
    Item("PAIN_STRONGEST_4W", tuple(range(11)), "strongest pain, past 4 weeks", recorded_only=True),
    Item("PAIN_AVERAGE_4W", tuple(range(11)), "average pain, past 4 weeks", recorded_only=True),
)

PAINDETECT = Scale(
    code="paindetect",
    label="painDETECT",
    items=(*SYMPTOM_ITEMS, "PATTERN", "RADIATING"),
    low=-1,
    high=38,
    higher_is="more likely neuropathic",
    decimals=0,
    missing_rule="all 9 scored items required (project policy; no official rule, UNVERIFIED)",
    source="Freynhagen R et al., Curr Med Res Opin 2006;22(10):1911–1920; NINDS CDE (§4.15)",
    verification="VERIFIED",
)
SCALES = (PAINDETECT,)

# §4.15 classes (VERIFIED): ≤ 12 unlikely (< 15 %), 13–18 uncertain, ≥ 19 likely (> 90 %); the
# NINDS "≤ 19" for the likely class is a misprint (§6). Scores are integers.
BANDS: tuple[tuple[int, str], ...] = ((12, "unlikely"), (18, "uncertain"))
TOP_BAND = "likely"


def interpret(value: int) -> str:
    """Return the painDETECT class of a total score (−1..38)."""
    for upper, band in BANDS:
        if value <= upper:
            return band
    return TOP_BAND


def score(responses: Responses) -> ScoreResult:
    """Return the painDETECT total (−1 to 38, higher = neuropathic more likely) and its class.

    None unless PD1–PD7, PATTERN and RADIATING are all answered; recorded-only items are ignored.
    """
    validate(INSTRUMENT, responses)
    given = answered(responses, PAINDETECT.items)
    # §4.15: no official missing rule (UNVERIFIED); project policy: all 9 scored items.
    required = len(PAINDETECT.items)
    if len(given) < required:
        return result(CODE, [(PAINDETECT, too_few_items(PAINDETECT, given, required))])
    pattern, radiating = responses["PATTERN"], responses["RADIATING"]
    assert pattern is not None and radiating is not None  # answered() just checked both
    value = (
        sum_codes(responses, SYMPTOM_ITEMS) + PATTERN_POINTS[pattern] + RADIATING_POINTS[radiating]
    )
    res = scored(PAINDETECT, value, given, required, interpretation=interpret(value))
    return result(CODE, [(PAINDETECT, res)])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="© Pfizer Pharma GmbH; permission needed for electronic use (§1.2) — UNVERIFIED",
    text_in_repo=False,
    loinc={},  # §4.15: none known
    score=score,
)
