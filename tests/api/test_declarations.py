"""The registry API: scoped reads, token auth, and If-Match corrections."""

import json

import pytest

from homeward.accounts.services import api_token_create, user_deactivate
from tests.conftest import declare
from tests.shared_record import REASONS, leaks, shared_record


@pytest.fixture
def people(world):
    return (declare(world.alice, world.party_a, surname="Коваленко", external_ref="A-1"),
            declare(world.bob, world.party_b, surname="Сидоров", given_name="Иван"))


def _token(world, user):
    return api_token_create(user=user, name="test", acting_user=user)[1]


def test_it_lists_only_the_callers_records(client, world, people):
    client.force_login(world.bob)
    body = client.get("/api/declarations").json()
    assert [item["surname"] for item in body["items"]] == ["Сидоров"]
    assert body["count"] == 1


def test_it_filters_with_the_same_filters_as_the_page(client, world, people):
    client.force_login(world.mara)
    body = client.get("/api/declarations", {"q": "коваленко"}).json()
    assert [item["surname"] for item in body["items"]] == ["Коваленко"]


def test_another_partys_record_is_not_found(client, world, people):
    a, _ = people
    client.force_login(world.bob)
    assert client.get(f"/api/declarations/{a.public_id}").status_code == 404
    assert client.get(f"/api/declarations/{a.public_id}/history").status_code == 404


def test_it_requires_authentication(client, world, people):
    assert client.get("/api/declarations").status_code == 401


def test_it_accepts_a_bearer_token_and_refuses_it_after_deactivation(client, world, people):
    token = _token(world, world.alice)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/declarations", **headers).json()["count"] == 1
    assert client.get("/api/declarations", HTTP_AUTHORIZATION="Bearer hw_forged").status_code == 401
    user_deactivate(user=world.alice, acting_user=world.carol)
    assert client.get("/api/declarations", **headers).status_code == 401


def test_a_correction_needs_if_match_and_returns_the_new_etag(client, world, people):
    a, _ = people
    token = _token(world, world.alice)
    url, auth = f"/api/declarations/{a.public_id}", f"Bearer {token}"
    payload = json.dumps({"reason": "unit confirmed", "changes": {"unit": "в/ч А0001"}})
    missing = client.patch(url, payload, content_type="application/json", HTTP_AUTHORIZATION=auth)
    assert missing.status_code == 428
    ok = client.patch(url, payload, content_type="application/json", HTTP_AUTHORIZATION=auth, HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200
    assert (ok.json()["unit"], ok["ETag"]) == ("в/ч А0001", '"2"')


def test_a_stale_if_match_is_a_conflict_naming_what_changed(client, world, people):
    a, _ = people
    auth = f"Bearer {_token(world, world.alice)}"
    url = f"/api/declarations/{a.public_id}"
    first = json.dumps({"reason": "r", "changes": {"rank": "сержант"}})
    client.patch(url, first, content_type="application/json", HTTP_AUTHORIZATION=auth, HTTP_IF_MATCH='"1"')
    second = json.dumps({"reason": "r", "changes": {"unit": "x"}})
    lost = client.patch(url, second, content_type="application/json", HTTP_AUTHORIZATION=auth, HTTP_IF_MATCH='"1"')
    assert lost.status_code == 409
    assert lost.json()["changed_fields"] == ["rank"]
    assert lost.json()["current_version"] == 2


def test_the_other_party_cannot_correct_and_learns_nothing(client, world, people):
    a, _ = people
    auth = f"Bearer {_token(world, world.bob)}"
    payload = json.dumps({"reason": "r", "changes": {"rank": "x"}})
    response = client.patch(f"/api/declarations/{a.public_id}", payload, content_type="application/json",
                            HTTP_AUTHORIZATION=auth, HTTP_IF_MATCH='"1"')
    assert response.status_code == 404


def test_health_endpoint_is_forbidden_to_parties(client, world, people):
    a, _ = people
    client.force_login(world.alice)
    assert client.get(f"/api/declarations/{a.public_id}/health").status_code == 403


def test_the_openapi_document_is_published(client, world):
    client.force_login(world.alice)
    schema = client.get("/api/openapi.json").json()
    assert "/api/declarations/{public_id}" in schema["paths"]


def test_a_shared_records_history_hides_the_declaring_partys_internals(client, world):
    person = shared_record(world)
    client.force_login(world.bob)
    body = client.get(f"/api/declarations/{person.public_id}/history").json()
    assert [(v["version"], v["changed_fields"], v["reason"], v["superseded_by"]) for v in body] == [
        (2, [], None, None), (1, ["rank"], None, None)]
    assert leaks(json.dumps(body, ensure_ascii=False)) == []
    assert leaks(client.get(f"/api/declarations/{person.public_id}").content.decode()) == []
    client.force_login(world.mara)
    body = client.get(f"/api/declarations/{person.public_id}/history").json()
    assert [v["reason"] for v in body] == list(reversed(REASONS)) and body[1]["superseded_by"] == "carol"
    assert body[0]["changed_fields"] == []  # the note is the party's own, even from the mediator
    client.force_login(world.alice)
    assert client.get(f"/api/declarations/{person.public_id}/history").json()[0]["changed_fields"] == ["internal_note"]
