"""Check every audit chain against its hashes and its recorded head."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from regenpath.audit.models import AuditChainHead, AuditEvent
from regenpath.domain.auditchain import BrokenLink, ChainedEvent, first_broken_link


@dataclass(frozen=True)
class ChainReport:
    chain: int
    events: int
    broken: BrokenLink | None


def _events(chain: int) -> Iterator[ChainedEvent]:
    rows = AuditEvent.objects.filter(chain=chain).order_by("seq")
    for row in rows.iterator(chunk_size=2000):
        yield ChainedEvent(row.pk, row.seq, row.content(), row.prev_hash, row.hash)


def verify_all() -> list[ChainReport]:
    """Return one report per chain, streaming the events in sequence order."""
    heads = {h.chain: h for h in AuditChainHead.objects.all()}
    chains = sorted(set(heads) | set(AuditEvent.objects.values_list("chain", flat=True).distinct()))
    reports = []
    for chain in chains:
        head = heads.get(chain)
        count = AuditEvent.objects.filter(chain=chain).count()
        broken = first_broken_link(
            _events(chain),
            head_seq=head.seq if head else None,
            head_hash=head.hash if head else None,
        )
        if head is None and broken is None:
            broken = BrokenLink(None, 0, "the chain has events but no recorded head")
        reports.append(ChainReport(chain, count, broken))
    return reports
