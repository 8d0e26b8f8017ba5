"""`homeward export KIND --user USER --out FILE`: any list's export from the command line, scoped as that user."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from homeward.accounts.scoping import NotAllowed
from homeward.reports import exports, spreadsheets


class Command(BaseCommand):
    help = ("Export a list as a user would from its page: the same rows (scoped to what the user may see, "
            "narrowed by --filter), the same columns, logged in the audit trail.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=sorted(exports.KINDS))
        parser.add_argument("--user", required=True, help="Username of the exporting user: the rows are theirs.")
        parser.add_argument("--out", required=True, type=Path, help="The file to write (replaced only on success).")
        parser.add_argument("--format", default="", choices=["", *spreadsheets.FORMATS],
                            help="csv or xlsx; by default the --out file's extension.")
        parser.add_argument("--record", default="", help="The plan's or manifest's id, for `plan` and `manifest`.")
        parser.add_argument("--filter", action="append", default=[], metavar="NAME=VALUE",
                            help="A filter of the list page, e.g. kind=sought or state=all; repeatable.")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = exports.KINDS[options["kind"]]
        out: Path = options["out"]
        file_format = options["format"] or out.suffix.lstrip(".").lower()
        if file_format not in spreadsheets.FORMATS:
            raise CommandError(f"cannot tell the format from {out.name!r}: give --format csv or --format xlsx")
        if (kind.record is None) != (not options["record"]):
            raise CommandError(f"`{kind.name}` needs --record" if kind.record else f"`{kind.name}` takes no --record")
        if not out.parent.is_dir():
            raise CommandError(f"no directory {str(out.parent)!r} to write {out.name!r} in")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
        asked = _filters(options["filter"])
        try:
            selection = exports.select(kind, user, asked, options["record"] or None)
        except NotAllowed as exc:
            raise CommandError(str(exc)) from exc
        except Http404 as exc:
            raise CommandError(f"no {kind.name} {options['record']!r} that {user.get_username()} may see") from exc
        ignored = [f"{name}={value}" for name, value in asked.items() if selection.filters.get(name) != value]
        if ignored:
            raise CommandError(f"not a filter of the {kind.name} list, or not a value it takes: {', '.join(ignored)}")
        count = selection.rows.count()
        exports.export_record(acting_user=user, kind=kind.name, file_format=file_format, count=count,
                              filters=selection.filters, record=selection.record)
        self._write(kind, selection, file_format, out, count)
        self.stdout.write(f"{count} rows written to {out}")

    def _write(self, kind: exports.ExportKind, selection: exports.Selection, file_format: str, out: Path,
               count: int) -> None:
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True)) as bar:
            task = bar.add_task(f"exporting {kind.name}", total=count)

            def counted() -> Iterator[list[Any]]:
                for index, row in enumerate(kind.table(selection.rows)):
                    if index:
                        bar.advance(task)
                    yield row

            fd, temporary = tempfile.mkstemp(dir=out.parent, prefix=".homeward-export-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    if file_format == "xlsx":
                        handle.write(spreadsheets.xlsx_bytes(counted(), sheet_name=str(kind.title)))
                    else:
                        for chunk in spreadsheets.csv_stream(counted()):
                            handle.write(chunk.encode())
                os.replace(temporary, out)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise


def _filters(pairs: list[str]) -> dict[str, str]:
    chosen = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise CommandError(f"--filter {pair!r}: write it as NAME=VALUE")
        chosen[name.strip()] = value.strip()
    return chosen
