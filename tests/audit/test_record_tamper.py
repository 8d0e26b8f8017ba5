"""Tamper detection in the business tables: every single-row change, deletion, swap or insertion is caught.

A log of 1,000 audited writes: the security world (plans with their entries,
adjustments and approvals, manifests, signatures, a protocol, handover
outcomes; party A's and B's people) and party A's operator declaring people
until the log holds 1,000 entries. The parties then hold its checkpoint.

Each row of each bound table (audit/records.py) is then changed (one column,
a different one row after row), deleted, swapped with the next row of its
table, or a forged copy inserted, in the database, in a savepoint rolled
back afterwards. The server exports as usual and the party's offline
verifier judges: party A's auditor for party A's declarations, the mediator
for the exchange records. A case is detected only if the verifier names the
very record the row belongs to (several cases share one export when their
records differ, so each is still judged on its own).

Party A's declarations include twenty imported in bulk and never edited,
bound by their import's seal. Not covered: a declaration's search text,
the one column records.py leaves out (derived from the names).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connection, models, transaction

from homeward.audit import checkpoints
from homeward.audit.guard import service_context
from homeward.audit.models import AuditEntry
from homeward.operations.models import DocumentSignature, HandoverOutcome, Manifest, ManifestEntry, PhaseProtocol
from homeward.planning.models import PhasePlan, PlanAdjustment, PlanApproval, PlanEntry
from homeward.planning.services import plan_adjust
from homeward.registry.models import Declaration, SealedRow
from homeward.registry.services import declaration_create
from homeward_core.transparency import note as notes
from homeward_core.transparency.verify import Trust, verify_export
from tests.imports.helpers import commit, roster, upload_and_check
from tests.security.world import build_security_world

ENTRIES = 1000
NAMED = re.compile(r"^record (\w+) ([0-9a-f-]{36}):")

Record = tuple[str, str]


def _record_of(row: models.Model) -> Record:
    if isinstance(row, PlanEntry | PlanAdjustment | PlanApproval):
        return ("phase_plan", str(PhasePlan.objects.get(pk=row.plan_id).public_id))
    if isinstance(row, ManifestEntry):
        return ("manifest", str(Manifest.objects.get(pk=row.manifest_id).public_id))
    if isinstance(row, DocumentSignature):
        return (row.kind, str(row.document_id))
    kind = {Declaration: "declaration", PhasePlan: "phase_plan", Manifest: "manifest", PhaseProtocol: "protocol",
            HandoverOutcome: "handover_outcome"}[type(row)]
    return (kind, str(row.public_id))


LEFT_OUT = {Declaration: {"search_text"}}
# Kept on a swap or an insertion, so unique constraints hold (they identify the row, not its content).
UNIQUE = {"public_id", "external_ref", "source_batch", "source_row", "entry"}


def _committed(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in LEFT_OUT.get(model, ())]


def _other(value: Any) -> Any:
    """A different value of the same type, as a tamperer would write it."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value[:-1] + ("x" if value[-1:] != "x" else "y")
    if isinstance(value, dt.datetime | dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, uuid.UUID):
        return uuid.uuid4()
    if isinstance(value, dict):
        return {**value, "tampered": 1}
    if isinstance(value, list):
        return [*value, "tampered"]
    raise TypeError(type(value))


class Scene:
    def __init__(self, w: Any, held: Any, trust: Trust) -> None:
        self.w, self.held, self.trust = w, held, trust
        self.readers = {"declaration": w.users["a_aud"]}

    def handed(self) -> set[Record]:
        found: set[Record] = set()
        for user in (self.w.users["a_aud"], self.w.users["mediator"]):
            found |= {(r["type"], r["id"]) for r in checkpoints.export_for(user, checkpoint=self.held)["records"]}
        return found

    def named(self, tamper: Callable[[], None]) -> set[Record]:
        """Tamper inside a savepoint; export for party A's auditor and the mediator; the records they name."""
        with transaction.atomic():
            with service_context("simulated tampering"):
                tamper()
            names: set[Record] = set()
            for user in (self.w.users["a_aud"], self.w.users["mediator"]):
                export = checkpoints.export_for(user, checkpoint=self.held)
                report = verify_export(self.trust, [self.held.note], export)
                names |= {(m.group(1), m.group(2)) for p in report.problems if (m := NAMED.match(p))}
            transaction.set_rollback(True)
        return names


def _raw_delete(row: models.Model) -> None:
    # A tamperer's DELETE, without the ORM's protection of the rows that point at it.
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{row._meta.db_table}" WHERE "id" = %s', [row.pk])  # noqa: S608


def _forge(row: models.Model) -> tuple[models.Model, Record]:
    """A forged copy of ``row``: a new record of its own, or a new child row of the same record."""
    copy = type(row).objects.get(pk=row.pk)
    copy.pk = None
    if hasattr(copy, "public_id"):
        copy.public_id = uuid.uuid4()
    if isinstance(copy, Declaration):
        copy.external_ref, copy.source_batch, copy.source_row = "", None, None
    if isinstance(copy, HandoverOutcome):
        free = ManifestEntry.objects.filter(outcome__isnull=True).first()
        copy.entry = free
    return copy, _record_of(copy) if hasattr(copy, "public_id") and not isinstance(copy, DocumentSignature) \
        else _record_of(row)


def _pack(cases: list[tuple[str, set[Record], Callable[[], None]]]) -> list[list[tuple[str, set[Record], Any]]]:
    """Cases into batches whose records do not overlap, so each case is judged by its own records."""
    batches: list[tuple[set[Record], list]] = []
    for case in cases:
        for used, batch in batches:
            if not used & case[1]:
                used |= case[1]
                batch.append(case)
                break
        else:
            batches.append((set(case[1]), [case]))
    return [batch for _, batch in batches]


CHANGED: dict[Any, str] = {}
TABLES = (Declaration, PhasePlan, PlanEntry, PlanAdjustment, PlanApproval, Manifest, ManifestEntry,
          DocumentSignature, PhaseProtocol, HandoverOutcome)


@pytest.fixture
def scene(db: Any) -> Scene:
    w = build_security_world()
    alice = w.users["a_op"]
    # A plan adjustment too, so every bound table has rows.
    plan_adjust(plan=PhasePlan.objects.get(public_id=w.ids[("draft_plan", "A")]), kind="exclude", note="not fit",
                declaration=Declaration.objects.get(public_id=w.ids[("held_by_a", "A")]),
                acting_user=w.users["mediator"])
    # Twenty declarations imported in bulk and never corrected: bound by their import's seal.
    rows = [f"T-{n:03d},Ткаченко{'о' * (n % 3)},Андрій,Петрович,19{70 + n}-0{1 + n % 9}-1{n % 10},pow"
            for n in range(20)]
    commit(alice, upload_and_check(alice, w.base.party_a, roster(*rows)))
    for number in range(ENTRIES - AuditEntry.objects.count()):
        declaration_create(party=w.base.party_a, kind="held", acting_user=alice,
                           values={"surname": "Мельник", "given_name": f"Тарас{'а' * (number % 7)}",
                                   "birth_year": 1970 + number % 30, "rank": f"rank {number}"})
    held = checkpoints.checkpoint_issue(acting_user=None)
    assert held.size == ENTRIES
    document = checkpoints.trust_document()
    # The tree and the checkpoints are the other tests' subject; here, the records bound to it.
    trust = Trust(document["origin"], notes.parse_vkey(document["log_key"]),
                  tuple(notes.parse_vkey(v) for v in document["witnesses"]), 0)
    return Scene(w, held, trust)


def _own_logged_declaration(row: Declaration, party_a: Any) -> bool:
    """Party A's declarations with an entry of their own or their import's seal: the ones its auditor is handed."""
    return row.party_id == party_a.pk and (
        AuditEntry.objects.filter(object_type="declaration", object_id=row.public_id).exists()
        or SealedRow.objects.filter(declaration_id=row.public_id).exists())


def test_every_change_deletion_swap_and_insertion_in_the_business_tables_is_detected(scene: Scene) -> None:
    clean = scene.named(lambda: None)
    assert clean == set(), clean
    handed = scene.handed()
    rows: dict[type, list[models.Model]] = {}
    for model in TABLES:
        found = list(model.objects.order_by("pk"))
        if model is Declaration:
            found = [r for r in found if _own_logged_declaration(r, scene.w.base.party_a)]
        rows[model] = found
        assert found, f"the world has no {model.__name__}"
        unhanded = [_record_of(r) for r in found if _record_of(r) not in handed]
        assert not unhanded, f"records no verifier is handed: {unhanded}"
    cases: list[tuple[str, set[Record], Callable[[], None]]] = []
    for model, found in rows.items():
        fields = _committed(model)
        for position, row in enumerate(found):
            record = _record_of(row)
            # change: one committed column, a different one row after row (skipping empty ones); where the
            # database's own constraints refuse a value, the next column
            candidates = [f for f in fields if getattr(row, f.attname) not in (None, "") and f.name not in UNIQUE]
            turn = candidates[position % len(candidates):] + candidates[:position % len(candidates)]

            def change(r=row, order=turn) -> str:
                for f in order:
                    try:
                        with transaction.atomic():
                            type(r).objects.filter(pk=r.pk).update(**{f.attname: _other(getattr(r, f.attname))})
                        CHANGED[_record_of(r)] = f.attname
                        return f.attname
                    except IntegrityError:
                        continue
                raise IntegrityError("no column could be changed")

            cases.append((f"change {model.__name__}", {record}, change))
            cases.append((f"delete {model.__name__}", {record}, lambda r=row: _raw_delete(r)))
            if position + 1 < len(found):
                other = found[position + 1]
                movable = [f.attname for f in fields if f.name not in UNIQUE]

                def swap(a=row, b=other, names=movable) -> None:
                    values_a = {n: getattr(a, n) for n in names}
                    values_b = {n: getattr(b, n) for n in names}
                    type(a).objects.filter(pk=a.pk).update(**values_b)
                    type(b).objects.filter(pk=b.pk).update(**values_a)

                wanted = {record, _record_of(other)}
                if any(getattr(row, n) != getattr(other, n) for n in movable):
                    cases.append((f"swap {model.__name__}", wanted, swap))
            forged, forged_record = _forge(row)
            if isinstance(forged, HandoverOutcome) and forged.entry_id is None:  # every entry has its outcome
                continue
            cases.append((f"insert {model.__name__}", {forged_record},
                          lambda c=forged: type(c).objects.bulk_create([c])))
    tally: Counter[str] = Counter()
    missed: list[str] = []
    by_kind: dict[str, list[tuple[str, set[Record], Any]]] = defaultdict(list)
    for case in cases:
        # One kind of tampering of one table per batch: a changed parent row must not hide another table's records.
        by_kind[case[0]].append(case)
    refused: Counter[str] = Counter()
    for group in by_kind.values():
        for batch in _pack(group):
            applied: list[tuple[str, set[Record], Any]] = []

            def tamper(b=batch, done=applied) -> None:
                for case in b:
                    try:
                        with transaction.atomic():
                            case[2]()
                        done.append(case)
                    except IntegrityError:  # the database's constraints refuse it: not a tampering anyone can do
                        refused[case[0]] += 1

            named = scene.named(tamper)
            for label, wanted, _ in applied:
                tally[label] += 1
                if not wanted <= named:
                    missed.append(f"{label}: {sorted(wanted - named)} {CHANGED.get(next(iter(wanted)), '')}")
                else:
                    tally[f"{label} detected"] += 1
    lines = sorted({k for k in tally if not k.endswith(" detected")})
    print("\nbusiness tables, detected/total: " + "; ".join(f"{k} {tally[k + ' detected']}/{tally[k]}" for k in lines))
    print(f"refused by the database's constraints (not possible): {dict(refused) or 'none'}")
    assert missed == [], "\n".join(missed)
    assert sum(tally[k] for k in lines) + sum(refused.values()) == len(cases)
    assert {k.split()[1] for k in lines if k.startswith("change")} == {m.__name__ for m in TABLES}
