"""The suite runs on the database the environment names (SQLite by default, PostgreSQL in `make test-postgres`)."""

import os

from django.db import connection


def test_the_suite_runs_on_the_configured_database(db):
    url = os.environ.get("HOMEWARD_DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_postgresql_compiles_no_query_just_in_time(db):
    """JIT compiling took 20-30 ms of a 40 ms count (docs/performance.md); every connection turns it off."""
    import pytest

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_the_shared_figure_cache_has_its_table_and_figures_are_kept_there(db):
    """On PostgreSQL every server process reads the figures one of them computed (homeward/audit/freshness.py)."""
    import pytest
    from django.conf import settings
    from django.core.cache import cache

    if "DatabaseCache" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("figures are kept in each process's memory with this database")
    assert settings.CACHE_TABLE in connection.introspection.table_names()
    cache.set("homeward:test-figure", {"held": 12})
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {settings.CACHE_TABLE}")  # noqa: S608 (a setting, not input)
        assert cursor.fetchone()[0] >= 1
    assert cache.get("homeward:test-figure") == {"held": 12}
