"""`homeward bench reconciliation --size N`: what a reconciliation run and the review queue cost around the engine.

In a child process on its own fresh SQLite database: the demo generator's
party A sought list and party B held roster (N per side) go in through the
import; then one run is timed stage by stage (loading the declarations, the
engine, storing candidates with the audit entry), its candidates are scored
against the generator's ground truth, the review queue page and the
candidates API are timed with their query counts for the mediator and for a
party, and 100 decisions are recorded. The engine's own benchmark against
plain Splink is `homeward bench linkage`. Figures are printed and saved as
JSON under benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess  # nosec B404
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

DECISIONS = 100


def _seconds(since: float) -> float:
    return round(time.perf_counter() - since, 3)


def _load(size: int) -> tuple[dict[str, Any], dict[str, Any], dict[int, str]]:
    """The demo's organisations and users; party A's sought and party B's held lists through the import."""
    from django.core.management import call_command

    from homeward.matching.demo import _truth
    from homeward.registry import demo
    from homeward_core.demo import build_scenario

    call_command("migrate", verbosity=0)
    scenario = build_scenario(seed=2026, size=size)
    orgs = demo._organisations()
    users = demo._users(orgs)
    for side, kind in (("A", "sought"), ("B", "held")):
        people = [p for p in scenario.people if p.side == side and p.kind == kind]
        demo._import(side, kind, people, users[f"{side.lower()}.operator"], orgs[side])
    return orgs, users, _truth(scenario, orgs)


def _run(orgs: dict[str, Any], users: dict[str, Any], truth: dict[int, str]) -> tuple[Any, dict[str, Any]]:
    from homeward.matching import engine, services

    mediator = users["mediator"]
    run = services.run_start(job="sought_held", left_party=orgs["A"], right_party=orgs["B"], acting_user=mediator,
                             enqueue=False)
    run = services.run_begin(run=run, acting_user=mediator)
    started = time.perf_counter()
    records = len(engine._records(orgs["A"].pk, "sought")) + len(engine._records(orgs["B"].pk, "held"))
    load_seconds = _seconds(started)
    started = time.perf_counter()
    proposals, compared = engine.propose(run.job, orgs["A"].pk, orgs["B"].pk, review_floor=run.review_floor)
    engine_seconds = _seconds(started)
    started = time.perf_counter()
    run = services.run_finish(run=run, proposals=proposals, compared=compared, acting_user=mediator)
    store_seconds = _seconds(started)
    true_pairs = _true_pairs(truth)
    found = {(p.left_id, p.right_id) for p in proposals}
    hits = len(found & true_pairs)
    precision, recall = hits / max(len(found), 1), hits / max(len(true_pairs), 1)
    return run, {"records_compared": records, "load_seconds": load_seconds, "engine_seconds": engine_seconds,
                 "store_seconds": store_seconds, "candidates": run.candidate_count,
                 "true_pairs_in_lists": len(true_pairs), "precision": round(precision, 4),
                 "recall": round(recall, 4), "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 4)}


def _true_pairs(truth: dict[int, str]) -> set[tuple[int, int]]:
    """Pairs of declarations (one sought by A, one held by B) that the generator made from one man."""
    from homeward.registry.models import Declaration

    by_man: dict[str, list[int]] = {}
    for pk in Declaration.objects.filter(pk__in=truth).values_list("pk", flat=True):
        by_man.setdefault(truth[pk], []).append(pk)
    return {(min(ids), max(ids)) for ids in by_man.values() if len(ids) == 2}


def _page(user: Any, url: str) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    _second_factor(client, user)
    client.get(url)  # warm the session and the templates
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}")
    return {"ms": round(1000 * (time.perf_counter() - started), 1), "queries": len(queries.captured_queries)}


def _second_factor(client: Any, user: Any) -> None:
    """A demo coordinator has an authenticator: mark the session as having passed it, as the code page would."""
    from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user

    device = next(iter(devices_for_user(user)), None)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def _reviews(run: Any, users: dict[str, Any]) -> dict[str, Any]:
    from homeward.matching import services

    pages = {f"{who} {what}": _page(users[who], url) for who in ("mediator", "a.operator")
             for what, url in (("queue page", "/reconciliation/queue/?state=all"),
                               ("candidates API", "/api/reconciliation/candidates?state=all&limit=100"))}
    candidate = run.candidates.order_by("-match_probability").first()
    if candidate is not None:
        url = f"/reconciliation/candidates/{candidate.public_id}/"
        pages["mediator candidate page"] = _page(users["mediator"], url)
    rows = list(run.candidates.order_by("id")[:DECISIONS])
    started = time.perf_counter()
    for candidate in rows:
        services.decision_record(candidate=candidate, verdict="unsure", reason="Benchmark decision.",
                                 acting_user=users["mediator"])
    per_decision = round(1000 * (time.perf_counter() - started) / max(len(rows), 1), 2)
    return {"pages": pages, "decision_ms": per_decision, "decisions": len(rows)}


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Command(BaseCommand):
    help = "Benchmark a reconciliation run and the review queue on the demo generator's lists; prints and saves JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", type=int, default=10_000, help="people per side, as `homeward demo --size`")
        parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
        parser.add_argument("--stage", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["stage"]:
            orgs, users, truth = _load(options["size"])
            run, figures = _run(orgs, users, truth)
            figures.update(_reviews(run, users), peak_rss_mb=_peak_rss_mb())
            self.stdout.write("RESULT " + json.dumps(figures))
            return
        report = {"benchmark": "reconciliation", "size_per_side": options["size"],
                  "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                              "load_average": [round(x, 2) for x in os.getloadavg()]},
                  **self._child(options["size"])}
        options["out"].mkdir(parents=True, exist_ok=True)
        target = options["out"] / f"reconciliation-{options['size']}.json"
        target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
        self.stdout.write(f"saved {target}")

    def _child(self, size: int) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="homeward-bench-") as tmp:
            env = dict(os.environ, HOMEWARD_DATA_DIR=tmp, HOMEWARD_DATABASE_URL="", HOMEWARD_ENV="development")
            command = [sys.executable, "-m", "homeward.cli", "bench_reconciliation", "--stage", "--size", str(size)]
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # nosec B603
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode != 0 or not lines:
            raise CommandError(f"the benchmark failed: {done.stderr[-2000:]}")
        return dict(json.loads(lines[-1].removeprefix("RESULT ")))
