"""Text packs (reference/instruments.md §1.3): validation, label fallback, licence status.

Packs are built here with placeholder strings ("text for P1"); never real instrument wording.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import REGISTRY, UnknownInstrumentError, get
from regenpath.domain.instruments.textpack import (
    FORMAT,
    Licence,
    TextPack,
    TextPackError,
    item_label,
    licence_for,
    licence_required,
    licence_status,
    option_label,
    parse_text_pack,
)

TODAY = date(2026, 6, 1)


def make_pack(code: str = "koos", items: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    """Return a valid pack object for `code` covering `items` (all items by default)."""
    instrument = get(code)
    chosen = [item.id for item in instrument.items] if items is None else items
    pack: dict[str, Any] = {
        "format": FORMAT,
        "instrument": code,
        "instrument_version": "placeholder version",
        "language": "en-US",
        "licence": {"holder": "placeholder holder", "reference": "LIC-1", "expires": "2026-12-31"},
        "title": "placeholder title",
        "instructions": "placeholder instructions",
        "items": {
            item_id: {
                "text": f"text for {item_id}",
                "options": {
                    str(c): f"option {c} for {item_id}" for c in instrument.item(item_id).codes
                },
            }
            for item_id in chosen
        },
    }
    pack.update(extra)
    return pack


def problems_of(data: str | dict[str, Any]) -> list[str]:
    with pytest.raises(TextPackError) as caught:
        parse_text_pack(json.dumps(data) if isinstance(data, dict) else data)
    return caught.value.problems


# --- a valid pack ------------------------------------------------------------------------------


def test_parse_text_pack_accepts_a_valid_pack() -> None:
    pack = parse_text_pack(json.dumps(make_pack()))
    assert pack.instrument == "koos"
    assert pack.instrument_version == "placeholder version"
    assert pack.language == "en-US"
    assert pack.title == "placeholder title"
    assert pack.instructions == "placeholder instructions"
    assert pack.licence == Licence("placeholder holder", "LIC-1", date(2026, 12, 31))
    assert list(pack.items) == [item.id for item in get("koos").items]
    assert pack.items["P1"].text == "text for P1"
    assert dict(pack.items["P1"].options) == {c: f"option {c} for P1" for c in range(5)}


def test_parse_text_pack_accepts_a_parsed_object() -> None:
    assert parse_text_pack(make_pack("peg")).instrument == "peg"


def test_parse_text_pack_keeps_instrument_item_order_whatever_the_file_order() -> None:
    pack = parse_text_pack(make_pack("koos", items=["Q4", "S1", "P9"]))
    assert list(pack.items) == ["S1", "P9", "Q4"]


def test_parse_text_pack_accepts_optional_blocks_absent() -> None:
    data = make_pack("koos", items=["P1"])
    for key in ("licence", "title", "instructions"):
        del data[key]
    pack = parse_text_pack(data)
    assert (pack.licence, pack.title, pack.instructions) == (None, None, None)


def test_parse_text_pack_accepts_recorded_only_items() -> None:
    # bpi-sf Q8 is recorded-only with codes 0, 10, …, 100 (§4.3).
    pack = parse_text_pack(make_pack("bpi-sf", items=["Q8"]))
    assert list(pack.items["Q8"].options) == list(range(0, 101, 10))


def test_parse_text_pack_accepts_empty_option_labels() -> None:
    data = make_pack("nrs-pain")
    data["items"]["NRS"]["options"]["5"] = ""
    assert parse_text_pack(data).items["NRS"].options[5] == ""


# --- every error ---------------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(path: tuple[str, ...], value: object) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(path: tuple[str, ...]) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


ERRORS: list[tuple[str, Mutation, str]] = [
    ("format-missing", _delete(("format",)), "koos text pack: 'format' is missing"),
    (
        "format-wrong",
        _set(("format",), "regenpath-textpack/2"),
        "koos text pack: format is 'regenpath-textpack/2'; expected 'regenpath-textpack/1'",
    ),
    ("instrument-missing", _delete(("instrument",)), "text pack: 'instrument' is missing"),
    (
        "instrument-not-string",
        _set(("instrument",), 7),
        "text pack: 'instrument' must be a string, not a number",
    ),
    (
        "instrument-unknown",
        _set(("instrument",), "kooz"),
        "kooz text pack: unknown instrument 'kooz'",
    ),
    (
        "version-missing",
        _delete(("instrument_version",)),
        "koos text pack: 'instrument_version' is missing",
    ),
    (
        "version-empty",
        _set(("instrument_version",), " "),
        "koos text pack: 'instrument_version' must be a non-empty string, not ' '",
    ),
    ("language-missing", _delete(("language",)), "koos text pack: 'language' is missing"),
    (
        "language-not-a-tag",
        _set(("language",), "en_US"),
        "koos text pack: language 'en_US' is not a language tag such as 'en-US'",
    ),
    (
        "language-not-string",
        _set(("language",), None),
        "koos text pack: 'language' must be a non-empty string, not null",
    ),
    (
        "unknown-top-level-key",
        _set(("licnese",), {}),
        "koos text pack: unknown key 'licnese' (allowed keys are format, instrument, ",
    ),
    (
        "instrument-boolean",
        _set(("instrument",), True),
        "text pack: 'instrument' must be a string, not a boolean",
    ),
    (
        "instructions-object",
        _set(("instructions",), {}),
        "koos text pack: 'instructions' must be a non-empty string, not an object",
    ),
    (
        "title-not-string",
        _set(("title",), ["x"]),
        "koos text pack: 'title' must be a non-empty string, not an array",
    ),
    (
        "licence-not-object",
        _set(("licence",), "LIC-1"),
        "koos text pack: licence must be an object with holder, reference and expires, not a "
        "string",
    ),
    (
        "licence-holder-missing",
        _delete(("licence", "holder")),
        "koos text pack: licence 'holder' is missing",
    ),
    (
        "licence-reference-missing",
        _delete(("licence", "reference")),
        "koos text pack: licence 'reference' is missing",
    ),
    (
        "licence-expires-missing",
        _delete(("licence", "expires")),
        "koos text pack: licence 'expires' is missing",
    ),
    (
        "licence-holder-empty",
        _set(("licence", "holder"), ""),
        "koos text pack: licence 'holder' must be a non-empty string, not ''",
    ),
    (
        "licence-reference-not-string",
        _set(("licence", "reference"), 12345),
        "koos text pack: licence 'reference' must be a non-empty string, not a number",
    ),
    (
        "licence-unknown-key",
        _set(("licence", "seats"), 3),
        "koos text pack: licence has unknown key 'seats' (allowed: holder, reference, expires)",
    ),
    (
        "licence-expires-not-a-date",
        _set(("licence", "expires"), "2026-13-01"),
        "koos text pack: licence 'expires' is '2026-13-01'; an ISO date YYYY-MM-DD is required",
    ),
    (
        "licence-expires-not-iso",
        _set(("licence", "expires"), "31/12/2026"),
        "koos text pack: licence 'expires' is '31/12/2026'; an ISO date YYYY-MM-DD is required",
    ),
    (
        "licence-expires-compact",
        _set(("licence", "expires"), "20261231"),
        "koos text pack: licence 'expires' is '20261231'; an ISO date YYYY-MM-DD is required",
    ),
    (
        "licence-expires-number",
        _set(("licence", "expires"), 2026),
        "koos text pack: licence 'expires' is a number; an ISO date YYYY-MM-DD is required",
    ),
    (
        "items-missing",
        _delete(("items",)),
        "koos text pack: 'items' is missing",
    ),
    (
        "items-not-object",
        _set(("items",), []),
        "koos text pack: 'items' must be an object keyed by item identifier, not an array",
    ),
    (
        "item-unknown",
        _set(("items", "P10"), {"text": "text for P10", "options": {}}),
        "koos text pack: item 'P10' is not an item of koos (its items are S1–S7, P1–P9, A1–A17, "
        "SP1–SP5, Q1–Q4)",
    ),
    (
        "item-case-sensitive",
        _set(("items", "p1"), {"text": "text for p1", "options": {}}),
        "koos text pack: item 'p1' is not an item of koos",
    ),
    (
        "item-not-object",
        _set(("items", "P1"), "text for P1"),
        "koos text pack: item 'P1' must be an object with text and options, not a string",
    ),
    (
        "item-text-missing",
        _delete(("items", "P1", "text")),
        "koos text pack: item 'P1' has no 'text'",
    ),
    (
        "item-options-missing",
        _delete(("items", "P1", "options")),
        "koos text pack: item 'P1' has no 'options'",
    ),
    (
        "item-unknown-key",
        _set(("items", "P1", "help"), "help for P1"),
        "koos text pack: item 'P1' has unknown key 'help' (allowed: text, options)",
    ),
    (
        "item-text-empty",
        _set(("items", "P1", "text"), ""),
        "koos text pack: item 'P1' 'text' must be a non-empty string, not ''",
    ),
    (
        "item-options-not-object",
        _set(("items", "P1", "options"), ["a", "b"]),
        "koos text pack: item 'P1' options must be an object keyed by response code, not an array",
    ),
    (
        "option-key-not-integer",
        _set(("items", "P1", "options", "one"), "option one"),
        "koos text pack: item 'P1' has option key 'one'; option keys are response codes written as "
        "integers",
    ),
    (
        "option-key-leading-zero",
        _set(("items", "P1", "options", "01"), "option 01"),
        "koos text pack: item 'P1' has option key '01'",
    ),
    (
        "option-key-negative-zero",
        _set(("items", "P1", "options", "-0"), "option -0"),
        "koos text pack: item 'P1' has option key '-0'",
    ),
    (
        "option-label-not-string",
        _set(("items", "P1", "options", "2"), 2),
        "koos text pack: item 'P1' option 2 label must be a string, not a number",
    ),
    (
        "option-code-missing",
        _delete(("items", "P1", "options", "4")),
        "koos text pack: item 'P1' has options for codes 0–3; the allowed response codes are 0–4 "
        "(missing: 4)",
    ),
    (
        "option-code-extra",
        _set(("items", "P1", "options", "5"), "option 5"),
        "koos text pack: item 'P1' has options for codes 0–5; the allowed response codes are 0–4 "
        "(not allowed: 5)",
    ),
    (
        "options-empty",
        _set(("items", "P1", "options"), {}),
        "koos text pack: item 'P1' has options for codes none; the allowed response codes are 0–4 "
        "(missing: 0, 1, 2, 3, 4)",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [pytest.param(mutate, expected, id=name) for name, mutate, expected in ERRORS],
)
def test_parse_text_pack_rejects_each_error(mutate: Mutation, expected: str) -> None:
    data = copy.deepcopy(make_pack())
    mutate(data)
    problems = problems_of(data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems[0]


def test_parse_text_pack_rejects_codes_that_differ_for_a_non_contiguous_item() -> None:
    # visa-a Q7 allows {0, 4, 7, 10} (§4.11); a 0–3 option set is wrong in both directions.
    data = make_pack("visa-a", items=["Q7"])
    data["items"]["Q7"]["options"] = {str(c): f"option {c}" for c in range(4)}
    assert problems_of(data) == [
        "visa-a text pack: item 'Q7' has options for codes 0–3; the allowed response codes are "
        "0, 4, 7, 10 (missing: 4, 7, 10; not allowed: 1, 2, 3)"
    ]


def test_parse_text_pack_rejects_text_that_is_not_json() -> None:
    (problem,) = problems_of('{"format": "regenpath-textpack/1",}')
    assert problem.startswith("text pack: not valid JSON (")


def test_parse_text_pack_rejects_a_top_level_array() -> None:
    assert problems_of("[]") == ["text pack: the top level must be a JSON object, not an array"]


def test_parse_text_pack_rejects_duplicate_keys() -> None:
    text = json.dumps(make_pack("peg", items=["P"])).replace(
        '"items": {', '"items": {"P": {"text": "first text for P", "options": {}}, ', 1
    )
    assert problems_of(text) == ["text pack: duplicate key 'P' in a JSON object"]


def test_parse_text_pack_collects_every_problem() -> None:
    data = make_pack()
    data["language"] = "English"
    data["licence"]["expires"] = "soon"
    data["items"]["P10"] = {"text": "text for P10", "options": {}}
    del data["items"]["S4"]["options"]["0"]
    data["items"]["A1"]["text"] = ""
    problems = problems_of(data)
    assert len(problems) == 5
    assert all(problem.startswith("koos text pack: ") for problem in problems)
    for fragment in ("'English'", "'soon'", "'P10'", "'S4'", "'A1'"):
        assert any(fragment in problem for problem in problems), fragment


def test_text_pack_error_is_a_value_error_joining_its_problems() -> None:
    data = make_pack()
    data["format"] = "x"
    data["language"] = "x_y"
    with pytest.raises(ValueError, match=r"format is 'x'.*; koos text pack: language 'x_y'"):
        parse_text_pack(data)


def test_parse_text_pack_skips_item_checks_for_an_unknown_instrument() -> None:
    # The items cannot be judged without the instrument: only the instrument is reported.
    assert problems_of(make_pack("koos") | {"instrument": "kooz"}) == [
        f"kooz text pack: unknown instrument 'kooz' (known instruments are {', '.join(REGISTRY)})"
    ]


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_parse_text_pack_accepts_any_subset_of_any_instrument(data: st.DataObject) -> None:
    code = data.draw(st.sampled_from(sorted(REGISTRY)))
    ids = [item.id for item in get(code).items]
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True))
    pack = parse_text_pack(json.dumps(make_pack(code, items=chosen)))
    for item in get(code).items:
        expected = f"text for {item.id}" if item.id in chosen else item.id
        assert item_label(pack, item.id) == expected
        for c in item.codes:
            assert option_label(pack, item.id, c) == (
                f"option {c} for {item.id}" if item.id in chosen else str(c)
            )


# --- fallback labels (§1.1 rule 4) ---------------------------------------------------------------


def test_item_label_falls_back_to_the_identifier_without_a_pack() -> None:
    assert item_label(None, "PAININ31") == "PAININ31"


def test_item_label_falls_back_for_an_item_the_pack_does_not_cover() -> None:
    pack = parse_text_pack(make_pack("koos", items=["P1"]))
    assert item_label(pack, "P1") == "text for P1"
    assert item_label(pack, "P2") == "P2"


def test_option_label_falls_back_to_the_code() -> None:
    pack = parse_text_pack(make_pack("koos", items=["P1"]))
    assert option_label(None, "P1", 3) == "3"
    assert option_label(pack, "P2", 3) == "3"
    assert option_label(pack, "P1", 3) == "option 3 for P1"


def test_option_label_falls_back_to_the_code_for_an_empty_label() -> None:
    data = make_pack("nrs-pain")
    data["items"]["NRS"]["options"]["5"] = ""
    pack = parse_text_pack(data)
    assert option_label(pack, "NRS", 5) == "5"
    assert option_label(pack, "NRS", 10) == "option 10 for NRS"


# --- licences (§1.1 rule 6) ----------------------------------------------------------------------

LICENCE = Licence("placeholder holder", "LIC-1", date(2026, 12, 31))


def _pack(code: str = "koos", licence: Licence | None = LICENCE) -> TextPack:
    data = make_pack(code, items=[])
    if licence is None:
        del data["licence"]
    else:
        data["licence"]["expires"] = licence.expires.isoformat()
    return parse_text_pack(data)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(date(2026, 12, 30), LICENCE, id="before-expiry"),
        pytest.param(date(2026, 12, 31), LICENCE, id="on-expiry-day"),
        pytest.param(date(2027, 1, 1), None, id="day-after-expiry"),
    ],
)
def test_licence_for_considers_expiry(today: date, expected: Licence | None) -> None:
    assert licence_for("koos", _pack(), today) == expected
    assert licence_for("koos", LICENCE, today) == expected


def test_licence_for_is_none_without_a_licence() -> None:
    assert licence_for("koos", _pack(licence=None), TODAY) is None
    assert licence_for("koos", None, TODAY) is None


def test_licence_for_rejects_a_pack_for_another_instrument() -> None:
    with pytest.raises(ValueError, match="hoos: the text pack is for koos"):
        licence_for("hoos", _pack("koos"), TODAY)


def test_licence_for_rejects_an_unknown_instrument() -> None:
    with pytest.raises(UnknownInstrumentError):
        licence_for("kooz", None, TODAY)


def test_licence_required_for_every_instrument_but_nrs_pain() -> None:
    assert {code for code in REGISTRY if not licence_required(code)} == {"nrs-pain"}


def test_licence_status_enables_nrs_pain_without_a_licence() -> None:
    status = licence_status("nrs-pain", None, TODAY)
    assert (status.enabled, status.licence) == (True, None)
    assert status.reason == "nrs-pain: free to use; no licence needed"


def test_licence_status_disables_an_instrument_without_a_licence() -> None:
    status = licence_status("promis-29", None, TODAY)
    assert (status.enabled, status.licence) == (False, None)
    assert status.reason == "promis-29: no licence recorded; the instrument is disabled"


def test_licence_status_disables_an_instrument_with_an_expired_licence() -> None:
    status = licence_status("koos", _pack(), date(2027, 1, 1))
    assert (status.enabled, status.licence) == (False, None)
    assert status.reason == "koos: licence LIC-1 expired on 2026-12-31"


def test_licence_status_enables_a_licensed_instrument() -> None:
    status = licence_status("koos", LICENCE, TODAY)
    assert (status.enabled, status.licence) == (True, LICENCE)
    assert status.reason == "koos: licensed to placeholder holder (LIC-1) until 2026-12-31"
