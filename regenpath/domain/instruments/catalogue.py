"""Render the instrument catalogue (docs/instruments.md) from the registry, so the doc cannot drift.

Regenerate with `python -m regenpath.domain.instruments.catalogue > docs/instruments.md`;
tests/domain/instruments/test_catalogue.py fails when the committed file differs. Only item
identifiers, response codes and rule text appear, never instrument text (reference §1.1).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from regenpath.domain.instruments._core import (
    RULES_VERSION,
    Instrument,
    Scale,
    describe_codes,
    describe_ids,
)
from regenpath.domain.instruments.registry import REGISTRY

REGENERATE = "python -m regenpath.domain.instruments.catalogue > docs/instruments.md"


def render_catalogue() -> str:
    """Return the Markdown catalogue of every registered instrument, in registry order."""
    lines = [
        "# Instrument catalogue",
        "",
        "<!-- Generated from the instrument registry; do not edit. Regenerate with:",
        f"     {REGENERATE} -->",
        "",
        f"Scoring rules version `{RULES_VERSION}`: every instrument the scoring engine",
        "(`regenpath/domain/instruments/`) knows, with its scales and rules. Tags (VERIFIED,",
        "CROSS-CHECKED, UNVERIFIED, project policy) are those of the PROM reference. Item",
        "identifiers and response codes only; no instrument text is reproduced.",
        "",
        "| Code | Instrument | Version | Scales | Licence |",
        "|---|---|---|---|---|",
    ]
    for instrument in REGISTRY.values():
        scales = ", ".join(f"`{scale.code}`" for scale in instrument.scales)
        lines.append(
            f"| [`{instrument.code}`](#{instrument.code}) | {_cell(instrument.name)} | "
            f"{_cell(instrument.version)} | {scales} | {_cell(instrument.licence_status)} |"
        )
    for instrument in REGISTRY.values():
        lines += ["", *_section(instrument)]
    return "\n".join(lines) + "\n"


def _section(instrument: Instrument) -> list[str]:
    text = "bundled" if instrument.text_in_repo else "not bundled (licensed text pack)"
    lines = [
        f"## {instrument.code}",
        "",
        f"{instrument.name}.",
        "",
        f"- Version: {instrument.version}",
        f"- Licence: {instrument.licence_status}",
        f"- Item text: {text}",
        f"- Items: {_items(instrument, recorded_only=False)}",
    ]
    recorded = _items(instrument, recorded_only=True)
    if recorded:
        lines.append(f"- Recorded-only items (validated, never scored): {recorded}")
    for group in instrument.conflicts:
        lines.append(f"- Mutually exclusive: {', '.join(group)} (answer exactly one)")
    loinc = ", ".join(f"{code} ({tag})" for code, tag in instrument.loinc.items()) or "none"
    lines += [
        f"- LOINC: {loinc}",
        "",
        "| Scale | Label | Range | Higher is | Display d.p. | Missing-item rule | Source | "
        "Verification |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [_scale_row(scale) for scale in instrument.scales]
    return lines


def _items(instrument: Instrument, *, recorded_only: bool) -> str:
    """Return the items grouped by identical code sets: "S1–S7, P1–P9 (codes 0–4)"."""
    groups: dict[tuple[int, ...], list[str]] = {}
    for item in instrument.items:
        if item.recorded_only == recorded_only:
            groups.setdefault(item.codes, []).append(item.id)
    return "; ".join(
        f"{describe_ids(ids)} (codes {describe_codes(codes)})" for codes, ids in groups.items()
    )


def _scale_row(scale: Scale) -> str:
    low = _number(scale.low)
    cells = (
        f"`{scale.code}`",
        scale.label,
        f"from {low}" if scale.high is None else f"{low} to {_number(scale.high)}",
        scale.higher_is,
        str(scale.decimals),
        scale.missing_rule,
        scale.source,
        scale.verification,
    )
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _number(value: Fraction | int) -> str:
    """Return a bound as written in the reference: 100, 22.5, −1 (terminating decimals only)."""
    fraction = Fraction(value)
    text = str(Decimal(fraction.numerator) / Decimal(fraction.denominator))
    return text.replace("-", "−")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


if __name__ == "__main__":
    print(render_catalogue(), end="")
