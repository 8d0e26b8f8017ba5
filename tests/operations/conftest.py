"""An approved Day 1 plan (two per side), ready for manifests."""

from __future__ import annotations

from typing import Any

import pytest

from homeward.planning import services as planning
from tests.planning.conftest import Exchange, exchange  # noqa: F401  (the fixture)


@pytest.fixture
def approved(exchange: Exchange) -> Any:  # noqa: F811
    world = exchange.world
    plan = planning.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    plan = planning.plan_propose(plan=plan, acting_user=world.mara)
    for user in (world.carol, exchange.bea, world.mara):
        plan = planning.plan_approve(plan=plan, acting_user=user)
    return plan
