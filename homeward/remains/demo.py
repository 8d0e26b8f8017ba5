"""The demo's remains: transfers each way under the June agreement, identifications, a few returns.

Through the real services. Party A (Northland) hands over 6,057 units in four
transfers, its first claim (1,212) higher than the bags counted (1,200);
party B (Southland) has handed over three transfers, one disputed, and
announced a fourth. Each side shares its list of the dead it holds with the
other side, whose laboratory identifies a few hundred individuals against
those records and its own list of the missing; some bags hold parts of two
people, some people are in two bags, a few bags have discrepancies, and two
men identified on each side turn out to be the sending side's own dead
(returns, the first of each completed). Everything here is fictional.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from homeward.registry import services as registry
from homeward.registry.models import Declaration
from homeward.remains import services
from homeward.remains.services import CountedUnit

# (day, place, claimed individuals, units counted or None when only announced, dispute note)
TRANSFERS = {
    "A": [(dt.date(2025, 6, 14), "Border crossing point 1 (demo)", 1212, 1200, ""),
          (dt.date(2025, 6, 21), "Border crossing point 1 (demo)", 1500, 1500, ""),
          (dt.date(2025, 7, 5), "Border crossing point 2 (demo)", 1845, 1857, ""),
          (dt.date(2025, 7, 19), "Border crossing point 2 (demo)", 1500, 1500, "")],
    "B": [(dt.date(2025, 6, 14), "Border crossing point 1 (demo)", 1000, 1000, ""),
          (dt.date(2025, 6, 28), "Border crossing point 1 (demo)", 1500, 1497,
           "1,500 individuals claimed; 1,497 bags received, three listed seal numbers missing."),
          (dt.date(2025, 7, 12), "Border crossing point 2 (demo)", 1800, 1800, ""),
          (dt.date(2025, 8, 2), "Border crossing point 2 (demo)", 1700, None, "")],
}
LABORATORY = {"A": "Northland Forensic DVI Laboratory (demo)", "B": "Southland Centre for Forensic Identification "
                                                                     "(demo)"}
DISCREPANCIES = (("seal_broken", "Seal broken on arrival."), ("several_individuals", "Parts of two individuals."),
                 ("empty", "No remains inside."), ("partial", "Partial remains only."))
IDENTIFIED_SHARE = 0.7  # of the sender's list of its dead held, identified so far
UNNAMED = 40  # identified individuals per side with no record in homeward (identified from family references)
RETURNS = 2


def _fraction(text: str) -> float:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 0x1_0000_0000


def load_remains(agreement: Any, orgs: dict[str, Any], users: dict[str, Any], say: Callable[[str], None]) -> None:
    operator = {"A": users["a.operator"], "B": users["b.operator"]}
    transfers: dict[str, list[Any]] = {"A": [], "B": []}
    for sender, receiver in (("A", "B"), ("B", "A")):
        dead = list(Declaration.objects.filter(party=orgs[sender], kind="deceased_held").order_by("pk"))
        registry.declarations_share_list(declarations=dead, organisation=orgs[receiver],
                                         purpose="list of the dead handed over, remains clause",
                                         acting_user=operator[sender])
        for n, (day, place, claimed, counted, dispute) in enumerate(TRANSFERS[sender], start=1):
            transfer = services.transfer_announce(agreement=agreement, transferred_on=day, place=place,
                                                  claimed_individuals=claimed, acting_user=operator[sender])
            if counted is not None:
                units = [CountedUnit(f"{orgs[sender].short_name}-{n}-{k:05d}") for k in range(1, counted + 1)]
                transfer = services.transfer_receive(transfer=transfer, received_on=day + dt.timedelta(days=1),
                                                     units=units, dispute_note=dispute,
                                                     acting_user=operator[receiver])
                transfers[sender].append(transfer)
        say(f"party {sender} handed over {sum(t.units.count() for t in transfers[sender]):,} units of remains")
    for sender, receiver in (("A", "B"), ("B", "A")):
        _discrepancies(transfers[sender], operator[receiver])
        _identifications(transfers[sender], orgs, sender, receiver, operator, say)


def _discrepancies(transfers: list[Any], user: Any) -> None:
    for n, (kind, note) in enumerate(DISCREPANCIES):
        unit = transfers[n % len(transfers)].units.order_by("label")[10 + 37 * n]
        services.unit_discrepancy_record(unit=unit, discrepancy=kind, note=note, acting_user=user)


def _identifications(transfers: list[Any], orgs: dict[str, Any], sender: str, receiver: str,
                     operator: dict[str, Any], say: Callable[[str], None]) -> None:
    """Identify against the sender's shared list of its dead, then some without a record, then the returns."""
    units = [u for t in transfers for u in t.units.order_by("label").select_related("transfer")]
    dead = [d for d in Declaration.objects.filter(party=orgs[sender], kind="deceased_held").order_by("pk")
            if _fraction(f"identified-{d.external_ref}") < IDENTIFIED_SHARE]
    people: list[tuple[Any, Any]] = [(d, orgs[receiver]) for d in dead] + [(None, orgs[receiver])] * UNNAMED \
        + [(None, orgs[sender])] * RETURNS
    made = []
    for n, (person, own_party) in enumerate(people):
        # Every seventh person's remains are in two bags; every eleventh shares a bag with the person before.
        position = ((n - 1 if n % 11 == 10 else n) * 13) % len(units)
        chosen = [units[position], units[(position + 1) % len(units)]] if n % 7 == 0 else [units[position]]
        received_on = max(u.transfer.received_on for u in chosen)
        made.append(services.identification_record(
            unit_ids=[u.public_id for u in chosen], method=("dna", "dna", "dental", "fingerprints")[n % 4],
            laboratory=LABORATORY[receiver], laboratory_reference=f"{orgs[receiver].short_name}-DVI-2025-{n + 1:05d}",
            identified_on=min(received_on + dt.timedelta(days=60 + n % 200), dt.date(2026, 5, 30)),
            own_party=own_party, person_id=person.public_id if person else None, acting_user=operator[receiver]))
    say(f"party {receiver} identified {len(made)} individuals in party {sender}'s transfers, {RETURNS} of them "
        f"party {sender}'s own dead")
    first_return = next(i for i in made if i.is_return).remains_return
    services.return_complete(remains_return=first_return, completed_on=dt.date(2026, 6, 1),
                             place="Border crossing point 1 (demo)", acting_user=operator[sender])
