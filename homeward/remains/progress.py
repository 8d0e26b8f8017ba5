"""An agreement's remains progress per side, from its records, through the pure ledger.

Figures are aggregates over all of the agreement's transfers and
identifications, whoever reads them: counts of units and of identified
individuals, no names, no laboratory references.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from homeward.agreements.models import Agreement
from homeward.audit.freshness import until_next_write
from homeward.remains.choices import ReturnState
from homeward.remains.models import Identification, RemainsTransfer
from homeward.remains.services import remains_clause
from homeward_core.ledger.remains import IdentificationCount, SideProgress, TransferCount, remains_progress


def progress_for(agreement: Agreement) -> tuple[SideProgress, SideProgress] | None:
    """Party A's and party B's progress against the remains clause; None when the terms have none."""
    clause = remains_clause(agreement)
    if clause is None:
        return None
    side = {agreement.party_a_id: "a", agreement.party_b_id: "b"}
    transfers = RemainsTransfer.objects.filter(agreement=agreement).annotate(unit_count=Count("units")) \
        .values_list("sender_id", "claimed_individuals", "unit_count", "state")
    identified = Identification.objects.filter(agreement=agreement) \
        .values_list("sending_party_id", "own_party_id", "remains_return__state")
    return remains_progress(
        at_least_per_side=clause.at_least_per_side, planned_transfers=clause.transfers,
        transfers=[TransferCount(side[sender], claimed, None if state == "announced" else units)
                   for sender, claimed, units, state in transfers],
        identifications=[IdentificationCount(side[sender], returned=own == sender,
                                             return_completed=state == ReturnState.COMPLETED)
                         for sender, own, state in identified])


def progress_rows(agreement: Agreement) -> list[dict[str, Any]]:
    """The progress with each side's organisation, for pages and the API.

    The figures read every unit and identification of the agreement and are the same whoever reads them
    (counts only), so they are kept until the next audited write: a transfer, a receipt, a discrepancy,
    an identification or a return is each an audited service.
    """
    progress = until_next_write(progress_for, agreement)
    if progress is None:
        return []
    parties = {"a": agreement.party_a, "b": agreement.party_b}
    receivers = {"a": agreement.party_b, "b": agreement.party_a}
    return [{"side": p.side, "sender": parties[p.side], "receiver": receivers[p.side], "progress": p}
            for p in progress]
