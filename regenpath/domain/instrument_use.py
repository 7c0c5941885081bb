"""Whether a clinic may use an instrument, and with which text: pack choice and self-completion.

Reference/instruments.md §1.1 (licensing policy): rule 4 — without a text pack staff screens show
item identifiers and codes, and "patient self-completion screens are offered only for
instruments with text"; rule 6 — every instrument except `nrs-pain` is disabled until a licence
or permission reference is recorded (project policy). The licence judgement itself is
`textpack.licence_status`; this module combines it with the text that is available.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from regenpath.domain.instruments.registry import get
from regenpath.domain.instruments.textpack import LicenceStatus, TextPack


@dataclass(frozen=True)
class Assignment:
    """Whether an instrument may be assigned to a patient to complete alone, and why (not)."""

    allowed: bool
    reasons: tuple[str, ...]


def _primary(tag: str) -> str:
    return tag.split("-", 1)[0].casefold()


def pack_for_language(packs: Iterable[TextPack], code: str, language: str) -> TextPack | None:
    """Return the text pack of `code` best matching the BCP 47 tag `language`, or None.

    An exact tag (case-insensitive) wins; otherwise a pack of the same primary language
    ("en-US" for "en" or "en-GB"), the first by tag so the choice is stable. A pack in another
    language is never used: staff would read a translation they did not ask for.
    """
    candidates = sorted((p for p in packs if p.instrument == code), key=lambda p: p.language)
    for pack in candidates:
        if pack.language.casefold() == language.casefold():
            return pack
    for pack in candidates:
        if _primary(pack.language) == _primary(language):
            return pack
    return None


def has_patient_text(code: str, pack: TextPack | None) -> bool:
    """Return True when patients can read the instrument: text bundled (nrs-pain) or a full pack.

    A pack that leaves some items to identifier display (§1.3 allows it) is not enough for a
    patient, who cannot answer "P3".
    """
    instrument = get(code)
    if instrument.text_in_repo:
        return True
    if pack is None or pack.instrument != code:
        return False
    return all(item.id in pack.items for item in instrument.items)


def can_assign_for_self_completion(
    code: str, *, licence: LicenceStatus, pack: TextPack | None
) -> Assignment:
    """Return whether `code` may be assigned for patient self-completion, with every reason.

    Needs an enabled licence status (§1.1 rule 6; nrs-pain needs none) and patient-readable text
    in the patient's language (§1.1 rule 4): `pack` is the pack chosen for that language.
    """
    reasons: list[str] = []
    if not licence.enabled:
        reasons.append(licence.reason)
    if not has_patient_text(code, pack):
        if pack is None:
            reasons.append(
                f"{code}: no text pack in the patient's language; patients cannot answer a "
                "form that shows only item identifiers"
            )
        else:
            reasons.append(
                f"{code}: the {pack.language} text pack does not cover every item; patients "
                "cannot answer a form that shows item identifiers"
            )
    if reasons:
        return Assignment(False, tuple(reasons))
    return Assignment(True, (f"{code}: licensed (or free) and readable by the patient",))
