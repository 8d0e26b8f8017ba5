"""Canonical JSON bytes, so two parties hashing the same record get the same digest.

Keys sorted, no insignificant white space, UTF-8, and values restricted to the
JSON types plus the few Python types homeward records carry (dates, UUIDs,
decimals), each turned into a string first. It follows RFC 8785 for the values
homeward uses: no floats are ever hashed (they have no canonical form here).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from decimal import Decimal
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    if isinstance(value, float):
        raise TypeError("floats have no canonical form; record them as strings or integers")
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def canonical_bytes(value: Any) -> bytes:
    """The one byte encoding of ``value`` that every party computes identically."""
    return json.dumps(
        _plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def digest(value: Any) -> str:
    """SHA-256 of the canonical bytes of ``value``, as lower-case hex."""
    return hashlib.sha256(canonical_bytes(value)).hexdigest()
