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
    # The random salt of this entry's leaf in the transparency log (leaves.py). Purging the
    # record it concerns deletes the salt (crypto-shredding): the leaf can no longer be opened.
    salt = models.BinaryField(max_length=32, null=True)

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


class LogNode(models.Model):
    """One complete subtree of the transparency log's Merkle tree (RFC 9162 §2.1).

    Level 0 holds the leaf hashes (leaf i is audit entry i + 1's salted
    commitment); level k node i covers leaves [i·2^k, (i+1)·2^k). Keeping
    every complete subtree makes tree heads and proofs O(log n) reads.
    """

    level = models.PositiveSmallIntegerField()
    index = models.PositiveBigIntegerField()
    hash = models.BinaryField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="audit_lognode_level_index")]


class Checkpoint(models.Model):
    """A tree head the log signed (a C2SP checkpoint in a signed note), with the witnesses' cosignatures."""

    size = models.PositiveBigIntegerField(unique=True)
    root_hash = models.BinaryField(max_length=32)
    note = models.TextField(help_text="the signed note, with the log's signature and every cosignature so far")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-size"]

    def __str__(self) -> str:
        return f"checkpoint of size {self.size}"


class Witness(models.Model):
    """An organisation's witness: its cosigner key (a C2SP vkey), registered so its cosignatures count."""

    public_id = models.UUIDField(unique=True, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200, unique=True)
    vkey = models.CharField(max_length=400, unique=True)
    created_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class Cosignature(models.Model):
    """One witness's cosignature of one checkpoint: the C2SP signature line, verified before it was kept."""

    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="cosignatures")
    witness = models.ForeignKey(Witness, on_delete=models.PROTECT, related_name="+")
    line = models.CharField(max_length=600)
    signed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checkpoint", "witness"], name="audit_cosignature_once")]
