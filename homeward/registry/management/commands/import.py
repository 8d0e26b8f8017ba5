"""`homeward import FILE`: the import wizard on the command line, with a progress bar."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from homeward.accounts.scoping import NotAllowed, require_actor
from homeward.registry import imports, progress
from homeward.registry.choices import ImportState


def _watch(batch_id: object, stop: threading.Event, bar: Progress, task: Any) -> None:
    while not stop.wait(0.2):
        seen = progress.read(batch_id)
        if seen is not None:
            bar.update(task, completed=seen.done, description=seen.stage)


class Command(BaseCommand):
    help = "Import a roster (CSV or XLSX): check every row, then commit all or nothing with --commit."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="Username of the importing operator.")
        parser.add_argument("--kind", required=True, choices=["held", "sought", "deceased_held"])
        parser.add_argument("--encoding", default="", choices=list(imports.ENCODING_CHOICES))
        parser.add_argument("--commit", action="store_true", help="Commit when the check passes.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
        try:
            party = require_actor(user).organisation
            with options["file"].open("rb") as source:
                batch, new = imports.import_upload(
                    party=party, kind=options["kind"], source=source, filename=options["file"].name,
                    encoding_choice=options["encoding"], acting_user=user,
                )
        except (OSError, NotAllowed, imports.ImportError_) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"batch {batch.public_id} ({'new' if new else 'same file as before'})")
        if batch.state != ImportState.COMMITTED:
            batch = self._run("checking", batch, lambda: imports.import_check(batch=batch, acting_user=user))
        self._report(batch)
        if batch.state == ImportState.REJECTED:
            raise CommandError("the file was rejected; nothing was written")
        if options["commit"] and batch.state == ImportState.VALIDATED:
            batch = imports.import_request_commit(batch=batch, acting_user=user)
            batch = self._run("committing", batch, lambda: imports.import_commit(batch=batch, acting_user=user))
            self.stdout.write(f"committed: {batch.new_count} new, {batch.correction_count} corrected")

    def _run(self, label: str, batch: Any, step: Any) -> Any:
        stop = threading.Event()
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True)) as bar:
            task = bar.add_task(label, total=batch.row_count or None)
            watcher = threading.Thread(target=_watch, args=(batch.public_id, stop, bar, task), daemon=True)
            watcher.start()
            try:
                result = step()
            except imports.ImportError_ as exc:
                raise CommandError(str(exc)) from exc
            finally:
                stop.set()
                watcher.join()
            bar.update(task, completed=result.row_count, total=result.row_count or 1)
        return result

    def _report(self, batch: Any) -> None:
        self.stdout.write(
            f"{batch.state}: {batch.row_count} rows, {batch.error_count} with problems, "
            f"format {batch.file_format or '?'}, encoding {batch.encoding or '?'}"
        )
        if batch.file_error:
            self.stdout.write(f"file: {batch.file_error}")
        for problem in batch.report[:50]:
            self.stdout.write(f"row {problem['row']}: {problem['field']}: {problem['reason']}")
        if batch.error_count > 50:
            self.stdout.write(f"… and {batch.error_count - 50} more")
