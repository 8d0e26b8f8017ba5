"""What drove a pair's score: Splink's Bayes factors as labelled log2 contributions."""

from __future__ import annotations

import math
from typing import Any

from homeward_core.linkage.records import Contribution

COMPARISONS = ("surname", "given_name", "patronymic", "date_of_birth", "unit")


def level_labels(model_json: dict[str, Any]) -> dict[str, dict[int, str]]:
    """For each comparison, its gamma value -> the level's chart label."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in model_json["comparisons"]:
        levels = comparison["comparison_levels"]
        counted = [level for level in levels if not level.get("is_null_level")]
        by_gamma = {-1: "missing on one side"}
        for position, level in enumerate(counted):
            by_gamma[len(counted) - 1 - position] = level.get("label_for_charts", "")
        labels[comparison["output_column_name"]] = by_gamma
    return labels


def prior_weight(model_json: dict[str, Any]) -> float:
    prior = model_json["probability_two_random_records_match"]
    return math.log2(prior / (1 - prior))


def contributions(row: dict[str, Any], labels: dict[str, dict[int, str]], prior: float
                  ) -> tuple[Contribution, ...]:
    """The prior, then one term per comparison, in the order the model lists them; they add up to the
    pair's match weight.

    After one-to-one linking the pair's weight is its exclusive one; the
    difference from the pairwise weight (competing candidates, the chance the
    record is on the other list at all) is part of the prior term.
    """
    if "pairwise_weight" in row:
        adjustment = float(row["match_weight"]) - float(row["pairwise_weight"])
        terms = [Contribution("prior", "two records picked at random, with their competing candidates",
                              prior + adjustment)]
    else:
        terms = [Contribution("prior", "two records picked at random", prior)]
    for name in COMPARISONS:
        factor = float(row[f"bf_{name}"]) * float(row.get(f"bf_tf_adj_{name}", 1.0))  # name frequency folded in
        terms.append(Contribution(name, labels[name][int(row[f"gamma_{name}"])], math.log2(factor)))
    return tuple(terms)
