"""The review queue's count is kept per organisation until the next audited write: a decision or a run shows
at once, and one party's count is never shown to the other."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from homeward.matching import services
from tests.matching.conftest import Queue, proposal, stored_run, text


def test_a_decision_made_after_the_queue_was_shown_counts_at_once(queue: Queue, signed_in) -> None:  # noqa: ANN001
    alice, mara = signed_in("alice"), signed_in("mara")
    assert "1 candidate" in text(alice.get("/reconciliation/queue/"))
    assert "3 candidates" in text(mara.get("/reconciliation/queue/"))
    services.decision_record(candidate=queue.shared, verdict="same", reason="Same man (test).",
                             acting_user=queue.lists.world.mara)
    assert "0 candidates" in text(alice.get("/reconciliation/queue/"))
    assert "2 candidates" in text(mara.get("/reconciliation/queue/"))
    assert "1 candidate" in text(alice.get("/reconciliation/queue/?state=decided"))


def test_one_partys_count_is_never_shown_to_the_other(queue: Queue, signed_in) -> None:  # noqa: ANN001
    lists = queue.lists
    # Party B's own duplicates: B sees them, A does not.
    stored_run(lists.bea, "duplicates", lists.world.party_b, None, [proposal(lists.b_kovalenko, lists.b_hidden)])
    alice, bob = signed_in("alice"), signed_in("bob")
    assert "1 candidate" in text(alice.get("/reconciliation/queue/"))
    assert "2 candidates" in text(bob.get("/reconciliation/queue/"))
    assert "1 candidate" in text(alice.get("/reconciliation/queue/"))


def test_the_count_is_read_once_until_the_next_write(queue: Queue, signed_in) -> None:  # noqa: ANN001
    mara = signed_in("mara")
    mara.get("/reconciliation/queue/?band=high")
    with CaptureQueriesContext(connection) as again:
        assert "1 candidate" in text(mara.get("/reconciliation/queue/?band=high"))
    assert not [q for q in again.captured_queries if "COUNT(" in q["sql"]]
    assert "3 candidates" in text(mara.get("/reconciliation/queue/"))  # another filter, another count
