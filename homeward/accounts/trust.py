"""An agreement's trust root in the database: versions proposed by the mediator, signed by all three.

The document and every check are homeward_core.transparency.trustroot's; this
module keeps the versions and signatures, and signs with the keys in the
key store (homeward.accounts.signing). Each organisation's coordinator signs
for it, with its current key and, when the previous version listed another
key for it, with that key too: the old key endorses the change. A party
exports every version (``trust_root_export``) and checks them offline with
``homeward trust-root verify``.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.choices import Role
from homeward.accounts.models import SigningKey, TrustRootSignature, TrustRootVersion
from homeward.accounts.scoping import NotAllowed, require_actor
from homeward.accounts.signing import private_key, signing_key_issue
from homeward.audit import services as audit
from homeward.audit.guard import audited_service
from homeward_core.transparency.canonical import canonical_bytes, digest
from homeward_core.transparency.signing import DetachedSignature, sign
from homeward_core.transparency.trustroot import (
    KIND,
    LOG_TRUST_KIND,
    Member,
    RootKey,
    RootSignature,
    SignedRoot,
    TrustRoot,
    chain_bytes,
    root_from_content,
)

VALIDITY = dt.timedelta(days=365)


class TrustRootError(ValueError):
    """A trust root step that cannot be taken, with the reason."""


def _roles(agreement: Any) -> dict[str, Any]:
    return {"party_a": agreement.party_a, "party_b": agreement.party_b, "mediator": agreement.mediator}


def _member(role: str, organisation: Any, acting_user: Any) -> Member:
    keys = list(SigningKey.objects.filter(organisation=organisation).order_by("created_at", "id"))
    if not any(k.retired_at is None for k in keys):
        keys.append(signing_key_issue(organisation=organisation, acting_user=acting_user))
    return Member(role, str(organisation.public_id), organisation.name, tuple(
        RootKey(k.key_id, base64.b64decode(k.public_key), "active" if k.retired_at is None else "retired")
        for k in keys))


def latest(agreement: Any) -> TrustRootVersion | None:
    return TrustRootVersion.objects.filter(agreement=agreement).order_by("-version").first()


@audited_service
def trust_root_propose(*, agreement: Any, acting_user: Any) -> TrustRootVersion:
    """A new version listing each organisation's keys as they are now; the mediator's coordinator proposes."""
    actor = require_actor(acting_user)
    if not (actor.organisation.pk == agreement.mediator_id and actor.role == Role.COORDINATOR):
        raise NotAllowed(_("Only the agreement's mediator's coordinator proposes a trust root."))
    previous = latest(agreement)
    members = tuple(_member(role, org, acting_user) for role, org in _roles(agreement).items())
    before = root_from_content(previous.content) if previous is not None else None
    if before is not None and before.members == members:
        raise TrustRootError(
            _("Version %(version)s already lists every organisation's keys as they are.") % {"version": before.version}
        )
    now = timezone.now().replace(microsecond=0)
    root = TrustRoot(before.version + 1 if before else 1, now, now + VALIDITY, members,
                     before.digest() if before else None)
    row = TrustRootVersion.objects.create(agreement=agreement, version=root.version, content=root.content(),
                                          created_at=timezone.now(), created_by=acting_user)
    audit.record(acting_user=acting_user, action="accounts.trust_root.propose", object_type="trust_root",
                 object_id=row.public_id, after=root.content(), summary={"version": root.version})
    return row


@audited_service
def trust_root_sign(*, version: TrustRootVersion, acting_user: Any) -> list[TrustRootSignature]:
    """The signing organisation's coordinator signs; after a key change its previous key endorses too."""
    actor = require_actor(acting_user)
    roles = {org.pk: role for role, org in _roles(version.agreement).items()}
    role = roles.get(actor.organisation.pk)
    if role is None or actor.role != Role.COORDINATOR:
        raise NotAllowed(_("Only a coordinator of party A, party B or the mediator signs the trust root."))
    if version.signatures.filter(organisation=actor.organisation).exists():
        raise TrustRootError(_("Your organisation has already signed this version."))
    root = root_from_content(version.content)
    current = SigningKey.objects.filter(organisation=actor.organisation, retired_at__isnull=True).first()
    active = [k.key_id for k in root.member(role).keys if k.status == "active"]
    if current is None or active != [current.key_id]:
        raise TrustRootError(_("This version does not list your organisation's current key; propose a new version."))
    keys = [current.key_id]
    previous = TrustRootVersion.objects.filter(agreement=version.agreement, version=version.version - 1).first()
    if previous is not None:
        old = [k.key_id for k in root_from_content(previous.content).member(role).keys if k.status == "active"]
        keys += [k for k in old if k not in keys]
    now = timezone.now()
    rows = []
    for key_id in keys:
        detached = sign(KIND, root.content(), private_key(key_id))
        rows.append(TrustRootSignature.objects.create(
            root=version, organisation=actor.organisation, role=role, key_id=detached.key_id,
            signature=detached.signature, content_sha256=detached.content_sha256, signed_at=now,
            signed_by=acting_user))
    audit.record(acting_user=acting_user, action="accounts.trust_root.sign", object_type="trust_root",
                 object_id=version.public_id, summary={"version": version.version, "keys": keys})
    return rows


def signed(version: TrustRootVersion) -> SignedRoot:
    return SignedRoot(root_from_content(version.content), tuple(
        RootSignature(s.role, DetachedSignature(s.key_id, s.signature, s.content_sha256))
        for s in version.signatures.order_by("id")))


def trust_root_export(agreement: Any) -> bytes:
    """Every signed version of the agreement's trust root, oldest first, for ``homeward trust-root verify``."""
    versions = list(TrustRootVersion.objects.filter(agreement=agreement).order_by("version"))
    if not versions:
        raise TrustRootError(_("This agreement has no trust root yet."))
    return chain_bytes([signed(v) for v in versions])


# The transparency log's trust file (origin, log key, witness keys, quorum), signed by the same three
# organisations with their trust root keys: a party that verified the root needs no other check of it.

def log_trust_content() -> dict[str, Any]:
    from homeward.audit.checkpoints import trust_document

    return trust_document()


def _log_trust_id(content: dict[str, Any]) -> uuid.UUID:
    """A stored signature names the document it signs; the trust file's identity is its digest."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"homeward:{LOG_TRUST_KIND}:{digest(content)}")


def log_trust_signatures(content: dict[str, Any]) -> Any:
    from homeward.operations.models import DocumentSignature

    return DocumentSignature.objects.filter(kind=LOG_TRUST_KIND, document_id=_log_trust_id(content)).select_related(
        "organisation", "signed_by").order_by("signed_at", "id")


@audited_service
def log_trust_sign(*, agreement: Any, acting_user: Any) -> Any:
    """The organisation's coordinator signs the log's trust file as it stands, with its current key."""
    from homeward.accounts.signing import sign_for
    from homeward.operations.models import DocumentSignature

    actor = require_actor(acting_user)
    if actor.organisation.pk not in {org.pk for org in _roles(agreement).values()} or actor.role != Role.COORDINATOR:
        raise NotAllowed("Only a coordinator of party A, party B or the mediator signs the log's trust file.")
    content = log_trust_content()
    if log_trust_signatures(content).filter(organisation=actor.organisation).exists():
        raise TrustRootError("Your organisation has already signed the trust file as it stands.")
    detached = sign_for(actor.organisation, LOG_TRUST_KIND, content, acting_user=acting_user)
    row = DocumentSignature.objects.create(
        kind=LOG_TRUST_KIND, document_id=_log_trust_id(content), organisation=actor.organisation,
        key_id=detached.key_id, signature=detached.signature, content_sha256=detached.content_sha256,
        signed_at=timezone.now(), signed_by=acting_user)
    audit.record(acting_user=acting_user, action="accounts.log_trust.sign", object_type="signature",
                 object_id=row.public_id, after={"content_sha256": detached.content_sha256, "key_id": row.key_id})
    return row


def log_trust_export(agreement: Any) -> bytes:
    """The trust file with the signatures of this agreement's three organisations, for ``homeward verify``."""
    content = log_trust_content()
    roles = {org.pk: role for role, org in _roles(agreement).items()}
    signatures = [{"role": roles[row.organisation_id],
                   **DetachedSignature(row.key_id, row.signature, row.content_sha256).as_dict()}
                  for row in log_trust_signatures(content) if row.organisation_id in roles]
    return canonical_bytes({**content, "signatures": signatures})
