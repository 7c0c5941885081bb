"""PROMIS Short Form v1.0 Pain Interference 8a: one T-scored domain (instruments.md §4.18)."""

from __future__ import annotations

from regenpath.domain.instruments import promis_pi_6a
from regenpath.domain.instruments._core import (
    Instrument,
    Item,
    Responses,
    ScoreResult,
    result,
    validate,
)
from regenpath.domain.instruments.promis_tables import PROMIS_PI_8A, domain_scale, score_domain

CODE = "promis-pi-8a"
NAME = "PROMIS Short Form v1.0 Pain Interference 8a"
VERSION = "PROMIS SF v1.0 Pain Interference 8a"

# §4.18 contract (CROSS-CHECKED: chamtrain/choir-d PromisShortFormV10PainInterference8a.java): the
# six 6a items plus PAININ3 and PAININ13, values 1–5 as 6a, no reversal.
ITEMS = (
    *promis_pi_6a.ITEMS,
    Item("PAININ3", promis_pi_6a.VALUES_1_5, "interference with enjoyment of life"),
    Item("PAININ13", promis_pi_6a.VALUES_1_5, "interference with family life"),
)

# §4.18: raw 8–40 → T (CROSS-CHECKED) and SE (UNVERIFIED in every row), higher = worse; so every
# result carries `unverified_table` until the SE column is compared with the manual (§7).
PAIN_INTERFERENCE = domain_scale(
    code="pain_interference",
    label="PROMIS PI 8a",
    items=tuple(item.id for item in ITEMS),
    table=PROMIS_PI_8A,
    higher_is="worse",
    verification="T CROSS-CHECKED; SE UNVERIFIED (EAP recomputation only)",
)
SCALES = (PAIN_INTERFERENCE,)


def score(responses: Responses) -> ScoreResult:
    """Return the PI 8a T-score with raw sum (8–40) and SE; not scored unless all 8 answered."""
    validate(INSTRUMENT, responses)
    return result(
        CODE, [(PAIN_INTERFERENCE, score_domain(PAIN_INTERFERENCE, PROMIS_PI_8A, responses))]
    )


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status=promis_pi_6a.INSTRUMENT.licence_status,
    text_in_repo=False,
    loinc={},  # §4.18: none confirmed
    score=score,
)
