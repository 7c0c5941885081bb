"""Informed consent: plain-language documents per condition and cell source, and their hash.

Public API: `consent_document(condition_code, cell_source) -> ConsentDocument`,
`document_hash(doc) -> str`, `ConsentDocument`, `Section`, `CONSENT_VERSION`.
"""

from __future__ import annotations

from regenpath.domain.consent.document import (
    CONSENT_VERSION,
    ConsentDocument,
    Section,
    consent_document,
    document_hash,
)

__all__ = ["CONSENT_VERSION", "ConsentDocument", "Section", "consent_document", "document_hash"]
