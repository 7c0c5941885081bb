"""The PROM scoring engine: score a response set of one instrument (reference/instruments.md §2).

Public API: `score`, `derive`, `REGISTRY`, `get`, `RULES_VERSION`, the result and error types.
Instrument modules must import from `._core`, never from this package, to avoid import cycles.
"""

from __future__ import annotations

from regenpath.domain.instruments._core import (
    RULES_VERSION,
    Instrument,
    Item,
    ItemError,
    Responses,
    Scale,
    ScaleResult,
    ScoreResult,
    ScoringInputError,
    UnknownInstrumentError,
    display,
)
from regenpath.domain.instruments.derivation import derive
from regenpath.domain.instruments.registry import REGISTRY, get

__all__ = [
    "REGISTRY",
    "RULES_VERSION",
    "Instrument",
    "Item",
    "ItemError",
    "Responses",
    "Scale",
    "ScaleResult",
    "ScoreResult",
    "ScoringInputError",
    "UnknownInstrumentError",
    "derive",
    "display",
    "get",
    "score",
]


def score(instrument: str, responses: Responses) -> ScoreResult:
    """Score one response set of `instrument` (reference §2.1).

    Raises UnknownInstrumentError for an unknown code and ScoringInputError for invalid input.
    """
    return get(instrument).score(responses)
