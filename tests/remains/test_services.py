"""Remains services: who may do each step, what each refuses, and that a refusal writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from homeward.accounts.scoping import NotAllowed
from homeward.audit.models import AuditEntry
from homeward.remains import services
from homeward.remains.errors import InvalidField, RemainsConflict, RemainsError
from homeward.remains.models import Identification, RemainsReturn, RemainsTransfer, RemainsUnit
from homeward.remains.services import CountedUnit
from tests.remains.conftest import DAY, Remains, identify, third_party_transfer


def _counts() -> tuple[int, ...]:
    return (RemainsTransfer.objects.count(), RemainsUnit.objects.count(), Identification.objects.count(),
            Identification.units.through.objects.count(), RemainsReturn.objects.count(), AuditEntry.objects.count())


@pytest.fixture
def nothing_written():
    """with nothing_written(): … — the block must leave every remains table and the audit log as they were."""
    from contextlib import contextmanager

    @contextmanager
    def check():  # noqa: ANN202
        before = _counts()
        yield
        assert _counts() == before

    return check


# Transfers

def test_the_sender_announces_and_the_receiver_is_the_other_party(remains: Remains) -> None:
    transfer = remains.a_to_b
    assert (transfer.number, transfer.sender, transfer.receiver) == (1, remains.world.party_a, remains.world.party_b)
    assert remains.b_to_a.number == 2 and remains.pending.number == 3
    assert AuditEntry.objects.filter(action="remains.transfer.announce", object_id=transfer.public_id).exists()


@pytest.mark.parametrize("who", ["mara", "medic", "otto", "fiona"])
def test_only_a_partys_editors_announce(remains: Remains, who: str, nothing_written) -> None:
    user = getattr(remains, who, None) or getattr(remains.world, who)
    with nothing_written(), pytest.raises(NotAllowed):
        services.transfer_announce(agreement=remains.agreement, transferred_on=DAY, place="x",
                                   claimed_individuals=1, acting_user=user)


@pytest.mark.parametrize(("field", "values"), [
    ("place", {"place": "  "}), ("claimed_individuals", {"claimed_individuals": 0}),
    ("claimed_individuals", {"claimed_individuals": True}), ("note", {"note": "x" * 2001}),
])
def test_announcing_refuses_bad_values_naming_the_field(remains: Remains, field: str, values: dict,
                                                        nothing_written) -> None:
    arguments = {"agreement": remains.agreement, "transferred_on": DAY, "place": "Border",
                 "claimed_individuals": 3, **values}
    with nothing_written(), pytest.raises(InvalidField) as refused:
        services.transfer_announce(**arguments, acting_user=remains.world.alice)
    assert refused.value.field == field


def test_the_receiver_counts_units_and_the_sender_cannot(remains: Remains, nothing_written) -> None:
    with nothing_written(), pytest.raises(NotAllowed):
        services.transfer_receive(transfer=remains.pending, received_on=DAY, units=[CountedUnit("X")],
                                  acting_user=remains.world.alice)
    received = services.transfer_receive(transfer=remains.pending, received_on=DAY, acting_user=remains.berta,
                                         units=[CountedUnit("C-1"), CountedUnit("C-2", "container")],
                                         dispute_note="900 claimed, 2 bags arrived")
    assert received.state == "disputed" and received.units.count() == 2


def test_a_transfer_is_received_once(remains: Remains, nothing_written) -> None:
    with nothing_written(), pytest.raises(RemainsConflict):
        services.transfer_receive(transfer=remains.a_to_b, received_on=DAY, units=[CountedUnit("A-009")],
                                  acting_user=remains.world.bob)


@pytest.mark.parametrize("units", [[], [CountedUnit("A"), CountedUnit("A")], [CountedUnit(" ")],
                                   [CountedUnit("A", "suitcase")], [CountedUnit("x" * 65)]])
def test_receipt_refuses_bad_units(remains: Remains, units: list, nothing_written) -> None:
    with nothing_written(), pytest.raises(InvalidField) as refused:
        services.transfer_receive(transfer=remains.pending, received_on=DAY, units=units,
                                  acting_user=remains.world.bob)
    assert refused.value.field == "units"


def test_receipt_refuses_dates_before_the_transfer_or_in_the_future(remains: Remains, nothing_written) -> None:
    for day in (DAY - dt.timedelta(days=1), dt.date.today() + dt.timedelta(days=2)):
        with nothing_written(), pytest.raises(InvalidField):
            services.transfer_receive(transfer=remains.pending, received_on=day, units=[CountedUnit("A")],
                                      acting_user=remains.world.bob)


def test_a_discrepancy_disputes_the_transfer_and_is_not_rewritten(remains: Remains, nothing_written) -> None:
    unit = remains.units(remains.a_to_b)[0]
    services.unit_discrepancy_record(unit=unit, discrepancy="several_individuals", note="two skulls",
                                     acting_user=remains.world.bob)
    remains.a_to_b.refresh_from_db()
    assert remains.a_to_b.state == "disputed"
    with nothing_written(), pytest.raises(RemainsConflict):
        services.unit_discrepancy_record(unit=unit, discrepancy="empty", note="no", acting_user=remains.berta)
    with nothing_written(), pytest.raises(NotAllowed):
        services.unit_discrepancy_record(unit=remains.units(remains.a_to_b)[1], discrepancy="empty", note="no",
                                         acting_user=remains.world.alice)
    with nothing_written(), pytest.raises(InvalidField):
        services.unit_discrepancy_record(unit=remains.units(remains.a_to_b)[1], discrepancy="", note="no",
                                         acting_user=remains.world.bob)


# Identifications

def test_an_identification_spans_units_and_a_unit_holds_several_people(remains: Remains) -> None:
    one, two, _three = remains.units(remains.a_to_b)
    first = identify(remains, [one, two], person=remains.sought_by_b)
    second = identify(remains, [two], reference="LAB-2", person=remains.dead_held_by_a, method="dental")
    assert set(first.units.all()) == {one, two} and set(two.identifications.all()) == {first, second}
    assert not first.is_return and not RemainsReturn.objects.exists()
    assert first.sending_party == remains.world.party_a and first.receiving_party == remains.world.party_b


def test_the_receivers_coordinators_and_operators_may_identify_too(remains: Remains) -> None:
    unit = remains.units(remains.a_to_b)[0]
    identify(remains, [unit], user=remains.berta, reference="LAB-7")
    identify(remains, [unit], user=remains.world.bob, reference="LAB-8")


@pytest.mark.parametrize("who", ["alice", "carol", "mara", "medic", "otto"])
def test_only_the_receiving_party_identifies(remains: Remains, who: str, nothing_written) -> None:
    unit = remains.units(remains.a_to_b)[0]
    with nothing_written(), pytest.raises((NotAllowed, InvalidField)):
        identify(remains, [unit], user=getattr(remains.world, who))


def test_an_unknown_unit_is_refused_by_name_and_nothing_is_written(remains: Remains, nothing_written) -> None:
    import uuid

    unit = remains.units(remains.a_to_b)[0]
    missing = uuid.uuid4()
    with nothing_written(), pytest.raises(InvalidField) as refused:
        services.identification_record(unit_ids=[unit.public_id, missing], method="dna", laboratory="Lab",
                                       laboratory_reference="LAB-1", identified_on=DAY,
                                       own_party=remains.world.party_b, acting_user=remains.fiona)
    assert refused.value.field == "units" and str(missing) in str(refused.value)
    with nothing_written(), pytest.raises(InvalidField):
        services.identification_record(unit_ids=["not-a-uuid"], method="dna", laboratory="Lab",
                                       laboratory_reference="LAB-1", identified_on=DAY,
                                       own_party=remains.world.party_b, acting_user=remains.fiona)


def test_a_unit_of_another_partys_transfer_is_refused(remains: Remains, nothing_written) -> None:
    """B sees the units it sent to A, but did not receive them: it cannot identify in them."""
    sent_by_b = remains.units(remains.b_to_a)[0]
    with nothing_written(), pytest.raises(InvalidField) as refused:
        identify(remains, [sent_by_b])
    assert refused.value.field == "units"


def test_a_unit_of_a_transfer_the_user_cannot_see_reads_as_unknown(remains: Remains, nothing_written) -> None:
    """A transfer from A to a third party: not visible to party B, so 'unknown', never 'forbidden'."""
    hidden = third_party_transfer(remains.world).units.get()
    with nothing_written(), pytest.raises(InvalidField) as refused:
        identify(remains, [remains.units(remains.a_to_b)[0], hidden])
    assert refused.value.field == "units" and f"Unknown unit: {hidden.public_id}" in str(refused.value)


def test_an_unreceived_transfer_has_no_units_to_identify(remains: Remains) -> None:
    assert remains.pending.units.count() == 0


def test_the_same_person_is_identified_once(remains: Remains, nothing_written) -> None:
    one, two, _ = remains.units(remains.a_to_b)
    identify(remains, [one], person=remains.sought_by_b)
    with nothing_written(), pytest.raises(RemainsConflict):
        identify(remains, [two], reference="LAB-2", person=remains.sought_by_b)


def test_a_laboratory_reference_is_used_once(remains: Remains, nothing_written) -> None:
    one, two, _ = remains.units(remains.a_to_b)
    identify(remains, [one])
    with nothing_written(), pytest.raises(InvalidField) as refused:
        identify(remains, [two])
    assert refused.value.field == "laboratory_reference"


@pytest.mark.parametrize("reference", ["", "ACGTACGTACGTAAGT", "D8S1179: 13,14", "vWA 17/18",
                                       "13,14 12,15 9,9.3 28,30 11,12"])
def test_genetic_data_is_refused_as_a_laboratory_reference(remains: Remains, reference: str,
                                                           nothing_written) -> None:
    with nothing_written(), pytest.raises(InvalidField) as refused:
        identify(remains, remains.units(remains.a_to_b)[:1], reference=reference)
    assert refused.value.field == "laboratory_reference"


@pytest.mark.parametrize(("person", "own", "field"), [
    ("sought_by_b", "party_a", "person"),  # B's own missing is B's dead
    ("dead_held_by_a", "party_a", "person"),  # the dead A holds are B's
    ("sought_by_a", "party_b", "person"),  # A's own missing is A's dead
    (None, "mediator", "own_party"),
])
def test_whose_dead_must_agree_with_the_record(remains: Remains, person, own: str, field: str,
                                               nothing_written) -> None:
    with nothing_written(), pytest.raises(InvalidField) as refused:
        identify(remains, remains.units(remains.a_to_b)[:1], own_party=getattr(remains.world, own),
                 person=getattr(remains, person) if person else None)
    assert refused.value.field == field


def test_a_held_person_or_one_not_visible_is_refused(remains: Remains, nothing_written) -> None:
    from tests.conftest import declare

    held = declare(remains.world.bob, remains.world.party_b, kind="held", surname="Живой")
    hidden = declare(remains.world.alice, remains.world.party_a, kind="deceased_held", surname="Скрытый")
    for person in (held, hidden):
        with nothing_written(), pytest.raises(InvalidField) as refused:
            identify(remains, remains.units(remains.a_to_b)[:1], person=person)
        assert refused.value.field == "person"
    assert "Unknown person" in str(refused.value)


def test_dates_cannot_precede_receipt_or_lie_in_the_future(remains: Remains, nothing_written) -> None:
    for day in (DAY - dt.timedelta(days=1), dt.date.today() + dt.timedelta(days=2)):
        with nothing_written(), pytest.raises(InvalidField) as refused:
            services.identification_record(
                unit_ids=[remains.units(remains.a_to_b)[0].public_id], method="dna", laboratory="Lab",
                laboratory_reference="LAB-1", identified_on=day, own_party=remains.world.party_b,
                acting_user=remains.fiona)
        assert refused.value.field == "identified_on"


def test_an_unknown_method_is_refused(remains: Remains, nothing_written) -> None:
    with nothing_written(), pytest.raises(InvalidField) as refused:
        identify(remains, remains.units(remains.a_to_b)[:1], method="visual")
    assert refused.value.field == "method"


# Returns

def test_the_senders_own_dead_raise_a_return_that_the_sender_completes(remains: Remains, nothing_written) -> None:
    identification = identify(remains, remains.units(remains.a_to_b)[:1], own_party=remains.world.party_a,
                              person=remains.sought_by_a)
    remains_return = identification.remains_return
    assert (remains_return.state, remains_return.from_party, remains_return.to_party) == (
        "raised", remains.world.party_b, remains.world.party_a)
    assert AuditEntry.objects.filter(action="remains.return.raise").count() == 1
    with nothing_written(), pytest.raises(NotAllowed):
        services.return_complete(remains_return=remains_return, completed_on=DAY, place="Border",
                                 acting_user=remains.world.bob)
    with nothing_written(), pytest.raises(InvalidField):
        services.return_complete(remains_return=remains_return, completed_on=DAY - dt.timedelta(days=3),
                                 place="Border", acting_user=remains.world.alice)
    done = services.return_complete(remains_return=remains_return, completed_on=DAY, place="Border",
                                    acting_user=remains.world.alice)
    assert done.state == "completed"
    with nothing_written(), pytest.raises(RemainsConflict):
        services.return_complete(remains_return=done, completed_on=DAY, place="Border",
                                 acting_user=remains.world.carol)


def test_a_return_is_raised_once_and_only_for_the_senders_dead(remains: Remains, nothing_written) -> None:
    own = identify(remains, remains.units(remains.a_to_b)[:1])
    with nothing_written(), pytest.raises(RemainsError):
        services.return_raise(identification=own, acting_user=remains.fiona)
    theirs = identify(remains, remains.units(remains.a_to_b)[1:2], reference="LAB-2",
                      own_party=remains.world.party_a)
    with nothing_written(), pytest.raises(RemainsConflict):
        services.return_raise(identification=theirs, acting_user=remains.fiona)
