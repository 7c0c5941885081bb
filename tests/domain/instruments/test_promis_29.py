"""PROMIS-29 Profile v2.1 (reference/instruments.md §4.16): examples, tables, coding, errors."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, score
from regenpath.domain.instruments.promis_29 import (
    DOMAINS,
    INSTRUMENT,
    REVERSE_PRINTED,
    value_from_position,
)
from regenpath.domain.instruments.promis_tables import PROMIS_29

# §4.16, typed from the contract (scale → items in form order).
DOMAIN_ITEMS = {
    "physical_function": ("PFA11", "PFA21", "PFA23", "PFA53"),
    "anxiety": ("EDANX01", "EDANX40", "EDANX41", "EDANX53"),
    "depression": ("EDDEP04", "EDDEP06", "EDDEP29", "EDDEP41"),
    "fatigue": ("HI7", "AN3", "FATEXP41", "FATEXP40"),
    "sleep_disturbance": ("Sleep109", "Sleep116", "Sleep20", "Sleep44"),
    "social_roles": ("SRPPER11_CaPS", "SRPPER18_CaPS", "SRPPER23_CaPS", "SRPPER46_CaPS"),
    "pain_interference": ("PAININ9", "PAININ22", "PAININ31", "PAININ34"),
}
SCALE_ORDER = [*DOMAIN_ITEMS, "pain_intensity"]
FIVE_OPTION_ITEMS = [item for items in DOMAIN_ITEMS.values() for item in items]

# §4.16 tables, typed column-wise (raw 4, 5, …, 20) independently of the row-wise module layout.
# Each string: raw 4–12, then raw 13–20.
EXPECTED_T = {
    "physical_function": "22.5 26.6 28.9 30.5 31.9 33.2 34.4 35.6 36.7 "
    "37.9 39.2 40.5 41.9 43.5 45.5 48.3 57.0",
    "anxiety": "40.3 48.0 51.2 53.7 55.8 57.7 59.5 61.4 63.4 "
    "65.3 67.3 69.3 71.2 73.3 75.4 77.9 81.6",
    "depression": "41.0 49.0 51.8 53.9 55.7 57.3 58.9 60.5 62.2 "
    "63.9 65.7 67.5 69.4 71.2 73.3 75.7 79.4",
    "fatigue": "33.7 39.7 43.1 46.0 48.6 51.0 53.1 55.1 57.0 "
    "58.8 60.7 62.7 64.6 66.7 69.0 71.6 75.8",
    "sleep_disturbance": "32.0 37.5 41.1 43.8 46.2 48.4 50.5 52.4 54.3 "
    "56.1 57.9 59.8 61.7 63.8 66.0 68.8 73.3",
    "social_roles": "27.5 31.8 34.0 35.7 37.3 38.8 40.5 42.3 44.2 "
    "46.2 48.1 50.0 51.9 53.7 55.8 58.3 64.2",
    "pain_interference": "41.6 49.6 52.0 53.9 55.6 57.1 58.5 59.9 61.2 "
    "62.5 63.8 65.2 66.6 68.0 69.7 71.6 75.6",
}
EXPECTED_SE = {
    "physical_function": "4.0 2.8 2.5 2.4 2.3 2.3 2.3 2.3 2.3 2.3 2.4 2.4 2.5 2.6 2.8 3.3 6.6",
    "anxiety": "6.1 3.6 3.1 2.8 2.7 2.6 2.6 2.6 2.6 2.7 2.7 2.7 2.7 2.7 2.7 2.9 3.7",
    "depression": "6.2 3.2 2.7 2.4 2.3 2.3 2.3 2.3 2.3 2.3 2.3 2.3 2.3 2.4 2.4 2.6 3.6",
    "fatigue": "4.9 3.1 2.7 2.6 2.5 2.5 2.4 2.4 2.3 2.3 2.3 2.4 2.4 2.4 2.5 2.7 3.9",
    "sleep_disturbance": "5.2 4.0 3.7 3.5 3.5 3.4 3.4 3.4 3.4 3.4 3.3 3.3 3.3 3.4 3.4 3.7 4.6",
    "social_roles": "4.1 2.5 2.3 2.2 2.1 2.2 2.3 2.3 2.3 2.3 2.2 2.2 2.2 2.3 2.3 2.7 5.1",
    "pain_interference": "6.1 2.5 2.0 1.9 1.9 1.9 1.8 1.8 1.8 1.8 1.8 1.8 1.8 1.8 1.9 2.1 3.7",
}
TABLE_ROWS = [(domain, raw) for domain in DOMAIN_ITEMS for raw in range(4, 21)]


def _expected(column: dict[str, str], domain: str, raw: int) -> float:
    return float(column[domain].split()[raw - 4])


def _unverified_cell(domain: str, raw: int) -> bool:
    # §4.16: PF SE column single-source; depression SE at raw 20 UNVERIFIED; every T verified.
    return domain == "physical_function" or (domain == "depression" and raw == 20)


def _spread(items: tuple[str, ...], raw: int) -> dict[str, int | None]:
    """Return values 1–5 for `items` that sum to `raw` (filling the first items first)."""
    values: dict[str, int | None] = {}
    extra = raw - len(items)
    for item in items:
        step = min(4, extra)
        values[item] = 1 + step
        extra -= step
    assert extra == 0
    return values


def _all(domain: str, value: int) -> dict[str, int | None]:
    return dict.fromkeys(DOMAIN_ITEMS[domain], value)


PROMIS_29_1: dict[str, int | None] = {
    "PFA11": 3, "PFA21": 2, "PFA23": 3, "PFA53": 4,
    "EDANX01": 2, "EDANX40": 2, "EDANX41": 1, "EDANX53": 2,
    "EDDEP04": 1, "EDDEP06": 2, "EDDEP29": 1, "EDDEP41": 1,
    "HI7": 4, "AN3": 3, "FATEXP41": 3, "FATEXP40": 3,
    "Sleep109": 3, "Sleep116": 3, "Sleep20": 2, "Sleep44": 3,
    "SRPPER11_CaPS": 2, "SRPPER18_CaPS": 3, "SRPPER23_CaPS": 2, "SRPPER46_CaPS": 2,
    "PAININ9": 4, "PAININ22": 3, "PAININ31": 4, "PAININ34": 3,
    "Global07": 7,
}  # fmt: skip

# §4.16 promis-29-1: scale → (raw, value, se, flags).
PROMIS_29_1_EXPECTED = {
    "physical_function": (12, 36.7, 2.3, ("unverified_table",)),
    "anxiety": (7, 53.7, 2.8, ()),
    "depression": (5, 49.0, 3.2, ()),
    "fatigue": (13, 58.8, 2.3, ()),
    "sleep_disturbance": (11, 52.4, 3.4, ()),
    "social_roles": (9, 38.8, 2.2, ()),
    "pain_interference": (14, 63.8, 1.8, ()),
    "pain_intensity": (None, 7.0, None, ()),
}


# --- worked examples ----------------------------------------------------------------------------


@pytest.mark.parametrize(("scale", "expected"), PROMIS_29_1_EXPECTED.items())
def test_promis_29_1_complete(scale: str, expected: tuple[object, ...]) -> None:
    res = score("promis-29", PROMIS_29_1).scales[scale]
    assert (res.raw, res.value, res.se, res.flags) == expected
    assert (res.reason, res.reason_code, res.missing_items) == (None, None, ())
    assert res.n_answered == res.n_items == res.n_required


def test_promis_29_1_scales_are_in_contract_order() -> None:
    assert list(score("promis-29", PROMIS_29_1).to_dict()["scales"]) == SCALE_ORDER


def test_promis_29_2_missing_item_unscores_only_its_domain() -> None:
    scales = score("promis-29", {**PROMIS_29_1, "PAININ34": None}).scales
    res = scales["pain_interference"]
    assert (res.value, res.raw, res.se, res.flags) == (None, None, None, ())
    assert res.reason_code == "too_few_items"
    assert (res.n_answered, res.n_required, res.missing_items) == (3, 4, ("PAININ34",))
    assert res.reason == (
        "PROMIS-29 pain interference: 3 of 4 items answered; all 4 required (missing: PAININ34)"
    )
    for scale, (raw, value, se, flags) in PROMIS_29_1_EXPECTED.items():
        if scale != "pain_interference":
            assert (scales[scale].raw, scales[scale].value, scales[scale].se) == (raw, value, se)
            assert scales[scale].flags == flags


@pytest.mark.parametrize(
    ("domain", "value", "expected"),
    [
        ("physical_function", 5, (20, 57.0, 6.6, ("ceiling", "unverified_table"))),
        ("pain_interference", 1, (4, 41.6, 6.1, ("floor",))),
    ],
    ids=["promis-29-3-pf-ceiling", "promis-29-3-pi-floor"],
)
def test_promis_29_3_extremes(domain: str, value: int, expected: tuple[object, ...]) -> None:
    res = score("promis-29", _all(domain, value)).scales[domain]
    assert (res.raw, res.value, res.se, res.flags) == expected


def test_promis_29_4_pf_uses_the_v2_table_not_v1() -> None:
    res = score("promis-29", _all("physical_function", 1)).scales["physical_function"]
    assert (res.raw, res.value, res.se, res.flags) == (4, 22.5, 4.0, ("floor", "unverified_table"))
    assert res.value != 22.9  # v1.0 PF 4a table (§4.16 "Versions")
    assert INSTRUMENT.scales[0].high == 57  # v1.0 tops out at 56.9


def test_promis_29_5_sleep109_very_good_position_becomes_value_1() -> None:
    assert value_from_position("Sleep109", 5) == 1


# --- reverse-printed items: the UI converts, the engine never reverses (§4.16) ------------------

REVERSED = [
    "PFA11", "PFA21", "PFA23", "PFA53", "Sleep109", "Sleep116",
    "SRPPER11_CaPS", "SRPPER18_CaPS", "SRPPER23_CaPS", "SRPPER46_CaPS",
]  # fmt: skip


def test_promis_29_reverse_printed_items_are_exactly_the_contract_list() -> None:
    assert sorted(REVERSE_PRINTED) == sorted(REVERSED)


@pytest.mark.parametrize("item", FIVE_OPTION_ITEMS)
def test_promis_29_position_converts_to_value(item: str) -> None:
    values = [value_from_position(item, position) for position in (1, 2, 3, 4, 5)]
    assert values == ([5, 4, 3, 2, 1] if item in REVERSED else [1, 2, 3, 4, 5])


@pytest.mark.parametrize("item", FIVE_OPTION_ITEMS)
def test_promis_29_engine_sums_values_without_reversing(item: str) -> None:
    domain = next(d for d, items in DOMAIN_ITEMS.items() if item in items)
    res = score("promis-29", {**_all(domain, 1), item: 5}).scales[domain]
    assert res.raw == 8  # a reversing engine would give 4
    assert res.value == _expected(EXPECTED_T, domain, 8)


@pytest.mark.parametrize(
    ("item", "position"),
    [("Global07", 1), ("PAININ99", 1), ("PFA11", 0), ("PFA11", 6), ("PFA11", True)],
)
def test_promis_29_position_conversion_rejects_bad_input(item: str, position: int) -> None:
    with pytest.raises(ValueError, match="promis-29"):
        value_from_position(item, position)


# --- conversion tables: every row of every column ------------------------------------------------


@pytest.mark.parametrize(("domain", "raw"), TABLE_ROWS, ids=[f"{d}-{r}" for d, r in TABLE_ROWS])
def test_promis_29_every_table_row_scores_through_the_engine(domain: str, raw: int) -> None:
    res = score("promis-29", _spread(DOMAIN_ITEMS[domain], raw)).scales[domain]
    assert res.raw == raw
    assert res.value == _expected(EXPECTED_T, domain, raw)
    assert res.se == _expected(EXPECTED_SE, domain, raw)
    assert ("unverified_table" in res.flags) is _unverified_cell(domain, raw)
    assert ("floor" in res.flags, "ceiling" in res.flags) == (raw == 4, raw == 20)


@pytest.mark.parametrize("domain", DOMAIN_ITEMS)
def test_promis_29_table_covers_raw_4_to_20_with_rising_t(domain: str) -> None:
    table = PROMIS_29[domain]
    assert list(table.t) == list(table.se) == list(range(4, 21))
    t_scores = [table.t[raw] for raw in range(4, 21)]
    assert all(a < b for a, b in pairwise(t_scores))
    assert all(0 < table.se[raw] < 10 for raw in range(4, 21))
    # Reference population mean 50: every T table straddles it except at the extremes.
    assert t_scores[0] < 50 < t_scores[-1]


@pytest.mark.parametrize(
    ("domain", "raw", "t", "se"),
    [
        ("physical_function", 4, "22.5", "4.0"),
        ("anxiety", 20, "81.6", "3.7"),
        ("depression", 20, "79.4", "3.6"),
        ("fatigue", 9, "51.0", "2.5"),
        ("sleep_disturbance", 10, "50.5", "3.4"),
        ("social_roles", 15, "50.0", "2.2"),
        ("pain_interference", 20, "75.6", "3.7"),
    ],
)
def test_promis_29_table_spot_checks(domain: str, raw: int, t: str, se: str) -> None:
    # Independently typed rows, including the two §6 known errors (PI 20 ≠ 75.8, dep SE 20 ≠ 2.6).
    assert (PROMIS_29[domain].t[raw], PROMIS_29[domain].se[raw]) == (Fraction(t), Fraction(se))


def test_promis_29_tables_tag_exactly_the_unverified_cells() -> None:
    tagged = {d: sorted(PROMIS_29[d].se_unverified) for d in DOMAIN_ITEMS}
    assert {d: raws for d, raws in tagged.items() if raws} == {
        "physical_function": list(range(4, 21)),
        "depression": [20],
    }
    assert all(not PROMIS_29[d].t_unverified for d in DOMAIN_ITEMS)


# --- definitions ---------------------------------------------------------------------------------


def test_promis_29_items_are_the_contract_identifiers_and_codes() -> None:
    assert [item.id for item in INSTRUMENT.items] == [*FIVE_OPTION_ITEMS, "Global07"]
    assert {item.codes for item in INSTRUMENT.items[:-1]} == {(1, 2, 3, 4, 5)}
    assert INSTRUMENT.item("Global07").codes == tuple(range(11))
    assert {scale.code: scale.items for scale in DOMAINS} == DOMAIN_ITEMS


def test_promis_29_scales_declare_direction_and_decimals() -> None:
    scales = {scale.code: scale for scale in INSTRUMENT.scales}
    assert [code for code, s in scales.items() if s.higher_is == "better"] == [
        "physical_function",
        "social_roles",
    ]
    assert {s.decimals for s in DOMAINS} == {1}
    assert scales["pain_intensity"].decimals == 0
    for scale in DOMAINS:
        assert (scale.low, scale.high) == (PROMIS_29[scale.code].t[4], PROMIS_29[scale.code].t[20])


def test_promis_29_emits_only_verified_raw_score_loinc_codes() -> None:
    verified = sorted(code for code, tag in INSTRUMENT.loinc.items() if tag == "VERIFIED")
    assert verified == ["71960-9", "71968-2"]
    assert "71969-1" not in INSTRUMENT.loinc


# --- missing items (project policy: all 4 required) ----------------------------------------------


@pytest.mark.parametrize("item", FIVE_OPTION_ITEMS)
def test_promis_29_three_of_four_is_too_few_items(item: str) -> None:
    domain = next(d for d, items in DOMAIN_ITEMS.items() if item in items)
    res = score("promis-29", {**_all(domain, 3), item: None}).scales[domain]
    assert (res.value, res.reason_code) == (None, "too_few_items")
    assert (res.n_items, res.n_answered, res.n_required) == (4, 3, 4)
    assert res.missing_items == (item,)


@pytest.mark.parametrize("domain", DOMAIN_ITEMS)
def test_promis_29_four_of_four_scores(domain: str) -> None:
    res = score("promis-29", _all(domain, 3)).scales[domain]
    assert (res.raw, res.value, res.n_answered) == (12, _expected(EXPECTED_T, domain, 12), 4)


def test_promis_29_empty_response_set_scores_nothing() -> None:
    scales = score("promis-29", {}).scales
    assert all(res.value is None and res.n_answered == 0 for res in scales.values())
    assert scales["anxiety"].reason == (
        "PROMIS-29 anxiety: 0 of 4 items answered; all 4 required "
        "(missing: EDANX01, EDANX40, EDANX41, EDANX53)"
    )


@pytest.mark.parametrize("value", [0, 10])
def test_promis_29_pain_intensity_is_global07_as_given(value: int) -> None:
    res = score("promis-29", {"Global07": value}).scales["pain_intensity"]
    assert (res.value, res.raw, res.se, res.flags) == (float(value), None, None, ())
    assert (res.n_items, res.n_answered, res.n_required) == (1, 1, 1)


def test_promis_29_pain_intensity_unanswered_is_too_few_items() -> None:
    res = score("promis-29", {"Global07": None}).scales["pain_intensity"]
    assert (res.value, res.reason_code, res.missing_items) == (None, "too_few_items", ("Global07",))
    assert res.reason == (
        "PROMIS-29 pain intensity: 0 of 1 items answered; all 1 required (missing: Global07)"
    )


# --- invalid input (§2.2) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("responses", "kind", "message"),
    [
        (
            {"PAININ99": 1},
            "unknown_item",
            "promis-29: unknown item 'PAININ99' (PROMIS-29 pain interference items are "
            "PAININ9, PAININ22, PAININ31, PAININ34)",
        ),
        ({"sleep109": 1}, "unknown_item", None),  # identifiers are case-sensitive
        (
            {"EDDEP04": "2"},
            "wrong_type",
            "promis-29: item 'EDDEP04' has a value of type str ('2'); "
            "an int response code is required",
        ),
        ({"HI7": 2.0}, "wrong_type", None),
        ({"HI7": True}, "wrong_type", None),
        ({"Global07": Decimal(5)}, "wrong_type", None),
        (
            {"PFA11": 0},
            "out_of_range",
            "promis-29: item 'PFA11' has response code 0; allowed codes are 1–5",
        ),
        ({"PFA11": 6}, "out_of_range", None),
        (
            {"Global07": 11},
            "out_of_range",
            "promis-29: item 'Global07' has response code 11; allowed codes are 0–10",
        ),
        ({"Global07": -1}, "out_of_range", None),
    ],
)
def test_promis_29_invalid_input_raises(
    responses: dict[str, object], kind: str, message: str | None
) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("promis-29", responses)  # type: ignore[arg-type]
    (error,) = caught.value.errors
    assert (caught.value.instrument, error.kind, error.item) == ("promis-29", kind, *responses)
    if message is not None:
        assert error.message == message


def test_promis_29_invalid_input_reports_every_error() -> None:
    bad = {**PROMIS_29_1, "Sleep20": 0, "X1": 1, "AN3": "3"}
    with pytest.raises(ScoringInputError) as caught:
        score("promis-29", bad)  # type: ignore[arg-type]
    assert [(e.item, e.kind) for e in caught.value.errors] == [
        ("AN3", "wrong_type"),
        ("Sleep20", "out_of_range"),
        ("X1", "unknown_item"),
    ]


# --- properties ----------------------------------------------------------------------------------

_ITEM_IDS = [item.id for item in INSTRUMENT.items]


def _code(item: str) -> st.SearchStrategy[int]:
    return st.integers(0, 10) if item == "Global07" else st.integers(1, 5)


def _unanswer(answers: dict[str, int], blank: set[str]) -> dict[str, int | None]:
    """Return `answers` with the `blank` items unanswered: alternately absent and None (§2.1)."""
    responses: dict[str, int | None] = dict(answers)
    for n, item in enumerate(sorted(blank)):
        if n % 2:
            responses[item] = None
        else:
            del responses[item]
    return responses


# Complete answers with up to 6 items unanswered, so that most domains are complete and some not.
_RESPONSES = st.builds(
    _unanswer,
    st.fixed_dictionaries({item: _code(item) for item in _ITEM_IDS}),
    st.sets(st.sampled_from(_ITEM_IDS), max_size=6),
)


@settings(max_examples=200, deadline=None)
@given(_RESPONSES)
def test_promis_29_values_stay_within_their_tables(responses: dict[str, int | None]) -> None:
    scales = score("promis-29", responses).scales
    for scale in INSTRUMENT.scales:
        res = scales[scale.code]
        complete = all(responses.get(item) is not None for item in scale.items)
        assert (res.value is not None) is complete
        if res.value is not None:
            assert scale.high is not None
            assert float(scale.low) <= res.value <= float(scale.high)
            if scale.code != "pain_intensity":
                table = PROMIS_29[scale.code]
                assert res.raw is not None
                assert res.raw == sum(responses[item] or 0 for item in scale.items)
                assert (res.value, res.se) == (float(table.t[res.raw]), float(table.se[res.raw]))


@settings(max_examples=200, deadline=None)
@given(_RESPONSES, st.data())
def test_promis_29_one_more_answer_never_unscores(
    responses: dict[str, int | None], data: st.DataObject
) -> None:
    item = data.draw(st.sampled_from(_ITEM_IDS))
    before = score("promis-29", {**responses, item: None}).scales
    after = score("promis-29", {**responses, item: data.draw(_code(item))}).scales
    for scale, res in before.items():
        assert res.value is None or after[scale].value is not None
