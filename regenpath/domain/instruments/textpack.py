"""Clinic-supplied text packs: parse, validate, look up labels, judge licences.

Reference/instruments.md §1.3 (format) and §1.1 (policy): instrument wording never ships with
regenpath; a clinic supplies it in one licensed JSON "text pack" per instrument and language.
This module is pure — it takes the JSON text (or the already parsed object), never a path; the
I/O shell that reads a directory of packs is `regenpath/textpacks.py`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from regenpath.domain.instruments._core import Item, UnknownInstrumentError, describe_codes
from regenpath.domain.instruments._core import describe_ids as _describe_ids
from regenpath.domain.instruments.registry import REGISTRY, get

# §1.3: the format tag every pack carries.
FORMAT = "regenpath-textpack/1"

# §1.1 rule 6: every instrument except nrs-pain is disabled until a licence or permission
# reference is recorded (project policy; nrs-pain is free to use, VERIFIED, §1.2).
NO_LICENCE_NEEDED = frozenset({"nrs-pain"})

_TOP_LEVEL_REQUIRED = ("format", "instrument", "instrument_version", "language", "items")
_TOP_LEVEL_OPTIONAL = ("licence", "title", "instructions")
_LICENCE_KEYS = ("holder", "reference", "expires")
_ITEM_KEYS = ("text", "options")

# A BCP 47-shaped tag ("en", "en-US", "es-419", "zh-Hant-TW"); the full grammar is not needed to
# catch the usual mistakes ("English", "en_US").
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE_KEY = re.compile(r"^(0|-?[1-9]\d*)$")


class TextPackError(ValueError):
    """Raised once per pack with every problem found; each problem names instrument and item."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Licence:
    """A licence or permission reference for one instrument (§1.1 rule 6).

    `expires` is the last day of validity (a licence expiring 2026-12-31 is valid that day).
    """

    holder: str
    reference: str
    expires: date


@dataclass(frozen=True)
class ItemText:
    """The licensed wording of one item: its text and a label per response code."""

    text: str
    options: Mapping[int, str]


@dataclass(frozen=True)
class TextPack:
    """One validated text pack: one instrument in one language (§1.3)."""

    instrument: str
    instrument_version: str
    language: str
    licence: Licence | None
    title: str | None
    instructions: str | None
    items: Mapping[str, ItemText]


@dataclass(frozen=True)
class LicenceStatus:
    """Whether an instrument may be used today, the licence that allows it, and why (or why not)."""

    enabled: bool
    licence: Licence | None
    reason: str


# --- parsing ---------------------------------------------------------------------------------


def parse_text_pack(data: str | Mapping[str, Any]) -> TextPack:
    """Return the validated text pack in `data` (JSON text or the parsed JSON object).

    Raises TextPackError listing every problem (§1.3: unknown instrument, item keys that are not
    item identifiers of the instrument, option codes that differ from the item's allowed response
    codes, a malformed licence block, missing or mistyped fields, unknown keys, duplicate keys).
    """
    if isinstance(data, str):
        duplicates: list[str] = []
        try:
            parsed = json.loads(data, object_pairs_hook=_collect_duplicates(duplicates))
        except json.JSONDecodeError as error:
            raise TextPackError([f"text pack: not valid JSON ({error})"]) from None
        if duplicates:
            raise TextPackError(
                [f"text pack: duplicate key {key!r} in a JSON object" for key in duplicates]
            )
    else:
        parsed = data
    if not isinstance(parsed, Mapping):
        raise TextPackError(
            [f"text pack: the top level must be a JSON object, not {_json_type(parsed)}"]
        )
    return _Parser(parsed).pack()


def _collect_duplicates(duplicates: list[str]) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    return hook


class _Parser:
    """Collects every problem of one parsed pack before deciding."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[str] = []
        name = data.get("instrument")
        self.prefix = f"{name} text pack: " if isinstance(name, str) and name else "text pack: "

    def problem(self, message: str) -> None:
        self.problems.append(self.prefix + message)

    def pack(self) -> TextPack:
        self._check_keys()
        fmt = self.data.get("format")
        if "format" in self.data and fmt != FORMAT:
            self.problem(f"format is {fmt!r}; expected {FORMAT!r}")
        instrument = self._instrument()
        version = self._string("instrument_version")
        language = self._string("language")
        if language is not None and not _LANGUAGE.match(language):
            self.problem(f"language {language!r} is not a language tag such as 'en-US'")
        title = self._string("title")
        instructions = self._string("instructions")
        licence = self._licence()
        items = self._items(instrument)
        if self.problems:
            raise TextPackError(self.problems)
        assert instrument is not None and version is not None and language is not None
        return TextPack(
            instrument=instrument,
            instrument_version=version,
            language=language,
            licence=licence,
            title=title,
            instructions=instructions,
            items=items,
        )

    def _check_keys(self) -> None:
        for key in _TOP_LEVEL_REQUIRED:
            if key not in self.data:
                self.problem(f"{key!r} is missing")
        allowed = _TOP_LEVEL_REQUIRED + _TOP_LEVEL_OPTIONAL
        for key in self.data:
            if key not in allowed:
                self.problem(f"unknown key {key!r} (allowed keys are {', '.join(allowed)})")

    def _instrument(self) -> str | None:
        name = self.data.get("instrument")
        if "instrument" not in self.data:
            return None
        if not isinstance(name, str):
            self.problem(f"'instrument' must be a string, not {_json_type(name)}")
            return None
        try:
            get(name)
        except UnknownInstrumentError:
            self.problem(
                f"unknown instrument {name!r} (known instruments are {', '.join(REGISTRY)})"
            )
            return None
        return name

    def _string(
        self, key: str, where: Mapping[str, Any] | None = None, label: str = ""
    ) -> str | None:
        source = self.data if where is None else where
        if key not in source:
            return None
        value = source[key]
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{label}{key!r} must be a non-empty string, not {_json_repr(value)}")
            return None
        return value

    def _licence(self) -> Licence | None:
        if "licence" not in self.data:
            return None
        block = self.data["licence"]
        if not isinstance(block, Mapping):
            self.problem(
                "licence must be an object with holder, reference and expires, "
                f"not {_json_type(block)}"
            )
            return None
        for key in _LICENCE_KEYS:
            if key not in block:
                self.problem(f"licence {key!r} is missing")
        for key in block:
            if key not in _LICENCE_KEYS:
                self.problem(
                    f"licence has unknown key {key!r} (allowed: holder, reference, expires)"
                )
        holder = self._string("holder", block, "licence ")
        reference = self._string("reference", block, "licence ")
        expires = self._date(block.get("expires")) if "expires" in block else None
        if holder is None or reference is None or expires is None:
            return None
        return Licence(holder, reference, expires)

    def _date(self, value: object) -> date | None:
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(
            f"licence 'expires' is {_json_repr(value)}; an ISO date YYYY-MM-DD is required"
        )
        return None

    def _items(self, instrument: str | None) -> dict[str, ItemText]:
        if "items" not in self.data:
            return {}
        entries = self.data["items"]
        if not isinstance(entries, Mapping):
            self.problem(
                f"'items' must be an object keyed by item identifier, not {_json_type(entries)}"
            )
            return {}
        if instrument is None:
            # Without a known instrument the item keys and codes cannot be judged.
            return {}
        definition = get(instrument)
        known = {item.id: item for item in definition.items}
        items: dict[str, ItemText] = {}
        for item_id, entry in entries.items():
            item = known.get(item_id)
            if item is None:
                self.problem(
                    f"item {item_id!r} is not an item of {instrument} "
                    f"(its items are {_describe_ids([i.id for i in definition.items])})"
                )
                continue
            parsed = self._item(item, entry)
            if parsed is not None:
                items[item_id] = parsed
        # Keep the instrument's item order, whatever the file's order.
        return {item.id: items[item.id] for item in definition.items if item.id in items}

    def _item(self, item: Item, entry: object) -> ItemText | None:
        where = f"item {item.id!r} "
        if not isinstance(entry, Mapping):
            self.problem(f"{where}must be an object with text and options, not {_json_type(entry)}")
            return None
        for key in _ITEM_KEYS:
            if key not in entry:
                self.problem(f"{where}has no {key!r}")
        for key in entry:
            if key not in _ITEM_KEYS:
                self.problem(f"{where}has unknown key {key!r} (allowed: text, options)")
        text = self._string("text", entry, where)
        options = self._options(item, entry["options"]) if "options" in entry else None
        if text is None or options is None:
            return None
        return ItemText(text, options)

    def _options(self, item: Item, options: object) -> dict[int, str] | None:
        where = f"item {item.id!r} "
        if not isinstance(options, Mapping):
            self.problem(
                f"{where}options must be an object keyed by response code, "
                f"not {_json_type(options)}"
            )
            return None
        labels: dict[int, str] = {}
        ok = True
        for key, label in options.items():
            if not isinstance(key, str) or not _CODE_KEY.match(key):
                self.problem(
                    f"{where}has option key {key!r}; option keys are response codes "
                    "written as integers, such as '0'"
                )
                ok = False
                continue
            if not isinstance(label, str):
                self.problem(f"{where}option {key} label must be a string, not {_json_type(label)}")
                ok = False
            labels[int(key)] = label if isinstance(label, str) else ""
        given, allowed = set(labels), set(item.codes)
        if given != allowed:
            details = []
            if allowed - given:
                details.append(f"missing: {', '.join(str(c) for c in sorted(allowed - given))}")
            if given - allowed:
                details.append(f"not allowed: {', '.join(str(c) for c in sorted(given - allowed))}")
            self.problem(
                f"{where}has options for codes {_codes(sorted(given))}; the allowed response "
                f"codes are {describe_codes(item.codes)} ({'; '.join(details)})"
            )
            ok = False
        if not ok:
            return None
        return {code: labels[code] for code in item.codes}


def _codes(codes: Sequence[int]) -> str:
    return describe_codes(codes) if codes else "none"


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "an object"
    return "an array"


def _json_repr(value: object) -> str:
    return repr(value) if isinstance(value, str) else _json_type(value)


# --- labels with fallback (§1.1 rule 4) --------------------------------------------------------


def item_label(pack: TextPack | None, item_id: str) -> str:
    """Return the pack's text for the item, or the item identifier when the pack lacks it."""
    if pack is not None and item_id in pack.items:
        return pack.items[item_id].text
    return item_id


def option_label(pack: TextPack | None, item_id: str, code: int) -> str:
    """Return the pack's label for a response code, or the code itself (as text) without one.

    An empty label in the pack (an unlabelled point of a 0–10 scale) also falls back to the code.
    """
    if pack is not None and item_id in pack.items:
        label = pack.items[item_id].options.get(code, "")
        if label:
            return label
    return str(code)


# --- licences (§1.1 rule 6) -------------------------------------------------------------------


def licence_required(code: str) -> bool:
    """Return whether the instrument needs a recorded licence before use (all but nrs-pain)."""
    get(code)  # UnknownInstrumentError for an unknown code
    return code not in NO_LICENCE_NEEDED


def licence_for(code: str, source: TextPack | Licence | None, today: date) -> Licence | None:
    """Return the licence for `code` that is valid on `today`, or None.

    `source` is a text pack (its `licence` block) or a licence recorded by an administrator. A
    licence is valid up to and including its `expires` date. A pack for another instrument is a
    ValueError. None for nrs-pain means only that no licence was given: it needs none (see
    `licence_status`).
    """
    get(code)
    if isinstance(source, TextPack):
        if source.instrument != code:
            raise ValueError(f"{code}: the text pack is for {source.instrument}")
        source = source.licence
    if source is None or source.expires < today:
        return None
    return source


def licence_status(code: str, source: TextPack | Licence | None, today: date) -> LicenceStatus:
    """Return whether `code` may be used on `today` given `source`, with the reason."""
    licence = licence_for(code, source, today)
    if not licence_required(code):
        return LicenceStatus(True, licence, f"{code}: free to use; no licence needed")
    if licence is not None:
        return LicenceStatus(
            True,
            licence,
            f"{code}: licensed to {licence.holder} ({licence.reference}) "
            f"until {licence.expires.isoformat()}",
        )
    given = source.licence if isinstance(source, TextPack) else source
    if given is not None:
        return LicenceStatus(
            False, None, f"{code}: licence {given.reference} expired on {given.expires.isoformat()}"
        )
    return LicenceStatus(False, None, f"{code}: no licence recorded; the instrument is disabled")
