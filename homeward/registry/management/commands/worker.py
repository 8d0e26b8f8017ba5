"""`homeward worker`: clear what a crash left, resume interrupted imports, then run the background task worker."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

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
        worker_args = ["--batch"] if options["batch"] else []
        call_command("db_worker", *worker_args, "--interval", "0.5")
