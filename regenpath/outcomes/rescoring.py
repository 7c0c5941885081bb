"""What a rescore found: which cached scale results changed, and the counts per clinic.

Reference/instruments.md §2.6: cached scores are recomputed when `rules_version` changes. This
module compares results and collects the report; the writes are in `actions.rescore`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ScaleChange:
    """One scale whose cached result differs from the recomputed one (None: scale absent)."""

    scale: str
    old: Mapping[str, Any] | None
    new: Mapping[str, Any] | None

    @property
    def old_value(self) -> float | None:
        return None if self.old is None else self.old.get("value")

    @property
    def new_value(self) -> float | None:
        return None if self.new is None else self.new.get("value")

    def describe(self) -> str:
        """Return "pain: 41.666666666666664 → 44.44444444444444" plus what else changed.

        Values at full precision (reference §2.5: only displays round); an unscored side shows
        its reason code.
        """
        text = f"{self.scale}: {_value(self.old)} → {_value(self.new)}"
        others = sorted(
            key
            for key in set(self.old or {}) | set(self.new or {})
            if key != "value" and (self.old or {}).get(key) != (self.new or {}).get(key)
        )
        if self.old is not None and self.new is not None and others:
            text += f" ({', '.join(others)} changed)"
        return text


def _value(result: Mapping[str, Any] | None) -> str:
    if result is None:
        return "absent"
    if result.get("value") is None:
        return f"not scored ({result.get('reason_code')})"
    return repr(result["value"])


@dataclass(frozen=True)
class ResponseChange:
    """A response whose recomputed score differs from its cache."""

    uuid: str
    instrument: str
    old_rules_version: str
    scales: tuple[ScaleChange, ...]


@dataclass(frozen=True)
class ResponseFailure:
    """A stored response the current rules refuse (its cache is left as it was)."""

    uuid: str
    instrument: str
    error: str


@dataclass
class RescoreReport:
    """Counts and details of one rescore run."""

    rules_version: str
    examined: int = 0
    unchanged: int = 0
    changed: list[ResponseChange] = field(default_factory=list)
    failed: list[ResponseFailure] = field(default_factory=list)
    raced: int = 0  # rescored by another run between our read and our write
    per_clinic: dict[int, dict[str, int]] = field(default_factory=dict)

    def count(self, clinic_id: int, outcome: str) -> None:
        counts = self.per_clinic.setdefault(clinic_id, {"unchanged": 0, "changed": 0, "failed": 0})
        counts[outcome] += 1


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[ScaleChange, ...]:
    """Return the scales whose result differs between two result JSONs, in the new order."""
    old_scales: Mapping[str, Any] = old.get("scales", {})
    new_scales: Mapping[str, Any] = new.get("scales", {})
    order = list(new_scales) + [s for s in old_scales if s not in new_scales]
    return tuple(
        ScaleChange(scale, old_scales.get(scale), new_scales.get(scale))
        for scale in order
        if old_scales.get(scale) != new_scales.get(scale)
    )
