"""`homeward bench planning [--sizes 50000:8000,500000:80000]`: the phase planner against its baselines.

For each register size and each parity regime (head count, per category,
Dix–Hill equivalence), with a quota of 1,000 per side, in the same run:

- ``plan``: the planner (exact fast paths, or HiGHS over aggregated groups),
  with each objective level's value and proof, the seconds to select and
  the seconds including every person's eligibility findings;
- ``plain_mip``: one HiGHS MIP with a binary per eligible person, the same
  constraints and levels, no reduction (stopped at --mip-time-limit);
- ``greedy``: best first up to capacity, then trimmed to parity; how far
  each of its levels falls short of the plan.

Each size and regime runs in its own process, so peak RSS is that run's own.
Figures are printed and saved as JSON under benchmarks/results/.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess  # nosec B404
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

REGIMES = ("head_count", "per_category", "equivalence")


def terms_for(regime: str) -> dict[str, Any]:
    parity: dict[str, Any] = {"regime": regime}
    if regime == "per_category":
        parity["categories"] = ["seriously_wounded", "ill", "under_25"]
    if regime == "equivalence":
        parity["scale"] = "dix_hill_1862"
    return {
        "format": "homeward-terms/1", "reference_date": "2025-06-09",
        "eligible": {"any": [{"category": "seriously_wounded"}, {"category": "ill"}, {"category": "under_25"},
                             {"held_more_than_days": 365}]},
        "quota": {"at_least": 1000}, "parity": parity,
        "priorities": ["count", "seriously_wounded", "ill", "under_25", "days_held"],
    }


class Command(BaseCommand):
    help = "Benchmark the phase planner against a plain MIP and a greedy fill; prints and saves JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--sizes", default="50000:8000,500000:80000",
                            help="held by side a : held by side b, comma-separated")
        parser.add_argument("--regimes", default=",".join(REGIMES))
        parser.add_argument("--mip-time-limit", type=float, default=120.0)
        parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
        parser.add_argument("--child", help=_hidden())

    def handle(self, *args: Any, **options: Any) -> None:
        if options["child"]:
            size, regime = options["child"].split("/")
            self.stdout.write("RESULT " + json.dumps(_run(size, regime, options["mip_time_limit"])))
            return
        runs = [self._child(size, regime, options["mip_time_limit"])
                for size in options["sizes"].split(",") for regime in options["regimes"].split(",")]
        report = {"benchmark": "planning", "quota_per_side": 1000,
                  "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "runs": runs}
        options["out"].mkdir(parents=True, exist_ok=True)
        target = options["out"] / f"planning-{options['sizes'].replace(':', 'x').replace(',', '_')}.json"
        target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(json.dumps(report, indent=2))
        self.stdout.write(f"saved {target}")

    def _child(self, size: str, regime: str, mip_time_limit: float) -> dict[str, Any]:
        self.stderr.write(f"planning {size} under {regime} …")
        command = [sys.executable, "-m", "homeward.cli", "bench_planning", "--child", f"{size}/{regime}",
                   "--mip-time-limit", str(mip_time_limit)]
        # argv is this interpreter and this command, no shell
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode != 0 or not lines:
            raise CommandError(f"bench {size} {regime} failed: {done.stderr[-2000:]}")
        return dict(json.loads(lines[-1].removeprefix("RESULT ")))


def _run(size: str, regime: str, mip_time_limit: float) -> dict[str, Any]:
    from datetime import date

    from homeward_core.eligibility import parse_terms
    from homeward_core.planning import plan_phase
    from homeward_core.planning.baseline import greedy, plain_mip
    from homeward_core.planning.generate import held_register

    held_a, held_b = (int(n) for n in size.split(":"))
    people = held_register(held_a, side="a") + held_register(held_b, side="b")
    terms = parse_terms(terms_for(regime))
    started = time.perf_counter()
    plan = plan_phase(people, terms, today=date(2025, 6, 9))
    total = time.perf_counter() - started
    rss = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    summary = plan.summary()
    quick = greedy(plan.request)
    reference = plain_mip(plan.request, time_limit=mip_time_limit)
    return {
        "held": {"a": held_a, "b": held_b}, "regime": regime, "eligible": summary["eligible"],
        "plan": {"method": plan.selection.method, "proof": summary["proof"], "objective": summary["objective"],
                 "select_seconds": round(plan.selection.seconds, 3), "seconds_with_findings": round(total, 3),
                 "peak_rss_mb": rss, "selected": summary["selected"]},
        "plain_mip": {"objective": [level.as_dict() for level in reference.levels],
                      "seconds": round(reference.seconds, 3), "time_limit": mip_time_limit},
        "greedy": {"objective": [level.as_dict() for level in quick.levels], "seconds": round(quick.seconds, 3),
                   "short_of_plan": _shortfall(plan.selection.levels, quick.levels)},
    }


def _shortfall(best: Any, other: Any) -> dict[str, float]:
    return {level.name: round(level.value - mine.value, 3) for level, mine in zip(best, other, strict=True)}


def _hidden() -> str:
    import argparse

    return argparse.SUPPRESS
