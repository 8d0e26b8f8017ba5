"""Organisations and the one membership each user holds."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django_otp.models import Device

from homeward.accounts.choices import OrganisationKind, Role


class Organisation(models.Model):
    """A party to the conflict, the mediator, a medical service or an observer.

    What a user may see is decided by their organisation's role in each
    record, never by a filter in a view.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    country = models.CharField(max_length=100, blank=True)
    record_language = models.CharField(
        max_length=8, blank=True, help_text="Language its lists are kept in (uk, ru, en)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_party(self) -> bool:
        return self.kind == OrganisationKind.PARTY

    @property
    def is_mediator(self) -> bool:
        return self.kind == OrganisationKind.MEDIATOR


class Membership(models.Model):
    """A user's place: exactly one organisation, one role."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    # The language of the user's pages; blank follows the browser (its Accept-Language, or the switcher's cookie).
    language = models.CharField(max_length=8, blank=True, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation.short_name})"


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)


class SigningKey(models.Model):
    """An organisation's Ed25519 signing key: the public half here, the private half in the key store.

    Signatures name their key by ``key_id``, so a document signed before a key
    was retired still verifies against it.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="signing_keys")
    key_id = models.CharField(max_length=16, unique=True)
    public_key = models.CharField(max_length=64, help_text="Base64 of the 32-byte Ed25519 public key.")
    created_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation"], condition=models.Q(retired_at__isnull=True),
                                    name="signing_key_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.short_name} {self.key_id}"


class TrustRootVersion(models.Model):
    """One version of an agreement's trust root: which keys speak for party A, party B and the mediator.

    The content is the canonical document of homeward_core.transparency.trustroot; it is in force once
    each of the three organisations has signed it (and, after a key change, endorsed it with the key
    the previous version listed). A version never changes; a new key means a new version.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="trust_roots")
    version = models.PositiveIntegerField()
    content = models.JSONField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["agreement", "version"]
        constraints = [models.UniqueConstraint(fields=["agreement", "version"], name="trust_root_version_once")]


class TrustRootSignature(models.Model):
    """One organisation's signature on a trust root version, by one of its keys."""

    root = models.ForeignKey(TrustRootVersion, on_delete=models.PROTECT, related_name="signatures")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10)
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=100)
    content_sha256 = models.CharField(max_length=64)
    signed_at = models.DateTimeField()
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["root", "key_id"], name="trust_root_key_signs_once")]


class SecurityKey(Device):
    """A user's WebAuthn security key (FIDO2 authenticator), a second factor beside TOTP.

    A django-otp device, so a session verified with it counts as verified
    everywhere a code would. Only the credential's id and public key are kept;
    ``sign_count`` is the authenticator's signature counter, which must grow
    (a cloned key shows a counter that does not).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    credential_id = models.BinaryField(max_length=1023, unique=True)
    public_key = models.BinaryField(max_length=1023, help_text="COSE_Key of the credential.")
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "created_at", "id"]
