"""Neck Disability Index: raw score 0–50 and percent 0–100 %, higher = worse (§4.13).

Reference: reference/instruments.md §4.13 (Vernon & Mior, JMPT 1991; Vernon, JMPT 2008).
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

CODE = "ndi"
NAME = "Neck Disability Index (NDI)"
VERSION = "NDI (Vernon & Mior 1991)"

# §4.13: 10 items coded 0–5, first statement 0 … last 5, no recoding. Item list CROSS-CHECKED
# (Vernon 2008: "recreation" replaced the ODI's "sex life").
CODES_0_5 = (0, 1, 2, 3, 4, 5)
_DESCRIPTORS = {
    "S1": "pain intensity",
    "S2": "personal care",
    "S3": "lifting",
    "S4": "reading",
    "S5": "headaches",
    "S6": "concentration",
    "S7": "work",
    "S8": "driving",
    "S9": "sleeping",
    "S10": "recreation",
}
ITEMS = tuple(Item(item_id, CODES_0_5, text) for item_id, text in _DESCRIPTORS.items())

_SOURCE = "Vernon & Mior, JMPT 1991;14:409–415; Vernon, JMPT 2008;31:491–502 (§4.13)"
_RULE = "at most 1 item unanswered, mean-substituted (project policy cap on VERIFIED method)"


def _scale(code: str, label: str, high: int) -> Scale:
    return Scale(
        code=code,
        label=label,
        items=tuple(_DESCRIPTORS),
        low=0,
        high=high,
        higher_is="worse",
        decimals=1,  # §4.13: project choice, both scales
        missing_rule=_RULE,
        source=_SOURCE,
        verification="VERIFIED",
    )


NDI = _scale("ndi", "NDI", 50)
NDI_PERCENT = _scale("ndi_percent", "NDI percent", 100)
SCALES = (NDI, NDI_PERCENT)

# §4.13: Vernon gives no maximum of missing items (UNVERIFIED); project policy: at most 1.
N_REQUIRED = 9

# §4.13 bands on the raw /50 score (VERIFIED, Vernon): 0–4 none, 5–14 mild, 15–24 moderate,
# 25–34 severe, >34 complete. Substituted scores can be non-integer, so the project policy reads
# each band with an inclusive upper bound.
BANDS: tuple[tuple[int, str], ...] = (
    (4, "none"),
    (14, "mild"),
    (24, "moderate"),
    (34, "severe"),
)
TOP_BAND = "complete"


def interpret(raw: Fraction) -> str:
    """Return the NDI band code of a raw 0–50 score (inclusive upper bounds, project policy)."""
    for upper, band in BANDS:
        if raw <= upper:
            return band
    return TOP_BAND


def score(responses: Responses) -> ScoreResult:
    """Return NDI raw (0–50) and percent (0–100) with one shared band; None if 2+ unanswered."""
    validate(INSTRUMENT, responses)
    given = answered(responses, NDI.items)
    if len(given) < N_REQUIRED:
        return result(
            CODE,
            [(scale, too_few_items(scale, given, N_REQUIRED)) for scale in SCALES],
        )
    # §4.13 (VERIFIED, Vernon): "The average of all other items is then added to the completed
    # items": sum + (10 − n) × sum/n = sum × 10/n (= sum when all 10 are answered).
    raw = Fraction(sum_codes(responses, given) * len(NDI.items), len(given))
    band = interpret(raw)  # §4.13: the same band code is reported on both scales
    return result(
        CODE,
        [
            (NDI, scored(NDI, raw, given, N_REQUIRED, interpretation=band)),
            # §4.13 (VERIFIED, Vernon): "multiplied by 2 to produce a percentage score".
            (NDI_PERCENT, scored(NDI_PERCENT, 2 * raw, given, N_REQUIRED, interpretation=band)),
        ],
    )


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="© Howard Vernon; software redistribution terms not confirmed "
    "(§1.2) — UNVERIFIED",
    text_in_repo=False,
    loinc={"82226-2": "UNVERIFIED"},  # §4.13: one third-party document; not emitted (§2.7)
    score=score,
)
