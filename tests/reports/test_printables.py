"""Printable statements and GC III forms, as pages and PDFs: scoped, Cyrillic intact, the figures in the text."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from homeward.agreements.models import Agreement
from homeward.registry.services import health_certify
from homeward.reports.figures import returned
from tests.conftest import declare
from tests.security.world import build_security_world
from tests.shared_record import leaks, shared_record

DETAILS = "shrapnel wound of the left thigh, healing"


def _pdf(response: Any) -> tuple[int, str]:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _held(world: Any) -> Any:
    return declare(world.alice, world.party_a, surname="Ковальчук", given_name="Андрій", patronymic="Петрович",
                   surname_latin="Kovalchuk", given_name_latin="Andrii", rank="сержант", service_number="UA-1042",
                   birth_year=1991, birth_month=4, birth_day=17, place_of_birth="Житомир",
                   captured_on=dt.date(2024, 2, 3), captured_place="Кліщіївка", detention_place="Табір 4",
                   next_of_kin="Ковальчук Марія, Житомир, вул. Лісова 3", mother_maiden_name="Гнатюк",
                   nationality="Україна")


def test_the_capture_card_and_bureau_record_are_filled_from_the_record(world: Any) -> None:
    person = _held(world)
    page = _client(world.alice).get(reverse("reports:person_forms", args=[person.public_id])).content.decode()
    for value in ("Ковальчук", "Kovalchuk", "UA-1042", "1991-04-17", "Житомир", "Табір 4", "Гнатюк",
                  "2024-02-03, Кліщіївка", "good health, not wounded", "Capture card for prisoner of war",
                  "Information bureau record"):
        assert value in page, value


def test_the_forms_pdf_has_both_forms_in_cyrillic(world: Any) -> None:
    person = _held(world)
    pages, text = _pdf(_client(world.alice).get(reverse("reports:person_forms_pdf", args=[person.public_id])))
    assert 2 <= pages <= 3  # the card, then the bureau record on a page of its own
    for value in ("Ковальчук", "Андрій", "Петрович", "UA-1042", "Гнатюк", "Табір 4", "Capture card"):
        assert value in text, value


def test_another_party_and_unshared_records_are_not_found(world: Any) -> None:
    person = _held(world)
    for name in ("reports:person_forms", "reports:person_forms_pdf"):
        assert _client(world.bob).get(reverse(name, args=[person.public_id])).status_code == 404
        assert _client(world.otto).get(reverse(name, args=[person.public_id])).status_code == 404


def test_a_sought_person_has_no_capture_card(world: Any) -> None:
    person = declare(world.alice, world.party_a, kind="sought")
    assert _client(world.alice).get(reverse("reports:person_forms", args=[person.public_id])).status_code == 404


def test_a_shared_record_shows_the_other_party_no_internals_and_no_health_details(world: Any) -> None:
    person = shared_record(world)
    health_certify(declaration=person, medical_category="A1", seriously_wounded=True, ill=False,
                   certified_by="Commission 2", certified_on=dt.date(2024, 5, 1), details=DETAILS,
                   acting_user=world.medic)
    for name in ("reports:person_forms", "reports:person_forms_pdf"):
        response = _client(world.bob).get(reverse(name, args=[person.public_id]))
        text = _pdf(response)[1] if name.endswith("pdf") else response.content.decode()
        assert "Detention centre 3" in text and leaks(text) == [] and DETAILS not in text
    medic_page = _client(world.medic).get(reverse("reports:person_forms", args=[person.public_id])).content.decode()
    assert DETAILS in medic_page and leaks(medic_page) == []


def test_the_statement_pdf_carries_the_pages_figures_whole_and_per_phase(db: Any) -> None:
    w = build_security_world()
    client = _client(w.users["a_coord"])
    exchange, plan = w.ids[("exchange", "A")], w.ids[("plan", "A")]
    page = client.get(reverse("reports:statement", args=[exchange])).content.decode()
    assert reverse("reports:statement_pdf", args=[exchange]) in page
    agreement = Agreement.objects.get(public_id=exchange)
    crossed = Counter(p.side for p in returned(agreement))
    assert sum(crossed.values()) > 0
    pages, text = _pdf(client.get(reverse("reports:statement_pdf", args=[exchange])))
    assert 1 <= pages <= 2 and "Not home yet" in text
    for side in ("a", "b"):
        assert f"{crossed[side]} returned" in text, (side, crossed, text)
    pages, text = _pdf(client.get(reverse("reports:statement_pdf", args=[exchange]), {"phase": plan}))
    assert 1 <= pages <= 2 and "plan version 1" in text
    assert all(f"{crossed[side]} returned" in text for side in ("a", "b"))
    pages, text = _pdf(client.get(reverse("reports:statement_pdf", args=[exchange]), {"public": "1"}))
    assert "fewer than 5 returned" in text


def test_the_statement_pdf_is_not_found_for_an_outsider_to_the_agreement(db: Any) -> None:
    w = build_security_world()
    response = _client(w.users["medic"]).get(reverse("reports:statement_pdf", args=[w.ids[("exchange", "A")]]))
    assert response.status_code == 404


@pytest.mark.parametrize(("language", "words"), [("uk", "здоровий, не поранений"), ("ru", "здоров, не ранен")])
def test_the_cards_state_of_health_is_in_the_readers_language(world: Any, language: str, words: str) -> None:
    person = _held(world)
    client = _client(world.alice)
    client.cookies["django_language"] = language
    page = client.get(reverse("reports:person_forms", args=[person.public_id]), HTTP_ACCEPT_LANGUAGE=language)
    assert words in page.content.decode() and "good health" not in page.content.decode()
