"""Declarations imported in bulk are bound to the log row by row, by their import's seal.

An import writes its rows under one entry; the seal entry that follows
commits to each new declaration's whole state. Party A's auditor, with the
export and the offline verifier alone, must catch any change to a row it
imported and never corrected, a deleted row, a forged row, a row dropped
from the seal, an import never sealed, and a corrected record handed back in
its sealed state; a correction and a purge must still verify.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import pytest
from django.db import connection, transaction

from homeward.accounts import services as accounts
from homeward.audit import checkpoints, retention
from homeward.audit.guard import service_context
from homeward.audit.models import AuditEntry
from homeward.audit.records import DECLARATION_LEFT_OUT, TRACKED, declaration_states
from homeward.audit.verification import verify_log
from homeward.registry import imports
from homeward.registry.models import Declaration, ImportBatch, SealedRow
from homeward.registry.services import declaration_correct
from homeward.registry.tasks import seal_unsealed
from homeward_core.transparency import note as notes
from homeward_core.transparency.records import SEAL_ACTION
from homeward_core.transparency.verify import Trust, verify_export
from tests.conftest import PASSWORD, build_world
from tests.imports.helpers import commit, roster, upload_and_check

NAMED = re.compile(r"^record declaration ([0-9a-f-]{36}):")
ROWS = 24


def _rows(start: int = 0) -> list[str]:
    return [f"R-{n:04d},Бондаренко{'о' * (n % 3)},Петро,Іванович,{1970 + n % 25}-0{1 + n % 9}-1{n % 10},pow"
            for n in range(start, start + ROWS)]


class Party:
    def __init__(self) -> None:
        self.w = build_world()
        self.auditor = accounts.user_create(username="audra", password=PASSWORD, organisation=self.w.party_a,
                                            role="auditor", acting_user=None, validate=False)
        self.batch = commit(self.w.alice, upload_and_check(self.w.alice, self.w.party_a, roster(*_rows())))

    @staticmethod
    def trust() -> Trust:
        document = checkpoints.trust_document()
        return Trust(document["origin"], notes.parse_vkey(document["log_key"]),
                     tuple(notes.parse_vkey(v) for v in document["witnesses"]), 0)

    def report(self, held: Any = None) -> Any:
        held = held or checkpoints.checkpoint_issue(acting_user=None)
        return verify_export(self.trust(), [held.note], checkpoints.export_for(self.auditor, checkpoint=held))

    def named_after(self, tamper: Any) -> tuple[set[str], list[str]]:
        """Tamper in a savepoint, verify as party A's auditor, roll back; the declarations named, all problems."""
        held = checkpoints.checkpoint_issue(acting_user=None)
        with transaction.atomic():
            with service_context("simulated tampering"):
                tamper()
            report = self.report(held)
            transaction.set_rollback(True)
        return {m.group(1) for p in report.problems if (m := NAMED.match(p))}, report.problems


@pytest.fixture
def party(db: Any) -> Party:
    return Party()


def _imported(party: Party) -> list[Declaration]:
    return list(Declaration.objects.filter(source_batch=party.batch).order_by("pk"))


def test_every_imported_row_is_sealed_and_verifies(party: Party) -> None:
    assert party.batch.sealed_at is not None
    assert SealedRow.objects.filter(batch=party.batch).count() == ROWS
    seal = AuditEntry.objects.get(action=SEAL_ACTION, object_id=party.batch.public_id)
    assert seal.organisation == party.w.party_a and seal.summary == {"rows": ROWS}
    report = party.report()
    assert report.ok, report.problems
    assert any(f"{ROWS} records (declaration)" in line for line in report.checked), report.checked
    assert not verify_log().breaks


def test_the_states_read_as_values_are_those_of_the_model_instances(party: Party) -> None:
    by_values = dict(declaration_states(Declaration.objects.all()))
    for row in Declaration.objects.all():
        assert by_values[str(row.public_id)] == TRACKED["declaration"].state(row)


def test_a_change_to_any_column_of_an_imported_row_is_named(party: Party) -> None:
    rows = _imported(party)
    fields = [f for f in Declaration._meta.concrete_fields if not f.primary_key and f.name not in DECLARATION_LEFT_OUT
              and f.name not in ("public_id", "source_batch")]
    assert len(fields) > 30
    for position, field in enumerate(fields):
        row = rows[position % len(rows)]
        value = getattr(row, field.attname)
        if isinstance(value, bool):
            changed: Any = not value
        elif isinstance(value, int):
            changed = value + 1000 if field.name == "source_row" else value + 1  # clear of the other rows
        elif value is None:
            changed = dt.date(2020, 1, 1) if field.get_internal_type() == "DateField" else 1
        elif isinstance(value, str):
            changed = value + "x" if field.max_length is None or len(value) < field.max_length else value[:-1]
        else:  # dates and times
            changed = value + dt.timedelta(days=1)
        named, problems = party.named_after(
            lambda r=row, f=field, v=changed: Declaration.objects.filter(pk=r.pk).update(**{f.attname: v}))
        assert named == {str(row.public_id)}, (field.name, problems)


def test_a_deleted_row_a_forged_row_and_a_row_moved_to_another_import_are_named(party: Party) -> None:
    victim, other = _imported(party)[:2]

    def delete() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'DELETE FROM "{Declaration._meta.db_table}" WHERE "id" = %s', [victim.pk])  # noqa: S608

    named, problems = party.named_after(delete)
    assert named == {str(victim.public_id)} and "missing (deleted)" in problems[0], problems

    forged_id = uuid.uuid4()

    def forge() -> None:
        copy = Declaration.objects.get(pk=victim.pk)
        copy.pk, copy.public_id, copy.external_ref, copy.source_row = None, forged_id, "R-9999", None
        copy.save()

    named, problems = party.named_after(forge)
    assert named == {str(forged_id)} and "not a row of the seal" in problems[0], problems

    second = commit(party.w.alice, upload_and_check(party.w.alice, party.w.party_a, roster(*_rows(100))))
    named, _ = party.named_after(lambda: Declaration.objects.filter(pk=other.pk).update(source_batch=second,
                                                                                       source_row=10_000))
    assert named == {str(other.public_id)}


def test_a_seal_whose_rows_were_changed_fails_as_a_whole(party: Party) -> None:
    sealed = SealedRow.objects.filter(batch=party.batch).order_by("pk")
    for tamper in (lambda: sealed.first().delete(),
                   lambda: SealedRow.objects.filter(pk=sealed.first().pk).update(commitment=b"\0" * 32)):
        _, problems = party.named_after(tamper)
        assert any(f"import {party.batch.public_id}: its rows are not those the seal" in p for p in problems), problems


def test_an_import_committed_and_never_sealed_is_reported(party: Party) -> None:
    def unseal() -> None:
        SealedRow.objects.filter(batch=party.batch).delete()
        ImportBatch.objects.filter(pk=party.batch.pk).update(sealed_at=None)
        AuditEntry.objects.filter(action=SEAL_ACTION).update(action="registry.import.other")

    _, problems = party.named_after(unseal)
    assert any(f"import {party.batch.public_id}: committed at leaf" in p and "not sealed" in p for p in problems), \
        problems


def test_a_corrected_row_is_checked_against_its_correction_and_cannot_be_rolled_back(party: Party) -> None:
    row = _imported(party)[3]
    original = TRACKED["declaration"].state(row)
    salt = bytes(SealedRow.objects.get(declaration_id=row.public_id).salt)
    declaration_correct(declaration=row, expected_version=row.version, changes={"rank": "сержант"},
                        reason="rank confirmed", acting_user=party.w.alice)
    assert party.report().ok
    held = checkpoints.checkpoint_issue(acting_user=None)
    export = checkpoints.export_for(party.auditor, checkpoint=held)
    # The server hands the record back as it was imported, as if the correction had never been made.
    export["records"] = [r for r in export["records"] if r["id"] != str(row.public_id)] + [
        {"type": "declaration", "id": str(row.public_id), "seal": str(party.batch.public_id), "salt": salt.hex(),
         "state": original}]
    problems = verify_export(party.trust(), [held.note], export).problems
    assert any(str(row.public_id) in p and "rolled back" in p for p in problems), problems


def test_a_purged_imported_person_still_verifies_and_their_row_salt_is_gone(party: Party) -> None:
    person = _imported(party)[5]
    rule = next(r for r in retention.RULES if r.kind == "person")
    retention.retention_purge(item=retention.Due(rule, person, str(person.public_id), None))
    assert SealedRow.objects.get(declaration_id=person.public_id).salt is None
    report = party.report()
    assert report.ok, report.problems
    assert not verify_log().breaks


def test_the_worker_seals_a_commit_whose_seal_was_interrupted(party: Party) -> None:
    batch = upload_and_check(party.w.alice, party.w.party_a, roster(*_rows(200)))
    batch = imports.import_request_commit(batch=batch, acting_user=party.w.alice)
    imports._commit(batch=batch, acting_user=party.w.alice)  # the process died before the seal
    assert any("not sealed" in p for p in party.report().problems)
    assert seal_unsealed() == 1
    assert party.report().ok
    assert seal_unsealed() == 0


def test_the_server_check_names_a_changed_imported_row(party: Party) -> None:
    row = _imported(party)[7]
    with transaction.atomic():
        with service_context("simulated tampering"):
            Declaration.objects.filter(pk=row.pk).update(unit="в/ч 0000")
        breaks = [b.reason for b in verify_log().breaks]
        transaction.set_rollback(True)
    assert any(str(row.public_id) in reason and "seal" in reason for reason in breaks), breaks


@pytest.mark.parametrize("seals", [
    [{"batch": "x"}], [{"leaf": "not a number", "batch": "x", "rows": []}], [{"leaf": 0, "batch": "x", "rows": "ab"}],
    ["not an object"], [{"leaf": 10**9, "batch": "x", "rows": [["a"]]}],
])
def test_a_malformed_seal_in_an_export_is_reported_not_a_crash(party: Party, seals: Any) -> None:
    held = checkpoints.checkpoint_issue(acting_user=None)
    export = checkpoints.export_for(party.auditor, checkpoint=held)
    export["seals"] = seals
    problems = verify_export(party.trust(), [held.note], export).problems
    assert problems and any(p.startswith("import ") for p in problems), problems
