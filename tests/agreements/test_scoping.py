"""Who sees talks and agreements, through the one scoping layer."""

import pytest
from django.http import Http404

from homeward.accounts import scoping
from homeward.accounts import services as accounts
from homeward.agreements import services
from tests.agreements.conftest import TALKS_DAY
from tests.conftest import PASSWORD

READERS = ("alice", "carol", "bob", "berta", "mara", "otto")
NOBODY = ("medic", "outsider", "dora")


def _user(world, berta, name):
    return berta if name == "berta" else getattr(world, name)


@pytest.mark.parametrize("name", READERS)
def test_both_parties_the_mediator_and_observers_see_the_june_talks(world, berta, june, name):
    user = _user(world, berta, name)
    assert list(scoping.agreements_for(user)) == [june]
    assert scoping.talks_for(user).count() == 1
    assert scoping.proposals_for(user).count() == 3
    assert scoping.agreement_versions_for(user).count() == 1
    assert scoping.get_agreement_for_user(user, june.public_id) == june


@pytest.mark.parametrize("name", NOBODY)
def test_medical_services_outsiders_and_deactivated_users_see_nothing(world, june, name):
    user = getattr(world, name)
    assert not scoping.agreements_for(user).exists()
    assert not scoping.talks_for(user).exists()
    assert not scoping.proposals_for(user).exists()
    assert not scoping.agreement_versions_for(user).exists()
    with pytest.raises(Http404):
        scoping.get_agreement_for_user(user, june.public_id)
    with pytest.raises(Http404):
        scoping.get_talks_for_user(user, june.talks.public_id)


def test_a_party_does_not_see_talks_it_is_not_part_of(world, berta, june):
    third = accounts.organisation_create(name="Eastern Office", short_name="EO", kind="party", acting_user=None)
    other = services.talks_record(title="Other talks", held_on=TALKS_DAY, venue="Doha", party_a=world.party_a,
                                  party_b=third, acting_user=world.mara)
    assert scoping.talks_for(berta).count() == 1
    with pytest.raises(Http404):
        scoping.get_talks_for_user(world.bob, other.public_id)
    assert scoping.talks_for(world.carol).count() == 2
    assert scoping.talks_for(world.otto).count() == 2


def test_another_mediator_does_not_see_talks_it_did_not_host(world, june):
    other = accounts.organisation_create(name="Second Mediator", short_name="SM", kind="mediator",
                                         acting_user=None)
    sam = accounts.user_create(username="sam", password=PASSWORD, organisation=other, role="coordinator",
                               acting_user=None, validate=False)
    assert not scoping.agreements_for(sam).exists()


def test_a_bad_id_is_not_found(world, june):
    with pytest.raises(Http404):
        scoping.get_agreement_for_user(world.mara, "not-a-uuid")
    with pytest.raises(Http404):
        scoping.get_proposal_for_user(world.mara, june.public_id)  # an agreement's id is no proposal's
