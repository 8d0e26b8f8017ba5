"""Linkage: find the same person on two lists (or twice on one) across scripts and spellings.

A pipeline of small modules: ``features`` (name keys, date parts, unit keys),
``model`` (the Splink comparisons and blocking rules), ``engine`` (training
and scoring on DuckDB or Spark), ``assign`` (one-to-one between lists),
``clusters`` (duplicates within a list), ``explain`` (what drove a score).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from homeward_core.linkage import explain
from homeward_core.linkage.assign import one_to_one
from homeward_core.linkage.clusters import connected_clusters
from homeward_core.linkage.engine import score
from homeward_core.linkage.features import check_records, feature_table
from homeward_core.linkage.records import Candidate, Cluster, Contribution, LinkageError, Record

__all__ = ["Candidate", "Cluster", "Contribution", "LinkageError", "Record", "dedupe", "link"]

Engine = Literal["duckdb", "spark"]
Progress = Callable[[str, float], None]


def link(left: Sequence[Record], right: Sequence[Record], *, threshold: float = 0.5, one_to_one: bool = True,
         engine: Engine = "duckdb", progress: Progress | None = None) -> list[Candidate]:
    """Pairs (left, right) that are the same person with probability at least ``threshold``.

    With ``one_to_one`` each record appears in at most one pair, chosen so the
    accepted pairs are jointly the most likely; best first.
    """
    scored = link_scores(left, right, threshold=threshold, one_to_one=one_to_one, engine=engine, progress=progress)
    return _candidates(scored, left, right)


def link_scores(left: Sequence[Record], right: Sequence[Record], *, threshold: float = 0.5,
                one_to_one: bool = True, engine: Engine = "duckdb", progress: Progress | None = None
                ) -> pd.DataFrame:
    """The pairs of ``link`` as a table (left and right positions, scores, bf_/gamma_ columns).

    The CLI and the benchmark use this directly: a million pairs need no
    Python objects each.
    """
    _check_threshold(threshold)
    check_records(left, side="left")
    check_records(right, side="right")
    report = progress or (lambda stage, fraction: None)
    if not left or not right:
        report("done", 1.0)
        return _empty()
    report("preparing names, dates and units", 0.0)
    frames = [feature_table(left), feature_table(right)]
    scored = score(frames, link_type="link_only", threshold=threshold, engine=engine, progress=report)
    scored = _oriented(scored)
    if one_to_one:
        report("one-to-one assignment", 0.95)
        scored = scored[_one_to_one_mask(scored, threshold)]
    report("done", 1.0)
    return scored.sort_values(["match_weight", "left", "right"], ascending=[False, True, True], ignore_index=True)


def dedupe(records: Sequence[Record], *, threshold: float = 0.5, engine: Engine = "duckdb",
           progress: Progress | None = None) -> list[Cluster]:
    """Groups of two or more records of one list that are the same person (pairs at or above ``threshold``)."""
    _check_threshold(threshold)
    check_records(records, side="list")
    report = progress or (lambda stage, fraction: None)
    if len(records) < 2:
        report("done", 1.0)
        return []
    report("preparing names, dates and units", 0.0)
    scored = score([feature_table(records)], link_type="dedupe_only", threshold=threshold, engine=engine,
                   progress=report)
    scored = scored.rename(columns={"unique_id_l": "left", "unique_id_r": "right"})
    candidates = _candidates(scored, records, records)
    report("clustering", 0.95)
    clusters = connected_clusters(candidates)
    report("done", 1.0)
    return clusters


def _check_threshold(threshold: float) -> None:
    if not 0.0 < threshold <= 1.0:
        raise LinkageError(f"threshold must be above 0 and at most 1, not {threshold}")


def _empty() -> pd.DataFrame:
    return pd.DataFrame({"left": pd.Series(dtype="int64"), "right": pd.Series(dtype="int64"),
                         "match_probability": pd.Series(dtype="float64"),
                         "match_weight": pd.Series(dtype="float64")})


def _oriented(scored: pd.DataFrame) -> pd.DataFrame:
    """Splink orders each pair by dataset name; put the left list's record in ``left``."""
    flipped = (scored["source_dataset_l"] != "left_list").to_numpy()
    left = np.where(flipped, scored["unique_id_r"], scored["unique_id_l"])
    right = np.where(flipped, scored["unique_id_l"], scored["unique_id_r"])
    return scored.assign(left=left.astype("int64"), right=right.astype("int64"))


def _one_to_one_mask(scored: pd.DataFrame, threshold: float) -> np.ndarray:
    floor = float(np.log2(threshold / (1 - threshold))) if threshold < 1 else 0.0
    gain = scored["match_weight"].to_numpy() - floor + 1e-9  # every offered pair worth accepting
    return one_to_one(scored["left"].to_numpy(), scored["right"].to_numpy(), gain)


def _candidates(scored: pd.DataFrame, left: Sequence[Record], right: Sequence[Record]) -> list[Candidate]:
    if scored.empty:
        return []
    model_json = scored.attrs["model"]
    labels, prior = explain.level_labels(model_json), explain.prior_weight(model_json)
    return [
        Candidate(left[row["left"]].record_id, right[row["right"]].record_id, float(row["match_probability"]),
                  float(row["match_weight"]), explain.contributions(row, labels, prior))
        for row in scored.to_dict("records")
    ]
