"""`homeward plan --terms T --a A.csv --b B.csv --out plan.csv`: plan a phase from files.

The same engine as the pages: each person evaluated against the terms, the
phase chosen (exact where provably optimal, HiGHS otherwise), every person
written out with a reason. Prints a JSON summary: the objective value per
level with its proof, counts, seconds. Exit status 0 when a plan was made,
1 when the files or terms are refused (nothing is written), 3 when no plan
meets the terms (the reasons are still written).
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from homeward_core.eligibility import TermsError, parse_terms
from homeward_core.planning import plan_phase
from homeward_core.planning.held_csv import HeldFileError, read_held
from homeward_core.planning.schedule import schedule

NO_PLAN = 3


class Command(BaseCommand):
    help = "Plan one phase of an exchange from held-person CSV files and agreement terms (JSON)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--terms", type=Path, required=True, help="the agreement's terms (homeward-terms/1 JSON)")
        parser.add_argument("--a", type=Path, required=True, help="CSV of the people side a holds")
        parser.add_argument("--b", type=Path, required=True, help="CSV of the people side b holds")
        parser.add_argument("--out", type=Path, required=True, help="where to write side,record_id,selected,reason")
        parser.add_argument("--phase", type=int, default=1, help="which phase of the terms to plan (default 1)")
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="reference date when neither the phase nor the terms give one (default today)")
        parser.add_argument("--engine", choices=["auto", "mip"], default="auto",
                            help="auto: exact fast paths where provably optimal; mip: always the HiGHS model")
        parser.add_argument("--schedule-out", type=Path, help="also split the exchange over every phase: CSV "
                            "side,record_id,phase")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(stderr=True)
        for option in ("out", "schedule_out"):  # before any work, so that no output is half written
            if options[option] is not None and not options[option].resolve().parent.is_dir():
                raise CommandError(f"--{option.replace('_', '-')}: the folder {options[option].parent} does not exist")
        with console.status("reading the terms and the lists"):
            terms = _terms(options["terms"])
            people = _held(options["a"], "a") + _held(options["b"], "b")
        phase = options["phase"] - 1
        if terms.phases and not 0 <= phase < len(terms.phases):
            raise CommandError(f"--phase {options['phase']}: the terms have {len(terms.phases)} phases")
        if options["schedule_out"] and not terms.phases:
            raise CommandError("--schedule-out: the terms have no phases")
        today = options["today"] or date.today()
        with console.status(f"planning {len(people):,} people"):
            plan = plan_phase(people, terms, today=today, phase=phase if terms.phases else None,
                              engine=options["engine"])
        _write(options["out"], ("side", "record_id", "selected", "reason"),
               ((d.side, d.record_id, int(d.selected), d.reason) for d in plan.decisions))
        summary = plan.summary()
        if options["schedule_out"]:
            summary["schedule"] = self._schedule(people, terms, today, options)
        self.stdout.write(json.dumps(summary, indent=2, ensure_ascii=False))
        if not plan.selection.feasible:
            sys.exit(NO_PLAN)

    def _schedule(self, people: list[Any], terms: Any, today: date, options: dict[str, Any]) -> list[dict[str, Any]]:
        plans = schedule(people, terms, today=today, engine=options["engine"])
        rows = ((d.side, d.record_id, terms.phases[n].name) for n, plan in enumerate(plans)
                for d in plan.decisions if d.selected)
        _write(options["schedule_out"], ("side", "record_id", "phase"), rows)
        return [{"phase": terms.phases[n].name, **plan.summary()} for n, plan in enumerate(plans)]


def _terms(path: Path) -> Any:
    try:
        return parse_terms(_read(path))
    except TermsError as error:
        raise CommandError(f"{path.name}: terms refused: {error}") from None


def _held(path: Path, side: str) -> list[Any]:
    try:
        return read_held(_read(path), side=side, name=path.name)
    except HeldFileError as error:
        raise CommandError(str(error)) from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path.name}: cannot read: {error.strerror}") from None


def _write(path: Path, header: tuple[str, ...], rows: Any) -> None:
    """Written to a temporary file beside the target and renamed: a failed run leaves no half file."""
    folder = path.resolve().parent
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise CommandError(f"{path}: cannot write: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise CommandError(f"{path}: cannot write: {error.strerror}") from None
        raise
