"""`homeward verify`: a party's offline check from files, reading no database, with a clear exit status."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.audit.transparency_setup import witnessed_log
from tests.conftest import declare


@pytest.fixture
def files(world, tmp_path):
    declare(world.alice, world.party_a)
    witnessed = witnessed_log(world, tmp_path)
    witnessed.checkpoint_and_cosign()
    declare(world.bob, world.party_b)
    witnessed.checkpoint_and_cosign()
    trust = tmp_path / "trust.json"
    out = StringIO()
    call_command("log", "trust", stdout=out)
    document = json.loads(out.getvalue())
    assert document["quorum"] == 3
    trust.write_text(out.getvalue(), encoding="utf-8")
    export = tmp_path / "export.json"
    call_command("log", "export", "--user", "mara", "--out", str(export), stdout=StringIO())
    return witnessed, trust, export


def run_verify(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify", *args, stdout=out, stderr=err)
        return 0, out.getvalue(), err.getvalue()
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue(), err.getvalue()


def test_a_party_verifies_its_own_checkpoints_and_an_export_without_the_database(
        world, files, django_assert_num_queries):
    witnessed, trust, export = files
    held = witnessed.held("mediator.example/witness")
    assert len(list(held.glob("*.note"))) == 2
    with django_assert_num_queries(0):
        status, out, err = run_verify("--trust", str(trust), "--export", str(export), "--checkpoints", str(held),
                                      "--all-entries")
    assert status == 0, err
    assert "the log verifies" in out and "cosigned by" in out


def test_a_rewritten_export_fails_with_status_1_naming_the_problem(world, files):
    witnessed, trust, export = files
    document = json.loads(export.read_text(encoding="utf-8"))
    document["leaves"][2] = "00" * 32
    export.write_text(json.dumps(document), encoding="utf-8")
    status, _, err = run_verify("--trust", str(trust), "--export", str(export),
                                "--checkpoints", str(witnessed.held("a.example/witness")))
    assert status == 1
    assert "history was rewritten" in err and "does NOT verify" in err


def test_a_checkpoint_cosigned_by_too_few_witnesses_fails(world, files, tmp_path):
    witnessed, trust, export = files
    document = json.loads(trust.read_text(encoding="utf-8"))
    document["witnesses"] = document["witnesses"][:1]
    document["quorum"] = 1
    trust.write_text(json.dumps(document), encoding="utf-8")
    assert run_verify("--trust", str(trust), "--export", str(export))[0] == 0  # one trusted witness suffices
    document["witnesses"] = []
    document["quorum"] = 0
    document["log_key"] = document["log_key"].replace(document["log_key"].split("+")[1], "00000000")
    trust.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="not a trust file") as refused:
        run_verify("--trust", str(trust), "--export", str(export))
    assert refused.value.returncode == 2


@pytest.mark.parametrize("content", [b"\xff\xfe not utf-8", b"[1, 2]", b"{", b"{}"])
def test_a_malformed_export_is_refused_clearly(world, files, tmp_path, content):
    _, trust, _ = files
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    try:
        status, _, err = run_verify("--trust", str(trust), "--export", str(bad))
    except CommandError as error:
        assert error.returncode == 2 and "not a log export" in str(error)
        return
    assert status == 1 and "not a homeward log export" in err


def test_the_witness_command_refuses_a_second_init_and_a_rollback(world, files):
    witnessed, _, _ = files
    from homeward.audit.models import Checkpoint

    state = witnessed.states["b.example/witness"]
    with pytest.raises(CommandError, match="already exists"):
        call_command("witness", "init", "--state", str(state), "--name", "x", "--origin", "o",
                     "--log-key", "k+00000000+AA==", stdout=StringIO())
    older = Checkpoint.objects.order_by("size").first()
    before = state.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="REFUSED: rollback"):
        witnessed.cosign("b.example/witness", older.note, older.size, proof=[])
    assert state.read_text(encoding="utf-8") == before  # the state did not move


def test_only_auditors_and_the_mediator_export_the_log(world, files, tmp_path):
    with pytest.raises(CommandError, match="auditors and the mediator"):
        call_command("log", "export", "--user", "alice", "--out", str(tmp_path / "x.json"), stdout=StringIO())
    assert not (tmp_path / "x.json").exists()


def test_the_log_endpoints_are_in_the_published_openapi_document(world, files):
    from django.test import Client

    from tests.conftest import PASSWORD

    client = Client()
    assert client.login(username="mara", password=PASSWORD)
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/log/checkpoint", "/api/log/consistency", "/api/log/inclusion", "/api/log/export",
            "/api/log/checkpoints/{size}/cosignatures"} <= set(paths)
