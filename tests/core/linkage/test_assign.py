"""One-to-one assignment and the exclusive probability."""

from __future__ import annotations

import numpy as np

from homeward_core.linkage.assign import exclusive_probability, one_to_one


def test_each_record_is_used_at_most_once_and_the_joint_best_wins() -> None:
    # left 0 likes right 0 most, but left 1 can only go to right 0: the joint best is 0-1 and 1-0.
    left, right = np.array([0, 0, 1]), np.array([0, 1, 0])
    keep = one_to_one(left, right, np.array([5.0, 4.0, 4.5]))
    assert keep.tolist() == [False, True, True]


def test_a_strong_pair_is_not_traded_for_two_weak_ones() -> None:
    left, right = np.array([0, 0, 1]), np.array([0, 1, 0])
    keep = one_to_one(left, right, np.array([10.0, 1.0, 1.0]))
    assert keep.tolist() == [True, False, False]


def test_separate_pairs_are_all_kept() -> None:
    keep = one_to_one(np.array([0, 1, 2]), np.array([2, 1, 0]), np.array([1.0, 2.0, 3.0]))
    assert keep.all()


def test_a_lone_candidate_gains_and_look_alikes_lose() -> None:
    odds = np.array([1.0, 1.0, 1.0])
    alone = exclusive_probability(np.array([0]), np.array([0]), odds[:1], matched_left=0.5, matched_right=0.5)
    assert alone[0] > 0.5  # pairwise 0.5, but the record is probably on the list and this is its only candidate
    rivals = exclusive_probability(np.array([0, 0, 0]), np.array([0, 1, 2]), odds, matched_left=0.5,
                                   matched_right=0.5)
    assert (rivals < 0.5).all()
