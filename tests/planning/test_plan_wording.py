"""A plan's reasons, findings and change notes in the reader's language, from the wording ids the core gives."""

from __future__ import annotations

import re

from django.test import Client
from django.utils import translation

from homeward.lib import sentences
from homeward.planning import services
from homeward.planning.models import PlanEntry
from tests.conftest import PASSWORD
from tests.planning.conftest import Exchange


def client_for(user, language: str) -> Client:  # noqa: ANN001
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    assert client.login(username=user.get_username(), password=PASSWORD)
    client.cookies["django_language"] = language
    return client


def _codes(said: dict) -> set[str]:  # type: ignore[type-arg]
    found = {said["code"]} if said else set()
    for value in (said or {}).get("params", {}).values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                found |= _codes(item)
    return found


def _plan_with_every_kind_of_reason(exchange: Exchange):  # noqa: ANN202
    from homeward.registry.services import custody_event_record, interview_record

    world = exchange.world
    interview_record(declaration=exchange.held_by_a[1], outcome="refuses", content="",
                     interviewed_on=exchange.held_by_a[1].captured_on, acting_user=world.mara)
    custody_event_record(declaration=exchange.held_by_a[2], kind="proceedings", occurred_on=None, place="court",
                         acting_user=world.alice)
    plan = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    plan = services.plan_adjust(plan=plan, declaration=exchange.held_by_b[2], kind="exclude", note="unfit",
                                acting_user=world.mara)
    return services.plan_adjust(plan=plan, declaration=exchange.held_by_a[0], kind="lock", note="family request",
                                acting_user=world.mara)


def test_in_english_the_worded_reasons_are_the_ones_the_planner_wrote(exchange: Exchange) -> None:
    plan = _plan_with_every_kind_of_reason(exchange)
    entries = list(PlanEntry.objects.filter(plan=plan))
    with translation.override("en"):
        for entry in entries:
            assert sentences.entry_reason(entry) == entry.reason
            assert [text for _, _, text in sentences.entry_findings(entry)] == [m for _, _, m in entry.findings]


def test_every_stored_wording_id_has_a_wording(exchange: Exchange) -> None:
    plan = _plan_with_every_kind_of_reason(exchange)
    codes = set()
    for entry in PlanEntry.objects.filter(plan=plan):
        codes |= _codes(entry.explanation["reason"])
        for finding in entry.explanation["findings"]:
            codes |= _codes(finding)
    codes |= _codes(plan.change)
    assert {"plan.not_eligible", "plan.not_selected_because", "plan.excluded.planner", "hard.refuses",
            "plan.change.lock", "plan.selected_locked"} <= codes
    assert codes - set(sentences.WORDINGS) - {"text"} == set()


def test_reasons_and_findings_are_worded_in_ukrainian_and_russian(exchange: Exchange) -> None:
    plan = _plan_with_every_kind_of_reason(exchange)
    english = {e.reason for e in PlanEntry.objects.filter(plan=plan)}
    for language, words in (("uk", "не відібрано"), ("ru", "не отобран")):
        client = client_for(exchange.world.mara, language)
        page = "".join(client.get(f"/planning/{plan.public_id}/?status={status}").content.decode()
                       for status in ("selected", "not_selected", "not_eligible"))
        assert words in page
        assert not [reason for reason in english if reason in page]
        assert "refuses repatriation" not in page and "not eligible:" not in page
        person = client.get(f"/registry/{exchange.held_by_a[4].public_id}/").content.decode()
        assert "terms.everyone" in person and "the agreement's terms cover everyone" not in person


def test_a_change_note_names_the_person_the_reader_may_see_and_no_record_id(exchange: Exchange) -> None:
    plan = _plan_with_every_kind_of_reason(exchange)
    locked = exchange.held_by_a[0]
    page = client_for(exchange.world.mara, "uk").get(f"/planning/{plan.public_id}/").content.decode()
    note = re.search(r'<p class="muted">([^<]*family request[^<]*)</p>', page)
    assert note is not None
    assert locked.surname in note.group(1) and str(locked.public_id) not in note.group(1)
    assert "locked in" not in note.group(1)


def test_a_change_note_about_a_person_the_reader_may_not_see_says_so_without_the_id(exchange: Exchange) -> None:
    from tests.conftest import declare

    world = exchange.world
    declare(world.bob, world.party_b, surname="Прихований", external_ref="B-hidden", legal_status="pow")
    plan = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    hidden = plan.entries.get(declaration__surname="Прихований").declaration
    plan = services.plan_adjust(plan=plan, declaration=hidden, kind="exclude", acting_user=world.mara)
    page = client_for(world.alice, "en").get(f"/planning/{plan.public_id}/").content.decode()
    assert "excluded: a person not shared with your organisation" in page
    assert str(hidden.public_id) not in page and "Прихований" not in page


def test_ordinals_follow_the_language() -> None:
    with translation.override("en"):
        assert [sentences.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 21, 1204)] == [
            "1st", "2nd", "3rd", "4th", "11th", "12th", "21st", "1,204th"]
    with translation.override("uk"):
        assert sentences.ordinal(1204) == "1\xa0204-й"
