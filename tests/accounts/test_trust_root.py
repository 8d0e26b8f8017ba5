"""An agreement's trust root: proposed by the mediator, signed by all three, rotated, exported, verified offline."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from homeward.accounts import trust
from homeward.accounts.scoping import NotAllowed
from homeward.accounts.signing import sign_for, signing_key_issue
from homeward_core.transparency.trustroot import parse_chain, verify_chain, verify_document
from tests.planning.conftest import Exchange, exchange  # noqa: F401  (the fixture)


def verify(path: Path) -> str:
    out = StringIO()
    call_command("trust_root", "verify", str(path), stdout=out)
    return out.getvalue()


def signed_by_all(ex: Exchange) -> None:
    version = trust.latest(ex.agreement)
    for user in (ex.world.carol, ex.bea, ex.world.mara):
        trust.trust_root_sign(version=version, acting_user=user)


def test_all_three_sign_and_a_party_verifies_offline(exchange: Exchange, tmp_path: Path) -> None:  # noqa: F811
    world = exchange.world
    with pytest.raises(NotAllowed):
        trust.trust_root_propose(agreement=exchange.agreement, acting_user=world.carol)
    trust.trust_root_propose(agreement=exchange.agreement, acting_user=world.mara)
    version = trust.latest(exchange.agreement)
    trust.trust_root_sign(version=version, acting_user=world.carol)
    with pytest.raises(trust.TrustRootError, match="already signed"):
        trust.trust_root_sign(version=version, acting_user=world.carol)
    with pytest.raises(NotAllowed):
        trust.trust_root_sign(version=version, acting_user=world.alice)  # an operator
    out = tmp_path / "root.json"
    out.write_bytes(trust.trust_root_export(exchange.agreement))
    with pytest.raises(CommandError, match="not signed by the active key of: party_b, mediator"):
        verify(out)
    trust.trust_root_sign(version=version, acting_user=exchange.bea)
    trust.trust_root_sign(version=version, acting_user=world.mara)
    out.write_bytes(trust.trust_root_export(exchange.agreement))
    assert "trust root verifies: version 1 of 1" in verify(out)
    with pytest.raises(trust.TrustRootError, match="already lists"):
        trust.trust_root_propose(agreement=exchange.agreement, acting_user=world.mara)


def test_a_rotated_key_is_endorsed_by_the_old_one_and_old_documents_still_verify(exchange: Exchange,  # noqa: F811
                                                                                  tmp_path: Path) -> None:
    world = exchange.world
    trust.trust_root_propose(agreement=exchange.agreement, acting_user=world.mara)
    signed_by_all(exchange)
    manifest = {"manifest": "bus A-1-01", "people": ["one", "two"]}
    before = sign_for(world.party_a, "manifest", manifest, acting_user=world.carol)

    signing_key_issue(organisation=world.party_a, acting_user=world.carol)  # party A rotates its key
    trust.trust_root_propose(agreement=exchange.agreement, acting_user=world.mara)
    rows = trust.trust_root_sign(version=trust.latest(exchange.agreement), acting_user=world.carol)
    assert len(rows) == 2  # the new key signs, the old key endorses
    for user in (exchange.bea, world.mara):
        trust.trust_root_sign(version=trust.latest(exchange.agreement), acting_user=user)
    out = tmp_path / "roots.json"
    out.write_bytes(trust.trust_root_export(exchange.agreement))
    assert "trust root verifies: version 2 of 2" in verify(out)
    root = verify_chain(parse_chain(out.read_bytes()), now=trust.latest(exchange.agreement).created_at)
    verify_document("manifest", manifest, before, role="party_a", root=root)  # signed with the retired key
    after = sign_for(world.party_a, "manifest", manifest, acting_user=world.carol)
    verify_document("manifest", manifest, after, role="party_a", root=root)


def test_an_export_changed_in_transit_is_refused(exchange: Exchange, tmp_path: Path) -> None:  # noqa: F811
    trust.trust_root_propose(agreement=exchange.agreement, acting_user=exchange.world.mara)
    signed_by_all(exchange)
    data = json.loads(trust.trust_root_export(exchange.agreement))
    data["versions"][0]["root"]["members"][0]["name"] = "Someone else"
    out = tmp_path / "root.json"
    out.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="REFUSED: .*changed after it was signed"):
        verify(out)
    out.write_bytes(b"not json")
    with pytest.raises(CommandError, match="REFUSED: the export is not JSON"):
        verify(out)
