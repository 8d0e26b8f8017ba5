"""Sessions end when idle and at an absolute limit; signing and exporting need a recent password."""

from __future__ import annotations

import time

import pytest
from django.test import Client, override_settings

from homeward.accounts.sessions import AUTH_AT, SEEN_AT, SIGNED_IN_AT
from tests.conftest import PASSWORD, World


def signed_in(user) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


def age(client: Client, **seconds: float) -> None:
    """Move the session's clocks back, as if time had passed."""
    session = client.session
    keys = {"signed_in": SIGNED_IN_AT, "seen": SEEN_AT, "auth": AUTH_AT}
    for name, ago in seconds.items():
        session[keys[name]] = time.time() - ago
    session.save()


def test_a_fresh_session_works_and_an_idle_one_ends(world: World) -> None:
    client = signed_in(world.alice)
    assert client.get("/registry/").status_code == 200
    age(client, seen=31 * 60)
    response = client.get("/registry/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/api/declarations").status_code == 401


def test_a_busy_session_still_ends_at_the_absolute_limit(world: World) -> None:
    client = signed_in(world.alice)
    age(client, signed_in=8 * 3600 + 1, seen=10)
    assert client.get("/registry/").status_code == 302


@override_settings(HOMEWARD_SESSION_IDLE_SECONDS=3600)
def test_the_limits_come_from_settings(world: World) -> None:
    client = signed_in(world.alice)
    age(client, seen=31 * 60)
    assert client.get("/registry/").status_code == 200


def test_exporting_on_an_old_sign_in_asks_for_the_password_first(world: World) -> None:
    client = signed_in(world.alice)
    age(client, auth=11 * 60)
    response = client.post("/reports/export/declarations/", {"format": "csv"}, HTTP_REFERER="http://testserver/registry/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm/?next=%2Fregistry%2F"
    page = client.get(response["Location"])
    assert "Confirm it is you" in page.content.decode()
    wrong = client.post("/accounts/confirm/", {"password": "not it", "next": "/registry/"})
    assert "That is not your password." in wrong.content.decode()
    right = client.post("/accounts/confirm/", {"password": PASSWORD, "next": "/registry/"})
    assert right.status_code == 302 and right["Location"] == "/registry/"
    assert client.post("/reports/export/declarations/", {"format": "csv"}).status_code == 200


@pytest.mark.parametrize("target", ["https://elsewhere.example/phish", "//elsewhere.example/"])
def test_the_confirmation_never_sends_anyone_to_another_site(world: World, target: str) -> None:
    client = signed_in(world.alice)
    response = client.post("/accounts/confirm/", {"password": PASSWORD, "next": target})
    assert response["Location"] == "/"
