"""Canonical JSON bytes, so two parties hashing the same record get the same digest.

The encoding is RFC 8785 (JSON Canonicalization Scheme) for the values
homeward hashes: object members sorted by the UTF-16 code units of their
names (not by code points: "\\ufb33" sorts after "\\U0001f600"), no
insignificant white space, strings with only the escapes ECMAScript's
JSON.stringify makes (\\b \\t \\n \\f \\r, \\" and \\\\, other controls as
lower-case \\u00xx; everything else as UTF-8), integers in the I-JSON safe
range only (beyond ±(2^53 − 1) a JCS implementation would round them), and
no floats: JCS prints them by ECMAScript's shortest-round-trip rule and
homeward records quantities as integers or strings instead. Dates, UUIDs and
decimals are turned into strings first; that mapping is homeward's, applied
before JCS. A string with a lone surrogate is refused (I-JSON forbids it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from decimal import Decimal
from typing import Any

MAX_SAFE_INTEGER = 2**53 - 1


class NotCanonical(TypeError):
    """A value that has no RFC 8785 canonical form in homeward (a float, a huge integer, a lone surrogate)."""


def _utf16_order(name: str) -> bytes:
    return name.encode("utf-16-be", "surrogatepass")


def _string(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise NotCanonical("a string with a lone surrogate has no canonical form") from None
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise NotCanonical(f"integer {value} is beyond ±(2^53 − 1); record it as a string")
        return value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    if isinstance(value, float):
        raise NotCanonical("floats have no canonical form here; record them as strings or integers")
    if isinstance(value, dict):
        members = {_string(str(key)): _plain(item) for key, item in value.items()}
        return {key: members[key] for key in sorted(members, key=_utf16_order)}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    raise NotCanonical(f"{type(value).__name__} values have no canonical form")


def _flat_and_plain(value: Any, depth: int = 0) -> bool:
    """An object of strings, safe integers, booleans, nulls and such objects, names below U+E000.

    The shape of every audit entry and of a record's commitment document.

    For it, code-point order is UTF-16 order and json's own sort_keys is
    exact, so the encoder in C can do it all; a lone surrogate still fails
    at encode("utf-8") below.
    """
    if type(value) is not dict:
        return False
    for key, item in value.items():
        if type(key) is not str or (not key.isascii() and max(key) >= "\ue000"):
            return False
        if item is None or type(item) is bool:
            continue  # null, true, false: json writes them as JCS does
        if type(item) is dict and depth < 4:
            if not _flat_and_plain(item, depth + 1):
                return False
            continue
        if type(item) is not str and not (type(item) is int and -MAX_SAFE_INTEGER <= item <= MAX_SAFE_INTEGER):
            return False
    return True


def canonical_bytes(value: Any) -> bytes:
    """The one byte encoding of ``value`` that every party computes identically (RFC 8785)."""
    if _flat_and_plain(value):
        try:
            return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise NotCanonical("a string with a lone surrogate has no canonical form") from None
    return json.dumps(_plain(value), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest(value: Any) -> str:
    """SHA-256 of the canonical bytes of ``value``, as lower-case hex."""
    return hashlib.sha256(canonical_bytes(value)).hexdigest()
