"""Re-check the stored hash chain from the first entry to the head."""

from __future__ import annotations

from homeward.audit.models import AuditEntry, AuditHead
from homeward_core.transparency.chain import GENESIS_HASH, ChainBreak, ChainReport, verify_chain


def verify_log() -> ChainReport:
    """Walk every entry in order; a report with no breaks means nothing was rewritten."""
    entries = AuditEntry.objects.select_related("organisation").order_by("sequence")
    report = verify_chain((entry.to_chain_entry(), entry.entry_hash) for entry in entries.iterator())
    head = AuditHead.objects.filter(singleton=1).first()
    head_hash = head.last_hash if head else GENESIS_HASH
    if head_hash != report.head:
        extra = ChainBreak(report.entries, "the stored head does not match the last entry")
        return ChainReport(report.entries, report.head, report.breaks + (extra,))
    return report
