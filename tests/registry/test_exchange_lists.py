"""Sharing an exchange list and confirming identities in one act each, with one audit entry."""

from __future__ import annotations

import pytest

from homeward.accounts.scoping import NotAllowed
from homeward.audit.models import AuditEntry
from homeward.registry.models import DeclarationShare, IdentityConfirmation
from homeward.registry.services import declarations_share_list, identities_confirm_list
from tests.conftest import declare


@pytest.fixture
def listed(world):  # noqa: ANN001, ANN201
    return [declare(world.alice, world.party_a, external_ref=f"A-{n}") for n in range(4)]


def test_a_list_is_shared_and_confirmed_once_each(world, listed) -> None:  # noqa: ANN001
    before = AuditEntry.objects.count()
    assert declarations_share_list(declarations=listed, organisation=world.party_b, purpose="exchange list",
                                   acting_user=world.alice) == 4
    assert declarations_share_list(declarations=listed, organisation=world.party_b, purpose="exchange list",
                                   acting_user=world.alice) == 0
    assert identities_confirm_list(declarations=listed[:3], basis="on our sought list", acting_user=world.bob) == 3
    assert DeclarationShare.objects.filter(organisation=world.party_b).count() == 4
    assert IdentityConfirmation.objects.filter(organisation=world.party_b).count() == 3
    assert AuditEntry.objects.count() == before + 3


def test_only_the_other_side_confirms_and_only_what_it_was_shared(world, listed) -> None:  # noqa: ANN001
    with pytest.raises(NotAllowed):
        identities_confirm_list(declarations=listed, basis="ours", acting_user=world.alice)
    with pytest.raises(NotAllowed):
        identities_confirm_list(declarations=listed, basis="guess", acting_user=world.bob)  # not shared yet
    with pytest.raises(NotAllowed):
        declarations_share_list(declarations=listed, organisation=world.party_a, purpose="x", acting_user=world.bob)
    assert not IdentityConfirmation.objects.exists()
