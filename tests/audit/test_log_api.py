"""The transparency log's API: hashes for every member, openings and cosignatures only for one's own."""

from __future__ import annotations

import pytest
from django.test import Client

from homeward_core.transparency import merkle
from homeward_core.transparency import note as notes
from tests.audit.transparency_setup import witnessed_log
from tests.conftest import PASSWORD, declare


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


@pytest.fixture
def witnessed(world, tmp_path):
    declare(world.alice, world.party_a)
    declare(world.bob, world.party_b)
    witnessed = witnessed_log(world, tmp_path)
    witnessed.checkpoint_and_cosign()
    return witnessed


def test_a_member_gets_the_cosigned_checkpoint_and_proofs_that_verify(world, witnessed):
    client = client_for(world.bob)
    checkpoint = client.get("/api/log/checkpoint").json()
    assert checkpoint["cosigned_by"] == sorted(witnessed.users)
    parsed = notes.parse_checkpoint(notes.parse_note(checkpoint["note"]).text)
    proof = client.get(f"/api/log/consistency?old_size=3&size={parsed.size}").json()["proof"]
    old_root = client_for(world.mara).get("/api/log/export").json()["leaves"][:3]
    tree = merkle.MerkleTree()
    for leaf in old_root:
        tree.append_hash(bytes.fromhex(leaf))
    merkle.verify_consistency(3, parsed.size, tree.root(), parsed.root, [bytes.fromhex(p) for p in proof])
    included = client.get("/api/log/inclusion?index=1").json()
    merkle.verify_inclusion(1, parsed.size, tree.node(0, 1), [bytes.fromhex(p) for p in included["proof"]],
                            parsed.root)


def test_the_other_partys_entries_are_never_opened_in_an_export(world, witnessed):
    from homeward.accounts import services as accounts

    b_auditor = accounts.user_create(username="bella", password=PASSWORD, organisation=world.party_b,
                                     role="auditor", acting_user=None, validate=False)
    export = client_for(b_auditor).get("/api/log/export").json()
    organisations = {e["opening"]["entry"]["organisation"] for e in export["entries"]}
    assert organisations == {str(world.party_b.public_id)}
    assert str(world.party_a.public_id) not in str(export["entries"])
    assert export["complete"] is False


@pytest.mark.parametrize("persona", ["alice", "bob", "medic"])
def test_exports_are_for_auditors_and_the_mediator(world, witnessed, persona):
    assert client_for(getattr(world, persona)).get("/api/log/export").status_code == 403


@pytest.mark.parametrize("url", ["/api/log/checkpoint", "/api/log/consistency?old_size=1", "/api/log/export",
                                 "/api/log/inclusion?index=0"])
def test_anonymous_outsiders_and_deactivated_users_get_nothing(world, witnessed, url):
    assert Client().get(url).status_code in (401, 403)
    outsider = Client()
    outsider.login(username="outsider", password=PASSWORD)
    assert outsider.get(url).status_code in (401, 403)
    deactivated = Client()
    assert not deactivated.login(username="dora", password=PASSWORD)
    assert deactivated.get(url).status_code in (401, 403)


def test_a_party_cannot_hand_in_the_other_partys_cosignature(world, witnessed):
    from homeward.audit import checkpoints

    checkpoint = checkpoints.checkpoint_issue(acting_user=None)
    line = witnessed.cosign("b.example/witness", checkpoint.note, checkpoint.size)
    refused = client_for(world.carol).post(f"/api/log/checkpoints/{checkpoint.size}/cosignatures", {"line": line},
                                           content_type="application/json")
    assert refused.status_code == 400 and "not a registered witness of your organisation" in refused.json()["detail"]
    kept = client_for(witnessed.users["b.example/witness"]).post(
        f"/api/log/checkpoints/{checkpoint.size}/cosignatures", {"line": line}, content_type="application/json")
    assert kept.status_code == 201 and kept.json()["cosigned_by"] == ["b.example/witness"]


def test_only_those_who_manage_a_witness_hand_in_its_cosignatures(world, witnessed):
    """Party A's operator holding A's witness's valid line is refused for the role (403), as for registering a
    witness; A's coordinator, who manages the witness, hands the same line in."""
    from homeward.audit import checkpoints

    checkpoint = checkpoints.checkpoint_issue(acting_user=None)
    line = witnessed.cosign("a.example/witness", checkpoint.note, checkpoint.size)
    url = f"/api/log/checkpoints/{checkpoint.size}/cosignatures"
    for user in (world.alice, world.medic):
        refused = client_for(user).post(url, {"line": line}, content_type="application/json")
        assert refused.status_code == 403, (user, refused.status_code)
    assert not checkpoint.cosignatures.exists()
    kept = client_for(world.carol).post(url, {"line": line}, content_type="application/json")
    assert kept.status_code == 201 and kept.json()["cosigned_by"] == ["a.example/witness"]


def test_bad_proof_requests_are_refused_naming_the_field(world, witnessed):
    client = client_for(world.alice)
    assert client.get("/api/log/consistency?old_size=0").json()["field"] == "old_size"
    assert client.get("/api/log/inclusion?index=100000").json()["field"] == "index"
    assert client.get("/api/log/checkpoints/99999").status_code == 404
