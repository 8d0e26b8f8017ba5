"""One round of talks: what it shows, to whom, and the forms to record talks, table and decide proposals."""

import pytest

from homeward.agreements.models import Proposal, Talks
from tests.agreements.conftest import text


def url(talks):
    return f"/agreements/talks/{talks.public_id}/"


@pytest.mark.parametrize("name", ["alice", "carol", "bob", "berta", "mara", "otto"])
def test_it_shows_the_talks_and_every_proposal_with_its_response(june, signed_in, name):
    response = signed_in(name).get(url(june.talks))
    assert response.status_code == 200
    page = text(response)
    for shown in ("Talks at Istanbul, 2 June 2025", "Minister of Defence of Northland", "Exchange of prisoners of war",
                  "Repatriation of remains", "Ceasefire of at least 30 days", "Rejected",
                  "a ceasefire is not on the agenda", "Istanbul agreement of 2 June 2025"):
        assert shown in page, shown


def test_it_is_not_found_for_a_medical_service_and_refused_to_outsiders_and_the_deactivated(june, signed_in):
    assert signed_in("medic").get(url(june.talks)).status_code == 404
    assert signed_in("outsider").get(url(june.talks)).status_code == 403
    assert signed_in("dora").get(url(june.talks)).status_code == 302


def test_the_mediators_coordinator_records_talks(world, signed_in):
    client = signed_in("mara")
    assert client.get("/agreements/talks/new/").status_code == 200
    data = {"title": "Talks at Doha", "held_on": "2025-07-01", "venue": "Doha", "party_a": world.party_a.public_id,
            "party_b": world.party_b.public_id, "delegation_a": "Deputy minister", "delegation_b": "", "summary": ""}
    response = client.post("/agreements/talks/new/", data)
    talks = Talks.objects.get(title="Talks at Doha")
    assert response.status_code == 302 and response["Location"] == url(talks)


def test_a_refused_talks_form_shows_the_error_next_to_the_field(world, signed_in):
    data = {"title": "x", "held_on": "2025-07-01", "venue": "Doha", "party_a": world.party_a.public_id,
            "party_b": world.party_a.public_id}
    response = signed_in("mara").post("/agreements/talks/new/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["party_b"] == ["the two parties must be different organisations"]


@pytest.mark.parametrize("name", ["carol", "bob", "otto"])
def test_only_the_mediators_coordinator_gets_the_talks_form(june, signed_in, name):
    assert signed_in(name).get("/agreements/talks/new/").status_code == 403


def test_a_partys_coordinator_tables_a_proposal(talks, signed_in):
    client = signed_in("carol")
    assert "Table a proposal for NCO" in text(client.get(url(talks)))
    response = client.post(f"{url(talks)}proposals/", {"title": "Civilians", "text": "All civilians home."})
    assert response.status_code == 302
    assert Proposal.objects.get(title="Civilians").proposed_by.short_name == "NCO"


@pytest.mark.parametrize("name", ["alice", "mara", "otto"])
def test_operators_the_mediator_and_observers_do_not_table(talks, signed_in, name):
    client = signed_in(name)
    assert "Table a proposal" not in text(client.get(url(talks)))
    assert client.post(f"{url(talks)}proposals/", {"title": "x", "text": "y"}).status_code == 403


def test_a_proposal_without_text_is_refused_next_to_the_field(talks, signed_in):
    response = signed_in("berta").post(f"{url(talks)}proposals/", {"title": "x", "text": ""})
    assert response.status_code == 400 and "text" in response.context["proposal_form"].errors


def test_the_other_side_decides_from_the_page(proposal, signed_in):
    client = signed_in("berta")
    page = text(client.get(url(proposal.talks)))
    assert "Record the decision" in page and 'value="withdrawn"' not in page
    response = client.post(f"/agreements/proposals/{proposal.public_id}/decide/",
                           {"state": "rejected", "response": "", "decided_on": "2025-06-02"})
    assert response.status_code == 400
    assert response.context["proposals"][0]["form"].errors["response"] == ["this is required"]
    response = client.post(f"/agreements/proposals/{proposal.public_id}/decide/",
                           {"state": "rejected", "response": "Not now", "decided_on": "2025-06-02"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.state, proposal.response) == ("rejected", "Not now")


def test_the_proposing_side_may_only_withdraw(proposal, signed_in):
    client = signed_in("carol")
    page = text(client.get(url(proposal.talks)))
    assert 'value="withdrawn"' in page and 'value="accepted"' not in page
    response = client.post(f"/agreements/proposals/{proposal.public_id}/decide/",
                           {"state": "accepted", "decided_on": "2025-06-02"})
    assert response.status_code == 400 and "state" in response.context["proposals"][0]["form"].errors


def test_an_operator_cannot_decide_and_another_party_cannot_see_the_proposal(proposal, signed_in):
    assert signed_in("bob").post(f"/agreements/proposals/{proposal.public_id}/decide/",
                                 {"state": "accepted", "decided_on": "2025-06-02"}).status_code == 403
    assert signed_in("medic").post(f"/agreements/proposals/{proposal.public_id}/decide/",
                                   {"state": "accepted", "decided_on": "2025-06-02"}).status_code == 404
