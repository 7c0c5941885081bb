"""Brief Pain Inventory, Short Form: severity and interference (reference/instruments.md §4.3)."""

from __future__ import annotations

from regenpath.domain.instruments._core import (
    Instrument,
    Item,
    Responses,
    Scale,
    ScaleResult,
    ScoreResult,
    answered,
    mean_codes,
    result,
    scored,
    too_few_items,
    validate,
)

CODE = "bpi-sf"
NAME = "Brief Pain Inventory – Short Form"
VERSION = "BPI-SF (User Guide 2009)"

_0_10 = tuple(range(11))

# §4.3 contract, form order. Q1 and Q8 are recorded-only (validated, never scored); Q1 is coded
# 0 = no, 1 = yes (project coding); Q8 is percent relief in steps of 10. Q2 (body diagram) and Q7
# (free text) are stored by the application, not passed to the engine.
ITEMS = (
    Item("Q1", (0, 1), "pain other than everyday kinds", recorded_only=True),
    Item("Q3", _0_10, "pain at its worst"),
    Item("Q4", _0_10, "pain at its least"),
    Item("Q5", _0_10, "pain on average"),
    Item("Q6", _0_10, "pain right now"),
    Item("Q8", tuple(range(0, 101, 10)), "relief from treatment, percent", recorded_only=True),
    Item("Q9A", _0_10, "interference: general activity"),
    Item("Q9B", _0_10, "interference: mood"),
    Item("Q9C", _0_10, "interference: walking ability"),
    Item("Q9D", _0_10, "interference: normal work"),
    Item("Q9E", _0_10, "interference: relations with other people"),
    Item("Q9F", _0_10, "interference: sleep"),
    Item("Q9G", _0_10, "interference: enjoyment of life"),
)

_SOURCE = "Cleeland CS, The Brief Pain Inventory User Guide, 2009 (reference §4.3)"

SEVERITY = Scale(
    code="severity",
    label="BPI-SF severity",
    items=("Q3", "Q4", "Q5", "Q6"),
    low=0,
    high=10,
    higher_is="worse",
    decimals=2,  # project choice; the guide is silent (§4.3)
    missing_rule="all 4 items required (project policy; guide recommends using all four)",
    source=_SOURCE,
    verification="VERIFIED (scoring); missing rule project policy",
)
INTERFERENCE = Scale(
    code="interference",
    label="BPI-SF interference",
    items=("Q9A", "Q9B", "Q9C", "Q9D", "Q9E", "Q9F", "Q9G"),
    low=0,
    high=10,
    higher_is="worse",
    decimals=2,  # project choice (§4.3)
    missing_rule="at least 4 of 7 items answered (VERIFIED, User Guide; LOINC 77565-0)",
    source=_SOURCE,
    verification="VERIFIED",
    loinc="77565-0",
)
SCALES = (SEVERITY, INTERFERENCE)

# §4.3: severity has no rule in the guide (UNVERIFIED) → all 4 (project policy); interference
# "can be used if more than 50%, or four of seven … have been completed" (VERIFIED).
N_REQUIRED = {"severity": 4, "interference": 4}


def _mean_scale(scale: Scale, responses: Responses) -> ScaleResult:
    given = answered(responses, scale.items)
    required = N_REQUIRED[scale.code]
    if len(given) < required:
        return too_few_items(scale, given, required)
    return scored(scale, mean_codes(responses, given), given, required)


def score(responses: Responses) -> ScoreResult:
    """Return BPI-SF severity and interference, each a mean on 0–10 (higher = worse)."""
    validate(INSTRUMENT, responses)
    return result(CODE, [(scale, _mean_scale(scale, responses)) for scale in SCALES])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="© Cleeland; permission required, fees may apply (§1.2) — VERIFIED",
    text_in_repo=False,
    loinc={"77565-0": "VERIFIED"},  # §4.3; panel and severity codes none confirmed
    score=score,
)
