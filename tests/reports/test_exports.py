"""Every list's export: its readers get the page's rows in CSV and XLSX, everyone else nothing, each export logged."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from homeward.audit.models import AuditEntry
from homeward.registry.models import Declaration
from homeward.reports import spreadsheets
from homeward.reports.exports import KINDS
from tests.conftest import declare
from tests.security.world import build_security_world

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\tcmd", "\r=1+1", "=1+1"]


def _csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _xlsx(response: Any) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _urls(w: Any) -> dict[str, str]:
    urls = {kind: reverse(f"reports:export_{kind}") for kind in KINDS if KINDS[kind].record is None}
    urls["plan"] = reverse("reports:export_plan", args=[w.ids[("plan", "A")]])
    urls["manifest"] = reverse("reports:export_manifest", args=[w.ids[("manifest", "A")]])
    return urls


def test_every_list_exports_in_both_formats_with_its_headers_and_is_logged(db: Any) -> None:
    w = build_security_world()
    client = Client()
    client.force_login(w.users["mediator"])
    for kind, url in _urls(w).items():
        as_csv = _csv(client.post(url, {"format": "csv"}))
        as_xlsx = _xlsx(client.post(url, {"format": "xlsx"}))
        assert as_csv[0] == KINDS[kind].headers() == as_xlsx[0], kind
        # The mediator sees at least one row of every list; the log has grown by the CSV export's own entry.
        assert len(as_csv) + (kind == "audit") == len(as_xlsx) and len(as_csv) > 1, kind
        logged = AuditEntry.objects.filter(action="reports.export", summary__kind=kind).order_by("-sequence")
        assert [e.summary["format"] for e in logged] == ["xlsx", "csv"], kind
        assert logged[0].summary["count"] == len(as_xlsx) - 1 and logged[0].actor == w.users["mediator"], kind


@pytest.mark.parametrize(("persona", "kind"), [("medic", "candidates"), ("observer", "transfers"),
                                               ("a_op", "audit"), ("medic", "identifications")])
def test_a_role_the_list_page_refuses_gets_403_and_nothing_is_logged(db: Any, persona: str, kind: str) -> None:
    w = build_security_world()
    client = Client()
    client.force_login(w.users[persona])
    before = AuditEntry.objects.filter(action="reports.export").count()
    assert client.post(reverse(f"reports:export_{kind}"), {"format": "csv"}).status_code == 403
    assert AuditEntry.objects.filter(action="reports.export").count() == before


def test_another_partys_plan_and_manifest_are_not_found(db: Any) -> None:
    w = build_security_world()
    client = Client()
    client.force_login(w.users["medic"])  # the medical service takes no part in the A-B exchange's plans
    for name, record in (("reports:export_plan", "plan"), ("reports:export_manifest", "manifest")):
        assert client.post(reverse(name, args=[w.ids[(record, "A")]]), {"format": "csv"}).status_code == 404


def test_the_plan_export_follows_the_pages_status_and_side(db: Any) -> None:
    w = build_security_world()
    client = Client()
    client.force_login(w.users["mediator"])
    url = reverse("reports:export_plan", args=[w.ids[("plan", "A")]])
    chosen = _csv(client.post(url, {"status": "selected", "side": "a"}))
    header = chosen[0]
    assert len(chosen) > 1
    assert {row[header.index("Side")] for row in chosen[1:]} == {"A"}
    assert {row[header.index("Selected")] for row in chosen[1:]} == {"yes"}
    left_out = _csv(client.post(url, {"status": "not_selected"}))
    assert {row[header.index("Selected")] for row in left_out[1:]} <= {"no"}
    ids = {row[0] for row in chosen[1:]}
    assert not ids & {row[0] for row in left_out[1:]}
    entry = AuditEntry.objects.filter(action="reports.export").order_by("-sequence").first()
    assert entry.summary["filters"] == {"status": "not_selected"} and str(entry.object_id) == str(w.ids[("plan", "A")])


def test_the_queue_export_follows_the_queue_filters(db: Any) -> None:
    w = build_security_world()
    client = Client()
    client.force_login(w.users["mediator"])
    url = reverse("reports:export_candidates")
    every = _csv(client.post(url, {"state": "all"}))
    decided = _csv(client.post(url, {"state": "decided"}))
    state = every[0].index("State")
    assert 1 < len(decided) < len(every)
    assert {row[state] for row in decided[1:]} <= {"decided", "superseded"}


def test_party_a_exports_none_of_party_bs_own_rows(db: Any) -> None:
    w = build_security_world()
    client = Client()
    client.force_login(w.users["a_coord"])
    urls = _urls(w)
    imports = _csv(client.post(urls["imports"]))
    party = imports[0].index("Party")
    assert {row[party] for row in imports[1:]} == {w.base.party_a.short_name}
    transfers = {row[0] for row in _csv(client.post(urls["transfers"]))}
    assert str(w.ids[("transfer", "B")]) not in transfers
    assert str(w.ids[("declaration", "B")]) not in {row[0] for row in _csv(client.post(urls["declarations"]))}


def test_hostile_values_in_any_column_are_neutralised_in_csv_and_xlsx(world: Any) -> None:
    for value in HOSTILE:
        declare(world.alice, world.party_a, surname="Коваленко", rank=value, unit=value, place_of_birth=value)
    client = Client()
    client.force_login(world.alice)
    url = reverse("reports:export_declarations")
    for rows in (_csv(client.post(url, {"format": "csv"})), _xlsx(client.post(url, {"format": "xlsx"}))):
        cells = [cell for row in rows[1:] for cell in row if isinstance(cell, str)]
        assert len(rows) == len(HOSTILE) + 1
        assert not [cell for cell in cells if cell.startswith(spreadsheets.FORMULA_TRIGGERS)]
        stored = {v for d in Declaration.objects.all() for v in (d.rank, d.unit, d.place_of_birth)}
        hostile = {v for v in stored if v.startswith(spreadsheets.FORMULA_TRIGGERS)}
        assert len(hostile) >= 4  # the registry keeps these values as typed (it trims surrounding space)
        assert {"'" + v for v in hostile} <= {cell.replace("\n", "\r") for cell in cells}


def test_the_writers_neutralise_text_and_leave_numbers_and_ordinary_text_alone() -> None:
    table = [["name", "count"], *[[value, -3] for value in HOSTILE], ["Шевченко", 7]]
    text = "".join(spreadsheets.csv_stream(table))
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row[0] for row in rows[1:]] == ["'" + v for v in HOSTILE] + ["Шевченко"]
    assert [row[1] for row in rows[1:]] == ["-3"] * len(HOSTILE) + ["7"]
    sheet = load_workbook(io.BytesIO(spreadsheets.xlsx_bytes(table, sheet_name="t"))).active
    # XML keeps no carriage return: openpyxl reads it back as a line feed, still behind the apostrophe.
    assert [cell.value for cell in sheet["A"]][1:] == ["'" + v.replace("\r", "\n") for v in HOSTILE] + ["Шевченко"]
    assert [cell.value for cell in sheet["B"]][1:] == [-3] * len(HOSTILE) + [7]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_every_export_is_a_post() -> None:
    client = Client()
    assert client.get(reverse("reports:export_audit")).status_code in (302, 405)
