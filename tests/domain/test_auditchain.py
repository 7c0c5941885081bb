"""The pure hash-chain verifier."""

from __future__ import annotations

from regenpath.domain.auditchain import GENESIS_HASH, ChainedEvent, event_hash, first_broken_link


def _chain(n: int) -> list[ChainedEvent]:
    events, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        content = {"seq": seq, "action": f"a{seq}", "changes": {"b": 1, "a": [None, "x"]}}
        digest = event_hash(content, prev)
        events.append(ChainedEvent(seq * 10, seq, content, prev, digest))
        prev = digest
    return events


def test_event_hash_ignores_key_order() -> None:
    assert event_hash({"a": 1, "b": {"y": 2, "x": 1}}, GENESIS_HASH) == event_hash(
        {"b": {"x": 1, "y": 2}, "a": 1}, GENESIS_HASH
    )


def test_first_broken_link_intact_chain_is_none() -> None:
    events = _chain(5)
    assert first_broken_link(events, head_seq=5, head_hash=events[-1].hash) is None


def test_first_broken_link_empty_chain_with_empty_head_is_none() -> None:
    assert first_broken_link([], head_seq=0, head_hash=GENESIS_HASH) is None


def test_first_broken_link_finds_altered_content() -> None:
    events = _chain(4)
    altered = ChainedEvent(
        events[2].event_id,
        3,
        {**events[2].content, "action": "forged"},
        events[2].prev_hash,
        events[2].hash,
    )
    broken = first_broken_link([*events[:2], altered, events[3]])
    assert broken is not None and (broken.event_id, broken.seq) == (30, 3)
    assert "altered" in broken.reason


def test_first_broken_link_finds_a_gap() -> None:
    events = _chain(4)
    broken = first_broken_link([events[0], events[2], events[3]])
    assert broken is not None and broken.seq == 2 and "missing" in broken.reason


def test_first_broken_link_finds_a_rewritten_predecessor_hash() -> None:
    events = _chain(3)
    forged_prev = "f" * 64
    forged = ChainedEvent(
        20, 2, events[1].content, forged_prev, event_hash(events[1].content, forged_prev)
    )
    broken = first_broken_link([events[0], forged, events[2]])
    assert broken is not None and broken.seq == 2 and "predecessor" in broken.reason


def test_first_broken_link_finds_removed_tail_by_head() -> None:
    events = _chain(3)
    broken = first_broken_link(events[:2], head_seq=3, head_hash=events[2].hash)
    assert broken is not None and "head records 3 events but 2" in broken.reason


def test_first_broken_link_finds_head_hash_mismatch() -> None:
    events = _chain(2)
    broken = first_broken_link(events, head_seq=2, head_hash="e" * 64)
    assert broken is not None and "does not match the chain head" in broken.reason
