"""Figures kept until the next audited write: every change to the records moves the audit chain's head.

A page that derives its figures from many rows (the parity ledger reads every
crossing of an agreement, a dashboard or an overview counts thousands of
records) keeps them in the cache under the head's sequence and tip hash: any
audited write (an outcome, a signature, a new plan or terms, an import, a
correction) gives a new head and so a fresh computation, and nothing else can
change those rows. Only figures derived from audited writes belong here: an
import's progress or a running task's state changes without an entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from homeward.audit.models import AuditHead

if TYPE_CHECKING:
    from homeward.accounts.scoping import Actor

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


def reader_scope(actor: Actor) -> str:
    """What the scoping layer decides a reader sees by: the organisation, its kind and the role (not the user)."""
    return f"{actor.organisation.public_id}:{actor.organisation.kind}:{actor.role}"


def for_reader_until_next_write(name: str, actor: Actor, compute: Callable[[], R], *parts: Any) -> R:
    """``compute()`` for readers of ``actor``'s scope, as of the latest audited write.

    The key holds the reader's scope, the language and time zone the figures'
    labels and dates were made in, ``parts`` (the record, the day, filters:
    whatever else the figures depend on) and the audit head, so one
    organisation's figures are never served to another, nor stale ones after a write.
    """
    depends = (reader_scope(actor), get_language() or "", timezone.get_current_timezone_name(),
               tuple(map(str, parts)), head_key())
    # Hashed: filters hold any text (a search), and a cache key is short and plain.
    key = f"homeward:{name}:{hashlib.sha256(repr(depends).encode()).hexdigest()}"
    return cache.get_or_set(key, compute, CACHE_SECONDS)  # type: ignore[no-any-return]
