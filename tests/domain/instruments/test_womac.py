"""WOMAC LK3.1 (reference/instruments.md §4.8): sums, function substitution, composite total."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, display, get, score

PAIN = [f"WP{n}" for n in range(1, 6)]
STIFFNESS = ["WS1", "WS2"]
FUNCTION = [f"WF{n}" for n in range(1, 18)]
ALL_ITEMS = [*PAIN, *STIFFNESS, *FUNCTION]

WOMAC_1 = {
    **dict(zip(PAIN, [2, 3, 1, 1, 2], strict=True)),
    **dict(zip(STIFFNESS, [2, 1], strict=True)),
    **dict(zip(FUNCTION, [2, 3, 1, 1, 2, 1, 2, 2, 1, 1, 1, 1, 2, 1, 1, 3, 1], strict=True)),
}


def _values(responses: Mapping[str, int | None]) -> dict[str, float | None]:
    return {code: res.value for code, res in score("womac", responses).scales.items()}


def _close(actual: float | None, expected: Fraction) -> bool:
    return actual is not None and math.isclose(actual, float(expected), rel_tol=0, abs_tol=1e-9)


def test_womac_1_complete() -> None:
    scales = score("womac", WOMAC_1).scales
    assert list(scales) == ["pain", "stiffness", "physical_function", "total"]
    assert {c: r.value for c, r in scales.items()} == {
        "pain": 9.0,
        "stiffness": 3.0,
        "physical_function": 26.0,
        "total": 38.0,
    }
    assert all(res.flags == () for res in scales.values())
    total = scales["total"]
    assert (total.n_items, total.n_answered, total.n_required) == (24, 24, None)


def test_womac_2_function_substitutes_up_to_three_missing() -> None:
    scales = score("womac", {**WOMAC_1, "WF14": None, "WF15": None}).scales
    function, total = scales["physical_function"], scales["total"]
    # 24 × 17/15 = 24 + 2 × 1.6 = 27.2, exactly.
    assert _close(function.value, Fraction(136, 5))
    assert _close(total.value, Fraction(196, 5))
    assert function.flags == ("partial",) == total.flags
    assert (function.n_answered, function.n_required) == (15, 14)
    assert function.missing_items == ("WF14", "WF15") == total.missing_items
    assert display(total.value or 0.0, 1) == "39.2"


def test_womac_three_missing_function_items_still_score() -> None:
    function = score("womac", {**WOMAC_1, "WF1": None, "WF2": None, "WF3": None}).scales[
        "physical_function"
    ]
    # Answered sum 20 over 14 items → 20 × 17 / 14.
    assert _close(function.value, Fraction(170, 7))
    assert (function.n_answered, function.flags) == (14, ("partial",))


def test_womac_2b_four_missing_function_items_unscore_function_and_total() -> None:
    responses = {**WOMAC_1, "WF1": None, "WF2": None, "WF3": None, "WF4": None}
    scales = score("womac", responses).scales
    function, total = scales["physical_function"], scales["total"]
    assert function.value is None
    assert function.reason == (
        "WOMAC physical function: 13 of 17 items answered; at least 14 required"
    )
    assert (function.reason_code, function.n_answered, function.n_required) == (
        "too_few_items",
        13,
        14,
    )
    assert total.value is None
    assert total.reason_code == "depends_on_unscored"
    assert total.reason == "WOMAC total: not scored because WOMAC physical function not scored"
    assert (total.n_answered, total.n_required) == (20, None)
    assert (scales["pain"].value, scales["stiffness"].value) == (9.0, 3.0)


def test_womac_3_from_koos_2() -> None:
    # derive("koos", "womac", koos-2): WP ← P5–P9, WS ← S6, S7, WF ← A1–A17 (§4.8).
    responses = {
        **dict(zip(PAIN, [2, 2, 0, 1, 1], strict=True)),
        **dict(zip(STIFFNESS, [2, 1], strict=True)),
        **dict(zip(FUNCTION, [1, 1, 0, 0, 2, 0, 1, 1, 2, 0, 1, 0, 1, 0, 1, 2, 0], strict=True)),
    }
    assert _values(responses) == {
        "pain": 6.0,
        "stiffness": 3.0,
        "physical_function": 13.0,
        "total": 22.0,
    }


@pytest.mark.parametrize(
    ("code", "expected"),
    [(0, [0.0, 0.0, 0.0, 0.0]), (2, [10.0, 4.0, 34.0, 48.0]), (4, [20.0, 8.0, 68.0, 96.0])],
    ids=["all-0", "womac-4-all-2", "womac-4-all-4"],
)
def test_womac_4_all_items_equal(code: int, expected: list[float]) -> None:
    assert list(_values(dict.fromkeys(ALL_ITEMS, code)).values()) == expected


def test_womac_5_pain_needs_every_item() -> None:
    scales = score("womac", {**WOMAC_1, "WP3": None}).scales
    pain, total = scales["pain"], scales["total"]
    assert pain.value is None
    assert pain.reason == "WOMAC pain: 4 of 5 items answered; all 5 required (missing: WP3)"
    assert (pain.n_answered, pain.n_required, pain.missing_items) == (4, 5, ("WP3",))
    assert total.value is None
    assert total.reason == "WOMAC total: not scored because WOMAC pain not scored"


def test_womac_stiffness_needs_both_items() -> None:
    scales = score("womac", {**WOMAC_1, "WS2": None}).scales
    assert scales["stiffness"].reason == (
        "WOMAC stiffness: 1 of 2 items answered; all 2 required (missing: WS2)"
    )
    assert (scales["stiffness"].n_required, scales["total"].value) == (2, None)


def test_womac_total_names_every_unscored_subscale() -> None:
    total = score("womac", {}).scales["total"]
    assert total.reason == (
        "WOMAC total: not scored because WOMAC pain, WOMAC stiffness and WOMAC physical "
        "function not scored"
    )
    assert (total.n_answered, len(total.missing_items)) == (0, 24)


@pytest.mark.parametrize(
    ("responses", "item", "kind"),
    [
        ({"WP6": 1}, "WP6", "unknown_item"),
        ({"WF18": 1}, "WF18", "unknown_item"),
        ({"P5": 1}, "P5", "unknown_item"),
        ({"WS1": 5}, "WS1", "out_of_range"),
        ({"WS1": "1"}, "WS1", "wrong_type"),
        ({"WS1": 1.0}, "WS1", "wrong_type"),
        ({"WS1": True}, "WS1", "wrong_type"),
        ({"WS1": Decimal(1)}, "WS1", "wrong_type"),
    ],
)
def test_womac_invalid_input_raises(responses: dict[str, object], item: str, kind: str) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("womac", responses)  # type: ignore[arg-type]
    assert [(e.item, e.kind) for e in caught.value.errors] == [(item, kind)]


def test_womac_registry_rows_match_section_3() -> None:
    rows = [(s.code, len(s.items), s.low, s.high, s.higher_is) for s in get("womac").scales]
    assert rows == [
        ("pain", 5, 0, 20, "worse"),
        ("stiffness", 2, 0, 8, "worse"),
        ("physical_function", 17, 0, 68, "worse"),
        ("total", 24, 0, 96, "worse"),
    ]


_RESPONSES = st.fixed_dictionaries(
    {}, optional={i: st.one_of(st.none(), st.integers(0, 4)) for i in ALL_ITEMS}
)
_HIGH = {"pain": 20, "stiffness": 8, "physical_function": 68, "total": 96}


@settings(max_examples=100, deadline=None)
@given(_RESPONSES)
def test_womac_values_stay_in_range(responses: dict[str, int | None]) -> None:
    scales = score("womac", responses).scales
    for code, res in scales.items():
        assert res.value is None or 0 <= res.value <= _HIGH[code]
    parts = [scales[c].value for c in ("pain", "stiffness", "physical_function")]
    if scales["total"].value is not None:
        assert math.isclose(scales["total"].value, sum(v or 0.0 for v in parts), abs_tol=1e-9)
    else:
        assert None in parts


@settings(max_examples=100, deadline=None)
@given(_RESPONSES, st.sampled_from(ALL_ITEMS), st.integers(0, 4))
def test_womac_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, code: int
) -> None:
    before = _values({**responses, item: None})
    after = _values({**responses, item: code})
    for scale, value in before.items():
        assert value is None or after[scale] is not None
