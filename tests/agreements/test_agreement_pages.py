"""One agreement: its terms in plain words, versions, signatures, and the forms of the mediator and signatories."""

import json

import pytest

from homeward.agreements import services
from homeward.agreements.models import AgreementVersion
from tests.agreements.conftest import HTMX, TALKS_DAY, terms, text


def url(agreement, tail=""):
    return f"/agreements/{agreement.public_id}/{tail}"


@pytest.mark.parametrize("name", ["alice", "carol", "bob", "berta", "mara", "otto"])
def test_it_renders_the_terms_in_plain_words(june, signed_in, name):
    response = signed_in(name).get(url(june))
    assert response.status_code == 200
    page = text(response)
    for shown in ("Prisoners of war", "Any of: “Seriously wounded or sick, as certified (GC III Annex I)” or "
                  "“Ill, as certified” or “Under 25 on the reference date”",
                  "Hands over at least 1,000 people", "Head count", "N for N",
                  "remains of at least 6,000 dead, in 4 transfers", "Day 1", "390", "Day 2", "307", "Day 3", "303",
                  "Day 4",
                  "Most people exchanged", "Longest held", "Under 25 years old on the day of the phase"):
        assert shown in page, shown
    assert "Scale of equivalents" not in page


def test_it_shows_who_signed_and_who_still_has_to(draft, world, signed_in):
    services.agreement_sign(version=draft.current_version(), signed_on=TALKS_DAY, acting_user=world.carol)
    page = text(signed_in("mara").get(url(draft)))
    assert "Still to sign" in page and "Southern Coordination Office" in page
    assert response_unsigned(signed_in("mara").get(url(draft))) == ["SCO", "NMO"]


def response_unsigned(response):
    return [org.short_name for org in response.context["unsigned"]]


def test_the_dix_hill_scale_is_a_table_when_the_terms_use_it(world, draft, signed_in):
    services.agreement_version_add(agreement=draft, terms=terms(parity={"regime": "equivalence", "tolerance": 2}),
                                   note="Officers count by the 1862 scale", acting_user=world.mara)
    page = text(signed_in("bob").get(url(draft)))
    assert "Scale of equivalents (1862 Dix–Hill cartel)" in page
    assert "Major general</th><td class=\"num\">40</td>" in page and "Tolerance: 2" in page


def test_the_version_history_says_what_changed(world, draft, signed_in):
    services.agreement_version_add(agreement=draft, terms=terms(quota={"at_least": 1200}), note="1,200 each",
                                   acting_user=world.mara)
    response = signed_in("carol").get(url(draft))
    rows = response.context["versions"]
    assert [row["version"].number for row in rows] == [2, 1]
    assert rows[0]["changes"] == ["quota.at_least: 1000 → 1200"]
    assert "1,200 each" in text(response) and "First version" in text(response)


def test_an_earlier_version_is_shown_on_request_and_as_a_fragment_for_htmx(world, draft, signed_in):
    services.agreement_version_add(agreement=draft, terms=terms(quota={"at_least": 1200}), note="1,200 each",
                                   acting_user=world.mara)
    client = signed_in("carol")
    assert "at least 1,200" in text(client.get(url(draft)))
    fragment = client.get(url(draft), {"version": "1"}, **HTMX)
    assert "<html" not in text(fragment) and "Terms, version 1" in text(fragment) and "at least 1,000" in text(fragment)
    assert client.get(url(draft), {"version": "9"}).status_code == 404


@pytest.mark.parametrize(("name", "status"), [("medic", 404), ("outsider", 403), ("dora", 302)])
def test_others_do_not_get_the_agreement(june, signed_in, name, status):
    assert signed_in(name).get(url(june)).status_code == status


def test_the_mediator_adds_a_version_and_refused_terms_show_the_path(draft, signed_in):
    client = signed_in("mara")
    assert "Add a terms version" in text(client.get(url(draft)))
    bad = terms(phases=[{"name": "Day 1", "date": "2025-06-31", "capacity": 390}])
    response = client.post(url(draft, "versions/"), {"terms": json.dumps(bad), "note": "new date"})
    assert response.status_code == 400
    assert response.context["version_form"].errors["terms"] == ["at phases.0.date: '2025-06-31' is not a date "
                                                               "(yyyy-mm-dd)"]
    assert "at phases.0.date" in text(response)
    response = client.post(url(draft, "versions/"), {"terms": json.dumps(terms(quota={"at_least": 900})),
                                                     "note": "900 each"})
    assert response.status_code == 302 and draft.current_version().number == 2


def test_only_the_mediators_coordinator_gets_the_version_and_state_forms(draft, signed_in):
    for name in ("carol", "berta", "otto"):
        client = signed_in(name)
        page = text(client.get(url(draft)))
        assert "Add a terms version" not in page and "Change the agreement" not in page
        assert client.post(url(draft, "versions/"), {"terms": "{}", "note": "x"}).status_code == 403
        assert client.post(url(draft, "state/"), {"state": "in_force"}).status_code == 403


def test_the_three_coordinators_sign_from_the_page_and_the_mediator_puts_it_in_force(draft, signed_in):
    for name in ("carol", "berta", "mara"):
        client = signed_in(name)
        assert "Sign version 1 for" in text(client.get(url(draft)))
        assert client.post(url(draft, "sign/"), {"signed_on": "2025-06-02"}).status_code == 302
        assert "Sign version 1 for" not in text(client.get(url(draft)))
    response = signed_in("mara").post(url(draft, "state/"), {"state": "in_force"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "in_force"


def test_a_second_signature_is_a_conflict(draft, signed_in):
    client = signed_in("carol")
    client.post(url(draft, "sign/"), {"signed_on": "2025-06-02"})
    response = client.post(url(draft, "sign/"), {"signed_on": "2025-06-02"})
    assert response.status_code == 409 and "NCO has already signed version 1" in text(response)


@pytest.mark.parametrize("name", ["alice", "bob", "otto"])
def test_others_do_not_sign(draft, signed_in, name):
    client = signed_in(name)
    assert "Sign version" not in text(client.get(url(draft)))
    assert client.post(url(draft, "sign/"), {"signed_on": "2025-06-02"}).status_code == 403


def test_in_force_before_the_signatures_is_a_conflict_shown_on_the_page(draft, signed_in):
    response = signed_in("mara").post(url(draft, "state/"), {"state": "in_force"})
    assert response.status_code == 409 and "still to sign: NCO, SCO, NMO" in text(response)


def test_the_mediator_records_an_agreement_from_the_talks(world, berta, talks, proposal, signed_in):
    services.proposal_decide(proposal=proposal, state="accepted", decided_on=TALKS_DAY, acting_user=berta)
    client = signed_in("mara")
    new = f"/agreements/talks/{talks.public_id}/agreement/"
    page = text(client.get(new))
    assert "1,000 for 1,000" in page and "homeward-terms/1" in page
    data = {"title": "Geneva", "proposals": [str(proposal.public_id)], "terms": json.dumps({"format": "x"}),
            "note": ""}
    response = client.post(new, data)
    assert response.status_code == 400 and "at format:" in response.context["form"].errors["terms"][0]
    response = client.post(new, {**data, "terms": json.dumps(terms())})
    assert response.status_code == 302
    assert AgreementVersion.objects.get(agreement__title="Geneva").number == 1
    assert signed_in("carol").get(new).status_code == 403


def test_a_completed_agreement_offers_no_more_forms(world, june, signed_in):
    services.agreement_set_state(agreement=june, state="completed", acting_user=world.mara)
    page = text(signed_in("mara").get(url(june)))
    assert "Completed" in page
    assert "Add a terms version" not in page and "Change the agreement" not in page and "Sign version" not in page
