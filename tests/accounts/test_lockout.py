"""Lock-out: guessing passwords from one address or fifty gets nowhere, and the real user still signs in."""

from __future__ import annotations

import pytest
from django.test import Client

from homeward.audit.models import AuditEntry
from tests.conftest import PASSWORD, World


def attempt(username: str, password: str, address: str) -> int:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"username": username, "password": password})
    signed_in = client.session.get("_auth_user_id") is not None
    return 2 if signed_in else response.status_code


@pytest.mark.parametrize("addresses", [1, 50])
def test_a_thousand_wrong_passwords_get_nowhere_and_the_user_still_signs_in(world: World, addresses: int) -> None:
    username = world.carol.get_username()
    outcomes = [attempt(username, f"guess-{n}", f"203.0.113.{n % addresses + 1}") for n in range(1000)]
    assert 2 not in outcomes  # no guess signed anyone in
    # Four refusals per address; the fifth failure locks that account and address, and from then on
    # every attempt gets the lock-out page without its password being checked.
    assert outcomes.count(200) == 4 * addresses and outcomes.count(429) == 1000 - 4 * addresses
    # The right password from a locked address is refused too: the lock does not tell a guesser when it hit.
    assert attempt(username, PASSWORD, "203.0.113.1") == 429
    assert attempt(username, PASSWORD, "198.51.100.7") == 2  # the real user, from their own workstation
    refused = AuditEntry.objects.filter(action="accounts.sign_in.refused").count()
    assert refused == 1001


def test_the_lock_out_page_names_no_account_and_says_what_to_do(world: World) -> None:
    for n in range(6):
        client = Client(REMOTE_ADDR="203.0.113.9")
        response = client.post("/accounts/login/", {"username": "nobody-at-all", "password": f"x{n}"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins" in page and "nobody-at-all" not in page
