"""The demo's phases as they happened at the border, through the real services.

Each approved plan becomes bus manifests, signed by the three
organisations; at the border most are handed over, a few are not presented,
one refuses in the interview, one is unfit to travel, one is replaced by a
substitute who meets the terms. The protocol is drawn up and signed, and the
returned move through transit-state care, repatriation and rehabilitation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from homeward.operations import services
from homeward.operations.models import ManifestSeat
from homeward.planning.models import PhasePlan
from homeward.registry import services as registry

SIGNERS = ("a.coordinator", "b.coordinator", "mediator")
BORDER = "Border crossing, neutral zone (demo)"


def handover(plan: PhasePlan, orgs: dict[str, Any], users: dict[str, Any], say: Callable[[str], None]) -> None:
    """An approved phase at the border: manifests signed by all three, an outcome each, the signed protocol."""
    mediator = users["mediator"]
    say(f"{plan.phase_name} at the border: manifests, signatures, outcomes, the protocol")
    manifests = []
    for manifest in services.manifests_from_plan(plan=plan, vehicle_kind="bus", seats=50, acting_user=mediator):
        for signer in SIGNERS:
            manifest = services.manifest_sign(manifest=manifest, acting_user=users[signer])
        manifests.append(manifest)
    when = timezone.make_aware(dt.datetime.combine(plan.reference_date, dt.time(9, 0)))
    returned = []
    for number, manifest in enumerate(manifests):
        for index, entry in enumerate(manifest.entries.select_related("declaration").order_by("id")):
            outcome, substitute = _outcome(plan, manifest, number, index)
            services.handover_record(entry=entry, outcome=outcome, substitute=substitute, place=BORDER,
                                     occurred_at=when + dt.timedelta(minutes=index), acting_user=mediator)
            if outcome in ("handed_over", "substituted"):
                returned.append(substitute or entry.declaration)
    protocol = services.protocol_create(plan=plan, acting_user=mediator)
    for signer in SIGNERS:
        services.protocol_sign(protocol=protocol, acting_user=users[signer])
    _aftercare(returned, orgs, users, when)


def _outcome(plan: PhasePlan, manifest: Any, number: int, index: int) -> tuple[str, Any]:
    """Mostly handed over; the first bus of each side has the day's exceptions."""
    if number % 4 != 0:
        return "handed_over", None
    exceptions = {0: "not_presented", 1: "unfit", 2: "died", 4: "refused"}
    if index in exceptions:
        return exceptions[index], None
    if index == 3:
        spare = _spare(plan, manifest.side)
        if spare is not None:
            return "substituted", spare
    return "handed_over", None


def _spare(plan: PhasePlan, side: str) -> Any:
    """An eligible person of the same side not on any manifest of the phase: the last-minute substitute."""
    seated = ManifestSeat.objects.filter(plan=plan).values("declaration")
    later = PhasePlan.objects.filter(agreement=plan.agreement).exclude(pk=plan.pk)
    entry = (plan.entries.filter(side=side, eligible=True, selected=False).exclude(declaration__in=seated)
             .exclude(declaration__substituted_for__isnull=False)
             .exclude(declaration__plan_entries__plan__in=later, declaration__plan_entries__selected=True)
             .select_related("declaration").order_by("id").first())
    return entry.declaration if entry else None


def _aftercare(people: list[Any], orgs: dict[str, Any], users: dict[str, Any], start: dt.datetime) -> None:
    """Transit care for all, then repatriation; rehabilitation and discharge for some."""
    by_party: dict[int, list[Any]] = {}
    for person in people:
        by_party.setdefault(person.party_id, []).append(person)
    for party_id, mine in by_party.items():
        holder = "A" if orgs["A"].pk == party_id else "B"
        registry.declarations_share_list(declarations=mine, organisation=orgs["T"], purpose="transit-state care",
                                         acting_user=users[f"{holder.lower()}.operator"])
    stages = (("transit_care", 0, "Transit State Hospital No. 2 (demo)", "Westland"),
              ("repatriated", 6, "", ""), ("rehabilitation", 7, "Rehabilitation centre (demo)", ""),
              ("discharged", 40, "", ""))
    for n, person in enumerate(people):
        for stage, days, facility, country in stages[: 1 + n % 4]:
            services.aftercare_record(declaration=person, stage=stage, facility=facility, country=country,
                                      occurred_at=start + dt.timedelta(days=days, hours=4),
                                      acting_user=users["medic"])
