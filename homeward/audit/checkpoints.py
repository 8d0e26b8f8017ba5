"""Signed checkpoints, witnesses' cosignatures and exports: the server's side of the transparency log.

The log operator (this server) signs each checkpoint with its own Ed25519
key, kept in the key store like the organisations' keys; its name is the
log's origin (setting HOMEWARD_LOG_ORIGIN). A witness's cosignature is
accepted only from an organisation's registered witness and only after it
verifies, so the stored note never carries a line that does not verify.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.utils import timezone

from homeward.accounts import scoping
from homeward.accounts.models import Organisation
from homeward.accounts.signing import key_store
from homeward.audit import log, records
from homeward.audit import services as audit
from homeward.audit.guard import audited_service
from homeward.audit.models import AuditEntry, Checkpoint, Cosignature, Witness
from homeward_core.transparency import note as notes
from homeward_core.transparency.leaves import opening
from homeward_core.transparency.records import SEAL_ACTION
from homeward_core.transparency.signing import new_private_key
from homeward_core.transparency.verify import EXPORT_FORMAT, SHRED_ACTION

LOG_KEY_FILE = "transparency-log.key"


class CheckpointRefused(ValueError):
    """A cosignature or witness the log will not accept; the message says why."""


def origin() -> str:
    return settings.HOMEWARD_LOG_ORIGIN


def _log_private_key() -> bytes:
    path = key_store() / LOG_KEY_FILE
    if not path.exists():
        import os

        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(new_private_key())
    return path.read_bytes()


def log_verifier() -> notes.Verifier:
    """The log's public key, to be handed to every party once (its vkey) and kept in their trust file."""
    return notes.Verifier(origin(), notes.ED25519, notes.public_key_of(_log_private_key()))


def trust_document() -> dict[str, Any]:
    """What a party's verifier needs: origin, log key and the registered witnesses (check it out of band)."""
    witnesses = Witness.objects.filter(retired_at__isnull=True).order_by("name")
    return {"origin": origin(), "log_key": log_verifier().vkey(),
            "witnesses": [w.vkey for w in witnesses], "quorum": witnesses.count()}


@audited_service
def checkpoint_issue(*, acting_user: Any) -> Checkpoint:
    """Sign a checkpoint of the log as it stands (the same one again if nothing was appended since)."""
    size = log.tree_size()
    existing = Checkpoint.objects.filter(size=size).first()
    if existing is not None:
        return existing
    root = log.root(size)
    text = notes.Checkpoint(origin(), size, root).text()
    signed = notes.Note(text, (notes.sign_note(text, origin(), _log_private_key()),)).serialise()
    checkpoint = Checkpoint.objects.create(size=size, root_hash=root, note=signed, created_at=timezone.now())
    audit.record(acting_user=acting_user, action="audit.checkpoint.issue", object_type="checkpoint",
                 object_id=None, after={"size": size, "root": root.hex()}, summary={"size": size})
    return checkpoint


@audited_service
def witness_register(*, organisation: Organisation, name: str, vkey: str, acting_user: Any) -> Witness:
    """Register an organisation's witness key (a tlog-cosignature vkey) so its cosignatures count."""
    actor = scoping.actor_for(acting_user) if acting_user is not None else None
    if acting_user is not None and (actor is None or actor.organisation != organisation or not actor.runs_witness):
        raise scoping.NotAllowed("Only the organisation's coordinators and auditors register its witness.")
    try:
        verifier = notes.parse_vkey(vkey)
    except notes.NoteInvalid as error:
        raise CheckpointRefused(str(error)) from None
    if verifier.kind != notes.COSIGNATURE_V1 or verifier.name != name:
        raise CheckpointRefused(f"a witness key is a cosignature/v1 (type 0x04) key named {name!r}")
    if Witness.objects.filter(name=name).exists() or Witness.objects.filter(vkey=verifier.vkey()).exists():
        raise CheckpointRefused(f"a witness named {name!r} or with this key is already registered")
    witness = Witness.objects.create(public_id=uuid.uuid4(), organisation=organisation, name=name,
                                     vkey=verifier.vkey(), created_at=timezone.now())
    audit.record(acting_user=acting_user, action="audit.witness.register", object_type="witness",
                 object_id=witness.public_id, organisation=organisation, after={"name": name, "vkey": witness.vkey})
    return witness


@audited_service
def cosignature_add(*, checkpoint: Checkpoint, line: str, acting_user: Any) -> Cosignature:
    """Keep a witness's cosignature of ``checkpoint``: only the submitter's own witness's, only if it verifies.

    Only those who manage a witness (``runs_witness``: coordinators and auditors, not of a medical service)
    hand in its lines, as only they register it; anyone else is refused for their role (403), whatever the line.
    """
    actor = scoping.actor_for(acting_user)
    if actor is None or not actor.runs_witness:
        raise scoping.NotAllowed("Only an organisation's coordinators and auditors hand in its witness's "
                                 "cosignatures.")
    try:
        signature = notes.parse_signature_line(line.strip())
    except notes.NoteInvalid as error:
        raise CheckpointRefused(f"not a cosignature line: {error}") from None
    # Re-read under a lock: two witnesses cosigning at once must both end up in the note.
    checkpoint = Checkpoint.objects.select_for_update().get(pk=checkpoint.pk)
    witness = next((w for w in scoping.witnesses_for(acting_user) if w.name == signature.name), None)
    if witness is None:
        raise CheckpointRefused(f"{signature.name!r} is not a registered witness of your organisation")
    text = notes.parse_note(checkpoint.note).text
    try:
        notes.verify_signature(text, signature, notes.parse_vkey(witness.vkey))
    except notes.NoteInvalid as error:
        raise CheckpointRefused(str(error)) from None
    if Cosignature.objects.filter(checkpoint=checkpoint, witness=witness).exists():
        raise CheckpointRefused(f"{witness.name} already cosigned the checkpoint of size {checkpoint.size}")
    signed_at = dt.datetime.fromtimestamp(notes.cosignature_time(signature), tz=dt.UTC)
    cosignature = Cosignature.objects.create(checkpoint=checkpoint, witness=witness, line=signature.line().strip(),
                                             signed_at=signed_at)
    Checkpoint.objects.filter(pk=checkpoint.pk).update(
        note=notes.parse_note(checkpoint.note).with_signature(signature).serialise())
    audit.record(acting_user=acting_user, action="audit.checkpoint.cosign", object_type="witness",
                 object_id=witness.public_id, organisation=witness.organisation,
                 after={"size": checkpoint.size, "line": cosignature.line})
    return cosignature


@audited_service
def leaf_shred(*, entry: AuditEntry, acting_user: Any) -> AuditEntry:
    """Crypto-shred one entry's leaf: delete its salt, and say so in a tombstone entry.

    Called by the purge of the record the entry concerns, at the end of its
    retention. The leaf stays in the tree, so every checkpoint still
    verifies; nobody can open it any more.
    """
    if entry.salt is None:
        raise CheckpointRefused(f"the leaf of entry #{entry.sequence} is already shredded")
    AuditEntry.objects.filter(pk=entry.pk).update(salt=None)
    return audit.record(acting_user=acting_user, action=SHRED_ACTION, object_type="audit_entry", object_id=None,
                        after={"shredded_sequence": entry.sequence}, summary={"sequence": entry.sequence})


def export_for(user: Any, *, checkpoint: Checkpoint, since: list[int] | None = None,
               openings: bool = True) -> dict[str, Any]:
    """What a party takes home to verify offline: the checkpoint, every leaf, its own entries opened.

    Leaves are hashes of salted commitments, so all of them go to everyone;
    openings only for the entries the user may read (a party's auditor: its
    own organisation's; the mediator and observers: all). ``since`` adds
    consistency proofs from sizes the party already holds. Without
    ``openings`` the export is the tree alone, the light check that the
    history was not rewritten.

    ``records`` are the business records of the kinds in ``record_types`` this
    reader is handed (audit/records.py), each with its state and the leaf of
    the latest opened entry about it, whose after-digest commits to that state;
    ``seals`` the reader's imports' seals, for the declarations imported in bulk
    and not changed since, which are handed with their import's seal instead.
    """
    entries = scoping.audit_entries_for(user).filter(sequence__lte=checkpoint.size)
    if not openings:
        entries = entries.none()
    complete = openings and entries.count() == checkpoint.size
    opened, shredded = [], []
    latest: dict[tuple[str, str], int] = {}
    seal_leaves: dict[str, int] = {}
    for row in entries.select_related("organisation").order_by("sequence").iterator(chunk_size=2000):
        if row.salt is None:
            shredded.append(row.sequence - 1)
            continue
        opened.append({"index": row.sequence - 1,
                       "opening": opening(row.to_chain_entry(), row.entry_hash, bytes(row.salt))})
        if row.object_id is not None:
            latest[(row.object_type, str(row.object_id))] = row.sequence - 1
            if row.action == SEAL_ACTION:
                seal_leaves[str(row.object_id)] = row.sequence - 1
    record_types, record_states, withheld, seals = records.records_for(user, latest, seal_leaves) \
        if openings else ([], [], [], [])
    proofs = [{"from": size, "to": checkpoint.size,
               "proof": [p.hex() for p in log.consistency_proof(size, checkpoint.size)]}
              for size in sorted(set(since or [])) if 0 < size < checkpoint.size]
    return {
        "format": EXPORT_FORMAT, "origin": origin(), "checkpoint": checkpoint.note,
        "leaves": [leaf.hex() for leaf in log.leaf_hashes(checkpoint.size)],
        "complete": complete, "entries": opened, "shredded": shredded, "consistency": proofs,
        "record_types": record_types, "records": record_states, "records_withheld": withheld, "seals": seals,
    }

