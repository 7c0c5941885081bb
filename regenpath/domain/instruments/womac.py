"""WOMAC LK3.1: pain, stiffness, function sums and total (reference/instruments.md §4.8)."""

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
    depends_on_unscored,
    result,
    scored,
    sum_codes,
    too_few_items,
    validate,
)

CODE = "womac"
NAME = "WOMAC Osteoarthritis Index"
VERSION = "WOMAC LK3.1 (positional item scheme)"

# §4.8: official LK3.1 numbering UNVERIFIED, so items are numbered positionally (project policy);
# codes 0–4 (None … Extreme), no recoding. Each item's KOOS counterpart drives derive() (§2.1).
FROM_KOOS: dict[str, str] = {
    "WP1": "P5",
    "WP2": "P6",
    "WP3": "P7",
    "WP4": "P8",
    "WP5": "P9",
    "WS1": "S6",
    "WS2": "S7",
    **{f"WF{n}": f"A{n}" for n in range(1, 18)},
}
_DESCRIPTORS = {
    "WP1": "pain walking on flat surface",
    "WP2": "pain going up/down stairs",
    "WP3": "pain at night in bed",
    "WP4": "pain sitting or lying",
    "WP5": "pain standing upright",
    "WS1": "stiffness after first wakening",
    "WS2": "stiffness later in the day",
    "WF1": "descending stairs",
    "WF2": "ascending stairs",
    "WF3": "rising from sitting",
    "WF4": "standing",
    "WF5": "bending to floor",
    "WF6": "walking on flat surface",
    "WF7": "getting in/out of car",
    "WF8": "going shopping",
    "WF9": "putting on socks",
    "WF10": "rising from bed",
    "WF11": "taking off socks",
    "WF12": "lying in bed",
    "WF13": "getting in/out of bath",
    "WF14": "sitting",
    "WF15": "getting on/off toilet",
    "WF16": "heavy domestic duties",
    "WF17": "light domestic duties",
}
ITEMS = tuple(Item(item_id, (0, 1, 2, 3, 4), text) for item_id, text in _DESCRIPTORS.items())

_SOURCE = "awell-score README; qscorer scoring_womac (reference §4.8)"
_ALL = "all items required (project policy; LK3.1 User Guide rule UNVERIFIED)"


def _scale(code: str, label: str, items: tuple[str, ...], high: int, rule: str) -> Scale:
    return Scale(
        code=code,
        label=label,
        items=items,
        low=0,
        high=high,
        higher_is="worse",
        decimals=0,  # §4.8 project choice: integers; 1 decimal when function was substituted
        missing_rule=rule,
        source=_SOURCE,
        verification="CROSS-CHECKED",
    )


PAIN = _scale("pain", "WOMAC pain", tuple(f"WP{n}" for n in range(1, 6)), 20, _ALL)
STIFFNESS = _scale("stiffness", "WOMAC stiffness", ("WS1", "WS2"), 8, _ALL)
PHYSICAL_FUNCTION = _scale(
    "physical_function",
    "WOMAC physical function",
    tuple(f"WF{n}" for n in range(1, 18)),
    68,
    "1–3 missing items mean-substituted (CROSS-CHECKED, adopted as project policy); 4+ invalid",
)
TOTAL = _scale(
    "total",
    "WOMAC total",
    tuple(item.id for item in ITEMS),
    96,
    "scored only when pain, stiffness and physical function are all scored (project policy)",
)
SCALES = (PAIN, STIFFNESS, PHYSICAL_FUNCTION, TOTAL)

# Whitehouse, Learmonth, Crawford 2004 quoting the standard protocol (CROSS-CHECKED, adopted as
# project policy, §4.8): up to 3 missing function items are mean-substituted → 14 of 17 needed.
FUNCTION_N_REQUIRED = 14


def _all_items(scale: Scale, responses: Responses) -> tuple[ScaleResult, Fraction | None]:
    # Pain and stiffness: official rule UNVERIFIED → every item required (project policy, §4.8).
    given = answered(responses, scale.items)
    if len(given) < len(scale.items):
        return too_few_items(scale, given, len(scale.items)), None
    value = Fraction(sum_codes(responses, given))
    return scored(scale, value, given, len(scale.items)), value


def _physical_function(responses: Responses) -> tuple[ScaleResult, Fraction | None]:
    scale = PHYSICAL_FUNCTION
    given = answered(responses, scale.items)
    if len(given) < FUNCTION_N_REQUIRED:
        return too_few_items(scale, given, FUNCTION_N_REQUIRED), None
    # sum × 17 / n_answered is exactly "add the mean of the answered items once per missing item".
    value = Fraction(sum_codes(responses, given) * len(scale.items), len(given))
    return scored(scale, value, given, FUNCTION_N_REQUIRED), value


def score(responses: Responses) -> ScoreResult:
    """Return WOMAC pain 0–20, stiffness 0–8, physical function 0–68 and total 0–96 (sums).

    Higher = worse. `total` needs all three subscales and carries `partial` when physical
    function was mean-substituted.
    """
    validate(INSTRUMENT, responses)
    parts = [
        (PAIN, *_all_items(PAIN, responses)),
        (STIFFNESS, *_all_items(STIFFNESS, responses)),
        (PHYSICAL_FUNCTION, *_physical_function(responses)),
    ]
    given = answered(responses, TOTAL.items)
    unscored = [scale.label for scale, _, value in parts if value is None]
    if unscored:
        total = depends_on_unscored(TOTAL, unscored, given)
    else:
        total = scored(TOTAL, sum(value for _, _, value in parts if value is not None), given, None)
    return result(CODE, [*((scale, res) for scale, res, _ in parts), (TOTAL, total)])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="proprietary (womac.org); licence required (§1.2) — VERIFIED (proprietary)",
    text_in_repo=False,
    loinc={"72091-2": "UNVERIFIED"},  # §4.8: single third-party source; not emitted (§2.7)
    score=score,
)
