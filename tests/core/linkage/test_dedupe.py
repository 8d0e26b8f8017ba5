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


def test_a_list_where_no_two_records_share_a_date_of_birth_is_still_deduplicated() -> None:
    lists = synthetic.linked_lists(400, 10, 5, seed=3)
    # Every date distinct: EM cannot train on "same date of birth" and falls back to other rules.
    records = [Record(r.record_id, r.surname, r.given_name, r.patronymic, f"{1900 + i // 12:04d}-{i % 12 + 1:02d}-01",
                      r.unit) for i, r in enumerate(lists.left)]
    twin = records[0]
    records.append(Record("again", twin.surname, twin.given_name, twin.patronymic, "", twin.unit))
    clusters = dedupe(records)
    assert all(len(c.record_ids) >= 2 for c in clusters)
