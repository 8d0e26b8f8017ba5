"""Personas and records of the agreements tests.

Beyond the shared personas: berta, coordinator of party B (bob is only an
operator), and the demo's June talks built through the real services.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django.test import Client

from homeward.accounts import services as accounts
from homeward.agreements import services
from homeward.agreements.demo import TERMS_V1, load_agreements
from tests.conftest import PASSWORD

HTMX = {"HTTP_HX_REQUEST": "true"}
TALKS_DAY = dt.date(2025, 6, 2)


@pytest.fixture
def berta(world: Any) -> Any:
    return accounts.user_create(username="berta", password=PASSWORD, organisation=world.party_b,
                                role="coordinator", acting_user=None, validate=False)


@pytest.fixture
def june(world: Any, berta: Any) -> Any:
    """The demo's agreement: talks, three decided proposals, terms v1 signed by all three, in force."""
    return load_agreements(
        orgs={"A": world.party_a, "B": world.party_b, "M": world.mediator},
        users={"a.coordinator": world.carol, "b.coordinator": berta, "mediator": world.mara},
        say=lambda _message: None,
    )


def terms(**changes: Any) -> dict[str, Any]:
    """The June terms with some keys replaced (a fresh copy each time)."""
    document = copy.deepcopy(TERMS_V1)
    document.update(changes)
    return document


@pytest.fixture
def talks(world: Any) -> Any:
    return services.talks_record(title="Talks at Geneva", held_on=TALKS_DAY, venue="Geneva",
                                 party_a=world.party_a, party_b=world.party_b, acting_user=world.mara)


@pytest.fixture
def proposal(world: Any, talks: Any) -> Any:
    """Party A's exchange proposal, tabled by carol."""
    return services.proposal_table(talks=talks, proposed_by=world.party_a, title="1,000 for 1,000",
                                   text="At least 1,000 each.", acting_user=world.carol)


@pytest.fixture
def draft(world: Any, berta: Any, talks: Any, proposal: Any) -> Any:
    """An agreement from an accepted proposal, terms v1, nobody has signed yet."""
    services.proposal_decide(proposal=proposal, state="accepted", decided_on=TALKS_DAY, acting_user=berta)
    return services.agreement_create(talks=talks, proposals=[proposal], title="Geneva agreement", terms=terms(),
                                     acting_user=world.mara)


@pytest.fixture
def signed_in(world: Any, berta: Any) -> Any:
    """signed_in("carol") -> a test client with carol's session; berta too."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(berta if name == "berta" else getattr(world, name))
        return client

    return make


def text(response: Any) -> str:
    return response.content.decode("utf-8")
