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
