"""The demo's remains load through the services and tell the story the demo promises."""

from __future__ import annotations

from homeward.remains.demo import RETURNS, UNNAMED, load_remains
from homeward.remains.models import Identification, RemainsReturn, RemainsUnit
from homeward.remains.progress import progress_for
from tests.conftest import declare
from tests.remains.conftest import Remains


def test_the_demo_transfers_identifications_and_returns(remains: Remains) -> None:
    world = remains.world
    for n in range(4):
        declare(world.alice, world.party_a, kind="deceased_held", external_ref=f"A-D-{n}", surname=f"Мертвий{n}")
        declare(world.bob, world.party_b, kind="deceased_held", external_ref=f"B-D-{n}", surname=f"Мёртвый{n}")
    before = progress_for(remains.agreement)
    load_remains(remains.agreement, {"A": world.party_a, "B": world.party_b},
                 {"a.operator": world.alice, "b.operator": world.bob}, say=lambda _m: None)
    a, b = progress_for(remains.agreement)
    assert a.received - before[0].received == 6057 and a.met and a.claimed - before[0].claimed == 6057
    assert b.received - before[1].received == 4297 and not b.met and b.transfers_pending == 1
    assert RemainsUnit.objects.exclude(discrepancy="").count() == 8
    assert Identification.objects.filter(units__identifications__isnull=False).exists()
    shared_bags = RemainsUnit.objects.filter(identifications__isnull=False).values("pk").distinct().count()
    assert shared_bags < Identification.units.through.objects.count()  # some bags hold several people
    assert Identification.objects.filter(person__isnull=True).count() == 2 * (UNNAMED + RETURNS)
    assert RemainsReturn.objects.count() == 2 * RETURNS
    assert RemainsReturn.objects.filter(state="completed").count() == 2
    assert a.sentence().startswith(f"{a.received:,} received against at least 6,000; {a.identified} identified")
