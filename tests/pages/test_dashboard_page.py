"""The agreement dashboard: the statement's numbers as charts, phases and their state, the timeline, completion."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from homeward.audit.guard import service_context
from homeward.operations import services as operations
from homeward.operations.models import DocumentSignature
from homeward.planning.models import PhasePlan
from tests.conftest import declare
from tests.pages.conftest import text
from tests.pages.test_home_page import SURNAMES, assert_links_open
from tests.planning.conftest import Exchange


def dashboard_url(agreement) -> str:  # noqa: ANN001
    return f"/reports/agreements/{agreement.public_id}/dashboard/"


def test_the_dashboard_shows_the_statements_figures(phases: Exchange, signed_in) -> None:
    agreement = phases.agreement
    client = signed_in("carol")
    page = client.get(dashboard_url(agreement))
    statement = client.get(f"/reports/agreements/{agreement.public_id}/statement/")
    assert page.status_code == 200 == statement.status_code
    shown = {label: (a.value, b.value) for label, a, b in page.context["table"]}
    assert shown["returned"] == (2, 2)
    assert [(a.value, b.value) for _name, a, b in statement.context["rows"]] == list(shown.values())
    assert page.context["completion"] == statement.context["completion"]
    held = {item["label"]: item["count"] for item in page.context["completion_links"]}
    assert held == {"Still held by NCO": 3, "Sought by NCO": 0, "Still held by SCO": 1, "Sought by SCO": 0}
    # The quota chart draws the same numbers against the quota of at least 3 a side.
    [total, *_categories] = page.context["quota_chart"].groups
    assert [(bar.value, bar.target) for bar in total.bars] == [(2, 3), (2, 3)]
    assert assert_in_table(text(page), "Handed over by NCO", "2")


def assert_in_table(page: str, label: str, value: str) -> bool:
    """The chart's table alternative has a row with this figure and value."""
    return re.search(rf"<td>{re.escape(label)}</td><td class=\"num\">{re.escape(value)}</td>", page) is not None


def test_the_phases_show_how_far_each_has_come_and_heads_against_capacity(phases: Exchange, signed_in) -> None:
    page = signed_in("mara").get(dashboard_url(phases.agreement))
    day1, day2 = page.context["phases"]
    assert day1.heads == {"a": 2, "b": 2} and day1.capacity == {"a": 2, "b": 2}
    assert [reached for _label, reached in day1.steps] == [True, True, True, True, False]  # protocol: one signature
    assert [reached for _label, reached in day2.steps] == [True, True, False, False, False]  # manifests unsigned
    assert day2.heads == {"a": 0, "b": 0}
    kinds = [event["kind"] for event in page.context["events"]]
    assert kinds == ["phase", "handover"]  # Day 1's date in the terms and its first handover; Day 2 has no date
    assert "<svg" in text(page) and "<title id=\"phases-title\">" in text(page)
    assert "<script" not in text(page).split("<main", 1)[1] and " style=" not in text(page)
    assert_links_open(signed_in("mara"), page)


def test_the_timeline_has_the_talks_and_every_proposal_accepted_or_rejected(world, signed_in) -> None:
    from tests.remains.conftest import make_remains

    made = make_remains(world)  # the demo's June talks: two proposals accepted, one rejected
    page = signed_in("carol").get(dashboard_url(made.agreement))
    events = [(event["kind"], event["title"]) for event in page.context["events"]]
    assert events[0] == ("talks", "Talks at Istanbul, 2 June 2025")
    assert [kind for kind, _title in events].count("tabled") == 3
    assert [kind for kind, _title in events].count("accepted") == 2
    assert [kind for kind, _title in events].count("rejected") == 1
    remains = {row["side"]: row["progress"] for row in page.context["remains"]}
    assert remains["a"].received == 3 and remains["b"].received == 2
    assert "Remains transferred and identified, per sending side" in text(page)
    assert_links_open(signed_in("carol"), page)


def test_party_bs_other_figures_never_appear_on_party_as_dashboard(phases: Exchange, signed_in) -> None:
    from homeward.accounts import services as accounts
    from homeward.agreements.models import Agreement, AgreementVersion
    from tests.planning.conftest import TERMS

    world = phases.world
    # Party B's lists beyond this agreement: 13 remains it holds, and its own agreement with a third party.
    for name in SURNAMES[:13]:
        declare(world.bob, world.party_b, kind="deceased_held", surname=name)
    third = accounts.organisation_create(name="Eastern Office", short_name="EOF", kind="party", acting_user=None)
    with service_context("test agreement between party B and a third party"):
        other = Agreement.objects.create(title="Agreement of SCO and EOF", party_a=world.party_b, party_b=third,
                                         mediator=world.mediator, state="in_force", created_at=timezone.now(),
                                         created_by=world.mara)
        AgreementVersion.objects.create(agreement=other, number=1, terms=TERMS, created_at=timezone.now(),
                                        created_by=world.mara)
    carol = signed_in("carol")
    assert carol.get(dashboard_url(other)).status_code == 404
    assert signed_in("medic").get(dashboard_url(phases.agreement)).status_code == 404
    assert signed_in("otto").get(dashboard_url(phases.agreement)).status_code == 404
    page = text(carol.get(dashboard_url(phases.agreement)))
    assert "Agreement of SCO and EOF" not in page and "EOF" not in page
    assert ">13<" not in page and not any(name in page for name in SURNAMES)
    mara = signed_in("mara")
    kept = mara.get(dashboard_url(phases.agreement))  # this agreement's figures kept for the mediator
    assert "Agreement of SCO and EOF" in text(mara.get(dashboard_url(other)))  # the same head: not those figures
    assert len(kept.context["phases"]) == 2 and mara.get(dashboard_url(other)).context["table"] != kept.context["table"]


def test_the_dashboard_costs_the_same_number_of_queries_as_more_people_cross(phases: Exchange) -> None:
    client = Client()
    client.force_login(phases.world.mara)
    url = dashboard_url(phases.agreement)
    client.get(url)

    def queries() -> int:
        cache.clear()  # the figures computed, not read from the cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before, heads = queries(), page_heads(client, url)  # the figures now kept until the next audited write
    world = phases.world
    day2 = PhasePlan.objects.get(agreement=phases.agreement, phase_index=1)
    signed = set(DocumentSignature.objects.filter(kind="manifest").values_list("document_id", "organisation_id"))
    signers = ((world.carol, world.party_a), (phases.bea, world.party_b), (world.mara, world.mediator))
    for manifest in day2.manifests.all():
        for user, organisation in signers:
            if (manifest.public_id, organisation.pk) not in signed:
                manifest = operations.manifest_sign(manifest=manifest, acting_user=user)
        for entry in manifest.entries.all():
            operations.handover_record(entry=entry, outcome="handed_over", occurred_at=timezone.now(),
                                       place="Border crossing 4", acting_user=world.mara)
    after = page_heads(client, url)
    assert after["a"] > heads["a"] and after["b"] > heads["b"]  # more crossed, in Day 2 too: not the kept figures
    assert queries() == before <= 60


def page_heads(client: Client, url: str) -> dict[str, int]:
    table = client.get(url).context["table"]
    return {"a": table[0][1].value, "b": table[0][2].value}
