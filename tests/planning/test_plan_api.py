"""Phase plans over the API: scoped like the pages, refusals with a field, the lifecycle."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.planning.conftest import Exchange


def client_for(user) -> Client:  # noqa: ANN001
    client = Client(enforce_csrf_checks=False)
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


def draft(exchange: Exchange, user=None) -> dict:  # noqa: ANN001
    response = client_for(user or exchange.world.mara).post(
        "/api/plans", {"agreement": str(exchange.agreement.public_id), "phase_index": 0},
        content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_it_drafts_and_lists_with_the_proof(exchange: Exchange) -> None:
    plan = draft(exchange)
    assert plan["proof"] == "optimal" and plan["selected"] == {"a": 2, "b": 2}
    assert [level["level"] for level in plan["objective"]] == ["count", "under_25", "days_held"]
    listed = client_for(exchange.world.carol).get(f"/api/plans?agreement={exchange.agreement.public_id}").json()
    assert [p["id"] for p in listed] == [plan["id"]]


def test_entries_carry_reasons_and_findings(exchange: Exchange) -> None:
    plan = draft(exchange)
    rows = client_for(exchange.world.mara).get(f"/api/plans/{plan['id']}/entries?status=not_selected").json()
    assert rows and all(row["reason"].startswith("not selected:") for row in rows)
    assert any(finding[0] == "terms.everyone" for finding in rows[0]["findings"])


@pytest.mark.parametrize("who", ["medic", "otto", "outsider"])
def test_others_get_404(exchange: Exchange, who: str) -> None:
    plan = draft(exchange)
    client = client_for(getattr(exchange.world, who)) if who != "outsider" else Client()
    assert client.get(f"/api/plans/{plan['id']}").status_code in (401, 403, 404)
    assert client.get(f"/api/plans/{plan['id']}/entries").status_code in (401, 403, 404)


def test_an_operator_cannot_draft_and_a_bad_kind_names_its_field(exchange: Exchange) -> None:
    response = client_for(exchange.world.alice).post(
        "/api/plans", {"agreement": str(exchange.agreement.public_id)}, content_type="application/json")
    assert response.status_code == 403
    plan = draft(exchange)
    response = client_for(exchange.world.mara).post(
        f"/api/plans/{plan['id']}/adjustments",
        {"declaration": str(exchange.held_by_a[0].public_id), "kind": "promote"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "kind"


def test_the_lifecycle_over_the_api(exchange: Exchange) -> None:
    plan = draft(exchange)
    second = client_for(exchange.world.mara).post(
        f"/api/plans/{plan['id']}/adjustments",
        {"declaration": str(exchange.held_by_a[1].public_id), "kind": "lock"}, content_type="application/json").json()
    assert second["version"] == 2
    client_for(exchange.world.mara).post(f"/api/plans/{second['id']}/propose")
    for user in (exchange.world.carol, exchange.bea, exchange.world.mara):
        last = client_for(user).post(f"/api/plans/{second['id']}/approve").json()
    assert last["state"] == "approved" and len(last["approvals"]) == 3


def test_identity_is_confirmed_only_by_the_other_side(exchange: Exchange) -> None:
    from tests.conftest import declare

    person = declare(exchange.world.alice, exchange.world.party_a, external_ref="A-new")
    own = client_for(exchange.world.alice).post(f"/api/declarations/{person.public_id}/identity-confirmation",
                                                {"basis": "ours"}, content_type="application/json")
    assert own.status_code == 403
    other = client_for(exchange.world.bob).post(f"/api/declarations/{person.public_id}/identity-confirmation",
                                                {"basis": "ours"}, content_type="application/json")
    assert other.status_code == 404  # not shared with party B: it does not exist for B


@pytest.mark.parametrize("query", ["offset=-1", "phase_index=-1"])
def test_negative_numbers_are_refused_not_a_server_error(exchange: Exchange, query: str) -> None:
    client = client_for(exchange.world.mara)
    if query.startswith("phase_index"):
        response = client.post("/api/plans", {"agreement": str(exchange.agreement.public_id), "phase_index": -1},
                               content_type="application/json")
    else:
        response = client.get(f"/api/plans/{draft(exchange)['id']}/entries?{query}")
    assert 400 <= response.status_code < 500, response.status_code


def test_the_list_does_not_grow_queries_with_its_plans(exchange: Exchange, max_page_queries) -> None:  # noqa: ANN001
    from homeward.planning import services

    for phase in (0, 1, 1):
        services.plan_draft(agreement=exchange.agreement, phase_index=phase, acting_user=exchange.world.mara)
    plan = services.plan_propose(plan=exchange.agreement.plans.get(phase_index=0), acting_user=exchange.world.mara)
    services.plan_approve(plan=plan, acting_user=exchange.world.mara)
    client = client_for(exchange.world.mara)
    client.get("/api/plans")
    with max_page_queries(6):  # session, user, membership, plans, approvals, organisations
        assert len(client.get("/api/plans").json()) == 3
