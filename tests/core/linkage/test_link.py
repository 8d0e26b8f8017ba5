"""`link`: accuracy against ground truth, cross-script pairs, brothers, one-to-one, explanations."""

from __future__ import annotations

import math

import pytest

from homeward_core.linkage import Candidate, LinkageError, Record, link, synthetic
from homeward_core.linkage.evaluate import accuracy

from .conftest import BROTHERS, CROSS_SCRIPT


def test_it_finds_the_true_pairs(links: list[Candidate], generated: synthetic.LinkedLists) -> None:
    figures = accuracy({(c.left_id, c.right_id) for c in links}, generated.true_pairs)
    assert figures["precision"] >= 0.98
    assert figures["recall"] >= 0.93
    assert figures["f1"] >= 0.96


def test_it_links_the_same_man_across_scripts_and_standards(links: list[Candidate]) -> None:
    found = {(c.left_id, c.right_id) for c in links}
    for left, right in CROSS_SCRIPT:
        assert (left.record_id, right.record_id) in found


def test_brothers_are_kept_apart(links: list[Candidate]) -> None:
    assert not any(c.left_id == BROTHERS[0].record_id or c.right_id == BROTHERS[1].record_id for c in links)


def test_each_record_is_linked_at_most_once(links: list[Candidate]) -> None:
    assert len({c.left_id for c in links}) == len(links)
    assert len({c.right_id for c in links}) == len(links)


def test_every_link_is_at_or_above_the_threshold_best_first(links: list[Candidate]) -> None:
    assert all(c.match_probability >= 0.5 for c in links)
    assert [c.match_weight for c in links] == sorted((c.match_weight for c in links), reverse=True)


def test_contributions_explain_the_pairwise_score(links: list[Candidate]) -> None:
    pair = next(c for c in links if c.left_id == "A-x1")
    assert [t.comparison for t in pair.contributions] == [
        "prior", "surname", "given_name", "patronymic", "date_of_birth", "unit"]
    levels = {t.comparison: t.level for t in pair.contributions}
    assert levels["given_name"] == "same name"
    assert levels["date_of_birth"] == "same date"
    swapped = next(c for c in links if c.left_id == "A-x2")
    assert {t.comparison: t.level for t in swapped.contributions}["date_of_birth"] == "day and month swapped"
    assert all(math.isfinite(t.match_weight) for t in pair.contributions)


def test_a_repeated_record_id_is_refused_naming_the_row() -> None:
    rows = [Record("1", "Шевчук"), Record("1", "Бойко")]
    with pytest.raises(LinkageError, match=r"right row 2: record_id '1' appears more than once"):
        link([Record("x", "Шевчук")], rows)


def test_an_empty_record_id_is_refused() -> None:
    with pytest.raises(LinkageError, match="left row 1: record_id is empty"):
        link([Record(" ", "Шевчук")], [Record("x")])


def test_a_threshold_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(LinkageError, match="threshold"):
        link([Record("a")], [Record("b")], threshold=1.5)


def test_an_empty_list_links_nothing() -> None:
    assert link([], [Record("b", "Шевчук")]) == []


def test_contributions_add_up_to_the_match_weight(links: list[Candidate]) -> None:
    for candidate in links[:50] + links[-50:]:
        assert sum(t.match_weight for t in candidate.contributions) == pytest.approx(candidate.match_weight,
                                                                                       abs=1e-6)
