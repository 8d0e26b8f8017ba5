"""`homeward link LEFT.csv RIGHT.csv --out links.csv`: reconcile two list files, no database needed.

The same engine as the reconciliation runs (homeward_core.linkage); output is
one-to-one pairs at or above the threshold. Bad files stop the command with
the problem named and nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from homeward_core.linkage import LinkageError, link_scores
from homeward_core.linkage.files import read_records, write_links


class Command(BaseCommand):
    help = "Link two list files (record_id,surname,given_name,patronymic,date_of_birth,unit) one-to-one."
    requires_system_checks: list[str] = []  # works on files alone, with no database

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("left", type=Path, help="the first list (CSV, UTF-8)")
        parser.add_argument("right", type=Path, help="the second list (CSV, UTF-8)")
        parser.add_argument("--out", type=Path, required=True, help="where to write left_id,right_id,match_probability")
        parser.add_argument("--threshold", type=float, default=0.5, help="lowest match probability kept (default 0.5)")
        parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            left = read_records(options["left"], side="left")
            right = read_records(options["right"], side="right")
            with _bar() as bar:
                task = bar.add_task("linking", total=1.0)

                def progress(stage: str, fraction: float) -> None:
                    bar.update(task, completed=fraction, description=stage)

                scored = link_scores(left, right, threshold=options["threshold"], engine=options["engine"],
                                     progress=progress)
        except LinkageError as error:
            raise CommandError(str(error)) from error
        links = zip([left[i].record_id for i in scored["left"]], [right[i].record_id for i in scored["right"]],
                    scored["match_probability"].tolist(), strict=True)
        write_links(options["out"], links)
        self.stderr.write(f"{len(scored)} links written to {options['out']}")


def _bar() -> Progress:
    return Progress(TextColumn("{task.description:<40}"), BarColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=False)
