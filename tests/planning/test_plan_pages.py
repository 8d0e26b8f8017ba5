"""The phase plan pages: what each persona sees, what the other party must not, and the lifecycle buttons."""

from __future__ import annotations

import pytest
from django.test import Client

from homeward.planning import services
from tests.conftest import PASSWORD
from tests.planning.conftest import Exchange


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


@pytest.fixture
def plan(exchange: Exchange):  # noqa: ANN201
    return services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=exchange.world.mara)


def test_the_index_lists_each_phase_and_offers_a_draft_to_planners(exchange: Exchange, plan) -> None:  # noqa: ANN001
    page = client_for(exchange.world.mara).get("/planning/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Day 1" in text and "Day 2" in text and "Draft a plan" in text and "version 1" in text
    assert "Draft a plan" not in client_for(exchange.world.alice).get("/planning/").content.decode()


def test_a_planner_drafts_from_the_page(exchange: Exchange) -> None:
    response = client_for(exchange.world.carol).post("/planning/draft/", {
        "agreement": str(exchange.agreement.public_id), "phase": "1"})
    assert response.status_code == 302
    assert exchange.agreement.plans.get().phase_name == "Day 2"


def test_the_plan_shows_the_proof_and_a_reason_per_person(exchange: Exchange, plan) -> None:  # noqa: ANN001
    text = client_for(exchange.world.mara).get(f"/planning/{plan.public_id}/").content.decode()
    assert "Objective and proof" in text and "optimal" in text
    assert "selected: under 25" in text
    more = client_for(exchange.world.mara).get(f"/planning/{plan.public_id}/?status=not_selected").content.decode()
    assert "not selected:" in more and "capacity 2 on side a reached" in more


@pytest.mark.parametrize("who", ["medic", "otto", "outsider"])
def test_others_get_no_plan(exchange: Exchange, plan, who: str) -> None:  # noqa: ANN001
    client = client_for(getattr(exchange.world, who))
    assert client.get(f"/planning/{plan.public_id}/").status_code in (403, 404)
    assert plan.phase_name not in client.get("/planning/").content.decode()


def test_a_party_sees_only_the_other_sides_people_it_was_shared(exchange: Exchange) -> None:
    world = exchange.world
    unshared = _unshared(world)
    plan = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    texts = [client_for(world.alice).get(f"/planning/{plan.public_id}/?status={status}").content.decode()
             for status in ("selected", "not_selected", "not_eligible")]
    assert unshared not in "".join(texts)
    assert "not shared with your organisation" in texts[0]
    mediator = "".join(client_for(world.mara).get(f"/planning/{plan.public_id}/?status={status}").content.decode()
                       for status in ("selected", "not_selected", "not_eligible"))
    assert unshared in mediator


def _unshared(world) -> str:  # noqa: ANN001
    from tests.conftest import declare

    declare(world.bob, world.party_b, surname="Прихований", external_ref="B-hidden", legal_status="pow")
    return "Прихований"


def test_the_lifecycle_runs_from_the_page(exchange: Exchange, plan) -> None:  # noqa: ANN001
    world = exchange.world
    oldest = exchange.held_by_b[0]
    response = client_for(world.mara).post(f"/planning/{plan.public_id}/adjust/", {
        "declaration": str(oldest.public_id), "kind": "exclude", "note": "unfit to travel"})
    second = exchange.agreement.plans.get(version=2)
    assert response.url == f"/planning/{second.public_id}/"
    text = client_for(world.mara).get(response.url).content.decode()
    assert "Changes since version 1" in text and "unfit to travel" in text
    client_for(world.mara).post(f"/planning/{second.public_id}/propose/")
    for user in (world.carol, exchange.bea, world.mara):
        client_for(user).post(f"/planning/{second.public_id}/approve/")
    second.refresh_from_db()
    assert second.state == "approved"
    assert client_for(world.alice).post(f"/planning/{second.public_id}/approve/").status_code == 403


def test_the_entries_list_does_not_grow_queries_with_its_rows(exchange: Exchange, plan,  # noqa: ANN001
                                                              max_page_queries) -> None:  # noqa: ANN001
    client = client_for(exchange.world.mara)
    with max_page_queries(12):
        client.get(f"/planning/{plan.public_id}/?status=not_eligible", HTTP_HX_REQUEST="true")


def test_the_person_page_shows_the_findings_of_each_current_plan(exchange: Exchange, plan) -> None:  # noqa: ANN001
    person = exchange.held_by_a[4]
    text = client_for(exchange.world.alice).get(f"/registry/{person.public_id}/").content.decode()
    assert "Eligibility and phase plans" in text and "Day 1" in text
    assert "selected: under 25" in text and "terms.everyone" in text
    outsider_view = client_for(exchange.world.medic).get(f"/registry/{person.public_id}/")
    assert outsider_view.status_code == 404


def test_a_party_does_not_see_the_name_of_an_unshared_person_the_mediator_adjusted(exchange: Exchange) -> None:
    world = exchange.world
    unshared = _unshared(world)
    plan = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    hidden = plan.entries.get(declaration__surname=unshared).declaration
    second = services.plan_adjust(plan=plan, declaration=hidden, kind="exclude", note="", acting_user=world.mara)
    assert unshared in client_for(world.mara).get(f"/planning/{second.public_id}/").content.decode()
    assert unshared not in client_for(world.alice).get(f"/planning/{second.public_id}/").content.decode()


def test_a_party_is_not_told_how_many_of_the_other_sides_people_it_was_not_shared(exchange: Exchange) -> None:
    from tests.conftest import declare

    world = exchange.world
    for n in range(3):
        declare(world.bob, world.party_b, surname=f"Прихований{n}", external_ref=f"B-hidden-{n}", legal_status="pow")
    plan = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    text = client_for(world.alice).get(f"/planning/{plan.public_id}/").content.decode()
    assert "not shared with your organisation" in text
    assert "3 people in this plan" not in text


@pytest.mark.parametrize("agreement", ["not-a-uuid", ""])
def test_a_draft_for_a_malformed_agreement_id_is_refused_not_a_server_error(exchange: Exchange, agreement: str) -> None:
    response = client_for(exchange.world.mara).post("/planning/draft/", {"agreement": agreement, "phase": "0"})
    assert response.status_code in (403, 404)
