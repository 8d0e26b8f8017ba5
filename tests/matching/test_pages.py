"""Reconciliation pages: what each organisation sees, the forms each may use, and what the other party must not see."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from homeward.matching.models import MatchDecision, ReconciliationRun
from tests.matching.conftest import HTMX, Queue, proposal, stored_run, text


def test_the_nav_item_is_for_parties_and_the_mediator(queue: Queue, signed_in) -> None:  # noqa: ANN001
    for who in ("alice", "bob", "mara"):
        assert 'href="/reconciliation/queue/"' in text(signed_in(who).get("/"))
    for who in ("medic", "otto"):
        assert 'href="/reconciliation/queue/"' not in text(signed_in(who).get("/"))
        assert signed_in(who).get("/reconciliation/queue/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(queue: Queue, client) -> None:  # noqa: ANN001
    for url in ("/reconciliation/", "/reconciliation/queue/", f"/reconciliation/candidates/{queue.shared.public_id}/",
                f"/reconciliation/runs/{queue.run.public_id}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_the_mediator_starts_a_run_from_the_page(queue: Queue, signed_in) -> None:  # noqa: ANN001
    w = queue.lists.world
    page = text(signed_in("mara").get("/reconciliation/"))
    assert "Start a run" in page and "Auto-accept" in page
    response = signed_in("mara").post("/reconciliation/", {
        "job": "sought_deceased", "left_party": str(w.party_a.public_id), "right_party": str(w.party_b.public_id),
        "review_floor": "0.6"})
    assert response.status_code == 302
    run = ReconciliationRun.objects.get(job="sought_deceased")
    assert run.state == "queued" and run.auto_accept is None and response["Location"].endswith(f"{run.public_id}/")
    refused = signed_in("mara").post("/reconciliation/", {"job": "sought_held", "left_party": str(w.party_a.public_id),
                                                          "right_party": str(w.party_a.public_id),
                                                          "review_floor": "0.5"})
    assert refused.status_code == 400 and "The other party" in text(refused)


def test_a_party_gets_the_duplicates_form_without_auto_accept(queue: Queue, signed_in) -> None:  # noqa: ANN001
    w = queue.lists.world
    page = text(signed_in("alice").get("/reconciliation/"))
    assert "Start a run" in page and "Auto-accept at or above" not in page
    assert w.party_b.short_name not in page.split("Runs")[0].split("left_party")[1].split("</select>")[0]
    assert "Candidates in all" not in page
    forbidden = signed_in("alice").post("/reconciliation/", {
        "job": "sought_held", "left_party": str(w.party_a.public_id), "right_party": str(w.party_a.public_id),
        "review_floor": "0.5", "auto_accept": "0.9"})
    assert forbidden.status_code in (400, 403)
    assert ReconciliationRun.objects.filter(job="sought_held").count() == 2  # the fixture's two only
    assert signed_in("milo").post("/reconciliation/", {"job": "duplicates"}).status_code == 403


def test_the_queue_shows_a_party_only_pairs_it_may_see(queue: Queue, signed_in) -> None:  # noqa: ANN001
    lists = queue.lists
    for who in ("alice", "bob"):
        page = text(signed_in(who).get("/reconciliation/queue/"))
        assert "Коваленко" in page and "1 candidate" in page
        for secret in ("Шевченко", "Петренко", str(queue.hidden.public_id), str(queue.unshared.public_id)):
            assert secret not in page
    page = text(signed_in("mara").get("/reconciliation/queue/"))
    assert "Шевченко" in page and "Петренко" in page and "3 candidates" in page
    assert lists.b_hidden.surname in page


def test_the_queue_filters_by_band_state_and_run_and_answers_htmx_with_the_fragment(queue: Queue, signed_in) -> None:  # noqa: ANN001
    mara = signed_in("mara")
    high = text(mara.get("/reconciliation/queue/?band=high"))
    assert "Коваленко" in high and "Шевченко" not in high
    run = text(mara.get(f"/reconciliation/queue/?run={queue.reverse_run.public_id}"))
    assert "Петренко" in run and "Коваленко" not in run
    fragment = mara.get("/reconciliation/queue/?band=low", **HTMX)
    assert "<html" not in text(fragment) and "Шевченко" in text(fragment)
    assert "Коваленко" in text(mara.get("/reconciliation/queue/?band=nonsense&state=bogus"))
    assert "Коваленко" not in text(mara.get("/reconciliation/queue/?state=decided"))


def test_the_queue_costs_the_same_queries_for_three_or_sixty_candidates(queue: Queue, signed_in) -> None:  # noqa: ANN001
    from tests.conftest import declare, page_reads

    mara = signed_in("mara")
    mara.get("/reconciliation/queue/")  # warm the session and the actor
    with CaptureQueriesContext(connection) as few:
        assert mara.get("/reconciliation/queue/?state=all").status_code == 200
    w = queue.lists.world
    pairs = []
    for n in range(30):
        sought = declare(w.alice, w.party_a, kind="sought", surname=f"Бондар{n}")
        held = declare(w.bob, w.party_b, surname=f"Бондарь{n}")
        pairs.append(proposal(sought, held, 0.6 + n / 100))
    stored_run(w.mara, "sought_held", w.party_a, w.party_b, pairs)
    with CaptureQueriesContext(connection) as many:
        page = mara.get("/reconciliation/queue/?state=all")
    assert "Бондар" in text(page)
    assert len(page_reads(many)) == len(page_reads(few)) <= 12


def test_the_candidate_page_shows_both_records_the_agreement_and_the_chart(queue: Queue, signed_in) -> None:  # noqa: ANN001
    page = text(signed_in("alice").get(f"/reconciliation/candidates/{queue.shared.public_id}/"))
    assert "Олександр" in page and "Александр" in page
    assert "Oleksandr" in page and "Aleksandr" in page  # KMU 2010 for Ukrainian, ICAO 9303 for Russian
    assert "same name across scripts" in page
    assert '<svg class="waterfall" role="img"' in page and "<title id=\"chart-title\">" in page
    assert "<desc id=\"chart-desc\">" in page and "The chart as a table" in page
    assert "Record the decision" in page


def test_a_party_gets_404_for_a_candidate_it_may_not_see(queue: Queue, signed_in) -> None:  # noqa: ANN001
    assert signed_in("alice").get(f"/reconciliation/candidates/{queue.hidden.public_id}/").status_code == 404
    assert signed_in("bob").get(f"/reconciliation/candidates/{queue.unshared.public_id}/").status_code == 404
    assert signed_in("alice").post(f"/reconciliation/candidates/{queue.hidden.public_id}/",
                                   {"verdict": "same", "reason": "x"}).status_code == 404
    assert not MatchDecision.objects.exists()


def test_a_decision_over_htmx_returns_the_decision_fragment(queue: Queue, signed_in) -> None:  # noqa: ANN001
    url = f"/reconciliation/candidates/{queue.shared.public_id}/"
    refused = signed_in("alice").post(url, {"verdict": "same", "reason": " "}, **HTMX)
    assert refused.status_code == 400 and "<html" not in text(refused) and "required" in text(refused).lower()
    assert not MatchDecision.objects.exists()
    done = signed_in("alice").post(url, {"verdict": "same", "reason": "Same unit and date of birth."}, **HTMX)
    assert done.status_code == 200 and "Decision recorded: Same person." in text(done)
    assert MatchDecision.objects.get().verdict == "same"
    # B sees that A decided, not A's reviewer or reason; it may not overrule A.
    page = text(signed_in("bob").get(url))
    assert "Same person" in page and "Same unit and date of birth." not in page and "alice" not in page
    assert "Record the decision" not in page
    assert signed_in("bob").post(url, {"verdict": "not_same", "reason": "no"}).status_code == 403


def test_readers_see_the_candidate_without_the_form(queue: Queue, signed_in) -> None:  # noqa: ANN001
    page = text(signed_in("milo").get(f"/reconciliation/candidates/{queue.hidden.public_id}/"))
    assert "Шевченко" in page and "Record the decision" not in page


def test_the_run_page_shows_counts_by_role_and_polls_while_running(queue: Queue, signed_in) -> None:  # noqa: ANN001
    url = f"/reconciliation/runs/{queue.run.public_id}/"
    assert "Candidates in all" in text(signed_in("mara").get(url))
    page = text(signed_in("alice").get(url))
    assert "Candidates in all" not in page and "Open candidates you may review" in page
    w = queue.lists.world
    from homeward.matching import services

    waiting = services.run_start(job="duplicates", left_party=w.party_b, acting_user=w.bob, enqueue=False)
    fragment = text(signed_in("bob").get(f"/reconciliation/runs/{waiting.public_id}/", **HTMX))
    assert 'hx-trigger="every 2s"' in fragment and "<html" not in fragment
    assert signed_in("alice").get(f"/reconciliation/runs/{waiting.public_id}/").status_code == 404


def test_the_person_page_lists_visible_matches_only(queue: Queue, signed_in) -> None:  # noqa: ANN001
    lists = queue.lists
    page = text(signed_in("alice").get(f"/registry/{lists.a_kovalenko.public_id}/"))
    assert "Possible matches" in page and str(queue.shared.public_id) in page
    page = text(signed_in("alice").get(f"/registry/{lists.a_shevchenko.public_id}/"))
    assert "Possible matches" not in page and str(queue.hidden.public_id) not in page


def test_each_party_reads_its_own_record_first(queue: Queue, signed_in) -> None:  # noqa: ANN001
    url = f"/reconciliation/candidates/{queue.shared.public_id}/"
    for who, own, other in (("alice", "Олександр", "Александр"), ("bob", "Александр", "Олександр")):
        page = text(signed_in(who).get(url)).split("What drove the score")[0]
        assert page.index(own) < page.index(other)
