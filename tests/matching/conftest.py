"""Reconciliation fixtures: each side's lists, what is shared, and runs stored through the real services.

The engine's output is given at its seam (a list of Proposals) so each test
says exactly which pairs a run proposes; tests marked ``engine`` run the
real Splink engine end to end.

Party A's sought man a_kovalenko and party B's held b_kovalenko are one
man (B has shared its record with A, A has shared its sought record with
B). Party B's held b_hidden resembles A's sought a_shevchenko, but B has
not shared it: A must not learn it exists. A's held a_petrenko and B's
sought b_petrenko are one man, neither shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from homeward.accounts import services as accounts
from homeward.matching import services
from homeward.matching.engine import Proposal
from homeward.registry.services import declaration_share
from tests.conftest import PASSWORD, World, declare

HTMX = {"HTTP_HX_REQUEST": "true"}
WEIGHTS = ({"comparison": "prior", "level": "prior", "weight": -9.5},
           {"comparison": "surname", "level": "same name across scripts", "weight": 8.1},
           {"comparison": "given_name", "level": "equivalent name", "weight": 5.2},
           {"comparison": "date_of_birth", "level": "exact", "weight": 6.0},
           {"comparison": "unit", "level": "missing", "weight": 0.0})


@dataclass
class Lists:
    world: World
    bea: Any  # party B's coordinator
    milo: Any  # the mediator's read-only user
    a_kovalenko: Any
    b_kovalenko: Any
    a_shevchenko: Any
    b_hidden: Any
    a_petrenko: Any
    b_petrenko: Any


def make_lists(world: World) -> Lists:
    bea = accounts.user_create(username="bea", password=PASSWORD, organisation=world.party_b, role="coordinator",
                               acting_user=None, validate=False)
    milo = accounts.user_create(username="milo", password=PASSWORD, organisation=world.mediator, role="read_only",
                                acting_user=None, validate=False)
    a_kov = declare(world.alice, world.party_a, kind="sought", surname="Коваленко", given_name="Олександр",
                    patronymic="Петрович", birth_year=1990, birth_month=5, birth_day=12)
    b_kov = declare(world.bob, world.party_b, kind="held", surname="Коваленко", given_name="Александр",
                    patronymic="Петрович", birth_year=1990, birth_month=5, birth_day=12, unit="в/ч А1234")
    a_she = declare(world.alice, world.party_a, kind="sought", surname="Шевченко", given_name="Тарас",
                    birth_year=1988, birth_month=3, birth_day=9)
    b_hid = declare(world.bob, world.party_b, kind="held", surname="Шевченко", given_name="Тарас",
                    birth_year=1988, birth_month=9, birth_day=3)
    a_pet = declare(world.alice, world.party_a, kind="held", surname="Петренко", given_name="Иван",
                    birth_year=1979, birth_month=1, birth_day=30)
    b_pet = declare(world.bob, world.party_b, kind="sought", surname="Петренко", given_name="Иван",
                    birth_year=1979, birth_month=1, birth_day=30)
    declaration_share(declaration=b_kov, organisation=world.party_a, purpose="request list", acting_user=world.bob)
    declaration_share(declaration=a_kov, organisation=world.party_b, purpose="request list", acting_user=world.alice)
    return Lists(world, bea, milo, a_kov, b_kov, a_she, b_hid, a_pet, b_pet)


@pytest.fixture
def lists(world: World) -> Lists:
    return make_lists(world)


def proposal(left: Any, right: Any, probability: float = 0.9, weight: float = 3.2) -> Proposal:
    low, high = sorted((left.pk, right.pk))
    return Proposal(low, high, probability, weight, WEIGHTS)


def stored_run(user: Any, job: str, left_party: Any, right_party: Any, proposals: list[Proposal],
               auto_accept: float | None = None) -> Any:
    """A run started by ``user`` whose engine proposed exactly ``proposals``."""
    run = services.run_start(job=job, left_party=left_party, right_party=right_party, auto_accept=auto_accept,
                             acting_user=user, enqueue=False)
    run = services.run_begin(run=run, acting_user=user)
    return services.run_finish(run=run, proposals=proposals, compared={"sought ↔ held": 4}, acting_user=user)


@dataclass
class Queue:
    lists: Lists
    run: Any  # A sought ↔ B held, by the mediator
    shared: Any  # a_kovalenko ↔ b_kovalenko: both sides may see both records
    hidden: Any  # a_shevchenko ↔ b_hidden: A may not see b_hidden, B may not see a_shevchenko
    reverse_run: Any  # B sought ↔ A held
    unshared: Any  # b_petrenko ↔ a_petrenko: neither shared


@pytest.fixture
def queue(lists: Lists) -> Queue:
    w = lists.world
    run = stored_run(w.mara, "sought_held", w.party_a, w.party_b,
                     [proposal(lists.a_kovalenko, lists.b_kovalenko, 0.97, 6.1),
                      proposal(lists.a_shevchenko, lists.b_hidden, 0.71, 1.3)])
    reverse = stored_run(w.mara, "sought_held", w.party_b, w.party_a, [proposal(lists.b_petrenko, lists.a_petrenko)])
    shared, hidden = run.candidates.order_by("-match_probability")
    return Queue(lists, run, shared, hidden, reverse, reverse.candidates.get())


@pytest.fixture
def signed_in(lists: Lists) -> Any:
    def make(name: str) -> Client:
        client = Client()
        client.force_login(getattr(lists, name, None) or getattr(lists.world, name))
        return client

    return make


def text(response: Any) -> str:
    return response.content.decode("utf-8")
