"""Shared machinery of the PROM scoring engine: definitions, validation, results, arithmetic.

Nothing here is specific to one instrument. The contract is reference/instruments.md §2
(engine contract); every instrument module builds on these types and helpers so that validation,
missing-item messages, result shape and arithmetic are implemented once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any

# Reference §2.6: stored with every cached score; bump when any rule or table changes.
RULES_VERSION = "prom-rules-1"

Responses = Mapping[str, int | None]
Number = Fraction | int

# Reason codes and flags of reference §2.3.
TOO_FEW_ITEMS = "too_few_items"
NOT_ADMINISTERED = "not_administered"
DEPENDS_ON_UNSCORED = "depends_on_unscored"
PARTIAL = "partial"
FLOOR = "floor"
CEILING = "ceiling"
UNVERIFIED_TABLE = "unverified_table"

# Error kinds of reference §2.2.
UNKNOWN_ITEM = "unknown_item"
WRONG_TYPE = "wrong_type"
OUT_OF_RANGE = "out_of_range"
CONFLICT = "conflict"


# --- errors (reference §2.1, §2.2) ------------------------------------------------------------


class UnknownInstrumentError(ValueError):
    """Raised for an instrument code that is not one of the registered codes."""


@dataclass(frozen=True)
class ItemError:
    """One problem with one response: the item, the kind (§2.2), the offending value, a message."""

    item: str
    kind: str
    value: object
    message: str


class ScoringInputError(ValueError):
    """Raised once per response set with every item error found (reference §2.2)."""

    def __init__(self, instrument: str, errors: Sequence[ItemError]) -> None:
        self.instrument = instrument
        self.errors = list(errors)
        super().__init__("; ".join(error.message for error in self.errors))


# --- definitions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One item: identifier, allowed integer response codes, short developer descriptor.

    `descriptor` is a few paraphrased words (reference §1.1 rule 5), never the licensed item text.
    A `recorded_only` item is validated but never scored (reference §2.1).
    """

    id: str
    codes: tuple[int, ...]
    descriptor: str
    recorded_only: bool = False


@dataclass(frozen=True, kw_only=True)
class Scale:
    """One output scale: its code, label (used in messages), items and documented rules.

    `items` are the identifiers (or, for VISA-A Q8, the slot names) that count for `n_items` and
    `missing_items`, in contract order. `low`/`high` bound every value the engine may produce
    (`high=None` means unbounded above). `missing_rule`, `source` and `verification` are the human
    text of the reference, for the generated catalogue. `loinc` is the code of this scale's score
    observation where the reference names one; it is emitted only if the instrument's `loinc`
    map tags it "VERIFIED" (§2.7).
    """

    code: str
    label: str
    items: tuple[str, ...]
    low: Number
    high: Number | None
    higher_is: str
    decimals: int
    missing_rule: str
    source: str
    verification: str
    loinc: str | None = None

    @cached_property
    def item_set(self) -> frozenset[str]:
        """Return the scale's identifiers as a set, for membership tests on the hot path."""
        return frozenset(self.items)


ScoreFunction = Callable[[Responses], "ScoreResult"]


@dataclass(frozen=True, kw_only=True)
class Instrument:
    """One instrument definition as registered (reference §3).

    `loinc` maps each LOINC code named in the reference to its tag; only codes tagged exactly
    "VERIFIED" are emitted (reference §2.7, `emitted_loinc`); any other tag ("UNVERIFIED", or a
    note why a verified code is withheld by project policy) keeps the code as a candidate only.
    `conflicts` lists groups of mutually exclusive items (reference §2.2, kind `conflict`).
    """

    code: str
    name: str
    version: str
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]
    licence_status: str
    text_in_repo: bool
    loinc: Mapping[str, str]
    score: ScoreFunction
    conflicts: tuple[tuple[str, ...], ...] = ()

    @property
    def emitted_loinc(self) -> tuple[str, ...]:
        """Return the LOINC codes exports may emit: those tagged exactly "VERIFIED" (§2.7)."""
        return tuple(code for code, tag in self.loinc.items() if tag == "VERIFIED")

    def item(self, item_id: str) -> Item:
        """Return the item with this identifier; KeyError if there is none."""
        for candidate in self.items:
            if candidate.id == item_id:
                return candidate
        raise KeyError(item_id)


# --- results (reference §2.3) ---------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleResult:
    """One scale of a result; the fields are exactly the keys of reference §2.3, in order.

    `value` and `se` are floats converted once from exact fractions (reference §2.4).
    """

    value: float | None
    reason: str | None
    reason_code: str | None
    n_items: int
    n_answered: int
    n_required: int | None
    missing_items: tuple[str, ...]
    raw: int | None
    se: float | None
    interpretation: str | None
    flags: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the §2.3 JSON object of this scale (lists for the tuple fields)."""
        return {
            "value": self.value,
            "reason": self.reason,
            "reason_code": self.reason_code,
            "n_items": self.n_items,
            "n_answered": self.n_answered,
            "n_required": self.n_required,
            "missing_items": list(self.missing_items),
            "raw": self.raw,
            "se": self.se,
            "interpretation": self.interpretation,
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class ScoreResult:
    """The result of scoring one response set: every scale of the instrument, in §4 order."""

    instrument: str
    rules_version: str
    scales: dict[str, ScaleResult]

    def to_dict(self) -> dict[str, Any]:
        """Return the §2.3 JSON object of this result."""
        return {
            "instrument": self.instrument,
            "rules_version": self.rules_version,
            "scales": {code: scale.to_dict() for code, scale in self.scales.items()},
        }


def result(instrument: str, scales: Iterable[tuple[Scale, ScaleResult]]) -> ScoreResult:
    """Return a ScoreResult stamped with RULES_VERSION, keyed by scale code in the given order."""
    return ScoreResult(instrument, RULES_VERSION, {scale.code: res for scale, res in scales})


# --- validation (reference §2.2) ------------------------------------------------------------------


def validate(instrument: Instrument, responses: Responses) -> None:
    """Raise one ScoringInputError listing every invalid response, or return None.

    Checks, for each key in the given order: unknown_item, wrong_type (`type(v) is not int`, so
    bool, float, str and Decimal are rejected), out_of_range; then every conflict group.
    `None` means "not answered" and is always valid for a known item.
    """
    known = {item.id: item for item in instrument.items}
    errors: list[ItemError] = []
    code = instrument.code
    for key, value in responses.items():
        item = known.get(key)
        if item is None:
            errors.append(
                ItemError(
                    str(key),
                    UNKNOWN_ITEM,
                    value,
                    f"{code}: unknown item {key!r} ({_items_hint(instrument, key)})",
                )
            )
        elif value is None:
            continue
        elif type(value) is not int:
            errors.append(
                ItemError(
                    key,
                    WRONG_TYPE,
                    value,
                    f"{code}: item {key!r} has a value of type {type(value).__name__} "
                    f"({value!r}); an int response code is required",
                )
            )
        elif value not in item.codes:
            errors.append(
                ItemError(
                    key,
                    OUT_OF_RANGE,
                    value,
                    f"{code}: item {key!r} has response code {value}; "
                    f"allowed codes are {describe_codes(item.codes)}",
                )
            )
    for group in instrument.conflicts:
        present = [item_id for item_id in group if responses.get(item_id) is not None]
        if len(present) > 1:
            both = "both" if len(present) == 2 else "all"
            errors.append(
                ItemError(
                    present[0],
                    CONFLICT,
                    {item_id: responses[item_id] for item_id in present},
                    f"{code}: items {_and(present)} are {both} answered; "
                    f"answer exactly one of {', '.join(group)}",
                )
            )
    if errors:
        raise ScoringInputError(code, errors)


def describe_codes(codes: Sequence[int]) -> str:
    """Return "0–4" for a run of consecutive codes, else the codes comma-separated."""
    if len(codes) > 2 and list(codes) == list(range(codes[0], codes[-1] + 1)):
        return f"{codes[0]}–{codes[-1]}"
    return ", ".join(str(c) for c in codes)


_ID = re.compile(r"^(.*?)(\d+)$")


def describe_ids(ids: Sequence[str]) -> str:
    """Return item identifiers compacted into runs: ("P1", ..., "P9", "Q1") → "P1–P9, Q1"."""
    parts: list[str] = []
    run: list[str] = []

    def flush() -> None:
        parts.append(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(run))

    for item_id in ids:
        if run and _follows(run[-1], item_id):
            run.append(item_id)
            continue
        if run:
            flush()
        run = [item_id]
    if run:
        flush()
    return ", ".join(parts)


def _follows(previous: str, current: str) -> bool:
    a, b = _ID.match(previous), _ID.match(current)
    return bool(a and b and a[1] == b[1] and int(b[2]) == int(a[2]) + 1)


def _items_hint(instrument: Instrument, key: object) -> str:
    # Name the scale whose items share the key's prefix ("KOOS pain items are P1–P9", §2.2
    # example); otherwise list every item of the instrument.
    # A scale listing slot names rather than items (VISA-A's Q8 stands for Q8A/Q8B/Q8C) is not
    # used for the hint, which must name only identifiers that can be answered.
    item_ids = {item.id for item in instrument.items}
    match = _ID.match(key) if isinstance(key, str) else None
    if match:
        for scale in instrument.scales:
            if not set(scale.items) <= item_ids:
                continue
            prefixes = {m[1] if (m := _ID.match(i)) else i for i in scale.items}
            if prefixes == {match[1]}:
                return f"{scale.label} items are {describe_ids(scale.items)}"
    return f"items are {describe_ids([item.id for item in instrument.items])}"


def _and(words: Sequence[str]) -> str:
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"


# --- reading responses and arithmetic (reference §2.4) --------------------------------------------


def answered(responses: Responses, items: Iterable[str]) -> tuple[str, ...]:
    """Return the identifiers of `items` that have a response, in the order of `items`."""
    return tuple(item_id for item_id in items if responses.get(item_id) is not None)


def sum_codes(responses: Responses, items: Iterable[str]) -> int:
    """Return the integer sum of the answered codes among `items` (unanswered count as nothing)."""
    return sum(code for item_id in items if (code := responses.get(item_id)) is not None)


def mean_codes(responses: Responses, items: Sequence[str]) -> Fraction:
    """Return the exact mean of the answered codes among `items`; ValueError if none answered."""
    codes = [code for item_id in items if (code := responses.get(item_id)) is not None]
    if not codes:
        raise ValueError("mean of no answered items")
    return Fraction(sum(codes), len(codes))


def decimal_table(first_raw: int, values: Sequence[str]) -> dict[int, Fraction]:
    """Return a conversion table {raw: exact value} from decimal strings for consecutive raws.

    Writing the tabulated numbers as strings keeps them exact: Fraction("91.975") is 91975/1000.
    """
    return {first_raw + offset: Fraction(text) for offset, text in enumerate(values)}


def lookup(table: Mapping[int, Fraction], raw: int) -> Fraction:
    """Return the tabulated value for an integer raw sum; never interpolate (reference §2.4).

    A raw sum outside the table is a programming error (validation bounds every code) and raises
    LookupError rather than extrapolating.
    """
    try:
        return table[raw]
    except KeyError:
        raise LookupError(f"raw sum {raw} is not in the conversion table") from None


# --- scale-result builders (reference §2.3) -----------------------------------------------------


def _counts(scale: Scale, given: Sequence[str]) -> tuple[int, tuple[str, ...]]:
    given_set = set(given)
    if not given_set <= scale.item_set:
        unknown = [item_id for item_id in given if item_id not in scale.item_set]
        raise ValueError(f"{scale.code}: answered ids {unknown} are not items of the scale")
    if len(given_set) == len(scale.items):
        return len(scale.items), ()
    missing = tuple(item_id for item_id in scale.items if item_id not in given_set)
    return len(scale.items) - len(missing), missing


def scored(
    scale: Scale,
    value: Number,
    answered: Sequence[str],
    n_required: int | None,
    *,
    flags: Iterable[str] = (),
    raw: int | None = None,
    se: Number | None = None,
    interpretation: str | None = None,
) -> ScaleResult:
    """Return a scored ScaleResult; `value` (and `se`) exact, converted to float here.

    `answered` are the scale's answered identifiers; `partial` is added first to `flags` when any
    item of the scale is unanswered (reference §2.3 rule 6). A value outside the scale's
    [low, high] range is an engine bug and raises ValueError.
    """
    if value < scale.low or (scale.high is not None and value > scale.high):
        raise ValueError(f"{scale.code}: value {value} outside {scale.low}..{scale.high}")
    n_answered, missing = _counts(scale, answered)
    all_flags = ([PARTIAL] if missing else []) + [f for f in flags if f != PARTIAL]
    return ScaleResult(
        value=float(value),
        reason=None,
        reason_code=None,
        n_items=len(scale.items),
        n_answered=n_answered,
        n_required=n_required,
        missing_items=missing,
        raw=raw,
        se=None if se is None else float(se),
        interpretation=interpretation,
        flags=tuple(all_flags),
    )


def _unscored(
    scale: Scale,
    answered: Sequence[str],
    n_required: int | None,
    reason: str,
    reason_code: str,
) -> ScaleResult:
    n_answered, missing = _counts(scale, answered)
    return ScaleResult(
        value=None,
        reason=reason,
        reason_code=reason_code,
        n_items=len(scale.items),
        n_answered=n_answered,
        n_required=n_required,
        missing_items=missing,
        raw=None,
        se=None,
        interpretation=None,
        flags=(),
    )


def too_few_items(
    scale: Scale,
    answered: Sequence[str],
    n_required: int,
    all_required: bool | None = None,
) -> ScaleResult:
    """Return an unscored ScaleResult with reason_code too_few_items and the §2.3 message.

    `all_required` picks the all-items template (which lists the missing identifiers); by default
    it is used exactly when `n_required` equals the number of items in the scale.
    """
    n_items = len(scale.items)
    n_answered, missing = _counts(scale, answered)
    if all_required is None:
        all_required = n_required == n_items
    if all_required:
        reason = (
            f"{scale.label}: {n_answered} of {n_items} items answered; "
            f"all {n_items} required (missing: {', '.join(missing)})"
        )
    else:
        reason = (
            f"{scale.label}: {n_answered} of {n_items} items answered; "
            f"at least {n_required} required"
        )
    return _unscored(scale, answered, n_required, reason, TOO_FEW_ITEMS)


def not_administered(scale: Scale, n_required: int | None = None) -> ScaleResult:
    """Return an unscored ScaleResult for an optional module with no item answered.

    `n_required` defaults to every item of the module (QuickDASH modules, reference §4.10).
    """
    required = len(scale.items) if n_required is None else n_required
    reason = f"{scale.label}: module not administered (no items answered)"
    return _unscored(scale, (), required, reason, NOT_ADMINISTERED)


def depends_on_unscored(
    scale: Scale,
    labels: Sequence[str],
    answered: Sequence[str],
    n_required: int | None = None,
) -> ScaleResult:
    """Return an unscored ScaleResult for a composite whose component scales are unscored.

    `labels` are the labels of the unscored components ("WOMAC pain and WOMAC stiffness").
    """
    reason = f"{scale.label}: not scored because {_and(labels)} not scored"
    return _unscored(scale, answered, n_required, reason, DEPENDS_ON_UNSCORED)


# --- presentation (reference §2.5) -----------------------------------------------------------


def display(value: float, decimals: int) -> str:
    """Return `value` rounded half-up to `decimals` places as text; presentation only.

    Reference §2.5: round the decimal representation (repr), never with round() (half-even).
    """
    quantum = Decimal(1).scaleb(-decimals)
    return str(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))
