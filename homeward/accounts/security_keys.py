"""Security keys (WebAuthn) as a second factor: the registration and authentication ceremonies.

py_webauthn checks each response (challenge, origin, relying party id,
signature, user presence, the signature counter); this module keeps the
challenge on the server, in the session, for one use and a few minutes, and
takes the relying party from settings (HOMEWARD_WEBAUTHN_RP_ID and
HOMEWARD_WEBAUTHN_ORIGINS), never from the request. The writes (a new key,
its counter, refusals) are the audited services in
:mod:`homeward.accounts.services`.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from homeward.accounts.models import SecurityKey

CHALLENGE = "homeward_webauthn_challenge"  # session key: {"purpose", "challenge", "expires"}
REGISTER, AUTHENTICATE = "register", "authenticate"


class CeremonyRefused(ValueError):
    """A security key response that does not prove what it should; the message says why."""


def _store_challenge(session: Any, purpose: str, challenge: bytes) -> None:
    session[CHALLENGE] = {"purpose": purpose, "challenge": bytes_to_base64url(challenge),
                          "expires": time.time() + settings.HOMEWARD_WEBAUTHN_CHALLENGE_SECONDS}


def take_challenge(session: Any, purpose: str) -> bytes:
    """The challenge issued for ``purpose``, removed from the session: each one answers one response only."""
    stored = session.pop(CHALLENGE, None)
    if not stored or stored.get("purpose") != purpose:
        raise CeremonyRefused("No security key request is waiting for an answer; start again.")
    if time.time() > stored["expires"]:
        raise CeremonyRefused("The security key request expired; start again.")
    return base64url_to_bytes(stored["challenge"])


def _descriptors(user: Any) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(id=bytes(key.credential_id))
            for key in SecurityKey.objects.filter(user=user, confirmed=True)]


def registration_options(session: Any, user: Any) -> str:
    """The options for navigator.credentials.create(), as JSON; the challenge stays in the session."""
    options = generate_registration_options(
        rp_id=settings.HOMEWARD_WEBAUTHN_RP_ID, rp_name="homeward", user_name=user.get_username(),
        user_id=user.membership.public_id.bytes if hasattr(user, "membership") else str(user.pk).encode(),
        user_display_name=user.get_full_name() or user.get_username(),
        exclude_credentials=_descriptors(user), timeout=settings.HOMEWARD_WEBAUTHN_CHALLENGE_SECONDS * 1000,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.DISCOURAGED))
    _store_challenge(session, REGISTER, options.challenge)
    return options_to_json(options)


def authentication_options(session: Any, user: Any) -> str:
    """The options for navigator.credentials.get(), naming only this user's keys; the challenge is kept."""
    options = generate_authentication_options(
        rp_id=settings.HOMEWARD_WEBAUTHN_RP_ID, allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.DISCOURAGED,
        timeout=settings.HOMEWARD_WEBAUTHN_CHALLENGE_SECONDS * 1000)
    _store_challenge(session, AUTHENTICATE, options.challenge)
    return options_to_json(options)


def _parsed(body: bytes | str) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise CeremonyRefused("The security key's answer is not JSON.") from None
    if not isinstance(value, dict):
        raise CeremonyRefused("The security key's answer is not a credential.")
    return value


def verify_registration(challenge: bytes, body: bytes | str) -> Any:
    """The new credential (id, public key, counter) if the response answers ``challenge`` for this site."""
    try:
        return verify_registration_response(
            credential=_parsed(body), expected_challenge=challenge, expected_rp_id=settings.HOMEWARD_WEBAUTHN_RP_ID,
            expected_origin=settings.HOMEWARD_WEBAUTHN_ORIGINS)
    except WebAuthnException as error:
        raise CeremonyRefused(f"The security key was not registered: {error}") from None


def key_for_assertion(user: Any, body: bytes | str) -> tuple[SecurityKey, dict[str, Any]]:
    """The user's own key the assertion names; another user's key, or an unknown one, is refused."""
    credential = _parsed(body)
    raw_id = credential.get("rawId") or credential.get("id")
    try:
        credential_id = base64url_to_bytes(raw_id) if isinstance(raw_id, str) else b""
    except ValueError:
        credential_id = b""
    key = SecurityKey.objects.filter(user=user, confirmed=True, credential_id=credential_id).first()
    if key is None:
        raise CeremonyRefused("That security key is not registered to your account.")
    return key, credential


def verify_assertion(challenge: bytes, key: SecurityKey, credential: dict[str, Any]) -> int:
    """The authenticator's new signature counter, if the assertion answers ``challenge`` with ``key``."""
    try:
        verified = verify_authentication_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=settings.HOMEWARD_WEBAUTHN_RP_ID,
            expected_origin=settings.HOMEWARD_WEBAUTHN_ORIGINS, credential_public_key=bytes(key.public_key),
            credential_current_sign_count=key.sign_count)
    except WebAuthnException as error:
        raise CeremonyRefused(f"The security key's signature was refused: {error}") from None
    return verified.new_sign_count
