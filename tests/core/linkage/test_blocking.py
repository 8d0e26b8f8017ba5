"""Which pairs are compared at all: thin records and their namesakes, and the cap on common names."""

from __future__ import annotations

import pandas as pd

from homeward_core.linkage import Record, synthetic
from homeward_core.linkage.evaluate import blocking_recall
from homeward_core.linkage.features import MOST_NAMESAKES, feature_table, limit_thin_keys


def _frames(left: list[Record], right: list[Record]) -> list[pd.DataFrame]:
    frames = [feature_table(left), feature_table(right)]
    limit_thin_keys(frames)
    return frames


def test_a_record_with_only_a_name_is_thin_and_a_full_one_is_not() -> None:
    left = [Record("a1", "Коваленко", "Олександр", "Петрович", "12.03.1990", "в/ч А1234"),
            Record("a2", "Коваленко", "Олександр", "", "", ""),
            Record("a3", "Коваленко", "Олександр", "", "12.03.1990", ""),
            Record("a4", "Коваленко", "Олександр", "Петрович", "", "А1234")]
    right = [Record("b1", "Kovalenko", "Aleksandr", "", "", "")]
    frame = _frames(left, right)[0]
    thin = frame["names_thin"].notna().tolist()
    # no date, or neither patronymic nor unit: only the name can bring such a record to its match
    assert thin == [False, True, True, True]
    assert frame["names_thin"][1] == frame["names_sound"][0]


def test_a_thin_record_meets_its_namesake_across_scripts() -> None:
    left = [Record("a1", "Коваленко", "Олександр", "Петрович", "1990", "в/ч А1234")]
    right = [Record("b1", "Kovalenko", "Aleksandr", "", "", "")]
    recall = blocking_recall(*_frames(left, right), [(0, 0)])
    assert recall["right record thin, names sound alike"] == 1.0
    assert recall["all rules"] == 1.0


def test_a_thin_record_with_too_many_namesakes_is_not_compared_on_its_name_alone() -> None:
    # each namesake is as likely as the next: none could reach 1 / (MOST_NAMESAKES + 1)
    common = [Record(f"a{i}", "Коваленко", "Олександр", "", f"{1960 + i}", "") for i in range(MOST_NAMESAKES + 1)]
    right = [Record("b1", "Коваленко", "Олександр", "", "", ""), Record("b2", "Шевчук", "Іван", "", "", "")]
    left = [*common, Record("a-rare", "Шевчук", "Іван", "Миколайович", "1985", "")]
    frames = _frames(left, right)
    assert frames[1]["names_thin"].isna()[0]  # eleven namesakes on the other list: dropped
    assert frames[1]["names_thin"].notna()[1]  # one namesake: kept
    pairs = [(0, 0), (len(common), 1)]
    recall = blocking_recall(*frames, pairs)
    assert recall["right record thin, names sound alike"] == 0.5


def test_blocking_recall_on_generated_lists_stays_high() -> None:
    lists = synthetic.linked_lists(3000, 3000, 1500, seed=7)
    position_left = {r.record_id: i for i, r in enumerate(lists.left)}
    position_right = {r.record_id: i for i, r in enumerate(lists.right)}
    pairs = [(position_left[a], position_right[b]) for a, b in lists.true_pairs]
    recall = blocking_recall(*_frames(lists.left, lists.right), pairs)
    assert recall["all rules"] >= 0.985
    assert recall["right record thin, names sound alike"] > 0.05
