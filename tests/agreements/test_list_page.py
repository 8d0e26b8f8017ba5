"""The talks and agreements list with its timeline: who gets it, what it shows, what it costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from homeward.agreements import services
from tests.agreements.conftest import HTMX, TALKS_DAY, terms, text

URL = "/agreements/"


@pytest.mark.parametrize("name", ["alice", "carol", "bob", "berta", "mara", "otto"])
def test_it_shows_the_talks_agreements_and_timeline_to_each_reader(june, signed_in, name):
    response = signed_in(name).get(URL)
    assert response.status_code == 200
    page = text(response)
    for shown in ("Talks at Istanbul, 2 June 2025", "Istanbul agreement of 2 June 2025", "In force",
                  "Proposal accepted", "Proposal rejected", "a ceasefire is not on the agenda",
                  "Terms version 1", "Signed by NCO", "Signed by SCO", "Signed by NMO", "signed by all three"):
        assert shown in page, shown


def test_the_timeline_is_in_order(june, signed_in):
    events = signed_in("mara").get(URL).context["events"]
    kinds = [event.kind for event in events]
    assert kinds[:4] == ["talks", "tabled", "tabled", "tabled"]
    assert kinds.index("agreement") < kinds.index("signature")


def test_htmx_gets_the_timeline_fragment_narrowed(june, signed_in):
    response = signed_in("carol").get(URL, {"show": "agreements"}, **HTMX)
    page = text(response)
    assert "<html" not in page and "Signed by NMO" in page and "Proposal accepted" not in page
    assert "HX-Request" in response["Vary"]


def test_the_record_talks_button_is_for_the_mediators_coordinator(june, signed_in):
    assert "/agreements/talks/new/" in text(signed_in("mara").get(URL))
    assert "/agreements/talks/new/" not in text(signed_in("carol").get(URL))


def test_medical_services_and_outsiders_are_refused_and_the_deactivated_sent_to_sign_in(june, signed_in):
    assert signed_in("medic").get(URL).status_code == 403
    assert signed_in("outsider").get(URL).status_code == 403
    response = signed_in("dora").get(URL)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_nav_links_to_the_page_for_readers_only(june, signed_in):
    assert 'href="/agreements/"' in text(signed_in("bob").get("/"))
    assert 'href="/agreements/"' not in text(signed_in("medic").get("/"))


def _more_history(world, berta, n):
    for i in range(n):
        talks = services.talks_record(title=f"Round {i}", held_on=TALKS_DAY, venue="Geneva", party_a=world.party_a,
                                      party_b=world.party_b, acting_user=world.mara)
        proposal = services.proposal_table(talks=talks, proposed_by=world.party_a, title="p", text="t",
                                           acting_user=world.carol)
        services.proposal_decide(proposal=proposal, state="accepted", decided_on=TALKS_DAY, acting_user=berta)
        agreement = services.agreement_create(talks=talks, proposals=[proposal], title=f"Agreement {i}",
                                              terms=terms(), acting_user=world.mara)
        services.agreement_sign(version=agreement.current_version(), acting_user=berta)


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_history(world, berta, june, signed_in):
    client = signed_in("mara")
    before = _queries(client)
    _more_history(world, berta, 3)
    assert _queries(client) == before
    assert before <= 16


def test_a_version_recorded_after_it_was_signed_sits_at_its_signing(june, signed_in):
    events = signed_in("carol").get(URL).context["events"]
    version = next(event for event in events if event.kind == "version")
    assert version.day == june.concluded_on
    assert [event.kind for event in events][-4:] == ["version", "signature", "signature", "signature"]
