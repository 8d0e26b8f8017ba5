"""What each persona may see of the registry, through the one scoping layer."""

import pytest
from django.http import Http404

from homeward.accounts import scoping
from homeward.registry.services import declaration_share, health_certify, interview_record
from tests.conftest import declare


@pytest.fixture
def people(world):
    a = declare(world.alice, world.party_a, surname="Коваленко")
    b = declare(world.bob, world.party_b, surname="Сидоров", given_name="Иван")
    return a, b


def _visible(user):
    return set(scoping.declarations_for(user).values_list("surname", flat=True))


def test_each_party_sees_only_its_own_declarations(world, people):
    assert _visible(world.alice) == {"Коваленко"}
    assert _visible(world.carol) == {"Коваленко"}
    assert _visible(world.bob) == {"Сидоров"}


def test_the_mediator_sees_both_sides(world, people):
    assert _visible(world.mara) == {"Коваленко", "Сидоров"}


def test_outsider_deactivated_observer_and_unshared_medical_see_nothing(world, people):
    for user in (world.outsider, world.dora, world.otto, world.medic):
        assert _visible(user) == set()


def test_a_shared_declaration_becomes_visible_to_that_organisation_only(world, people):
    a, _ = people
    declaration_share(declaration=a, organisation=world.medical, purpose="examination", acting_user=world.alice)
    assert _visible(world.medic) == {"Коваленко"}
    assert _visible(world.bob) == {"Сидоров"}


def test_fetching_another_partys_record_is_not_found_not_forbidden(world, people):
    a, b = people
    with pytest.raises(Http404):
        scoping.get_declaration_for_user(world.bob, a.public_id)
    with pytest.raises(Http404):
        scoping.get_declaration_for_user(world.alice, "not-a-uuid")
    assert scoping.get_declaration_for_user(world.mara, b.public_id) == b


def test_health_details_are_for_medical_officers_and_the_mediator(world, people):
    a, _ = people
    declaration_share(declaration=a, organisation=world.medical, purpose="examination", acting_user=world.alice)
    health_certify(declaration=a, medical_category="A1", seriously_wounded=True, ill=False,
                   certified_by="Mixed Medical Commission 1", certified_on=a.created_at.date(),
                   details="amputation below the knee", acting_user=world.medic)
    assert scoping.health_records_for(world.alice, a).count() == 0
    assert scoping.health_records_for(world.bob, a).count() == 0
    assert scoping.health_records_for(world.medic, a).get().details == "amputation below the knee"
    assert scoping.health_records_for(world.mara, a).count() == 1
    a.refresh_from_db()
    assert (a.medical_category, a.seriously_wounded) == ("A1", True)


def test_interview_content_is_the_mediators_only(world, people):
    a, _ = people
    interview_record(declaration=a, outcome="refuses", content="fears reprisals at home",
                     interviewed_on=a.created_at.date(), acting_user=world.mara)
    for user in (world.alice, world.carol, world.bob, world.medic, world.otto):
        assert scoping.interviews_for(user, a).count() == 0
    assert scoping.interviews_for(world.mara, a).get().content == "fears reprisals at home"
    a.refresh_from_db()
    assert a.interview_outcome == "refuses"


def test_a_party_auditor_reads_only_its_own_organisations_audit_entries(world, people):
    from homeward.accounts.services import user_create

    auditor = user_create(username="aud_a", password=None, organisation=world.party_a, role="auditor",
                          acting_user=None)
    orgs = set(scoping.audit_entries_for(auditor).values_list("organisation", flat=True))
    assert orgs == {world.party_a.pk}
    assert scoping.audit_entries_for(world.otto).count() > scoping.audit_entries_for(auditor).count()
    assert scoping.audit_entries_for(world.alice).count() == 0
