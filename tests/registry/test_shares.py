"""Sharing a declaration: with the other party or a medical service, once, by its declarer or the mediator."""

import pytest

from homeward.accounts.scoping import NotAllowed
from homeward.audit.models import AuditEntry
from homeward.registry.models import DeclarationShare
from homeward.registry.services import RegistryError, declaration_share
from tests.conftest import declare


@pytest.fixture
def person(world):
    return declare(world.alice, world.party_a)


def _share(world, person, organisation, user=None, purpose="request list"):
    return declaration_share(declaration=person, organisation=organisation, purpose=purpose,
                             acting_user=user or world.alice)


def test_it_shares_with_the_other_party_and_a_medical_service(world, person):
    _share(world, person, world.party_b)
    _share(world, person, world.medical, user=world.mara, purpose="examination")
    shared_with = set(DeclarationShare.objects.values_list("organisation__short_name", flat=True))
    assert shared_with == {"SCO", "TMS"}


def test_the_audit_entry_belongs_to_the_declaring_party(world, person):
    _share(world, person, world.party_b, user=world.mara)
    entry = AuditEntry.objects.filter(action="registry.declaration.share").get()
    assert (entry.actor, entry.organisation) == (world.mara, world.party_a)


@pytest.mark.parametrize("target", ["party_a", "mediator", "observer"])
def test_it_refuses_organisations_a_share_makes_no_sense_for(world, person, target):
    with pytest.raises(RegistryError):
        _share(world, person, getattr(world, target))
    assert not DeclarationShare.objects.exists()


def test_a_second_share_with_the_same_organisation_is_refused_and_not_logged(world, person):
    _share(world, person, world.party_b)
    with pytest.raises(RegistryError, match="already shared with SCO"):
        _share(world, person, world.party_b, purpose="again")
    assert DeclarationShare.objects.count() == 1
    assert AuditEntry.objects.filter(action="registry.declaration.share").count() == 1


def test_a_share_needs_a_purpose(world, person):
    with pytest.raises(RegistryError, match="purpose"):
        _share(world, person, world.party_b, purpose="  ")


def test_the_other_party_cannot_share_a_record_it_was_shared(world, person):
    _share(world, person, world.party_b)
    with pytest.raises(NotAllowed):
        _share(world, person, world.medical, user=world.bob)
