"""The audit trail's hash chain: an event's hash covers its content and the previous hash.

Altering a stored event changes its hash; removing one leaves a gap in the sequence numbers and
a predecessor hash that no longer matches. Pure: the caller stores and fetches the events.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


def event_hash(content: dict[str, Any], prev_hash: str) -> str:
    """Return the SHA-256 hex digest of an event's canonical JSON content and the previous hash.

    `content` holds JSON-ready values only (strings, numbers, None, lists, dicts); keys are
    sorted so that a database that reorders JSON keys (PostgreSQL jsonb) verifies the same.
    """
    canonical = json.dumps(
        {"content": content, "prev": prev_hash},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainedEvent:
    """One stored event as the verifier sees it."""

    event_id: int
    seq: int
    content: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class BrokenLink:
    """The first place where a chain does not verify, and why."""

    event_id: int | None
    seq: int
    reason: str


def first_broken_link(
    events: Iterable[ChainedEvent], *, head_seq: int | None = None, head_hash: str | None = None
) -> BrokenLink | None:
    """Return the first broken link of one chain, given its events in sequence order.

    `head_seq` and `head_hash` are the chain head recorded beside the events; comparing them
    catches the removal of the newest events, which a chain alone cannot show.
    """
    expected_seq = 1
    prev = GENESIS_HASH
    for event in events:
        if event.seq != expected_seq:
            return BrokenLink(
                event.event_id,
                expected_seq,
                f"event {expected_seq} is missing (next stored event is {event.seq})",
            )
        if event.prev_hash != prev:
            return BrokenLink(
                event.event_id, event.seq, "its predecessor hash does not match the event before it"
            )
        if event_hash(event.content, event.prev_hash) != event.hash:
            return BrokenLink(
                event.event_id, event.seq, "its content was altered after it was written"
            )
        prev = event.hash
        expected_seq += 1
    last_seq = expected_seq - 1
    if head_seq is not None and head_seq != last_seq:
        return BrokenLink(
            None,
            last_seq + 1,
            f"the chain head records {head_seq} events but {last_seq} are stored",
        )
    if head_hash is not None and last_seq > 0 and head_hash != prev:
        return BrokenLink(None, last_seq, "the newest stored event does not match the chain head")
    return None
