"""KOOS, 2012 scoring: five subscales 0–100, higher = better (reference/instruments.md §4.4)."""

from __future__ import annotations

from fractions import Fraction

from regenpath.domain.instruments._core import (
    Instrument,
    Item,
    Responses,
    Scale,
    ScaleResult,
    ScoreResult,
    answered,
    result,
    scored,
    sum_codes,
    too_few_items,
    validate,
)

CODE = "koos"
NAME = "Knee injury and Osteoarthritis Outcome Score (KOOS)"
VERSION = "KOOS (2012 scoring)"

# §4.4: every item coded 0–4 by box position, 0 = no problems, 4 = extreme problems; the
# engine never reverses an item (S4, S5 included; the text pack maps labels to codes).
CODES_0_4 = (0, 1, 2, 3, 4)

# Developer descriptors of §4.4 (paraphrases, never the licensed text, §1.1), official form order.
_DESCRIPTORS = {
    "S1": "swelling",
    "S2": "grinding, clicking or noise",
    "S3": "catching or hanging up",
    "S4": "straighten knee fully",
    "S5": "bend knee fully",
    "S6": "stiffness after first wakening",
    "S7": "stiffness later in the day",
    "P1": "how often pain",
    "P2": "pain twisting/pivoting",
    "P3": "pain straightening fully",
    "P4": "pain bending fully",
    "P5": "pain walking on flat surface",
    "P6": "pain going up or down stairs",
    "P7": "pain at night in bed",
    "P8": "pain sitting or lying",
    "P9": "pain standing upright",
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
    "A12": "lying in bed",
    "A13": "getting in/out of bath",
    "A14": "sitting",
    "A15": "getting on/off toilet",
    "A16": "heavy domestic duties",
    "A17": "light domestic duties",
    "SP1": "squatting",
    "SP2": "running",
    "SP3": "jumping",
    "SP4": "twisting/pivoting on injured knee",
    "SP5": "kneeling",
    "Q1": "how often aware of knee problem",
    "Q2": "modified lifestyle",
    "Q3": "lack of confidence in knee",
    "Q4": "general difficulty",
}
ITEMS = tuple(Item(item_id, CODES_0_4, text) for item_id, text in _DESCRIPTORS.items())

_SOURCE = "KOOS Scoring 2012 (reference §4.4)"
_RULE = "at least 50 % of the subscale's items answered (2 × answered ≥ items)"


def _ids(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{n}" for n in range(1, count + 1))


def _subscale(code: str, label: str, items: tuple[str, ...], loinc: str) -> Scale:
    return Scale(
        code=code,
        label=label,
        items=items,
        low=0,
        high=100,
        higher_is="better",
        decimals=1,  # §4.4: manual silent on rounding; project choice
        missing_rule=_RULE,
        source=_SOURCE,
        verification="VERIFIED",
        loinc=loinc,
    )


# §4.4 output order: pain, symptoms, adl, sport_rec, qol. LOINC: CMS66v10 eCQM (VERIFIED).
SCALES = (
    _subscale("pain", "KOOS pain", _ids("P", 9), "72102-7"),
    _subscale("symptoms", "KOOS symptoms", _ids("S", 7), "72101-9"),
    _subscale("adl", "KOOS ADL", _ids("A", 17), "72100-1"),
    _subscale("sport_rec", "KOOS sport/rec", _ids("SP", 5), "72099-5"),
    _subscale("qol", "KOOS QOL", _ids("Q", 4), "72098-7"),
)


def n_required(scale: Scale) -> int:
    """Return the fewest answered items that still score a KOOS/HOOS subscale.

    KOOS Scoring 2012 / HOOS Scoring 2013 (VERIFIED, §4.4, §4.6): valid ⇔ 2 × answered ≥ items,
    i.e. ceil(items / 2). The 1998/2003 "two missing" rules are not used (project policy).
    """
    return -(-len(scale.items) // 2)


def score_subscale(scale: Scale, responses: Responses) -> ScaleResult:
    """Return 100 − 25 × mean(answered items) for one KOOS/HOOS subscale, or too_few_items.

    Shared by HOOS (§4.6, HOOS Scoring 2013 uses the same formula and rule). 100 = no problems.
    """
    given = answered(responses, scale.items)
    required = n_required(scale)
    if len(given) < required:
        return too_few_items(scale, given, required)
    # 100 − 25 × (Σ / n) written as one exact fraction, (100n − 25Σ) / n: the same number
    # with one normalisation instead of three (the scoring hot path).
    total = sum_codes(responses, given)
    value = Fraction(100 * len(given) - 25 * total, len(given))
    return scored(scale, value, given, required)


def score(responses: Responses) -> ScoreResult:
    """Return the five KOOS subscales (0–100, higher = better), each judged independently."""
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
