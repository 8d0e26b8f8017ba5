"""Figures kept until the next audited write: every change to the records moves the audit chain's head.

A page that derives its figures from many rows (the parity ledger reads every
crossing of an agreement) keeps them in the cache under the head's sequence:
any audited write (an outcome, a signature, a new plan or terms) gives a new
sequence and so a fresh computation, and nothing else can change those rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

from homeward.audit.models import AuditHead

R = TypeVar("R")
CACHE_SECONDS = 600


def head_key() -> str:
    """The audit chain's head as a cache key part: its sequence and tip hash."""
    sequence, tip = AuditHead.objects.filter(singleton=1).values_list("sequence", "last_hash").first() or (0, "")
    return f"{sequence}:{tip}"


def until_next_write(compute: Callable[[Any], R], record: Any) -> R:
    """``compute(record)`` as of the latest audited write; ``record`` has a public id (never reused)."""
    key = f"homeward:{compute.__module__}.{compute.__qualname__}:{record.public_id}:{head_key()}"
    return cache.get_or_set(key, lambda: compute(record), CACHE_SECONDS)  # type: ignore[no-any-return]
