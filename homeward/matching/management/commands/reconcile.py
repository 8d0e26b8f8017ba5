"""`homeward reconcile`: run reconciliation from the command line, with the same service as the pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from homeward.accounts.models import Organisation
from homeward.accounts.scoping import NotAllowed
from homeward.matching import services
from homeward.matching.choices import Job, RunState
from homeward.matching.errors import MatchingError
from homeward.registry.errors import RegistryError


def _party(short_name: str | None, option: str) -> Organisation | None:
    if short_name is None:
        return None
    found = Organisation.objects.filter(short_name=short_name).first()
    if found is None:
        raise CommandError(f"{option}: no organisation {short_name!r}")
    return found


class Command(BaseCommand):
    help = "Run a reconciliation job now (the worker is not needed); exit status 1 when it fails or is refused."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", required=True, help="Username of the person starting the run.")
        parser.add_argument("--job", required=True, choices=Job.values)
        parser.add_argument("--left", required=True, help="Short name of the left party (the seeking one).")
        parser.add_argument("--right", help="Short name of the right party (not for duplicates).")
        parser.add_argument("--review-floor", type=float, default=services.DEFAULT_REVIEW_FLOOR)
        parser.add_argument("--auto-accept", type=float, default=None,
                            help="Record 'same person' at or above this probability (mediator coordinators only).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"--user: no user {options['user']!r}")
        try:
            run = services.run_start(job=options["job"], left_party=_party(options["left"], "--left"),
                                     right_party=_party(options["right"], "--right"),
                                     review_floor=options["review_floor"], auto_accept=options["auto_accept"],
                                     acting_user=user, enqueue=False)
        except (NotAllowed, RegistryError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"run {run.public_id}")
        run = self._execute(run, user)
        if run.state != RunState.DONE:
            raise CommandError(f"the run failed: {run.error}")
        compared = ", ".join(f"{label}: {n}" for label, n in run.compared.items())
        self.stdout.write(f"done: {run.candidate_count} candidates to review, {run.suppressed_count} pairs already "
                          f"decided left out, {run.auto_accepted_count} auto-accepted ({compared})")

    def _execute(self, run: Any, user: Any) -> Any:
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True)) as bar:
            tasks: dict[str, Any] = {}

            def report(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total or None)
                bar.update(tasks[stage], completed=done, total=total or None)

            try:
                return services.run_execute(run=run, acting_user=user, progress=report)
            except MatchingError as exc:
                raise CommandError(str(exc)) from exc
