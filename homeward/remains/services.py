"""Audited writes about remains: announce and receive transfers, discrepancies, identifications, returns.

Each function checks who is acting (homeward.remains.policy), checks every
value before writing anything, and writes its rows and one audit entry in one
transaction: a refusal leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from homeward.accounts.models import Organisation
from homeward.accounts.scoping import NotAllowed, declarations_for, remains_units_for, require_actor
from homeward.agreements.choices import AgreementState
from homeward.agreements.models import Agreement
from homeward.audit import services as audit
from homeward.audit.guard import audited_service
from homeward.registry.choices import DeclarationKind
from homeward.registry.models import Declaration
from homeward.remains import policy
from homeward.remains.choices import (
    IdentificationMethod,
    ReturnState,
    TransferState,
    UnitDiscrepancy,
    UnitKind,
)
from homeward.remains.errors import InvalidField, RemainsConflict, RemainsError
from homeward.remains.models import Identification, RemainsReturn, RemainsTransfer, RemainsUnit
from homeward_core.eligibility import TermsError
from homeward_core.forensics.references import reference_problem

MAX_UNITS_PER_TRANSFER = 20_000
MAX_UNITS_PER_IDENTIFICATION = 100
MAX_CLAIM = 100_000


@dataclass(frozen=True)
class CountedUnit:
    """One unit as the receiver counts it: its label or seal number and its kind."""

    label: str
    kind: str = UnitKind.BODY_BAG


def _text(field: str, value: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidField(field, "Required.")
    if len(value) > limit:
        raise InvalidField(field, _("At most %(limit)s characters.") % {"limit": limit})
    return value


def _not_future(field: str, day: dt.date) -> None:
    if day > timezone.localdate():
        raise InvalidField(field, _("This date is in the future."))


def _transfer_state(transfer: RemainsTransfer) -> dict[str, Any]:
    return {"agreement": str(transfer.agreement.public_id), "number": transfer.number,
            "sender": str(transfer.sender.public_id), "receiver": str(transfer.receiver.public_id),
            "transferred_on": transfer.transferred_on, "place": transfer.place,
            "claimed_individuals": transfer.claimed_individuals, "note": transfer.note, "state": transfer.state,
            "received_on": transfer.received_on, "dispute_note": transfer.dispute_note}


# Transfers

def remains_clause(agreement: Agreement) -> Any:
    """The agreement's current remains clause, or None when its terms have none (or cannot be read)."""
    version = agreement.current_version()
    try:
        return version.parsed().remains if version is not None else None
    except TermsError:
        return None


@audited_service
def transfer_announce(*, agreement: Agreement, transferred_on: dt.date, place: str, claimed_individuals: int,
                      note: str = "", acting_user: Any) -> RemainsTransfer:
    """The sending party announces a transfer with its claimed count of individuals."""
    actor = require_actor(acting_user)
    if not policy.may_announce(actor, agreement):
        raise NotAllowed(_("Only a coordinator or operator of a party to the agreement announces its transfers."))
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)  # numbers are given one at a time
    if agreement.state != AgreementState.IN_FORCE:
        raise RemainsConflict(_("Transfers are announced only under an agreement in force."))
    if remains_clause(agreement) is None:
        raise RemainsConflict(_("This agreement's terms have no remains clause."))
    place, note = _text("place", place, 200), _text("note", note, 2000, required=False)
    if isinstance(claimed_individuals, bool) or not isinstance(claimed_individuals, int) \
            or not 1 <= claimed_individuals <= MAX_CLAIM:
        raise InvalidField(
            "claimed_individuals", _("A whole number from 1 to %(MAX_CLAIM)s.") % {
                "MAX_CLAIM": number_format(MAX_CLAIM, force_grouping=True)}
        )
    sender = actor.organisation
    receiver_id = agreement.party_b_id if agreement.side_of(sender.pk) == "a" else agreement.party_a_id
    last = RemainsTransfer.objects.filter(agreement=agreement).order_by("-number").first()
    transfer = RemainsTransfer.objects.create(
        agreement=agreement, number=(last.number + 1) if last else 1, sender=sender, receiver_id=receiver_id,
        transferred_on=transferred_on, place=place, claimed_individuals=claimed_individuals, note=note,
        announced_at=timezone.now(), announced_by=acting_user)
    audit.record(acting_user=acting_user, action="remains.transfer.announce", object_type="remains_transfer",
                 object_id=transfer.public_id, after=_transfer_state(transfer),
                 summary={"number": transfer.number, "claimed_individuals": claimed_individuals})
    return transfer


def _checked_units(units: Sequence[CountedUnit]) -> list[CountedUnit]:
    if not units:
        raise InvalidField("units", _("Count at least one unit."))
    if len(units) > MAX_UNITS_PER_TRANSFER:
        raise InvalidField(
            "units", _("At most %(MAX_UNITS_PER_TRANSFER)s units in one transfer.") % {
                "MAX_UNITS_PER_TRANSFER": number_format(MAX_UNITS_PER_TRANSFER, force_grouping=True)}
        )
    seen: set[str] = set()
    checked = []
    for n, unit in enumerate(units, start=1):
        label = (unit.label or "").strip()
        if not label or len(label) > 64:
            raise InvalidField("units", _("Unit %(n)s: a label or seal number of 1 to 64 characters.") % {"n": n})
        if unit.kind not in UnitKind.values:
            raise InvalidField(
                "units", _("Unit %(n)s (%(label)s): %(kind)s is not a kind of unit.") % {
                    "n": n, "label": label, "kind": repr(unit.kind)}
            )
        if label in seen:
            raise InvalidField("units", _("The label %(label)s is counted twice.") % {"label": label})
        seen.add(label)
        checked.append(CountedUnit(label, unit.kind))
    return checked


@audited_service
def transfer_receive(*, transfer: RemainsTransfer, received_on: dt.date, units: Sequence[CountedUnit],
                     dispute_note: str = "", acting_user: Any) -> RemainsTransfer:
    """The receiving party records the units it counted; a dispute note contests the sender's claim."""
    actor = require_actor(acting_user)
    if not policy.may_receive(actor, transfer):
        raise NotAllowed(_("Only a coordinator or operator of the receiving party records the units received."))
    transfer = RemainsTransfer.objects.select_for_update().select_related("agreement", "sender", "receiver") \
        .get(pk=transfer.pk)
    if transfer.state != TransferState.ANNOUNCED:
        raise RemainsConflict(_("Transfer %(number)s has already been received.") % {"number": transfer.number})
    checked = _checked_units(units)
    dispute_note = _text("dispute_note", dispute_note, 2000, required=False)
    _not_future("received_on", received_on)
    if received_on < transfer.transferred_on:
        raise InvalidField("received_on", _("Received before the transfer's date."))
    now = timezone.now()
    RemainsUnit.objects.bulk_create(
        [RemainsUnit(transfer=transfer, label=u.label, kind=u.kind, recorded_at=now, recorded_by=acting_user)
         for u in checked], batch_size=2000)
    before = _transfer_state(transfer)
    transfer.state = TransferState.DISPUTED if dispute_note else TransferState.RECEIVED
    transfer.received_on, transfer.received_at, transfer.received_by = received_on, now, acting_user
    transfer.dispute_note = dispute_note
    transfer.save(update_fields=["state", "received_on", "received_at", "received_by", "dispute_note"])
    audit.record(acting_user=acting_user, action="remains.transfer.receive", object_type="remains_transfer",
                 object_id=transfer.public_id, before=before,
                 after={**_transfer_state(transfer), "units": sorted([u.label, u.kind] for u in checked)},
                 summary={"units": len(checked), "claimed_individuals": transfer.claimed_individuals,
                          "disputed": bool(dispute_note)})
    return transfer


@audited_service
def unit_discrepancy_record(*, unit: RemainsUnit, discrepancy: str, note: str, acting_user: Any) -> RemainsUnit:
    """The receiver records what a unit holds that differs from the sender's list; the transfer is disputed."""
    actor = require_actor(acting_user)
    transfer = unit.transfer
    if not policy.may_receive(actor, transfer):
        raise NotAllowed(_("Only a coordinator or operator of the receiving party records a discrepancy."))
    if discrepancy not in UnitDiscrepancy.values or discrepancy == UnitDiscrepancy.NONE:
        raise InvalidField(
            "discrepancy", _("%(discrepancy)s is not a kind of discrepancy.") % {"discrepancy": repr(discrepancy)}
        )
    note = _text("note", note, 1000)
    unit = RemainsUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.discrepancy:
        raise RemainsConflict(
            _("Unit %(unit)s already has a discrepancy recorded; it is not changed.") % {"unit": unit.label}
        )
    unit.discrepancy, unit.discrepancy_note = discrepancy, note
    unit.save(update_fields=["discrepancy", "discrepancy_note"])
    RemainsTransfer.objects.filter(pk=transfer.pk).update(state=TransferState.DISPUTED)
    audit.record(acting_user=acting_user, action="remains.unit.discrepancy", object_type="remains_unit",
                 object_id=unit.public_id, organisation=actor.organisation,
                 after={"transfer": str(transfer.public_id), "label": unit.label, "discrepancy": discrepancy,
                        "note": note},
                 summary={"discrepancy": discrepancy})
    return unit


# Identifications

def _units_for_identification(acting_user: Any, unit_ids: Sequence[Any]) -> list[RemainsUnit]:
    """The units named, all visible, received and in one agreement's transfers to the caller's party.

    A unit that does not exist and one the caller may not see get the same
    answer, so existence does not leak.
    """
    if not unit_ids:
        raise InvalidField("units", _("Name at least one unit."))
    if len(unit_ids) > MAX_UNITS_PER_IDENTIFICATION:
        raise InvalidField(
            "units", _("At most %(MAX_UNITS_PER_IDENTIFICATION)s units per identification.") % {
                "MAX_UNITS_PER_IDENTIFICATION": MAX_UNITS_PER_IDENTIFICATION}
        )
    wanted: dict[uuid.UUID, str] = {}
    for raw in unit_ids:
        try:
            wanted[uuid.UUID(str(raw))] = str(raw)
        except ValueError:
            raise InvalidField("units", _("Unknown unit: %(raw)s.") % {"raw": str(raw)[:40]}) from None
    found = {u.public_id: u for u in remains_units_for(acting_user).filter(public_id__in=list(wanted))
             .select_related("transfer", "transfer__agreement")}
    unknown = [text for key, text in wanted.items() if key not in found]
    if unknown:
        raise InvalidField("units", ngettext("Unknown unit: %(unknown)s.", "Unknown units: %(unknown)s.",
                                             len(unknown)) % {"unknown": ", ".join(unknown[:5])})
    units = list(found.values())
    actor = require_actor(acting_user)
    for unit in units:
        if unit.transfer.receiver_id != actor.organisation.pk:
            raise InvalidField(
                "units", _("Unit %(unit)s is not in a transfer your party received.") % {"unit": unit.label}
            )
        if not unit.transfer.is_received:
            raise InvalidField("units", _("Unit %(unit)s's transfer has not been received yet.") % {"unit": unit.label})
    if len({u.transfer.agreement_id for u in units}) > 1:
        raise InvalidField("units", _("The units belong to transfers under different agreements."))
    return units


def _own_party(agreement: Agreement, own_party: Organisation, person: Declaration | None) -> None:
    if own_party.pk not in (agreement.party_a_id, agreement.party_b_id):
        raise InvalidField("own_party", _("Whose dead: one of the two parties to the agreement."))
    if person is None:
        return
    if person.kind == DeclarationKind.SOUGHT and person.party_id != own_party.pk:
        raise InvalidField("person", _("A sought record is a party's own missing: it belongs to that party's dead."))
    if person.kind == DeclarationKind.DECEASED_HELD and person.party_id == own_party.pk:
        raise InvalidField("person", _("A record of the dead a party holds names the other side's dead."))
    if person.kind == DeclarationKind.HELD:
        raise InvalidField(
            "person", _("A person declared held is a living detainee; name a sought record or a record of the dead.")
        )
    if person.party_id not in (agreement.party_a_id, agreement.party_b_id):
        raise InvalidField("person", _("This record is not one of the two parties'."))


def _person(acting_user: Any, person_id: Any) -> Declaration | None:
    if person_id in (None, ""):
        return None
    try:
        key = uuid.UUID(str(person_id))
    except ValueError:
        raise InvalidField("person", _("Unknown person.")) from None
    person = declarations_for(acting_user).filter(public_id=key).first()
    if person is None:
        raise InvalidField("person", _("Unknown person."))
    return person


@audited_service
def identification_record(*, unit_ids: Sequence[Any], method: str, laboratory: str, laboratory_reference: str,
                          identified_on: dt.date, own_party: Organisation, person_id: Any = None,
                          acting_user: Any) -> Identification:
    """The receiving party's laboratory identifies one individual in one or more units.

    ``unit_ids`` and ``person_id`` are public ids, resolved here through the
    scoping layer. When ``own_party`` is the sending party, a return to it is
    raised in the same transaction.
    """
    actor = require_actor(acting_user)
    if not actor.is_party or not policy.may_identify(actor, actor.organisation.pk):
        raise NotAllowed(
            _("Only the receiving party's forensic staff (coordinators, operators, medical officers) record "
              "identifications.")
        )
    units = _units_for_identification(acting_user, unit_ids)
    agreement = units[0].transfer.agreement
    if method not in IdentificationMethod.values:
        raise InvalidField("method", _("DNA, fingerprints or dental comparison (Interpol's primary identifiers)."))
    laboratory = _text("laboratory", laboratory, 200)
    problem = reference_problem(laboratory_reference or "")
    if problem:
        raise InvalidField("laboratory_reference", problem)
    _not_future("identified_on", identified_on)
    if any(identified_on < u.transfer.received_on for u in units):
        raise InvalidField("identified_on", _("Identified before the remains were received."))
    person = _person(acting_user, person_id)
    _own_party(agreement, own_party, person)
    if person is not None and Identification.objects.filter(person=person).exists():
        raise RemainsConflict(_("This person has already been identified; a second identification is refused."))
    identification = _create_identification(
        agreement=agreement, receiving_party=actor.organisation, own_party=own_party, method=method,
        laboratory=laboratory, laboratory_reference=laboratory_reference.strip(), identified_on=identified_on,
        person=person, acting_user=acting_user)
    identification.units.set(units)
    audit.record(acting_user=acting_user, action="remains.identification.record", object_type="identification",
                 object_id=identification.public_id, organisation=actor.organisation,
                 after={"units": sorted(str(u.public_id) for u in units), "method": method,
                        "laboratory": laboratory, "laboratory_reference": identification.laboratory_reference,
                        "identified_on": identified_on, "own_party": str(own_party.public_id),
                        "person": str(person.public_id) if person else None},
                 summary={"units": len(units), "method": method, "return": identification.is_return})
    if identification.is_return:
        return_raise(identification=identification, acting_user=acting_user)
    return identification


def _create_identification(*, acting_user: Any, **values: Any) -> Identification:
    sending = values["agreement"].party_a_id if values["receiving_party"].pk == values["agreement"].party_b_id \
        else values["agreement"].party_b_id
    try:
        with transaction.atomic():  # a savepoint: a race on the same person or reference is refused, not a crash
            return Identification.objects.create(sending_party_id=sending, recorded_at=timezone.now(),
                                                 recorded_by=acting_user, **values)
    except IntegrityError:
        if Identification.objects.filter(laboratory=values["laboratory"],
                                         laboratory_reference=values["laboratory_reference"]).exists():
            raise InvalidField("laboratory_reference", _("This laboratory has already used this reference.")) from None
        raise RemainsConflict(_("This person has already been identified; a second identification is refused.")) \
            from None


# Returns

@audited_service
def return_raise(*, identification: Identification, acting_user: Any) -> RemainsReturn:
    """The remains of the sending party's own dead go back to it: raised by the identifying party."""
    actor = require_actor(acting_user)
    if not policy.may_identify(actor, identification.receiving_party_id):
        raise NotAllowed(_("Only the identifying party raises a return."))
    if not identification.is_return:
        raise RemainsError(_("This person is the identifying party's own dead; there is nothing to return."))
    if RemainsReturn.objects.filter(identification=identification).exists():
        raise RemainsConflict(_("A return is already raised for this identification."))
    remains_return = RemainsReturn.objects.create(
        identification=identification, from_party_id=identification.receiving_party_id,
        to_party_id=identification.own_party_id, raised_at=timezone.now(), raised_by=acting_user)
    audit.record(acting_user=acting_user, action="remains.return.raise", object_type="remains_return",
                 object_id=remains_return.public_id, organisation=actor.organisation,
                 after={"identification": str(identification.public_id), "state": remains_return.state})
    return remains_return


@audited_service
def return_complete(*, remains_return: RemainsReturn, completed_on: dt.date, place: str,
                    acting_user: Any) -> RemainsReturn:
    """The party the remains went back to confirms it received them."""
    actor = require_actor(acting_user)
    if not policy.may_complete_return(actor, remains_return):
        raise NotAllowed(_("Only a coordinator or operator of the party the remains go back to confirms a return."))
    remains_return = RemainsReturn.objects.select_for_update().select_related("identification") \
        .get(pk=remains_return.pk)
    if remains_return.state != ReturnState.RAISED:
        raise RemainsConflict(_("This return is already complete."))
    place = _text("place", place, 200)
    _not_future("completed_on", completed_on)
    if completed_on < remains_return.identification.identified_on:
        raise InvalidField("completed_on", _("Returned before the person was identified."))
    remains_return.state, remains_return.completed_on, remains_return.completed_place = (
        ReturnState.COMPLETED, completed_on, place)
    remains_return.completed_at, remains_return.completed_by = timezone.now(), acting_user
    remains_return.save(update_fields=["state", "completed_on", "completed_place", "completed_at", "completed_by"])
    audit.record(acting_user=acting_user, action="remains.return.complete", object_type="remains_return",
                 object_id=remains_return.public_id, organisation=actor.organisation,
                 after={"state": remains_return.state, "completed_on": completed_on, "place": place})
    return remains_return
