"""Re-check the stored hash chain from the first entry to the head, and the Merkle tree over it."""

from __future__ import annotations

from collections.abc import Iterator

from homeward.audit.models import AuditEntry, AuditHead, LogNode
from homeward_core.transparency.chain import GENESIS_HASH, ChainBreak, ChainReport, verify_chain
from homeward_core.transparency.leaves import commitment
from homeward_core.transparency.merkle import MerkleTree, leaf_hash


def verify_log() -> ChainReport:
    """Walk every entry in order; a report with no breaks means nothing was rewritten.

    Besides the chain, each entry's leaf must open to it (unless its salt was
    shredded) and every stored node of the Merkle tree must be the hash the
    leaves give: the server's own check of what parties verify offline.
    """
    entries = AuditEntry.objects.select_related("organisation").order_by("sequence")
    report = verify_chain((entry.to_chain_entry(), entry.entry_hash) for entry in entries.iterator())
    head = AuditHead.objects.filter(singleton=1).first()
    head_hash = head.last_hash if head else GENESIS_HASH
    breaks = list(report.breaks)
    if head_hash != report.head:
        breaks.append(ChainBreak(report.entries, "the stored head does not match the last entry"))
    breaks.extend(_tree_breaks(head.sequence if head else 0))
    return ChainReport(report.entries, report.head, tuple(breaks))


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
