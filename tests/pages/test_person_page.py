"""One person: identity, history, what each role may see, and corrections with version checks."""

import datetime as dt

from django.urls import reverse

from homeward.registry.services import (
    declaration_correct,
    declaration_share,
    health_certify,
    interview_record,
)
from tests.conftest import declare
from tests.pages.conftest import text
from tests.shared_record import CUSTODY_NOTE, NOTE, REASONS, leaks, shared_record


def url(person):
    return reverse("registry:detail", kwargs={"public_id": person.public_id})


def correction(person, version, **changes):
    data = {"surname": person.surname, "given_name": person.given_name, "legal_status": person.legal_status,
            "version": version, "reason": "rank confirmed by the unit"}
    data.update(changes)
    return data


def test_it_shows_the_identity_core_and_history(world, signed_in):
    person = declare(world.alice, world.party_a, patronymic="Петрович", surname_latin="Kovalenko",
                     rank="солдат", service_number="АА123456", place_of_birth="Чернігів",
                     captured_on=dt.date(2024, 3, 5))
    declaration_correct(declaration=person, expected_version=1, changes={"rank": "сержант"},
                        reason="rank confirmed by the unit", acting_user=world.carol)
    response = signed_in("alice").get(url(person))
    assert response.status_code == 200
    page = text(response)
    for shown in ("Коваленко Олександр Петрович", "Kovalenko", "сержант", "АА123456", "Чернігів",
                  "Prisoner of war", "rank confirmed by the unit", "carol"):
        assert shown in page
    assert response.context["versions"][0][1] == ["Rank"]
    assert "<title>Person record · homeward</title>" in page  # no name in the browser's history


def test_the_other_party_gets_404(world, signed_in):
    person = declare(world.alice, world.party_a)
    assert signed_in("bob").get(url(person)).status_code == 404
    assert signed_in("bob").post(url(person), correction(person, 1)).status_code == 404


def test_an_unknown_record_is_404(world, signed_in):
    assert signed_in("alice").get("/registry/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_health_details_are_shown_only_to_medical_roles_and_the_mediator(world, signed_in):
    person = declare(world.alice, world.party_a)
    declaration_share(declaration=person, organisation=world.medical, purpose="care", acting_user=world.alice)
    declaration_share(declaration=person, organisation=world.party_b, purpose="request list", acting_user=world.alice)
    health_certify(declaration=person, medical_category="A1", seriously_wounded=True, ill=False,
                   certified_by="Mixed medical commission", certified_on=dt.date(2025, 5, 20),
                   details="Shrapnel wound, left leg", acting_user=world.medic)
    for name in ("medic", "mara"):
        page = text(signed_in(name).get(url(person)))
        assert "Shrapnel wound, left leg" in page and "Mixed medical commission" in page
    for name in ("alice", "bob"):
        page = text(signed_in(name).get(url(person)))
        assert "Shrapnel wound" not in page and "Mixed medical commission" not in page
        assert "Seriously wounded" in page and "Category A1" in page


def test_interview_content_is_for_the_mediator_only(world, signed_in):
    person = declare(world.alice, world.party_a)
    declaration_share(declaration=person, organisation=world.medical, purpose="care", acting_user=world.alice)
    interview_record(declaration=person, outcome="refuses", content="Fears reprisals at home",
                     interviewed_on=dt.date(2025, 5, 21), acting_user=world.mara)
    assert "Fears reprisals at home" in text(signed_in("mara").get(url(person)))
    for name in ("alice", "medic"):
        page = text(signed_in(name).get(url(person)))
        assert "Fears reprisals" not in page and "Refuses repatriation" in page


def test_the_internal_note_stays_inside_the_declaring_party(world, signed_in):
    person = declare(world.alice, world.party_a, internal_note="Source: phone intercept")
    assert "Source: phone intercept" in text(signed_in("alice").get(url(person)))
    assert "Source: phone intercept" not in text(signed_in("mara").get(url(person)))


def test_only_the_declaring_partys_editors_get_the_correction_form(world, signed_in):
    person = declare(world.alice, world.party_a)
    assert signed_in("alice").get(url(person)).context["form"] is not None
    assert signed_in("mara").get(url(person)).context["form"] is None
    assert signed_in("mara").post(url(person), correction(person, 1)).status_code == 403


def test_a_correction_makes_a_new_version(world, signed_in):
    person = declare(world.alice, world.party_a, rank="солдат")
    alice = signed_in("alice")
    response = alice.post(url(person), correction(person, 1, rank="сержант"))
    assert response.status_code == 302 and response["Location"] == url(person)
    person.refresh_from_db()
    assert (person.version, person.rank) == (2, "сержант")
    page = text(alice.get(url(person)))
    assert "Correction saved as version 2" in page and "rank confirmed by the unit" in page


def test_a_correction_needs_a_reason(world, signed_in):
    person = declare(world.alice, world.party_a)
    response = signed_in("alice").post(url(person), correction(person, 1, rank="сержант", reason=" "))
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    person.refresh_from_db()
    assert person.version == 1


def test_a_stale_version_is_a_409_naming_what_changed(world, signed_in):
    person = declare(world.alice, world.party_a)
    declaration_correct(declaration=person, expected_version=1, changes={"unit": "в/ч А0001"},
                        reason="unit", acting_user=world.carol)
    response = signed_in("alice").post(url(person), correction(person, 1, rank="майор"))
    assert response.status_code == 409
    page = text(response)
    assert "Your correction was not saved" in page and "carol" in page and "Unit" in page
    assert response.context["form"]["version"].value() == 2
    person.refresh_from_db()
    assert (person.version, person.rank) == (2, "")


def test_non_members_get_no_access(world, signed_in):
    person = declare(world.alice, world.party_a, surname="Шевченко")
    response = signed_in("outsider").get(url(person))
    assert response.status_code == 403 and "Шевченко" not in text(response)


def test_a_refused_value_is_shown_on_its_field(world, signed_in):
    declare(world.alice, world.party_a, external_ref="A-1")
    person = declare(world.alice, world.party_a, surname="Шевченко", external_ref="A-2")
    response = signed_in("alice").post(url(person), correction(person, 1, external_ref="A-1"))
    assert response.status_code == 400
    assert "'A-1' is already used" in response.context["form"].errors["external_ref"][0]
    person.refresh_from_db()
    assert (person.version, person.external_ref) == (1, "A-2")


def test_a_shared_record_hides_the_declaring_partys_internals(world, signed_in):
    person = shared_record(world)
    for name in ("bob", "medic"):
        response = signed_in(name).get(url(person))
        assert response.status_code == 200
        assert leaks(text(response)) == []
        assert [changed for _, changed in response.context["versions"]] == [[], ["Rank"]]
    mediator_page = text(signed_in("mara").get(url(person)))
    assert leaks(mediator_page, mediator=True) == []
    assert all(shown in mediator_page for shown in (*REASONS, CUSTODY_NOTE, "carol"))
    assert all(shown in text(signed_in("alice").get(url(person))) for shown in (*REASONS, CUSTODY_NOTE, NOTE))


def test_who_declared_a_shared_record_is_not_shown(world, signed_in):
    person = declare(world.alice, world.party_a)
    declaration_share(declaration=person, organisation=world.party_b, purpose="request list",
                      acting_user=world.carol)
    assert "Declared by alice" in text(signed_in("mara").get(url(person)))
    page = text(signed_in("bob").get(url(person)))
    assert "alice" not in page and "Declared on" in page
