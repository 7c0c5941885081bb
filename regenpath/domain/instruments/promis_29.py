"""PROMIS-29 Profile v2.1: seven T-scored domains and 0–10 pain intensity (instruments.md §4.16)."""

from __future__ import annotations

from regenpath.domain.instruments import promis_tables
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
from regenpath.domain.instruments.promis_tables import domain_scale, score_domain

CODE = "promis-29"
NAME = "PROMIS-29 Profile v2.1"
# §4.16 "Versions": v2.0 and v2.1 use the same tables in public implementations (difference
# UNVERIFIED); v1.0 has a different PF table and is not supported.
VERSION = "PROMIS-29 Profile v2.1 (v2.0 scored alike; v1.0 not supported)"

# §4.16 contract: the input is the official PROMIS score value 1–5 printed next to each option.
# The engine sums values and never reverses an item (identifiers and value assignments
# CROSS-CHECKED against chamtrain/choir-d and jcoin-maarc/jdc-utilities).
VALUES_1_5 = (1, 2, 3, 4, 5)
# Global07: 0 = no pain … 10 = worst imaginable pain (identifier CROSS-CHECKED, wording UNVERIFIED).
VALUES_0_10 = tuple(range(11))

# Items whose first printed option carries value 5 (§4.16): a UI recording the 1-based position p
# of the chosen option must send value 6 − p for these, and p for every other 1–5 item.
REVERSE_PRINTED = frozenset(
    {
        "PFA11",
        "PFA21",
        "PFA23",
        "PFA53",
        "Sleep109",
        "Sleep116",
        "SRPPER11_CaPS",
        "SRPPER18_CaPS",
        "SRPPER23_CaPS",
        "SRPPER46_CaPS",
    }
)

# (scale code, label, higher T =, verification, {item: developer descriptor}) in §4.16 order;
# items in form order. Descriptors are the paraphrases of §4.16, never the licensed text (§1.1).
_DOMAINS: tuple[tuple[str, str, str, str, dict[str, str]], ...] = (
    (
        "physical_function",
        "PROMIS-29 physical function",
        "better",
        "T CROSS-CHECKED; SE UNVERIFIED (single source)",
        {
            "PFA11": "chores such as vacuuming or yard work",
            "PFA21": "stairs at a normal pace",
            "PFA23": "walk at least 15 minutes",
            "PFA53": "run errands and shop",
        },
    ),
    (
        "anxiety",
        "PROMIS-29 anxiety",
        "worse",
        "CROSS-CHECKED",
        {
            "EDANX01": "fearful",
            "EDANX40": "hard to focus on anything but anxiety",
            "EDANX41": "worries overwhelmed me",
            "EDANX53": "uneasy",
        },
    ),
    (
        "depression",
        "PROMIS-29 depression",
        "worse",
        "CROSS-CHECKED; SE at raw 20 UNVERIFIED",
        {
            "EDDEP04": "worthless",
            "EDDEP06": "helpless",
            "EDDEP29": "depressed",
            "EDDEP41": "hopeless",
        },
    ),
    (
        "fatigue",
        "PROMIS-29 fatigue",
        "worse",
        "CROSS-CHECKED",
        {
            "HI7": "feel fatigued",
            "AN3": "trouble starting things because tired",
            "FATEXP41": "how run-down on average",
            "FATEXP40": "how fatigued on average",
        },
    ),
    (
        "sleep_disturbance",
        "PROMIS-29 sleep disturbance",
        "worse",
        "CROSS-CHECKED",
        {
            "Sleep109": "sleep quality",
            "Sleep116": "sleep was refreshing",
            "Sleep20": "problem with sleep",
            "Sleep44": "difficulty falling asleep",
        },
    ),
    (
        "social_roles",
        "PROMIS-29 social roles",
        "better",
        "CROSS-CHECKED",
        {
            "SRPPER11_CaPS": "trouble with leisure activities with others",
            "SRPPER18_CaPS": "trouble with family activities",
            "SRPPER23_CaPS": "trouble with usual work, incl. at home",
            "SRPPER46_CaPS": "trouble with activities with friends",
        },
    ),
    (
        "pain_interference",
        "PROMIS-29 pain interference",
        "worse",
        "CROSS-CHECKED",
        {
            "PAININ9": "interference with day-to-day activities",
            "PAININ22": "interference with work around the home",
            "PAININ31": "interference with participating in social activities",
            "PAININ34": "interference with household chores",
        },
    ),
)

ITEMS = (
    *(
        Item(item_id, VALUES_1_5, descriptor)
        for *_, descriptors in _DOMAINS
        for item_id, descriptor in descriptors.items()
    ),
    Item("Global07", VALUES_0_10, "average pain, past 7 days, 0 none to 10 worst imaginable"),
)
_FIVE_OPTION_ITEMS = frozenset(item.id for item in ITEMS if item.codes == VALUES_1_5)

DOMAINS = tuple(
    domain_scale(
        code=code,
        label=label,
        items=tuple(descriptors),
        table=promis_tables.PROMIS_29[code],
        higher_is=higher_is,
        verification=verification,
    )
    for code, label, higher_is, verification, descriptors in _DOMAINS
)

# §4.16: Global07 as given, 0–10, no T-score; raw and se None. Unanswered → not scored.
PAIN_INTENSITY = Scale(
    code="pain_intensity",
    label="PROMIS-29 pain intensity",
    items=("Global07",),
    low=0,
    high=10,
    higher_is="worse",
    decimals=0,
    missing_rule="single item; unanswered → not scored",
    source="PROMIS-29 Profile v2.1 Global07 (instruments.md §4.16)",
    verification="identifier CROSS-CHECKED; wording UNVERIFIED",
)

SCALES = (*DOMAINS, PAIN_INTENSITY)


def value_from_position(item_id: str, position: int) -> int:
    """Return the official value (1–5) of the option printed at 1-based `position` of an item.

    For user interfaces that record option positions (§4.16, example `promis-29-5`): 6 − position
    for the items in REVERSE_PRINTED, position for every other 1–5 item. Raises ValueError for
    Global07 (recorded as its 0–10 value), an unknown item or a position outside 1–5.
    """
    if item_id not in _FIVE_OPTION_ITEMS:
        raise ValueError(f"{CODE}: {item_id!r} is not a five-option item")
    if type(position) is not int or position not in VALUES_1_5:
        raise ValueError(f"{CODE}: option position must be an int 1–5, got {position!r}")
    return 6 - position if item_id in REVERSE_PRINTED else position


def _pain_intensity(responses: Responses) -> ScaleResult:
    given = answered(responses, PAIN_INTENSITY.items)
    if not given:
        return too_few_items(PAIN_INTENSITY, given, 1)
    return scored(PAIN_INTENSITY, sum_codes(responses, given), given, 1)


def score(responses: Responses) -> ScoreResult:
    """Return the seven PROMIS-29 T-scores (with raw sum and SE) and pain intensity (0–10).

    Each domain is scored independently and only when all 4 of its items are answered.
    """
    validate(INSTRUMENT, responses)
    domains = [
        (scale, score_domain(scale, promis_tables.PROMIS_29[scale.code], responses))
        for scale in DOMAINS
    ]
    return result(CODE, [*domains, (PAIN_INTENSITY, _pain_intensity(responses))])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status=(
        "PROMIS Health Organization: commercial use needs written permission (§1.2) — "
        "VERIFIED (terms); open-source bundling UNVERIFIED"
    ),
    text_in_repo=False,
    # §4.16 LOINC. Only VERIFIED codes may be emitted (§2.7). 71959-1 is a VERIFIED code but for
    # the v1.0 PF T-score (range 22.9–56.9), so it is never emitted for v2.x (project policy);
    # 77874-6 (PF v1.2) and 71969-1 (unconfirmed, "do not use") are deliberately absent.
    loinc={
        "71960-9": "VERIFIED",  # PF raw score 4–20
        "71968-2": "VERIFIED",  # anxiety raw score 4–20
        "71959-1": "NOT EMITTED (VERIFIED code for the v1.0 PF T-score; project policy)",
        "62337-1": "UNVERIFIED",  # panel
        "61597-1": "UNVERIFIED",  # PFA11
        "61607-8": "UNVERIFIED",  # PFA21
        "61609-4": "UNVERIFIED",  # PFA23
        "61775-3": "UNVERIFIED",  # PAININ34
        "61583-1": "UNVERIFIED",  # Global07
        "91721-1": "UNVERIFIED",  # PF v2.0 T-score
        "71967-4": "UNVERIFIED",  # anxiety T-score
        "77861-3": "UNVERIFIED",  # depression T-score
        "77864-7": "UNVERIFIED",  # fatigue T-score
        "77860-5": "UNVERIFIED",  # sleep disturbance T-score
        "77854-8": "UNVERIFIED",  # social roles v2.0 T-score
        "77865-4": "UNVERIFIED",  # pain interference T-score
        "71966-6": "UNVERIFIED",  # depression raw score
        "71964-1": "UNVERIFIED",  # fatigue raw score
        "71956-7": "UNVERIFIED",  # sleep disturbance raw score
        "71962-5": "UNVERIFIED",  # pain interference raw score
    },
    score=score,
)
