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
from homeward_core.linkage.assign import exclusive_probability, one_to_one
from homeward_core.linkage.clusters import connected_clusters
from homeward_core.linkage.engine import score
from homeward_core.linkage.features import check_records, feature_table, limit_thin_keys
from homeward_core.linkage.records import Candidate, Cluster, Contribution, LinkageError, Record

__all__ = ["Candidate", "Cluster", "Contribution", "LinkageError", "Record", "dedupe", "link"]

Engine = Literal["duckdb", "spark"]
Progress = Callable[[str, float], None]

# Pairs down to this pairwise probability are scored as competitors in one-to-one linking.
COMPETITOR_FLOOR = 0.01
# A list is never assumed to be entirely on the other list.
MAX_MATCHED = 0.95


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
    limit_thin_keys(frames)
    floor = min(threshold, COMPETITOR_FLOOR) if one_to_one else threshold
    scored = _oriented(score(frames, link_type="link_only", threshold=floor, engine=engine, progress=report))
    if one_to_one:
        report("one-to-one assignment", 0.95)
        scored = _one_to_one(scored, threshold, len(left), len(right))
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
    frames = [feature_table(records)]
    limit_thin_keys(frames)
    scored = score(frames, link_type="dedupe_only", threshold=threshold, engine=engine,
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


def _one_to_one(scored: pd.DataFrame, threshold: float, n_left: int, n_right: int) -> pd.DataFrame:
    """The most likely one-to-one assignment, each kept pair re-scored against its competitors.

    A pair is worth accepting when its odds beat the chance that its left
    record is on the right list at all (the joint likelihood of the
    assignment rises); among those, the assignment maximising the summed
    weight is found exactly. Then each kept pair's probability is the
    exclusive one (``assign.exclusive_probability``) and pairs under the
    threshold are dropped.
    """
    if scored.empty:
        return scored
    prior = scored.attrs["model"]["probability_two_random_records_match"]
    matched_left, matched_right = min(prior * n_right, MAX_MATCHED), min(prior * n_left, MAX_MATCHED)
    left, right = scored["left"].to_numpy(), scored["right"].to_numpy()
    weight = scored["match_weight"].to_numpy()
    probability = exclusive_probability(left, right, np.exp2(weight), matched_left=matched_left,
                                        matched_right=matched_right)
    gain = weight - np.log2(1 - max(matched_left, matched_right))
    worth = np.flatnonzero((gain > 0) & (probability >= threshold))
    keep = np.zeros(len(scored), dtype=bool)
    keep[worth[one_to_one(left[worth], right[worth], gain[worth])]] = True
    kept = scored.assign(match_probability=probability, match_weight=_log2_odds(probability),
                         pairwise_weight=weight)[keep]
    kept.attrs.update(scored.attrs)
    return kept


def _log2_odds(probability: np.ndarray) -> np.ndarray:
    clipped = np.clip(probability, 1e-15, 1 - 1e-15)
    return np.log2(clipped / (1 - clipped))


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
