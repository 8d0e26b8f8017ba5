"""The registry's export: scoped like every read, safe in a spreadsheet, logged, and only on a POST with CSRF."""

import csv
import io

from django.test import Client
from openpyxl import load_workbook

from homeward.audit.models import AuditEntry
from homeward.reports.spreadsheets import safe_cell
from tests.conftest import declare
from tests.shared_record import leaks, shared_record

URL = "/reports/export/declarations/"


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_party_exports_only_its_own_records(client, world):
    declare(world.alice, world.party_a, surname="Коваленко")
    declare(world.bob, world.party_b, surname="Сидоров", given_name="Иван")
    client.force_login(world.bob)
    rows = _csv(client.post(URL))
    assert [row["Surname"] for row in rows] == ["Сидоров"]


def test_the_export_follows_the_list_filters(client, world):
    declare(world.alice, world.party_a, surname="Коваленко")
    declare(world.alice, world.party_a, surname="Шевченко", kind="sought")
    client.force_login(world.alice)
    rows = _csv(client.post(URL, {"kind": "sought"}))
    assert [row["Surname"] for row in rows] == ["Шевченко"]


def test_formula_like_values_are_neutralised_in_csv_and_xlsx(client, world):
    declare(world.alice, world.party_a, rank="=HYPERLINK(\"http://evil\",\"x\")", unit="+1+cmd|' /C calc'!A0")
    client.force_login(world.alice)
    row = _csv(client.post(URL))[0]
    assert row["Rank"].startswith("'=") and row["Unit"].startswith("'+")
    book = load_workbook(io.BytesIO(client.post(URL, {"format": "xlsx"}).content))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert values["Rank"].startswith("'=")
    assert all(cell.data_type != "f" for cell in sheet[2])


def test_safe_cell_leaves_ordinary_values_alone():
    assert safe_cell("Коваленко") == "Коваленко"
    assert safe_cell("-5") == "'-5"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"


def test_exports_are_recorded_in_the_audit_log_and_not_cached(client, world):
    declare(world.alice, world.party_a)
    client.force_login(world.alice)
    response = client.post(URL, {"format": "xlsx"})
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.filter(action="reports.export").get()
    assert (entry.actor, entry.summary["count"], entry.summary["format"]) == (world.alice, 1, "xlsx")


def test_people_without_an_organisation_get_nothing(client, world):
    declare(world.alice, world.party_a)
    client.force_login(world.outsider)
    response = client.post(URL)
    assert response.status_code == 403
    assert "Коваленко".encode() not in response.content
    client.logout()
    assert client.post(URL).status_code == 302


def test_an_export_of_a_shared_record_carries_none_of_the_declarers_internals(client, world):
    shared_record(world)
    for user in (world.bob, world.medic):
        client.force_login(user)
        exported = b"".join(client.post(URL).streaming_content).decode("utf-8-sig")
        assert "A-7" in exported and leaks(exported) == []


def test_it_only_allows_post_and_logs_nothing_for_a_get(client, world):
    declare(world.alice, world.party_a)
    client.force_login(world.alice)
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == 405 and "Коваленко".encode() not in response.content
    assert not AuditEntry.objects.filter(action="reports.export").exists()


def test_a_post_without_the_csrf_token_is_refused(world):
    declare(world.alice, world.party_a)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.alice)
    assert browser.post(URL, {"format": "csv"}).status_code == 403
    assert not AuditEntry.objects.filter(action="reports.export").exists()
    browser.get("/registry/")  # the list page sets the CSRF cookie its export form needs
    token = browser.cookies["csrftoken"].value
    response = browser.post(URL, {"format": "csv", "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and len(_csv(response)) == 1
