"""DN4 (10 items, 0–10) and DN4-interview (items 1–7, 0–7): neuropathic-pain screening (§4.14).

Reference: reference/instruments.md §4.14 (Bouhassira D et al., Pain 2005;114:29–36).
"""

from __future__ import annotations

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

CODE = "dn4"
NAME = "Douleur Neuropathique 4 (DN4) and DN4-interview"
VERSION = "DN4 (Bouhassira 2005), positional item scheme"

# §4.14: 10 yes/no items (CROSS-CHECKED), numbered positionally (project scheme); 1 = yes,
# 0 = no. Only the integers 0 and 1 are accepted (True/False are rejected by validate()).
CODES_NO_YES = (0, 1)
_DESCRIPTORS = {
    "D1": "burning",  # Q1 pain characteristics (interview)
    "D2": "painful cold",
    "D3": "electric shocks",
    "D4": "tingling",  # Q2 associated symptoms in the same area (interview)
    "D5": "pins and needles",
    "D6": "numbness",
    "D7": "itching",
    "D8": "hypoesthesia to touch",  # Q3 examination of the painful area
    "D9": "hypoesthesia to pinprick",
    "D10": "pain caused or increased by brushing",  # Q4 examination
}
ITEMS = tuple(Item(item_id, CODES_NO_YES, text) for item_id, text in _DESCRIPTORS.items())

_SOURCE = "Bouhassira D et al., Pain 2005;114:29–36 (reference §4.14)"
# §4.14: no official missing rule (UNVERIFIED). Project policy: all items of the scale; unanswered
# items are never counted as "no" (that biases towards negative, §6 awell dn4).
_RULE = "all items of the scale required (project policy; no partial classification)"


def _scale(code: str, label: str, items: tuple[str, ...]) -> Scale:
    return Scale(
        code=code,
        label=label,
        items=items,
        low=0,
        high=len(items),
        higher_is="more likely neuropathic",
        decimals=0,
        missing_rule=_RULE,
        source=_SOURCE,
        verification="CROSS-CHECKED",
    )


DN4 = _scale("dn4", "DN4", tuple(_DESCRIPTORS))
DN4_INTERVIEW = _scale("dn4_interview", "DN4 interview", tuple(_DESCRIPTORS)[:7])
SCALES = (DN4, DN4_INTERVIEW)

# §4.14 cut-offs (CROSS-CHECKED): positive if ≥ 4 of 10 (DN4), ≥ 3 of 7 (DN4-interview).
CUT_OFFS = {DN4.code: 4, DN4_INTERVIEW.code: 3}


def _score_scale(scale: Scale, responses: Responses) -> ScaleResult:
    given = answered(responses, scale.items)
    if len(given) < len(scale.items):
        return too_few_items(scale, given, len(scale.items))
    value = sum_codes(responses, given)  # one point per "yes"
    band = "positive" if value >= CUT_OFFS[scale.code] else "negative"
    return scored(scale, value, given, len(scale.items), interpretation=band)


def score(responses: Responses) -> ScoreResult:
    """Return DN4 (0–10) and DN4-interview (0–7), each `positive`/`negative` at its cut-off.

    Each scale needs all its items; without the examination (D8–D10) only the interview scores.
    """
    validate(INSTRUMENT, responses)
    return result(CODE, [(scale, _score_scale(scale, responses)) for scale in SCALES])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="© Bouhassira et al.; translations via Mapi/ePROVIDE; terms not confirmed "
    "(§1.2) — UNVERIFIED",
    text_in_repo=False,
    loinc={},  # §4.14: none known
    score=score,
)
