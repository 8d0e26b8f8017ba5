"""Every audited write appends a salted leaf; checkpoints are signed and cosigned; exports verify offline."""

from __future__ import annotations

import json

import pytest

from homeward.audit import checkpoints, log
from homeward.audit.guard import audited_service
from homeward.audit.models import AuditEntry, LogNode
from homeward_core.transparency import merkle
from homeward_core.transparency import note as notes
from homeward_core.transparency.leaves import commitment
from homeward_core.transparency.verify import Trust, verify_export
from tests.audit.transparency_setup import witnessed_log
from tests.conftest import declare


def trust(quorum: int = 3) -> Trust:
    document = checkpoints.trust_document()
    return Trust(document["origin"], notes.parse_vkey(document["log_key"]),
                 tuple(notes.parse_vkey(v) for v in document["witnesses"]), quorum)


def test_every_audit_entry_has_a_leaf_that_commits_to_it_with_its_salt(world):
    declare(world.alice, world.party_a)
    entries = list(AuditEntry.objects.select_related("organisation").order_by("sequence"))
    assert log.tree_size() == len(entries) == LogNode.objects.filter(level=0).count()
    rebuilt = merkle.MerkleTree()
    for entry in entries:
        rebuilt.append(commitment(entry.to_chain_entry(), entry.entry_hash, bytes(entry.salt)))
    assert log.root(len(entries)) == rebuilt.root()
    assert len({bytes(e.salt) for e in entries}) == len(entries)  # a fresh salt for every entry


def test_database_proofs_verify_against_the_database_root(world):
    for number in range(6):
        declare(world.alice, world.party_a, service_number=f"SN-{number}")
    size = log.tree_size()
    root = log.root(size)
    for index in range(size):
        leaf = bytes(LogNode.objects.get(level=0, index=index).hash)
        merkle.verify_inclusion(index, size, leaf, log.inclusion_proof(index, size), root)
    for old in range(1, size):
        merkle.verify_consistency(old, size, log.root(old), root, log.consistency_proof(old, size))


def test_a_write_that_rolls_back_leaves_no_leaf(world):
    before = log.tree_size()

    @audited_service
    def failing(*, acting_user):
        from homeward.audit import services as audit

        audit.record(acting_user=acting_user, action="test.fail", object_type="test", object_id=None)
        raise RuntimeError("the service fails after auditing")

    with pytest.raises(RuntimeError):
        failing(acting_user=world.alice)
    assert log.tree_size() == before == LogNode.objects.filter(level=0).count()


def test_leaves_and_exports_hold_no_personal_data(world, tmp_path):
    declare(world.alice, world.party_a, surname="Вигаданенко", given_name="Тарас")
    witnessed = witnessed_log(world, tmp_path)
    witnessed.checkpoint_and_cosign()
    text = json.dumps(witnessed.export(world.mara), ensure_ascii=False)
    assert "Вигаданенко" not in text and "Тарас" not in text


def test_a_cosigned_checkpoint_and_a_complete_export_verify(world, tmp_path):
    declare(world.alice, world.party_a)
    witnessed = witnessed_log(world, tmp_path)
    first = witnessed.checkpoint_and_cosign()
    declare(world.bob, world.party_b)
    second = witnessed.checkpoint_and_cosign()
    assert second.size > first.size
    assert len(notes.parse_note(second.note).signatures) == 4  # the log and three witnesses
    export = witnessed.export(world.mara, since=[first.size])
    assert export["complete"]
    report = verify_export(trust(), [first.note], export)
    assert report.ok, report.problems


def test_a_party_export_opens_only_its_own_entries_and_still_verifies(world, tmp_path):
    declare(world.alice, world.party_a)
    declare(world.bob, world.party_b)
    witnessed = witnessed_log(world, tmp_path)
    witnessed.checkpoint_and_cosign()
    a_auditor = _auditor(world)
    export = witnessed.export(a_auditor)
    organisations = {e["opening"]["entry"]["organisation"] for e in export["entries"]}
    assert organisations == {str(world.party_a.public_id)}
    assert not export["complete"]
    assert len(export["leaves"]) > len(export["entries"])
    assert verify_export(trust(), [], export).ok


def test_crypto_shredding_keeps_the_log_verifying_and_the_leaf_unopenable(world, tmp_path):
    declare(world.alice, world.party_a)
    victim = AuditEntry.objects.order_by("sequence")[3]
    checkpoints.leaf_shred(entry=victim, acting_user=None)
    victim.refresh_from_db()
    assert victim.salt is None
    witnessed = witnessed_log(world, tmp_path)
    witnessed.checkpoint_and_cosign()
    export = witnessed.export(world.mara)
    assert victim.sequence - 1 in export["shredded"]
    assert all(e["index"] != victim.sequence - 1 for e in export["entries"])
    assert verify_export(trust(), [], export).ok
    with pytest.raises(checkpoints.CheckpointRefused, match="already shredded"):
        checkpoints.leaf_shred(entry=victim, acting_user=None)


def test_a_shredded_leaf_without_its_tombstone_is_detected(world, tmp_path):
    declare(world.alice, world.party_a)
    witnessed = witnessed_log(world, tmp_path)
    witnessed.checkpoint_and_cosign()
    export = witnessed.export(world.mara)
    hidden = export["entries"].pop(2)  # a changed entry passed off as shredded
    export["shredded"].append(hidden["index"])
    report = verify_export(trust(), [], export)
    assert any("no tombstone" in problem for problem in report.problems)


def test_cosignatures_are_refused_from_another_organisation_or_when_forged(world, tmp_path):
    declare(world.alice, world.party_a)
    witnessed = witnessed_log(world, tmp_path)
    checkpoint = checkpoints.checkpoint_issue(acting_user=None)
    line = witnessed.cosign("b.example/witness", checkpoint.note, checkpoint.size)
    with pytest.raises(checkpoints.CheckpointRefused, match="not a registered witness of your organisation"):
        checkpoints.cosignature_add(checkpoint=checkpoint, line=line, acting_user=world.carol)
    name, encoded = line.strip()[2:].split(" ")
    raw = bytearray(__import__("base64").b64decode(encoded))
    raw[-1] ^= 1
    forged = f"\u2014 {name} {__import__('base64').b64encode(bytes(raw)).decode()}"
    with pytest.raises(checkpoints.CheckpointRefused, match="does not verify"):
        checkpoints.cosignature_add(checkpoint=checkpoint, line=forged,
                                    acting_user=witnessed.users["b.example/witness"])
    with pytest.raises(checkpoints.CheckpointRefused, match="not a cosignature line"):
        checkpoints.cosignature_add(checkpoint=checkpoint, line="-- garbage", acting_user=world.carol)
    checkpoint.refresh_from_db()
    assert len(notes.parse_note(checkpoint.note).signatures) == 1  # nothing was written


def test_an_operator_or_another_party_cannot_register_a_witness(world):
    key = notes.Verifier("x.example/w", notes.COSIGNATURE_V1, b"\x01" * 32).vkey()
    from homeward.accounts.scoping import NotAllowed

    with pytest.raises(NotAllowed):
        checkpoints.witness_register(organisation=world.party_a, name="x.example/w", vkey=key,
                                     acting_user=world.alice)
    with pytest.raises(NotAllowed):
        checkpoints.witness_register(organisation=world.party_b, name="x.example/w", vkey=key,
                                     acting_user=world.carol)


def _auditor(world):
    from homeward.accounts import services as accounts

    return accounts.user_create(username="aurelia", password="correct-horse-battery-staple",
                                organisation=world.party_a, role="auditor", acting_user=None, validate=False)


def test_a_party_can_check_consistency_with_proofs_alone(world, tmp_path):
    declare(world.alice, world.party_a)
    witnessed = witnessed_log(world, tmp_path)
    first = witnessed.checkpoint_and_cosign()
    declare(world.bob, world.party_b)
    witnessed.checkpoint_and_cosign()
    light = witnessed.export(world.mara, since=[first.size])
    del light["leaves"]
    light["entries"] = []
    assert verify_export(trust(), [first.note], light).ok
    light["consistency"][0]["proof"][0] = "00" * 32
    problems = verify_export(trust(), [first.note], light).problems
    assert any("consistency proof" in p for p in problems)
    light["consistency"] = []
    assert any("no consistency proof" in p for p in verify_export(trust(), [first.note], light).problems)
