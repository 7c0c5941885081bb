"""PEG three-item pain scale: mean of P, E, G, 0–10 (reference/instruments.md §4.2)."""

from __future__ import annotations

from regenpath.domain.instruments._core import (
    Instrument,
    Item,
    Responses,
    Scale,
    ScoreResult,
    answered,
    mean_codes,
    result,
    scored,
    too_few_items,
    validate,
)

CODE = "peg"
NAME = "PEG three-item pain scale"
VERSION = "PEG (Krebs et al. 2009)"

# §4.2 contract (Krebs 2009): all three items 0–10, higher = worse; recall past week.
ITEMS = (
    Item("P", tuple(range(11)), "average pain intensity"),
    Item("E", tuple(range(11)), "interference with enjoyment of life"),
    Item("G", tuple(range(11)), "interference with general activity"),
)

PEG = Scale(
    code="peg",
    label="PEG",
    items=("P", "E", "G"),
    low=0,
    high=10,
    higher_is="worse",
    decimals=0,  # LOINC 91147-9: "For clinical use, round to the nearest whole number" (§4.2)
    missing_rule="all 3 items required (project policy; no rule in Krebs 2009)",
    source="Krebs EE et al., J Gen Intern Med 2009;24:733–738; LOINC 91147-9 (reference §4.2)",
    verification="VERIFIED",
    loinc="91147-9",
)
SCALES = (PEG,)

# Project policy (§4.2): Krebs 2009 gives no missing-item rule, so all three are required.
N_REQUIRED = 3


def score(responses: Responses) -> ScoreResult:
    """Return the PEG score, the exact mean of P, E and G (0–10, higher = worse)."""
    validate(INSTRUMENT, responses)
    given = answered(responses, PEG.items)
    if len(given) < N_REQUIRED:
        return result(CODE, [(PEG, too_few_items(PEG, given, N_REQUIRED))])
    # LOINC 91147-9 (VERIFIED): "the average of the 3 individual item scores".
    return result(CODE, [(PEG, scored(PEG, mean_codes(responses, given), given, N_REQUIRED))])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="no explicit permission known; items adapted from the BPI (§1.2) — UNVERIFIED",
    text_in_repo=False,
    loinc={"91147-9": "VERIFIED"},  # §4.2; item codes UNVERIFIED and not listed
    score=score,
)
