"""Properties of the handover over random interviews and outcomes: a refusal is never "handed over", and the
parity ledger always equals what the recorded outcomes imply."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homeward.operations import services
from homeward.operations.choices import RETURNED
from homeward.operations.ledger import phase_ledger
from homeward.operations.models import HandoverOutcome
from homeward.registry.errors import RegistryError
from homeward.registry.services import interview_record
from tests.operations.test_handover import signed_manifests
from tests.planning.conftest import Exchange


def _rolled_back():  # noqa: ANN202
    """One example's writes, undone afterwards so the next example starts from the same approved plan.

    Marked like the test case's own transaction, so the services' durable blocks run inside it as they do
    inside every test.
    """
    import contextlib

    block = transaction.atomic()
    block._from_testcase = True

    @contextlib.contextmanager
    def scope():  # noqa: ANN202
        with block:
            yield
            transaction.set_rollback(True)

    return scope()


OUTCOMES = ["handed_over", "not_presented", "refused", "unfit", "proceedings", "died"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_refusals_are_never_handed_over_and_the_ledger_counts_the_outcomes(exchange: Exchange, approved,  # noqa: ANN001
                                                                          data: st.DataObject) -> None:
    world = exchange.world
    with _rolled_back():
        manifests = signed_manifests(exchange, approved)
        entries = [e for m in manifests for e in m.entries.select_related("declaration").order_by("id")]
        refusing = set()
        for entry in entries:
            interview = data.draw(st.sampled_from(["none", "consents", "refuses"]), label="interview")
            if interview != "none":
                interview_record(declaration=entry.declaration, outcome=interview, content="",
                                 interviewed_on=dt.date.today(), acting_user=world.mara)
            if interview == "refuses":
                refusing.add(entry.declaration_id)
        for entry in entries:
            for attempt in data.draw(st.lists(st.sampled_from(OUTCOMES), min_size=1, max_size=3), label="tries"):
                try:
                    services.handover_record(entry=entry, outcome=attempt, occurred_at=timezone.now(),
                                             place="Border", acting_user=world.mara)
                except RegistryError:
                    continue  # refused with a reason; nothing written (checked below)
        rows = list(HandoverOutcome.objects.filter(entry__manifest__plan=approved).select_related("entry"))
        assert len({r.entry_id for r in rows}) == len(rows)  # one outcome per person, whatever was tried
        assert not [r for r in rows if r.outcome == "handed_over" and r.entry.declaration_id in refusing]
        ledger = phase_ledger(approved)
        for side in ("a", "b"):
            returned = sum(1 for r in rows if r.outcome in RETURNED and r.entry.manifest.side == side)
            assert ledger.heads[side] == returned
