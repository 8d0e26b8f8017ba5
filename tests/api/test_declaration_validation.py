"""The API refuses invalid declarations with 400 (409 for a roster reference already declared); nothing is written."""

import json

import pytest

from homeward.audit.models import AuditEntry
from homeward.registry.models import Declaration
from tests.conftest import declare

VALID = {"kind": "held", "surname": "Коваленко", "given_name": "Олександр"}


def _post(client, **changes):
    return client.post("/api/declarations", json.dumps({**VALID, **changes}), content_type="application/json")


def _patch(client, person, **changes):
    payload = json.dumps({"reason": "from the capture card", "changes": changes})
    return client.patch(f"/api/declarations/{person.public_id}", payload, content_type="application/json",
                        HTTP_IF_MATCH=f'"{person.version}"')


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


@pytest.mark.parametrize(("changes", "field"), [
    ({"kind": "prisoner"}, "kind"),
    ({"legal_status": "enemy"}, "legal_status"),
    ({"surname": ""}, "surname"),
    ({"birth_year": 1990, "birth_month": 13}, "birth_month"),
    ({"birth_year": 1990, "birth_month": 2, "birth_day": 31}, "birth_day"),
])
def test_an_invalid_declaration_is_a_400_naming_the_field(alice, changes, field):
    logged = AuditEntry.objects.count()
    response = _post(alice, **changes)
    assert response.status_code == 400
    assert response.json()["field"] == field and field in response.json()["detail"]
    assert not Declaration.objects.exists() and AuditEntry.objects.count() == logged


def test_a_roster_reference_already_declared_is_a_409(alice, world):
    assert _post(alice, external_ref="A-1").status_code == 201
    response = _post(alice, external_ref="A-1", surname="Шевченко")
    assert response.status_code == 409
    assert response.json()["field"] == "external_ref" and "A-1" in response.json()["detail"]
    assert Declaration.objects.count() == 1


@pytest.mark.parametrize(("changes", "field"), [
    ({"captured_on": "2024-02-30"}, "captured_on"),
    ({"captured_on": "yesterday"}, "captured_on"),
    ({"surname": None}, "surname"),
    ({"legal_status": None}, "legal_status"),
    ({"birth_month": 13}, "birth_month"),
    ({"birth_year": "19x0"}, "birth_year"),
])
def test_an_invalid_correction_is_a_400_naming_the_field_and_changes_nothing(alice, world, changes, field):
    person = declare(world.alice, world.party_a, birth_year=1990)
    response = _patch(alice, person, **changes)
    assert response.status_code == 400
    assert response.json()["field"] == field
    person.refresh_from_db()
    assert (person.version, person.surname, person.captured_on) == (1, "Коваленко", None)


def test_a_correction_onto_a_taken_roster_reference_is_a_400_not_a_version_conflict(alice, world):
    declare(world.alice, world.party_a, external_ref="A-1")
    other = declare(world.alice, world.party_a, surname="Шевченко", external_ref="A-2")
    response = _patch(alice, other, external_ref="A-1")
    assert response.status_code == 400 and response.json()["field"] == "external_ref"
    other.refresh_from_db()
    assert (other.external_ref, other.version) == ("A-2", 1)
