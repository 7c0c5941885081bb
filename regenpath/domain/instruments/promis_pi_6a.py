"""PROMIS Short Form v1.0 Pain Interference 6a: one T-scored domain (instruments.md §4.17)."""

from __future__ import annotations

from regenpath.domain.instruments._core import (
    Instrument,
    Item,
    Responses,
    ScoreResult,
    result,
    validate,
)
from regenpath.domain.instruments.promis_tables import PROMIS_PI_6A, domain_scale, score_domain

CODE = "promis-pi-6a"
NAME = "PROMIS Short Form v1.0 Pain Interference 6a"
VERSION = "PROMIS SF v1.0 Pain Interference 6a (same item parameters in the v1.1 bank)"

# §4.17 contract (items CROSS-CHECKED: chamtrain/choir-d PromisShortFormV10PainInterference6a.java
# and an independent script). Form order UNVERIFIED; scoring does not depend on it. Values
# Not at all 1 … Very much 5, no reversal. Descriptors are paraphrases, never the text (§1.1).
VALUES_1_5 = (1, 2, 3, 4, 5)
ITEMS = (
    Item("PAININ9", VALUES_1_5, "interference with day-to-day activities"),
    Item("PAININ22", VALUES_1_5, "interference with work around the home"),
    Item("PAININ31", VALUES_1_5, "interference with participating in social activities"),
    Item("PAININ34", VALUES_1_5, "interference with household chores"),
    Item("PAININ12", VALUES_1_5, "interference with things usually done for fun"),
    Item("PAININ36", VALUES_1_5, "interference with enjoyment of social activities"),
)

# §4.17: raw 6–30 → T and SE, higher = worse; table UNVERIFIED (T and SE) in every row, so
# every result carries `unverified_table` until compared with the HealthMeasures manual (§7).
PAIN_INTERFERENCE = domain_scale(
    code="pain_interference",
    label="PROMIS PI 6a",
    items=tuple(item.id for item in ITEMS),
    table=PROMIS_PI_6A,
    higher_is="worse",
    verification="UNVERIFIED (T and SE: EAP recomputation only)",
)
SCALES = (PAIN_INTERFERENCE,)


def score(responses: Responses) -> ScoreResult:
    """Return the PI 6a T-score with raw sum (6–30) and SE; not scored unless all 6 answered."""
    validate(INSTRUMENT, responses)
    return result(
        CODE, [(PAIN_INTERFERENCE, score_domain(PAIN_INTERFERENCE, PROMIS_PI_6A, responses))]
    )


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
    loinc={"90973-9": "UNVERIFIED"},  # §4.17: claimed by a third party only
    score=score,
)
