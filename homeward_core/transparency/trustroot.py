"""The trust root: which keys speak for party A, party B and the mediator, signed by all three.

A verifier that holds a trust root needs nothing else to check a signature
on a list, manifest or protocol: the signer's organisation, its keys, and
whether each key is active, retired (it signed in the past; its old
signatures still verify) or revoked (compromised: nothing it signed is
trusted). The root itself is a canonical JSON document signed by each of
the three organisations with a key the root lists as active for it.

Rotation is a new version of the root that names the previous one by its
digest and is signed twice over: by every organisation's active key in the
new root and by its active key in the previous root, so a verifier who
trusted version N can accept version N + 1 without trusting anyone new.
Roots expire; an expired root is refused rather than trusted forever.

Everything that is not exactly right is refused with :class:`TrustError`
naming the problem: an unknown or wrong key, a revoked key, the same signer
twice, a missing organisation, an expired root, a version that does not
follow, a document that is not strictly the JSON it claims to be
(duplicate members, non-finite numbers), a changed byte.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeward_core.transparency.canonical import canonical_bytes, digest
from homeward_core.transparency.signing import (
    DetachedSignature,
    SignatureInvalid,
    key_id,
    public_key_of,
    sign,
    verify,
)

FORMAT = "homeward-trust-root/1"
CHAIN_FORMAT = "homeward-trust-roots/1"
KIND = "trust-root"
LOG_TRUST_KIND = "log-trust"  # the transparency log's trust file, signed by the three under their root keys
TRUST_FILE_MEMBERS = ("origin", "log_key", "witnesses", "quorum")
ROLES = ("party_a", "party_b", "mediator")
STATUSES = ("active", "retired", "revoked")


class TrustError(ValueError):
    """A trust root or a signature under it that must not be trusted, and why."""


@dataclass(frozen=True)
class RootKey:
    key_id: str
    public_key: bytes
    status: str = "active"


@dataclass(frozen=True)
class Member:
    role: str
    organisation: str  # the organisation's public id
    name: str
    keys: tuple[RootKey, ...]

    def key(self, identifier: str) -> RootKey | None:
        return next((k for k in self.keys if k.key_id == identifier), None)


@dataclass(frozen=True)
class TrustRoot:
    version: int
    issued_at: datetime
    expires_at: datetime
    members: tuple[Member, ...]
    previous: str | None = None  # digest of the previous version's content

    def member(self, role: str) -> Member:
        found = next((m for m in self.members if m.role == role), None)
        if found is None:
            raise TrustError(f"the trust root has no {role}")
        return found

    def content(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "version": self.version, "previous": self.previous,
            "issued_at": self.issued_at.isoformat(), "expires_at": self.expires_at.isoformat(),
            "members": [{"role": m.role, "organisation": m.organisation, "name": m.name,
                         "keys": [{"key_id": k.key_id, "public_key": base64.b64encode(k.public_key).decode("ascii"),
                                   "status": k.status} for k in m.keys]} for m in self.members],
        }

    def digest(self) -> str:
        return digest(self.content())


@dataclass(frozen=True)
class RootSignature:
    role: str
    signature: DetachedSignature


@dataclass(frozen=True)
class SignedRoot:
    root: TrustRoot
    signatures: tuple[RootSignature, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"root": self.root.content(),
                "signatures": [{"role": s.role, **s.signature.as_dict()} for s in self.signatures]}

    def to_json(self) -> bytes:
        return canonical_bytes(self.as_dict())


def member_from_keys(role: str, organisation: str, name: str, keys: Sequence[tuple[bytes, str]]) -> Member:
    """A member from (public key, status) pairs."""
    return Member(role, organisation, name, tuple(RootKey(key_id(public), public, status) for public, status in keys))


def sign_root(root: TrustRoot, private_keys: Mapping[str, Sequence[bytes]]) -> SignedRoot:
    """Sign ``root`` with each role's private keys (the new active key and, on rotation, the previous one)."""
    content = root.content()
    return SignedRoot(root, tuple(RootSignature(role, sign(KIND, content, private))
                                  for role, keys in private_keys.items() for private in keys))


# Reading a root from bytes ---------------------------------------------------------------------------------


def _strict_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for name, value in pairs:
        if name in seen:
            raise TrustError(f"the document repeats the member {name!r}: it is not one unambiguous JSON document")
        seen[name] = value
    return seen


def _no_constant(name: str) -> Any:
    raise TrustError(f"the document holds {name}, which is not JSON")


def _strict_json(data: bytes, what: str) -> Any:
    """JSON that means one thing only: UTF-8, no repeated members, no NaN or Infinity."""
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_strict_object, parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise TrustError(f"the {what} is not UTF-8") from None
    except json.JSONDecodeError as error:
        raise TrustError(f"the {what} is not JSON ({error.msg} at byte {error.pos})") from None


def parse_signed_root(data: bytes) -> SignedRoot:
    """A signed root from its JSON bytes; TrustError for anything that is not exactly one well-formed root."""
    return _signed_root_from(_strict_json(data, "document"))


def _signed_root_from(raw: Any) -> SignedRoot:
    if not isinstance(raw, dict) or set(raw) != {"root", "signatures"}:
        raise TrustError("a signed root has exactly the members 'root' and 'signatures'")
    root = _root_from(raw["root"])
    if not isinstance(raw["signatures"], list):
        raise TrustError("'signatures' is a list")
    return SignedRoot(root, tuple(_signature_from(s) for s in raw["signatures"]))


def root_from_content(raw: Any) -> TrustRoot:
    """A trust root from its content (as ``TrustRoot.content()`` gives it); TrustError when malformed."""
    return _root_from(raw)


def _root_from(raw: Any) -> TrustRoot:
    expected = {"format", "version", "previous", "issued_at", "expires_at", "members"}
    if not isinstance(raw, dict) or set(raw) != expected:
        raise TrustError(f"a trust root has exactly the members {sorted(expected)}")
    if raw["format"] != FORMAT:
        raise TrustError(f"unknown trust root format {raw['format']!r}")
    if type(raw["version"]) is not int or raw["version"] < 1:
        raise TrustError("the version is a whole number from 1")
    if raw["previous"] is not None and not _is_digest(raw["previous"]):
        raise TrustError("'previous' is the SHA-256 of the previous version, or null")
    try:
        issued, expires = (datetime.fromisoformat(raw[k]) for k in ("issued_at", "expires_at"))
    except (TypeError, ValueError):
        raise TrustError("issued_at and expires_at are ISO 8601 times") from None
    if issued.tzinfo is None or expires.tzinfo is None or expires <= issued:
        raise TrustError("issued_at and expires_at carry a time zone and expires_at comes after issued_at")
    if not isinstance(raw["members"], list) or sorted(m.get("role") for m in raw["members"]
                                                      if isinstance(m, dict)) != sorted(ROLES):
        raise TrustError("the members are exactly party_a, party_b and the mediator, once each")
    return TrustRoot(raw["version"], issued, expires, tuple(_member_from(m) for m in raw["members"]),
                     raw["previous"])


def _member_from(raw: dict[str, Any]) -> Member:
    if set(raw) != {"role", "organisation", "name", "keys"} or not isinstance(raw["keys"], list) or not raw["keys"]:
        raise TrustError(f"member {raw.get('role')!r}: role, organisation, name and at least one key")
    keys = []
    for item in raw["keys"]:
        if not isinstance(item, dict) or set(item) != {"key_id", "public_key", "status"}:
            raise TrustError(f"member {raw['role']}: a key has key_id, public_key and status")
        public = _b64(item["public_key"], 32, f"member {raw['role']}: a public key")
        if item["key_id"] != key_id(public):
            raise TrustError(f"member {raw['role']}: key id {item['key_id']!r} is not the id of its public key")
        if item["status"] not in STATUSES:
            raise TrustError(f"member {raw['role']}: unknown key status {item['status']!r}")
        keys.append(RootKey(item["key_id"], public, item["status"]))
    if len({k.key_id for k in keys}) != len(keys):
        raise TrustError(f"member {raw['role']}: the same key is listed twice")
    return Member(raw["role"], str(raw["organisation"]), str(raw["name"]), tuple(keys))


def _signature_from(raw: Any) -> RootSignature:
    if not isinstance(raw, dict) or set(raw) != {"role", "algorithm", "key_id", "signature", "content_sha256"}:
        raise TrustError("a root signature has role, algorithm, key_id, signature and content_sha256")
    _b64(raw["signature"], 64, "a signature")
    return RootSignature(raw["role"], DetachedSignature(raw["key_id"], raw["signature"], raw["content_sha256"],
                                                        raw["algorithm"]))


def _b64(value: Any, size: int, what: str) -> bytes:
    try:
        decoded = base64.b64decode(value, validate=True) if isinstance(value, str) else b""
    except (binascii.Error, ValueError):
        decoded = b""
    if len(decoded) != size or base64.b64encode(decoded).decode("ascii") != value:
        raise TrustError(f"{what} is {size} bytes in standard base64")
    return decoded


def _is_digest(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


# Verifying ---------------------------------------------------------------------------------------------------


def verify_root(signed: SignedRoot, *, now: datetime, previous: TrustRoot | None = None) -> TrustRoot:
    """The root, once every check has passed: signed by all three (and, after ``previous``, endorsed by it)."""
    root = signed.root
    if now >= root.expires_at:
        raise TrustError(f"the trust root (version {root.version}) expired at {root.expires_at.isoformat()}")
    if now < root.issued_at:
        raise TrustError("the trust root is issued in the future")
    content = root.content()
    used: set[str] = set()
    endorsed_new: set[str] = set()
    endorsed_old: set[str] = set()
    for item in signed.signatures:
        if item.role not in ROLES:
            raise TrustError(f"a signature names an unknown role {item.role!r}")
        identifier = item.signature.key_id
        if identifier in used:
            raise TrustError(f"key {identifier} signs twice")
        used.add(identifier)
        new = root.member(item.role).key(identifier)
        old = previous.member(item.role).key(identifier) if previous is not None else None
        if new is None and old is None:
            raise TrustError(f"key {identifier} is not a key of the {item.role}")
        if any(k is not None and k.status == "revoked" for k in (new, old)):
            raise TrustError(f"key {identifier} of the {item.role} is revoked")
        outgoing = old is not None and old.status == "active"  # the previous root's key, endorsing its successor
        if not (new is not None and new.status == "active") and not outgoing:
            status = new.status if new is not None else "not active"
            raise TrustError(f"key {identifier} of the {item.role} is {status}, not active")
        public = (new or old).public_key  # type: ignore[union-attr]
        try:
            verify(KIND, content, item.signature, {identifier: public})
        except SignatureInvalid as error:
            raise TrustError(f"the {item.role}'s signature: {error}") from None
        if new is not None and new.status == "active":
            endorsed_new.add(item.role)
        if old is not None and old.status == "active":
            endorsed_old.add(item.role)
    missing = [role for role in ROLES if role not in endorsed_new]
    if missing:
        raise TrustError(f"not signed by the active key of: {', '.join(missing)}")
    if previous is not None:
        if root.version != previous.version + 1:
            raise TrustError(f"version {root.version} does not follow version {previous.version}")
        if root.previous != previous.digest():
            raise TrustError("the root does not name the previous version it replaces")
        unendorsed = [role for role in ROLES if role not in endorsed_old]
        if unendorsed:
            raise TrustError(f"not endorsed by the previous root's key of: {', '.join(unendorsed)}")
    elif root.previous is not None or root.version != 1:
        raise TrustError(f"version {root.version} needs the previous version to be checked against")
    return root


def verify_chain(versions: Sequence[SignedRoot], *, now: datetime) -> TrustRoot:
    """Walk from version 1 to the newest, each endorsed by the one before; the newest root.

    Only the newest must be unexpired: older versions were checked when they
    were current, and each endorses the next.
    """
    if not versions:
        raise TrustError("no trust root")
    current: TrustRoot | None = None
    for signed in versions:
        at = now if signed is versions[-1] else signed.root.issued_at
        current = verify_root(signed, now=at, previous=current)
    # narrows the type for the checker; true by construction above
    assert current is not None  # nosec B101
    return current


def verify_document(kind: str, content: Any, signature: DetachedSignature, *, role: str, root: TrustRoot) -> None:
    """A document's signature by ``role`` under ``root``: active and retired keys count, revoked ones never."""
    key = root.member(role).key(signature.key_id)
    if key is None:
        raise TrustError(f"key {signature.key_id} is not a key of the {role}")
    if key.status == "revoked":
        raise TrustError(f"key {signature.key_id} of the {role} is revoked")
    try:
        verify(kind, content, signature, {key.key_id: key.public_key})
    except SignatureInvalid as error:
        raise TrustError(str(error)) from None


def trust_file_content(raw: Mapping[str, Any]) -> dict[str, Any]:
    """What the organisations sign of the log's trust file: everything but the signatures themselves."""
    return {name: raw[name] for name in TRUST_FILE_MEMBERS if name in raw}


def verify_trust_file(raw: Any, root: TrustRoot) -> None:
    """The log's trust file (origin, log key, witnesses, quorum) is signed by all three under ``root``.

    A party that verified the trust root's chain then needs no out-of-band
    check of the log's keys: the organisations vouched for them with the keys
    the root lists. TrustError names the first problem.
    """
    if not isinstance(raw, dict) or set(trust_file_content(raw)) != set(TRUST_FILE_MEMBERS):
        raise TrustError(f"a trust file has the members {', '.join(TRUST_FILE_MEMBERS)}")
    if not isinstance(raw.get("signatures"), list) or not raw["signatures"]:
        raise TrustError("the trust file carries no signatures: the organisations have not vouched for it")
    signatures = [_signature_from(item) for item in raw["signatures"]]
    content = trust_file_content(raw)
    for role in ROLES:
        found = [s for s in signatures if s.role == role]
        if len(found) != 1:
            raise TrustError(f"the trust file is not signed once by the {role}")
        verify_document(LOG_TRUST_KIND, content, found[0].signature, role=role, root=root)
    unknown = sorted({s.role for s in signatures} - set(ROLES))
    if unknown:
        raise TrustError(f"a trust file signature names an unknown role {unknown[0]!r}")


def parse_chain(data: bytes) -> list[SignedRoot]:
    """Every version of a root, oldest first, from an export (``{"format": ..., "versions": [...]}``)."""
    raw = _strict_json(data, "export")
    if not isinstance(raw, dict) or raw.get("format") != CHAIN_FORMAT or not isinstance(raw.get("versions"), list):
        raise TrustError(f"not a trust root export ({CHAIN_FORMAT})")
    return [_signed_root_from(version) for version in raw["versions"]]


def chain_bytes(versions: Sequence[SignedRoot]) -> bytes:
    return canonical_bytes({"format": CHAIN_FORMAT, "versions": [v.as_dict() for v in versions]})


__all__ = ["CHAIN_FORMAT", "FORMAT", "LOG_TRUST_KIND", "ROLES", "Member", "RootKey", "SignedRoot", "TrustError",
           "TrustRoot",
           "chain_bytes", "member_from_keys", "parse_chain", "parse_signed_root", "public_key_of",
           "root_from_content", "sign_root", "trust_file_content", "verify_chain", "verify_document",
           "verify_root", "verify_trust_file"]
