"""No main page runs a query per record: each is opened with the demo at SIZE and at 3 x SIZE people per side.

The demo scenario is loaded at SIZE people per side, every page of the
catalogue (homeward.lib.page_catalogue, the pages `homeward bench pages`
loads) is opened by the demo user whose work it is and its queries recorded;
then the same at 3 x SIZE. A query that runs more often with more records
runs once per record (an N+1), and no page may need more than CEILING
queries whatever the data. Loading the demo twice takes a while, so it is done
once per module and each page's test reads the record; the tests share one
xdist group so that with `--dist loadgroup` it happens on one worker.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from homeward.lib.page_catalogue import PAGES, Page
from homeward.registry.demo import load_demo
from tests.conftest import page_reads

SIZE = 40  # people per side: under a page of 50 rows on most lists, so a per-row query shows as growth
# No page needs more than this, whatever the data: session, user, membership, the page's own few queries.
CEILING = 25

# django_db so that the test database is set up at all; the counts themselves come from the module fixture.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-query-bounds")]


def _client(username: str) -> Client:
    """A demo user's session as after a full sign-in, the coordinators' second factor included."""
    from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user

    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    device = next(iter(devices_for_user(user)), None)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _measure(size: int) -> dict[Page, list[str]]:
    load_demo(seed=2026, size=size, say=lambda _line: None)
    clients: dict[str, Client] = {}
    queries = {}
    for page in PAGES:
        client = clients.setdefault(page.user, _client(page.user))
        url = page.url()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, f"{page.name} for {page.user}: {url} answered {response.status_code}"
        queries[page] = page_reads(captured)
    return queries


@pytest.fixture(scope="module")
def counted(django_db_setup: Any, django_db_blocker: Any) -> dict[int, dict[Page, list[str]]]:
    with django_db_blocker.unblock():
        try:
            small = _measure(SIZE)
            call_command("flush", interactive=False, verbosity=0)
            large = _measure(3 * SIZE)
        finally:
            call_command("flush", interactive=False, verbosity=0)
    return {SIZE: small, 3 * SIZE: large}


def _shape(sql: str) -> str:
    """A query with its literals blanked, so the same query for two rows (or two lists of ids) reads the same."""
    return re.sub(r"\(\?(, \?)*\)", "(?)", re.sub(r"'[^']*'|\b\d+\b", "?", sql))


def _repeated(small: list[str], large: list[str]) -> dict[str, int]:
    """Queries run more often with more records: a query per row. One the smaller data never reached
    (a plan with no previous version has no difference to show) may run once."""
    before, after = Counter(map(_shape, small)), Counter(map(_shape, large))
    return {shape[:160]: n for shape, n in after.items() if n > max(before[shape], 1)}


@pytest.mark.parametrize("page", PAGES, ids=[f"{p.name} ({p.user})" for p in PAGES])
def test_no_query_runs_once_per_record(page: Page, counted: Any) -> None:
    small, large = counted[SIZE][page], counted[3 * SIZE][page]
    repeated = _repeated(small, large)
    assert not repeated, (f"{page.name} for {page.user}: {len(small)} queries at {SIZE} per side, {len(large)} "
                          f"at {3 * SIZE}; run per record: {repeated}")
    assert len(large) <= CEILING, f"{page.name} for {page.user}: {len(large)} queries"
