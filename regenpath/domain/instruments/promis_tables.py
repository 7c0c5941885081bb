"""PROMIS sum-score conversion: integer raw sum → T-score and its standard error (SE).

Shared by promis-29, promis-pi-6a and promis-pi-8a (reference/instruments.md §4.16–4.18). Every
cell carries its own evidence tag: a look-up whose T-score or SE comes from a cell tagged
UNVERIFIED must raise the `unverified_table` flag (§2.3 rule 6). Numbers are typed exactly as
tabulated (one decimal, T-score units) and held as `Fraction` (§2.4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from regenpath.domain.instruments._core import (
    CEILING,
    FLOOR,
    UNVERIFIED_TABLE,
    Responses,
    Scale,
    ScaleResult,
    answered,
    lookup,
    scored,
    sum_codes,
    too_few_items,
)

Rows = tuple[tuple[int, str, str], ...]


@dataclass(frozen=True)
class ConversionTable:
    """Map each raw sum to a T-score and an SE; name the raw sums whose cells are UNVERIFIED.

    `t` and `se` cover every integer raw sum from `raw_min` (all items at their lowest value) to
    `raw_max` (all at their highest). `t_unverified` / `se_unverified` hold the raw sums whose
    T / SE cell is tagged UNVERIFIED in the reference.
    """

    name: str
    source: str
    t: Mapping[int, Fraction]
    se: Mapping[int, Fraction]
    t_unverified: frozenset[int]
    se_unverified: frozenset[int]

    @property
    def raw_min(self) -> int:
        """Return the smallest tabulated raw sum (the floor)."""
        return min(self.t)

    @property
    def raw_max(self) -> int:
        """Return the largest tabulated raw sum (the ceiling)."""
        return max(self.t)

    def unverified(self, raw: int) -> bool:
        """Return True if the T-score or the SE of `raw` comes from an UNVERIFIED cell."""
        return raw in self.t_unverified or raw in self.se_unverified


def _table(
    name: str,
    source: str,
    rows: Rows,
    *,
    t_unverified: frozenset[int],
    se_unverified: frozenset[int],
) -> ConversionTable:
    """Build a table from (raw, T, SE) rows typed as decimal strings, so values stay exact."""
    return ConversionTable(
        name=name,
        source=source,
        t=MappingProxyType({raw: Fraction(t) for raw, t, _ in rows}),
        se=MappingProxyType({raw: Fraction(se) for raw, _, se in rows}),
        t_unverified=t_unverified,
        se_unverified=se_unverified,
    )


def _raws(rows: Rows) -> frozenset[int]:
    """Return every raw sum of a (raw, T, SE) table: used where a whole column is UNVERIFIED."""
    return frozenset(raw for raw, _, _ in rows)


_NONE: frozenset[int] = frozenset()

# --- PROMIS-29 v2.x (instruments.md §4.16) -------------------------------------------------------
# Source: HealthMeasures PROMIS Adult Profile Scoring Manual, as transcribed in instruments.md §4.16
# "T-scores" and "Standard errors" tables (17 rows each, raw 4–20). Columns in the contract's order:
# raw, then physical_function, anxiety, depression, fatigue, sleep_disturbance, social_roles,
# pain_interference.
# Tags (§4.16 "Table provenance"): all T columns CROSS-CHECKED (two public implementations agree;
# non-PF columns also reproduced by EAP summed scoring). SE columns CROSS-CHECKED except the
# physical_function SE column (single source → UNVERIFIED) and depression SE at raw 20
# (3.6 by recomputation; one source prints 2.6 → UNVERIFIED).
# The PF column is the v2.0 4a table; v1.0 (raw 4 → 22.9 … 20 → 56.9) is NOT supported (§4.16).
PROMIS_29_DOMAINS = (
    "physical_function",
    "anxiety",
    "depression",
    "fatigue",
    "sleep_disturbance",
    "social_roles",
    "pain_interference",
)

# fmt: off
_PROMIS_29_T: tuple[tuple[int, str, str, str, str, str, str, str], ...] = (
    # raw   PF      anx     dep     fat     sleep   social  PI
    (4,  "22.5", "40.3", "41.0", "33.7", "32.0", "27.5", "41.6"),
    (5,  "26.6", "48.0", "49.0", "39.7", "37.5", "31.8", "49.6"),
    (6,  "28.9", "51.2", "51.8", "43.1", "41.1", "34.0", "52.0"),
    (7,  "30.5", "53.7", "53.9", "46.0", "43.8", "35.7", "53.9"),
    (8,  "31.9", "55.8", "55.7", "48.6", "46.2", "37.3", "55.6"),
    (9,  "33.2", "57.7", "57.3", "51.0", "48.4", "38.8", "57.1"),
    (10, "34.4", "59.5", "58.9", "53.1", "50.5", "40.5", "58.5"),
    (11, "35.6", "61.4", "60.5", "55.1", "52.4", "42.3", "59.9"),
    (12, "36.7", "63.4", "62.2", "57.0", "54.3", "44.2", "61.2"),
    (13, "37.9", "65.3", "63.9", "58.8", "56.1", "46.2", "62.5"),
    (14, "39.2", "67.3", "65.7", "60.7", "57.9", "48.1", "63.8"),
    (15, "40.5", "69.3", "67.5", "62.7", "59.8", "50.0", "65.2"),
    (16, "41.9", "71.2", "69.4", "64.6", "61.7", "51.9", "66.6"),
    (17, "43.5", "73.3", "71.2", "66.7", "63.8", "53.7", "68.0"),
    (18, "45.5", "75.4", "73.3", "69.0", "66.0", "55.8", "69.7"),
    (19, "48.3", "77.9", "75.7", "71.6", "68.8", "58.3", "71.6"),
    (20, "57.0", "81.6", "79.4", "75.8", "73.3", "64.2", "75.6"),
)

_PROMIS_29_SE: tuple[tuple[int, str, str, str, str, str, str, str], ...] = (
    # raw   PF†     anx     dep     fat     sleep   social  PI
    (4,  "4.0",  "6.1",  "6.2",  "4.9",  "5.2",  "4.1",  "6.1"),
    (5,  "2.8",  "3.6",  "3.2",  "3.1",  "4.0",  "2.5",  "2.5"),
    (6,  "2.5",  "3.1",  "2.7",  "2.7",  "3.7",  "2.3",  "2.0"),
    (7,  "2.4",  "2.8",  "2.4",  "2.6",  "3.5",  "2.2",  "1.9"),
    (8,  "2.3",  "2.7",  "2.3",  "2.5",  "3.5",  "2.1",  "1.9"),
    (9,  "2.3",  "2.6",  "2.3",  "2.5",  "3.4",  "2.2",  "1.9"),
    (10, "2.3",  "2.6",  "2.3",  "2.4",  "3.4",  "2.3",  "1.8"),
    (11, "2.3",  "2.6",  "2.3",  "2.4",  "3.4",  "2.3",  "1.8"),
    (12, "2.3",  "2.6",  "2.3",  "2.3",  "3.4",  "2.3",  "1.8"),
    (13, "2.3",  "2.7",  "2.3",  "2.3",  "3.4",  "2.3",  "1.8"),
    (14, "2.4",  "2.7",  "2.3",  "2.3",  "3.3",  "2.2",  "1.8"),
    (15, "2.4",  "2.7",  "2.3",  "2.4",  "3.3",  "2.2",  "1.8"),
    (16, "2.5",  "2.7",  "2.3",  "2.4",  "3.3",  "2.2",  "1.8"),
    (17, "2.6",  "2.7",  "2.4",  "2.4",  "3.4",  "2.3",  "1.8"),
    (18, "2.8",  "2.7",  "2.4",  "2.5",  "3.4",  "2.3",  "1.9"),
    (19, "3.3",  "2.9",  "2.6",  "2.7",  "3.7",  "2.7",  "2.1"),
    (20, "6.6",  "3.7",  "3.6",  "3.9",  "4.6",  "5.1",  "3.7"),  # dep 3.6 ‡ UNVERIFIED
)
# fmt: on

# Raw sums whose SE cell is UNVERIFIED, per domain (§4.16 † and ‡); no T cell is UNVERIFIED.
_PROMIS_29_SE_UNVERIFIED: dict[str, frozenset[int]] = {
    "physical_function": frozenset(row[0] for row in _PROMIS_29_SE),
    "depression": frozenset({20}),
}

_PROMIS_29_SOURCE = (
    "instruments.md §4.16 (HealthMeasures PROMIS Adult Profile Scoring Manual; PROMIS-29 v2.0/v2.1 "
    "sum-score tables)"
)


def _promis_29_table(column: int, domain: str) -> ConversionTable:
    """Build the table of one PROMIS-29 domain from its 0-based column in the two wide tables."""
    t = {row[0]: Fraction(row[1:][column]) for row in _PROMIS_29_T}
    se = {row[0]: Fraction(row[1:][column]) for row in _PROMIS_29_SE}
    return ConversionTable(
        name=f"promis-29 {domain}",
        source=_PROMIS_29_SOURCE,
        t=MappingProxyType(t),
        se=MappingProxyType(se),
        t_unverified=_NONE,
        se_unverified=_PROMIS_29_SE_UNVERIFIED.get(domain, _NONE),
    )


PROMIS_29: Mapping[str, ConversionTable] = MappingProxyType(
    {domain: _promis_29_table(i, domain) for i, domain in enumerate(PROMIS_29_DOMAINS)}
)

# --- PROMIS SF v1.0 Pain Interference 6a (instruments.md §4.17) ----------------------------------
# Source: instruments.md §4.17 table (25 rows, raw 6–30), derived by EAP summed scoring from the
# official item parameters, not yet compared with the HealthMeasures Pain Interference manual:
# T and SE both UNVERIFIED in every row (§7 item 2).
# fmt: off
_PI_6A: tuple[tuple[int, str, str], ...] = (
    (6,  "41.1", "6.0"),
    (7,  "48.6", "2.4"),
    (8,  "50.7", "1.8"),
    (9,  "52.2", "1.6"),
    (10, "53.4", "1.6"),
    (11, "54.5", "1.6"),
    (12, "55.6", "1.5"),
    (13, "56.6", "1.5"),
    (14, "57.6", "1.5"),
    (15, "58.6", "1.5"),
    (16, "59.5", "1.5"),
    (17, "60.4", "1.4"),
    (18, "61.2", "1.4"),
    (19, "62.1", "1.4"),
    (20, "63.0", "1.5"),
    (21, "63.8", "1.5"),
    (22, "64.8", "1.5"),
    (23, "65.7", "1.5"),
    (24, "66.7", "1.5"),
    (25, "67.6", "1.5"),
    (26, "68.7", "1.5"),
    (27, "69.8", "1.5"),
    (28, "71.0", "1.6"),
    (29, "72.6", "2.0"),
    (30, "76.3", "3.6"),
)
# fmt: on

PROMIS_PI_6A = _table(
    "promis-pi-6a pain_interference",
    "instruments.md §4.17 (EAP summed scoring from PROMIS PI v1.0 item parameters)",
    _PI_6A,
    t_unverified=_raws(_PI_6A),
    se_unverified=_raws(_PI_6A),
)

# --- PROMIS SF v1.0 Pain Interference 8a (instruments.md §4.18) ----------------------------------
# Source: instruments.md §4.18 table (33 rows, raw 8–40). T CROSS-CHECKED (EAP recomputation
# matches an independent public implementation value for value); SE UNVERIFIED in every row
# (recomputation only).
# fmt: off
_PI_8A: tuple[tuple[int, str, str], ...] = (
    (8,  "40.7", "5.9"),
    (9,  "47.9", "2.4"),
    (10, "49.9", "1.8"),
    (11, "51.2", "1.5"),
    (12, "52.3", "1.4"),
    (13, "53.2", "1.4"),
    (14, "54.1", "1.4"),
    (15, "55.0", "1.4"),
    (16, "55.8", "1.4"),
    (17, "56.6", "1.4"),
    (18, "57.4", "1.3"),
    (19, "58.1", "1.3"),
    (20, "58.8", "1.3"),
    (21, "59.5", "1.3"),
    (22, "60.2", "1.3"),
    (23, "60.8", "1.3"),
    (24, "61.5", "1.3"),
    (25, "62.1", "1.3"),
    (26, "62.8", "1.3"),
    (27, "63.5", "1.3"),
    (28, "64.1", "1.3"),
    (29, "64.8", "1.3"),
    (30, "65.5", "1.3"),
    (31, "66.2", "1.3"),
    (32, "66.9", "1.3"),
    (33, "67.7", "1.3"),
    (34, "68.4", "1.3"),
    (35, "69.2", "1.3"),
    (36, "70.1", "1.4"),
    (37, "71.0", "1.4"),
    (38, "72.1", "1.6"),
    (39, "73.5", "2.0"),
    (40, "77.0", "3.5"),
)
# fmt: on

PROMIS_PI_8A = _table(
    "promis-pi-8a pain_interference",
    "instruments.md §4.18 (T: EAP recomputation = independent public implementation; "
    "SE: recomputation only)",
    _PI_8A,
    t_unverified=_NONE,
    se_unverified=_raws(_PI_8A),
)


# --- scoring a sum-scored domain -----------------------------------------------------------------

# Project policy (§4.16, adopted for 6a/8a by §4.17–4.18): a domain with any unanswered item is
# not scored. Basis (VERIFIED, HealthMeasures scoring instructions): the sum-score tables assume
# every item answered, and forms of ≥ 4 items need ≥ 4 answers. Prorating (older short-form
# manuals) and response-pattern scoring (Appendix A.3) are not adopted in v1.
ALL_ITEMS_RULE = "all items required (project policy; no prorating, no response-pattern scoring)"


def domain_scale(
    *,
    code: str,
    label: str,
    items: tuple[str, ...],
    table: ConversionTable,
    higher_is: str,
    verification: str,
) -> Scale:
    """Return the Scale of a sum-scored PROMIS domain; its range is the table's T-score range.

    T-scores have mean 50 and SD 10 in the US reference population; displayed with 1 decimal, as
    tabulated (§4.16–4.18 "Display").
    """
    return Scale(
        code=code,
        label=label,
        items=items,
        low=table.t[table.raw_min],
        high=table.t[table.raw_max],
        higher_is=higher_is,
        decimals=1,
        missing_rule=ALL_ITEMS_RULE,
        source=table.source,
        verification=verification,
    )


def score_domain(scale: Scale, table: ConversionTable, responses: Responses) -> ScaleResult:
    """Return the T-score and SE of one PROMIS domain from its raw sum, or too_few_items.

    `raw` is the integer sum of the official item values (never reversed by the engine, §4.16).
    Flags (§2.3 rule 6, §4.16–4.18): `floor` / `ceiling` at the lowest / highest raw sum, then
    `unverified_table` when the T-score or SE cell is tagged UNVERIFIED.
    """
    given = answered(responses, scale.items)
    required = len(scale.items)
    if len(given) < required:
        return too_few_items(scale, given, required, all_required=True)
    raw = sum_codes(responses, given)
    flags: list[str] = []
    if raw == table.raw_min:
        flags.append(FLOOR)
    elif raw == table.raw_max:
        flags.append(CEILING)
    if table.unverified(raw):
        flags.append(UNVERIFIED_TABLE)
    return scored(
        scale,
        lookup(table.t, raw),
        given,
        required,
        flags=flags,
        raw=raw,
        se=lookup(table.se, raw),
    )
