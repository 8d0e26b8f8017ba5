"""Audited writes for organisations, users, memberships and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone

from homeward.accounts.choices import OrganisationKind, Role
from homeward.accounts.models import ApiToken, Membership, Organisation
from homeward.audit import services as audit
from homeward.audit.guard import audited_service


def _org_state(org: Organisation) -> dict[str, Any]:
    return {"name": org.name, "short_name": org.short_name, "kind": org.kind, "country": org.country}


@audited_service
def organisation_create(
    *,
    name: str,
    short_name: str,
    kind: OrganisationKind | str,
    country: str = "",
    record_language: str = "",
    acting_user: Any,
) -> Organisation:
    org = Organisation.objects.create(
        name=name, short_name=short_name, kind=kind, country=country, record_language=record_language
    )
    audit.record(
        acting_user=acting_user, action="accounts.organisation.create", object_type="organisation",
        object_id=org.public_id, after=_org_state(org), organisation=org,
    )
    return org


@audited_service
def user_create(
    *,
    username: str,
    password: str | None,
    organisation: Organisation,
    role: Role | str,
    full_name: str = "",
    email: str = "",
    language: str = "",
    acting_user: Any,
    validate: bool = True,
) -> Any:
    """Create a user and their one membership; the password is checked unless told otherwise.

    The user's pages are in ``language`` ("": whatever their browser asks for); `homeward add_user` and the
    demo give their organisation's language (:func:`organisation_language`).
    """
    _check_language(language)
    user_model = get_user_model()
    user = user_model(username=username, email=email, first_name=full_name[:150])
    if password is None:
        user.set_unusable_password()
    else:
        if validate:
            validate_password(password, user)
        user.set_password(password)
    user.save()
    membership = Membership.objects.create(user=user, organisation=organisation, role=role, language=language)
    audit.record(
        acting_user=acting_user, action="accounts.user.create", object_type="membership",
        object_id=membership.public_id, organisation=organisation,
        after={"username": username, "role": str(role), "organisation": str(organisation.public_id)},
    )
    return user


def _language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def organisation_language(organisation: Organisation) -> str:
    """The language an organisation keeps its lists in, when homeward's pages speak it; else ""."""
    return organisation.record_language if organisation.record_language in _language_codes() else ""


def _check_language(language: str) -> None:
    if language and language not in _language_codes():
        raise ValueError(f"{language!r} is not a language of homeward ({', '.join(sorted(_language_codes()))}).")


@audited_service
def user_set_language(*, language: str, acting_user: Any) -> None:
    """The language of the user's own pages from now on ("" follows the browser)."""
    _check_language(language)
    membership = Membership.objects.select_for_update().get(user=acting_user)
    if membership.language == language:
        return
    before = membership.language
    membership.language = language
    membership.save(update_fields=["language"])
    audit.record(
        acting_user=acting_user, action="accounts.user.language", object_type="membership",
        object_id=membership.public_id, organisation=membership.organisation,
        before={"language": before}, after={"language": language},
    )


@audited_service
def user_deactivate(*, user: Any, acting_user: Any) -> None:
    """Sign-in stops at once; the user and everything they recorded stay for the record."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record(
        acting_user=acting_user, action="accounts.user.deactivate", object_type="membership",
        object_id=user.membership.public_id, organisation=user.membership.organisation,
        before={"active": True}, after={"active": False},
    )


@audited_service
def user_sign_in(*, acting_user: Any) -> None:
    """Record that a user signed in: the time on the account, and an entry in the log."""
    acting_user.last_login = timezone.now()
    acting_user.save(update_fields=["last_login"])
    audit.record(
        acting_user=acting_user, action="accounts.user.sign_in", object_type="membership",
        object_id=_membership_id(acting_user),
    )


@audited_service
def sign_in_attempt(*, request: Any, username: str, password: str) -> Any:
    """Check a sign-in; the user, or None. A refusal is audited, and so is django-axes' count of it.

    The lock-out bookkeeping that django-axes writes (one row per account and
    address, cleared after the cool-off) is written here, inside the service,
    with an audit entry that names the address but not the password tried.
    """
    user = authenticate(request, username=username, password=password)
    if user is None:
        locked = bool(getattr(request, "axes_locked_out", False))
        audit.record(acting_user=None, action="accounts.sign_in.refused", object_type="user", object_id=None,
                     after={"username": username, "address": getattr(request, "axes_ip_address", "")},
                     summary={"locked_out": locked})
    return user


@audited_service
def user_password_rehash(*, acting_user: Any, raw_password: str) -> None:
    """Store the password just checked under the current hasher; the password itself is unchanged."""
    acting_user.set_password(raw_password)
    acting_user._password = None  # as Django's own re-hash does: not a change, so no password_changed hooks
    acting_user.save(update_fields=["password"])
    audit.record(
        acting_user=acting_user, action="accounts.user.password_rehash", object_type="membership",
        object_id=_membership_id(acting_user), summary={"hasher": acting_user.password.split("$", 1)[0]},
    )


def _membership_id(user: Any) -> Any:
    membership = getattr(user, "membership", None)  # None for a user outside every organisation
    return membership.public_id if membership is not None else None


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@audited_service
def api_token_create(*, user: Any, name: str, acting_user: Any) -> tuple[ApiToken, str]:
    """A new API token; the raw value is returned once and never stored."""
    raw = "hw_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, token_sha256=hash_token(raw))
    audit.record(
        acting_user=acting_user, action="accounts.api_token.create", object_type="api_token",
        object_id=token.public_id, after={"name": name, "user": user.get_username()},
    )
    return token, raw


# The second factor (homeward.accounts.mfa). django-otp saves a device on every check (its replay counter,
# its throttle after wrong codes); those writes happen here, audited.

@audited_service
def mfa_enrolment_start(*, acting_user: Any, key: str | None = None) -> Any:
    """A new, unconfirmed authenticator for the user; an earlier unconfirmed one is discarded."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
    device = TOTPDevice(user=acting_user, name="authenticator", confirmed=False)
    if key is not None:
        device.key = key
    device.save()
    audit.record(acting_user=acting_user, action="accounts.mfa.enrolment_start", object_type="user",
                 object_id=None, summary={"device": device.persistent_id})
    return device


@audited_service
def mfa_enrolment_confirm(*, acting_user: Any, token: str) -> Any:
    """Confirm the user's new authenticator with a code from it; the device, or None for a wrong code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=acting_user, confirmed=False).order_by("-id").first()
    if device is None or not device.verify_token(token):
        audit.record(acting_user=acting_user, action="accounts.mfa.enrolment_refused", object_type="user",
                     object_id=None)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(acting_user=acting_user, action="accounts.mfa.enrolled", object_type="user", object_id=None,
                 summary={"device": device.persistent_id})
    return device


@audited_service
def mfa_verify(*, acting_user: Any, token: str) -> Any:
    """Check a code against the user's confirmed authenticators; the device that took it, or None."""
    from django_otp import devices_for_user

    for device in devices_for_user(acting_user, confirmed=True):
        if device.verify_token(token):
            audit.record(acting_user=acting_user, action="accounts.mfa.verified", object_type="user",
                         object_id=None, summary={"device": device.persistent_id})
            return device
    audit.record(acting_user=acting_user, action="accounts.mfa.refused", object_type="user", object_id=None)
    return None


# Security keys (homeward.accounts.security_keys): registration, removal, and each signature's counter, audited.

@audited_service
def security_key_register(*, acting_user: Any, challenge: bytes, response: bytes | str, name: str) -> tuple[Any, str]:
    """Keep the key that answered the registration ``challenge``: (the key, "") or (None, why it was refused)."""
    from homeward.accounts.models import SecurityKey
    from homeward.accounts.security_keys import CeremonyRefused, verify_registration

    try:
        verified = verify_registration(challenge, response)
        if SecurityKey.objects.filter(credential_id=verified.credential_id).exists():
            raise CeremonyRefused("This security key is already registered.")
    except CeremonyRefused as refused:
        audit.record(acting_user=acting_user, action="accounts.security_key.refused", object_type="user",
                     object_id=None, summary={"ceremony": "register"})
        return None, str(refused)
    key = SecurityKey.objects.create(
        user=acting_user, name=(name.strip() or "security key")[:64], confirmed=True,
        credential_id=verified.credential_id, public_key=verified.credential_public_key,
        sign_count=verified.sign_count, created_at=timezone.now())
    audit.record(acting_user=acting_user, action="accounts.security_key.register", object_type="security_key",
                 object_id=key.public_id, after={"name": key.name, "credential": verified.credential_id.hex()},
                 summary={"device": key.persistent_id})
    return key, ""


@audited_service
def security_key_remove(*, key: Any, acting_user: Any) -> None:
    """A user removes one of their own security keys."""
    from django_otp import devices_for_user

    from homeward.accounts.mfa import mfa_required
    from homeward.accounts.scoping import NotAllowed

    if key.user_id != acting_user.pk:
        raise NotAllowed("You can remove only your own security keys.")
    if mfa_required(acting_user) and not any(d != key for d in devices_for_user(acting_user, confirmed=True)):
        raise NotAllowed("Your role needs a second factor: set up another one before removing your last.")
    public_id = key.public_id
    key.delete()
    audit.record(acting_user=acting_user, action="accounts.security_key.remove", object_type="security_key",
                 object_id=public_id)


@audited_service
def security_key_authenticate(*, acting_user: Any, challenge: bytes, response: bytes | str) -> tuple[Any, str]:
    """Check a security key's signature over ``challenge``: (the key, "") or (None, why it was refused).

    The key's signature counter moves on with each accepted signature; one
    that does not grow is refused, as a cloned key would show.
    """
    from homeward.accounts.security_keys import CeremonyRefused, key_for_assertion, verify_assertion

    try:
        key, credential = key_for_assertion(acting_user, response)
        counter = verify_assertion(challenge, key, credential)
    except CeremonyRefused as refused:
        audit.record(acting_user=acting_user, action="accounts.mfa.refused", object_type="user", object_id=None,
                     summary={"ceremony": "security_key"})
        return None, str(refused)
    key.sign_count, key.last_used_at = counter, timezone.now()
    key.save(update_fields=["sign_count", "last_used_at"])
    audit.record(acting_user=acting_user, action="accounts.mfa.verified", object_type="user", object_id=None,
                 summary={"device": key.persistent_id})
    return key, ""
