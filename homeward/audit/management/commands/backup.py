"""`homeward backup FILE`: an online copy of the whole database, while homeward keeps serving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from homeward.audit.backup import BackupError, backup
from homeward.audit.verification import verify_log


class Command(BaseCommand):
    help = "Back up the database online (SQLite's backup API; pg_dump on PostgreSQL) to a new file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("out", type=Path, help="the backup file to create (never overwritten)")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_log()
        with Progress(transient=True) as bar:
            task = bar.add_task("backing up", total=None)
            try:
                made = backup(options["out"], progress=lambda done, total: bar.update(task, completed=done,
                                                                                        total=total))
            except BackupError as error:
                raise CommandError(str(error)) from None
        self.stdout.write(f"backup written: {made.path} ({made.vendor}, {made.size:,} bytes, sha256 {made.sha256})")
        self.stdout.write(f"audit log at backup: {report.entries} entries, head {report.head}"
                          + ("" if report.intact else " — BROKEN before the backup"))
