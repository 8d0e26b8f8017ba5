"""An agreement in force with a remains clause, and transfers each way, built through the real services.

Beyond the shared personas: berta (coordinator, party B), fiona (medical
officer of party B: its forensic laboratory), the demo's June agreement.
Party A sends transfer 1 to party B (received, three bags); party B sends
transfer 2 to party A (received, two bags); party A's transfer 3 is only
announced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from homeward.accounts import services as accounts
from homeward.agreements.demo import load_agreements
from homeward.remains import services
from homeward.remains.services import CountedUnit
from tests.conftest import PASSWORD, World, declare

DAY = dt.date(2025, 6, 20)
HTMX = {"HTTP_HX_REQUEST": "true"}


@dataclass
class Remains:
    world: World
    berta: Any
    fiona: Any
    agreement: Any
    a_to_b: Any  # received by B: bags A-001..A-003
    b_to_a: Any  # received by A: bags B-001, B-002
    pending: Any  # announced by A, not received
    sought_by_b: Any  # party B's own missing man
    dead_held_by_a: Any  # party A's record of a dead man of party B's, shared with B
    sought_by_a: Any  # party A's own missing man, shared with B (a return case)

    def units(self, transfer: Any) -> list[Any]:
        return list(transfer.units.order_by("label"))


def make_remains(world: World) -> Remains:
    berta = accounts.user_create(username="berta", password=PASSWORD, organisation=world.party_b,
                                 role="coordinator", acting_user=None, validate=False)
    fiona = accounts.user_create(username="fiona", password=PASSWORD, organisation=world.party_b,
                                 role="medical_officer", acting_user=None, validate=False)
    agreement = load_agreements(orgs={"A": world.party_a, "B": world.party_b, "M": world.mediator},
                                users={"a.coordinator": world.carol, "b.coordinator": berta,
                                       "mediator": world.mara}, say=lambda _m: None)
    a_to_b = services.transfer_announce(agreement=agreement, transferred_on=DAY, place="Border crossing 1",
                                        claimed_individuals=4, note="four men", acting_user=world.alice)
    a_to_b = services.transfer_receive(transfer=a_to_b, received_on=DAY, acting_user=world.bob,
                                       units=[CountedUnit(f"A-00{n}") for n in (1, 2, 3)])
    b_to_a = services.transfer_announce(agreement=agreement, transferred_on=DAY, place="Border crossing 1",
                                        claimed_individuals=2, acting_user=world.bob)
    b_to_a = services.transfer_receive(transfer=b_to_a, received_on=DAY, acting_user=world.alice,
                                       units=[CountedUnit("B-001"), CountedUnit("B-002", "casket")])
    pending = services.transfer_announce(agreement=agreement, transferred_on=DAY, place="Border crossing 2",
                                         claimed_individuals=900, acting_user=world.carol)
    from homeward.registry.services import declaration_share

    sought_by_b = declare(world.bob, world.party_b, kind="sought", surname="Смирнов", given_name="Иван")
    dead_held_by_a = declare(world.alice, world.party_a, kind="deceased_held", surname="Кузнецов",
                             given_name="Пётр")
    sought_by_a = declare(world.alice, world.party_a, kind="sought", surname="Шевченко", given_name="Тарас")
    for record in (dead_held_by_a, sought_by_a):
        declaration_share(declaration=record, organisation=world.party_b, purpose="remains identification",
                          acting_user=world.alice)
    return Remains(world, berta, fiona, agreement, a_to_b, b_to_a, pending, sought_by_b, dead_held_by_a,
                   sought_by_a)


@pytest.fixture
def remains(world: World) -> Remains:
    return make_remains(world)


def identify(remains: Remains, units: list[Any], *, user: Any = None, reference: str = "LAB-1",
             own_party: Any = None, person: Any = None, method: str = "dna") -> Any:
    return services.identification_record(
        unit_ids=[u.public_id for u in units], method=method, laboratory="Central DVI laboratory",
        laboratory_reference=reference, identified_on=DAY, own_party=own_party or remains.world.party_b,
        person_id=person.public_id if person is not None else None, acting_user=user or remains.fiona)


@pytest.fixture
def signed_in(remains: Remains) -> Any:
    """signed_in("bob") -> a test client with bob's session; berta and fiona too."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(getattr(remains, name, None) or getattr(remains.world, name))
        return client

    return make


def text(response: Any) -> str:
    return response.content.decode("utf-8")


def third_party_transfer(world: World) -> Any:
    """A transfer from party A to a third party C under an agreement party B is not part of; C has received it."""
    from homeward.agreements import services as agreements
    from homeward.agreements.demo import TERMS_V1

    c = accounts.organisation_create(name="Eastern Office", short_name="EO", kind="party", acting_user=None)
    eve = accounts.user_create(username="eve", password=PASSWORD, organisation=c, role="coordinator",
                               acting_user=None, validate=False)
    talks = agreements.talks_record(title="Talks A–C", held_on=DAY, venue="Vienna", party_a=world.party_a,
                                    party_b=c, acting_user=world.mara)
    agreement = agreements.agreement_create(talks=talks, title="A–C remains", terms=TERMS_V1,
                                            acting_user=world.mara)
    for user in (world.carol, eve, world.mara):
        agreements.agreement_sign(version=agreement.current_version(), signed_on=DAY, acting_user=user)
    agreement = agreements.agreement_set_state(agreement=agreement, state="in_force", acting_user=world.mara)
    transfer = services.transfer_announce(agreement=agreement, transferred_on=DAY, place="Far border",
                                          claimed_individuals=1, acting_user=world.carol)
    return services.transfer_receive(transfer=transfer, received_on=DAY, units=[CountedUnit("C-1")],
                                     acting_user=eve)
