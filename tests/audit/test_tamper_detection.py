"""Tamper detection on a 1,000-entry log: every single-row change, deletion, swap or insertion, in the log's
leaves and in the audit table, a split view and a rollback are caught by the party's offline verifier.

The party is the mediator (its export opens every entry); it holds the checkpoint its own witness
cosigned before the tampering. Each tampering happens in the database, in a savepoint rolled back
afterwards; the server then exports as usual and the verifier judges.

Leaves are tampered with one row at a time and checked with the tree-only export. Audit rows are
tampered with in batches of rows 20 apart, because the verifier names each entry it finds wrong:
a batch passes only if every tampered entry is named, so each row is still detected on its own.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Callable

import pytest
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F

from homeward.audit import checkpoints, log
from homeward.audit import services as audit
from homeward.audit.guard import audited_service, service_context
from homeward.audit.models import AuditEntry, Checkpoint, LogNode
from homeward_core.transparency import note as notes
from homeward_core.transparency.merkle import MerkleTree
from homeward_core.transparency.verify import Trust, verify_export
from tests.audit.transparency_setup import witnessed_log

ENTRIES = 1000
AWAY = 10**9  # renumbering goes through numbers far away, so unique constraints hold at every step
# An insertion renumbers every later row, so it is tried at every 10th place (and the last), not all 1,000:
# the suite runs on two shared cores.
INSERT_STRIDE = 10


@audited_service
def _many_writes(*, count: int, acting_user) -> None:
    for number in range(count):
        audit.record(acting_user=acting_user, action="test.write", object_type="test", object_id=None,
                     after={"number": number}, summary={"number": number})


@pytest.fixture
def thousand(world, tmp_path):
    witnessed = witnessed_log(world, tmp_path)
    _many_writes(count=ENTRIES // 2 - AuditEntry.objects.count(), acting_user=world.mara)
    witnessed.checkpoint_and_cosign()  # what the parties saw half-way
    _many_writes(count=ENTRIES - AuditEntry.objects.count(), acting_user=world.mara)
    held = witnessed.checkpoint_and_cosign()
    document = checkpoints.trust_document()
    trust = Trust(document["origin"], notes.parse_vkey(document["log_key"]),
                  tuple(notes.parse_vkey(v) for v in document["witnesses"]), 3)
    assert held.size == ENTRIES
    return witnessed, held, trust


def verify_after(trust: Trust, held: Checkpoint, user, tamper: Callable[[], None], *, openings: bool):
    """Tamper inside a savepoint, export as the server would, verify as the party would; then undo."""
    with transaction.atomic():
        with service_context("simulated tampering"):
            tamper()
        export = checkpoints.export_for(user, checkpoint=held, openings=openings)
        report = verify_export(trust, [held.note], export, all_entries=openings)
        transaction.set_rollback(True)
    return report


def named_leaves(problems: list[str]) -> set[int]:
    """The leaves the verifier says are wrong: entries it could not accept, leaves left without an entry."""
    named = {int(m) for p in problems for m in re.findall(r"^entry at leaf (\d+):", p)}
    for problem in problems:
        if "leaves have no entry" in problem:
            named |= {int(n) for n in problem.split("leaves ")[-1].split(", ")}
    return named


def flip(value: bytes) -> bytes:
    return bytes([value[0] ^ 1]) + value[1:]


def test_an_untampered_log_verifies(world, thousand):
    _, held, trust = thousand
    for openings in (True, False):
        report = verify_after(trust, held, world.mara, lambda: None, openings=openings)
        assert report.ok, report.problems


def test_every_change_deletion_swap_and_insertion_of_a_leaf_is_detected(world, thousand):
    _, held, trust = thousand
    leaves = list(LogNode.objects.filter(level=0, index__lt=held.size).order_by("index"))

    def change(row):
        LogNode.objects.filter(pk=row.pk).update(hash=flip(bytes(row.hash)))

    def delete(row):
        LogNode.objects.filter(pk=row.pk).delete()

    def swap(row, other):
        LogNode.objects.filter(pk=row.pk).update(hash=bytes(other.hash))
        LogNode.objects.filter(pk=other.pk).update(hash=bytes(row.hash))

    def insert(row):  # a forged leaf at this index; every later leaf moves up by one
        LogNode.objects.filter(level=0, index__gte=row.index).update(index=F("index") + AWAY)
        LogNode.objects.filter(level=0, index__gte=AWAY).update(index=F("index") - AWAY + 1)
        LogNode.objects.create(level=0, index=row.index, hash=hashlib.sha256(os.urandom(8)).digest())

    missed, cases = [], 0
    for position, row in enumerate(leaves):
        tampers = {"change": lambda r=row: change(r), "delete": lambda r=row: delete(r)}
        if position % INSERT_STRIDE == 0 or position == len(leaves) - 1:
            tampers["insert"] = lambda r=row: insert(r)
        if position + 1 < len(leaves):
            tampers["swap"] = lambda r=row, n=leaves[position + 1]: swap(r, n)
        for name, tamper in tampers.items():
            cases += 1
            if verify_after(trust, held, world.mara, tamper, openings=False).ok:
                missed.append(f"{name} leaf {row.index}")
    assert missed == []
    assert cases == 3 * ENTRIES - 1 + ENTRIES // INSERT_STRIDE + 1


AUDIT_FIELDS = ("action", "actor_username", "object_type", "before_digest", "after_digest", "prev_hash",
                "entry_hash", "occurred_at", "organisation", "salt", "object_id", "sequence")
STRIDE = 20


def test_every_change_deletion_swap_and_insertion_of_an_audit_entry_is_detected(world, thousand):
    _, held, trust = thousand
    rows = list(AuditEntry.objects.filter(sequence__lte=held.size).order_by("sequence"))

    def change(row, field):
        values = {
            "action": "registry.declaration.delete", "actor_username": "nobody", "object_type": "forged",
            "before_digest": "f" * 64, "after_digest": "e" * 64, "prev_hash": "d" * 64,
            "entry_hash": hashlib.sha256(row.entry_hash.encode()).hexdigest(),
            "occurred_at": row.occurred_at.replace(year=2020),
            "organisation": world.party_b if row.organisation_id != world.party_b.pk else world.party_a,
            "salt": os.urandom(32), "object_id": uuid.uuid4(), "sequence": AWAY + row.sequence,
        }
        AuditEntry.objects.filter(pk=row.pk).update(**{field: values[field]})

    def swap(row, other):
        AuditEntry.objects.filter(pk=row.pk).update(sequence=AWAY)
        AuditEntry.objects.filter(pk=other.pk).update(sequence=row.sequence)
        AuditEntry.objects.filter(pk=row.pk).update(sequence=other.sequence)

    def batch(tamper_each, pick):
        def tamper():
            for row in pick:
                tamper_each(row)
        return tamper

    missed, cases = [], 0
    for offset in range(STRIDE):
        picked = rows[offset::STRIDE]
        fields = {row.pk: AUDIT_FIELDS[(offset + n) % len(AUDIT_FIELDS)] for n, row in enumerate(picked)}
        report = verify_after(trust, held, world.mara, batch(lambda r, f=fields: change(r, f[r.pk]), picked),
                              openings=True)
        cases += len(picked)
        missed += [f"change {fields[r.pk]} #{r.sequence}" for r in picked
                   if r.sequence - 1 not in named_leaves(report.problems)]
        report = verify_after(trust, held, world.mara,
                              batch(lambda r: AuditEntry.objects.filter(pk=r.pk).delete(), picked), openings=True)
        cases += len(picked)
        missed += [f"delete #{r.sequence}" for r in picked if r.sequence - 1 not in named_leaves(report.problems)]
        pairs = [(r, rows[r.sequence]) for r in picked if r.sequence < len(rows)]
        report = verify_after(trust, held, world.mara, batch(lambda pair: swap(*pair), pairs), openings=True)
        cases += len(pairs)
        missed += [f"swap #{a.sequence}" for a, b in pairs
                   if not {a.sequence - 1, b.sequence - 1} <= named_leaves(report.problems)]
    assert missed == []
    assert cases == 3 * ENTRIES - 1


def test_an_inserted_audit_entry_is_detected_wherever_it_goes(world, thousand):
    _, held, trust = thousand
    rows = list(AuditEntry.objects.filter(sequence__lte=held.size).order_by("sequence"))

    def insert(row):
        AuditEntry.objects.filter(sequence__gte=row.sequence).update(sequence=F("sequence") + AWAY)
        AuditEntry.objects.filter(sequence__gte=AWAY).update(sequence=F("sequence") - AWAY + 1)
        AuditEntry.objects.create(sequence=row.sequence, occurred_at=row.occurred_at, actor=row.actor,
                                  actor_username=row.actor_username, organisation=row.organisation,
                                  action="registry.declaration.create", object_type="declaration",
                                  prev_hash=row.prev_hash, entry_hash=hashlib.sha256(os.urandom(8)).hexdigest(),
                                  salt=os.urandom(32))

    missed = [row.sequence for row in rows[::25] + rows[-1:]
              if verify_after(trust, held, world.mara, lambda r=row: insert(r), openings=True).ok]
    assert missed == []


def test_a_split_view_is_detected(world, thousand, tmp_path):
    """The server shows party A a forked log: A's verifier sees two roots for one size, or too few cosigners."""
    witnessed, held, trust = thousand
    with transaction.atomic():
        with service_context("simulated fork"):
            LogNode.objects.filter(level=0, index=10).update(hash=hashlib.sha256(b"fork").digest())
            LogNode.objects.filter(level__gt=0).delete()
            _rebuild_interior_nodes()
        root = log.root(held.size)
        text = notes.Checkpoint(checkpoints.origin(), held.size, root).text()
        signature = notes.sign_note(text, checkpoints.origin(), checkpoints._log_private_key())
        forked = Checkpoint(size=held.size, root_hash=root, note=notes.Note(text, (signature,)).serialise())
        assert root != bytes(held.root_hash)
        # A's witness, which already cosigned the true checkpoint of this size, refuses the fork.
        with pytest.raises(CommandError, match="split view"):
            witnessed.cosign("a.example/witness", forked.note, forked.size, proof=[])
        export = checkpoints.export_for(world.mara, checkpoint=forked)
        transaction.set_rollback(True)
    report = verify_export(trust, [held.note], export)
    assert any("cosigned by 0 trusted witness" in p for p in report.problems)
    # Even if the fork were cosigned by enough witnesses, the two roots for one size give it away.
    lax = Trust(trust.origin, trust.log, trust.witnesses, 0)
    assert any("split view" in p for p in verify_export(lax, [held.note], export).problems)


def test_a_rollback_to_an_older_checkpoint_is_detected(world, thousand):
    witnessed, held, trust = thousand
    older = Checkpoint.objects.filter(size__lt=held.size).order_by("-size").first()
    # The server, restored from an old backup, shows the old checkpoint and the old leaves again.
    export = checkpoints.export_for(world.mara, checkpoint=older)
    report = verify_export(Trust(trust.origin, trust.log, trust.witnesses, 0), [held.note], export)
    assert any("fewer than checkpoint size" in p for p in report.problems)
    with pytest.raises(CommandError, match="rollback"):
        witnessed.cosign("mediator.example/witness", older.note, older.size, proof=[])


def _rebuild_interior_nodes() -> None:
    leaves = [bytes(h) for h in LogNode.objects.filter(level=0).order_by("index").values_list("hash", flat=True)]
    tree = MerkleTree()
    for leaf in leaves:
        tree.append_hash(leaf)
    LogNode.objects.bulk_create([LogNode(level=level, index=index, hash=tree.node(level, index))
                                 for level in range(1, 64) for index in range(tree.size >> level)])
