"""`homeward bench import --rows N` (the `bench_import` command): how fast and how lean the roster import is.

Each stage runs in its own process on its own fresh SQLite database, so the
peak RSS it reports is that stage's alone:

- ``check``: the dry run over the whole file (decode, parse, validate every row,
  stage the clean rows);
- ``commit``: the all-or-nothing commit (verifies the staged rows, re-checks
  what the registry may have changed, writes every row in one transaction),
  then, timed apart, the seal that binds each new row to the transparency log;
- ``baseline``: the same rows parsed without validation and written with a plain
  ``bulk_create`` — the floor the import is compared against.

Figures are printed and saved as JSON under benchmarks/results/.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import random
import resource
import subprocess  # nosec B404
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

HEADER = ("Номер запису", "Прізвище", "Ім'я", "По батькові", "Прізвище латиницею", "Дата народження",
          "Звання", "Військова частина", "Особистий номер", "Статус", "Дата полону", "Місце утримання")
RANKS = ("солдат", "старший солдат", "молодший сержант", "сержант", "старший сержант", "лейтенант",
         "старший лейтенант", "капітан", "майор")
STATUSES = ("військовополонений",) * 17 + ("цивільна особа", "затриманий", "спірний")


def _name_pools(seed: int) -> tuple[list[str], list[str], list[str]]:
    """Faker's Ukrainian surnames, each also with slips of the pen; given names; patronymics from them."""
    from faker.providers.person.uk_UA import Provider

    from homeward_core.demo.names import patronymic
    from homeward_core.demo.people import typo

    # synthetic benchmark data, not security
    rng = random.Random(seed)  # nosec B311
    surnames = list(Provider.last_names_male)
    surnames += [typo(rng.choice(surnames), "абвгдежзиіклмнопрстуфхцчшщюя", rng) for _ in range(30_000)]
    given = list(Provider.first_names_male)
    patronymics = [patronymic(name, language="uk", sex="m") for name in given]
    return surnames, given, patronymics


def write_roster(path: Path, rows: int, seed: int = 7) -> None:
    """A synthetic roster in party A's style: UTF-8, Ukrainian headers, dd.mm.yyyy dates.

    Shaped like a real one, so that the import's per-column memo gets no
    easier a file than it would in the field: about 30,000 distinct surnames
    (Faker's list and misspellings of it), ~15,000 distinct dates of birth,
    9,000 units, and references and service numbers unique to each row.
    """
    from homeward_core.names import transliterate

    # synthetic benchmark data, not security
    rng = random.Random(seed)  # nosec B311
    surnames, given, patronymics = _name_pools(seed)
    latin = {surname: transliterate(surname, "uk_kmu_2010") for surname in surnames}
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for n in range(rows):
            surname = rng.choice(surnames)
            writer.writerow((
                f"A-{n:07d}", surname, rng.choice(given), rng.choice(patronymics),
                latin[surname] if rng.random() < 0.6 else "",
                f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1966, 2006)}",
                rng.choice(RANKS), f"в/ч А{rng.randint(1000, 9999)}", f"АА{n:07d}",
                rng.choice(STATUSES), f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2022, 2025)}",
                f"Пункт утримання № {rng.randint(1, 60)}",
            ))


def _setup() -> tuple[Any, Any]:
    from django.core.management import call_command

    from homeward.accounts import services as accounts

    call_command("migrate", verbosity=0)
    party = accounts.organisation_create(name="Bench Party", short_name="BP", kind="party", acting_user=None)
    user = accounts.user_create(username="bench", password=None, organisation=party, role="operator",
                                acting_user=None)
    return party, user


def _stage_import(path: Path, *, commit: bool) -> dict[str, Any]:
    from homeward.registry import imports

    party, user = _setup()
    started = time.perf_counter()
    with path.open("rb") as source:
        batch, _ = imports.import_upload(party=party, kind="held", source=source, filename=path.name, acting_user=user)
    batch = imports.import_check(batch=batch, acting_user=user)
    checked = time.perf_counter()
    if batch.state != "validated":
        raise CommandError(f"bench roster rejected: {batch.file_error or batch.report[:3]}")
    result: dict[str, Any] = {"rows": batch.row_count, "check_seconds": round(checked - started, 2)}
    if commit:
        batch = imports.import_request_commit(batch=batch, acting_user=user)
        batch = imports.import_commit(batch=batch, acting_user=user, seal=False)
        committed = time.perf_counter()
        result["commit_seconds"] = round(committed - checked, 2)
        result["rows_written"] = batch.new_count
        batch = imports.import_seal(batch=batch)
        result["seal_seconds"] = round(time.perf_counter() - committed, 2)
    return result


def _stage_baseline(path: Path) -> dict[str, Any]:
    from django.utils import timezone

    from homeward.audit.guard import service_context
    from homeward.registry.models import Declaration

    party, user = _setup()
    started, now, written = time.perf_counter(), timezone.now(), 0
    with path.open(encoding="utf-8", newline="") as source, service_context("benchmark baseline"):
        reader = csv.reader(source)
        next(reader)
        chunk: list[Declaration] = []
        for ref, surname, given, patronymic, *_rest in reader:
            chunk.append(Declaration(party=party, kind="held", external_ref=ref, surname=surname,
                                     given_name=given, patronymic=patronymic, created_at=now,
                                     created_by=user, updated_at=now, updated_by=user))
            if len(chunk) == 5000:
                written += len(Declaration.objects.bulk_create(chunk))
                chunk = []
        written += len(Declaration.objects.bulk_create(chunk))
    return {"rows": written, "seconds": round(time.perf_counter() - started, 2)}


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Command(BaseCommand):
    help = "Benchmark roster imports against a plain bulk_create baseline; prints and saves JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
        parser.add_argument("--stage", choices=["check", "commit", "baseline"], help=argparse_hidden())
        parser.add_argument("--file", type=Path, help=argparse_hidden())

    def handle(self, *args: Any, **options: Any) -> None:
        if options["stage"]:
            self._run_stage(options["stage"], options["file"])
            return
        report = self._run_all(options["rows"])
        options["out"].mkdir(parents=True, exist_ok=True)
        target = options["out"] / f"import-{options['rows']}.json"
        target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(json.dumps(report, indent=2))
        self.stdout.write(f"saved {target}")

    def _run_stage(self, stage: str, path: Path) -> None:
        if stage == "baseline":
            result = _stage_baseline(path)
        else:
            result = _stage_import(path, commit=stage == "commit")
        result["peak_rss_mb"] = _peak_rss_mb()
        self.stdout.write("RESULT " + json.dumps(result))

    def _run_all(self, rows: int) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="homeward-bench-") as tmp:
            roster = Path(tmp) / "roster.csv"
            write_roster(roster, rows)
            stages = {stage: self._child(stage, roster, Path(tmp) / stage) for stage in ("commit", "baseline")}
            size_mb = round(roster.stat().st_size / 1e6, 1)
        commit, baseline = stages["commit"], stages["baseline"]
        return {
            "benchmark": "import", "rows": rows, "file_mb": size_mb,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "import": {
                "check_seconds": commit["check_seconds"], "commit_seconds": commit["commit_seconds"],
                "commit_rows_per_s": round(rows / max(commit["commit_seconds"], 1e-9)),
                "check_plus_commit_seconds": round(commit["check_seconds"] + commit["commit_seconds"], 2),
                "seal_seconds": commit["seal_seconds"],
                "seal_rows_per_s": round(rows / max(commit["seal_seconds"], 1e-9)),
                "peak_rss_mb": commit["peak_rss_mb"], "rows_written": commit["rows_written"],
            },
            "baseline_bulk_create": {
                "seconds": baseline["seconds"], "rows_per_s": round(rows / max(baseline["seconds"], 1e-9)),
                "peak_rss_mb": baseline["peak_rss_mb"],
            },
        }

    def _child(self, stage: str, roster: Path, data_dir: Path) -> dict[str, Any]:
        data_dir.mkdir()
        env = dict(os.environ, HOMEWARD_DATA_DIR=str(data_dir), HOMEWARD_DATABASE_URL="",
                   HOMEWARD_ENV="development", HOMEWARD_IMPORT_MAX_BYTES=str(2 * 1024**3))
        command = [sys.executable, "-m", "homeward.cli", "bench_import", "--stage", stage, "--file", str(roster)]
        # argv is this interpreter and this command, no shell
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # nosec B603
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode != 0 or not lines:
            raise CommandError(f"bench stage {stage} failed: {done.stderr[-2000:]}")
        return dict(json.loads(lines[-1].removeprefix("RESULT ")))


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS
