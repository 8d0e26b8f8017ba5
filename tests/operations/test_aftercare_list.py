"""The after-care list is kept per organisation until the next audited write: a crossing or a share shows at once,
and one organisation's list is never shown to another."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from homeward.operations import services
from homeward.registry.services import declaration_share
from tests.operations.test_operations_pages import client_for
from tests.planning.conftest import Exchange


def _signed_entry(exchange: Exchange, approved: Any) -> Any:
    """A signed manifest's first entry: one of party A's prisoners, party B's own man."""
    world = exchange.world
    manifest = next(m for m in services.manifests_from_plan(plan=approved, vehicle_kind="bus", seats=10,
                                                            acting_user=world.mara) if m.side == "a")
    for user in (world.carol, exchange.bea, world.mara):
        manifest = services.manifest_sign(manifest=manifest, acting_user=user)
    return manifest.entries.first()


def _listed(client: Any, person: Any) -> bool:
    return f"/registry/{person.public_id}/" in client.get("/operations/aftercare/").content.decode()


def test_a_crossing_and_a_share_after_the_list_was_shown_count_at_once(exchange: Exchange, approved: Any) -> None:
    world = exchange.world
    entry = _signed_entry(exchange, approved)
    person = entry.declaration
    bob, medic = client_for(world.bob), client_for(world.medic)
    assert not _listed(bob, person) and not _listed(medic, person)
    services.handover_record(entry=entry, outcome="handed_over", occurred_at=timezone.now(), place="Border",
                             acting_user=world.mara)
    assert _listed(bob, person) and not _listed(medic, person)
    declaration_share(declaration=person, organisation=world.medical, purpose="transit care", acting_user=world.alice)
    assert _listed(medic, person)


def test_one_organisations_list_is_never_shown_to_another(exchange: Exchange, approved: Any) -> None:
    world = exchange.world
    entry = _signed_entry(exchange, approved)
    services.handover_record(entry=entry, outcome="handed_over", occurred_at=timezone.now(), place="Border",
                             acting_user=world.mara)
    # Signed in first (a sign-in is an audited write), then the lists read in turn under one audit head. The page
    # also fetches its 50 people through the scoping layer, so a list kept for the wrong reader would show nobody
    # extra; this checks the outcome either way.
    bob, alice, medic = client_for(world.bob), client_for(world.alice), client_for(world.medic)
    assert _listed(bob, entry.declaration)
    assert not _listed(alice, entry.declaration)  # the party that held him
    assert not _listed(medic, entry.declaration)  # not shared with the medical service
