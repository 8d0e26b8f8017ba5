"""An agreement's remains progress is kept until the next audited write: a receipt shows at once."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from homeward.remains import services
from homeward.remains.services import CountedUnit
from tests.remains.conftest import DAY, Remains, text


def test_a_receipt_after_the_progress_was_shown_counts_at_once(remains: Remains, signed_in) -> None:  # noqa: ANN001
    mara = signed_in("mara")
    assert "3 received against at least 6,000" in text(mara.get("/remains/"))
    services.transfer_receive(transfer=remains.pending, received_on=DAY,
                              units=[CountedUnit("X-1"), CountedUnit("X-2", "casket")], acting_user=remains.world.bob)
    assert "5 received against at least 6,000" in text(mara.get("/remains/"))


def test_the_progress_is_read_once_until_the_next_write(remains: Remains, signed_in) -> None:  # noqa: ANN001
    url = f"/remains/agreements/{remains.agreement.public_id}/"
    otto = signed_in("otto")
    otto.get(url)
    with CaptureQueriesContext(connection) as again:
        assert "3 received against at least 6,000" in text(otto.get("/remains/"))
    assert not [q for q in again.captured_queries if "remains_remainsunit" in q["sql"]]
