"""`homeward restore FILE`: put a backup in place on a fresh machine and prove the audit log is whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from homeward.audit.backup import BackupError, restore
from homeward.audit.verification import verify_log


class Command(BaseCommand):
    help = "Restore a backup made by `homeward backup` into the configured database, then verify the audit log."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", type=Path, help="a file made by `homeward backup`")
        parser.add_argument("--replace", action="store_true",
                            help="overwrite a database that already holds homeward's tables")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restore(options["source"], replace=options["replace"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        report = verify_log()
        if not report.intact:
            for broken in report.breaks[:20]:
                self.stderr.write(f"entry {broken.sequence}: {broken.reason}")
            raise CommandError(f"restored, but the audit log does NOT verify ({len(report.breaks)} problem(s))")
        self.stdout.write(f"restored {options['source']}; audit log intact: {report.entries} entries, "
                          f"head {report.head}")
