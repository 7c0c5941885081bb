"""KOOS 2012 scoring (reference/instruments.md §4.4): worked examples, missing rule, errors."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import ScoringInputError, score
from regenpath.domain.instruments.koos import INSTRUMENT, SCALES

# Identifiers from §4.4, not from the module under test.
SUBSCALE_ITEMS = {
    "pain": tuple(f"P{n}" for n in range(1, 10)),
    "symptoms": tuple(f"S{n}" for n in range(1, 8)),
    "adl": tuple(f"A{n}" for n in range(1, 18)),
    "sport_rec": tuple(f"SP{n}" for n in range(1, 6)),
    "qol": tuple(f"Q{n}" for n in range(1, 5)),
}


def _answers(scale: str, codes: list[int]) -> dict[str, int | None]:
    return dict(zip(SUBSCALE_ITEMS[scale], codes, strict=True))


KOOS_1 = {
    **_answers("pain", [3, 2, 1, 2, 3, 4, 1, 2, 3]),
    **_answers("symptoms", [2, 3, 1, 4, 2, 1, 3]),
    **_answers("adl", [2, 3, 1, 2, 4, 1, 3, 2, 3, 1, 2, 3, 4, 1, 2, 3, 2]),
    **_answers("sport_rec", [3, 4, 3, 2, 4]),
    **_answers("qol", [3, 2, 3, 2]),
}
KOOS_2 = {
    **_answers("symptoms", [1, 1, 0, 1, 2, 2, 1]),
    **_answers("pain", [1, 2, 1, 1, 2, 2, 0, 1, 1]),
    **_answers("adl", [1, 1, 0, 0, 2, 0, 1, 1, 2, 0, 1, 0, 1, 0, 1, 2, 0]),
    **_answers("sport_rec", [3, 2, 2, 3, 4]),
    **_answers("qol", [3, 2, 2, 2]),
}


def _close(actual: float | None, expected: Fraction) -> bool:
    return actual is not None and math.isclose(actual, float(expected), rel_tol=0, abs_tol=1e-9)


@pytest.mark.parametrize(
    ("example", "responses", "expected"),
    [
        (
            "koos-1",
            KOOS_1,
            {
                "pain": Fraction(125, 3),
                "symptoms": Fraction(300, 7),
                "adl": Fraction(725, 17),
                "sport_rec": Fraction(20),
                "qol": Fraction(75, 2),
            },
        ),
        (
            "koos-2",
            KOOS_2,
            {
                "pain": Fraction(625, 9),
                "symptoms": Fraction(500, 7),
                "adl": Fraction(1375, 17),
                "sport_rec": Fraction(30),
                "qol": Fraction(175, 4),
            },
        ),
    ],
)
def test_koos_worked_examples_complete(
    example: str, responses: dict[str, int | None], expected: dict[str, Fraction]
) -> None:
    scales = score("koos", responses).scales
    assert list(scales) == ["pain", "symptoms", "adl", "sport_rec", "qol"], example
    for code, value in expected.items():
        assert _close(scales[code].value, value), (example, code)
        assert scales[code].flags == ()
        assert scales[code].n_answered == scales[code].n_items


def test_koos_1_pain_is_the_contract_float() -> None:
    # §2.3 prints this exact float for koos-1 pain.
    assert score("koos", KOOS_1).to_dict()["scales"]["pain"]["value"] == 41.666666666666664


@pytest.mark.parametrize(
    ("responses", "scale", "expected"),
    [
        ({"P1": 2, "P3": 3, "P5": 2, "P7": 1, "P9": 2}, "pain", Fraction(50)),
        ({"S1": 1, "S5": 2, "S6": 3, "S7": 2}, "symptoms", Fraction(50)),
        ({"SP1": 4, "SP2": 4, "SP5": 3}, "sport_rec", Fraction(25, 3)),
        ({f"A{n}": 1 for n in range(1, 10)}, "adl", Fraction(75)),
        ({"Q1": 0, "Q4": 3}, "qol", Fraction(125, 2)),
    ],
    ids=["koos-3-pain-5", "koos-3-symptoms-4", "koos-3-sport-3", "koos-3-adl-9", "qol-2"],
)
def test_koos_3_partial_scores_at_the_boundary(
    responses: dict[str, int | None], scale: str, expected: Fraction
) -> None:
    res = score("koos", responses).scales[scale]
    assert _close(res.value, expected)
    assert res.flags == ("partial",)
    assert res.n_answered == res.n_required


@pytest.mark.parametrize(
    ("responses", "scale", "n_answered", "n_required", "reason"),
    [
        (
            {"P1": 2, "P3": 3, "P5": 2, "P7": 1},
            "pain",
            4,
            5,
            "KOOS pain: 4 of 9 items answered; at least 5 required",
        ),
        ({"S1": 1, "S5": 2, "S6": 3}, "symptoms", 3, 4, None),
        ({"SP1": 4, "SP2": 4}, "sport_rec", 2, 3, None),
        ({"Q4": 3}, "qol", 1, 2, None),
        ({f"A{n}": 1 for n in range(1, 9)}, "adl", 8, 9, None),
    ],
    ids=["koos-3-pain-4", "symptoms-3", "sport-2", "koos-3-qol-1", "koos-3-adl-8"],
)
def test_koos_3_one_fewer_is_too_few_items(
    responses: dict[str, int | None],
    scale: str,
    n_answered: int,
    n_required: int,
    reason: str | None,
) -> None:
    res = score("koos", responses).scales[scale]
    assert res.value is None
    assert res.reason_code == "too_few_items"
    assert (res.n_answered, res.n_required) == (n_answered, n_required)
    assert res.missing_items == tuple(i for i in SUBSCALE_ITEMS[scale] if i not in responses)
    if reason is not None:
        assert res.reason == reason


def test_koos_subscales_are_independent() -> None:
    scales = score("koos", {"P1": 2, "P2": 2, "P3": 2, "P4": 2, "P5": 2}).scales
    assert scales["pain"].value == 50.0
    assert all(scales[c].value is None for c in ("symptoms", "adl", "sport_rec", "qol"))


def test_koos_none_counts_as_unanswered() -> None:
    res = score("koos", {**KOOS_2, "P7": None}).scales["pain"]
    assert res.missing_items == ("P7",)
    assert res.flags == ("partial",)
    assert _close(res.value, 100 - 25 * Fraction(11, 8))


@pytest.mark.parametrize("code", [0, 4])
def test_koos_extremes_score_the_ends_of_the_range(code: int) -> None:
    scales = score("koos", {item.id: code for item in INSTRUMENT.items}).scales
    assert {res.value for res in scales.values()} == {100.0 - 25 * code}


@pytest.mark.parametrize(
    ("responses", "kind", "message"),
    [
        ({"P10": 1}, "unknown_item", "koos: unknown item 'P10' (KOOS pain items are P1–P9)"),
        (
            {"P3": "3"},
            "wrong_type",
            "koos: item 'P3' has a value of type str ('3'); an int response code is required",
        ),
        ({"P3": 3.0}, "wrong_type", None),
        ({"P3": True}, "wrong_type", None),
        ({"P3": Decimal(3)}, "wrong_type", None),
        ({"P3": 5}, "out_of_range", "koos: item 'P3' has response code 5; allowed codes are 0–4"),
        ({"P3": -1}, "out_of_range", None),
    ],
)
def test_koos_invalid_input_raises(responses: dict[str, object], kind: str, message: str) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("koos", responses)  # type: ignore[arg-type]
    (error,) = caught.value.errors
    assert caught.value.instrument == "koos"
    assert error.kind == kind
    assert error.item in responses
    if message is not None:
        assert error.message == message


def test_koos_invalid_input_reports_every_error() -> None:
    with pytest.raises(ScoringInputError) as caught:
        score("koos", {**KOOS_2, "P1": 7, "X": 1, "Q2": "2"})  # type: ignore[dict-item]
    assert [(e.item, e.kind) for e in caught.value.errors] == [
        ("P1", "out_of_range"),
        ("Q2", "wrong_type"),
        ("X", "unknown_item"),
    ]


_RESPONSES = st.dictionaries(
    st.sampled_from([item.id for item in INSTRUMENT.items]),
    st.one_of(st.none(), st.integers(0, 4)),
)


@settings(max_examples=100, deadline=None)
@given(_RESPONSES)
def test_koos_values_stay_within_0_100(responses: dict[str, int | None]) -> None:
    for res in score("koos", responses).scales.values():
        assert res.value is None or 0 <= res.value <= 100
        assert (res.value is None) == (res.n_answered < (res.n_required or 0))


@settings(max_examples=100, deadline=None)
@given(_RESPONSES, st.sampled_from([item.id for item in INSTRUMENT.items]), st.integers(0, 4))
def test_koos_one_more_answer_never_unscores(
    responses: dict[str, int | None], item: str, code: int
) -> None:
    before = score("koos", {**responses, item: None}).scales
    after = score("koos", {**responses, item: code}).scales
    for scale, res in before.items():
        assert res.value is None or after[scale].value is not None


def test_koos_registry_rows_match_section_3() -> None:
    rows = [(s.code, len(s.items), s.low, s.high, s.higher_is, s.decimals) for s in SCALES]
    assert rows == [
        ("pain", 9, 0, 100, "better", 1),
        ("symptoms", 7, 0, 100, "better", 1),
        ("adl", 17, 0, 100, "better", 1),
        ("sport_rec", 5, 0, 100, "better", 1),
        ("qol", 4, 0, 100, "better", 1),
    ]
    # §4.4 official form order: S1–S7, P1–P9, A1–A17, SP1–SP5, Q1–Q4.
    assert [item.id for item in INSTRUMENT.items] == [
        *SUBSCALE_ITEMS["symptoms"],
        *SUBSCALE_ITEMS["pain"],
        *SUBSCALE_ITEMS["adl"],
        *SUBSCALE_ITEMS["sport_rec"],
        *SUBSCALE_ITEMS["qol"],
    ]
    # §4.4 LOINC (CMS66v10, VERIFIED).
    assert INSTRUMENT.loinc == dict.fromkeys(
        ["72102-7", "72101-9", "72100-1", "72099-5", "72098-7"], "VERIFIED"
    )
