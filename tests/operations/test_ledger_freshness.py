"""The ledger pages keep their figures until the next audited write: an outcome recorded shows at once."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from homeward.operations import services
from tests.operations.test_operations_pages import client_for
from tests.planning.conftest import Exchange


def _signed_manifest(exchange: Exchange, approved: Any) -> Any:
    world = exchange.world
    manifest = services.manifests_from_plan(plan=approved, vehicle_kind="bus", seats=10, acting_user=world.mara)[0]
    for user in (world.carol, exchange.bea, world.mara):
        manifest = services.manifest_sign(manifest=manifest, acting_user=user)
    return manifest


def test_the_ledger_counts_an_outcome_recorded_after_it_was_shown(exchange: Exchange, approved: Any) -> None:
    from django.utils import timezone

    world = exchange.world
    manifest = _signed_manifest(exchange, approved)
    url = f"/operations/agreements/{exchange.agreement.public_id}/ledger/"
    carol = client_for(world.carol)
    assert "0 of at least 3" in carol.get(url).content.decode()
    entry = manifest.entries.first()
    services.handover_record(entry=entry, outcome="handed_over", occurred_at=timezone.now(), place="Border",
                             substitute=None, note="", acting_user=world.mara)
    assert "1 of at least 3" in carol.get(url).content.decode()


def test_the_ledger_is_computed_once_until_the_next_write(exchange: Exchange, approved: Any) -> None:
    _signed_manifest(exchange, approved)
    url = f"/operations/agreements/{exchange.agreement.public_id}/ledger/"
    carol = client_for(exchange.world.carol)
    with CaptureQueriesContext(connection) as first:
        carol.get(url)
    with CaptureQueriesContext(connection) as again:
        carol.get(url)
    outcomes = [q for q in again.captured_queries if "operations_handoveroutcome" in q["sql"]]
    assert len(again.captured_queries) < len(first.captured_queries) and not outcomes
