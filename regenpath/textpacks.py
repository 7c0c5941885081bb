"""Load the clinic's licensed text packs from a directory (the I/O shell around the domain parser).

Reference/instruments.md §1.3: one `*.textpack.json` per instrument and language, stored outside
the repository in a directory named by deployment settings. A malformed pack is logged with its
reason and skipped; the other packs keep working, and its instrument falls back to identifier
display (§1.1 rule 4).
"""

from __future__ import annotations

import logging
from pathlib import Path

from regenpath.domain.instruments.textpack import TextPack, TextPackError, parse_text_pack

logger = logging.getLogger(__name__)

PATTERN = "*.textpack.json"


def load_text_packs(directory: str | Path) -> dict[tuple[str, str], TextPack]:
    """Return the valid text packs in `directory`, keyed by (instrument, language).

    Files are read in name order; a second pack for the same instrument and language is skipped
    with a warning (the first one wins), as is any unreadable or invalid file. A missing
    directory gives no packs and a warning.
    """
    folder = Path(directory)
    if not folder.is_dir():
        logger.warning("text pack directory %s does not exist; no text packs loaded", folder)
        return {}
    packs: dict[tuple[str, str], TextPack] = {}
    sources: dict[tuple[str, str], str] = {}
    for path in sorted(folder.glob(PATTERN)):
        try:
            pack = parse_text_pack(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            logger.warning("text pack %s skipped: cannot be read (%s)", path.name, error)
            continue
        except TextPackError as error:
            logger.warning("text pack %s skipped: %s", path.name, error)
            continue
        key = (pack.instrument, pack.language)
        if key in packs:
            logger.warning(
                "text pack %s skipped: %s already supplies %s in %s",
                path.name,
                sources[key],
                pack.instrument,
                pack.language,
            )
            continue
        packs[key] = pack
        sources[key] = path.name
        logger.info("text pack %s loaded: %s in %s", path.name, pack.instrument, pack.language)
    return packs
