"""Checkpoints as C2SP signed notes: what the log signs and what witnesses cosign.

A checkpoint (c2sp.org/tlog-checkpoint) is three lines, the log's origin, the
tree size in decimal and the root hash in base64, each ending in a newline.
A signed note (c2sp.org/signed-note) is that text, a blank line, then one
line per signature: an em dash (U+2014), a space, the key name, a space and
base64(4-byte key id ‖ signature). The log signs with Ed25519 (signature
type 0x01: the text itself is signed); a witness cosigns with an Ed25519
cosignature (c2sp.org/tlog-cosignature, type 0x04: an 8-byte big-endian
timestamp then the signature of "cosignature/v1\\ntime <t>\\n" + the text).
Keys are shared as vkeys: name+hex(key id)+base64(type ‖ public key).

Verification follows the spec's rules: a line from an unknown key is
ignored, a line from a known key that fails rejects the whole note, and a
note nobody trusted signed is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = 0x01
COSIGNATURE_V1 = 0x04
SIGNATURE_PREFIX = "\u2014 "
MAX_NOTE_BYTES = 1 << 20
MAX_SIGNATURES = 100
_NAME = re.compile(r"^[^\s+]+$")
_DECIMAL = re.compile(r"^(0|[1-9][0-9]{0,19})$")


class NoteInvalid(ValueError):
    """A checkpoint or signed note that is malformed or not signed as it must be; the message says why."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode('ascii')}\n"


@dataclass(frozen=True)
class Verifier:
    """A public key a verifier trusts, for one kind of signature (log or cosignature)."""

    name: str
    kind: int
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.kind, self.public_key)

    def vkey(self) -> str:
        encoded = base64.b64encode(bytes([self.kind]) + self.public_key).decode("ascii")
        return f"{self.name}+{self.key_id.hex()}+{encoded}"


@dataclass(frozen=True)
class Signature:
    name: str
    key_id: bytes
    signature: bytes  # for a cosignature: the 8-byte timestamp then the 64 signature bytes

    def line(self) -> str:
        return f"{SIGNATURE_PREFIX}{self.name} {base64.b64encode(self.key_id + self.signature).decode('ascii')}\n"


def key_id(name: str, kind: int, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([kind]) + public_key).digest()[:4]


def public_key_of(private_key: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_key).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def parse_vkey(vkey: str) -> Verifier:
    """A verifier key from its text; the key id in it must match the key."""
    parts = vkey.strip().split("+", 2)  # the base64 key may itself contain "+"
    if len(parts) != 3 or not _NAME.match(parts[0]):
        raise NoteInvalid("a verifier key is name+keyid+key")
    try:
        raw = base64.b64decode(parts[2], validate=True)
        claimed = bytes.fromhex(parts[1])
    except (binascii.Error, ValueError):
        raise NoteInvalid("the verifier key is not valid hex and base64") from None
    if len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE_V1):
        raise NoteInvalid("only Ed25519 verifier keys (types 0x01 and 0x04) are supported")
    verifier = Verifier(parts[0], raw[0], raw[1:])
    if verifier.key_id != claimed:
        raise NoteInvalid(f"the key id in verifier key {parts[0]} does not match its key")
    return verifier


def parse_checkpoint(text: str) -> Checkpoint:
    """The checkpoint a note's text carries; extension lines are not used by homeward and are refused."""
    lines = text.split("\n")
    if len(lines) != 4 or lines[3] != "":
        raise NoteInvalid("a checkpoint is exactly three lines: origin, tree size, root hash")
    origin, size, root = lines[:3]
    if not origin or origin != origin.strip():
        raise NoteInvalid("the checkpoint has no origin line")
    if not _DECIMAL.match(size) or int(size) >= 1 << 63:
        raise NoteInvalid(f"the tree size {size!r} is not a decimal number without leading zeros")
    try:
        root_hash = base64.b64decode(root, validate=True)
    except binascii.Error:
        raise NoteInvalid("the root hash is not base64") from None
    if len(root_hash) != 32 or base64.b64encode(root_hash).decode("ascii") != root:
        raise NoteInvalid("the root hash is not 32 bytes in standard base64")
    return Checkpoint(origin, int(size), root_hash)


@dataclass(frozen=True)
class Note:
    text: str
    signatures: tuple[Signature, ...]

    def serialise(self) -> str:
        return self.text + "\n" + "".join(signature.line() for signature in self.signatures)

    def with_signature(self, signature: Signature) -> Note:
        kept = tuple(s for s in self.signatures if (s.name, s.key_id) != (signature.name, signature.key_id))
        return Note(self.text, kept + (signature,))


def parse_note(message: str) -> Note:
    """Split a signed note into its text and signature lines; anything malformed is refused."""
    if len(message.encode("utf-8", "surrogatepass")) > MAX_NOTE_BYTES:
        raise NoteInvalid("the note is larger than 1 MiB")
    if not message.endswith("\n"):
        raise NoteInvalid("a signed note ends with a newline")
    split = message.rfind("\n\n")
    if split < 0:
        raise NoteInvalid("a signed note has a blank line between its text and its signatures")
    text, block = message[:split + 1], message[split + 2:]
    if any(ord(c) < 0x20 and c != "\n" for c in message):
        raise NoteInvalid("a note has no control characters other than newlines")
    lines = block.split("\n")[:-1]
    if not lines:
        raise NoteInvalid("the note has no signatures")
    if len(lines) > MAX_SIGNATURES:
        raise NoteInvalid(f"the note has more than {MAX_SIGNATURES} signatures")
    return Note(text, tuple(parse_signature_line(line) for line in lines))


def parse_signature_line(line: str) -> Signature:
    if not line.startswith(SIGNATURE_PREFIX):
        raise NoteInvalid("a signature line starts with an em dash and a space")
    name, _, encoded = line[len(SIGNATURE_PREFIX):].partition(" ")
    if not _NAME.match(name) or not encoded or " " in encoded:
        raise NoteInvalid("a signature line is '— <key name> <base64>'")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise NoteInvalid(f"the signature of {name} is not base64") from None
    if len(raw) < 5:
        raise NoteInvalid(f"the signature of {name} is too short")
    return Signature(name, raw[:4], raw[4:])


def cosigned_message(text: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode("utf-8")


def sign_note(text: str, name: str, private_key: bytes) -> Signature:
    """The log's Ed25519 note signature over the checkpoint text."""
    raw = Ed25519PrivateKey.from_private_bytes(private_key).sign(text.encode("utf-8"))
    return Signature(name, key_id(name, ED25519, public_key_of(private_key)), raw)


def cosign(text: str, name: str, private_key: bytes, timestamp: int) -> Signature:
    """A witness's tlog-cosignature/v1 over the checkpoint text at ``timestamp`` (POSIX seconds)."""
    if not 0 <= timestamp < 1 << 63:
        raise ValueError("a cosignature timestamp is between 0 and 2^63 - 1")
    raw = Ed25519PrivateKey.from_private_bytes(private_key).sign(cosigned_message(text, timestamp))
    return Signature(name, key_id(name, COSIGNATURE_V1, public_key_of(private_key)), timestamp.to_bytes(8, "big") + raw)


def cosignature_time(signature: Signature) -> int:
    return int.from_bytes(signature.signature[:8], "big")


def verify_signature(text: str, signature: Signature, verifier: Verifier) -> None:
    """Raise NoteInvalid unless ``signature`` is ``verifier``'s valid signature (or cosignature) of the text."""
    if (signature.name, signature.key_id) != (verifier.name, verifier.key_id):
        raise NoteInvalid(f"the signature is not by {verifier.name}")
    if verifier.kind == COSIGNATURE_V1:
        if len(signature.signature) != 72:
            raise NoteInvalid(f"the cosignature of {verifier.name} is not 72 bytes")
        message, raw = cosigned_message(text, cosignature_time(signature)), signature.signature[8:]
        if cosignature_time(signature) >= 1 << 63:
            raise NoteInvalid(f"the cosignature of {verifier.name} has an impossible time")
    else:
        if len(signature.signature) != 64:
            raise NoteInvalid(f"the signature of {verifier.name} is not 64 bytes")
        message, raw = text.encode("utf-8"), signature.signature
    try:
        Ed25519PublicKey.from_public_bytes(verifier.public_key).verify(raw, message)
    except InvalidSignature:
        raise NoteInvalid(f"the signature of {verifier.name} does not verify") from None


def verified_signers(note: Note, verifiers: list[Verifier]) -> list[Verifier]:
    """The trusted keys that signed the note. Unknown lines are ignored; a bad line of a known key rejects it."""
    by_id = {(v.name, v.key_id): v for v in verifiers}
    signed: list[Verifier] = []
    for signature in note.signatures:
        verifier = by_id.get((signature.name, signature.key_id))
        if verifier is None:
            continue
        if verifier in signed:
            raise NoteInvalid(f"{verifier.name} signed the note twice")
        verify_signature(note.text, signature, verifier)
        signed.append(verifier)
    return signed


def open_checkpoint(message: str, log: Verifier, origin: str) -> tuple[Checkpoint, Note]:
    """A checkpoint the log really signed, for the expected origin; anything else is NoteInvalid."""
    note = parse_note(message)
    if log not in verified_signers(note, [log]):
        raise NoteInvalid(f"the checkpoint is not signed by the log key {log.name}")
    checkpoint = parse_checkpoint(note.text)
    if checkpoint.origin != origin:
        raise NoteInvalid(f"the checkpoint is for log {checkpoint.origin!r}, not {origin!r}")
    return checkpoint, note
