"""A plan's figures (how many people of each status an organisation sees) are kept until the next audited write.

They are read once from thousands of entries and then served from the cache:
a share made after the page was shown counts at once, and one organisation's
figures are never shown to another.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from homeward.accounts.scoping import plan_entries_for
from homeward.planning import services
from homeward.planning.views import STATUSES
from homeward.registry.services import declaration_share
from tests.conftest import declare
from tests.planning.conftest import Exchange
from tests.planning.test_plan_pages import client_for

LABELS = {"selected": "Selected", "not_selected": "Eligible, not selected", "not_eligible": "Not eligible"}


def _shown(user: Any, plan: Any, client: Any = None) -> tuple[dict[str, str], str]:
    """The figures in the status menu, as the page shows them, and the whole page."""
    text = (client or client_for(user)).get(f"/planning/{plan.public_id}/").content.decode()
    return {key: text.split(f">{label} (", 1)[1].split(")", 1)[0] for key, label in LABELS.items()}, text


def _sees(user: Any, plan: Any) -> dict[str, str]:
    """What the user may see, counted straight from the entries."""
    return {key: str(plan_entries_for(user, plan).filter(**where).count()) for key, where in STATUSES.items()}


def _hidden_person(exchange: Exchange) -> Any:
    return declare(exchange.world.bob, exchange.world.party_b, surname="Прихований", external_ref="B-hidden",
                   legal_status="pow", birth_year=1994, birth_month=1, birth_day=1)


def test_a_share_made_after_the_page_was_shown_counts_at_once(exchange: Exchange) -> None:
    world = exchange.world
    hidden = _hidden_person(exchange)
    plan = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    before, text = _shown(world.alice, plan)
    assert before == _sees(world.alice, plan) and "not shared with your organisation" in text
    declaration_share(declaration=hidden, organisation=world.party_a, purpose="exchange list", acting_user=world.bob)
    after, text = _shown(world.alice, plan)
    assert after == _sees(world.alice, plan) != before
    assert "not shared with your organisation" not in text and "Прихований" in "".join(
        client_for(world.alice).get(f"/planning/{plan.public_id}/?status={status}").content.decode()
        for status in STATUSES)


def test_one_partys_figures_are_never_shown_to_the_other(exchange: Exchange) -> None:
    world = exchange.world
    _hidden_person(exchange)
    plan = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    # Signed in first: a sign-in is an audited write, after which the figures are read afresh.
    alice, bea = client_for(world.alice), client_for(exchange.bea)
    for_a, text_a = _shown(world.alice, plan, alice)
    for_b, text_b = _shown(exchange.bea, plan, bea)
    assert for_a == _sees(world.alice, plan) and for_b == _sees(exchange.bea, plan) and for_a != for_b
    assert "not shared with your organisation" in text_a and "not shared with your organisation" not in text_b
    # Seen again, the figures come from the cache: no read of all the entries.
    with CaptureQueriesContext(connection) as again:
        assert _shown(world.alice, plan, alice)[0] == for_a
    assert not [q for q in again.captured_queries if "COUNT" in q["sql"] and "planning_planentry" in q["sql"]]


def _difference(text: str) -> str:
    return text.split('id="difference"', 1)[1].split("</section>", 1)[0]



def test_a_correction_made_after_the_changes_were_shown_reads_at_once(exchange: Exchange) -> None:
    from homeward.registry.services import declaration_correct

    world = exchange.world
    first = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    going = first.entries.filter(selected=True, side="b").first().declaration
    second = services.plan_adjust(plan=first, declaration=going, kind="exclude", note="", acting_user=world.mara)
    alice, url = client_for(world.alice), f"/planning/{second.public_id}/"
    assert going.surname in _difference(alice.get(url).content.decode())
    declaration_correct(declaration=going, expected_version=going.version, changes={"surname": "Виправлений"},
                        reason="spelling", acting_user=world.bob)
    assert "Виправлений" in _difference(alice.get(url).content.decode())
