"""Remains over the API: the same scoping layer, services and progress as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status

from homeward.accounts import scoping
from homeward.accounts.models import Organisation
from homeward.api.schemas import ErrorSchema
from homeward.remains import services
from homeward.remains.errors import RemainsConflict, RemainsError
from homeward.remains.models import Identification, RemainsReturn, RemainsTransfer, RemainsUnit
from homeward.remains.progress import progress_rows

router = Router(tags=["remains"])


class TransferSchema(Schema):
    id: uuid.UUID
    agreement: uuid.UUID
    number: int
    sender: str
    receiver: str
    transferred_on: dt.date
    place: str
    claimed_individuals: int
    units_counted: int | None
    note: str
    state: str
    received_on: dt.date | None
    dispute_note: str


class UnitSchema(Schema):
    id: uuid.UUID
    transfer: uuid.UUID
    label: str
    kind: str
    discrepancy: str
    discrepancy_note: str


class IdentificationSchema(Schema):
    id: uuid.UUID
    agreement: uuid.UUID
    receiving_party: str
    sending_party: str
    own_party: str
    units: list[uuid.UUID]
    method: str
    laboratory: str
    laboratory_reference: str
    identified_on: dt.date
    person: uuid.UUID | None
    remains_return: uuid.UUID | None


class ReturnSchema(Schema):
    id: uuid.UUID
    identification: uuid.UUID
    from_party: str
    to_party: str
    state: str
    completed_on: dt.date | None
    completed_place: str


class SideProgressSchema(Schema):
    side: str
    sender: str
    receiver: str
    at_least: int
    planned_transfers: int | None
    transfers_received: int
    transfers_pending: int
    claimed: int
    claimed_pending: int
    received: int
    identified: int
    returns_raised: int
    returns_completed: int
    shortfall: int
    met: bool
    sentence: str


class AnnounceIn(Schema):
    agreement: uuid.UUID
    transferred_on: dt.date
    place: str
    claimed_individuals: int
    note: str = ""


class UnitIn(Schema):
    label: str
    kind: str = "body_bag"


class ReceiveIn(Schema):
    received_on: dt.date
    units: list[UnitIn]
    dispute_note: str = ""


class DiscrepancyIn(Schema):
    discrepancy: str
    note: str


class IdentificationIn(Schema):
    units: list[str]
    method: str
    laboratory: str
    laboratory_reference: str
    identified_on: dt.date
    own_party: str = "receiving"
    person: str | None = None


class CompleteIn(Schema):
    completed_on: dt.date
    place: str


class PageParams(Schema):
    agreement: uuid.UUID | None = None
    offset: int = 0
    limit: int = 200


def _refusal(exc: RemainsError) -> tuple[int, dict[str, Any]]:
    return 409 if isinstance(exc, RemainsConflict) else 400, {"detail": str(exc), "field": getattr(exc, "field", None)}


def _page(rows: Any, params: PageParams) -> Any:
    offset, limit = max(0, params.offset), max(1, min(params.limit, 1000))
    return rows[offset: offset + limit]


def _transfer(t: RemainsTransfer, units: int | None = None) -> dict[str, Any]:
    counted = units if units is not None else (t.units.count() if t.is_received else None)
    return {"id": t.public_id, "agreement": t.agreement.public_id, "number": t.number,
            "sender": t.sender.short_name, "receiver": t.receiver.short_name, "transferred_on": t.transferred_on,
            "place": t.place, "claimed_individuals": t.claimed_individuals,
            "units_counted": counted if t.is_received else None, "note": t.note, "state": t.state,
            "received_on": t.received_on, "dispute_note": t.dispute_note}


def _unit(u: RemainsUnit) -> dict[str, Any]:
    return {"id": u.public_id, "transfer": u.transfer.public_id, "label": u.label, "kind": u.kind,
            "discrepancy": u.discrepancy, "discrepancy_note": u.discrepancy_note}


def _identifications(request: HttpRequest, rows: list[Identification]) -> list[dict[str, Any]]:
    """Each with its person's public id only where the caller may see the record, and the units it may see.

    Three queries for the whole page, whatever its length.
    """
    people = {i.person_id for i in rows if i.person_id is not None}
    visible = set(scoping.declarations_for(request.user).filter(pk__in=people).values_list("pk", flat=True))
    links = Identification.units.through.objects.filter(
        identification_id__in=[i.pk for i in rows], remainsunit__in=scoping.remains_units_for(request.user)) \
        .order_by("remainsunit__label").values_list("identification_id", "remainsunit__public_id")
    units: dict[int, list[uuid.UUID]] = {}
    for identification_id, unit in links:
        units.setdefault(identification_id, []).append(unit)
    return [{"id": i.public_id, "agreement": i.agreement.public_id, "receiving_party": i.receiving_party.short_name,
             "sending_party": i.sending_party.short_name, "own_party": i.own_party.short_name,
             "units": units.get(i.pk, []), "method": i.method, "laboratory": i.laboratory,
             "laboratory_reference": i.laboratory_reference, "identified_on": i.identified_on,
             "person": i.person.public_id if i.person_id in visible else None,
             "remains_return": _return_id(i)} for i in rows]


def _return_id(identification: Identification) -> uuid.UUID | None:
    try:
        return identification.remains_return.public_id
    except RemainsReturn.DoesNotExist:
        return None


def _return(r: RemainsReturn) -> dict[str, Any]:
    return {"id": r.public_id, "identification": r.identification.public_id,
            "from_party": r.from_party.short_name, "to_party": r.to_party.short_name, "state": r.state,
            "completed_on": r.completed_on, "completed_place": r.completed_place}


# Transfers and units

@router.get("/transfers", response=list[TransferSchema])
def list_transfers(request: HttpRequest, params: Query[PageParams]) -> list[dict[str, Any]]:
    rows = scoping.remains_transfers_for(request.user).select_related("agreement", "sender", "receiver") \
        .annotate(unit_count=Count("units")).order_by("agreement_id", "number")
    if params.agreement is not None:
        rows = rows.filter(agreement__public_id=params.agreement)
    return [_transfer(t, t.unit_count) for t in _page(rows, params)]


@router.post("/transfers", response={201: TransferSchema, 400: ErrorSchema, 409: ErrorSchema})
def announce_transfer(request: HttpRequest, payload: AnnounceIn) -> Any:
    """The caller's party announces a transfer of remains it sends, with its claimed count of individuals."""
    agreement = scoping.remains_agreements_for(request.user).filter(public_id=payload.agreement).first()
    if agreement is None:
        raise Http404
    try:
        transfer = services.transfer_announce(
            agreement=agreement, transferred_on=payload.transferred_on, place=payload.place,
            claimed_individuals=payload.claimed_individuals, note=payload.note, acting_user=request.user)
    except RemainsError as exc:
        return Status(*_refusal(exc))
    return Status(201, _transfer(transfer))


@router.get("/transfers/{public_id}", response=TransferSchema)
def get_transfer(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return _transfer(scoping.get_remains_transfer_for_user(request.user, public_id))


@router.post("/transfers/{public_id}/receipt", response={200: TransferSchema, 400: ErrorSchema, 409: ErrorSchema})
def receive_transfer(request: HttpRequest, public_id: uuid.UUID, payload: ReceiveIn) -> Any:
    """The receiving party records every unit it counted; a dispute note contests the sender's claim."""
    transfer = scoping.get_remains_transfer_for_user(request.user, public_id)
    try:
        transfer = services.transfer_receive(
            transfer=transfer, received_on=payload.received_on, dispute_note=payload.dispute_note,
            units=[services.CountedUnit(u.label, u.kind) for u in payload.units], acting_user=request.user)
    except RemainsError as exc:
        return Status(*_refusal(exc))
    return _transfer(transfer)


@router.get("/transfers/{public_id}/units", response=list[UnitSchema])
def transfer_units(request: HttpRequest, public_id: uuid.UUID, params: Query[PageParams]) -> list[dict[str, Any]]:
    transfer = scoping.get_remains_transfer_for_user(request.user, public_id)
    rows = transfer.units.select_related("transfer").order_by("label")
    return [_unit(u) for u in _page(rows, params)]


@router.post("/units/{public_id}/discrepancy", response={200: UnitSchema, 400: ErrorSchema, 409: ErrorSchema})
def record_discrepancy(request: HttpRequest, public_id: uuid.UUID, payload: DiscrepancyIn) -> Any:
    unit = scoping.get_remains_unit_for_user(request.user, public_id)
    try:
        unit = services.unit_discrepancy_record(unit=unit, discrepancy=payload.discrepancy, note=payload.note,
                                                acting_user=request.user)
    except RemainsError as exc:
        return Status(*_refusal(exc))
    return _unit(unit)


# Identifications and returns

@router.get("/identifications", response=list[IdentificationSchema])
def list_identifications(request: HttpRequest, params: Query[PageParams]) -> list[dict[str, Any]]:
    rows = scoping.identifications_for(request.user).select_related(
        "agreement", "receiving_party", "sending_party", "own_party", "person", "remains_return")
    if params.agreement is not None:
        rows = rows.filter(agreement__public_id=params.agreement)
    return _identifications(request, list(_page(rows.order_by("-identified_on", "id"), params)))


def _own_party(user: Any, payload: IdentificationIn) -> Organisation:
    """'receiving' (the caller's own party's dead) or 'sending' (the other party's: to be returned)."""
    actor = scoping.require_actor(user)
    if payload.own_party == "receiving":
        return actor.organisation
    if payload.own_party == "sending":
        units = scoping.remains_units_for(user).filter(public_id__in=_uuids(payload.units))
        unit = units.select_related("transfer__sender").first()
        if unit is not None:
            return unit.transfer.sender
        return actor.organisation  # the units are refused by the service, naming them
    raise services.InvalidField("own_party", "Whose dead: 'receiving' or 'sending'.")


def _uuids(values: list[str]) -> list[uuid.UUID]:
    found = []
    for value in values:
        try:
            found.append(uuid.UUID(value))
        except ValueError:
            continue
    return found


@router.post("/identifications", response={201: IdentificationSchema, 400: ErrorSchema, 409: ErrorSchema})
def record_identification(request: HttpRequest, payload: IdentificationIn) -> Any:
    """One individual identified in one or more units the caller's party received.

    ``own_party`` is ``receiving`` (the caller's own dead) or ``sending`` (the
    sending party's own dead: a return is raised). A unit that does not exist
    or that the caller may not see is refused as unknown; nothing is written.
    """
    try:
        identification = services.identification_record(
            unit_ids=payload.units, method=payload.method, laboratory=payload.laboratory,
            laboratory_reference=payload.laboratory_reference, identified_on=payload.identified_on,
            own_party=_own_party(request.user, payload), person_id=payload.person, acting_user=request.user)
    except RemainsError as exc:
        return Status(*_refusal(exc))
    return Status(201, _identifications(request, [identification])[0])


@router.get("/identifications/{public_id}", response=IdentificationSchema)
def get_identification(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return _identifications(request, [scoping.get_identification_for_user(request.user, public_id)])[0]


@router.get("/returns", response=list[ReturnSchema])
def list_returns(request: HttpRequest, params: Query[PageParams]) -> list[dict[str, Any]]:
    rows = scoping.remains_returns_for(request.user).select_related("identification", "from_party", "to_party")
    if params.agreement is not None:
        rows = rows.filter(identification__agreement__public_id=params.agreement)
    return [_return(r) for r in _page(rows, params)]


@router.post("/returns/{public_id}/complete", response={200: ReturnSchema, 400: ErrorSchema, 409: ErrorSchema})
def complete_return(request: HttpRequest, public_id: uuid.UUID, payload: CompleteIn) -> Any:
    remains_return = scoping.get_remains_return_for_user(request.user, public_id)
    try:
        remains_return = services.return_complete(remains_return=remains_return, completed_on=payload.completed_on,
                                                  place=payload.place, acting_user=request.user)
    except RemainsError as exc:
        return Status(*_refusal(exc))
    return _return(remains_return)


@router.get("/agreements/{public_id}/progress", response=list[SideProgressSchema])
def agreement_progress(request: HttpRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    """Each side's remains against the clause: counts only, for the parties, the mediator and observers."""
    agreement = scoping.remains_progress_agreements_for(request.user).filter(public_id=public_id) \
        .select_related("party_a", "party_b").first()
    if agreement is None:
        raise Http404
    return [{"side": row["side"], "sender": row["sender"].short_name, "receiver": row["receiver"].short_name,
             "at_least": p.at_least, "planned_transfers": p.planned_transfers,
             "transfers_received": p.transfers_received, "transfers_pending": p.transfers_pending,
             "claimed": p.claimed, "claimed_pending": p.claimed_pending, "received": p.received,
             "identified": p.identified, "returns_raised": p.returns_raised,
             "returns_completed": p.returns_completed, "shortfall": p.shortfall, "met": p.met,
             "sentence": p.sentence()}
            for row in progress_rows(agreement) for p in [row["progress"]]]
