"""Health findings and interviews: recorded only about records the recorder may see, logged to the declarer."""

import datetime as dt

import pytest

from homeward.accounts import scoping
from homeward.accounts.services import user_create
from homeward.audit.models import AuditEntry
from homeward.registry.models import HealthRecord
from homeward.registry.services import declaration_share, health_certify, interview_record
from tests.conftest import declare


@pytest.fixture
def person(world):
    return declare(world.alice, world.party_a)


def _certify(person, user):
    return health_certify(declaration=person, medical_category="A1", seriously_wounded=True, ill=False,
                          certified_by="Mixed Medical Commission 1", certified_on=dt.date(2025, 5, 20),
                          details="amputation below the knee", acting_user=user)


def _share_with_medical(world, person):
    declaration_share(declaration=person, organisation=world.medical, purpose="examination",
                      acting_user=world.alice)


def test_a_medical_officer_cannot_certify_a_record_not_shared_with_them(world, person):
    with pytest.raises(scoping.NotAllowed):
        _certify(person, world.medic)
    assert not HealthRecord.objects.exists()
    person.refresh_from_db()
    assert not person.seriously_wounded


def test_a_certification_is_logged_to_the_declaring_party(world, person):
    _share_with_medical(world, person)
    _certify(person, world.medic)
    entry = AuditEntry.objects.filter(action="registry.health.certify").get()
    assert (entry.actor, entry.organisation) == (world.medic, world.party_a)


def test_an_interview_is_logged_to_the_declaring_party(world, person):
    interview_record(declaration=person, outcome="consents", content="wants to go home",
                     interviewed_on=dt.date(2025, 5, 21), acting_user=world.mara)
    entry = AuditEntry.objects.filter(action="registry.interview.record").get()
    assert (entry.actor, entry.organisation) == (world.mara, world.party_a)


@pytest.mark.parametrize(("organisation", "role"), [
    ("mediator", "auditor"), ("mediator", "read_only"), ("medical", "read_only"), ("medical", "auditor"),
])
def test_only_medical_officers_and_the_mediators_staff_see_health_details(world, person, organisation, role):
    _share_with_medical(world, person)
    _certify(person, world.medic)
    reader = user_create(username=f"{organisation}_{role}", password=None, role=role,
                         organisation=getattr(world, organisation), acting_user=None)
    assert not scoping.actor_for(reader).sees_health
    assert scoping.health_records_for(reader, person).count() == 0
    assert scoping.health_records_for(world.mara, person).count() == 1


def test_health_records_of_a_record_the_reader_cannot_see_are_not_returned(world, person):
    _share_with_medical(world, person)
    _certify(person, world.medic)
    other_medic = user_create(username="b_medic", password=None, role="medical_officer",
                              organisation=world.party_b, acting_user=None)
    assert scoping.health_records_for(other_medic, person).count() == 0
