"""`homeward purge`: purge every personal record past its retention (run it daily from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from homeward.audit import retention


class Command(BaseCommand):
    help = ("Purge the personal records past their retention (the table in docs/security.md): delete or empty "
            "them, shred their log entries' salts and leave tombstones in the log.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be purged; change nothing.")
        parser.add_argument("--rules", action="store_true", help="Print the retention table and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rules"]:
            for rule in retention.RULES:
                self.stdout.write(f"{rule.kind}: {rule.record}; kept {rule.keep.days} days after {rule.after} "
                                  f"to {rule.purpose}; then {rule.purge}")
            return
        items = list(retention.due())
        verb = "would purge" if options["dry_run"] else "purged"
        for item in items:
            if not options["dry_run"]:
                retention.retention_purge(item=item)
            self.stdout.write(f"{verb} {item.describe()}")
        counts: dict[str, int] = {}
        for item in items:
            counts[item.rule.kind] = counts.get(item.rule.kind, 0) + 1
        summary = ", ".join(f"{kind} {n}" for kind, n in counts.items()) or "nothing is past its retention"
        self.stdout.write(f"{verb}: {summary}")
