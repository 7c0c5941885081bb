"""KOOS JR: seven KOOS items, raw sum 0–28 → interval score (reference/instruments.md §4.5)."""

from __future__ import annotations

from regenpath.domain.instruments._core import (
    Instrument,
    Item,
    Responses,
    Scale,
    ScoreResult,
    answered,
    decimal_table,
    lookup,
    result,
    scored,
    sum_codes,
    too_few_items,
    validate,
)

CODE = "koos-jr"
NAME = "KOOS JR (knee joint replacement short form)"
VERSION = "KOOS JR (Lyman et al. 2016)"

# §4.5 contract (item set CROSS-CHECKED): the full-KOOS identifiers, in KOOS JR form order,
# codes 0–4 (None … Extreme), no recoding.
ITEMS = (
    Item("S6", (0, 1, 2, 3, 4), "stiffness after first wakening"),
    Item("P2", (0, 1, 2, 3, 4), "pain twisting/pivoting"),
    Item("P3", (0, 1, 2, 3, 4), "pain straightening fully"),
    Item("P6", (0, 1, 2, 3, 4), "pain going up or down stairs"),
    Item("P9", (0, 1, 2, 3, 4), "pain standing upright"),
    Item("A3", (0, 1, 2, 3, 4), "rising from sitting"),
    Item("A5", (0, 1, 2, 3, 4), "bending to floor/pick up an object"),
)

# §4.5 conversion table, raw 0–28 → interval score — CROSS-CHECKED (independent public
# implementations and a public FHIR example agree; compare with the HSS/ePROVIDE scoring sheet
# before release, §7 item 1). Not the KOOS-PS nomogram (§6).
KOOS_JR_TABLE = decimal_table(
    0,
    [
        "100.000", "91.975", "84.600", "79.914", "76.332", "73.342", "70.704", "68.284",
        "65.994", "63.776", "61.583", "59.381", "57.140", "54.840", "52.465", "50.012",
        "47.487", "44.905", "42.281", "39.625", "36.931", "34.174", "31.307", "28.251",
        "24.875", "20.941", "15.939", "8.291", "0.000",
    ],
)  # fmt: skip

KOOS_JR = Scale(
    code="koos_jr",
    label="KOOS JR",
    items=tuple(item.id for item in ITEMS),
    low=0,
    high=100,
    higher_is="better",
    decimals=1,  # project choice (§4.5)
    missing_rule="all 7 items required (project policy; no official rule confirmed)",
    source="Lyman et al., Clin Orthop Relat Res 2016;474:1461–1471 (reference §4.5)",
    verification="CROSS-CHECKED (table)",
)
SCALES = (KOOS_JR,)

# Project policy (§4.5): the table exists only for complete sums, so all 7 are required.
N_REQUIRED = len(ITEMS)


def score(responses: Responses) -> ScoreResult:
    """Return the KOOS JR interval score (0–100, higher = better) with its raw sum."""
    validate(INSTRUMENT, responses)
    given = answered(responses, KOOS_JR.items)
    if len(given) < N_REQUIRED:
        return result(CODE, [(KOOS_JR, too_few_items(KOOS_JR, given, N_REQUIRED))])
    raw = sum_codes(responses, given)
    value = lookup(KOOS_JR_TABLE, raw)
    return result(CODE, [(KOOS_JR, scored(KOOS_JR, value, given, N_REQUIRED, raw=raw))])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="HSS; Mapi 'derivative' status unconfirmed (§1.2) — UNVERIFIED",
    text_in_repo=False,
    # §4.5: 82324-5 VERIFIED as the CMS instrument (questionnaire) code, not a score code.
    loinc={"82324-5": "VERIFIED"},
    score=score,
)
