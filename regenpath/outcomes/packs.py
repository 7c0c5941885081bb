"""The deployment's text packs, read once per change of the directory (reference §1.3).

`regenpath.textpacks.load_text_packs` reads and validates every pack; this module keeps the
result until a file in `settings.TEXTPACK_DIR` is added, removed or changed, so pages do not
re-parse JSON on every request and a new pack needs no restart.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from regenpath.domain.instrument_use import pack_for_language
from regenpath.domain.instruments.nrs_text import nrs_text_pack
from regenpath.domain.instruments.textpack import TextPack
from regenpath.textpacks import PATTERN, load_text_packs

Signature = tuple[str, tuple[tuple[str, int, int], ...]]

# Staff screens record the recall period in its own field, so the bundled item shows a neutral stem.
BUNDLED_NRS = nrs_text_pack(None)


def _signature(folder: Path) -> Signature:
    try:
        files = tuple(
            sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob(PATTERN))
        )
    except OSError:
        files = ()
    return str(folder), files


@lru_cache(maxsize=4)
def _load(signature: Signature) -> tuple[TextPack, ...]:
    return tuple(load_text_packs(signature[0]).values())


def loaded_packs() -> tuple[TextPack, ...]:
    """Return every valid text pack of the deployment (invalid ones are logged and skipped).

    The bundled English NRS-11 wording (instruments.md §4.1, free to use) is included unless the
    deployment supplies an English NRS pack of its own.
    """
    packs = _load(_signature(Path(settings.TEXTPACK_DIR)))
    if any(p.instrument == "nrs-pain" and p.language.split("-")[0] == "en" for p in packs):
        return packs
    return (*packs, BUNDLED_NRS)


def pack_for(code: str, language: str) -> TextPack | None:
    """Return the pack of `code` for `language` (exact tag, else same primary language)."""
    return pack_for_language(loaded_packs(), code, language)


def packs_by_instrument() -> dict[str, list[TextPack]]:
    """Return the loaded packs grouped by instrument code."""
    grouped: dict[str, list[TextPack]] = {}
    for pack in loaded_packs():
        grouped.setdefault(pack.instrument, []).append(pack)
    return grouped
