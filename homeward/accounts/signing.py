"""Organisations' signing keys and signatures: the Django side of homeward_core.transparency.signing.

The private half of each key is kept in the key store, one file per key under
the data directory, readable by the server's user only; the database holds
the public half. (The trust issue moves signing onto each organisation's own
device; the documents and signatures stay the same.)
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from homeward.accounts.models import Organisation, SigningKey
from homeward.audit import services as audit
from homeward.audit.guard import audited_service
from homeward_core.transparency.signing import DetachedSignature, key_id, new_private_key, public_key_of, sign


def key_store() -> Path:
    return Path(settings.DATA_DIR) / "signing-keys"


def _write_private(identifier: str, private: bytes) -> None:
    folder = key_store()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(folder / f"{identifier}.key", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(private)


def _read_private(identifier: str) -> bytes:
    return (key_store() / f"{identifier}.key").read_bytes()


def private_key(identifier: str) -> bytes:
    """The private half of one of the organisations' keys, current or retired, from the key store."""
    return _read_private(identifier)


@audited_service
def signing_key_issue(*, organisation: Organisation, acting_user: Any) -> SigningKey:
    """A new key for the organisation; its current key, if any, is retired (old signatures still verify)."""
    private = new_private_key()
    public = public_key_of(private)
    identifier = key_id(public)
    now = timezone.now()
    SigningKey.objects.filter(organisation=organisation, retired_at__isnull=True).update(retired_at=now)
    key = SigningKey.objects.create(organisation=organisation, key_id=identifier,
                                    public_key=base64.b64encode(public).decode("ascii"), created_at=now)
    _write_private(identifier, private)
    audit.record(acting_user=acting_user, action="accounts.signing_key.issue", object_type="organisation",
                 object_id=organisation.public_id, organisation=organisation, after={"key_id": identifier})
    return key


def sign_for(organisation: Organisation, kind: str, content: Any, *, acting_user: Any) -> DetachedSignature:
    """Sign with the organisation's current key, issuing one on first use."""
    key = SigningKey.objects.filter(organisation=organisation, retired_at__isnull=True).first()
    if key is None or not (key_store() / f"{key.key_id}.key").exists():
        key = signing_key_issue(organisation=organisation, acting_user=acting_user)
    return sign(kind, content, _read_private(key.key_id))


def trusted_keys(organisation_id: int) -> dict[str, bytes]:
    """Every key the organisation has held, current and retired, by key id."""
    return _keys_of([organisation_id])[organisation_id]


def _keys_of(organisation_ids: Any) -> dict[int, dict[str, bytes]]:
    """trusted_keys of several organisations in one query."""
    keys: dict[int, dict[str, bytes]] = {pk: {} for pk in organisation_ids}
    for key in SigningKey.objects.filter(organisation_id__in=keys):
        keys[key.organisation_id][key.key_id] = base64.b64decode(key.public_key)
    return keys


def verify_stored(kind: str, content: Any, signatures: Any) -> list[tuple[Any, str]]:
    """Each stored signature of a document checked again: (signature row, "" or the reason it fails)."""
    from homeward_core.transparency.canonical import canonical_bytes
    from homeward_core.transparency.signing import SignatureInvalid, verify_canonical

    rows = list(signatures)
    keys = _keys_of({row.organisation_id for row in rows})  # one query, not one per signature
    canonical = canonical_bytes(content)  # once, not twice per signature: a protocol lists every crossing
    results = []
    for row in rows:
        detached = DetachedSignature(row.key_id, row.signature, row.content_sha256)
        try:
            verify_canonical(kind, canonical, detached, keys[row.organisation_id])
            results.append((row, ""))
        except SignatureInvalid as error:
            results.append((row, str(error)))
    return results
