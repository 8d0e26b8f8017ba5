"""The suite runs on the database the environment names (SQLite by default, PostgreSQL in `make test-postgres`)."""

import os

from django.db import connection


def test_the_suite_runs_on_the_configured_database(db):
    url = os.environ.get("HOMEWARD_DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
