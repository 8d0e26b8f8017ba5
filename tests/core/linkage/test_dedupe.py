"""`dedupe`: the same man entered twice on one list is found; brothers are not merged."""

from __future__ import annotations

from homeward_core.linkage import Record, dedupe, synthetic


def test_duplicates_within_a_list_form_clusters_and_brothers_stay_apart() -> None:
    lists = synthetic.linked_lists(1500, 1500, 700, seed=11)
    # One list holding both sides' records of the shared men: every true pair is a duplicate.
    records = lists.left + lists.right
    brothers = [Record("br-1", "Тимошенко", "Андрій", "Васильович", "11.05.1996", "в/ч А4714"),
                Record("br-2", "Тимошенко", "Дмитро", "Васильович", "02.08.1998", "в/ч А4714")]
    clusters = dedupe(records + brothers)
    found = {frozenset(c.record_ids) for c in clusters if len(c.record_ids) == 2}
    true = {frozenset(pair) for pair in lists.true_pairs}
    assert len(found & true) / len(true) >= 0.9
    assert len(found & true) / max(len(found), 1) >= 0.95
    assert not any("br-1" in c.record_ids and "br-2" in c.record_ids for c in clusters)
    assert all(c.candidates and set(c.record_ids) >= {c.candidates[0].left_id, c.candidates[0].right_id}
               for c in clusters)
