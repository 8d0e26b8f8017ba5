"""Re-check the stored hash chain from the first entry to the head, and the Merkle tree over it."""

from __future__ import annotations

from collections.abc import Iterator

from homeward.audit.models import AuditEntry, AuditHead, LogNode
from homeward.audit.records import TRACKED
from homeward.registry.choices import ImportState
from homeward.registry.models import Declaration, ImportBatch, SealedRow
from homeward_core.transparency.chain import GENESIS_HASH, ChainBreak, ChainReport, verify_chain
from homeward_core.transparency.leaves import commitment
from homeward_core.transparency.merkle import MerkleTree, leaf_hash
from homeward_core.transparency.records import SEAL_ACTION, record_commitment, seal_digest


def verify_log() -> ChainReport:
    """Walk every entry in order; a report with no breaks means nothing was rewritten.

    Besides the chain, each entry's leaf must open to it (unless its salt was
    shredded) and every stored node of the Merkle tree must be the hash the
    leaves give, and every tracked business record must be in the state its
    latest entry committed to: the server's own check of what parties verify offline.
    """
    entries = AuditEntry.objects.select_related("organisation").order_by("sequence")
    report = verify_chain((entry.to_chain_entry(), entry.entry_hash) for entry in entries.iterator())
    head = AuditHead.objects.filter(singleton=1).first()
    head_hash = head.last_hash if head else GENESIS_HASH
    breaks = list(report.breaks)
    if head_hash != report.head:
        breaks.append(ChainBreak(report.entries, "the stored head does not match the last entry"))
    breaks.extend(_tree_breaks(head.sequence if head else 0))
    breaks.extend(_record_breaks())
    return ChainReport(report.entries, report.head, tuple(breaks))


def _record_breaks() -> Iterator[ChainBreak]:
    """Each tracked business record must be in the state the latest entry about it committed to.

    A declaration imported in bulk and not changed since: the state its row of its import's seal committed to.
    """
    yield from _seal_breaks()
    sealed = {str(public_id): (bytes(salt) if salt is not None else None, bytes(committed))
              for public_id, salt, committed in SealedRow.objects.values_list("declaration_id", "salt", "commitment")}
    for kind, tracked in TRACKED.items():
        latest: dict[str, AuditEntry] = {}
        for entry in AuditEntry.objects.filter(object_type=kind).order_by("sequence").iterator(chunk_size=2000):
            latest[str(entry.object_id)] = entry
        for row in tracked.model_class().objects.order_by("pk").iterator(chunk_size=500):
            entry = latest.get(str(row.public_id))
            if entry is None and getattr(row, "source_batch_id", None) is not None:
                row_seal = sealed.get(str(row.public_id))
                if row_seal is None:
                    yield ChainBreak(0, f"the {kind} {row.public_id} is not a row of its import's seal")
                elif row_seal[0] is not None and row_seal[1].hex() != record_commitment(
                        kind, str(row.public_id), tracked.state(row), row_seal[0]):
                    yield ChainBreak(0, f"the {kind} {row.public_id} is not in the state its import's seal "
                                        "committed to")
                continue
            if entry is None:
                yield ChainBreak(0, f"the {kind} {row.public_id} has no entry in the log")
            elif entry.salt is not None and entry.after_digest != record_commitment(
                    kind, str(row.public_id), tracked.state(row), bytes(entry.salt)):
                yield ChainBreak(entry.sequence, f"the {kind} {row.public_id} is not in the state this entry "
                                                 "committed to")


def _seal_breaks() -> Iterator[ChainBreak]:
    """Each committed import is sealed, its seal's rows give its entry's digest, and each row's record exists."""
    seals = {str(e.object_id): e for e in AuditEntry.objects.filter(action=SEAL_ACTION)}
    existing = set(Declaration.objects.filter(source_batch__isnull=False).values_list("public_id", flat=True))
    for batch in ImportBatch.objects.filter(state=ImportState.COMMITTED).order_by("pk"):
        entry = seals.get(str(batch.public_id))
        if entry is None:
            yield ChainBreak(0, f"the import {batch.public_id} was committed but not sealed")
            continue
        rows = list(SealedRow.objects.filter(batch=batch).values_list("declaration_id", "commitment"))
        if seal_digest(str(batch.public_id), [(str(i), bytes(c).hex()) for i, c in rows]) != entry.after_digest:
            yield ChainBreak(entry.sequence, f"the rows of import {batch.public_id}'s seal are not those its entry "
                                             "committed to")
        for public_id, _committed in rows:
            if public_id not in existing:
                yield ChainBreak(entry.sequence, f"the declaration {public_id} this seal binds is missing")


def _tree_breaks(size: int) -> Iterator[ChainBreak]:
    leaves = dict(LogNode.objects.filter(level=0).values_list("index", "hash"))
    if set(leaves) != set(range(size)):
        yield ChainBreak(size, f"the log has {len(leaves)} leaves for {size} entries")
        return
    openings = AuditEntry.objects.select_related("organisation").order_by("sequence").iterator()
    for entry in openings:
        stored = leaves.get(entry.sequence - 1)
        if entry.salt is not None and stored is not None and bytes(stored) != leaf_hash(
                commitment(entry.to_chain_entry(), entry.entry_hash, bytes(entry.salt))):
            yield ChainBreak(entry.sequence, "its leaf in the transparency log does not commit to it")
    tree = MerkleTree()
    for index in range(size):
        tree.append_hash(bytes(leaves[index]))
    for level, index, value in LogNode.objects.filter(level__gt=0).values_list("level", "index", "hash"):
        if index >= tree.size >> level or tree.node(level, index) != bytes(value):
            yield ChainBreak(size, f"the log's node at level {level}, index {index} is not its leaves' hash")
