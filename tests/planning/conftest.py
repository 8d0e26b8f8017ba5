"""An agreement between party A and party B, and people each side holds, confirmed by the other side."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from homeward.audit.guard import service_context
from tests.conftest import PASSWORD, World, declare

TERMS = {
    "format": "homeward-terms/1", "reference_date": "2025-06-09",
    "quota": {"at_least": 3}, "parity": {"regime": "head_count"},
    "phases": [{"name": "Day 1", "date": "2025-06-09", "capacity": 2}, {"name": "Day 2", "capacity": 2}],
    "priorities": ["count", "under_25", "days_held"],
}


@dataclass
class Exchange:
    world: World
    agreement: Any
    bea: Any  # party B's coordinator
    held_by_a: list[Any]
    held_by_b: list[Any]


def make_agreement(world: World, terms: dict[str, Any] = TERMS) -> Any:
    from homeward.agreements.models import Agreement, AgreementVersion

    # Test scaffolding until the agreements services land: written as a service would, in one context.
    with service_context("test agreement"):
        now = timezone.now()
        agreement = Agreement.objects.create(
            title="Exchange of 2 June", party_a=world.party_a, party_b=world.party_b, mediator=world.mediator,
            state="in_force", created_at=now, created_by=world.mara)
        AgreementVersion.objects.create(agreement=agreement, number=1, terms=terms, created_at=now,
                                        created_by=world.mara)
    return agreement


def _held(world: World, holder_user: Any, holder: Any, other: Any, other_user: Any, n: int, born: int) -> Any:
    from homeward.registry.services import declaration_share, identity_confirm

    person = declare(holder_user, holder, external_ref=f"{holder.short_name}-{n}", legal_status="pow",
                     birth_year=born, birth_month=1, birth_day=1, captured_on=dt.date(2023, 1, n + 1))
    declaration_share(declaration=person, organisation=other, purpose="exchange list", acting_user=holder_user)
    identity_confirm(declaration=person, basis="on our sought list", acting_user=other_user)
    return person


@pytest.fixture
def exchange(world: World) -> Exchange:
    from homeward.accounts import services as accounts

    bea = accounts.user_create(username="bea", password=PASSWORD, organisation=world.party_b, role="coordinator",
                               acting_user=None, validate=False)
    held_by_a = [_held(world, world.alice, world.party_a, world.party_b, world.bob, n, 1990 + 3 * n)
                 for n in range(5)]
    held_by_b = [_held(world, world.bob, world.party_b, world.party_a, world.alice, n, 1995 + 2 * n)
                 for n in range(3)]
    return Exchange(world, make_agreement(world), bea, held_by_a, held_by_b)
