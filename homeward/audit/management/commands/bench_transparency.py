"""`homeward bench transparency [--leaves 1000000] [--batch 10000] [--samples 20000]`: the Merkle tree's speed.

In one run, on the same leaves (32-byte commitments, as the audit log's):

- ``homeward``: appends per second in batches (MerkleTree.extend), tree
  heads, inclusion and consistency proofs generated and verified per
  second, at the full size, and peak memory;
- ``pymerkle``: the independent RFC 9162 implementation the tests compare
  against, doing the same work (appends, its inclusion and consistency
  proofs and their verification), as the baseline.

Targets (issue 7): ≥ 100,000 appends/s batched, ≥ 10,000 proof verifications/s.
Figures are printed and saved as JSON under benchmarks/results/.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
from django.core.management.base import BaseCommand

from homeward_core.transparency import merkle


def _rate(count: int, seconds: float) -> int:
    return int(count / seconds) if seconds > 0 else 0


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _rss_mb() -> float:
    return round(psutil.Process().memory_info().rss / 2**20, 1)


def bench_homeward(leaves: list[bytes], batch: int, samples: int, rng: random.Random) -> dict[str, Any]:
    gc.collect()
    before = _rss_mb()
    tree = merkle.MerkleTree()
    seconds, _ = _timed(lambda: [tree.extend(leaves[i:i + batch]) for i in range(0, len(leaves), batch)])
    size = tree.size
    head_seconds, root = _timed(tree.root)
    indexes = [rng.randrange(size) for _ in range(samples)]
    proof_seconds, proofs = _timed(lambda: [tree.inclusion_proof(i) for i in indexes])
    leaf_hashes = [tree.node(0, i) for i in indexes]
    verify_seconds, _ = _timed(lambda: [merkle.verify_inclusion(i, size, leaf, proof, root)
                                        for i, leaf, proof in zip(indexes, leaf_hashes, proofs, strict=True)])
    olds = [rng.randrange(1, size) for _ in range(samples // 4)]
    old_roots = [tree.root(old) for old in olds]
    consistency_seconds, consistency = _timed(lambda: [tree.consistency_proof(old) for old in olds])
    check_seconds, _ = _timed(lambda: [merkle.verify_consistency(old, size, old_root, root, proof)
                                       for old, old_root, proof in zip(olds, old_roots, consistency, strict=True)])
    return {
        "appends_per_s": _rate(size, seconds), "append_seconds": round(seconds, 2),
        "tree_head_ms": round(head_seconds * 1000, 3),
        "inclusion_proofs_per_s": _rate(samples, proof_seconds),
        "inclusion_verifications_per_s": _rate(samples, verify_seconds),
        "consistency_proofs_per_s": _rate(len(olds), consistency_seconds),
        "consistency_verifications_per_s": _rate(len(olds), check_seconds),
        "proof_elements": len(proofs[0]), "tree_mb": round(_rss_mb() - before, 1),
        "root": root.hex(),
    }


def bench_pymerkle(leaves: list[bytes], samples: int, rng: random.Random) -> dict[str, Any]:
    try:
        import pymerkle
    except ImportError:
        return {"skipped": "pymerkle is a development dependency: pip install -e '.[dev]'"}
    gc.collect()
    before = _rss_mb()
    tree = pymerkle.InmemoryTree(algorithm="sha256")
    seconds, _ = _timed(lambda: [tree.append_entry(leaf) for leaf in leaves])
    size = tree.get_size()
    root = tree.get_root(size)
    indexes = [rng.randrange(1, size + 1) for _ in range(samples)]
    proof_seconds, proofs = _timed(lambda: [tree.prove_inclusion(i, size) for i in indexes])
    bases = [tree.get_leaf(i) for i in indexes]
    verify_seconds, _ = _timed(lambda: [pymerkle.verify_inclusion(base, root, proof)
                                        for base, proof in zip(bases, proofs, strict=True)])
    olds = [rng.randrange(1, size) for _ in range(samples // 4)]
    old_roots = [tree.get_root(old) for old in olds]
    consistency_seconds, consistency = _timed(lambda: [tree.prove_consistency(old, size) for old in olds])
    check_seconds, _ = _timed(lambda: [pymerkle.verify_consistency(old_root, root, proof)
                                       for old_root, proof in zip(old_roots, consistency, strict=True)])
    return {
        "version": pymerkle.__version__,
        "appends_per_s": _rate(size, seconds), "append_seconds": round(seconds, 2),
        "inclusion_proofs_per_s": _rate(samples, proof_seconds),
        "inclusion_verifications_per_s": _rate(samples, verify_seconds),
        "consistency_proofs_per_s": _rate(len(olds), consistency_seconds),
        "consistency_verifications_per_s": _rate(len(olds), check_seconds),
        "tree_mb": round(_rss_mb() - before, 1), "root": root.hex(),
    }


class Command(BaseCommand):
    help = "Benchmark the transparency log's Merkle tree against pymerkle; prints and saves JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--leaves", type=int, default=1_000_000)
        parser.add_argument("--batch", type=int, default=10_000, help="leaves appended per batch")
        parser.add_argument("--samples", type=int, default=20_000, help="inclusion proofs generated and verified")
        parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))

    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(20261207)  # nosec B311
        leaves = [rng.randbytes(32) for _ in range(options["leaves"])]
        ours = bench_homeward(leaves, options["batch"], options["samples"], rng)
        baseline = bench_pymerkle(leaves, options["samples"], random.Random(20261207))  # nosec B311
        if "root" in baseline and baseline["root"] != ours["root"]:
            raise RuntimeError("homeward and pymerkle disagree on the root: the benchmark is void")
        report = {
            "benchmark": "transparency", "leaves": options["leaves"], "batch": options["batch"],
            "samples": options["samples"],
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "targets": {"appends_per_s": 100_000, "inclusion_verifications_per_s": 10_000},
            "homeward": ours, "pymerkle": baseline,
            "peak_rss_mb": round(psutil.Process().memory_info().rss / 2**20, 1),
        }
        options["out"].mkdir(parents=True, exist_ok=True)
        target = options["out"] / f"transparency-{options['leaves']}.json"
        target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(json.dumps(report, indent=2))
        self.stdout.write(f"saved to {target}")
