"""The talks and agreements API: the same scoping layer and services as the pages.

Mounted on the project's one NinjaAPI under /api/agreements. A record the
caller may not see is 404, a role that may not act is 403, a refused value
400 naming the field (and, for terms, the path in the document), a record
not in a state to allow the write 409.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Status

from homeward.accounts import scoping
from homeward.accounts.models import Organisation
from homeward.accounts.sessions import require_fresh_sign_in
from homeward.agreements import services
from homeward.agreements.models import Agreement, Talks
from homeward.agreements.schemas import (
    AgreementIn,
    AgreementSchema,
    DecisionIn,
    ProposalIn,
    ProposalSchema,
    RefusalSchema,
    SignIn,
    StateIn,
    TalksDetailSchema,
    TalksIn,
    TalksSchema,
    TermsVersionSchema,
    VersionIn,
)

router = Router(tags=["agreements"])
WRITE = {400: RefusalSchema, 409: RefusalSchema}


def _refusal(exc: services.AgreementError) -> Status[dict[str, Any]]:
    body = {"detail": str(exc), "field": getattr(exc, "field", None), "path": getattr(exc, "path", None)}
    return Status(409 if isinstance(exc, services.AgreementConflict) else 400, body)


def _talks_rows(request: HttpRequest) -> QuerySet[Talks]:
    return scoping.talks_for(request.user).select_related("mediator", "party_a", "party_b")


def _agreement_rows(request: HttpRequest) -> QuerySet[Agreement]:
    return (scoping.agreements_for(request.user).select_related("talks", "party_a", "party_b", "mediator")
            .prefetch_related("proposals"))


@router.get("/talks", response=list[TalksSchema])
def list_talks(request: HttpRequest) -> Any:
    """Talks the caller's organisation took part in or hosted (observers: all)."""
    return list(_talks_rows(request))


@router.get("/talks/{uuid:public_id}", response=TalksDetailSchema)
def get_talks(request: HttpRequest, public_id: uuid.UUID) -> Any:
    return scoping.get_talks_for_user(request.user, public_id)


def _party(public_id: uuid.UUID, field: str) -> Organisation:
    found = Organisation.objects.filter(public_id=public_id, kind="party").first()
    if found is None:
        raise services.InvalidField(field, "no party with this id")
    return found


@router.post("/talks", response={201: TalksSchema, **WRITE})
def record_talks(request: HttpRequest, payload: TalksIn) -> Any:
    """The mediator's coordinator records talks its office hosted."""
    try:
        values = payload.dict(exclude={"party_a", "party_b"})
        talks = services.talks_record(party_a=_party(payload.party_a, "party_a"),
                                      party_b=_party(payload.party_b, "party_b"), acting_user=request.user, **values)
    except services.AgreementError as exc:
        return _refusal(exc)
    return Status(201, talks)


@router.post("/talks/{uuid:public_id}/proposals", response={201: ProposalSchema, **WRITE})
def table_proposal(request: HttpRequest, public_id: uuid.UUID, payload: ProposalIn) -> Any:
    """A party's coordinator tables a proposal in its own party's name."""
    talks = scoping.get_talks_for_user(request.user, public_id)
    actor = scoping.require_actor(request.user)
    try:
        proposal = services.proposal_table(talks=talks, proposed_by=actor.organisation, title=payload.title,
                                           text=payload.text, acting_user=request.user)
    except services.AgreementError as exc:
        return _refusal(exc)
    return Status(201, proposal)


@router.post("/proposals/{uuid:public_id}/decision", response={200: ProposalSchema, **WRITE})
def decide_proposal(request: HttpRequest, public_id: uuid.UUID, payload: DecisionIn) -> Any:
    """Accepted or rejected (by the other party), withdrawn (by its author); 409 once decided."""
    proposal = scoping.get_proposal_for_user(request.user, public_id)
    try:
        return services.proposal_decide(proposal=proposal, acting_user=request.user, **payload.dict())
    except services.AgreementError as exc:
        return _refusal(exc)


@router.get("", response=list[AgreementSchema])
def list_agreements(request: HttpRequest) -> Any:
    return list(_agreement_rows(request))


@router.get("/{uuid:public_id}", response=AgreementSchema)
def get_agreement(request: HttpRequest, public_id: uuid.UUID) -> Any:
    return scoping.get_agreement_for_user(request.user, public_id)


def _accepted(talks: Talks, ids: list[uuid.UUID]) -> list[Any]:
    found = list(talks.proposals.filter(public_id__in=ids))
    if len(found) != len(set(ids)):
        raise services.InvalidField("proposals", "not every proposal was made at these talks")
    return found


@router.post("", response={201: AgreementSchema, **WRITE})
def create_agreement(request: HttpRequest, payload: AgreementIn) -> Any:
    """The mediator's coordinator records the agreement reached at talks, with terms version 1."""
    talks = scoping.get_talks_for_user(request.user, payload.talks)
    try:
        agreement = services.agreement_create(
            talks=talks, proposals=_accepted(talks, payload.proposals), title=payload.title, terms=payload.terms,
            note=payload.note, concluded_on=payload.concluded_on, acting_user=request.user)
    except services.AgreementError as exc:
        return _refusal(exc)
    return Status(201, agreement)


@router.get("/{uuid:public_id}/versions", response=list[TermsVersionSchema])
def list_versions(request: HttpRequest, public_id: uuid.UUID) -> Any:
    """Every terms version, newest first, with its terms document and signatures."""
    agreement = scoping.get_agreement_for_user(request.user, public_id)
    return list(agreement.versions.order_by("-number"))


@router.get("/{uuid:public_id}/versions/{int:number}", response=TermsVersionSchema)
def get_version(request: HttpRequest, public_id: uuid.UUID, number: int) -> Any:
    agreement = scoping.get_agreement_for_user(request.user, public_id)
    version = agreement.versions.filter(number=number).first()
    if version is None:
        raise Http404("No such version.")
    return version


@router.post("/{uuid:public_id}/versions", response={201: TermsVersionSchema, **WRITE})
def add_version(request: HttpRequest, public_id: uuid.UUID, payload: VersionIn) -> Any:
    """A new terms version; refused terms answer 400 with ``field`` "terms" and the ``path`` of the problem."""
    agreement = scoping.get_agreement_for_user(request.user, public_id)
    try:
        version = services.agreement_version_add(agreement=agreement, terms=payload.terms, note=payload.note,
                                                 acting_user=request.user)
    except services.AgreementError as exc:
        return _refusal(exc)
    return Status(201, version)


@router.post("/{uuid:public_id}/versions/{int:number}/signatures", response={201: TermsVersionSchema, **WRITE})
def sign_version(request: HttpRequest, public_id: uuid.UUID, number: int, payload: SignIn) -> Any:
    """The caller's organisation signs this version (its coordinator); 409 when already signed or superseded."""
    version = get_version(request, public_id, number)
    require_fresh_sign_in(request)
    try:
        services.agreement_sign(version=version, signed_on=payload.signed_on, acting_user=request.user)
    except services.AgreementError as exc:
        return _refusal(exc)
    return Status(201, version)


@router.post("/{uuid:public_id}/state", response={200: AgreementSchema, **WRITE})
def set_state(request: HttpRequest, public_id: uuid.UUID, payload: StateIn) -> Any:
    """In force (all three signed the current version), suspended, completed; 409 for a move not allowed."""
    agreement = scoping.get_agreement_for_user(request.user, public_id)
    try:
        return services.agreement_set_state(agreement=agreement, state=payload.state, acting_user=request.user)
    except services.AgreementError as exc:
        return _refusal(exc)
