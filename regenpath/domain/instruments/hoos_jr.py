"""HOOS JR: six HOOS items, raw sum 0–24 → interval score 0–100 (reference/instruments.md §4.7)."""

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

CODE = "hoos-jr"
NAME = "HOOS JR (hip joint replacement short form)"
VERSION = "HOOS JR (Lyman et al. 2016)"

# §4.7 contract: the full-HOOS identifiers, in HOOS JR form order, codes 0–4, no recoding.
ITEMS = (
    Item("P5", (0, 1, 2, 3, 4), "pain going up or down stairs"),
    Item("P10", (0, 1, 2, 3, 4), "pain walking on uneven surface"),
    Item("A3", (0, 1, 2, 3, 4), "rising from sitting"),
    Item("A5", (0, 1, 2, 3, 4), "bending to floor/pick up an object"),
    Item("A12", (0, 1, 2, 3, 4), "lying in bed"),
    Item("A14", (0, 1, 2, 3, 4), "sitting"),
)

# §4.7 conversion table, raw 0–24 → interval score — CROSS-CHECKED (compare with the
# HSS/ePROVIDE scoring sheet before release, §7 item 1). Never a linear formula (§6).
HOOS_JR_TABLE = decimal_table(
    0,
    [
        "100.000", "92.340", "85.257", "80.550", "76.776", "73.472", "70.426", "67.516",
        "64.664", "61.815", "58.930", "55.985", "52.965", "49.858", "46.652", "43.335",
        "39.902", "36.363", "32.735", "29.009", "25.103", "20.805", "15.633", "8.104",
        "0.000",
    ],
)  # fmt: skip

HOOS_JR = Scale(
    code="hoos_jr",
    label="HOOS JR",
    items=tuple(item.id for item in ITEMS),
    low=0,
    high=100,
    higher_is="better",
    decimals=1,  # project choice (§4.7)
    missing_rule="all 6 items required (project policy; no official rule confirmed)",
    source="Lyman et al., Clin Orthop Relat Res 2016;474:1472–1482 (reference §4.7)",
    verification="CROSS-CHECKED (table)",
    loinc="82323-7",
)
SCALES = (HOOS_JR,)

# Project policy (§4.7): the table exists only for complete sums, so all 6 are required.
N_REQUIRED = len(ITEMS)


def score(responses: Responses) -> ScoreResult:
    """Return the HOOS JR interval score (0–100, higher = better) with its raw sum."""
    validate(INSTRUMENT, responses)
    given = answered(responses, HOOS_JR.items)
    if len(given) < N_REQUIRED:
        return result(CODE, [(HOOS_JR, too_few_items(HOOS_JR, given, N_REQUIRED))])
    raw = sum_codes(responses, given)
    value = lookup(HOOS_JR_TABLE, raw)
    return result(CODE, [(HOOS_JR, scored(HOOS_JR, value, given, N_REQUIRED, raw=raw))])


INSTRUMENT = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    items=ITEMS,
    scales=SCALES,
    licence_status="HSS; Mapi 'derivative' status unconfirmed (§1.2) — UNVERIFIED",
    text_in_repo=False,
    # §4.7: 82323-7 total interval score VERIFIED (CMS56); panel and items single-source.
    loinc={
        "82323-7": "VERIFIED",
        "82316-1": "UNVERIFIED",
        "82317-9": "UNVERIFIED",
        "82318-7": "UNVERIFIED",
        "82319-5": "UNVERIFIED",
        "82320-3": "UNVERIFIED",
        "82321-1": "UNVERIFIED",
        "82322-9": "UNVERIFIED",
    },
    score=score,
)
