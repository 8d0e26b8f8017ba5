"""Plain Splink, the benchmark's baseline: standard comparisons on the raw strings.

Jaro-Winkler on surname and given name, Levenshtein on the patronymic,
exact date of birth and unit, blocking on exact raw values; trained the same
way as homeward's model (seeded u sample, EM) and held to the same
one-to-one assignment, so the comparison isolates what the names keys,
date and unit handling and the exclusive probability add.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from homeward_core.linkage.assign import one_to_one
from homeward_core.linkage.engine import score
from homeward_core.linkage.model import Model
from homeward_core.linkage.records import Record

FIELDS = ("surname", "given_name", "patronymic", "date_of_birth", "unit")


def _settings(link_type: str) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        comparisons=[
            cl.JaroWinklerAtThresholds("surname", [0.92, 0.88]),
            cl.JaroWinklerAtThresholds("given_name", [0.92, 0.88]),
            cl.LevenshteinAtThresholds("patronymic", [1, 2]),
            cl.ExactMatch("date_of_birth"),
            cl.ExactMatch("unit"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname", "given_name"), block_on("surname", "date_of_birth"),
            block_on("given_name", "date_of_birth"),
        ],
        retain_matching_columns=False,
    )


PLAIN = Model(_settings, (("date_of_birth",), ("surname", "given_name")), ("surname", "given_name", "date_of_birth"),
              0.6)


def plain_splink(left: Sequence[Record], right: Sequence[Record], *, threshold: float = 0.5
                 ) -> list[tuple[int, int]]:
    """One-to-one (left, right) positions that plain Splink links at or above ``threshold``."""
    frames = [_raw(left), _raw(right)]
    scored = score(frames, link_type="link_only", threshold=threshold, spec=PLAIN)
    if scored.empty:
        return []
    flipped = (scored["source_dataset_l"] != "left_list").to_numpy()
    a = np.where(flipped, scored["unique_id_r"], scored["unique_id_l"]).astype("int64")
    b = np.where(flipped, scored["unique_id_l"], scored["unique_id_r"]).astype("int64")
    weight = scored["match_weight"].to_numpy()
    keep = one_to_one(a, b, weight - weight.min() + 1e-9)
    return list(zip(a[keep].tolist(), b[keep].tolist(), strict=True))


def _raw(records: Sequence[Record]) -> pd.DataFrame:
    table = {"unique_id": range(len(records))}
    for field in FIELDS:
        table[field] = [getattr(r, field) for r in records]
    return pd.DataFrame(table).replace("", None)
