"""LEFS: sum of 20 items, 0–80, higher = better (reference/instruments.md §4.9)."""

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

CODE = "lefs"
NAME = "Lower Extremity Functional Scale (LEFS)"
VERSION = "LEFS (Binkley 1999)"

# §4.9 contract (item list VERIFIED, APTA-permitted reprint): codes 0–4, 0 = extreme difficulty
# or unable … 4 = no difficulty; higher code = better, no recoding.
CODES_0_4 = (0, 1, 2, 3, 4)

# Developer descriptors of §4.9 (paraphrases, never the licensed text, §1.1).
_DESCRIPTORS = {
    "L1": "usual work/housework/school",
    "L2": "usual hobbies/recreation/sport",
    "L3": "in/out of bath",
    "L4": "walking between rooms",
    "L5": "shoes or socks",
    "L6": "squatting",
    "L7": "lifting a bag of groceries from the floor",
    "L8": "light activities at home",
    "L9": "heavy activities at home",
    "L10": "in/out of car",
    "L11": "walking 2 blocks",
    "L12": "walking a mile",
    "L13": "up/down 10 stairs",
    "L14": "standing 1 hour",
    "L15": "sitting 1 hour",
    "L16": "running on even ground",
    "L17": "running on uneven ground",
    "L18": "sharp turns while running fast",
    "L19": "hopping",
    "L20": "rolling over in bed",
}
ITEMS = tuple(Item(item_id, CODES_0_4, text) for item_id, text in _DESCRIPTORS.items())

LEFS = Scale(
    code="lefs",
    label="LEFS",
    items=tuple(_DESCRIPTORS),
    low=0,
    high=80,
    higher_is="better",
    decimals=0,
    missing_rule="all 20 items required (project policy; no rule in the original, UNVERIFIED)",
    source="Binkley JM et al., Phys Ther 1999;79(4):371–383 (reference §4.9)",
    verification="VERIFIED",
)
SCALES = (LEFS,)


def score(responses: Responses) -> ScoreResult:
    """Return the LEFS sum (0–80, higher = better); None unless all 20 items are answered."""
    validate(INSTRUMENT, responses)
    given = answered(responses, LEFS.items)
    # §4.9: the original gives no missing-item rule (UNVERIFIED); project policy: all 20.
    if len(given) < len(LEFS.items):
        return result(CODE, [(LEFS, too_few_items(LEFS, given, len(LEFS.items)))])
    # §4.9 (VERIFIED, Binkley 1999): score = sum of the 20 item codes.
    value = sum_codes(responses, given)
    return result(CODE, [(LEFS, scored(LEFS, value, given, len(LEFS.items)))])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="APTA reprint permission; embedding in software not confirmed "
    "(§1.2) — UNVERIFIED",
    text_in_repo=False,
    loinc={"72748-4": "UNVERIFIED"},  # §4.9: single third-party source; not emitted (§2.7)
    score=score,
)
