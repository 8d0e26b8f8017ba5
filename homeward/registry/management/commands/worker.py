"""`homeward worker`: clear what a crash left, resume interrupted imports, schedule the purge, then run tasks."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from homeward.audit.tasks import period, schedule_purge
from homeward.matching.tasks import fail_interrupted
from homeward.registry.tasks import resume_interrupted, seal_unsealed, sweep_staging


class Command(BaseCommand):
    help = "Re-queue imports a crash interrupted, then process background tasks until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty.")

    def handle(self, *args: Any, **options: Any) -> None:
        swept = sweep_staging()
        if swept:
            self.stdout.write(f"Removed {swept} staging file(s) a crash left behind.")
        resumed = resume_interrupted()
        if resumed:
            self.stdout.write(f"Re-queued {resumed} interrupted import step(s).")
        sealed = seal_unsealed()
        if sealed:
            self.stdout.write(f"Sealed {sealed} committed import(s) whose seal a crash interrupted.")
        failed = fail_interrupted()
        if failed:
            self.stdout.write(f"Marked {failed} reconciliation run(s) a crash interrupted as failed.")
        if period() is None:
            self.stdout.write("Retention: no scheduled purge (HOMEWARD_PURGE_EVERY_HOURS is 0); run `homeward purge`.")
        else:
            when = schedule_purge()
            self.stdout.write(f"Retention: purge every {period()}; "
                              + (f"the first now ({when:%Y-%m-%d %H:%M} UTC)." if when else "the next is queued."))
        worker_args = ["--batch"] if options["batch"] else []
        call_command("db_worker", *worker_args, "--interval", "0.5")
