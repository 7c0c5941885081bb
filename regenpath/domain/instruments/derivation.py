"""Derive one instrument's responses from another's (reference/instruments.md §2.1)."""

from __future__ import annotations

from collections.abc import Mapping

from regenpath.domain.instruments import hoos_jr, koos_jr, womac
from regenpath.domain.instruments._core import Responses, validate
from regenpath.domain.instruments.registry import get

# Target item → source item. §2.1: the JR forms reuse the full-form identifiers (KOOS JR from a
# full KOOS VERIFIED; HOOS JR by the same construction); KOOS → WOMAC is the §4.8 mapping.
_MAPPINGS: dict[tuple[str, str], Mapping[str, str]] = {
    ("koos", "koos-jr"): {item.id: item.id for item in koos_jr.ITEMS},
    ("hoos", "hoos-jr"): {item.id: item.id for item in hoos_jr.ITEMS},
    ("koos", "womac"): womac.FROM_KOOS,
}

# §2.1, §4.8: WOMAC licensing for derived scores is UNVERIFIED and KOOS has another recall
# period, so this pair is off unless the deployment enables it.
_NEEDS_OPT_IN = {("koos", "womac")}


def derive(
    source: str, target: str, responses: Responses, *, allow_womac: bool = False
) -> dict[str, int | None]:
    """Return `target` responses (every target item, None if unanswered) taken from `source`.

    `responses` are validated as `source` responses first (ScoringInputError). Unknown codes raise
    UnknownInstrumentError; an unsupported pair, or koos → womac without `allow_womac=True`,
    raises ValueError. The caller records the provenance ("derived from koos").
    """
    source_def = get(source)
    get(target)
    mapping = _MAPPINGS.get((source, target))
    if mapping is None:
        pairs = ", ".join(f"{a}→{b}" for a, b in _MAPPINGS)
        raise ValueError(f"derive: {source}→{target} is not supported (supported: {pairs})")
    if (source, target) in _NEEDS_OPT_IN and not allow_womac:
        raise ValueError(
            f"derive: {source}→{target} is disabled; WOMAC licensing for derived scores is "
            "unverified and KOOS uses a different recall period (reference §2.1, §4.8). "
            "Pass allow_womac=True only where the deployment enables it."
        )
    validate(source_def, responses)
    return {target_id: responses.get(source_id) for target_id, source_id in mapping.items()}
