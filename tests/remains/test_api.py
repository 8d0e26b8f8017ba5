"""Remains over the API: scoped like the pages, refusals naming the field, nothing written on a refusal."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from homeward.remains.models import Identification, RemainsTransfer
from tests.conftest import PASSWORD
from tests.remains.conftest import Remains, identify, third_party_transfer


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


def post(user, url: str, body: dict):  # noqa: ANN001, ANN201
    return client_for(user).post(url, body, content_type="application/json")


def test_announce_receive_and_list(remains: Remains) -> None:
    created = post(remains.world.alice, "/api/remains/transfers", {
        "agreement": str(remains.agreement.public_id), "transferred_on": "2025-06-25", "place": "Crossing 4",
        "claimed_individuals": 3})
    assert created.status_code == 201, created.content
    transfer = created.json()
    assert (transfer["sender"], transfer["receiver"], transfer["units_counted"]) == ("NCO", "SCO", None)
    received = post(remains.world.bob, f"/api/remains/transfers/{transfer['id']}/receipt", {
        "received_on": "2025-06-25", "units": [{"label": "Q-1"}, {"label": "Q-2", "kind": "casket"}],
        "dispute_note": "three claimed, two bags"})
    assert received.status_code == 200 and received.json()["state"] == "disputed"
    assert received.json()["units_counted"] == 2
    listed = client_for(remains.world.mara).get(f"/api/remains/transfers?agreement={remains.agreement.public_id}")
    assert [t["number"] for t in listed.json()] == [1, 2, 3, 4]
    units = client_for(remains.world.alice).get(f"/api/remains/transfers/{transfer['id']}/units").json()
    assert [u["label"] for u in units] == ["Q-1", "Q-2"]


def test_a_second_receipt_is_a_conflict_and_bad_units_name_the_field(remains: Remains) -> None:
    url = f"/api/remains/transfers/{remains.a_to_b.public_id}/receipt"
    assert post(remains.world.bob, url, {"received_on": "2025-06-25", "units": [{"label": "Z"}]}).status_code == 409
    url = f"/api/remains/transfers/{remains.pending.public_id}/receipt"
    response = post(remains.world.bob, url, {"received_on": "2025-06-25", "units": [{"label": "Z", "kind": "box"}]})
    assert response.status_code == 400 and response.json()["field"] == "units"
    assert post(remains.world.alice, url, {"received_on": "2025-06-25", "units": [{"label": "Z"}]}).status_code == 403


def _identification(remains: Remains, units: list, **changes) -> dict:  # noqa: ANN003
    return {"units": [str(u) for u in units], "method": "dna", "laboratory": "Central lab",
            "laboratory_reference": "API-1", "identified_on": "2025-07-01", **changes}


def test_an_identification_with_an_unknown_or_unseen_unit_is_refused_and_nothing_is_written(
        remains: Remains) -> None:
    hidden = third_party_transfer(remains.world).units.get()
    good = remains.units(remains.a_to_b)[0].public_id
    for bad in (uuid.uuid4(), hidden.public_id, "nonsense"):
        response = post(remains.fiona, "/api/remains/identifications", _identification(remains, [good, bad]))
        assert response.status_code == 400 and response.json()["field"] == "units"
        assert f"Unknown unit: {bad}" in response.json()["detail"]
    assert not Identification.objects.exists()


def test_identification_and_return_over_the_api(remains: Remains) -> None:
    unit = remains.units(remains.a_to_b)[0].public_id
    body = _identification(remains, [unit], own_party="sending", person=str(remains.sought_by_a.public_id))
    created = post(remains.fiona, "/api/remains/identifications", body)
    assert created.status_code == 201, created.content
    assert created.json()["own_party"] == "NCO" and created.json()["remains_return"]
    duplicate = post(remains.fiona, "/api/remains/identifications", {**body, "laboratory_reference": "API-2"})
    assert duplicate.status_code == 409
    returns = client_for(remains.world.alice).get("/api/remains/returns").json()
    assert len(returns) == 1 and returns[0]["state"] == "raised"
    done = post(remains.world.alice, f"/api/remains/returns/{returns[0]['id']}/complete",
                {"completed_on": "2025-07-02", "place": "Crossing 1"})
    assert done.status_code == 200 and done.json()["state"] == "completed"
    progress = client_for(remains.world.otto).get(f"/api/remains/agreements/{remains.agreement.public_id}/progress")
    a = progress.json()[0]
    assert (a["sender"], a["received"], a["identified"], a["returns_completed"]) == ("NCO", 3, 1, 1)
    assert a["sentence"] == "3 received against at least 6,000; 1 identified; 1 returned"


def test_the_other_party_sees_neither_the_identification_nor_the_person(remains: Remains) -> None:
    own = identify(remains, remains.units(remains.a_to_b)[:1], person=remains.sought_by_b)
    alice = client_for(remains.world.alice)
    assert alice.get(f"/api/remains/identifications/{own.public_id}").status_code == 404
    assert alice.get("/api/remains/identifications").json() == []
    mediator = client_for(remains.world.mara).get(f"/api/remains/identifications/{own.public_id}").json()
    assert mediator["person"] == str(remains.sought_by_b.public_id)


@pytest.mark.parametrize("who", ["medic", "otto"])
def test_medical_services_and_observers_get_no_rows(remains: Remains, who: str) -> None:
    identify(remains, remains.units(remains.a_to_b)[:1])
    client = client_for(getattr(remains.world, who))
    assert client.get("/api/remains/transfers").json() == []
    assert client.get("/api/remains/identifications").json() == []
    assert client.get(f"/api/remains/transfers/{remains.a_to_b.public_id}").status_code == 404
    progress = client.get(f"/api/remains/agreements/{remains.agreement.public_id}/progress")
    assert progress.status_code == (200 if who == "otto" else 404)


def test_only_a_party_announces(remains: Remains) -> None:
    body = {"agreement": str(remains.agreement.public_id), "transferred_on": "2025-06-25", "place": "x",
            "claimed_individuals": 1}
    assert post(remains.world.mara, "/api/remains/transfers", body).status_code == 403
    assert post(remains.world.otto, "/api/remains/transfers", body).status_code == 404
    assert RemainsTransfer.objects.count() == 3


def test_the_identification_list_does_not_grow_queries_with_rows(remains: Remains) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(remains.world.mara)
    identify(remains, remains.units(remains.a_to_b)[:2], person=remains.sought_by_b)
    with CaptureQueriesContext(connection) as first:
        assert len(client.get("/api/remains/identifications").json()) == 1
    for n in range(4):
        identify(remains, remains.units(remains.a_to_b)[n % 3:n % 3 + 1], reference=f"MORE-{n}")
    with CaptureQueriesContext(connection) as later:
        assert len(client.get("/api/remains/identifications").json()) == 5
    assert len(later) == len(first)
