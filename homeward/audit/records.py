"""Which business records the log binds, their canonical state, and the records an export hands a reader.

For each tracked kind (an audit entry's ``object_type``), ``audit.record``
stores as the entry's after-digest a salted commitment to the record's state
as stored after the write (homeward_core/transparency/records.py), so a party
holding the record and the opened entry can check the one against the other.

A record's state is its own columns (foreign keys as the stored key) and its
child rows: a phase plan with its entries, adjustments and approvals; a
manifest with its entries and signatures; a protocol with its signatures.
Left out is only a declaration's ``search_text``, derived from its names for
search. Every write that changes a tracked record's state is an entry about
that very record: a step that changes another record as well (a new plan
version superseding the last, a manifest's correction superseding the
signed one, a medical finding or an interview outcome changing a
declaration's flags) writes an entry about it too.

Who is handed which records (``records_for``): a party's auditor its own
organisation's declarations (internal note and all: they are its own); the
mediator and observers, who open every entry, the exchange records (plans,
manifests, protocols, handover outcomes), which hold nothing a participant
may not read. Nobody is handed another party's declaration.

Declarations imported in bulk: an import writes one entry for the whole
batch, then a seal entry that commits to each new row's state
(``seal_import``); until its first correction such a declaration is handed
over with its row salt and checked against the seal.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models

from homeward.accounts import scoping
from homeward_core.transparency.leaves import new_salt
from homeward_core.transparency.records import record_commitment, seal_digest

MAX_SAFE = 2**53 - 1


def _plain(value: Any) -> Any:
    """A stored value as JCS can encode it: no floats, no large integers, no bytes, dates as ISO strings."""
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return value
    if kind is int:
        return value if -MAX_SAFE <= value <= MAX_SAFE else str(value)
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value if -MAX_SAFE <= value <= MAX_SAFE else str(value)
    if isinstance(value, float | decimal.Decimal):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def columns(row: models.Model, leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {field.attname: _plain(getattr(row, field.attname)) for field in row._meta.concrete_fields
            if not field.primary_key and field.name not in leave_out}


def _children(queryset: models.QuerySet) -> list[dict[str, Any]]:
    return [{"pk": row.pk, **columns(row)} for row in queryset.order_by("pk")]


@dataclass(frozen=True)
class Tracked:
    model: str  # "app_label.Model"
    state: Callable[[Any], dict[str, Any]]
    readable: Callable[[Any, Any], models.QuerySet]  # (actor, user) -> the rows this reader is handed

    def model_class(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model)


DECLARATION_LEFT_OUT = frozenset({"search_text"})


def _declaration(row: Any) -> dict[str, Any]:
    return columns(row, DECLARATION_LEFT_OUT)


def declaration_states(queryset: models.QuerySet) -> Iterator[tuple[str, dict[str, Any]]]:
    """(public id, state) of each declaration, as ``_declaration`` gives it, read as values: no model instances."""
    fields = [f.attname for f in queryset.model._meta.concrete_fields
              if not f.primary_key and f.name not in DECLARATION_LEFT_OUT]
    for values in queryset.values_list(*fields).iterator(chunk_size=5000):
        state = {name: _plain(value) for name, value in zip(fields, values, strict=True)}
        yield state["public_id"], state


def seal_import(batch: Any) -> tuple[str, int]:
    """Bind each new declaration of a committed import: its SealedRow (salt, commitment); the seal's digest.

    Called by the seal service (registry/imports.py), which writes the entry.
    """
    from homeward.registry.models import Declaration, SealedRow

    rows: list[tuple[str, str]] = []
    pending: list[SealedRow] = []
    for public_id, state in declaration_states(Declaration.objects.filter(source_batch=batch)):
        salt = new_salt()
        committed = record_commitment("declaration", public_id, state, salt)
        rows.append((public_id, committed))
        pending.append(SealedRow(batch=batch, declaration_id=public_id, salt=salt, commitment=bytes.fromhex(committed)))
        if len(pending) >= 5000:
            SealedRow.objects.bulk_create(pending)
            pending = []
    SealedRow.objects.bulk_create(pending)
    return seal_digest(str(batch.public_id), rows), len(rows)


def _plan(row: Any) -> dict[str, Any]:
    return {**columns(row),
            "entries": _children(row.entries.all()), "adjustments": _children(row.adjustments.all()),
            "approvals": _children(row.approvals.all())}


def _signatures(kind: str, public_id: Any) -> list[dict[str, Any]]:
    from homeward.operations.models import DocumentSignature

    return _children(DocumentSignature.objects.filter(kind=kind, document_id=public_id))


def _manifest(row: Any) -> dict[str, Any]:
    return {**columns(row), "entries": _children(row.entries.all()),
            "signatures": _signatures("manifest", row.public_id)}


def _protocol(row: Any) -> dict[str, Any]:
    return {**columns(row), "signatures": _signatures("protocol", row.public_id)}


def _own_declarations(actor: Any, user: Any) -> models.QuerySet:
    from homeward.registry.models import Declaration

    return Declaration.objects.filter(party=actor.organisation) if actor.is_party else Declaration.objects.none()


def _exchange(kind: str) -> Callable[[Any, Any], models.QuerySet]:
    def readable(actor: Any, user: Any) -> models.QuerySet:
        from homeward.operations.models import HandoverOutcome, Manifest, PhaseProtocol
        from homeward.planning.models import PhasePlan

        model = {"phase_plan": PhasePlan, "manifest": Manifest, "protocol": PhaseProtocol,
                 "handover_outcome": HandoverOutcome}[kind]
        if actor.is_party:
            return model.objects.none()
        plans = scoping.plans_for(user)
        if kind == "phase_plan":
            return plans
        if kind == "handover_outcome":
            return model.objects.filter(entry__manifest__plan__in=plans)
        return model.objects.filter(plan__in=plans)

    return readable


TRACKED: dict[str, Tracked] = {
    "declaration": Tracked("registry.Declaration", _declaration, _own_declarations),
    "phase_plan": Tracked("planning.PhasePlan", _plan, _exchange("phase_plan")),
    "manifest": Tracked("operations.Manifest", _manifest, _exchange("manifest")),
    "protocol": Tracked("operations.PhaseProtocol", _protocol, _exchange("protocol")),
    "handover_outcome": Tracked("operations.HandoverOutcome", columns, _exchange("handover_outcome")),
}


def state_of(object_type: str, object_id: Any) -> dict[str, Any] | None:
    """The tracked record's canonical state as stored now; None if the kind is not tracked or the row is gone."""
    tracked = TRACKED.get(object_type)
    if tracked is None or object_id is None:
        return None
    row = tracked.model_class().objects.filter(public_id=object_id).first()
    return tracked.state(row) if row is not None else None


def commitment_now(object_type: str, object_id: Any, salt: bytes) -> str | None:
    """The after-digest of an entry about a tracked record: the salted commitment to its stored state."""
    state = state_of(object_type, object_id)
    return record_commitment(object_type, str(object_id), state, salt) if state is not None else None


def _shredded(public_id: Any) -> bool:
    from homeward.audit.models import AuditEntry

    return AuditEntry.objects.filter(object_id=public_id, salt__isnull=True).exists()


def records_for(user: Any, opened: dict[tuple[str, str], int], seal_leaves: dict[str, int] | None = None
                ) -> tuple[list[str], list[dict[str, Any]], list[Any], list[dict[str, Any]]]:
    """The kinds covered for this reader, each record handed to them, those the entries name but withhold,
    and the seals of the imports whose rows are handed.

    Each handed record comes with the latest entry about it opened to the reader.

    ``opened`` maps (object type, object id) to the latest opened leaf index about it. A record with no
    such entry is still listed (``leaf`` null): the verifier reports it, as a record the log never saw.
    A declaration imported in bulk and not changed since is handed with its import's ``seal`` and its row
    salt instead (null when its import's seal does not bind it: the verifier reports it).
    ``seal_leaves`` maps an import's public id to the leaf of its opened seal entry.
    """
    actor = scoping.actor_for(user)
    if actor is None or not actor.sees_audit_log:
        return [], [], [], []
    seal_leaves = seal_leaves or {}
    covered, records, withheld, seals = [], [], [], []
    for kind, tracked in TRACKED.items():
        if actor.is_party != (kind == "declaration"):
            continue
        rows = tracked.readable(actor, user)
        covered.append(kind)
        handed = set()
        sealed = _sealed_rows(actor, seal_leaves) if kind == "declaration" else {}
        for row in rows.select_related("source_batch").order_by("pk").iterator(chunk_size=500) \
                if kind == "declaration" else rows.order_by("pk").iterator(chunk_size=500):
            public_id = str(row.public_id)
            handed.add(public_id)
            if (kind, public_id) not in opened:
                if _shredded(row.public_id):
                    continue  # purged: no entry to check it against
                if getattr(row, "source_batch_id", None) is not None:
                    salt = sealed.get(public_id, b"")
                    if salt is None:
                        continue  # purged: its row salt is shredded
                    records.append({"type": kind, "id": public_id, "seal": str(row.source_batch.public_id),
                                    "salt": salt.hex() if salt else None, "state": tracked.state(row)})
                    continue
            records.append({"type": kind, "id": public_id, "leaf": opened.get((kind, public_id)),
                            "state": tracked.state(row)})
        # Records the opened entries are about that exist but are not this reader's to read: named, not handed.
        about = {object_id for (k, object_id) in opened if k == kind} - handed
        if about:
            existing = tracked.model_class().objects.filter(public_id__in=about).values_list("public_id", flat=True)
            withheld.extend([kind, str(public_id)] for public_id in sorted(existing, key=str))
        if kind == "declaration":
            seals = _seals(actor, seal_leaves)
    return covered, records, withheld, seals


def _sealed_rows(actor: Any, seal_leaves: dict[str, int]) -> dict[str, bytes | None]:
    """The row salts of the party's sealed imports (seal opened to the reader), by declaration id; None if purged."""
    from homeward.registry.models import SealedRow

    rows = SealedRow.objects.filter(batch__party=actor.organisation, batch__public_id__in=list(seal_leaves)
                                    ).values_list("declaration_id", "salt")
    return {str(public_id): bytes(salt) if salt is not None else None
            for public_id, salt in rows.iterator(chunk_size=5000)}


def _seals(actor: Any, seal_leaves: dict[str, int]) -> list[dict[str, Any]]:
    """Each sealed import of the party whose seal entry is opened to the reader, with every row it binds."""
    from homeward.registry.models import ImportBatch, SealedRow

    seals = []
    for batch in ImportBatch.objects.filter(party=actor.organisation, public_id__in=list(seal_leaves)).order_by("pk"):
        rows = SealedRow.objects.filter(batch=batch).order_by("declaration_id").values_list("declaration_id",
                                                                                             "commitment")
        seals.append({"batch": str(batch.public_id), "leaf": seal_leaves[str(batch.public_id)],
                      "rows": [[str(public_id), bytes(committed).hex()] for public_id, committed in rows.iterator(
                          chunk_size=5000)]})
    return seals
