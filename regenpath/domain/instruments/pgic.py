"""PGIC, format A: one item coded 1 (very much improved) … 7 (very much worse) (§4.19).

Reference: reference/instruments.md §4.19 (Guy's CGI-I 1976 format; IMMPACT, Dworkin 2008).
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

CODE = "pgic"
NAME = "Patient Global Impression of Change (format A)"
VERSION = "PGIC format A (regenpath coding)"

# §4.19 (project policy): `pgic` is format A with this fixed coding; category labels
# CROSS-CHECKED (Farrar 2001, IMMPACT), numeric coding UNVERIFIED (some implementations reverse
# it). 1 very much improved, 2 much improved, 3 minimally improved, 4 no change, 5 minimally
# worse, 6 much worse, 7 very much worse. Format B is a different instrument and never mixed in.
ITEMS = (Item("PGIC", (1, 2, 3, 4, 5, 6, 7), "global impression of change since start"),)

PGIC = Scale(
    code="pgic",
    label="PGIC",
    items=("PGIC",),
    low=1,
    high=7,
    higher_is="worse",
    decimals=0,
    missing_rule="single item; unanswered → not scored",
    source="Guy 1976 ECDEU (CGI-I format); Farrar 2001; Dworkin 2008 IMMPACT (§4.19)",
    verification="UNVERIFIED",
)
SCALES = (PGIC,)

# §4.19 interpretation (IMMPACT 2008, VERIFIED): 1 substantial, 2 moderate, 3 minimal,
# 4–7 none (no improvement).
INTERPRETATION = {1: "substantial", 2: "moderate", 3: "minimal"}
NO_IMPROVEMENT = "none"


def score(responses: Responses) -> ScoreResult:
    """Return the PGIC code as the score (1–7, lower = more improved) and its IMMPACT class."""
    validate(INSTRUMENT, responses)
    given = answered(responses, PGIC.items)
    if not given:
        return result(CODE, [(PGIC, too_few_items(PGIC, given, 1))])
    value = sum_codes(responses, given)  # the single code itself, no arithmetic (§4.19)
    band = INTERPRETATION.get(value, NO_IMPROVEMENT)
    return result(CODE, [(PGIC, scored(PGIC, value, given, 1, interpretation=band))])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="format A from Guy's ECDEU manual (NIMH 1976, usually treated as public "
    "domain); not confirmed (§1.2) — UNVERIFIED",
    text_in_repo=False,
    loinc={},  # §4.19: none confirmed
    score=score,
)
