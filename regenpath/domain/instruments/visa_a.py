"""VISA-A: sum of the points of Q1–Q7 and one Q8 variant, 0–100, higher = better (§4.11).

Reference: reference/instruments.md §4.11 (Robinson JM et al., Br J Sports Med 2001;35:335–341).
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

CODE = "visa-a"
NAME = "Victorian Institute of Sport Assessment – Achilles (VISA-A)"
VERSION = "VISA-A (Robinson 2001)"

# §4.11: input codes are the points printed on the form. Q1–Q6 0–10 (descriptors are paraphrases,
# UNVERIFIED against the BJSM appendix); Q7 and Q8 point sets CROSS-CHECKED (two implementations).
_POINTS_0_10 = tuple(range(11))
ITEMS = (
    Item("Q1", _POINTS_0_10, "minutes of Achilles stiffness on first getting up"),
    Item("Q2", _POINTS_0_10, "pain stretching the Achilles over a step edge, once warmed up"),
    Item("Q3", _POINTS_0_10, "pain within 2 h after walking 30 min on flat ground"),
    Item("Q4", _POINTS_0_10, "pain walking downstairs with normal gait"),
    Item("Q5", _POINTS_0_10, "pain during/after 10 single-leg heel raises"),
    Item("Q6", _POINTS_0_10, "number of single-leg hops without pain"),
    Item("Q7", (0, 4, 7, 10), "current sport/physical activity level"),
    Item("Q8A", (0, 7, 14, 21, 30), "no pain during loading sport: duration"),
    Item("Q8B", (0, 4, 10, 14, 20), "pain during loading sport but not stopping: duration"),
    Item("Q8C", (0, 2, 5, 7, 10), "pain that stops loading sport: duration"),
)

# §4.11 / §2.2: exactly one of Q8A/Q8B/Q8C; two or more answered is a `conflict` error.
Q8_VARIANTS = ("Q8A", "Q8B", "Q8C")
Q8_SLOT = "Q8"

VISA_A = Scale(
    code="visa_a",
    label="VISA-A",
    # §4.11: the three Q8 variants count as one slot named Q8 (n_items = 8).
    items=("Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", Q8_SLOT),
    low=0,
    high=100,
    higher_is="better",
    decimals=0,
    missing_rule="Q1–Q7 and one Q8 variant all required (project policy; official rule UNVERIFIED)",
    source="Robinson JM et al., Br J Sports Med 2001;35(5):335–341 (reference §4.11)",
    verification="CROSS-CHECKED",
)
SCALES = (VISA_A,)


def score(responses: Responses) -> ScoreResult:
    """Return the VISA-A score (0–100, 100 = perfect); None unless Q1–Q7 and Q8 are answered.

    Raises ScoringInputError with kind `conflict` when more than one Q8 variant is answered.
    """
    validate(INSTRUMENT, responses)
    q1_q7 = VISA_A.items[:-1]
    q8 = answered(responses, Q8_VARIANTS)  # at most one, validate() enforced the conflict rule
    given = answered(responses, q1_q7) + ((Q8_SLOT,) if q8 else ())
    # §4.11: no official missing-item rule confirmed (UNVERIFIED); project policy: all 8 slots.
    if len(given) < len(VISA_A.items):
        return result(CODE, [(VISA_A, too_few_items(VISA_A, given, len(VISA_A.items)))])
    # §4.11 (VERIFIED range 0–100): Q1 + … + Q7 + the answered Q8 variant.
    value = sum_codes(responses, q1_q7) + sum_codes(responses, q8)
    return result(CODE, [(VISA_A, scored(VISA_A, value, given, len(VISA_A.items)))])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="Robinson et al. 2001 (BMJ); no licence statement known (§1.2) — UNVERIFIED",
    text_in_repo=False,
    loinc={},  # §4.11: none known
    score=score,
    conflicts=(Q8_VARIANTS,),
)
