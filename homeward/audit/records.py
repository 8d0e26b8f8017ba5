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

Not bound row by row: a declaration imported in bulk and not edited since.
An import writes one entry for the whole batch (the file's digest), not one
per person, so such a declaration has no entry of its own until its first
correction; it is neither handed over nor reported here.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from homeward.accounts import scoping
from homeward_core.transparency.records import record_commitment

MAX_SAFE = 2**53 - 1


def _plain(value: Any) -> Any:
    """A stored value as JCS can encode it: no floats, no large integers, no bytes, dates as ISO strings."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
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


def _declaration(row: Any) -> dict[str, Any]:
    return columns(row, frozenset({"search_text"}))


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


def records_for(user: Any, opened: dict[tuple[str, str], int]) -> tuple[list[str], list[dict[str, Any]], list[Any]]:
    """The kinds covered for this reader, each record handed to them, and those the entries name but withhold.

    Each handed record comes with the latest entry about it opened to the reader.

    ``opened`` maps (object type, object id) to the latest opened leaf index about it. A record with no
    such entry is still listed (``leaf`` null): the verifier reports it, as a record the log never saw.
    """
    actor = scoping.actor_for(user)
    if actor is None or not actor.sees_audit_log:
        return [], [], []
    covered, records, withheld = [], [], []
    for kind, tracked in TRACKED.items():
        rows = tracked.readable(actor, user)
        if actor.is_party != (kind == "declaration"):
            continue
        covered.append(kind)
        handed = set()
        for row in rows.order_by("pk").iterator(chunk_size=500):
            handed.add(str(row.public_id))
            if (kind, str(row.public_id)) not in opened and (
                    getattr(row, "source_batch_id", None) is not None or _shredded(row.public_id)):
                continue  # imported in bulk and not edited since, or purged: no entry to check it against
            records.append({"type": kind, "id": str(row.public_id), "leaf": opened.get((kind, str(row.public_id))),
                            "state": tracked.state(row)})
        # Records the opened entries are about that exist but are not this reader's to read: named, not handed.
        about = {object_id for (k, object_id) in opened if k == kind} - handed
        if about:
            existing = tracked.model_class().objects.filter(public_id__in=about).values_list("public_id", flat=True)
            withheld.extend([kind, str(public_id)] for public_id in sorted(existing, key=str))
    return covered, records, withheld
