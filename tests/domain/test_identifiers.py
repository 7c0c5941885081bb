"""ISBT 128 DIN, check character and product code (reference/cell-therapy.md §1)."""

from __future__ import annotations

import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from regenpath.domain.identifiers import (
    Din,
    DinCharacterError,
    DinCheckCharacterError,
    DinError,
    DinFacilityError,
    DinFlagError,
    DinFormatError,
    DinLengthError,
    DinSequenceError,
    DinYearError,
    FlagType,
    ProductCategory,
    ProductCode,
    assemble_din,
    flag_type,
    isbt128_check_character,
    mod37_2_checksum,
    parse_din,
    parse_product_code,
)

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"  # ST-001 Table 35, restated independently


def explicit_weighted_sum(data: str) -> int:
    """Return Σ value × 2^i, i counted from the right starting at 1 (reference §1.2 step 2)."""
    return sum(ALPHABET.index(char) * 2**i for i, char in enumerate(reversed(data), start=1))


# Reference §1.2 worked examples: DIN, S, S mod 37, checksum, K, Type 3 flag. Every row.
WORKED_EXAMPLES = [
    ("G123417654321", 146178, 28, 10, "A", "70"),
    ("G123498654321", 148354, 21, 17, "H", "77"),
    ("A999921123456", 151920, 35, 3, "3", "63"),
    ("A999917345628", 152664, 2, 36, "*", "96"),
    ("A999917345658", 152676, 14, 24, "O", "84"),
    ("A999818123456", 152048, 15, 23, "N", "83"),
    ("W000009123456", 263536, 22, 16, "G", "76"),
    ("A999915000001", 151938, 16, 22, "M", "82"),
    ("G123489654321", 148226, 4, 34, "Y", "94"),
]

# Reference §1.2 "Further VERIFIED vectors".
FURTHER_VECTORS = [
    ("A999917123456", "9"),
    ("A999917123654", "Y"),
    ("A999918000001", "8"),
    ("A999820123456", "E"),
    ("A999914123458", "J"),
]

# Reference §1.2 generic MOD 37-2 vectors (not DINs): data, checksum, character.
GENERIC_VECTORS = [
    ("3000505", 11, "B"),
    ("3000509", 3, "3"),
    ("2210579", 17, "H"),
    ("8332514", 11, "B"),
    ("7432269", 32, "W"),
    ("3946294", 15, "F"),
]


@pytest.mark.parametrize(("din", "weighted", "remainder", "checksum", "k", "flag"), WORKED_EXAMPLES)
def test_check_character_worked_example(
    din: str, weighted: int, remainder: int, checksum: int, k: str, flag: str
) -> None:
    assert explicit_weighted_sum(din) == weighted
    assert weighted % 37 == remainder
    assert mod37_2_checksum(din) == checksum
    assert isbt128_check_character(din) == k
    assert Din(din).type3_flag == flag
    # Validation identity of §1.2: S + value(K), K weighted 1, is 1 modulo 37.
    assert (weighted + ALPHABET.index(k)) % 37 == 1


@pytest.mark.parametrize(("din", "k"), FURTHER_VECTORS)
def test_check_character_further_vector(din: str, k: str) -> None:
    assert isbt128_check_character(din) == k


@pytest.mark.parametrize(("data", "checksum", "k"), GENERIC_VECTORS)
def test_mod37_2_checksum_generic_vector(data: str, checksum: int, k: str) -> None:
    assert mod37_2_checksum(data) == checksum
    assert ALPHABET[checksum] == k


@pytest.mark.parametrize(
    "data",
    ["394 <abc> [6] {294}", "G123 498 654 321", "30005*5", "3000505a", ""],
)
def test_mod37_2_checksum_refuses_characters_instead_of_skipping(data: str) -> None:
    # jembi/bsis skips such characters (reference §1.2); regenpath must not.
    with pytest.raises(ValueError):
        mod37_2_checksum(data)


@pytest.mark.parametrize(
    ("din", "error"),
    [
        ("G123 498 654 321", DinLengthError),
        ("G12349865432", DinLengthError),
        ("g123498654321", DinCharacterError),
        ("G12349865432*", DinCharacterError),
        ("0123498654321", DinFacilityError),
        ("O123498654321", DinFacilityError),
        ("3000505", DinLengthError),
    ],
)
def test_check_character_refuses_a_non_din(din: str, error: type[DinError]) -> None:
    with pytest.raises(error):
        isbt128_check_character(din)


@pytest.mark.parametrize(
    ("text", "code", "flags"),
    [
        ("A9999 21 123456 01 [3]", "A999921123456", "01"),  # ST-001 Figure 2 as printed
        ("A9999 21 123456 01 3", "A999921123456", "01"),
        ("W0000 09 123456 02 G", "W000009123456", "02"),  # ST-001 §7.4.1
        ("A9998 18 123456 N", "A999818123456", None),  # §7.5.1.1 without its one-character flag
        ("A999917345628 *", "A999917345628", None),  # example 4: K may be '*'
        ("A999917345658O", "A999917345658", None),  # example 5: K may be 'O'
        ("A999921123456[3]", "A999921123456", None),
        ("A999921123456013", "A999921123456", "01"),
        ("  A999915000001 M\n", "A999915000001", None),
        ("=G12341765432170", "G123417654321", "70"),  # ST-001 Appendix A DS001 content
        ("=A99992112345600", "A999921123456", "00"),
        ("=A99992112345601", "A999921123456", "01"),
    ],
)
def test_parse_din_accepts_label_and_scan_forms(text: str, code: str, flags: str | None) -> None:
    din = parse_din(text)
    assert din.code == code
    assert din.flags == flags


@pytest.mark.parametrize(
    ("text", "error", "fragment"),
    [
        ("", DinLengthError, "no DIN"),
        ("A999921123456", DinFormatError, "check character K is missing"),
        ("A9999 21 123456", DinFormatError, "check character K is missing"),
        ("A9999 21 123456 01", DinFormatError, "check character K is missing"),
        ("A9999 21 123456 4", DinCheckCharacterError, "does not match"),
        ("A9999211234564", DinCheckCharacterError, "does not match"),
        ("A999921123456 %", DinCharacterError, "check character '%'"),
        ("A999921123456 33", DinFormatError, "check character K is missing"),
        ("A999921123456 01 33", DinFormatError, "one character"),
        ("A9998 18 123456 8 N", DinFormatError, "FIN year sequence"),
        ("A99992112345", DinLengthError, "got 12"),
        ("A99992112345678", DinLengthError, "got 15"),
        ("a9999 21 123456 3", DinCharacterError, "lower-case"),
        ("A9999 2! 123456 3", DinCharacterError, "'!'"),
        ("A9999 21 12345X 3", DinCharacterError, "sequence number"),
        ("A9999 2X 123456 3", DinCharacterError, "nominal year"),
        ("O9999 21 123456 3", DinFacilityError, "first character"),
        ("0A999 21 123456 3", DinFacilityError, "first character"),
        ("AO999 21 123456 3", DinFacilityError, "characters 2–3"),
        ("A99A9 21 123456 3", DinFacilityError, "characters 4–5"),
        ("A9999 21 123456 IO 3", DinFlagError, "flag characters"),
        ("=A999921123456", DinLengthError, "16 characters"),
        ("=A99992112345664", DinCheckCharacterError, "Type 3 flag 64"),
        ("=A9999211234560Z", DinFlagError, "flag characters"),
        ("=a99992112345600", DinCharacterError, "lower-case"),
    ],
)
def test_parse_din_refuses_with_a_named_problem(
    text: str, error: type[DinError], fragment: str
) -> None:
    with pytest.raises(error, match=fragment):
        parse_din(text)


def test_din_errors_are_value_errors() -> None:
    with pytest.raises(ValueError):
        parse_din("nonsense")


@pytest.mark.parametrize(
    ("facility", "year", "sequence", "code"),
    [
        ("A9999", 21, 123456, "A999921123456"),
        ("W0000", 9, 123456, "W000009123456"),
        ("A9999", 15, 1, "A999915000001"),
        ("1AB12", 0, 0, "1AB1200000000"),
        ("Z9999", 99, 999999, "Z999999999999"),
    ],
)
def test_assemble_din_pads_year_and_sequence(
    facility: str, year: int, sequence: int, code: str
) -> None:
    din = assemble_din(facility, year, sequence)
    assert din.code == code
    assert (din.facility, din.year, din.sequence) == (code[:5], code[5:7], code[7:])


@pytest.mark.parametrize(
    ("facility", "year", "sequence", "error"),
    [
        ("A999", 21, 1, DinFacilityError),
        ("O9999", 21, 1, DinFacilityError),
        ("09999", 21, 1, DinFacilityError),
        ("a9999", 21, 1, DinFacilityError),
        ("A99AA", 21, 1, DinFacilityError),
        ("A9999", 2021, 1, DinYearError),
        ("A9999", -1, 1, DinYearError),
        ("A9999", True, 1, DinYearError),
        ("A9999", 21, 1_000_000, DinSequenceError),
        ("A9999", 21, -1, DinSequenceError),
        ("A9999", 21, False, DinSequenceError),
    ],
)
def test_assemble_din_refuses_out_of_range_parts(
    facility: str, year: int, sequence: int, error: type[DinError]
) -> None:
    with pytest.raises(error):
        assemble_din(facility, year, sequence)


@pytest.mark.parametrize(
    ("flags", "kind"),
    [
        ("00", FlagType.NULL),
        ("01", FlagType.PROCESS_CONTROL),
        ("13", FlagType.PROCESS_CONTROL),
        ("14", FlagType.RESERVED),
        ("15", FlagType.PROCESS_CONTROL),
        ("19", FlagType.PROCESS_CONTROL),
        ("20", FlagType.LOCAL),
        ("59", FlagType.LOCAL),
        ("60", FlagType.CHECKSUM),
        ("96", FlagType.CHECKSUM),
        ("97", FlagType.RESERVED),
        ("99", FlagType.RESERVED),
        ("A1", FlagType.RESERVED),
    ],
)
def test_flag_type_follows_table_3(flags: str, kind: FlagType) -> None:
    assert flag_type(flags) is kind


@pytest.mark.parametrize("flags", ["0", "000", "I0", "0O", "Q1", "Z9", "0a"])
def test_flag_type_refuses_characters_outside_the_flag_set(flags: str) -> None:
    with pytest.raises(DinFlagError):
        flag_type(flags)


@pytest.mark.parametrize(
    ("flags", "text"),
    [
        (None, "A9999 21 123456 [3]"),
        ("00", "A9999 21 123456 [3]"),  # null flags need not be printed
        ("01", "A9999 21 123456 01 [3]"),  # ST-001 Figure 2
        ("25", "A9999 21 123456 25 [3]"),  # Type 2 printed
        ("63", "A9999 21 123456 [3]"),  # Type 3 never printed
    ],
)
def test_din_eye_readable_prints_only_type_1_and_2_flags(flags: str | None, text: str) -> None:
    assert Din("A999921123456", flags=flags).eye_readable() == text


def test_din_barcode_data_is_data_structure_001() -> None:
    assert Din("G123417654321", flags="70").barcode_data() == "=G12341765432170"
    assert Din("A999921123456").barcode_data() == "=A99992112345600"
    assert len(Din("A999921123456").barcode_data()) == 16


def test_din_equality_ignores_flags() -> None:
    # Flags are metadata, not identity (reference §1.5 rule 2).
    first, second = Din("A999921123456", flags="01"), Din("A999921123456", flags="02")
    assert first == second
    assert hash(first) == hash(second)
    assert str(first) == "A999921123456"
    assert first != Din("A999921123457")


def test_din_refuses_a_wrong_type3_flag_on_construction() -> None:
    with pytest.raises(DinCheckCharacterError):
        Din("G123417654321", flags="71")


def test_product_code_parses_figure_3_example() -> None:
    # ST-001 Figure 3 (reference §1.3): PDC S1295, Type of Collection 4, division A0.
    code = parse_product_code("S12954A0")
    assert (code.pdc, code.collection_type, code.division) == ("S1295", "4", "A0")
    assert code.category is ProductCategory.CELLULAR_THERAPY
    assert code.barcode_data() == "=<S12954A0"
    assert parse_product_code(code.barcode_data()) == code
    assert str(code) == "S12954A0"


@pytest.mark.parametrize(
    ("pdc", "category"),
    [
        ("D0001", ProductCategory.LOCAL),
        ("E0001", ProductCategory.BLOOD),
        ("F0001", ProductCategory.BLOOD),
        ("T0001", ProductCategory.TISSUE),
        ("P0001", ProductCategory.REGENERATED_TISSUE),
        ("YA001", ProductCategory.CLINICAL_TRIAL),
        ("A0001", ProductCategory.NATIONAL),
        ("C0001", ProductCategory.NATIONAL),
    ],
)
def test_product_code_category_follows_first_character(pdc: str, category: ProductCategory) -> None:
    assert ProductCode(pdc, "1").category is category


@pytest.mark.parametrize(
    ("pdc", "collection_type", "division"),
    [
        ("S129", "1", "00"),
        ("s1295", "1", "00"),
        ("G1295", "1", "00"),
        ("Y1234", "1", "00"),
        ("S1295", "", "00"),
        ("S1295", "12", "00"),
        ("S1295", "1", "0"),
        ("S1295", "1", "a0"),
    ],
)
def test_product_code_refuses_malformed_parts(
    pdc: str, collection_type: str, division: str
) -> None:
    with pytest.raises(ValueError):
        ProductCode(pdc, collection_type, division)


def test_parse_product_code_refuses_wrong_length() -> None:
    with pytest.raises(ValueError, match="8 characters"):
        parse_product_code("=<S12954A")


# --- properties -------------------------------------------------------------------------------

FIN_FIRST = "ABCDEFGHIJKLMNPQRSTUVWXYZ123456789"
FIN_MIDDLE = "ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789"
DIGITS = string.digits
POSITION_CLASSES = [FIN_FIRST, FIN_MIDDLE, FIN_MIDDLE] + [DIGITS] * 10

dins = st.tuples(*(st.sampled_from(chars) for chars in POSITION_CLASSES)).map("".join)


@settings(max_examples=200)
@given(din=dins, position=st.integers(0, 12), data=st.data())
def test_check_character_detects_any_single_substitution(
    din: str, position: int, data: st.DataObject
) -> None:
    replacement = data.draw(
        st.sampled_from(POSITION_CLASSES[position]).filter(lambda c: c != din[position])
    )
    changed = din[:position] + replacement + din[position + 1 :]
    assert isbt128_check_character(changed) != isbt128_check_character(din)


@settings(max_examples=200)
@given(din=dins, position=st.integers(0, 11))
def test_check_character_detects_any_adjacent_transposition(din: str, position: int) -> None:
    first, second = din[position], din[position + 1]
    assume(first != second)
    swapped = din[:position] + second + first + din[position + 2 :]
    assume(swapped[0] in FIN_FIRST and swapped[3:5].isdigit())  # still a DIN
    assert isbt128_check_character(swapped) != isbt128_check_character(din)


@settings(max_examples=200)
@given(
    data=st.text(alphabet=string.digits + string.ascii_uppercase, min_size=2, max_size=20),
    position=st.integers(0, 18),
)
def test_mod37_2_checksum_detects_any_adjacent_transposition(data: str, position: int) -> None:
    assume(position + 1 < len(data) and data[position] != data[position + 1])
    swapped = data[:position] + data[position + 1] + data[position] + data[position + 2 :]
    assert mod37_2_checksum(swapped) != mod37_2_checksum(data)


@settings(max_examples=200)
@given(
    facility=st.tuples(*(st.sampled_from(c) for c in POSITION_CLASSES[:5])).map("".join),
    year=st.integers(0, 99),
    sequence=st.integers(0, 999_999),
    flags=st.sampled_from([None, "00", "01", "07", "19", "20", "59"]),
)
def test_assemble_din_round_trips_through_every_form(
    facility: str, year: int, sequence: int, flags: str | None
) -> None:
    din = assemble_din(facility, year, sequence, flags=flags)
    compact = din.code + din.check_character
    with_type3 = Din(din.code, flags=din.type3_flag)
    for text in (din.eye_readable(), compact, din.barcode_data(), with_type3.barcode_data()):
        parsed = parse_din(text)
        assert parsed == din
        assert (parsed.facility, int(parsed.year), int(parsed.sequence)) == (
            facility,
            year,
            sequence,
        )
    assert parse_din(din.barcode_data()).flags == (flags or "00")


@settings(max_examples=200)
@given(text=st.text(max_size=24))
def test_parse_din_raises_only_din_errors_on_arbitrary_text(text: str) -> None:
    try:
        din = parse_din(text)
    except DinError:
        return
    assert len(din.code) == 13
