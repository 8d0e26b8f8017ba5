"""Progress of each side against an agreement's remains clause, from plain counts.

A side's remains are counted where the other side received them: the units
(bags, caskets, containers) the receiving party counted at receipt, against
the clause's "at least N per side". The sending party's claimed count of
individuals is shown beside it, never instead of it: it is a claim until the
other side has counted. Identifications of individuals come later and are
counted per sending side; an identification that shows a person to be the
sender's own dead is a return to the sender.

Side "a" is the agreement's party A, as in the terms: ``SideProgress("a")``
is what party A handed over and party B received.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Side = Literal["a", "b"]
SIDES: tuple[Side, Side] = ("a", "b")


@dataclass(frozen=True)
class TransferCount:
    """One transfer as the ledger needs it: who sent it, the sender's claim, the units counted at receipt.

    ``units`` is None while the transfer is announced and not yet received.
    """

    sender: Side
    claimed: int
    units: int | None = None


@dataclass(frozen=True)
class IdentificationCount:
    """One identified individual, by the side that sent the remains; ``returned`` when they were the sender's own."""

    sender: Side
    returned: bool = False
    return_completed: bool = False


@dataclass(frozen=True)
class SideProgress:
    """What one side has handed over against the clause."""

    side: Side
    at_least: int
    planned_transfers: int | None
    transfers_received: int
    transfers_pending: int
    claimed: int  # by the sender, for the transfers received
    claimed_pending: int  # by the sender, for transfers announced and not yet received
    received: int  # units counted by the receiving party
    identified: int
    returns_raised: int
    returns_completed: int

    @property
    def shortfall(self) -> int:
        """Units still owed under the clause (0 once it is met)."""
        return max(0, self.at_least - self.received)

    @property
    def met(self) -> bool:
        return self.received >= self.at_least

    @property
    def claim_difference(self) -> int:
        """Units counted minus individuals claimed, over the transfers received (negative: fewer than claimed)."""
        return self.received - self.claimed

    @property
    def unidentified(self) -> int:
        """Units received with no identified individual yet; an estimate, as one unit may hold several people."""
        return max(0, self.received - self.identified)

    def sentence(self) -> str:
        """``6,057 received against at least 6,000; 1,230 identified; 14 returned``."""
        parts = [f"{self.received:,} received against at least {self.at_least:,}", f"{self.identified:,} identified"]
        if self.returns_raised:
            parts.append(f"{self.returns_raised:,} returned" if self.returns_completed == self.returns_raised
                         else f"{self.returns_raised:,} to be returned ({self.returns_completed:,} done)")
        return "; ".join(parts)


def remains_progress(*, at_least_per_side: int, planned_transfers: int | None = None,
                     transfers: Iterable[TransferCount] = (),
                     identifications: Iterable[IdentificationCount] = ()) -> tuple[SideProgress, SideProgress]:
    """Each side's progress (a, then b) from its transfers and the identifications of what it sent."""
    if at_least_per_side < 0:
        raise ValueError("at_least_per_side must not be negative")
    tally = {side: dict.fromkeys(("received_n", "pending_n", "claimed", "claimed_pending", "units", "identified",
                                  "raised", "completed"), 0) for side in SIDES}
    for transfer in transfers:
        _check_counts(transfer)
        row = tally[transfer.sender]
        if transfer.units is None:
            row["pending_n"] += 1
            row["claimed_pending"] += transfer.claimed
        else:
            row["received_n"] += 1
            row["claimed"] += transfer.claimed
            row["units"] += transfer.units
    for identification in identifications:
        row = tally[identification.sender]
        row["identified"] += 1
        row["raised"] += identification.returned
        row["completed"] += identification.returned and identification.return_completed
    return tuple(  # type: ignore[return-value]
        SideProgress(side=side, at_least=at_least_per_side, planned_transfers=planned_transfers,
                     transfers_received=row["received_n"], transfers_pending=row["pending_n"],
                     claimed=row["claimed"], claimed_pending=row["claimed_pending"], received=row["units"],
                     identified=row["identified"], returns_raised=row["raised"], returns_completed=row["completed"])
        for side, row in tally.items())


def _check_counts(transfer: TransferCount) -> None:
    if transfer.sender not in SIDES:
        raise ValueError(f"sender must be 'a' or 'b', not {transfer.sender!r}")
    if transfer.claimed < 0 or (transfer.units is not None and transfer.units < 0):
        raise ValueError("counts must not be negative")
