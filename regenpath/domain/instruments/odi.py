"""Oswestry Disability Index v2.1a: percent of the possible score, 0–100 % (§4.12).

Reference: reference/instruments.md §4.12 (Fairbank & Pynsent, Spine 2000; ODI v2.1a scoring text).
"""

from __future__ import annotations

from fractions import Fraction

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

CODE = "odi"
NAME = "Oswestry Disability Index (ODI)"
VERSION = "ODI v2.1a"

# §4.12 (VERIFIED section list): 10 sections coded 0–5, first statement 0 … last 5, no
# recoding. A section marked "not applicable" (typically S8) is entered as unanswered.
CODES_0_5 = (0, 1, 2, 3, 4, 5)
_DESCRIPTORS = {
    "S1": "pain intensity",
    "S2": "personal care (washing, dressing, etc.)",
    "S3": "lifting",
    "S4": "walking",
    "S5": "sitting",
    "S6": "standing",
    "S7": "sleeping",
    "S8": "sex life (if applicable)",
    "S9": "social life",
    "S10": "travelling",
}
ITEMS = tuple(Item(item_id, CODES_0_5, text) for item_id, text in _DESCRIPTORS.items())

ODI = Scale(
    code="odi",
    label="ODI",
    items=tuple(_DESCRIPTORS),
    low=0,
    high=100,
    higher_is="worse",
    decimals=1,  # §4.12: half-up at display (16/45 → 35.6), never truncated
    missing_rule="at most 1 section unanswered (project policy; one missing VERIFIED)",
    source="Fairbank & Pynsent, Spine 2000;25(22):2940–2953; ODI v2.1a scoring text (§4.12)",
    verification="VERIFIED",
    loinc="97909-6",
)
SCALES = (ODI,)

# §4.12: one missing section is VERIFIED; the official text sets no maximum (UNVERIFIED).
# Project policy: at most one section unanswered.
N_REQUIRED = 9

# §4.12 bands (VERIFIED, Fairbank): 0–20 minimal, 21–40 moderate, 41–60 severe, 61–80
# crippled, 81–100 bed-bound or exaggerating. Scores can be non-integer, so the project policy
# reads each band with an inclusive upper bound.
BANDS: tuple[tuple[int, str], ...] = (
    (20, "minimal"),
    (40, "moderate"),
    (60, "severe"),
    (80, "crippled"),
)
TOP_BAND = "bed_bound_or_exaggerating"


def interpret(value: Fraction) -> str:
    """Return the ODI band code of a percentage score (inclusive upper bounds, project policy)."""
    for upper, band in BANDS:
        if value <= upper:
            return band
    return TOP_BAND


def score(responses: Responses) -> ScoreResult:
    """Return the ODI percentage (0–100, higher = worse) with its band; None if 2+ unanswered."""
    validate(INSTRUMENT, responses)
    given = answered(responses, ODI.items)
    if len(given) < N_REQUIRED:
        return result(CODE, [(ODI, too_few_items(ODI, given, N_REQUIRED))])
    # §4.12 (VERIFIED, official text): total scored / (5 × sections answered) × 100,
    # e.g. 16/50 × 100 = 32 %, and 16/45 × 100 with one section missed.
    value = Fraction(sum_codes(responses, given) * 100, 5 * len(given))
    res = scored(ODI, value, given, N_REQUIRED, interpretation=interpret(value))
    return result(CODE, [(ODI, res)])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="© Jeremy Fairbank; licence via Mapi ePROVIDE (§1.2) — VERIFIED",
    text_in_repo=False,
    # §4.12 (VERIFIED, https://loinc.org/97909-6): panel 97908-8, score 97909-6. Its description's
    # interpretation bands are NDI raw bands and are ignored (§6).
    loinc={"97908-8": "VERIFIED", "97909-6": "VERIFIED"},
    score=score,
)
