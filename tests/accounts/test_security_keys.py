"""Security keys (WebAuthn): a coordinator registers one and signs in with it; every forged answer is refused."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client, override_settings

from homeward.accounts.models import SecurityKey
from homeward.accounts.security_keys import CHALLENGE
from homeward.audit.models import AuditEntry
from tests.accounts.soft_authenticator import SoftAuthenticator
from tests.accounts.test_mfa import REQUIRED, code, enrol, password_only
from tests.conftest import World

KEYS, OPTIONS, REGISTER = "/accounts/otp/keys/", "/accounts/otp/keys/options/", "/accounts/otp/keys/register/"
CHALLENGE_URL, VERIFY = "/accounts/otp/key/challenge/", "/accounts/otp/key/verify/"


def post_json(client: Client, url: str, body: Any = None) -> Any:
    return client.post(url, data=json.dumps(body if body is not None else {}), content_type="application/json")


def register(client: Client, key: SoftAuthenticator, **lie: Any) -> Any:
    options = post_json(client, OPTIONS)
    assert options.status_code == 200, options.content
    return post_json(client, REGISTER, {"name": "blue key", "credential": key.create(options.json(), **lie)})


def signed_in_with_key(user: Any, key: SoftAuthenticator) -> Client:
    client = password_only(user)
    key_answer(client, key)
    return client


def key_answer(client: Client, key: SoftAuthenticator, **lie: Any) -> Any:
    options = post_json(client, CHALLENGE_URL)
    assert options.status_code == 200, options.content
    return post_json(client, VERIFY, key.get(options.json(), **lie))


def is_verified(client: Client) -> bool:
    return client.get("/registry/").status_code == 200


@pytest.fixture
def carols_key(world: World) -> SoftAuthenticator:
    """Carol (party A's coordinator) enrolled a security key as her first and only second factor."""
    key = SoftAuthenticator()
    with REQUIRED:
        client = password_only(world.carol)
        assert client.get("/registry/")["Location"] == "/accounts/otp/setup/"
        assert "/accounts/otp/keys/" in client.get("/accounts/otp/setup/").content.decode()
        page = client.get(KEYS).content.decode()
        assert 'src="/static/homeward/security-keys.js"' in page and not re.search(r"<script(?![^>]*\bsrc=)", page)
        response = register(client, key)
        assert response.status_code == 200, response.content
        assert is_verified(client)  # the first factor just enrolled verifies this sign-in
    return key


@REQUIRED
def test_a_coordinator_registers_a_key_and_signs_in_with_it(world: World, carols_key: SoftAuthenticator) -> None:
    stored = SecurityKey.objects.get(user=world.carol)
    assert stored.name == "blue key" and bytes(stored.credential_id) == carols_key.credential_id
    assert AuditEntry.objects.filter(action="accounts.security_key.register", object_id=stored.public_id).exists()

    client = password_only(world.carol)
    assert client.get("/registry/")["Location"] == "/accounts/otp/"
    page = client.get("/accounts/otp/").content.decode()
    assert "Use my security key" in page and 'name="token"' not in page  # the key is offered, not a code
    assert not is_verified(client)
    assert key_answer(client, carols_key).json() == {"next": "/"}
    assert is_verified(client)
    stored.refresh_from_db()
    assert stored.sign_count == carols_key.counter == 1 and stored.last_used_at is not None
    assert AuditEntry.objects.filter(action="accounts.mfa.verified", actor=world.carol).count() == 1


@REQUIRED
@pytest.mark.parametrize(("lie", "reason"), [
    ({"origin": "https://homeward.evil.example"}, "origin"),
    ({"rp_id": "evil.example"}, "RP ID"),
    ({"counter": 0}, "sign count"),
])
def test_a_forged_answer_is_refused(world: World, carols_key: SoftAuthenticator, lie: dict[str, Any],
                                    reason: str) -> None:
    signed_in_with_key(world.carol, carols_key)  # the stored counter is now 1: a 0 goes backwards
    client = password_only(world.carol)
    refused = key_answer(client, carols_key, **lie)
    assert refused.status_code == 400 and reason in refused.json()["error"]
    assert not is_verified(client)
    assert AuditEntry.objects.filter(action="accounts.mfa.refused", actor=world.carol).count() == 1


@REQUIRED
def test_a_counter_that_stands_still_is_refused_as_a_cloned_key_would_show(world: World,
                                                                          carols_key: SoftAuthenticator) -> None:
    signed_in_with_key(world.carol, carols_key)
    signed_in_with_key(world.carol, carols_key)
    client = password_only(world.carol)
    refused = key_answer(client, carols_key, counter=2)
    assert refused.status_code == 400 and "not greater than current count of 2" in refused.json()["error"]
    assert not is_verified(client)


@REQUIRED
def test_a_replayed_answer_or_challenge_is_refused(world: World, carols_key: SoftAuthenticator) -> None:
    client = password_only(world.carol)
    options = post_json(client, CHALLENGE_URL).json()
    answer = carols_key.get(options)
    assert post_json(client, VERIFY, answer).status_code == 200
    other = password_only(world.carol)
    assert post_json(other, VERIFY, answer).json()["error"].startswith("No security key request is waiting")
    post_json(other, CHALLENGE_URL)  # a new challenge: the old answer does not answer it
    refused = post_json(other, VERIFY, answer)
    assert refused.status_code == 400 and "challenge" in refused.json()["error"]
    assert not is_verified(other)
    post_json(other, CHALLENGE_URL)
    session = other.session
    session[CHALLENGE] = {**session[CHALLENGE], "expires": 0}
    session.save()
    assert "expired" in key_answer_with(other, carols_key, session[CHALLENGE]).json()["error"]


def key_answer_with(client: Client, key: SoftAuthenticator, stored: dict[str, Any]) -> Any:
    return post_json(client, VERIFY, key.get({"challenge": stored["challenge"], "rpId": "localhost"}))


@REQUIRED
def test_another_users_key_does_not_sign_in(world: World, carols_key: SoftAuthenticator) -> None:
    mara_key = SoftAuthenticator()
    mara = password_only(world.mara)
    assert register(mara, mara_key).status_code == 200
    client = password_only(world.carol)
    refused = key_answer(client, mara_key)  # Mara's key, which signs correctly, presented in Carol's sign-in
    assert refused.json()["error"] == "That security key is not registered to your account."
    assert not is_verified(client)
    assert post_json(client, VERIFY, {"id": "!!", "rawId": "not base64"}).status_code == 400
    assert post_json(client, VERIFY, ["not", "a", "credential"]).status_code == 400


@REQUIRED
def test_registration_from_another_origin_or_for_another_site_is_refused(world: World) -> None:
    client = password_only(world.carol)
    for lie in ({"origin": "https://homeward.evil.example"}, {"rp_id": "evil.example"}):
        refused = register(client, SoftAuthenticator(), **lie)
        assert refused.status_code == 400 and "not registered" in refused.json()["error"]
    assert not SecurityKey.objects.exists()
    assert AuditEntry.objects.filter(action="accounts.security_key.refused").count() == 2


@REQUIRED
def test_a_password_alone_adds_no_key_to_an_account_that_has_one(world: World, carols_key: SoftAuthenticator) -> None:
    client = password_only(world.carol)
    assert post_json(client, OPTIONS).status_code == 403
    assert post_json(client, REGISTER, {}).status_code == 403
    assert client.get(KEYS)["Location"] == "/accounts/otp/"
    assert SecurityKey.objects.filter(user=world.carol).count() == 1


@REQUIRED
def test_a_coordinator_may_have_both_and_chooses_the_code(world: World) -> None:
    client = password_only(world.carol)
    secret = enrol(client)
    key = SoftAuthenticator()
    assert register(client, key).status_code == 200
    again = password_only(world.carol)
    page = again.get("/accounts/otp/").content.decode()
    assert "Use a code from my authenticator app instead" in page
    assert 'name="token"' in again.get("/accounts/otp/?method=code").content.decode()
    assert again.post("/accounts/otp/", {"token": code(secret, offset=1)}).status_code == 302
    assert is_verified(again)
    assert signed_in_with_key(world.carol, key).get("/registry/").status_code == 200


@REQUIRED
def test_only_the_owner_removes_a_key_and_never_the_last_second_factor(world: World,
                                                                       carols_key: SoftAuthenticator) -> None:
    stored = SecurityKey.objects.get(user=world.carol)
    url = f"/accounts/otp/keys/{stored.public_id}/remove/"
    mara = password_only(world.mara)
    assert mara.post(url).status_code == 404
    carol = signed_in_with_key(world.carol, carols_key)
    kept = carol.post(url, follow=True).content.decode()  # her only second factor, and her role needs one
    assert "set up another one before removing your last" in kept and SecurityKey.objects.filter(pk=stored.pk).exists()
    spare = SoftAuthenticator()
    assert register(carol, spare).status_code == 200
    assert carol.post(url)["Location"] == KEYS
    assert list(SecurityKey.objects.filter(user=world.carol).values_list("name", flat=True)) == ["blue key"]
    assert AuditEntry.objects.filter(action="accounts.security_key.remove", object_id=stored.public_id).exists()
    assert carol.get(KEYS)["Location"] == "/accounts/otp/"  # the key that verified this sign-in is gone
    assert key_answer(carol, spare).status_code == 200
    assert b"blue key" in carol.get(KEYS).content


@override_settings(HOMEWARD_WEBAUTHN_RP_ID="homeward.example", HOMEWARD_WEBAUTHN_ORIGINS=["https://homeward.example"])
def test_the_relying_party_comes_from_settings(world: World) -> None:
    client = password_only(world.alice)
    options = post_json(client, OPTIONS).json()
    assert options["rp"] == {"id": "homeward.example", "name": "homeward"}
    key = SoftAuthenticator()
    refused = post_json(client, REGISTER, {"name": "k", "credential": key.create(options)})  # from localhost
    assert refused.status_code == 400
    options = post_json(client, OPTIONS).json()
    accepted = post_json(client, REGISTER, {"name": "k", "credential": key.create(
        options, origin="https://homeward.example")})
    assert accepted.status_code == 200
