"""NRS-11 pain intensity: one 0–10 item, scored as given (reference/instruments.md §4.1)."""

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

CODE = "nrs-pain"
NAME = "Numeric Rating Scale for pain (NRS-11)"
VERSION = "NRS-11 (0–10)"

# §4.1 contract: 0 = no pain … 10 = worst possible pain (generic scale, VERIFIED free, §1.2).
ITEMS = (Item("NRS", tuple(range(11)), "pain intensity, 0 none to 10 worst possible"),)

NRS_PAIN = Scale(
    code="nrs_pain",
    label="NRS pain",
    items=("NRS",),
    low=0,
    high=10,
    higher_is="worse",
    decimals=0,
    missing_rule="single item; unanswered → not scored",
    source="Farrar JT et al., Pain 2001;94:149–158 (reference §4.1)",
    verification="VERIFIED",
)
SCALES = (NRS_PAIN,)


def score(responses: Responses) -> ScoreResult:
    """Return the NRS pain score (0–10, higher = worse); None when NRS is unanswered."""
    validate(INSTRUMENT, responses)
    given = answered(responses, NRS_PAIN.items)
    if not given:
        return result(CODE, [(NRS_PAIN, too_few_items(NRS_PAIN, given, 1))])
    return result(CODE, [(NRS_PAIN, scored(NRS_PAIN, sum_codes(responses, given), given, 1))])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="free, no licence needed (ICHOM; reference §1.2) — VERIFIED",
    text_in_repo=True,
    # §4.1: both candidate codes single-source → not emitted (§2.7).
    loinc={"38208-5": "UNVERIFIED", "72514-3": "UNVERIFIED"},
    score=score,
)
