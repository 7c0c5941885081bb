"""Self-completion assignment and text-pack choice (reference/instruments.md §1.1 rules 4 and 6)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from regenpath.domain.instrument_use import (
    can_assign_for_self_completion,
    has_patient_text,
    pack_for_language,
)
from regenpath.domain.instruments import get
from regenpath.domain.instruments.textpack import (
    Licence,
    TextPack,
    licence_status,
    parse_text_pack,
)

TODAY = date(2026, 3, 1)
VALID = Licence("Rights holder", "L-42", date(2026, 12, 31))
EXPIRED = Licence("Rights holder", "L-41", date(2026, 2, 28))


def _pack(code: str, language: str = "en-US", *, skip: int = 0) -> TextPack:
    items = [item for item in get(code).items][skip:]
    data: dict[str, Any] = {
        "format": "regenpath-textpack/1",
        "instrument": code,
        "instrument_version": "placeholder v1",
        "language": language,
        "items": {
            item.id: {
                "text": f"placeholder {item.id}",
                "options": {str(c): "x" for c in item.codes},
            }
            for item in items
        },
    }
    return parse_text_pack(data)


@pytest.mark.parametrize(
    ("code", "licence", "pack", "allowed"),
    [
        ("nrs-pain", None, None, True),  # free and its text is bundled (§1.2)
        ("koos", VALID, "full", True),
        ("koos", None, "full", False),  # unlicensed (§1.1 rule 6)
        ("koos", EXPIRED, "full", False),
        ("koos", VALID, None, False),  # no text for the patient (§1.1 rule 4)
        ("koos", VALID, "partial", False),  # identifiers for some items
        ("koos", None, None, False),
    ],
)
def test_can_assign_for_self_completion_needs_licence_and_text(
    code: str, licence: Licence | None, pack: str | None, allowed: bool
) -> None:
    text = {"full": _pack(code), "partial": _pack(code, skip=1), None: None}[pack]
    status = licence_status(code, licence, TODAY)
    decision = can_assign_for_self_completion(code, licence=status, pack=text)
    assert decision.allowed is allowed
    assert decision.reasons


def test_can_assign_for_self_completion_gives_every_reason() -> None:
    decision = can_assign_for_self_completion(
        "odi", licence=licence_status("odi", None, TODAY), pack=None
    )
    assert decision.allowed is False
    assert len(decision.reasons) == 2
    assert "no licence recorded" in decision.reasons[0]
    assert "no text pack" in decision.reasons[1]


def test_can_assign_for_self_completion_accepts_a_pack_licence() -> None:
    pack = parse_text_pack(
        {
            **_raw("peg"),
            "licence": {"holder": "H", "reference": "R-1", "expires": "2026-06-30"},
        }
    )
    status = licence_status("peg", pack, TODAY)
    assert can_assign_for_self_completion("peg", licence=status, pack=pack).allowed


def _raw(code: str) -> dict[str, Any]:
    return {
        "format": "regenpath-textpack/1",
        "instrument": code,
        "instrument_version": "placeholder v1",
        "language": "en",
        "items": {
            item.id: {"text": "placeholder", "options": {str(c): "x" for c in item.codes}}
            for item in get(code).items
        },
    }


@pytest.mark.parametrize(
    ("languages", "wanted", "chosen"),
    [
        (["en-US", "fr"], "en-US", "en-US"),
        (["en-US", "fr"], "EN-us", "en-US"),
        (["en-US", "fr"], "en", "en-US"),
        (["en-GB", "en-US"], "en", "en-GB"),  # stable: first by tag
        (["en-GB", "en-US"], "en-US", "en-US"),  # exact beats primary language
        (["fr"], "en", None),  # never another language
        ([], "en", None),
    ],
)
def test_pack_for_language_prefers_exact_then_primary_language(
    languages: list[str], wanted: str, chosen: str | None
) -> None:
    packs = [_pack("koos", language) for language in languages] + [_pack("hoos", wanted)]
    pack = pack_for_language(packs, "koos", wanted)
    assert (pack.language if pack else None) == chosen
    assert pack is None or pack.instrument == "koos"


def test_has_patient_text_for_bundled_full_and_partial_packs() -> None:
    assert has_patient_text("nrs-pain", None)
    assert has_patient_text("lefs", _pack("lefs"))
    assert not has_patient_text("lefs", _pack("lefs", skip=2))
    assert not has_patient_text("lefs", None)
    assert not has_patient_text("lefs", _pack("koos"))
