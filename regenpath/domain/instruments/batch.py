"""Score many response sets at once with numpy: the vectorised path for analytics.

The rules are those of the single path (`score()`, reference/instruments.md §4); this module
restates each scale's arithmetic as data (which columns, how many required, which formula) and
reuses the single path's item codes, minimum counts and conversion tables, never copies of them.
`tests/domain/instruments/test_batch.py` checks it agrees with `score()` on every instrument.

Exactness (reference §2.4): every value is one IEEE division of two exactly represented
integers, (a·n + b·s) / (d·n), which is correctly rounded and so bit-identical to
`float(Fraction(...))` of the single path; table scales index the same tables.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from regenpath.domain.instruments import (
    bpi_sf,
    hoos,
    hoos_jr,
    koos,
    koos_jr,
    ndi,
    odi,
    paindetect,
    peg,
    promis_29,
    promis_pi_6a,
    promis_pi_8a,
    promis_tables,
    quickdash,
    visa_a,
    womac,
)
from regenpath.domain.instruments._core import Instrument, Scale
from regenpath.domain.instruments.registry import REGISTRY, get

MISSING = -1  # the sentinel for an unanswered item in a response matrix
_CHUNK_ROWS = 8192  # rows per block: keeps the float32 temporaries in cache

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Rule:
    """How one scale is computed from the answered codes of its columns.

    With s = sum of the answered codes (or recoded points) and n = number answered:
    value = (a·n + b·s) / (d·n) if `per_answered`, else (a + b·s) / d; or `table[s]`; or the
    sum of the `components` scales. Scored only when n ≥ `n_required` (and every component is).
    """

    scale: str
    columns: tuple[str, ...]
    n_required: int
    a: int = 0
    b: int = 1
    d: int = 1
    per_answered: bool = False
    table: Mapping[int, Fraction] | None = None
    components: tuple[str, ...] = ()


def _mean(scale: Scale, n_required: int, a: int = 0, b: int = 1, d: int = 1) -> Rule:
    return Rule(scale.code, scale.items, n_required, a, b, d, per_answered=True)


def _sum(scale: Scale) -> Rule:
    return Rule(scale.code, scale.items, len(scale.items))


def _table(scale: Scale, table: Mapping[int, Fraction]) -> Rule:
    return Rule(scale.code, scale.items, len(scale.items), table=table)


def _koos_like(scales: tuple[Scale, ...]) -> tuple[Rule, ...]:
    # §4.4/§4.6: 100 − 25 × mean = (100·n − 25·s) / n, at least half the items answered.
    return tuple(_mean(scale, koos.n_required(scale), a=100, b=-25) for scale in scales)


def _sums(code: str) -> tuple[Rule, ...]:
    return tuple(_sum(scale) for scale in get(code).scales)


def _womac() -> tuple[Rule, ...]:
    # §4.8: sums; physical function sum × 17 / n with ≥ 14 answered; total of the three.
    function = womac.PHYSICAL_FUNCTION
    parts = (womac.PAIN, womac.STIFFNESS, function)
    return (
        _sum(womac.PAIN),
        _sum(womac.STIFFNESS),
        _mean(function, womac.FUNCTION_N_REQUIRED, b=len(function.items)),
        Rule(womac.TOTAL.code, (), 0, components=tuple(p.code for p in parts)),
    )


def _quickdash() -> tuple[Rule, ...]:
    # §4.10: (mean − 1) × 25 = 25·(s − n) / n; QuickDASH ≥ 10 of 11, modules all 4.
    return tuple(
        _mean(scale, n, a=-25, b=25)
        for scale, n in (
            (quickdash.QUICKDASH, quickdash.QUICKDASH_N_REQUIRED),
            (quickdash.WORK, len(quickdash.WORK.items)),
            (quickdash.SPORTS_ARTS, len(quickdash.SPORTS_ARTS.items)),
        )
    )


def _visa_a() -> tuple[Rule, ...]:
    # §4.11: Q1–Q7 plus the one answered Q8 variant; 8 slots, all required.
    scale = visa_a.VISA_A
    return (Rule(scale.code, (*scale.items[:-1], *visa_a.Q8_VARIANTS), len(scale.items)),)


def _promis_29() -> tuple[Rule, ...]:
    # §4.16: T-score tables per domain; pain intensity is Global07 itself.
    tables = promis_tables.PROMIS_29
    return tuple(
        _table(scale, tables[scale.code].t) if scale.code in tables else _sum(scale)
        for scale in promis_29.SCALES
    )


# Instrument code → its batch rules, one per scale in output order.
_BUILDERS: dict[str, Callable[[], tuple[Rule, ...]]] = {
    "nrs-pain": lambda: _sums("nrs-pain"),
    "peg": lambda: (_mean(peg.PEG, peg.N_REQUIRED),),  # §4.2: mean of all 3
    # §4.3: means; severity all 4, interference ≥ 4 of 7.
    "bpi-sf": lambda: tuple(_mean(s, bpi_sf.N_REQUIRED[s.code]) for s in bpi_sf.SCALES),
    "koos": lambda: _koos_like(koos.SCALES),
    "koos-jr": lambda: (_table(koos_jr.KOOS_JR, koos_jr.KOOS_JR_TABLE),),
    "hoos": lambda: _koos_like(hoos.SCALES),
    "hoos-jr": lambda: (_table(hoos_jr.HOOS_JR, hoos_jr.HOOS_JR_TABLE),),
    "womac": _womac,
    "lefs": lambda: _sums("lefs"),
    "quickdash": _quickdash,
    "visa-a": _visa_a,
    # §4.12: s / (5·n) × 100 = 100·s / (5·n), ≥ 9 answered.
    "odi": lambda: (_mean(odi.ODI, odi.N_REQUIRED, b=100, d=5),),
    # §4.13: s × 10 / n and twice that, ≥ 9 answered.
    "ndi": lambda: (
        _mean(ndi.NDI, ndi.N_REQUIRED, b=10),
        _mean(ndi.NDI_PERCENT, ndi.N_REQUIRED, b=20),
    ),
    "dn4": lambda: _sums("dn4"),
    "paindetect": lambda: _sums("paindetect"),  # §4.15: points, PATTERN and RADIATING recoded
    "promis-29": _promis_29,
    "promis-pi-6a": lambda: (_table(promis_pi_6a.PAIN_INTERFERENCE, promis_tables.PROMIS_PI_6A.t),),
    "promis-pi-8a": lambda: (_table(promis_pi_8a.PAIN_INTERFERENCE, promis_tables.PROMIS_PI_8A.t),),
    "pgic": lambda: _sums("pgic"),
}


# Items whose code is not its points (§4.15); every other item scores its code.
_RECODES: dict[str, dict[str, Mapping[int, int]]] = {
    "paindetect": {
        "PATTERN": paindetect.PATTERN_POINTS,
        "RADIATING": paindetect.RADIATING_POINTS,
    },
}


def supported() -> tuple[str, ...]:
    """Return the registered instrument codes the batch path supports, in registry order."""
    return tuple(code for code in REGISTRY if code in _BUILDERS)


def columns(code: str) -> tuple[str, ...]:
    """Return the matrix column order for `code`: its scored items in registry order."""
    return tuple(item.id for item in get(code).items if not item.recorded_only)


def score_batch(code: str, matrix: npt.ArrayLike) -> dict[str, FloatArray]:
    """Return each scale's values for every row of `matrix` (NaN where the scale is not scored).

    `matrix` is an integer array, one row per response set and one column per item in
    `columns(code)` order, with MISSING (−1) for an unanswered item. Raises TypeError for a
    non-integer array, ValueError for a wrong shape, a code outside an item's allowed codes, or
    mutually exclusive items answered together (the single path's `ScoringInputError` cases).
    """
    plan = _plan(code)
    m = np.asarray(matrix)
    if not np.issubdtype(m.dtype, np.integer):
        raise TypeError(f"{code}: an integer response matrix is required, not {m.dtype}")
    if m.ndim != 2 or m.shape[1] != len(plan.columns):
        raise ValueError(
            f"{code}: matrix shape {m.shape}; expected (rows, {len(plan.columns)}) "
            f"with columns {', '.join(plan.columns)}"
        )
    out = {rule.scale: np.empty(m.shape[0], dtype=np.float64) for rule in plan.rules}
    for start in range(0, m.shape[0], _CHUNK_ROWS):
        block = m[start : start + _CHUNK_ROWS]
        _validate(plan, block, start)
        for scale, values in _score_block(plan, block).items():
            out[scale][start : start + block.shape[0]] = values
    return out


@dataclass(frozen=True)
class _Plan:
    """Everything score_batch needs for one instrument, precomputed once."""

    instrument: Instrument
    columns: tuple[str, ...]
    rules: tuple[Rule, ...]
    rows: tuple[slice | npt.NDArray[np.intp], ...]  # per rule: its columns, a slice if contiguous
    code_groups: tuple[tuple[npt.NDArray[np.intp], tuple[int, ...]], ...]
    recodes: tuple[tuple[int, npt.NDArray[np.int32]], ...]  # (column, points indexed by code + 1)
    conflicts: tuple[npt.NDArray[np.intp], ...]
    tables: dict[str, tuple[int, FloatArray]]  # scale → (first raw, values)
    dtype: type[np.signedinteger[Any]]  # holds every allowed code and MISSING


@cache
def _plan(code: str) -> _Plan:
    instrument = get(code)
    cols = columns(code)
    index = {item_id: i for i, item_id in enumerate(cols)}
    try:
        rules = _BUILDERS[code]()
    except KeyError:
        raise ValueError(f"{code}: the batch path does not support this instrument") from None
    by_codes: dict[tuple[int, ...], list[int]] = {}
    for item in instrument.items:
        if not item.recorded_only:
            by_codes.setdefault(item.codes, []).append(index[item.id])
    recodes = []
    for item_id, points in _RECODES.get(code, {}).items():
        # Slot 0 is MISSING and stays MISSING, so the sum correction below still applies.
        lut = np.full(max(points) + 2, MISSING, dtype=np.int32)
        for value, point in points.items():
            lut[value + 1] = point
        recodes.append((index[item_id], lut))
    tables = {}
    for rule in rules:
        if rule.table is not None:
            first = min(rule.table)
            values = [float(rule.table[raw]) for raw in range(first, max(rule.table) + 1)]
            tables[rule.scale] = (first, np.array(values, dtype=np.float64))
    return _Plan(
        instrument=instrument,
        columns=cols,
        rules=rules,
        rows=tuple(_rows([index[c] for c in rule.columns]) for rule in rules),
        code_groups=tuple((np.array(ix), codes) for codes, ix in by_codes.items()),
        recodes=tuple(recodes),
        conflicts=tuple(np.array([index[c] for c in group]) for group in instrument.conflicts),
        tables=tables,
        dtype=np.int8 if max(max(codes) for codes in by_codes) <= 127 else np.int32,
    )


def _rows(ix: list[int]) -> slice | npt.NDArray[np.intp]:
    """Return a slice when the column indices are consecutive (a view, no copy)."""
    if ix and ix == list(range(ix[0], ix[-1] + 1)):
        return slice(ix[0], ix[-1] + 1)
    return np.array(ix, dtype=np.intp)


def _validate(plan: _Plan, block: npt.NDArray[np.integer], start: int) -> None:
    """Raise ValueError at the first code that is neither MISSING nor allowed, or a conflict."""
    everything = len(plan.code_groups) == 1
    for ix, codes in plan.code_groups:
        sub = block if everything else block[:, ix]
        if _plainly_allowed(sub, codes):
            continue
        bad = ~np.isin(sub, (*codes, MISSING))
        if bad.any():
            row, col = (int(v) for v in np.argwhere(bad)[0])
            item = plan.columns[int(ix[col])]
            raise ValueError(
                f"{plan.instrument.code}: row {start + row}, item {item!r} has response code "
                f"{int(sub[row, col])}; allowed codes are {', '.join(map(str, codes))} "
                f"or {MISSING} for unanswered"
            )
    answered = block != MISSING
    for group in plan.conflicts:
        clash = answered[:, group].sum(axis=1) > 1
        if clash.any():
            row = int(np.argmax(clash))
            names = ", ".join(plan.columns[int(c)] for c in group)
            raise ValueError(
                f"{plan.instrument.code}: row {start + row} answers more than one of {names}"
            )


def _plainly_allowed(sub: npt.NDArray[np.integer], codes: tuple[int, ...]) -> bool:
    """Return True when min/max checks prove every value is MISSING or an allowed code.

    Only for a run of consecutive codes; anything else (or a doubt) goes to the exact check.
    """
    low, high = min(codes), max(codes)
    if codes != tuple(range(low, high + 1)) or sub.min() < MISSING or sub.max() > high:
        return False
    return low <= MISSING + 1 or not ((sub > MISSING) & (sub < low)).any()


def _score_block(plan: _Plan, block: npt.NDArray[np.integer]) -> dict[str, FloatArray]:
    # Items become rows (contiguous), so each scale's sums are fast reductions over axis 0.
    # Validated codes fit the plan's narrow type; narrow types make the passes cheaper.
    codes: npt.NDArray[np.integer] = np.ascontiguousarray(block.astype(plan.dtype, copy=False).T)
    missing = codes == MISSING
    if plan.recodes:
        codes = codes.astype(np.int32)
        for col, lut in plan.recodes:
            codes[col] = lut[codes[col] + 1]
    values: dict[str, FloatArray] = {}
    fractions: dict[str, tuple[FloatArray, FloatArray, npt.NDArray[np.bool_]]] = {}
    for rule, rows in zip(plan.rules, plan.rows, strict=True):
        if rule.components:
            num, den, ok = _add(*(fractions[c] for c in rule.components))
            values[rule.scale] = np.where(ok, num / np.where(ok, den, 1.0), np.nan)
            continue
        n_missing = missing[rows].sum(axis=0, dtype=np.int32)
        # Each MISSING adds −1 to the plain sum; adding the missing count back leaves the
        # sum of the answered codes (or points).
        s = (codes[rows].sum(axis=0, dtype=np.int32) + n_missing).astype(np.float64)
        n = (len(rule.columns) - n_missing).astype(np.float64)
        ok = n >= rule.n_required
        if rule.scale in plan.tables:
            first, table = plan.tables[rule.scale]
            index = np.clip(s.astype(np.intp) - first, 0, len(table) - 1)
            values[rule.scale] = np.where(ok, table[index], np.nan)
            continue
        if rule.per_answered:
            num, den = rule.a * n + rule.b * s, rule.d * n
        else:
            num, den = rule.a + rule.b * s, np.full_like(s, rule.d)
        fractions[rule.scale] = (num, den, ok)
        values[rule.scale] = np.where(ok, num / np.where(ok, den, 1.0), np.nan)
    return values


def _add(
    *parts: tuple[FloatArray, FloatArray, npt.NDArray[np.bool_]],
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.bool_]]:
    """Return the exact sum of fractions num/den (small integers, exact in float64)."""
    num, den, ok = parts[0]
    for other_num, other_den, other_ok in parts[1:]:
        num, den, ok = num * other_den + other_num * den, den * other_den, ok & other_ok
    return num, den, ok
