"""The main pages, each with a demo user whose work it is: what the query bounds test and `homeward bench pages` load.

A page that shows one record (a plan, a manifest, a transfer) names how to
find a typical one in the demo scenario, so the same catalogue serves the
test database built by the small demo and the 10,000-per-side benchmark.
Each user is one of homeward.registry.demo.USERS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse


@dataclass(frozen=True)
class Page:
    """One page as one user opens it: ``name`` is stable (it keys the benchmark's figures)."""

    name: str
    user: str
    url: Callable[[], str]


def _fixed(name: str, **query: str) -> Callable[[], str]:
    def url() -> str:
        return reverse(name) + (f"?{urlencode(query)}" if query else "")

    return url


def _first(name: str, rows: Callable[[], Any], **query: str) -> Callable[[], str]:
    """The URL of the first of ``rows`` (by primary key): the demo makes them in a fixed order."""

    def url() -> str:
        found = rows().order_by("pk").first()
        if found is None:
            raise LookupError(f"the demo scenario has no record for {name}")
        return reverse(name, kwargs={"public_id": found.public_id}) + (f"?{urlencode(query)}" if query else "")

    return url


def _agreement() -> Any:
    from homeward.agreements.models import Agreement

    return Agreement.objects.all()


def _approved_plans() -> Any:
    from homeward.planning.models import PhasePlan

    return PhasePlan.objects.filter(state="approved")


def _manifests() -> Any:
    from homeward.operations.models import Manifest

    return Manifest.objects.filter(side="a")


def _runs() -> Any:
    from homeward.matching.models import ReconciliationRun

    return ReconciliationRun.objects.filter(state="done")


def _candidates() -> Any:
    from homeward.matching.models import MatchCandidate

    return MatchCandidate.objects.order_by("-match_probability")


def _imports() -> Any:
    from homeward.registry.models import ImportBatch

    return ImportBatch.objects.filter(party__short_name="NCH", kind="held")


def _held_by_a() -> Any:
    from homeward.registry.models import Declaration

    return Declaration.objects.filter(party__short_name="NCH", kind="held")


def _transfers_received_by_b() -> Any:
    from homeward.remains.models import RemainsTransfer

    return RemainsTransfer.objects.filter(receiver__short_name="SCP").exclude(state="announced")


def _identifications_by_a() -> Any:
    from homeward.remains.models import Identification

    return Identification.objects.filter(receiving_party__short_name="NCH")


def _talks() -> Any:
    from homeward.agreements.models import Talks

    return Talks.objects.all()


PAGES: tuple[Page, ...] = (
    Page("home", "a.coordinator", _fixed("home")),
    Page("home", "a.operator", _fixed("home")),
    Page("home", "mediator", _fixed("home")),
    Page("home", "medic", _fixed("home")),
    Page("home", "observer", _fixed("home")),
    Page("registry list", "a.operator", _fixed("registry:list")),
    Page("registry list", "mediator", _fixed("registry:list")),
    Page("registry list", "medic", _fixed("registry:list")),
    Page("registry search", "b.operator", _fixed("registry:list", q="ко")),
    Page("person", "a.operator", _first("registry:detail", _held_by_a)),
    Page("imports", "a.operator", _fixed("registry:import")),
    Page("imports", "mediator", _fixed("registry:import")),
    Page("import", "a.operator", _first("registry:import_detail", _imports)),
    Page("reconciliation runs", "mediator", _fixed("matching:index")),
    Page("reconciliation runs", "a.coordinator", _fixed("matching:index")),
    Page("reconciliation run", "mediator", _first("matching:run", _runs)),
    Page("review queue", "mediator", _fixed("matching:queue", state="all")),
    Page("review queue", "a.operator", _fixed("matching:queue", state="all")),
    Page("candidate", "mediator", _first("matching:candidate", _candidates)),
    Page("agreements", "a.coordinator", _fixed("agreements:index")),
    Page("agreements", "observer", _fixed("agreements:index")),
    Page("agreement", "a.coordinator", _first("agreements:detail", _agreement)),
    Page("talks", "mediator", _first("agreements:talks", _talks)),
    Page("plans", "mediator", _fixed("planning:index")),
    Page("plans", "b.coordinator", _fixed("planning:index")),
    Page("plan", "mediator", _first("planning:detail", _approved_plans)),
    Page("plan", "a.coordinator", _first("planning:detail", _approved_plans)),
    Page("plan not selected", "mediator", _first("planning:detail", _approved_plans, status="not_selected")),
    Page("handovers", "mediator", _fixed("operations:index")),
    Page("handovers", "a.coordinator", _fixed("operations:index")),
    Page("manifest", "mediator", _first("operations:manifest", _manifests)),
    Page("manifest", "a.coordinator", _first("operations:manifest", _manifests)),
    Page("protocol", "mediator", _first("operations:protocol", _approved_plans)),
    Page("dashboard", "a.coordinator", _first("reports:dashboard", _agreement)),
    Page("dashboard", "mediator", _first("reports:dashboard", _agreement)),
    Page("ledger", "mediator", _first("operations:ledger", _agreement)),
    Page("ledger", "b.coordinator", _first("operations:ledger", _agreement)),
    Page("after-care", "medic", _fixed("operations:aftercare")),
    Page("after-care", "a.operator", _fixed("operations:aftercare")),
    Page("after-care", "mediator", _fixed("operations:aftercare")),
    Page("remains", "a.operator", _fixed("remains:index")),
    Page("remains", "observer", _fixed("remains:index")),
    Page("remains of the agreement", "mediator", _first("remains:agreement", _agreement)),
    Page("remains of the agreement", "b.operator", _first("remains:agreement", _agreement)),
    Page("transfer", "b.operator", _first("remains:transfer", _transfers_received_by_b)),
    Page("identifications", "a.operator", _fixed("remains:identifications")),
    Page("identifications", "mediator", _fixed("remains:identifications")),
    Page("identification", "a.operator", _first("remains:identification", _identifications_by_a)),
    Page("audit log", "observer", _fixed("audit:log")),
    Page("audit log", "a.auditor", _fixed("audit:log")),
    Page("audit log", "mediator", _fixed("audit:log")),
)
