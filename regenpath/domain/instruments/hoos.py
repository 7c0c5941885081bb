"""HOOS, 2013 scoring: five subscales 0–100, higher = better (reference/instruments.md §4.6)."""

from __future__ import annotations

from regenpath.domain.instruments._core import (
    Instrument,
    Item,
    Responses,
    Scale,
    ScoreResult,
    result,
    validate,
)
from regenpath.domain.instruments.koos import CODES_0_4, score_subscale

CODE = "hoos"
NAME = "Hip disability and Osteoarthritis Outcome Score (HOOS)"
VERSION = "HOOS (2013 scoring)"

# §4.6 (item list CROSS-CHECKED): 40 items, codes 0–4 by box position, 0 = no problems, no
# reversal in the engine. Developer descriptors only (§1.1), official form order.
_DESCRIPTORS = {
    "S1": "grinding, clicking or noise",
    "S2": "difficulty spreading legs wide apart",
    "S3": "difficulty striding out when walking",
    "S4": "stiffness after first wakening",
    "S5": "stiffness later in the day",
    "P1": "how often hip painful",
    "P2": "pain straightening hip fully",
    "P3": "pain bending hip fully",
    "P4": "pain walking on flat surface",
    "P5": "pain going up or down stairs",
    "P6": "pain at night in bed",
    "P7": "pain sitting or lying",
    "P8": "pain standing upright",
    "P9": "pain walking on hard surface",
    "P10": "pain walking on uneven surface",
    "A1": "descending stairs",
    "A2": "ascending stairs",
    "A3": "rising from sitting",
    "A4": "standing",
    "A5": "bending to floor/pick up an object",
    "A6": "walking on flat surface",
    "A7": "getting in/out of car",
    "A8": "going shopping",
    "A9": "putting on socks",
    "A10": "rising from bed",
    "A11": "taking off socks",
    "A12": "lying in bed (turning over, maintaining hip position)",
    "A13": "getting in/out of bath",
    "A14": "sitting",
    "A15": "getting on/off toilet",
    "A16": "heavy domestic duties",
    "A17": "light domestic duties",
    "SP1": "squatting",
    "SP2": "running",
    "SP3": "twisting/pivoting on loaded leg",
    "SP4": "walking on uneven surface",
    "Q1": "aware of hip problem",
    "Q2": "modified lifestyle",
    "Q3": "lack of confidence in hip",
    "Q4": "general difficulty",
}
ITEMS = tuple(Item(item_id, CODES_0_4, text) for item_id, text in _DESCRIPTORS.items())


def _subscale(code: str, label: str, prefix: str, count: int, loinc: str) -> Scale:
    return Scale(
        code=code,
        label=label,
        items=tuple(f"{prefix}{n}" for n in range(1, count + 1)),
        low=0,
        high=100,
        higher_is="better",
        decimals=1,  # project choice (§4.6)
        missing_rule="at least 50 % of the subscale's items answered (2 × answered ≥ items)",
        source="HOOS Scoring 2013 (reference §4.6)",
        verification="VERIFIED",
        loinc=loinc,
    )


# §4.6 output order: pain, symptoms, adl, sport_rec, qol. LOINC: CMS56 THA eCQM (VERIFIED).
SCALES = (
    _subscale("pain", "HOOS pain", "P", 10, "72097-9"),
    _subscale("symptoms", "HOOS symptoms", "S", 5, "72096-1"),
    _subscale("adl", "HOOS ADL", "A", 17, "72095-3"),
    _subscale("sport_rec", "HOOS sport/rec", "SP", 4, "72094-6"),
    _subscale("qol", "HOOS QOL", "Q", 4, "72093-8"),
)


def score(responses: Responses) -> ScoreResult:
    """Return the five HOOS subscales (0–100, higher = better), each judged independently.

    HOOS Scoring 2013 (VERIFIED): 100 − 25 × mean of answered items, ≥ 50 % answered; the
    2003 rule is not used and no unofficial TOTAL is computed (§4.6, §6).
    """
    validate(INSTRUMENT, responses)
    return result(CODE, [(scale, score_subscale(scale, responses)) for scale in SCALES])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="Mapi Research Trust; fee and permission required for clinics (§1.2) — VERIFIED",
    text_in_repo=False,
    loinc={scale.loinc: "VERIFIED" for scale in SCALES if scale.loinc is not None},
    score=score,
)
