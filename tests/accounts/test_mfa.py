"""The second factor: coordinators enrol an authenticator; the enrolled give a code at every sign-in."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.test import Client, override_settings
from django_otp.oath import TOTP

from homeward.audit.models import AuditEntry
from tests.conftest import PASSWORD, World

REQUIRED = override_settings(HOMEWARD_MFA_REQUIRED=True)


def password_only(user) -> Client:  # noqa: ANN001
    client = Client()
    response = client.post("/accounts/login/", {"username": user.get_username(), "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def code(secret: str, offset: int = 0) -> str:
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time += offset * 30
    return f"{totp.token():06d}"


def enrol(client: Client) -> str:
    page = client.get("/accounts/otp/setup/").content.decode()
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert 'src="data:image/svg+xml;base64,' in page  # the QR code, from our own origin
    assert client.post("/accounts/otp/setup/", {"token": code(secret)}).status_code == 302
    return secret


@REQUIRED
def test_a_coordinator_must_enrol_before_seeing_anything(world: World) -> None:
    client = password_only(world.carol)
    assert client.get("/registry/")["Location"] == "/accounts/otp/setup/"
    assert 'class="main-nav"' not in client.get("/accounts/otp/setup/").content.decode()  # no links to nowhere
    assert client.get("/api/declarations").status_code == 403
    secret = enrol(client)
    assert client.get("/registry/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.mfa.enrolled").count() == 1

    again = password_only(world.carol)  # the next sign-in asks for a code
    assert again.get("/registry/")["Location"] == "/accounts/otp/"
    assert again.post("/accounts/otp/", {"token": code(secret, offset=1)}).status_code == 302
    assert again.get("/registry/").status_code == 200


@REQUIRED
def test_a_wrong_code_is_refused_and_the_next_try_must_wait(world: World) -> None:
    secret = enrol(password_only(world.carol))
    client = password_only(world.carol)
    wrong = client.post("/accounts/otp/", {"token": "000000" if code(secret, 1) != "000000" else "111111"})
    assert "That code is wrong" in wrong.content.decode()
    assert client.get("/registry/")["Location"] == "/accounts/otp/"
    throttled = client.post("/accounts/otp/", {"token": code(secret, offset=1)})  # right, but too soon
    assert "each next try waits longer" in throttled.content.decode()
    assert client.get("/registry/")["Location"] == "/accounts/otp/"
    assert AuditEntry.objects.filter(action="accounts.mfa.refused").count() == 2


@REQUIRED
def test_a_code_is_used_once(world: World) -> None:
    client = password_only(world.carol)
    secret = enrol(client)
    used = code(secret)  # the enrolment's code
    second = password_only(world.carol)
    response = second.post("/accounts/otp/", {"token": used})
    assert "That code is wrong or was already used" in response.content.decode()
    assert second.get("/registry/").status_code == 302


@REQUIRED
def test_an_operator_needs_no_second_factor_unless_enrolled(world: World) -> None:
    client = password_only(world.alice)  # party A operator
    assert client.get("/registry/").status_code == 200


@REQUIRED
@pytest.mark.parametrize("token", ["", "12345", "abcdef", "1234567890"])
def test_malformed_codes_are_refused_with_a_message(world: World, token: str) -> None:
    client = password_only(world.carol)
    enrol(client)
    second = password_only(world.carol)
    response = second.post("/accounts/otp/", {"token": token})
    assert response.status_code == 200  # the form again, with the error
    assert second.get("/registry/").status_code == 302


def test_someone_enrolled_gives_a_code_even_where_enrolment_is_not_required(world: World) -> None:
    with REQUIRED:
        enrol(password_only(world.carol))
    client = password_only(world.carol)
    assert client.get("/registry/")["Location"] == "/accounts/otp/"
