"""derive() (reference/instruments.md §2.1, §4.8): JR forms and the opt-in KOOS → WOMAC mapping."""

from __future__ import annotations

import pytest

from regenpath.domain.instruments import (
    ScoringInputError,
    UnknownInstrumentError,
    derive,
    score,
)


def _seq(prefix: str, codes: list[int]) -> dict[str, int | None]:
    return {f"{prefix}{n}": code for n, code in enumerate(codes, start=1)}


KOOS_2 = {
    **_seq("S", [1, 1, 0, 1, 2, 2, 1]),
    **_seq("P", [1, 2, 1, 1, 2, 2, 0, 1, 1]),
    **_seq("A", [1, 1, 0, 0, 2, 0, 1, 1, 2, 0, 1, 0, 1, 0, 1, 2, 0]),
    **_seq("SP", [3, 2, 2, 3, 4]),
    **_seq("Q", [3, 2, 2, 2]),
}
HOOS_2 = {
    **_seq("S", [1, 2, 2, 1, 1]),
    **_seq("P", [3, 1, 2, 1, 2, 1, 1, 1, 2, 2]),
    **_seq("A", [2, 2, 1, 1, 2, 1, 1, 1, 2, 1, 2, 1, 2, 1, 1, 3, 1]),
    **_seq("SP", [3, 3, 2, 2]),
    **_seq("Q", [3, 2, 2, 2]),
}


def test_derive_koos_jr_3_from_koos_2() -> None:
    derived = derive("koos", "koos-jr", KOOS_2)
    assert derived == {"S6": 2, "P2": 2, "P3": 1, "P6": 2, "P9": 1, "A3": 0, "A5": 2}
    res = score("koos-jr", derived).scales["koos_jr"]
    assert (res.raw, res.value) == (10, 61.583)


def test_derive_hoos_jr_2_from_hoos_2() -> None:
    derived = derive("hoos", "hoos-jr", HOOS_2)
    assert derived == {"P5": 2, "P10": 2, "A3": 1, "A5": 2, "A12": 1, "A14": 1}
    res = score("hoos-jr", derived).scales["hoos_jr"]
    assert (res.raw, res.value) == (9, 61.815)


def test_derive_womac_3_from_koos_2_when_enabled() -> None:
    derived = derive("koos", "womac", KOOS_2, allow_womac=True)
    assert [derived[f"WP{n}"] for n in range(1, 6)] == [2, 2, 0, 1, 1]
    assert (derived["WS1"], derived["WS2"]) == (2, 1)
    assert [derived[f"WF{n}"] for n in range(1, 18)] == [KOOS_2[f"A{n}"] for n in range(1, 18)]
    values = {code: res.value for code, res in score("womac", derived).scales.items()}
    assert values == {"pain": 6.0, "stiffness": 3.0, "physical_function": 13.0, "total": 22.0}


def test_derive_koos_to_womac_is_disabled_by_default() -> None:
    with pytest.raises(ValueError, match="disabled") as caught:
        derive("koos", "womac", KOOS_2)
    assert "allow_womac=True" in str(caught.value)


def test_derive_keeps_unanswered_items_as_none() -> None:
    derived = derive("koos", "koos-jr", {"P6": 3, "A3": None})
    assert derived == {
        "S6": None,
        "P2": None,
        "P3": None,
        "P6": 3,
        "P9": None,
        "A3": None,
        "A5": None,
    }
    assert score("koos-jr", derived).scales["koos_jr"].missing_items == (
        "S6",
        "P2",
        "P3",
        "P9",
        "A3",
        "A5",
    )


def test_derive_validates_the_source_responses() -> None:
    with pytest.raises(ScoringInputError) as caught:
        derive("koos", "koos-jr", {"P6": 5, "P10": 1})
    assert caught.value.instrument == "koos"
    assert [(e.item, e.kind) for e in caught.value.errors] == [
        ("P6", "out_of_range"),
        ("P10", "unknown_item"),
    ]


@pytest.mark.parametrize(
    ("source", "target"),
    [("hoos", "womac"), ("koos-jr", "koos"), ("hoos", "koos-jr"), ("koos", "hoos-jr")],
)
def test_derive_refuses_unsupported_pairs(source: str, target: str) -> None:
    with pytest.raises(ValueError, match="not supported") as caught:
        derive(source, target, {}, allow_womac=True)
    assert not isinstance(caught.value, UnknownInstrumentError)


@pytest.mark.parametrize(("source", "target"), [("kos", "koos-jr"), ("koos", "koos-ps")])
def test_derive_refuses_unknown_instruments(source: str, target: str) -> None:
    with pytest.raises(UnknownInstrumentError):
        derive(source, target, {})
