"""PROMIS Short Form v1.0 Pain Interference 6a (reference/instruments.md §4.17)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, score
from regenpath.domain.instruments.promis_pi_6a import INSTRUMENT, PAIN_INTERFERENCE
from regenpath.domain.instruments.promis_tables import PROMIS_PI_6A as TABLE

CODE = "promis-pi-6a"
# §4.17, typed from the contract.
ITEMS = ("PAININ9", "PAININ22", "PAININ31", "PAININ34", "PAININ12", "PAININ36")
N = 6
RAWS = range(N, 5 * N + 1)

# §4.17 table, typed from the contract: raw 6, 7, …, 30 (9 per line).
# fmt: off
EXPECTED_T = [
    41.1, 48.6, 50.7, 52.2, 53.4, 54.5, 55.6, 56.6, 57.6,
    58.6, 59.5, 60.4, 61.2, 62.1, 63.0, 63.8, 64.8, 65.7,
    66.7, 67.6, 68.7, 69.8, 71.0, 72.6, 76.3,
]
EXPECTED_SE = [
    6.0, 2.4, 1.8, 1.6, 1.6, 1.6, 1.5, 1.5, 1.5,
    1.5, 1.5, 1.4, 1.4, 1.4, 1.5, 1.5, 1.5, 1.5,
    1.5, 1.5, 1.5, 1.5, 1.6, 2.0, 3.6,
]
# fmt: on


def _expected(column: list[float], raw: int) -> float:
    return column[raw - N]


def _spread(raw: int) -> dict[str, int | None]:
    """Return values 1–5 for ITEMS that sum to `raw` (filling the first items first)."""
    values: dict[str, int | None] = {}
    extra = raw - N
    for item in ITEMS:
        step = min(4, extra)
        values[item] = 1 + step
        extra -= step
    assert extra == 0
    return values


PI_6A_1: dict[str, int | None] = {
    "PAININ9": 3, "PAININ22": 3, "PAININ31": 2, "PAININ34": 3, "PAININ12": 4, "PAININ36": 2,
}  # fmt: skip


@pytest.mark.parametrize(
    ("responses", "expected"),
    [
        pytest.param(PI_6A_1, (17, 60.4, 1.4, ("unverified_table",)), id="promis-pi-6a-1"),
        pytest.param(
            dict.fromkeys(ITEMS, 1),
            (6, 41.1, 6.0, ("floor", "unverified_table")),
            id="promis-pi-6a-2",
        ),
    ],
)
def test_promis_pi_6a_worked_examples(
    responses: dict[str, int | None], expected: tuple[object, ...]
) -> None:
    res = score(CODE, responses).scales["pain_interference"]
    assert (res.raw, res.value, res.se, res.flags) == expected
    assert (res.reason, res.reason_code, res.missing_items) == (None, None, ())
    assert res.n_answered == res.n_required == N


def test_promis_pi_6a_3_missing_item_is_too_few_items() -> None:
    res = score(CODE, {**PI_6A_1, "PAININ36": None}).scales["pain_interference"]
    assert (res.value, res.raw, res.se, res.flags) == (None, None, None, ())
    assert res.reason_code == "too_few_items"
    assert (res.n_items, res.n_answered, res.n_required) == (N, N - 1, N)
    assert res.missing_items == ("PAININ36",)
    assert res.reason == ("PROMIS PI 6a: 5 of 6 items answered; all 6 required (missing: PAININ36)")


# --- conversion table: every row ----------------------------------------------------------------


@pytest.mark.parametrize("raw", RAWS)
def test_promis_pi_6a_every_table_row_scores_through_the_engine(raw: int) -> None:
    res = score(CODE, _spread(raw)).scales["pain_interference"]
    assert (res.raw, res.value, res.se) == (
        raw,
        _expected(EXPECTED_T, raw),
        _expected(EXPECTED_SE, raw),
    )
    edge = ("floor",) if raw == N else ("ceiling",) if raw == 5 * N else ()
    # §4.17: T and SE UNVERIFIED in every row → `unverified_table` on every result.
    assert res.flags == (*edge, "unverified_table")


def test_promis_pi_6a_table_covers_every_raw_sum_with_rising_t() -> None:
    assert list(TABLE.t) == list(TABLE.se) == list(RAWS)
    assert all(a < b for a, b in pairwise(TABLE.t[raw] for raw in RAWS))
    assert all(0 < TABLE.se[raw] < 10 for raw in RAWS)
    assert (PAIN_INTERFERENCE.low, PAIN_INTERFERENCE.high) == (TABLE.t[N], TABLE.t[5 * N])


def test_promis_pi_6a_table_tags_every_unverified_cell() -> None:
    assert sorted(TABLE.t_unverified) == list(RAWS)
    assert sorted(TABLE.se_unverified) == list(RAWS)


@pytest.mark.parametrize(
    ("raw", "t", "se"),
    [(6, "41.1", "6.0"), (17, "60.4", "1.4"), (20, "63.0", "1.5"), (30, "76.3", "3.6")],
)
def test_promis_pi_6a_table_spot_checks(raw: int, t: str, se: str) -> None:
    assert (TABLE.t[raw], TABLE.se[raw]) == (Fraction(t), Fraction(se))


# --- definitions and coding --------------------------------------------------------------------


def test_promis_pi_6a_items_are_the_contract_identifiers_and_codes() -> None:
    assert tuple(item.id for item in INSTRUMENT.items) == ITEMS
    assert PAIN_INTERFERENCE.items == tuple(item.id for item in INSTRUMENT.items)
    assert {item.codes for item in INSTRUMENT.items} == {(1, 2, 3, 4, 5)}
    assert [scale.code for scale in INSTRUMENT.scales] == ["pain_interference"]
    assert (PAIN_INTERFERENCE.higher_is, PAIN_INTERFERENCE.decimals) == ("worse", 1)


@pytest.mark.parametrize("item", ITEMS)
def test_promis_pi_6a_engine_sums_values_without_reversing(item: str) -> None:
    res = score(CODE, {**dict.fromkeys(ITEMS, 1), item: 5}).scales["pain_interference"]
    assert res.raw == N + 4
    assert res.value == _expected(EXPECTED_T, N + 4)


# --- missing items (project policy: all 6 required) -------------------------------------------


@pytest.mark.parametrize("item", ITEMS)
def test_promis_pi_6a_one_missing_item_is_too_few_items(item: str) -> None:
    res = score(CODE, {**dict.fromkeys(ITEMS, 3), item: None}).scales["pain_interference"]
    assert (res.value, res.reason_code, res.n_answered, res.n_required) == (
        None,
        "too_few_items",
        N - 1,
        N,
    )
    assert res.missing_items == (item,)


def test_promis_pi_6a_all_items_answered_scores() -> None:
    res = score(CODE, dict.fromkeys(ITEMS, 3)).scales["pain_interference"]
    assert (res.raw, res.value, res.n_answered, res.missing_items) == (
        3 * N,
        _expected(EXPECTED_T, 3 * N),
        N,
        (),
    )


def test_promis_pi_6a_empty_response_set_is_too_few_items() -> None:
    res = score(CODE, {}).scales["pain_interference"]
    assert (res.value, res.reason_code, res.n_answered) == (None, "too_few_items", 0)
    assert res.missing_items == PAIN_INTERFERENCE.items


# --- invalid input (§2.2) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("responses", "kind", "message"),
    [
        (
            {"PAININ3": 1},
            "unknown_item",
            "promis-pi-6a: unknown item 'PAININ3' (PROMIS PI 6a items are PAININ9, PAININ22, "
            "PAININ31, PAININ34, PAININ12, PAININ36)",
        ),
        ({"painin9": 1}, "unknown_item", None),
        (
            {"PAININ9": "2"},
            "wrong_type",
            "promis-pi-6a: item 'PAININ9' has a value of type str ('2'); "
            "an int response code is required",
        ),
        ({"PAININ9": 2.0}, "wrong_type", None),
        ({"PAININ9": False}, "wrong_type", None),
        ({"PAININ9": Decimal(2)}, "wrong_type", None),
        (
            {"PAININ12": 0},
            "out_of_range",
            "promis-pi-6a: item 'PAININ12' has response code 0; allowed codes are 1–5",
        ),
        ({"PAININ12": 6}, "out_of_range", None),
    ],
)
def test_promis_pi_6a_invalid_input_raises(
    responses: dict[str, object], kind: str, message: str | None
) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score(CODE, responses)  # type: ignore[arg-type]
    (error,) = caught.value.errors
    assert (caught.value.instrument, error.kind, error.item) == (CODE, kind, *responses)
    if message is not None:
        assert error.message == message


def test_promis_pi_6a_invalid_input_reports_every_error() -> None:
    bad = {**dict.fromkeys(ITEMS, 2), "PAININ22": 9, "PAININ36": "1", "X": 1}
    with pytest.raises(ScoringInputError) as caught:
        score(CODE, bad)  # type: ignore[arg-type]
    assert sorted((e.item, e.kind) for e in caught.value.errors) == [
        ("PAININ22", "out_of_range"),
        ("PAININ36", "wrong_type"),
        ("X", "unknown_item"),
    ]


# --- properties --------------------------------------------------------------------------------


def _unanswer(answers: dict[str, int], blank: set[str]) -> dict[str, int | None]:
    """Return `answers` with the `blank` items unanswered: alternately absent and None (§2.1)."""
    responses: dict[str, int | None] = dict(answers)
    for n, item in enumerate(sorted(blank)):
        if n % 2:
            responses[item] = None
        else:
            del responses[item]
    return responses


# Complete answers with up to 2 items unanswered, so that about half the examples are complete.
_RESPONSES = st.builds(
    _unanswer,
    st.fixed_dictionaries(dict.fromkeys(ITEMS, st.integers(1, 5))),
    st.sets(st.sampled_from(ITEMS), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(_RESPONSES)
def test_promis_pi_6a_value_stays_within_the_table(responses: dict[str, int | None]) -> None:
    res = score(CODE, responses).scales["pain_interference"]
    assert (res.value is not None) is all(responses.get(item) is not None for item in ITEMS)
    if res.value is not None:
        assert res.raw is not None
        assert res.raw == sum(responses[item] or 0 for item in ITEMS)
        assert float(TABLE.t[N]) <= res.value <= float(TABLE.t[5 * N])
        assert (res.value, res.se) == (float(TABLE.t[res.raw]), float(TABLE.se[res.raw]))


@settings(max_examples=200, deadline=None)
@given(_RESPONSES, st.sampled_from(ITEMS), st.integers(1, 5))
def test_promis_pi_6a_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, value: int
) -> None:
    before = score(CODE, {**responses, item: None}).scales["pain_interference"]
    after = score(CODE, {**responses, item: value}).scales["pain_interference"]
    assert before.value is None or after.value is not None
