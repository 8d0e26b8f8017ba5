"""`homeward bench names [--distinct N] [--rows N]`: how fast the name keys are, and how right.

On one core, in this process:

- ``index_build_seconds``: the first calls' cost (the given-name and
  patronymic indexes over every standard's romanisation of the table, and
  their one-letter-deletion indexes for slips of the pen);
- ``match_key`` / ``phonetic_key``: distinct values per CPU second (best
  and median of three runs) and per wall-clock second (median; phonetic_key
  includes its match_key), each value new to the caches (synthetic spellings: table names and Faker surnames in
  either script, with slips of the pen, half romanised by a random standard);
- ``match_keys``: rows per second for a roster column of --rows values
  drawn from those distinct values (each computed once);
- the agreement of every standard over the whole name table, Ukrainian /
  Russian agreement, and the collision rates (homeward_core.names.evaluation);
- on the demo scenario's true cross-side pairs: how often the keys agree,
  against the raw strings as plain comparison sees them.

Figures are printed and saved as JSON under benchmarks/results/.
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from homeward_core.names import keys, match_key, match_keys, phonetic_key
from homeward_core.names import normal_form as normal_form_module
from homeward_core.names.evaluation import (
    Rate,
    agreement_by_standard,
    collision_rates,
    cross_language_agreement,
    demo_pair_agreement,
    phonetic_collision_rates,
    spellings,
)

# The machine is shared with other work: speeds are per CPU second of this process (what one core does;
# the best of three runs is the least disturbed by the other work) and per wall-clock second (what this
# run got), medians of three runs unless named best.
REPEATS = 3


class Command(BaseCommand):
    help = "Benchmark the name keys (values per second) and report their agreement and collision rates."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--distinct", type=int, default=200_000, help="distinct spellings to key")
        parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the batch (match_keys) run")
        parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["distinct"] < 1000 or options["rows"] < options["distinct"]:
            raise CommandError("--distinct must be at least 1000 and --rows at least --distinct")
        report = {
            "benchmark": "names",
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "cores_used": 1},
            "speed": _speed(options["distinct"], options["rows"]),
            "agreement_by_standard": _rates(agreement_by_standard()),
            "ukrainian_russian_agreement": _rates(cross_language_agreement()),
            "collision_rate_match_key": _rates(collision_rates()),
            "collision_rate_phonetic_key": _rates(phonetic_collision_rates()),
            "demo_true_pairs": {part: _rates(rates) for part, rates in demo_pair_agreement().items()},
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
        options["out"].mkdir(parents=True, exist_ok=True)
        target = options["out"] / f"names-{options['distinct']}.json"
        target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
        self.stdout.write(f"saved {target}")


def _speed(distinct: int, rows: int) -> dict[str, Any]:
    started = time.perf_counter()
    for part in ("given", "patronymic"):  # a known name, then a slip of the pen: both indexes built
        match_key("Іван", part), match_key("Олексамдрович", part)
    index_build = time.perf_counter() - started
    values = list(spellings(distinct, seed=7))
    out: dict[str, Any] = {"index_build_seconds": round(index_build, 3), "distinct_values": distinct}
    for name, function in (("match_key", match_key), ("phonetic_key", phonetic_key)):
        cpu_rates, wall_rates = [], []
        for _ in range(REPEATS):
            _clear_caches()
            cpu, wall = time.process_time(), time.perf_counter()
            for value, part in values:
                function(value, part)
            cpu_rates.append(distinct / (time.process_time() - cpu))
            wall_rates.append(distinct / (time.perf_counter() - wall))
        out[f"{name}_values_per_cpu_second_best"] = round(max(cpu_rates))
        out[f"{name}_values_per_cpu_second"] = round(sorted(cpu_rates)[REPEATS // 2])
        out[f"{name}_values_per_wall_second"] = round(sorted(wall_rates)[REPEATS // 2])
    _clear_caches()
    rng = random.Random(7)  # nosec B311
    surnames = [value for value, part in values if part == "surname"]
    column = [rng.choice(surnames) for _ in range(rows)]
    cpu, wall = time.process_time(), time.perf_counter()
    match_keys(column, "surname")
    out["match_keys_rows"] = rows
    out["match_keys_distinct_in_rows"] = len(set(column))
    out["match_keys_rows_per_cpu_second"] = round(rows / (time.process_time() - cpu))
    out["match_keys_rows_per_wall_second"] = round(rows / (time.perf_counter() - wall))
    return out


def _clear_caches() -> None:
    """Every value is new to the caches, as in a fresh worker process."""
    for cached in (keys.match_key, keys.phonetic_key, normal_form_module.normalise):
        cached.cache_clear()


def _rates(rates: dict[str, Rate]) -> dict[str, Any]:
    return {name: {"rate": round(r.rate, 4), "hits": r.hits, "total": r.total, "examples": list(r.examples)}
            for name, r in rates.items()}
