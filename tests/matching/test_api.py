"""Reconciliation over the API: scoped like the pages, refusals naming the field, nothing written on a refusal."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from homeward.matching.models import MatchDecision, ReconciliationRun
from tests.conftest import PASSWORD
from tests.matching.conftest import Queue, proposal, stored_run


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


def post(user, url: str, body: dict):  # noqa: ANN001, ANN201
    return client_for(user).post(url, body, content_type="application/json")


def test_the_mediator_starts_a_run_and_everyone_involved_lists_it(queue: Queue) -> None:
    w = queue.lists.world
    started = post(w.mara, "/api/reconciliation/runs", {
        "job": "sought_deceased", "left_party": str(w.party_a.public_id), "right_party": str(w.party_b.public_id)})
    assert started.status_code == 202, started.content
    body = started.json()
    assert body["state"] == "queued" and body["auto_accept"] is None and body["review_floor"] == 0.5
    assert len(client_for(w.alice).get("/api/reconciliation/runs").json()) == 3
    got = client_for(w.bob).get(f"/api/reconciliation/runs/{body['id']}").json()
    assert got["job"] == "sought_deceased" and got["candidate_count"] is None  # the whole run's counts: mediator's
    assert client_for(w.mara).get(f"/api/reconciliation/runs/{queue.run.public_id}").json()["candidate_count"] == 2


def test_refusals_name_the_problem_and_write_nothing(queue: Queue) -> None:
    w = queue.lists.world
    before = ReconciliationRun.objects.count()
    unknown = post(w.mara, "/api/reconciliation/runs", {"job": "sought_held", "left_party": str(uuid.uuid4()),
                                                        "right_party": str(w.party_b.public_id)})
    assert unknown.status_code == 400 and unknown.json()["field"] == "left_party"
    by_party = post(w.alice, "/api/reconciliation/runs", {"job": "sought_held", "left_party": str(w.party_a.public_id),
                                                          "right_party": str(w.party_b.public_id)})
    assert by_party.status_code == 403
    auto = post(w.alice, "/api/reconciliation/runs", {"job": "duplicates", "left_party": str(w.party_a.public_id),
                                                      "auto_accept": 0.99})
    assert auto.status_code == 403 and "auto-accept" in auto.json()["detail"]
    assert ReconciliationRun.objects.count() == before


def test_candidates_are_scoped_and_another_partys_ids_are_not_found(queue: Queue) -> None:
    w = queue.lists.world
    for user in (w.alice, w.bob):
        listed = client_for(user).get("/api/reconciliation/candidates").json()
        assert listed["count"] == 1 and [c["id"] for c in listed["items"]] == [str(queue.shared.public_id)]
    assert client_for(w.mara).get("/api/reconciliation/candidates").json()["count"] == 3
    assert client_for(w.alice).get(f"/api/reconciliation/candidates/{queue.hidden.public_id}").status_code == 404
    assert client_for(w.bob).get(f"/api/reconciliation/candidates/{queue.unshared.public_id}").status_code == 404
    b_dupes = stored_run(w.bob, "duplicates", w.party_b, None,
                         [proposal(queue.lists.b_hidden, queue.lists.b_kovalenko)])
    assert client_for(w.alice).get(f"/api/reconciliation/runs/{b_dupes.public_id}").status_code == 404
    for user in (w.otto, w.medic):
        assert client_for(user).get("/api/reconciliation/candidates").json()["count"] == 0
        assert client_for(user).get("/api/reconciliation/runs").json() == []
    assert Client().get("/api/reconciliation/candidates").status_code == 401


def test_a_candidate_has_its_fields_and_waterfall(queue: Queue) -> None:
    got = client_for(queue.lists.world.bob).get(f"/api/reconciliation/candidates/{queue.shared.public_id}").json()
    fields = {f["field"]: f for f in got["fields"]}
    assert fields["given_name"]["agreement"] == "same" and fields["date_of_birth"]["agreement"] == "same"
    assert {got["left"]["given_name"], got["right"]["given_name"]} == {"Олександр", "Александр"}
    assert got["contributions"][0] == {"comparison": "prior", "level": "prior", "weight": -9.5}


def test_a_decision_is_posted_with_a_reason(queue: Queue) -> None:
    w = queue.lists.world
    url = f"/api/reconciliation/candidates/{queue.shared.public_id}/decisions"
    blank = post(w.bob, url, {"verdict": "same", "reason": ""})
    assert blank.status_code == 400 and blank.json()["field"] == "reason"
    bad = post(w.bob, url, {"verdict": "merge", "reason": "x"})
    assert bad.status_code == 400 and bad.json()["field"] == "verdict"
    assert not MatchDecision.objects.exists()
    done = post(w.bob, url, {"verdict": "not_same", "reason": "Different unit."})
    assert done.status_code == 201 and done.json()["verdict"] == "not_same"
    assert done.json()["decisions"][0]["reason"] == "Different unit."
    overrule = post(w.alice, url, {"verdict": "same", "reason": "We think so."})
    assert overrule.status_code == 409
    hidden = post(w.alice, f"/api/reconciliation/candidates/{queue.hidden.public_id}/decisions",
                  {"verdict": "same", "reason": "x"})
    assert hidden.status_code == 404 and MatchDecision.objects.count() == 1
    seen_by_a = client_for(w.alice).get(f"/api/reconciliation/candidates/{queue.shared.public_id}").json()
    assert seen_by_a["decisions"][0]["reason"] is None and seen_by_a["decisions"][0]["decided_by"] is None


@pytest.mark.parametrize("who", ["mara", "alice"])
def test_the_candidate_list_does_not_grow_queries_with_rows(queue: Queue, who: str) -> None:
    from tests.conftest import declare

    w = queue.lists.world
    user = getattr(w, who)
    client = client_for(user)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/reconciliation/candidates?state=all")
    pairs = []
    for n in range(20):
        sought = declare(w.alice, w.party_a, kind="sought", surname=f"Мельник{n}")
        held = declare(w.bob, w.party_b, surname=f"Мельник{n}")
        pairs.append(proposal(sought, held))
    stored_run(w.mara, "sought_held", w.party_a, w.party_b, pairs)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/reconciliation/candidates?state=all")
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_endpoints_are_in_the_openapi_document(client) -> None:  # noqa: ANN001
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/reconciliation/runs", "/api/reconciliation/runs/{public_id}", "/api/reconciliation/candidates",
                 "/api/reconciliation/candidates/{public_id}", "/api/reconciliation/candidates/{public_id}/decisions"):
        assert path in paths
