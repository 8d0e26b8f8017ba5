"""The trust root's page: the mediator proposes, the three coordinators sign, anyone in the agreement downloads;
the log's trust file signed with the same keys lets `homeward verify --trust-root` vouch for the log's keys."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from homeward.accounts.models import TrustRootVersion
from homeward.audit.models import AuditEntry
from tests.accounts.test_mfa import password_only
from tests.audit.test_verify_command import run_verify
from tests.audit.transparency_setup import witnessed_log
from tests.planning.conftest import Exchange, exchange  # noqa: F401  (the fixture)


def page_of(ex: Exchange) -> str:
    return f"/agreements/{ex.agreement.public_id}/trust-root/"


def sign_all(ex: Exchange, what: str = "sign/") -> None:
    for user in (ex.world.carol, ex.bea, ex.world.mara):
        response = password_only(user).post(page_of(ex) + what)
        assert response.status_code == 302, response.content[:300]


def test_the_mediator_proposes_the_three_sign_and_a_party_downloads_and_verifies(
        exchange: Exchange, tmp_path: Path) -> None:  # noqa: F811
    world, url = exchange.world, page_of(exchange)
    alice = password_only(world.alice)
    assert "No version yet" in alice.get(url).content.decode()
    assert alice.post(url + "propose/").status_code == 403  # an operator of a party
    assert password_only(world.carol).post(url + "propose/").status_code == 403  # a party's coordinator
    mara = password_only(world.mara)
    assert mara.post(url + "propose/")["Location"] == url
    assert alice.post(url + "sign/").status_code == 403
    page = alice.get(url).content.decode()
    assert "Still to sign" in page and "Not in force" in page
    sign_all(exchange)
    assert TrustRootVersion.objects.get().signatures.count() == 3
    page = alice.get(url).content.decode()
    assert "Signed by all three" in page and "Still to sign" not in page
    again = password_only(world.carol).post(url + "sign/", follow=True).content.decode()
    assert "already signed" in again
    download = alice.get(url + "trust-roots.json")
    assert download["Content-Disposition"].startswith("attachment;")
    roots = tmp_path / "roots.json"
    roots.write_bytes(download.content)
    out = StringIO()
    call_command("trust_root", "verify", str(roots), stdout=out)
    assert "trust root verifies: version 1 of 1" in out.getvalue()
    assert AuditEntry.objects.filter(action="accounts.trust_root.sign").count() == 3


def test_a_medical_service_and_an_outsider_see_nothing(exchange: Exchange) -> None:  # noqa: F811
    url = page_of(exchange)
    medic = password_only(exchange.world.medic)
    for path in ("", "trust-roots.json", "log-trust.json"):
        assert medic.get(url + path).status_code == 404
    for path in ("propose/", "sign/", "log-trust/sign/"):
        assert medic.post(url + path).status_code == 404
    assert not TrustRootVersion.objects.exists()


def test_the_log_trust_file_signed_under_the_root_is_vouched_for_by_homeward_verify(
        exchange: Exchange, tmp_path: Path) -> None:  # noqa: F811
    world, url = exchange.world, page_of(exchange)
    password_only(world.mara).post(url + "propose/")
    sign_all(exchange)
    witnessed = witnessed_log(world, tmp_path)  # three witnesses registered: the trust file as it now stands
    witnessed.checkpoint_and_cosign()
    roots = tmp_path / "roots.json"
    roots.write_bytes(password_only(world.alice).get(url + "trust-roots.json").content)
    export = tmp_path / "export.json"
    export.write_text(json.dumps(witnessed.export(world.mara)), encoding="utf-8")
    held = str(witnessed.held("a.example/witness"))

    def verify(trust: dict) -> tuple[int, str, str]:  # noqa: ANN001
        path = tmp_path / "log-trust.json"
        path.write_text(json.dumps(trust), encoding="utf-8")
        return run_verify("--trust", str(path), "--trust-root", str(roots), "--export", str(export),
                          "--checkpoints", held)

    unsigned = json.loads(password_only(world.alice).get(url + "log-trust.json").content)
    status, _, err = verify(unsigned)
    assert status == 1 and "the organisations have not vouched for it" in err
    assert password_only(world.alice).post(url + "log-trust/sign/").status_code == 403
    sign_all(exchange, "log-trust/sign/")
    trust = json.loads(password_only(world.bob).get(url + "log-trust.json").content)
    assert [s["role"] for s in trust["signatures"]] == ["party_a", "party_b", "mediator"]
    status, out, err = verify(trust)
    assert status == 0, err
    assert "signed by party A, party B and the mediator under trust root version 1" in out
    # A trust file with one more witness, or a lower quorum, than the three signed is not vouched for.
    for changed in ({**trust, "quorum": 1}, {**trust, "witnesses": trust["witnesses"][:2], "quorum": 2}):
        status, _, err = verify(changed)
        assert status == 1 and "not vouched for by the trust root" in err
    status, _, err = verify({**trust, "signatures": trust["signatures"][:2]})
    assert status == 1 and "not signed once by the mediator" in err
