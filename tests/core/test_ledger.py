"""The parity ledger is exactly what the crossings imply."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from homeward_core.ledger.parity import Crossing, compute

crossings = st.lists(st.builds(
    Crossing, record_id=st.uuids().map(str), side=st.sampled_from(["a", "b"]), phase=st.sampled_from(["1", "2"]),
    categories=st.frozensets(st.sampled_from(["seriously_wounded", "ill", "under_25"])),
    parity_class=st.sampled_from(["seriously_wounded", "other"]), weight=st.sampled_from([1, 2, 6, 60]),
), max_size=60)


@settings(max_examples=80)
@given(people=crossings, regime=st.sampled_from(["head_count", "per_category", "equivalence"]),
       quota=st.integers(0, 40), tolerance=st.integers(0, 3))
def test_the_ledger_equals_what_the_crossings_imply(people: list[Crossing], regime: str, quota: int,
                                                    tolerance: int) -> None:
    ledger = compute(people, regime=regime, quota={"a": quota, "b": quota}, tolerance=tolerance)
    for side in ("a", "b"):
        mine = [c for c in people if c.side == side]
        assert ledger.heads[side] == len(mine)
        assert ledger.units[side] == sum(c.weight for c in mine)
        assert sum(n for (_, s), n in ledger.by_phase.items() if s == side) == len(mine)
        owed_quota = [o.amount for o in ledger.owed if o.side == side and o.what == "quota"]
        assert owed_quota == ([quota - len(mine)] if quota > len(mine) else [])
    if regime == "head_count":
        gap = abs(ledger.heads["a"] - ledger.heads["b"]) - tolerance
        assert [o.amount for o in ledger.owed if o.what == "parity"] == ([gap] if gap > 0 else [])


def test_it_says_what_is_owed_in_a_category() -> None:
    people = [Crossing(f"a{n}", "a", "1", parity_class="seriously_wounded") for n in range(12)]
    ledger = compute(people, regime="per_category", quota={"a": 10, "b": 10})
    assert [o.sentence() for o in ledger.owed] == [
        "side b owes 10 people (quota)", "side b owes 12 people (parity in seriously wounded)"]
    assert ledger.quota_sentence("a") == "12 of at least 10"
