"""Frozen documents (signed consent PDFs) in the data folder, addressed by their SHA-256.

A document is written once under `DATA_DIR/documents/<clinic>/<kind>/`, its file name ending
in its hash, and never overwritten: a later version (a witness countersignature) is a new file,
and the old one stays, as Part 11 §11.10(e) asks that changes not obscure earlier records.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings


class DocumentTampered(Exception):
    """The stored file's SHA-256 no longer matches the hash recorded when it was frozen."""


def documents_root() -> Path:
    return Path(settings.DATA_DIR) / "documents"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(*, clinic_slug: str, kind: str, stem: str, data: bytes) -> tuple[str, str]:
    """Write `data` once and return (path relative to the documents folder, SHA-256 hex)."""
    digest = sha256_hex(data)
    relative = Path(clinic_slug) / kind / f"{stem}-{digest[:16]}.pdf"
    target = documents_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        # Write beside the target and rename, so a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    return relative.as_posix(), digest


def load(relative: str, expected_sha256: str) -> bytes:
    """Return a stored document's bytes after checking them against their recorded hash."""
    root = documents_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise DocumentTampered("The document path leaves the documents folder.")
    data = path.read_bytes()
    if sha256_hex(data) != expected_sha256:
        raise DocumentTampered(f"{relative} does not match its recorded SHA-256.")
    return data
