"""ISBT 128 identifiers: Donation Identification Number (DIN), check character, product codes.

Source: reference/cell-therapy.md §1, which cites ICCBBA *ISBT 128 Standard Technical Specification*
ST-001 v6.2.2 (April 2023). ISBT 128 tables are licensed by ICCBBA, so nothing here copies them:
product codes are structure-checked only; their meanings come from site configuration (§1.4, §1.5).

A DIN is keyed by its 13 characters alone (§1.5 rule 2); flag characters and the check character K
are metadata shown on labels and carried in bar codes.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from enum import StrEnum

# ISO/IEC 7064 MOD 37-2 character values, ST-001 Table 35 [RT035] (§1.2, VERIFIED):
# 0–9 → 0–9, A–Z → 10–35, * → 36. The checksum 0–36 is shown as the character with that value.
MOD37_2_ALPHABET = string.digits + string.ascii_uppercase + "*"
_VALUE = {char: value for value, char in enumerate(MOD37_2_ALPHABET)}

# DIN character classes, ST-001 §2.4.1 Table 3 (§1.1, VERIFIED). The first FIN character is also the
# second data-identifier character, which is why it may be neither 0 nor O.
_FIN_FIRST = frozenset(string.ascii_uppercase.replace("O", "") + "123456789")
_FIN_SECOND_THIRD = frozenset(string.ascii_uppercase.replace("O", "") + string.digits)
_DIGITS = frozenset(string.digits)
_DIN_RE = re.compile(r"[A-NP-Z1-9][A-NP-Z0-9]{2}[0-9]{2}[0-9]{2}[0-9]{6}")  # §1.1 validation regex
# Flag characters {0–9, A–H, J–N, P, R–Y}, ST-001 Table 3 (§1.1, VERIFIED).
_FLAG_CHARS = frozenset(string.digits + "ABCDEFGH" + "JKLMN" + "P" + "RSTUVWXY")

DIN_LENGTH = 13
SEQUENCE_MAX = 999_999  # six digits, §1.1
NULL_FLAGS = "00"  # "Unused → 00", ST-001 Table 3 (§1.1)
_TYPE3_OFFSET = 60  # Type 3 flag = 60 + checksum, §1.1 / §1.2 step 5


class DinError(ValueError):
    """A DIN, its flags or its check character is not acceptable."""


class DinFormatError(DinError):
    """The text is not laid out as any accepted DIN form (missing check character, grouping)."""


class DinLengthError(DinFormatError):
    """The text has the wrong number of characters."""


class DinCharacterError(DinError):
    """A character is outside the classes ISBT 128 allows at that position."""


class DinFacilityError(DinError):
    """The Facility Identification Number (first five characters) is malformed."""


class DinYearError(DinError):
    """The nominal year is not two digits."""


class DinSequenceError(DinError):
    """The sequence number is not six digits (0 to 999999)."""


class DinFlagError(DinError):
    """The two flag characters are malformed."""


class DinCheckCharacterError(DinError):
    """The check character K, or a Type 3 flag, disagrees with the DIN."""


class FlagType(StrEnum):
    """Kind of a DS001 flag pair, ST-001 Table 3 (§1.1, VERIFIED)."""

    NULL = "null"  # 00
    PROCESS_CONTROL = "type_1"  # 01–13, 15–19: ICCBBA-defined process control
    LOCAL = "type_2"  # 20–59: meaningful only to the assigning facility
    CHECKSUM = "type_3"  # 60–96: 60 + MOD 37-2 checksum
    RESERVED = "reserved"  # 14, 97–99 and every alphanumeric value


def mod37_2_checksum(data: str) -> int:
    """Return the ISO/IEC 7064 MOD 37-2 checksum (0–36) of upper-case alphanumeric `data`.

    Generic: no DIN structure check (§1.2 lists generic vectors that are not DINs). Refuses, never
    skips, any character outside 0–9 and A–Z (§1.2 step 1; unlike jembi/bsis, which skips them).
    """
    if not data:
        raise ValueError("MOD 37-2 needs at least one character")
    total = 0
    for position, char in enumerate(data, start=1):
        # '*' is a value only a check character can take (ST-001 Table 35), never an input.
        if char not in _VALUE or char == "*":
            raise ValueError(
                f"character {char!r} at position {position} is not 0–9 or A–Z; "
                "MOD 37-2 is defined for upper-case alphanumerics only (ST-001 Appendix A)"
            )
        # Running form of §1.2 (weights 2^i from the right, without large powers).
        total = ((total + _VALUE[char]) * 2) % 37
    # The checksum brings the weighted sum to 1 modulo 37 (§1.2 step 3).
    return (38 - total) % 37


def isbt128_check_character(din: str) -> str:
    """Return the MOD 37-2 keyboard check character K of a 13-character DIN.

    `din` is the DIN alone (no `=`, flags or K). Raises a `DinError` unless it matches the DIN
    regex of ST-001 §2.4.1 (reference §1.1, §1.2 step 1). K may be `*` or `O` (examples 4 and 5).
    """
    _validate_din_code(din)
    return MOD37_2_ALPHABET[mod37_2_checksum(din)]


def flag_type(flags: str) -> FlagType:
    """Classify a two-character DS001 flag pair (ST-001 Table 3, reference §1.1)."""
    _validate_flags(flags)
    if not flags.isdigit():
        return FlagType.RESERVED  # "alphanumeric values reserved"
    value = int(flags)
    if value == 0:
        return FlagType.NULL
    if value == 14 or value >= 97:  # 14 and 97–99 reserved
        return FlagType.RESERVED
    if value < 20:
        return FlagType.PROCESS_CONTROL
    if value < _TYPE3_OFFSET:
        return FlagType.LOCAL
    return FlagType.CHECKSUM


@dataclass(frozen=True)
class Din:
    """An ISBT 128 Donation Identification Number, validated on construction.

    Equality and hashing use the 13-character `code` only: flags are metadata (§1.5 rule 2), so two
    labels of one donation with different flags are the same DIN. `flags` is None when not known
    (keyboard entry from a label, where Type 3 flags are not printed).
    """

    code: str
    flags: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        _validate_din_code(self.code)
        if self.flags is not None:
            _check_flags_against(self.code, self.flags)

    def __str__(self) -> str:
        return self.code

    @property
    def facility(self) -> str:
        """Return the five-character Facility Identification Number (FIN)."""
        return self.code[:5]

    @property
    def year(self) -> str:
        """Return the two digits of the nominal year of assignment (not a collection date, §1.1)."""
        return self.code[5:7]

    @property
    def sequence(self) -> str:
        """Return the six-digit sequence number within FIN and year."""
        return self.code[7:]

    @property
    def checksum(self) -> int:
        """Return the MOD 37-2 checksum, 0–36 (§1.2)."""
        return mod37_2_checksum(self.code)

    @property
    def check_character(self) -> str:
        """Return the keyboard check character K (§1.2)."""
        return MOD37_2_ALPHABET[self.checksum]

    @property
    def type3_flag(self) -> str:
        """Return the Type 3 flag pair, `60 + checksum` as two digits (§1.1, §1.2 step 5)."""
        return f"{self.checksum + _TYPE3_OFFSET:02d}"

    def eye_readable(self) -> str:
        """Return the label text, e.g. `A9999 21 123456 01 [3]` (ST-001 Figure 2).

        Type 1 and Type 2 flags are printed; null and Type 3 flags are not (ST-001 §7.4.1,
        §7.5.1.1; reference §1.1 "Printing"). Brackets stand for the box around K.
        """
        groups = [self.facility, self.year, self.sequence]
        if self.flags is not None and flag_type(self.flags) in _PRINTED_FLAG_TYPES:
            groups.append(self.flags)
        groups.append(f"[{self.check_character}]")
        return " ".join(groups)

    def barcode_data(self) -> str:
        """Return the Data Structure 001 content for Code 128: `=` + DIN + two flag characters.

        Unknown flags are encoded as the null pair `00` (ST-001 Table 3). The symbology's own
        modulo-103 check is added by the bar-code printer, not here (§1.2 note, §1.6).
        """
        return "=" + self.code + (self.flags if self.flags is not None else NULL_FLAGS)


_PRINTED_FLAG_TYPES = frozenset({FlagType.PROCESS_CONTROL, FlagType.LOCAL})


def assemble_din(facility: str, year: int, sequence: int, *, flags: str | None = None) -> Din:
    """Return the DIN for a site's FIN, a two-digit nominal year (0–99) and a sequence number.

    The FIN is site configuration assigned by ICCBBA; the year is the last two digits of the nominal
    year of assignment; the sequence runs 0–999999 within FIN and year (ST-001 §2.4.1, ref. §1.1).
    """
    _validate_facility(facility)
    if isinstance(year, bool) or not 0 <= year <= 99:
        raise DinYearError(
            f"nominal year must be its last two digits, 0–99 (e.g. 25 for 2025); got {year!r}"
        )
    if isinstance(sequence, bool) or not 0 <= sequence <= SEQUENCE_MAX:
        raise DinSequenceError(
            f"sequence number must be 0–{SEQUENCE_MAX} (six digits); got {sequence!r}"
        )
    return Din(f"{facility}{year:02d}{sequence:06d}", flags=flags)


def parse_din(text: str) -> Din:
    """Return the DIN in scanned or keyboard-entered `text`, refusing anything doubtful.

    Accepted forms (reference §1.1, §1.5 rule 3):
    * a scanned Data Structure 001, `=` + 13 DIN characters + 2 flag characters; a Type 3 flag
      is checked against the DIN;
    * keyboard entry, which must end with K: the DIN (as one group, or as the label's
      `FIN year sequence` groups) then optionally the two flag characters, then K, alone or boxed as
      `[K]`; e.g. `A9999 21 123456 01 [3]`, `A999921123456 3`, `A9999211234563`.
    Raises a `DinError` subclass naming the problem; characters are never skipped or case-folded.
    """
    stripped = text.strip()
    if not stripped:
        raise DinLengthError("no DIN was entered")
    if stripped.startswith("="):
        return _parse_data_structure_001(stripped)
    return _parse_keyboard_entry(stripped)


def _parse_data_structure_001(text: str) -> Din:
    # `=αppppyynnnnnnff`, 16 characters with the leading `=` (ST-001 §2.4.1, reference §1.1).
    if len(text) != 1 + DIN_LENGTH + 2:
        raise DinLengthError(
            "a scanned DIN (Data Structure 001) has 16 characters: '=', 13 DIN characters "
            f"and 2 flag characters; got {len(text)}"
        )
    return Din(text[1 : 1 + DIN_LENGTH], flags=text[1 + DIN_LENGTH :])


# Keyboard layouts by the lengths of the space-separated groups before K.
_DIN_GROUPINGS = {(13,), (5, 2, 6)}


def _parse_keyboard_entry(text: str) -> Din:
    groups = text.split()
    if len(groups) == 1:
        din_part, flags, check = _split_compact(groups[0])
    else:
        *body, last = groups
        lengths = tuple(len(group) for group in body)
        every = (*lengths, len(last))
        # A DIN, or a DIN and two flag characters, with nothing after it: K was left out.
        if every in _DIN_GROUPINGS or (lengths in _DIN_GROUPINGS and len(last) == 2):
            raise DinFormatError(
                "the check character K is missing; keyboard entry needs K after the DIN "
                "(ST-001 Table 30 [RT002])"
            )
        if lengths in _DIN_GROUPINGS:
            din_part, flags = "".join(body), None
        elif lengths[:-1] in _DIN_GROUPINGS and lengths[-1] == 2:
            din_part, flags = "".join(body[:-1]), body[-1]
        else:
            raise DinFormatError(
                "expected the DIN as 'FIN year sequence' (5, 2 and 6 characters) or as 13 "
                "characters, optionally the 2 flag characters, then the check character K"
            )
        check = _unbox(last)
    din = Din(din_part, flags=flags)
    _check_keyboard_character(din, check)
    return din


def _split_compact(token: str) -> tuple[str, str | None, str]:
    if _is_boxed(token[-3:]):
        body, check = token[:-3], token[-2]
    elif len(token) == DIN_LENGTH:
        _validate_din_code(token)  # a clearer message if the DIN itself is also wrong
        raise DinFormatError(
            "the check character K is missing; keyboard entry needs K after the DIN "
            "(ST-001 Table 30 [RT002])"
        )
    else:
        body, check = token[:-1], token[-1:]
    if len(body) == DIN_LENGTH:
        return body, None, check
    if len(body) == DIN_LENGTH + 2:
        return body[:DIN_LENGTH], body[DIN_LENGTH:], check
    raise DinLengthError(
        "a DIN entered without spaces has 14 characters (13 + check character K) or 16 (with the "
        f"2 flag characters); got {len(token)}"
    )


def _is_boxed(token: str) -> bool:
    return len(token) == 3 and token[0] == "[" and token[2] == "]"


def _unbox(token: str) -> str:
    check = token[1] if _is_boxed(token) else token
    if len(check) != 1:
        raise DinFormatError(f"the check character K is one character; got {token!r}")
    return check


def _check_keyboard_character(din: Din, check: str) -> None:
    # Keyboard entry requires K and validates it; `*` is a legitimate K (reference §1.5 rule 3).
    if check not in _VALUE:
        raise DinCharacterError(
            f"check character {check!r} is not allowed; K is one of 0–9, A–Z or * (ST-001 Table 35)"
        )
    if check != din.check_character:
        raise DinCheckCharacterError(
            f"check character {check!r} does not match DIN {din.code}; re-read the label "
            "(ISO/IEC 7064 MOD 37-2, ST-001 Appendix A)"
        )


def _check_flags_against(code: str, flags: str) -> None:
    if flag_type(flags) is FlagType.CHECKSUM:
        # "On scan, parse DS001 and validate any Type 3 flag" (reference §1.5 rule 3).
        expected = f"{mod37_2_checksum(code) + _TYPE3_OFFSET:02d}"
        if flags != expected:
            raise DinCheckCharacterError(
                f"Type 3 flag {flags} does not match DIN {code} (expected {expected}); "
                "the DIN was misread or the label is wrong (ST-001 Table 3, Appendix A)"
            )


def _validate_din_code(code: str) -> None:
    # Order matters only for the message: length, then alphabet, then per-position classes.
    if len(code) != DIN_LENGTH:
        raise DinLengthError(
            "a DIN has 13 characters (5 facility, 2 year, 6 sequence; no '=', flags or check "
            f"character); got {len(code)}"
        )
    for position, char in enumerate(code, start=1):
        if char in string.ascii_lowercase:
            raise DinCharacterError(
                f"lower-case {char!r} at position {position}: DIN characters are upper case "
                "(MOD 37-2 is not defined for lower case, ST-001 Appendix A)"
            )
        if char not in _VALUE or char == "*":
            raise DinCharacterError(
                f"character {char!r} at position {position} is not allowed; a DIN uses only "
                "A–Z and 0–9 (ST-001 §2.4.1)"
            )
    _validate_facility(code[:5])
    if not _all_digits(code[5:7]):
        raise DinCharacterError(f"nominal year {code[5:7]!r} (positions 6–7) must be two digits")
    if not _all_digits(code[7:]):
        raise DinCharacterError(f"sequence number {code[7:]!r} (positions 8–13) must be six digits")
    assert _DIN_RE.fullmatch(code)  # the per-position checks above are exactly this regex


def check_facility(facility: str) -> str:
    """Return `facility` if it is a well-formed five-character FIN; raise `DinFacilityError`.

    Structure only (ST-001 Table 3, reference §1.1): whether ICCBBA assigned the FIN to this site
    cannot be checked here.
    """
    _validate_facility(facility)
    return facility


def _validate_facility(facility: str) -> None:
    # FIN classes: α ∈ {A–N, P–Z, 1–9}; then {A–N, P–Z, 0–9} ×2; then {0–9} ×2 (ST-001 Table 3).
    if len(facility) != 5:
        raise DinFacilityError(
            f"a Facility Identification Number has 5 characters; got {facility!r}"
        )
    if facility[0] not in _FIN_FIRST:
        raise DinFacilityError(
            f"facility code {facility!r}: the first character must be A–N, P–Z or 1–9 "
            "(never O or 0; it doubles as the data identifier, ST-001 §2.4.1)"
        )
    if not all(char in _FIN_SECOND_THIRD for char in facility[1:3]):
        raise DinFacilityError(
            f"facility code {facility!r}: characters 2–3 must be A–N, P–Z or 0–9 (no O)"
        )
    if not _all_digits(facility[3:5]):
        raise DinFacilityError(f"facility code {facility!r}: characters 4–5 must be digits")


def _validate_flags(flags: str) -> None:
    if len(flags) != 2 or not all(char in _FLAG_CHARS for char in flags):
        raise DinFlagError(
            f"flag characters must be two of 0–9, A–H, J–N, P, R–Y (ST-001 Table 3); got {flags!r}"
        )


def _all_digits(text: str) -> bool:
    # str.isdigit() accepts non-ASCII digits such as '²'; ISBT 128 allows ASCII 0–9 only.
    return all(char in _DIGITS for char in text)


# --- Product codes (Data Structure 003) ---------------------------------------------------------


class ProductCategory(StrEnum):
    """What a Product Description Code's first character(s) say (ST-001 Table 26, ref. §1.4)."""

    CELLULAR_THERAPY = "cellular_therapy"  # S
    BLOOD = "blood"  # E, F
    TISSUE = "tissue"  # T
    REGENERATED_TISSUE = "regenerated_tissue"  # P
    CLINICAL_TRIAL = "clinical_trial"  # YA–YZ
    NATIONAL = "national"  # A–C
    LOCAL = "local"  # D: facility-defined, the only kind regenpath may define itself (§1.4, §1.5)


_CATEGORY_BY_FIRST = {
    "S": ProductCategory.CELLULAR_THERAPY,
    "E": ProductCategory.BLOOD,
    "F": ProductCategory.BLOOD,
    "T": ProductCategory.TISSUE,
    "P": ProductCategory.REGENERATED_TISSUE,
    "Y": ProductCategory.CLINICAL_TRIAL,
    "A": ProductCategory.NATIONAL,
    "B": ProductCategory.NATIONAL,
    "C": ProductCategory.NATIONAL,
    "D": ProductCategory.LOCAL,
}
_CODE_CHARS = frozenset(string.digits + string.ascii_uppercase)


@dataclass(frozen=True)
class ProductCode:
    """A Data Structure 003 product code `αoooo` + `t` + `ds`, structure-checked only.

    `pdc` is the 5-character Product Description Code, `collection_type` the Type of Collection
    (ST-001 Table 7), `division` the 2-character division (`00` when undivided). Meanings come from
    the site's own licensed or local tables (reference §1.3–§1.5); none ship with regenpath.
    """

    pdc: str
    collection_type: str
    division: str = "00"

    def __post_init__(self) -> None:
        if len(self.pdc) != 5 or not all(char in _CODE_CHARS for char in self.pdc):
            raise ValueError(
                f"a Product Description Code has 5 upper-case letters or digits; got {self.pdc!r}"
            )
        if self.pdc[0] not in _CATEGORY_BY_FIRST:
            raise ValueError(
                f"product code {self.pdc!r}: first character must be one of "
                f"{', '.join(sorted(_CATEGORY_BY_FIRST))} (ST-001 Table 26)"
            )
        if self.pdc[0] == "Y" and self.pdc[1] not in string.ascii_uppercase:
            raise ValueError(f"product code {self.pdc!r}: clinical-trial codes are YA–YZ")
        if len(self.collection_type) != 1 or self.collection_type not in _CODE_CHARS:
            raise ValueError(
                f"Type of Collection is one letter or digit; got {self.collection_type!r}"
            )
        if len(self.division) != 2 or not all(char in _CODE_CHARS for char in self.division):
            raise ValueError(f"division is two letters or digits; got {self.division!r}")

    @property
    def category(self) -> ProductCategory:
        """Return the category the first character denotes."""
        return _CATEGORY_BY_FIRST[self.pdc[0]]

    def barcode_data(self) -> str:
        """Return the Data Structure 003 content `=<` + 8 data characters (ST-001 §2.4, §1.3)."""
        return f"=<{self.pdc}{self.collection_type}{self.division}"

    def __str__(self) -> str:
        return f"{self.pdc}{self.collection_type}{self.division}"


def parse_product_code(text: str) -> ProductCode:
    """Return the product code in `text`: 8 data characters, with or without the `=<` identifier."""
    data = text.strip()
    data = data.removeprefix("=<")
    if len(data) != 8:
        raise ValueError(
            f"a product code has 8 characters (PDC 5, Type of Collection 1, division 2); "
            f"got {len(data)}"
        )
    return ProductCode(pdc=data[:5], collection_type=data[5], division=data[6:])
