"""Helpers shared by the page tests: a signed-in client per persona, HTMX requests, an exchange under way."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from homeward.operations import services as operations
from homeward.planning import services as planning
from tests.planning.conftest import Exchange, exchange  # noqa: F401  (the fixture, for the overview and dashboard)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(world: Any) -> Any:
    """signed_in("alice") -> a test client with alice's session."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(getattr(world, name))
        return client

    return make


def text(response: Any) -> str:
    return response.content.decode("utf-8")


@pytest.fixture
def phases(exchange: Exchange):  # noqa: ANN201, F811
    """Day 1 executed (manifests signed, outcomes recorded, protocol signed by the mediator only); Day 2 approved,
    its manifests drafted and one of them signed by party A."""
    world = exchange.world

    def approve(index: int):  # noqa: ANN202
        plan = planning.plan_draft(agreement=exchange.agreement, phase_index=index, acting_user=world.mara)
        plan = planning.plan_propose(plan=plan, acting_user=world.mara)
        for user in (world.carol, exchange.bea, world.mara):
            plan = planning.plan_approve(plan=plan, acting_user=user)
        return plan

    day1 = approve(0)
    for manifest in operations.manifests_from_plan(plan=day1, vehicle_kind="bus", seats=5, acting_user=world.mara):
        for user in (world.carol, exchange.bea, world.mara):
            manifest = operations.manifest_sign(manifest=manifest, acting_user=user)
        for entry in manifest.entries.all():
            operations.handover_record(entry=entry, outcome="handed_over", occurred_at=timezone.now(),
                                       place="Border crossing 4", acting_user=world.mara)
    protocol = operations.protocol_create(plan=day1, acting_user=world.mara)
    operations.protocol_sign(protocol=protocol, acting_user=world.mara)
    day2 = approve(1)
    drafts = operations.manifests_from_plan(plan=day2, vehicle_kind="bus", seats=5, acting_user=world.mara)
    operations.manifest_sign(manifest=drafts[0], acting_user=world.carol)
    return exchange
