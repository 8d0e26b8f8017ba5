"""Detached Ed25519 signatures over canonical bytes: the one signing module.

Lists, manifests and protocols are signed the same way: the canonical JSON
of the document (canonical.py), prefixed with a domain tag so a signature
over one kind of thing can never be replayed as another, signed with the
organisation's Ed25519 key. A signature names its key by a key id (the
SHA-256 of the public key, shortened), so old documents still verify after a
key is rotated.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from homeward_core.transparency.canonical import canonical_bytes, digest

ALGORITHM = "ed25519"
DOMAIN = b"homeward-signature/1\n"


class SignatureInvalid(ValueError):
    """A signature that does not verify: unknown key, wrong key, or content changed after signing."""


@dataclass(frozen=True)
class DetachedSignature:
    key_id: str
    signature: str  # base64 of the 64 signature bytes
    content_sha256: str
    algorithm: str = ALGORITHM

    def as_dict(self) -> dict[str, str]:
        return {"algorithm": self.algorithm, "key_id": self.key_id, "signature": self.signature,
                "content_sha256": self.content_sha256}


def new_private_key() -> bytes:
    """32 random bytes: a new Ed25519 private key."""
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    return Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def public_key_of(private_key: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_key).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public_key: bytes) -> str:
    """A short, stable name for a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(b"homeward-key/1\n" + public_key).hexdigest()[:16]


def message(kind: str, content: Any) -> bytes:
    """What is signed: the domain tag, the kind of document, and its canonical bytes."""
    return _tagged(kind, canonical_bytes(content))


def _tagged(kind: str, canonical: bytes) -> bytes:
    if not kind or "\n" in kind:
        raise ValueError("a document kind is one line of text")
    return DOMAIN + kind.encode("utf-8") + b"\n" + canonical


def sign(kind: str, content: Any, private_key: bytes) -> DetachedSignature:
    signer = Ed25519PrivateKey.from_private_bytes(private_key)
    raw = signer.sign(message(kind, content))
    return DetachedSignature(key_id(public_key_of(private_key)), base64.b64encode(raw).decode("ascii"),
                             digest(content))


def verify(kind: str, content: Any, signature: DetachedSignature, trusted: Mapping[str, bytes]) -> None:
    """Raise SignatureInvalid unless ``signature`` is a valid signature of ``content`` by a trusted key."""
    verify_canonical(kind, canonical_bytes(content), signature, trusted)


def verify_canonical(kind: str, canonical: bytes, signature: DetachedSignature, trusted: Mapping[str, bytes]
                     ) -> None:
    """verify() of a document given as its canonical bytes: its several signatures encode a large document once."""
    if signature.algorithm != ALGORITHM:
        raise SignatureInvalid(f"unsupported algorithm {signature.algorithm!r}")
    public = trusted.get(signature.key_id)
    if public is None:
        raise SignatureInvalid(f"key {signature.key_id} is not a trusted key of the signer")
    if hashlib.sha256(canonical).hexdigest() != signature.content_sha256:
        raise SignatureInvalid("the document was changed after it was signed")
    try:
        raw = base64.b64decode(signature.signature, validate=True)
        Ed25519PublicKey.from_public_bytes(public).verify(raw, _tagged(kind, canonical))
    except (InvalidSignature, ValueError):
        raise SignatureInvalid(f"the signature does not verify with key {signature.key_id}") from None
