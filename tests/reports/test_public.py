"""The public statistics page and its HXL file: anyone may read them; they hold aggregates only, small cells hidden."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from homeward.registry.models import Declaration
from homeward.registry.services import declaration_correct
from homeward.reports import public
from homeward_core.ledger.statement import Returned
from tests.security.world import build_security_world

THRESHOLD = 5


def _no_single_hidden_cell(figures: public.AgreementFigures) -> None:
    """Per line (sides and both) and per column (the lines and their total): never exactly one hidden figure."""
    for table in figures.tables:
        for line in table.lines:
            assert sum(c.hidden for c in line.cells) != 1, (table.code, line.code)
        if table.code == "remains":
            continue
        for column in range(3):
            assert sum(line.cells[column].hidden for line in table.lines) != 1, (table.code, column)


def _published(figures: public.AgreementFigures) -> list[int]:
    return [c.value for t in figures.tables for line in t.lines for c in line.cells if not c.hidden]


def test_anyone_reads_the_page_and_it_names_nobody(db: Any) -> None:
    w = build_security_world()
    response = Client().get(reverse("public:statistics"))
    assert response.status_code == 200
    page = response.content.decode()
    exchange = public.public_agreements().get()
    assert str(exchange.public_id) == str(w.ids[("exchange", "A")])
    assert exchange.title in page and "fewer than 5" in page
    assert not [c for c in w.canaries if c in page]
    names = {n for d in Declaration.objects.all() for n in (d.surname, d.given_name, d.surname_latin) if len(n) > 3}
    assert not [n for n in names if n in page]
    assert not [k for k, v in _counts(page) if 0 < v < THRESHOLD]


def _counts(page: str) -> list[tuple[str, int]]:
    import re

    return [("cell", int(v.replace(",", ""))) for v in re.findall(r'<td class="num">([\d,]+)</td>', page)]


def test_the_exchanges_few_returned_are_all_hidden(db: Any) -> None:
    build_security_world()
    agreement = public.public_agreements().get()
    figures = public.figures_for(agreement)
    assert 0 < figures.tables[0].lines[-1].cells[2].value == len(public.returned(agreement)) < THRESHOLD
    assert not [v for v in _published(figures) if 0 < v < THRESHOLD]
    _no_single_hidden_cell(figures)


def test_a_small_side_is_hidden_with_what_would_give_it_away(db: Any, monkeypatch: Any) -> None:
    build_security_world()
    day = dt.date(2025, 6, 10)

    def people(agreement: Any, plan: Any = None) -> list[Returned]:
        def one(side: str, days: int, n: int, cats: frozenset[str] = frozenset()) -> list[Returned]:
            return [Returned(side, cats, day - dt.timedelta(days=days), day, n % 2 == 0) for n in range(n)]

        return (one("a", 100, 20) + one("a", 400, 12, frozenset({"seriously_wounded"})) + one("a", 900, 9)
                + one("b", 100, 3) + one("b", 900, 30, frozenset({"seriously_wounded"})))

    monkeypatch.setattr(public, "returned", people)
    figures = public.figures_for(public.public_agreements().get())
    returned = figures.tables[0]
    assert [c.value for c in returned.lines[0].cells] == [41, 33, 74]
    bands = {t.code: t for t in figures.tables}["bands"]
    short = bands.lines[0]
    assert short.cells[1].hidden and short.cells[1].value == 3  # three of side b held under six months
    assert not [v for v in _published(figures) if 0 < v < THRESHOLD]
    _no_single_hidden_cell(figures)
    # The bands' total line is the phases' total line: published alike in both tables.
    assert [c.shown for c in bands.lines[-1].cells] == [c.shown for c in returned.lines[-1].cells]


def test_the_hxl_file_has_a_hashtag_row_and_hides_what_the_page_hides(db: Any) -> None:
    w = build_security_world()
    response = Client().get(reverse("public:hxl"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["#date +reported", "#activity +name", "#activity +phase +name", "#org +name",
                       "#indicator +type", "#indicator +name", "#indicator +code", "#indicator +value +num",
                       "#meta +suppressed"]
    data = rows[2:]
    assert data and all(len(r) == 9 for r in data)
    for row in data:
        assert (row[7] == "") == (row[8] == "yes")
        assert row[7] == "" or not 0 < int(row[7]) < THRESHOLD
    assert not [c for c in w.canaries if c in text]


def test_the_public_page_takes_no_post(db: Any) -> None:
    assert Client().post(reverse("public:statistics")).status_code == 405


def test_the_public_statement_hides_what_the_public_page_hides(db: Any, monkeypatch: Any) -> None:
    w = build_security_world()
    day = dt.date(2025, 6, 10)
    people = [Returned("a", frozenset(), day - dt.timedelta(days=900), day, False) for _ in range(40)]
    people += [Returned("b", frozenset(), day - dt.timedelta(days=100), day, True) for _ in range(3)]
    monkeypatch.setattr(public, "returned", lambda agreement, plan=None: people)
    client = Client()
    client.force_login(w.users["a_coord"])
    url = reverse("reports:statement", args=[w.ids[("exchange", "A")]])
    for query in ({"public": "1"}, {"public": "1", "phase": str(w.ids[("plan", "A")])}):
        page = client.get(url, query).content.decode()
        assert "fewer than 5 returned" in page and "40 returned" not in page  # side a's 40 hides with b's 3
    figures = public.figures_for(public.public_agreements().get())
    assert [c.hidden for c in figures.tables[0].lines[0].cells] == [True, True, False]


def test_the_page_is_counted_once_until_the_next_write(db: Any, max_page_queries: Any) -> None:
    w = build_security_world()
    client = Client()
    first = _without_csrf_token(client.get(reverse("public:statistics")).content)
    with max_page_queries(3):  # the audit head, and the session machinery at most
        assert _without_csrf_token(client.get(reverse("public:statistics")).content) == first
    person = Declaration.objects.get(public_id=w.ids[("declaration", "A")])
    declaration_correct(declaration=person, expected_version=person.version, changes={"rank": "сержант"},
                        reason="typo", acting_user=w.users["a_op"])  # any audited write moves the audit head
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("public:statistics")).status_code == 200
    assert len(queries) > 3  # counted afresh


def _without_csrf_token(page: bytes) -> bytes:
    """The page without the language switcher's CSRF token, which is masked afresh on every response."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", page)
