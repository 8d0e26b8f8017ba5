"""`homeward verify_log`: re-check the audit hash chain; exit status 1 when it is broken."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from homeward.audit.verification import verify_log


class Command(BaseCommand):
    help = "Verify the audit log's hash chain from the first entry to the head."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_log()
        if not report.intact:
            for broken in report.breaks:
                self.stderr.write(f"entry {broken.sequence}: {broken.reason}")
            raise CommandError(f"audit chain BROKEN ({len(report.breaks)} problem(s) in {report.entries} entries)")
        self.stdout.write(f"audit chain intact: {report.entries} entries, head {report.head}")
