"""Shared personas: one per role and organisation, built through the audited services.

alice (operator, party A), carol (coordinator, party A), bob (operator, party B),
mara (mediator coordinator), medic (medical officer, transit medical service),
otto (auditor, observer), outsider (no organisation), dora (deactivated, party A).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.backends.base.operations import BaseDatabaseOperations

from homeward.audit.guard import service_context

PASSWORD = "correct-horse-battery-staple"

_flush = BaseDatabaseOperations.execute_sql_flush


def _flush_in_test_teardown(self: Any, sql_list: Any) -> Any:
    # Test teardown empties every table; that is test infrastructure, not a domain write.
    with service_context("test database flush"):
        return _flush(self, sql_list)


BaseDatabaseOperations.execute_sql_flush = _flush_in_test_teardown  # type: ignore[method-assign]


TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"})


def page_reads(captured: Any) -> list[str]:
    """The SQL a page ran, less the figure cache's own statements (its table, on PostgreSQL, and the transaction
    each write to it opens): one per figure read, a few per figure kept, they are what the cache costs, not
    reads that grow with the records."""
    from django.conf import settings

    return [q["sql"] for q in captured.captured_queries
            if settings.CACHE_TABLE not in q["sql"] and q["sql"].split(" ", 1)[0] not in TRANSACTION_CONTROL]


@pytest.fixture
def max_page_queries() -> Callable[[int], Any]:
    """``with max_page_queries(n):`` fails when the block runs more than ``n`` queries (page_reads)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    @contextmanager
    def bound(limit: int) -> Iterator[Any]:
        with CaptureQueriesContext(connection) as captured:
            yield captured
        found = page_reads(captured)
        assert len(found) <= limit, f"{len(found)} queries, at most {limit} expected:\n" + "\n".join(found)

    return bound


@pytest.fixture(autouse=True)
def _english_and_no_cached_pages() -> Any:
    """Each test starts in the default language with an empty cache.

    The test client's requests run in the test's own thread, and the locale
    middleware leaves the last request's language active after the response:
    without this, a page visited in Russian by one test would make the next
    test's service messages Russian. Cached pages (the public figures) belong
    to the test that filled the cache.
    """
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    # The shared figure cache (a table, on PostgreSQL) in a test not yet given the database: nothing to clear,
    # as each test's rows roll back with its transaction and every key holds the audit head.
    with suppress(RuntimeError):
        cache.clear()
    yield
    translation.deactivate()


@dataclass
class World:
    party_a: Any
    party_b: Any
    mediator: Any
    medical: Any
    observer: Any
    alice: Any
    carol: Any
    bob: Any
    mara: Any
    medic: Any
    otto: Any
    outsider: Any
    dora: Any


def build_world() -> World:
    from django.contrib.auth import get_user_model

    from homeward.accounts import services as accounts

    def org(name: str, short: str, kind: str, lang: str = "") -> Any:
        return accounts.organisation_create(
            name=name, short_name=short, kind=kind, record_language=lang, acting_user=None
        )

    a = org("Northern Coordination Office", "NCO", "party", "uk")
    b = org("Southern Coordination Office", "SCO", "party", "ru")
    m = org("Neutral Mediation Office", "NMO", "mediator", "en")
    med = org("Transit State Medical Service", "TMS", "medical_service", "en")
    obs = org("Independent Observers", "IOB", "observer", "en")

    def user(name: str, organisation: Any, role: str) -> Any:
        return accounts.user_create(
            username=name, password=PASSWORD, organisation=organisation, role=role,
            acting_user=None, validate=False,
        )

    dora = user("dora", a, "operator")
    accounts.user_deactivate(user=dora, acting_user=None)
    # No service creates a user without an organisation; the outsider exists only to be refused.
    with service_context("test persona without an organisation"):
        outsider = get_user_model().objects.create_user("outsider", password=PASSWORD)
    return World(
        party_a=a, party_b=b, mediator=m, medical=med, observer=obs,
        alice=user("alice", a, "operator"), carol=user("carol", a, "coordinator"),
        bob=user("bob", b, "operator"), mara=user("mara", m, "coordinator"),
        medic=user("medic", med, "medical_officer"), otto=user("otto", obs, "auditor"),
        outsider=outsider, dora=dora,
    )


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def declare(world_user: Any, party: Any, kind: str = "held", **values: Any) -> Any:
    from homeward.registry.services import declaration_create

    values.setdefault("surname", "Коваленко")
    values.setdefault("given_name", "Олександр")
    return declaration_create(party=party, kind=kind, values=values, acting_user=world_user)


def _hypothesis_profiles() -> None:
    """Property tests draw the same examples on every run (CI must not fail at random);
    HYPOTHESIS_PROFILE=explore draws new ones, for looking for bugs on purpose."""
    import os

    from hypothesis import settings

    settings.register_profile("repeatable", derandomize=True)
    settings.register_profile("explore", derandomize=False)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


_hypothesis_profiles()
