"""Accuracy against ground truth: precision, recall, F1, and the recall of each blocking rule."""

from __future__ import annotations

from collections.abc import Iterable, Set

import pandas as pd

from homeward_core.linkage import model


def accuracy(predicted: Iterable[tuple[str, str]], truth: Set[tuple[str, str]]) -> dict[str, float]:
    """Precision, recall and F1 of predicted pairs against the true pairs."""
    predicted = set(predicted)
    found = len(predicted & truth)
    precision = found / len(predicted) if predicted else 1.0
    recall = found / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "predicted": len(predicted), "true": len(truth)}


def blocking_recall(left: pd.DataFrame, right: pd.DataFrame, true_positions: list[tuple[int, int]]
                    ) -> dict[str, float]:
    """Share of true pairs each prediction blocking rule puts side by side, and all rules together.

    ``left``/``right`` are feature tables (with ``features.limit_thin_keys``
    applied, as linking does); a rule catches a pair when every one of its
    columns is present and equal on both records.
    """
    if not true_positions:
        return {"all rules": 1.0}
    pairs_left = left.iloc[[a for a, _ in true_positions]].reset_index(drop=True)
    pairs_right = right.iloc[[b for _, b in true_positions]].reset_index(drop=True)
    caught_any = pd.Series(False, index=pairs_left.index)
    result: dict[str, float] = {}
    for label, columns in model.PREDICTION_BLOCKING:
        caught = pd.Series(True, index=pairs_left.index)
        for column in columns:
            caught &= pairs_left[column].notna() & (pairs_left[column] == pairs_right[column])
        result[label] = float(caught.mean())
        caught_any |= caught
    swapped = (pairs_left["dob"].notna() & (pairs_left["dob"] == pairs_right["dob_swapped"])
               & pairs_left["surname_sound"].notna() & (pairs_left["surname_sound"] == pairs_right["surname_sound"]))
    result["surname sounds alike, day and month swapped"] = float(swapped.mean())
    caught_any |= swapped
    for label, on_left, on_right in model.THIN_BLOCKING:
        caught = pairs_left[on_left].notna() & (pairs_left[on_left] == pairs_right[on_right])
        result[label] = float(caught.mean())
        caught_any |= caught
    result["all rules"] = float(caught_any.mean())
    return result
