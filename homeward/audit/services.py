"""The audit log's one writer."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import connection
from django.utils import timezone

from homeward.audit import log
from homeward.audit.guard import current_service
from homeward.audit.models import AuditEntry, AuditHead
from homeward_core.transparency.canonical import digest
from homeward_core.transparency.chain import GENESIS_HASH, ChainEntry, entry_hash
from homeward_core.transparency.leaves import commitment, new_salt


class AuditOutsideService(RuntimeError):
    """record() was called without an enclosing audited service transaction."""


def _lock_head() -> AuditHead:
    # SQLite transactions here are IMMEDIATE (one writer at a time); on PostgreSQL
    # the row lock makes concurrent appends queue so the chain never forks.
    head = AuditHead.objects.select_for_update().filter(singleton=1).first()
    if head is None:
        head = AuditHead.objects.create(singleton=1, sequence=0, last_hash=GENESIS_HASH)
        if connection.vendor == "postgresql":
            head = AuditHead.objects.select_for_update().get(singleton=1)
    return head


def record(
    *,
    acting_user: Any,
    action: str,
    object_type: str,
    object_id: uuid.UUID | None,
    before: Any = None,
    after: Any = None,
    organisation: Any = None,
    summary: dict[str, Any] | None = None,
    after_digest: str = "",
) -> AuditEntry:
    """Append one entry to the chain and its leaf to the transparency log, in the caller's service transaction.

    ``before`` and ``after`` are the record's states as plain values; only their
    digests are stored. For a tracked kind of record (audit/records.py) the
    after-digest is instead a salted commitment to the record's whole state as
    stored now, so call this once the write is done. ``summary`` holds non-personal facts (counts, field
    names) that make the entry readable to an auditor. ``after_digest``, instead of ``after``, is a digest
    the caller computed in its own documented format (an import's seal over its rows' commitments).
    """
    if current_service() is None:
        raise AuditOutsideService("audit entries are written only inside an audited service")
    from homeward.audit.records import commitment_now

    head = _lock_head()
    now = timezone.now()
    org = organisation if organisation is not None else _organisation_of(acting_user)
    salt = new_salt()
    # A tracked business record (audit/records.py): the after-digest commits to its whole stored state, salted.
    committed = commitment_now(object_type, object_id, salt)
    entry = ChainEntry(
        sequence=head.sequence + 1,
        occurred_at=now.isoformat(),
        actor=acting_user.get_username() if acting_user is not None else "system",
        organisation=str(org.public_id) if org is not None else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id else "",
        before_digest=digest(before) if before is not None else "",
        after_digest=committed or after_digest or (digest(after) if after is not None else ""),
        prev_hash=head.last_hash,
    )
    hashed = entry_hash(entry)
    saved = AuditEntry.objects.create(
        sequence=entry.sequence,
        occurred_at=now,
        actor=acting_user,
        actor_username=entry.actor,
        organisation=org,
        action=action,
        object_type=object_type,
        object_id=object_id,
        before_digest=entry.before_digest,
        after_digest=entry.after_digest,
        summary=summary or {},
        prev_hash=entry.prev_hash,
        entry_hash=hashed,
        salt=salt,
    )
    log.append_leaf(entry.sequence - 1, commitment(entry, hashed, salt))
    AuditHead.objects.filter(singleton=1).update(sequence=entry.sequence, last_hash=hashed)
    return saved


def _organisation_of(user: Any) -> Any:
    membership = getattr(user, "membership", None) if user is not None else None
    return membership.organisation if membership is not None else None
