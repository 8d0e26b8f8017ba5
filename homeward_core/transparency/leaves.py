"""What the transparency log's leaves are: salted commitments to audit entries, no personal data.

A leaf is SHA-256 over the canonical JSON (RFC 8785) of the audit entry's
hashed content, its chain hash and a random 32-byte salt. The log publishes
only leaves; whoever holds an entry and its salt (the server, and each
organisation for the entries it may read) can *open* the leaf and show it
commits to exactly that entry. Without the salt nobody can test a guess
("was this person's record touched on that day?") against the public leaf.
Purging a record deletes its salt with it (crypto-shredding): the leaf stays,
the tree and every checkpoint still verify, and the leaf can no longer be
opened by anyone.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from homeward_core.transparency.canonical import canonical_bytes
from homeward_core.transparency.chain import ChainEntry

LEAF_FORMAT = "homeward.log-leaf/1"
SALT_SIZE = 32


def new_salt() -> bytes:
    return os.urandom(SALT_SIZE)


def opening(entry: ChainEntry, entry_hash: str, salt: bytes) -> dict[str, Any]:
    """The document a leaf commits to; also what an export hands a party so it can check the leaf."""
    if len(salt) != SALT_SIZE:
        raise ValueError(f"a leaf salt is {SALT_SIZE} bytes")
    return {"format": LEAF_FORMAT, "entry": entry.content(), "entry_hash": entry_hash, "salt": salt.hex()}


def commitment(entry: ChainEntry, entry_hash: str, salt: bytes) -> bytes:
    """The leaf's data: SHA-256 of the opening's canonical bytes (the tree hashes it again as a leaf).

    Built from the entry's own canonical bytes: the opening's other members
    are fixed ASCII names and hex strings, already in canonical order, so
    this is byte for byte canonical_bytes(opening(...)) (a test holds it).
    """
    if len(salt) != SALT_SIZE or len(entry_hash) != 64 or not entry_hash.isalnum() or not entry_hash.isascii():
        return hashlib.sha256(canonical_bytes(opening(entry, entry_hash, salt))).digest()
    encoded = (b'{"entry":' + canonical_bytes(entry.content()) + b',"entry_hash":"' + entry_hash.encode("ascii")
               + b'","format":"' + LEAF_FORMAT.encode("ascii") + b'","salt":"' + salt.hex().encode("ascii") + b'"}')
    return hashlib.sha256(encoded).digest()


def entry_from_content(content: dict[str, Any]) -> ChainEntry:
    """A chain entry back from its content, as an export carries it; unknown or missing fields are refused."""
    fields = set(ChainEntry.__dataclass_fields__)
    if set(content) != fields:
        raise ValueError(f"an audit entry has exactly the fields {sorted(fields)}")
    return ChainEntry(**content)
