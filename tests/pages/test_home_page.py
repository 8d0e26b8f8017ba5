"""The overview of each role: its items with the right counts, links that open, nothing of the other party's."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from homeward.planning import services as planning
from homeward.registry.services import declaration_correct, declaration_share, health_certify
from tests.conftest import declare
from tests.matching.conftest import proposal, stored_run
from tests.pages.conftest import text
from tests.planning.conftest import Exchange

SURNAMES = ("Абрамов", "Белов", "Волков", "Громов", "Дьяков", "Егоров", "Жуков", "Зайцев", "Ильин", "Карпов",
            "Лебедев", "Морозов", "Новиков", "Орлов", "Павлов", "Родионов", "Соколов")


def stat(response, label: str) -> str:  # noqa: ANN001
    """The figure shown under a label on the page (the <dd> after the <dt>)."""
    found = re.search(rf"<dt>{re.escape(label)}</dt>\s*<dd>\s*(?:<a href=\"[^\"]*\">)?([^<]*)<", text(response))
    assert found is not None, f"no figure labelled {label!r}"
    return found.group(1).strip()


def links(response) -> list[str]:  # noqa: ANN001
    return [href.replace("&amp;", "&") for href in re.findall(r'href="(/[^"#]*)', text(response))
            if not href.startswith("/static/")]


def assert_links_open(client, response) -> None:  # noqa: ANN001
    for href in set(links(response)):
        assert client.get(href).status_code == 200, href


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def awaiting(client) -> dict[str, int]:  # noqa: ANN001
    """What awaits the client's organisation on its overview, by kind; every link on the page opens."""
    response = client.get(reverse("home"))
    assert_links_open(client, response)
    return {str(group.label): group.count for group in response.context["awaiting"]}


def test_a_party_operator_sees_own_counts_imports_corrections_and_the_queue(world, signed_in):
    mine = declare(world.alice, world.party_a)
    declare(world.alice, world.party_a, surname="Шевченко")
    sought = declare(world.alice, world.party_a, kind="sought", surname="Бондар")
    declaration_correct(declaration=mine, expected_version=1, changes={"surname": "Коваль"}, reason="typo",
                        acting_user=world.alice)
    held_by_b = declare(world.bob, world.party_b, surname="Иванов")
    declaration_share(declaration=held_by_b, organisation=world.party_a, purpose="exchange", acting_user=world.bob)
    stored_run(world.mara, "sought_held", world.party_a, world.party_b,
               [proposal(sought, held_by_b, probability=0.97), proposal(mine, held_by_b, probability=0.85)])
    response = signed_in("alice").get(reverse("home"))
    assert response.status_code == 200
    counts = {kind: count for kind, _label, count in response.context["own_counts"]}
    assert counts == {"held": 2, "sought": 1, "deceased_held": 0}
    assert response.context["priority_counts"] == {"total": 2, "seriously_wounded": 0, "ill": 0}
    assert response.context["corrections"].count == 1
    assert "Коваль" in text(response) and "version 2 changed surname" in text(response)
    queue = response.context["review_queue"]
    assert queue["total"].count == 2 and [s.count for s in queue["bands"]] == [1, 1, 0]
    assert stat(response, "Likely (0.95 and above)") == "1"
    page = text(response)
    assert "Northern Coordination Office" in page and "Operator" in page
    assert "Imports" in page and reverse("registry:import") in page
    assert "Иванов" not in page
    assert not response.context["awaiting"]  # operators sign nothing
    assert_links_open(signed_in("alice"), response)


def test_a_party_sees_what_the_other_side_asked_about(world, signed_in):
    asked = [declare(world.bob, world.party_b, kind="sought", surname=name) for name in SURNAMES[:3]]
    for person in asked:
        declaration_share(declaration=person, organisation=world.party_a, purpose="request", acting_user=world.bob)
    response = signed_in("carol").get(reverse("home"))
    [row] = response.context["asked_about"]
    assert row.count == 3 and "Southern Coordination Office" in row.label
    assert stat(response, row.label) == "3"
    listed = signed_in("carol").get(row.url)
    assert listed.status_code == 200 and all(name in text(listed) for name in SURNAMES[:3])


def test_the_other_partys_private_figures_never_appear_on_a_partys_home(exchange: Exchange, signed_in):
    world = exchange.world
    # Party B: 17 sought it keeps to itself, and 2 it asks party A about.
    for name in SURNAMES:
        declare(world.bob, world.party_b, kind="sought", surname=name)
    for name in ("Яковлев", "Юдин"):
        person = declare(world.bob, world.party_b, kind="sought", surname=name)
        declaration_share(declaration=person, organisation=world.party_a, purpose="request", acting_user=world.bob)
    b_page = signed_in("bob").get(reverse("home"))
    assert stat(b_page, "Sought") == "19" and stat(b_page, "Held") == "3"
    for name in ("carol", "alice"):
        response = signed_in(name).get(reverse("home"))
        page = text(response)
        assert stat(response, "Sought") == "0" and stat(response, "Held") == "5"
        assert ">19<" not in page and ">17<" not in page
        assert not any(name in page for name in SURNAMES)
        assert [s.count for s in response.context["asked_about"]] == [2]


def test_coordinators_see_the_plans_and_terms_awaiting_their_approval(exchange: Exchange, signed_in):
    world = exchange.world
    plan = planning.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    plan = planning.plan_propose(plan=plan, acting_user=world.mara)
    planning.plan_approve(plan=plan, acting_user=exchange.bea)

    assert awaiting(signed_in("carol")) == {"Phase plans to approve": 1, "Agreement terms to sign": 1}
    assert awaiting(signed_in("mara")) == {"Phase plans to approve": 1, "Agreement terms to sign": 1}
    # Party B's coordinator has approved: only the terms remain.
    assert awaiting(client_for(exchange.bea)) == {"Agreement terms to sign": 1}


def test_coordinators_see_manifests_and_protocols_to_sign(phases: Exchange, signed_in):
    carol = {"Manifests to sign": 1, "Phase protocols to sign": 1, "Agreement terms to sign": 1}
    assert awaiting(signed_in("carol")) == carol
    assert awaiting(client_for(phases.bea)) == {**carol, "Manifests to sign": 2}
    assert awaiting(signed_in("mara")) == {"Manifests to sign": 2, "Agreement terms to sign": 1}


def test_coordinators_see_a_trust_root_version_to_sign(exchange: Exchange, signed_in):
    from homeward.accounts import trust

    trust.trust_root_propose(agreement=exchange.agreement, acting_user=exchange.world.mara)
    response = signed_in("carol").get(reverse("home"))
    [group] = [g for g in response.context["awaiting"] if str(g.label) == "Trust root versions to sign"]
    assert group.count == 1 and "trust root version 1" in text(response)
    assert f"/agreements/{exchange.agreement.public_id}/trust-root/" in response.content.decode()
    assert not [g for g in awaiting(signed_in("alice")) if "Trust" in g]


def test_the_mediator_sees_both_sides_runs_plans_and_the_days_handovers(phases: Exchange, signed_in):
    world = phases.world
    stored_run(world.mara, "sought_held", world.party_a, world.party_b,
               [proposal(phases.held_by_b[0], phases.held_by_a[0], probability=0.5)])
    response = signed_in("mara").get(reverse("home"))
    rows = {row["short_name"]: row["counts"] for row in response.context["party_counts"]}
    assert rows == {"NCO": [5, 0, 0], "SCO": [3, 0, 0]}
    assert response.context["runs"].count == 1
    queue = response.context["review_queue"]
    assert queue["total"].count == 1 and [s.count for s in queue["bands"]] == [0, 0, 1]
    [agreement] = response.context["plan_states"]
    assert dict(agreement["states"]) == {"draft": 0, "proposed": 0, "approved": 2}
    handovers = response.context["handovers"]
    assert [(str(s.label), s.count) for s in handovers["outcomes"]] == [("Handed over", 4)]
    assert handovers["waiting"].count == 0
    assert "Neutral Mediation Office" in text(response)
    assert_links_open(signed_in("mara"), response)


def test_a_medical_officer_sees_examinations_fitness_and_aftercare(phases: Exchange, signed_in):
    world = phases.world
    shared = declare(world.alice, world.party_a)
    declare(world.alice, world.party_a, surname="Шевченко")
    declaration_share(declaration=shared, organisation=world.medical, purpose="care", acting_user=world.alice)
    health_certify(declaration=shared, medical_category="A1", seriously_wounded=True, ill=False,
                   certified_by="commission", certified_on=dt.date(2025, 6, 1), acting_user=world.medic)
    returned = phases.held_by_a[0]  # handed over on Day 1 to party B
    declaration_share(declaration=returned, organisation=world.medical, purpose="care", acting_user=world.alice)
    response = signed_in("medic").get(reverse("home"))
    assert response.context["medical_counts"] == {"total": 2, "seriously_wounded": 1, "ill": 0}
    assert response.context["examinations"].count == 1
    fitness = {str(s.label): s.count for s in response.context["fitness"]}
    assert fitness["A(1): incurable wounds, seriously diminished"] == 1 and fitness["Not certified"] == 1
    aftercare = {str(s.label): s.count for s in response.context["aftercare"]}
    assert aftercare["Returned, no after-care recorded yet"] == 1
    assert_links_open(signed_in("medic"), response)


def test_an_auditor_sees_the_log_its_last_checkpoint_and_witnesses(world, signed_in):
    from homeward.audit.checkpoints import checkpoint_issue

    checkpoint = checkpoint_issue(acting_user=None)
    response = signed_in("otto").get(reverse("home"))
    audit = response.context["audit"]
    assert audit["size"] >= 1 and audit["checkpoint"].size == checkpoint.size and audit["cosignatures"] == 0
    assert stat(response, "Entries in the last checkpoint") == str(checkpoint.size)
    assert reverse("audit:verify") in text(response)
    assert_links_open(signed_in("otto"), response)


def test_a_user_without_an_organisation_gets_no_access(world, signed_in):
    declare(world.alice, world.party_a, surname="Шевченко")
    response = signed_in("outsider").get(reverse("home"))
    assert response.status_code == 403
    page = text(response)
    assert "No access" in page and "Шевченко" not in page


def test_a_deactivated_user_is_treated_as_signed_out(world, signed_in):
    declare(world.alice, world.party_a, surname="Шевченко")
    response = signed_in("dora").get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["alice", "carol", "mara", "medic", "otto"])
def test_the_overview_costs_the_same_number_of_queries_whatever_the_records(phases: Exchange, signed_in, name):
    client = signed_in(name)
    client.get(reverse("home"))  # sessions warm

    def queries() -> int:
        cache.clear()  # the figures computed, not read from the cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured)

    before = queries()
    world = phases.world
    for surname in SURNAMES[:8]:
        person = declare(world.bob, world.party_b, kind="sought", surname=surname)
        declaration_share(declaration=person, organisation=world.party_a, purpose="request", acting_user=world.bob)
        declaration_share(declaration=person, organisation=world.medical, purpose="care", acting_user=world.bob)
        health_certify(declaration=person, medical_category="B", seriously_wounded=False, ill=True,
                       certified_by="commission", certified_on=dt.date(2025, 6, 1), acting_user=world.medic)
        mine = declare(world.alice, world.party_a, surname=surname)
        declaration_correct(declaration=mine, expected_version=1, changes={"given_name": "Іван"}, reason="typo",
                            acting_user=world.alice)
    assert queries() == before <= 40


def test_the_overviews_figures_are_kept_until_the_next_audited_write(world, signed_in):
    """Read twice without a write, the figures come from the cache; a correction, an import or a share changes
    them on the next visit, and each reader's figures are its own organisation's and role's."""
    mine = declare(world.alice, world.party_a)
    alice = signed_in("alice")
    first = alice.get(reverse("home"))
    assert first.context["corrections"].count == 0

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert alice.get(reverse("home")).status_code == 200
        return len(captured)

    assert queries() < 10  # session, user, membership, the audit head, imports: no counting
    declaration_correct(declaration=mine, expected_version=1, changes={"surname": "Коваль"}, reason="typo",
                        acting_user=world.alice)
    after = alice.get(reverse("home"))
    assert after.context["corrections"].count == 1 and "Коваль" in text(after)
    declare(world.alice, world.party_a, kind="sought", surname="Бондар")
    counts = {kind: n for kind, _label, n in alice.get(reverse("home")).context["own_counts"]}
    assert counts == {"held": 1, "sought": 1, "deceased_held": 0}


def test_one_organisations_cached_figures_are_never_another_ones(world, signed_in):
    for name in SURNAMES[:3]:
        declare(world.alice, world.party_a, surname=name)
    declare(world.bob, world.party_b, kind="sought", surname="Яковлев")
    alice, bob, medic = signed_in("alice"), signed_in("bob"), signed_in("medic")  # signing in is audited
    a_page = alice.get(reverse("home"))  # party A's figures computed and kept
    b_page = bob.get(reverse("home"))  # the same audit head, language and day, the same role, party B
    assert stat(a_page, "Held") == "3" and stat(a_page, "Sought") == "0"
    assert stat(b_page, "Held") == "0" and stat(b_page, "Sought") == "1"
    assert not any(name in text(b_page) for name in SURNAMES[:3])
    assert "corrections" in a_page.context and "medical_counts" not in a_page.context
    medical = medic.get(reverse("home"))  # another kind of organisation: its own sections
    assert "own_counts" not in medical.context and "medical_counts" in medical.context
