"""`homeward migrate`: Django's migrate, marked as a context the write guard lets through.

A migration changes the schema of guarded tables (CREATE, ALTER, DROP, and on
SQLite a table rebuild that copies every row), so the guard would refuse it.
Whoever can run migrate already controls the schema; marking the command is
simpler and safer than teaching the guard which DDL is harmless. A data
migration that writes evidence should still call services, so it is logged.
"""

from typing import Any

from django.core.management.commands import migrate

from homeward.audit.guard import service_context


class Command(migrate.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        with service_context("migrate"):
            super().handle(*args, **options)
