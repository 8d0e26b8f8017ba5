"""The audit hash chain: each entry commits to the one before it.

An entry's hash covers its own fields and the previous entry's hash, so
rewriting any past entry changes every hash after it. The Merkle tree and
signed checkpoints of the trust issue are built over these entry hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from homeward_core.transparency.canonical import canonical_bytes

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class ChainEntry:
    """The hashed content of one audit entry; no personal data, only digests."""

    sequence: int
    occurred_at: str
    actor: str
    organisation: str
    action: str
    object_type: str
    object_id: str
    before_digest: str
    after_digest: str
    prev_hash: str

    def content(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "occurred_at": self.occurred_at,
            "actor": self.actor,
            "organisation": self.organisation,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "before_digest": self.before_digest,
            "after_digest": self.after_digest,
            "prev_hash": self.prev_hash,
        }


def entry_hash(entry: ChainEntry) -> str:
    """SHA-256 over a domain-separation prefix and the entry's canonical bytes."""
    return hashlib.sha256(b"homeward.audit.v1\x00" + canonical_bytes(entry.content())).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """Where verification of a chain failed, and why."""

    sequence: int
    reason: str


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head: str
    breaks: tuple[ChainBreak, ...] = field(default=())

    @property
    def intact(self) -> bool:
        return not self.breaks


def verify_chain(entries: Iterable[tuple[ChainEntry, str]]) -> ChainReport:
    """Check each (entry, stored hash) in sequence order: links, order and hashes."""
    prev, count, expected_sequence = GENESIS_HASH, 0, 1
    breaks: list[ChainBreak] = []
    for entry, stored in entries:
        count += 1
        if entry.sequence != expected_sequence:
            breaks.append(ChainBreak(entry.sequence, f"expected sequence {expected_sequence}"))
        if entry.prev_hash != prev:
            breaks.append(ChainBreak(entry.sequence, "does not link to the previous entry"))
        if entry_hash(entry) != stored:
            breaks.append(ChainBreak(entry.sequence, "content does not match its hash"))
        prev, expected_sequence = stored, entry.sequence + 1
    return ChainReport(entries=count, head=prev, breaks=tuple(breaks))
