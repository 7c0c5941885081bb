"""QuickDASH with optional Work and Sports/Performing-Arts modules (reference/instruments.md §4.10).

Every scale is (mean of the answered codes − 1) × 25, 0–100, higher = worse.
"""

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
    mean_codes,
    not_administered,
    result,
    scored,
    too_few_items,
    validate,
)

CODE = "quickdash"
NAME = "QuickDASH (with optional Work and Sports/Performing-Arts modules)"
VERSION = "QuickDASH (IWH) with optional modules"

# §4.10: every item coded 1–5, the number printed on the form (1 = no difficulty … 5 = unable /
# extreme); no recoding.
CODES_1_5 = (1, 2, 3, 4, 5)

# Developer descriptors of §4.10 (paraphrases, never the licensed text, §1.1).
_DESCRIPTORS = {
    "Q1": "open a tight or new jar",
    "Q2": "heavy household chores",
    "Q3": "carry a shopping bag or briefcase",
    "Q4": "wash your back",
    "Q5": "use a knife to cut food",
    "Q6": "recreational activities taking force or impact through arm/shoulder/hand",
    "Q7": "interference with social activities",
    "Q8": "limited in work/daily activities",
    "Q9": "arm/shoulder/hand pain",
    "Q10": "tingling",
    "Q11": "difficulty sleeping because of pain",
    **{f"W{n}": f"optional work module item {n}" for n in range(1, 5)},
    **{f"SA{n}": f"optional sports/performing-arts module item {n}" for n in range(1, 5)},
}
ITEMS = tuple(Item(item_id, CODES_1_5, text) for item_id, text in _DESCRIPTORS.items())

_SOURCE = "IWH QuickDASH form scoring footer; IWH 'Scoring the DASH' (reference §4.10)"


def _scale(code: str, label: str, items: tuple[str, ...], rule: str) -> Scale:
    return Scale(
        code=code,
        label=label,
        items=items,
        low=0,
        high=100,
        higher_is="worse",
        decimals=1,  # §4.10: project choice
        missing_rule=rule,
        source=_SOURCE,
        verification="VERIFIED",
    )


QUICKDASH = _scale(
    "quickdash",
    "QuickDASH",
    tuple(f"Q{n}" for n in range(1, 12)),
    "at least 10 of 11 items answered (VERIFIED)",
)
WORK = _scale(
    "work",
    "QuickDASH work module",
    tuple(f"W{n}" for n in range(1, 5)),
    "optional module; all 4 items required (VERIFIED); none answered → not administered",
)
SPORTS_ARTS = _scale(
    "sports_arts",
    "QuickDASH sports/performing arts module",
    tuple(f"SA{n}" for n in range(1, 5)),
    "optional module; all 4 items required (VERIFIED); none answered → not administered",
)
SCALES = (QUICKDASH, WORK, SPORTS_ARTS)

# §4.10 (VERIFIED): "Score is invalid if more than one question is not answered" → 10 of 11.
QUICKDASH_N_REQUIRED = 10


def _disability(responses: Responses, given: tuple[str, ...]) -> Fraction:
    # §4.10 (VERIFIED, IWH): (sum of the n answered / n − 1) × 25; 0 = no disability.
    return (mean_codes(responses, given) - 1) * 25


def _quickdash(responses: Responses) -> ScaleResult:
    given = answered(responses, QUICKDASH.items)
    if len(given) < QUICKDASH_N_REQUIRED:
        return too_few_items(QUICKDASH, given, QUICKDASH_N_REQUIRED)
    value = _disability(responses, given)
    return scored(QUICKDASH, value, given, QUICKDASH_N_REQUIRED)


def _module(scale: Scale, responses: Responses) -> ScaleResult:
    given = answered(responses, scale.items)
    # §4.10: a module is optional; no answered item means it was not administered.
    if not given:
        return not_administered(scale)
    # §4.10 (VERIFIED): "All four questions must be answered in order to calculate the score."
    if len(given) < len(scale.items):
        return too_few_items(scale, given, len(scale.items))
    return scored(scale, _disability(responses, given), given, len(scale.items))


def score(responses: Responses) -> ScoreResult:
    """Return QuickDASH and its two optional modules, each 0–100 (higher = worse disability)."""
    validate(INSTRUMENT, responses)
    return result(
        CODE,
        [
            (QUICKDASH, _quickdash(responses)),
            (WORK, _module(WORK, responses)),
            (SPORTS_ARTS, _module(SPORTS_ARTS, responses)),
        ],
    )


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="© IWH; commercial use needs a Category B licence (§1.2) — VERIFIED",
    text_in_repo=False,
    # §4.10: no LOINC code known (UNVERIFIED that none exists); the CMS-local code is not LOINC.
    loinc={},
    score=score,
)
