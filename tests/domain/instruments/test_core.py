"""The shared engine machinery (reference/instruments.md §2): validation, builders, display."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from regenpath.domain.instruments._core import (
    RULES_VERSION,
    Instrument,
    Item,
    Responses,
    Scale,
    ScoreResult,
    ScoringInputError,
    answered,
    decimal_table,
    depends_on_unscored,
    describe_codes,
    describe_ids,
    display,
    lookup,
    mean_codes,
    not_administered,
    result,
    scored,
    sum_codes,
    too_few_items,
    validate,
)


def _scale(code: str = "toy", items: tuple[str, ...] = ("T1", "T2", "T3")) -> Scale:
    return Scale(
        code=code,
        label=f"Toy {code}",
        items=items,
        low=0,
        high=10,
        higher_is="worse",
        decimals=1,
        missing_rule="test",
        source="test",
        verification="project policy",
    )


def _never(responses: Responses) -> ScoreResult:
    raise NotImplementedError


TOY = Instrument(
    code="toy",
    name="Toy instrument",
    version="1",
    items=(
        Item("T1", (0, 1, 2), "first"),
        Item("T2", (0, 1, 2), "second"),
        Item("T3", (0, 1, 2), "third"),
        Item("R", (0, 10, 20), "recorded", recorded_only=True),
        Item("X", (0, 1), "choice x"),
        Item("Y", (0, 1), "choice y"),
        Item("Z", (0, 1), "choice z"),
    ),
    scales=(_scale(),),
    licence_status="test",
    text_in_repo=False,
    loinc={},
    score=_never,
    conflicts=(("X", "Y", "Z"),),
)


def _errors(responses: dict[object, object]) -> list[tuple[str, str, str]]:
    with pytest.raises(ScoringInputError) as caught:
        validate(TOY, responses)  # type: ignore[arg-type]
    assert caught.value.instrument == "toy"
    assert str(caught.value) == "; ".join(e.message for e in caught.value.errors)
    return [(e.item, e.kind, e.message) for e in caught.value.errors]


def test_validate_accepts_valid_and_unanswered_items() -> None:
    validate(TOY, {"T1": 0, "T2": None, "R": 20, "X": 1, "Y": None})


@pytest.mark.parametrize(
    ("value", "type_name"),
    [("3", "str"), (1.0, "float"), (True, "bool"), (False, "bool"), (Decimal(1), "Decimal")],
)
def test_validate_rejects_non_int_values(value: object, type_name: str) -> None:
    ((item, kind, message),) = _errors({"T1": value})
    assert (item, kind) == ("T1", "wrong_type")
    assert message == (
        f"toy: item 'T1' has a value of type {type_name} ({value!r}); "
        "an int response code is required"
    )


def test_validate_rejects_codes_outside_the_item_set() -> None:
    assert _errors({"T1": 3, "R": 5}) == [
        ("T1", "out_of_range", "toy: item 'T1' has response code 3; allowed codes are 0–2"),
        ("R", "out_of_range", "toy: item 'R' has response code 5; allowed codes are 0, 10, 20"),
    ]


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("T4", "Toy toy items are T1–T3"),
        ("Q1", "items are T1–T3, R, X, Y, Z"),
        ("t1", "items are T1–T3, R, X, Y, Z"),
        (7, "items are T1–T3, R, X, Y, Z"),
    ],
)
def test_validate_rejects_unknown_items_with_a_hint(key: object, hint: str) -> None:
    ((item, kind, message),) = _errors({key: 1})
    assert (item, kind) == (str(key), "unknown_item")
    assert message == f"toy: unknown item {key!r} ({hint})"


def test_validate_reports_unknown_items_even_when_unanswered() -> None:
    assert [kind for _, kind, _ in _errors({"T9": None})] == ["unknown_item"]


def test_validate_rejects_two_conflicting_items() -> None:
    ((item, kind, message),) = _errors({"X": 1, "Y": 0})
    assert (item, kind) == ("X", "conflict")
    assert message == "toy: items X and Y are both answered; answer exactly one of X, Y, Z"


def test_validate_rejects_three_conflicting_items() -> None:
    ((_, kind, message),) = _errors({"X": 1, "Y": 0, "Z": 1})
    assert kind == "conflict"
    assert message == "toy: items X, Y and Z are all answered; answer exactly one of X, Y, Z"


def test_validate_collects_every_error_in_input_order() -> None:
    kinds = [
        (item, kind) for item, kind, _ in _errors({"T2": 9, "T1": "1", "Q": 1, "X": 1, "Z": 1})
    ]
    assert kinds == [
        ("T2", "out_of_range"),
        ("T1", "wrong_type"),
        ("Q", "unknown_item"),
        ("X", "conflict"),
    ]


def test_instrument_emits_only_loinc_codes_tagged_verified() -> None:
    instrument = Instrument(
        **{
            **TOY.__dict__,
            "loinc": {"1-1": "VERIFIED", "2-2": "UNVERIFIED", "3-3": "VERIFIED but withheld"},
        }
    )
    assert instrument.emitted_loinc == ("1-1",)


def test_instrument_item_finds_by_identifier() -> None:
    assert TOY.item("R").recorded_only
    with pytest.raises(KeyError):
        TOY.item("nope")


@pytest.mark.parametrize(
    ("codes", "text"),
    [
        ((0, 1, 2, 3, 4), "0–4"),
        ((1, 2), "1, 2"),
        ((0,), "0"),
        ((0, 4, 7, 10), "0, 4, 7, 10"),
        ((0, 1, 3), "0, 1, 3"),
    ],
)
def test_describe_codes_compacts_only_consecutive_runs(codes: tuple[int, ...], text: str) -> None:
    assert describe_codes(codes) == text


@pytest.mark.parametrize(
    ("ids", "text"),
    [
        (("P1", "P2", "P3"), "P1–P3"),
        (("S6", "P2", "P3", "P6"), "S6, P2, P3, P6"),
        (("Q1", "Q3", "Q4", "Q5", "Q9A", "Q9B"), "Q1, Q3–Q5, Q9A, Q9B"),
        (("NRS",), "NRS"),
        ((), ""),
        (("A9", "A10", "A11"), "A9–A11"),
    ],
)
def test_describe_ids_compacts_runs_of_three_or_more(ids: tuple[str, ...], text: str) -> None:
    assert describe_ids(ids) == text


def test_answered_keeps_scale_order_and_skips_none() -> None:
    assert answered({"T3": 1, "T1": 0, "T2": None}, ("T1", "T2", "T3")) == ("T1", "T3")


def test_sum_and_mean_are_exact() -> None:
    responses = {"T1": 1, "T2": 1, "T3": None, "X": 0}
    assert sum_codes(responses, ("T1", "T2", "T3", "X")) == 2
    assert mean_codes(responses, ("T1", "T2", "T3", "X")) == Fraction(2, 3)


def test_mean_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError, match="no answered items"):
        mean_codes({"T1": None}, ("T1",))


def test_decimal_table_is_exact_and_lookup_never_extrapolates() -> None:
    table = decimal_table(4, ["91.975", "0.1"])
    assert lookup(table, 4) == Fraction(91975, 1000)
    assert lookup(table, 5) == Fraction(1, 10)
    with pytest.raises(LookupError, match="raw sum 6"):
        lookup(table, 6)


def test_scored_converts_once_and_flags_partial_first() -> None:
    res = scored(
        _scale(),
        Fraction(17, 3),
        ("T1", "T3"),
        2,
        flags=("floor", "partial"),
        raw=5,
        se=Fraction(1, 3),
    )
    assert res.value == 17 / 3
    assert res.se == 1 / 3
    assert (res.n_items, res.n_answered, res.n_required) == (3, 2, 2)
    assert res.missing_items == ("T2",)
    assert res.flags == ("partial", "floor")
    assert (res.reason, res.reason_code, res.raw, res.interpretation) == (None, None, 5, None)


def test_scored_without_missing_items_is_not_partial() -> None:
    res = scored(_scale(), 10, ("T1", "T2", "T3"), 3, interpretation="band")
    assert (res.value, res.flags, res.se, res.interpretation) == (10.0, (), None, "band")


@pytest.mark.parametrize("value", [Fraction(-1, 100), Fraction(1001, 100)])
def test_scored_refuses_values_outside_the_scale_range(value: Fraction) -> None:
    with pytest.raises(ValueError, match="outside"):
        scored(_scale(), value, ("T1",), 1)


def test_scored_allows_an_open_upper_bound() -> None:
    scale = Scale(**{**_scale().__dict__, "high": None})
    assert scored(scale, 1000, ("T1",), 1).value == 1000.0


def test_builders_refuse_identifiers_outside_the_scale() -> None:
    with pytest.raises(ValueError, match="not items of the scale"):
        too_few_items(_scale(), ("T1", "Q"), 3)


def test_too_few_items_uses_the_minimum_template() -> None:
    res = too_few_items(_scale(), ("T2",), 2)
    assert res.reason == "Toy toy: 1 of 3 items answered; at least 2 required"
    assert (res.value, res.reason_code, res.n_answered, res.n_required) == (
        None,
        "too_few_items",
        1,
        2,
    )
    assert res.missing_items == ("T1", "T3")
    assert (res.flags, res.raw, res.se, res.interpretation) == ((), None, None, None)


def test_too_few_items_uses_the_all_items_template_when_all_are_required() -> None:
    res = too_few_items(_scale(), ("T2",), 3)
    assert res.reason == "Toy toy: 1 of 3 items answered; all 3 required (missing: T1, T3)"


def test_too_few_items_template_can_be_forced() -> None:
    assert too_few_items(_scale(), (), 3, all_required=False).reason == (
        "Toy toy: 0 of 3 items answered; at least 3 required"
    )
    assert too_few_items(_scale(), (), 2, all_required=True).reason == (
        "Toy toy: 0 of 3 items answered; all 3 required (missing: T1, T2, T3)"
    )


def test_not_administered_defaults_to_all_items_required() -> None:
    res = not_administered(_scale())
    assert res.reason == "Toy toy: module not administered (no items answered)"
    assert (res.reason_code, res.n_answered, res.n_required) == ("not_administered", 0, 3)
    assert res.missing_items == ("T1", "T2", "T3")
    assert not_administered(_scale(), 2).n_required == 2


def test_depends_on_unscored_names_every_component() -> None:
    one = depends_on_unscored(_scale(), ["A"], ("T1",))
    two = depends_on_unscored(_scale(), ["A", "B", "C"], ("T1", "T2", "T3"), 5)
    assert one.reason == "Toy toy: not scored because A not scored"
    assert two.reason == "Toy toy: not scored because A, B and C not scored"
    assert (one.reason_code, one.n_required, one.n_answered) == ("depends_on_unscored", None, 1)
    assert (two.n_required, two.missing_items) == (5, ())


def test_result_to_dict_has_the_contract_shape() -> None:
    first, second = _scale("b"), _scale("a")
    res = result(
        "toy", [(first, too_few_items(first, (), 2)), (second, scored(second, 1, ("T1",), 1))]
    )
    data = res.to_dict()
    assert list(data) == ["instrument", "rules_version", "scales"]
    assert data["instrument"] == "toy"
    assert data["rules_version"] == RULES_VERSION == "prom-rules-1"
    assert list(data["scales"]) == ["b", "a"]
    assert list(data["scales"]["a"]) == [
        "value",
        "reason",
        "reason_code",
        "n_items",
        "n_answered",
        "n_required",
        "missing_items",
        "raw",
        "se",
        "interpretation",
        "flags",
    ]
    assert data["scales"]["a"]["missing_items"] == ["T2", "T3"]
    assert data["scales"]["a"]["flags"] == ["partial"]
    assert type(data["scales"]["a"]["value"]) is float


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (0.5, 0, "1"),
        (2.5, 0, "3"),
        (17 / 3, 0, "6"),
        (320 / 9, 1, "35.6"),
        (0.125, 2, "0.13"),
        (1.005, 2, "1.01"),  # float 1.005 is below 1.005, but repr is "1.005": half-up on repr
        (41.666666666666664, 1, "41.7"),
        (45.0, 1, "45.0"),
        (-0.5, 0, "-1"),
    ],
)
def test_display_rounds_half_up_on_the_decimal_representation(
    value: float, decimals: int, text: str
) -> None:
    assert display(value, decimals) == text


def test_validate_unknown_item_hint_names_only_answerable_items() -> None:
    from regenpath.domain.instruments import ScoringInputError, score

    with pytest.raises(ScoringInputError) as caught:
        score("visa-a", {"Q8": 3})
    message = caught.value.errors[0].message
    assert "Q8A" in message and "Q8C" in message
    assert "Q1–Q8)" not in message
