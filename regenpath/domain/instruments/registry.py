"""The registry of instruments: code → definition, in the order of reference §3."""

from __future__ import annotations

import importlib
import importlib.util

from regenpath.domain.instruments._core import Instrument, UnknownInstrumentError

# Reference §3 (registry summary): the 19 codes in registry order; module = code with - → _.
CODES: tuple[str, ...] = (
    "nrs-pain",
    "peg",
    "bpi-sf",
    "koos",
    "koos-jr",
    "hoos",
    "hoos-jr",
    "womac",
    "lefs",
    "quickdash",
    "visa-a",
    "odi",
    "ndi",
    "dn4",
    "paindetect",
    "promis-29",
    "promis-pi-6a",
    "promis-pi-8a",
    "pgic",
)


def module_name(code: str) -> str:
    """Return the dotted module path that defines the instrument `code`."""
    return f"{__package__}.{code.replace('-', '_')}"


def _load() -> dict[str, Instrument]:
    registry: dict[str, Instrument] = {}
    for code in CODES:
        name = module_name(code)
        # A module that does not exist yet is skipped (parallel development); any other import
        # problem propagates. The completeness test in test_registry.py fails until all exist.
        if importlib.util.find_spec(name) is None:
            continue
        instrument: Instrument = importlib.import_module(name).INSTRUMENT
        if instrument.code != code:
            raise RuntimeError(f"{name} defines {instrument.code!r}, expected {code!r}")
        registry[code] = instrument
    return registry


REGISTRY: dict[str, Instrument] = _load()


def get(code: str) -> Instrument:
    """Return the instrument registered under `code`; UnknownInstrumentError otherwise."""
    try:
        return REGISTRY[code]
    except (KeyError, TypeError):
        raise UnknownInstrumentError(
            f"unknown instrument {code!r}; known instruments are {', '.join(REGISTRY)}"
        ) from None
