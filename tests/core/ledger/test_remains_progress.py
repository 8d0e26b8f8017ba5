"""The remains ledger: each side's figures are exactly what its transfers and identifications add up to."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward_core.forensics.references import reference_problem
from homeward_core.ledger.remains import IdentificationCount, TransferCount, remains_progress

transfers = st.lists(st.builds(TransferCount, sender=st.sampled_from(["a", "b"]), claimed=st.integers(0, 3000),
                               units=st.none() | st.integers(0, 3000)), max_size=12)
identifications = st.lists(st.builds(IdentificationCount, sender=st.sampled_from(["a", "b"]),
                                     returned=st.booleans(), return_completed=st.booleans()), max_size=40)


@given(transfers, identifications, st.integers(0, 10_000))
def test_each_side_adds_up_its_own_records(ts, ids, at_least) -> None:  # noqa: ANN001
    a, b = remains_progress(at_least_per_side=at_least, transfers=ts, identifications=ids)
    for side in (a, b):
        own = [t for t in ts if t.sender == side.side]
        received = [t for t in own if t.units is not None]
        assert side.received == sum(t.units for t in received)
        assert side.claimed == sum(t.claimed for t in received)
        assert side.claimed_pending == sum(t.claimed for t in own if t.units is None)
        assert side.transfers_received + side.transfers_pending == len(own)
        mine = [i for i in ids if i.sender == side.side]
        assert side.identified == len(mine)
        assert side.returns_raised == sum(i.returned for i in mine)
        assert side.returns_completed <= side.returns_raised
        assert side.met == (side.shortfall == 0) and side.received + side.shortfall >= at_least
        assert side.claim_difference == side.received - side.claimed


@given(transfers, identifications)
def test_order_does_not_matter_and_a_received_transfer_never_lowers_the_count(ts, ids) -> None:  # noqa: ANN001
    forward = remains_progress(at_least_per_side=6000, transfers=ts, identifications=ids)
    assert remains_progress(at_least_per_side=6000, transfers=ts[::-1], identifications=ids[::-1]) == forward
    more = remains_progress(at_least_per_side=6000, transfers=[*ts, TransferCount("a", 10, 7)],
                            identifications=ids)
    assert more[0].received == forward[0].received + 7 and more[1] == forward[1]


def test_the_sentence_reads_like_the_news() -> None:
    a, _ = remains_progress(
        at_least_per_side=6000, planned_transfers=4,
        transfers=[TransferCount("a", 1212, 1200), TransferCount("a", 4857, 4857), TransferCount("a", 900)],
        identifications=[IdentificationCount("a")] * 1216 + [IdentificationCount("a", True, True)] * 14)
    assert a.sentence() == "6,057 received against at least 6,000; 1,230 identified; 14 returned"
    assert a.met and a.claim_difference == -12 and a.claimed_pending == 900 and a.transfers_pending == 1
    _, b = remains_progress(at_least_per_side=6000, identifications=[IdentificationCount("b", True)])
    assert b.sentence() == "0 received against at least 6,000; 1 identified; 1 to be returned (0 done)"
    assert b.shortfall == 6000 and not b.met


@pytest.mark.parametrize("bad", [TransferCount("c", 1, 1), TransferCount("a", -1), TransferCount("a", 1, -2)])  # type: ignore[arg-type]
def test_impossible_counts_are_refused(bad: TransferCount) -> None:
    with pytest.raises(ValueError):
        remains_progress(at_least_per_side=1, transfers=[bad])
    with pytest.raises(ValueError):
        remains_progress(at_least_per_side=-1)


@pytest.mark.parametrize(("reference", "ok"), [
    ("DVI-2025-000123", True), ("KYIV/FL-77/2025", True), ("Лаб-12/2025", True),
    ("", False), (" ", False), ("x" * 65, False), ("ACGTTGCAACGTAC", False), ("D21S11=29,30", False),
    ("TH01: 6", False), ("FGA 21/22", False), ("13,14 12,15 9,9.3 28,30", False),
])
def test_a_laboratory_reference_is_a_case_number_not_a_profile(reference: str, ok: bool) -> None:
    assert (reference_problem(reference) is None) is ok
