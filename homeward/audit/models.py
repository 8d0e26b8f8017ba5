"""Storage of the hash-chained audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from homeward_core.transparency.chain import ChainEntry


class AuditEntry(models.Model):
    """One attributable change: who, for which organisation, did what to which record.

    Only digests of the record before and after are kept, never the personal
    data itself, so the log can be shown to auditors and, later, published as
    a Merkle tree without leaking who is held where.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_username = models.CharField(max_length=150)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80)
    object_id = models.UUIDField(null=True, db_index=True)
    before_digest = models.CharField(max_length=64, blank=True)
    after_digest = models.CharField(max_length=64, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} by {self.actor_username}"

    def to_chain_entry(self) -> ChainEntry:
        return ChainEntry(
            sequence=self.sequence,
            occurred_at=self.occurred_at.isoformat(),
            actor=self.actor_username,
            organisation=str(self.organisation.public_id) if self.organisation_id else "",
            action=self.action,
            object_type=self.object_type,
            object_id=str(self.object_id) if self.object_id else "",
            before_digest=self.before_digest,
            after_digest=self.after_digest,
            prev_hash=self.prev_hash,
        )


class AuditHead(models.Model):
    """The chain's tip, one row: locked by every writer so appends are serial."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=1), name="audit_head_singleton")
        ]
