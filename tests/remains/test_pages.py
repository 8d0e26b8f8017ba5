"""Remains pages: what each organisation sees, the forms each may use, and what the other party must not see."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from homeward.remains.models import Identification, RemainsTransfer
from tests.remains.conftest import HTMX, Remains, identify, text


@pytest.fixture
def identified(remains: Remains) -> Remains:
    """B identifies its own missing man in A's bags, and one of A's own dead (a return to A)."""
    one, two, three = remains.units(remains.a_to_b)
    identify(remains, [one, two], reference="KYIV-OWN-1", person=remains.sought_by_b)
    identify(remains, [three], reference="KYIV-RETURN-2", own_party=remains.world.party_a,
             person=remains.sought_by_a)
    # A identifies in B's bags, against a sought record of A's that B has never seen.
    from tests.conftest import declare

    a_secret = declare(remains.world.alice, remains.world.party_a, kind="sought", surname="Таємний")
    identify(remains, remains.units(remains.b_to_a)[:1], user=remains.world.alice, reference="LVIV-A-3",
             own_party=remains.world.party_a, person=a_secret)
    return remains


def test_the_nav_item_is_for_parties_and_the_mediator(signed_in) -> None:  # noqa: ANN001
    for who in ("alice", "bob", "mara"):
        assert 'href="/remains/"' in text(signed_in(who).get("/"))
    for who in ("medic", "otto"):
        assert 'href="/remains/"' not in text(signed_in(who).get("/"))


def test_the_index_shows_progress_per_side(remains: Remains, signed_in) -> None:  # noqa: ANN001
    page = text(signed_in("mara").get("/remains/"))
    assert "3 received against at least 6,000" in page and "2 received against at least 6,000" in page


def test_the_agreement_page_lists_transfers_and_offers_the_announce_form(remains: Remains, signed_in) -> None:  # noqa: ANN001
    url = f"/remains/agreements/{remains.agreement.public_id}/"
    page = text(signed_in("alice").get(url))
    assert "Border crossing 2" in page and "Announce a transfer" in page
    assert "Announce a transfer" not in text(signed_in("mara").get(url))
    response = signed_in("alice").post(url, {"transferred_on": "2025-06-21", "place": "Crossing 3",
                                             "claimed_individuals": "12"})
    assert response.status_code == 302 and RemainsTransfer.objects.filter(place="Crossing 3").exists()
    response = signed_in("alice").post(url, {"transferred_on": "2025-06-21", "place": " ", "claimed_individuals": "0"})
    assert response.status_code == 400 and RemainsTransfer.objects.count() == 4
    assert signed_in("mara").post(url, {"place": "x"}).status_code == 403


def test_observers_read_the_figures_only_and_medical_services_nothing(identified: Remains, signed_in) -> None:  # noqa: ANN001
    url = f"/remains/agreements/{identified.agreement.public_id}/"
    page = text(signed_in("otto").get(url))
    assert "3 received against at least 6,000" in page
    for secret in ("Border crossing", "KYIV-OWN-1", "Transfers"):
        assert secret not in page
    transfer = f"/remains/transfers/{identified.a_to_b.public_id}/"
    assert signed_in("otto").get(transfer).status_code == 404
    assert signed_in("otto").get("/remains/identifications/").status_code == 403
    assert signed_in("medic").get(url).status_code in (403, 404)
    assert signed_in("medic").get("/remains/").status_code == 403


def test_a_transfer_page_counts_and_filters_units_with_htmx(identified: Remains, signed_in) -> None:  # noqa: ANN001
    url = f"/remains/transfers/{identified.a_to_b.public_id}/"
    page = text(signed_in("bob").get(url))
    assert "A-001" in page and "Record a discrepancy" in page and "Record the units received" not in page
    fragment = text(signed_in("bob").get(url + "?show=unidentified", **HTMX))
    assert "<html" not in fragment and "A-001" not in fragment and "No unit here" in fragment
    assert "Record a discrepancy" not in text(signed_in("alice").get(url))


def test_receiving_on_the_page(remains: Remains, signed_in) -> None:  # noqa: ANN001
    url = f"/remains/transfers/{remains.pending.public_id}/"
    assert "Record the units received" in text(signed_in("bob").get(url))
    assert "Record the units received" not in text(signed_in("alice").get(url))
    bad = signed_in("bob").post(url + "receipt/", {"received_on": "2025-06-22", "units": "X-1\nX-1"})
    assert bad.status_code == 400 and "counted twice" in text(bad)
    assert signed_in("alice").post(url + "receipt/", {"received_on": "2025-06-22", "units": "X-1"}).status_code == 403
    ok = signed_in("bob").post(url + "receipt/", {"received_on": "2025-06-22", "units": "X-1\nX-2, casket\n\n"})
    assert ok.status_code == 302 and remains.pending.units.count() == 2


def test_a_discrepancy_on_the_page_names_an_unknown_label(remains: Remains, signed_in) -> None:  # noqa: ANN001
    url = f"/remains/transfers/{remains.a_to_b.public_id}/discrepancy/"
    bad = signed_in("bob").post(url, {"label": "Z-9", "discrepancy": "empty", "note": "nothing"})
    assert bad.status_code == 400 and "No unit with this label" in text(bad)
    ok = signed_in("bob").post(url, {"label": "A-002", "discrepancy": "empty", "note": "nothing inside"})
    assert ok.status_code == 302
    assert "nothing inside" in text(signed_in("alice").get(f"/remains/transfers/{remains.a_to_b.public_id}/"))


def test_recording_an_identification_on_the_page(remains: Remains, signed_in) -> None:  # noqa: ANN001
    data = {"transfer": str(remains.a_to_b.public_id), "labels": "A-001, A-003", "method": "dna",
            "laboratory": "Central lab", "laboratory_reference": "CL-77", "identified_on": "2025-07-01",
            "own_party": "receiving", "person": str(remains.dead_held_by_a.public_id)}
    bad = signed_in("fiona").post("/remains/identifications/", {**data, "labels": "A-001, A-404"})
    assert bad.status_code == 400 and "A-404" in text(bad) and not Identification.objects.exists()
    ok = signed_in("fiona").post("/remains/identifications/", data)
    assert ok.status_code == 302 and Identification.objects.get().units.count() == 2
    again = signed_in("fiona").post("/remains/identifications/", {**data, "laboratory_reference": "CL-78"})
    assert again.status_code == 409 and "already been identified" in text(again)
    assert signed_in("alice").post("/remains/identifications/", data).status_code == 400  # not A's transfer
    assert signed_in("mara").post("/remains/identifications/", data).status_code == 403


def test_the_other_party_never_sees_identifications_of_its_transfers(identified: Remains, signed_in) -> None:  # noqa: ANN001
    """A sent the bags; B's identifications of its own dead in them are B's and the mediator's."""
    alice_list = text(signed_in("alice").get("/remains/identifications/"))
    assert "KYIV-OWN-1" not in alice_list and "KYIV-RETURN-2" in alice_list  # the return is A's business
    own = Identification.objects.get(laboratory_reference="KYIV-OWN-1")
    assert signed_in("alice").get(f"/remains/identifications/{own.public_id}/").status_code == 404
    bob_list = text(signed_in("bob").get("/remains/identifications/"))
    assert "LVIV-A-3" not in bob_list and "KYIV-OWN-1" in bob_list
    mediator = text(signed_in("mara").get("/remains/identifications/"))
    assert all(ref in mediator for ref in ("KYIV-OWN-1", "KYIV-RETURN-2", "LVIV-A-3"))


def test_a_return_names_the_person_only_to_those_who_may_see_the_record(identified: Remains, signed_in) -> None:  # noqa: ANN001
    a_record = Identification.objects.get(laboratory_reference="LVIV-A-3")
    mediator_page = text(signed_in("mara").get(f"/remains/identifications/{a_record.public_id}/"))
    assert "Таємний" in mediator_page
    assert "Таємний" in text(signed_in("alice").get(f"/remains/identifications/{a_record.public_id}/"))
    assert signed_in("bob").get(f"/remains/identifications/{a_record.public_id}/").status_code == 404


def test_the_sender_completes_a_return_on_the_page(identified: Remains, signed_in) -> None:  # noqa: ANN001
    returned = Identification.objects.get(laboratory_reference="KYIV-RETURN-2")
    url = f"/remains/identifications/{returned.public_id}/"
    assert "Confirm the remains were returned" in text(signed_in("alice").get(url))
    assert "Confirm the remains were returned" not in text(signed_in("bob").get(url))
    complete = f"/remains/returns/{returned.remains_return.public_id}/complete/"
    assert signed_in("bob").post(complete, {"completed_on": "2025-07-02", "place": "x"}).status_code == 403
    ok = signed_in("alice").post(complete, {"completed_on": "2025-07-02", "place": "Border crossing 1"})
    assert ok.status_code == 302
    returned.remains_return.refresh_from_db()
    assert returned.remains_return.state == "completed"


def test_list_pages_do_not_grow_queries_with_rows(identified: Remains, signed_in) -> None:  # noqa: ANN001
    client = signed_in("mara")
    pages = ("/remains/identifications/", f"/remains/agreements/{identified.agreement.public_id}/",
             f"/remains/transfers/{identified.a_to_b.public_id}/")
    before = []
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        before.append(len(queries))
    for n in range(5):
        identify(identified, identified.units(identified.a_to_b)[:1], reference=f"MORE-{n}")
    for url, count in zip(pages, before, strict=True):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert len(queries) == count, url
