"""Reconciliation over the API: runs, candidates and decisions, with the same scoping, filters and services as
the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from homeward.accounts import scoping
from homeward.accounts.models import Organisation
from homeward.api.schemas import ErrorSchema
from homeward.matching import services
from homeward.matching.comparison import compare
from homeward.matching.errors import InvalidField, RunConflict
from homeward.matching.filters import CandidateFilter
from homeward.matching.models import MatchCandidate, ReconciliationRun
from homeward.registry.errors import RegistryError

router = Router(tags=["reconciliation"])


class ReconciliationRunSchema(Schema):
    id: uuid.UUID
    job: str
    left_party: str
    right_party: str | None
    state: str
    review_floor: float
    auto_accept: float | None
    started_at: dt.datetime
    started_by: str
    finished_at: dt.datetime | None
    error: str
    # The whole run's counts are the mediator's: a party's own share is in the candidates list.
    candidate_count: int | None
    suppressed_count: int | None
    auto_accepted_count: int | None


class ReconciliationRunIn(Schema):
    job: str
    left_party: uuid.UUID
    right_party: uuid.UUID | None = None
    review_floor: float = services.DEFAULT_REVIEW_FLOOR
    auto_accept: float | None = None


class MatchedRecordSchema(Schema):
    id: uuid.UUID
    party: str
    kind: str
    surname: str
    given_name: str
    patronymic: str
    date_of_birth: str


class ContributionSchema(Schema):
    comparison: str
    level: str
    weight: float


class FieldAgreementSchema(Schema):
    field: str
    left: str
    left_latin: str
    right: str
    right_latin: str
    agreement: str
    note: str


class MatchDecisionSchema(Schema):
    verdict: str
    organisation: str
    decided_at: dt.datetime
    automatic: bool
    reason: str | None
    decided_by: str | None


class MatchCandidateSchema(Schema):
    id: uuid.UUID
    run: uuid.UUID
    job: str
    match_probability: float
    match_weight: float
    verdict: str
    superseded: bool
    left: MatchedRecordSchema
    right: MatchedRecordSchema
    contributions: list[ContributionSchema]


class MatchCandidateDetailSchema(MatchCandidateSchema):
    fields: list[FieldAgreementSchema]
    decisions: list[MatchDecisionSchema]


class MatchCandidatePage(Schema):
    count: int
    next_offset: int | None
    items: list[MatchCandidateSchema]


class CandidateParams(Schema):
    job: str = ""
    run: str = ""
    state: str = "open"
    verdict: str = ""
    band: str = ""
    declaration: str = ""
    offset: int = 0
    limit: int = 100


class MatchDecisionIn(Schema):
    verdict: str
    reason: str


def _run(run: ReconciliationRun, mediator: bool) -> dict[str, Any]:
    return {"id": run.public_id, "job": run.job, "left_party": run.left_party.short_name,
            "right_party": run.right_party.short_name if run.right_party else None, "state": run.state,
            "review_floor": run.review_floor, "auto_accept": run.auto_accept, "started_at": run.started_at,
            "started_by": run.started_by.get_username(), "finished_at": run.finished_at, "error": run.error,
            "candidate_count": run.candidate_count if mediator else None,
            "suppressed_count": run.suppressed_count if mediator else None,
            "auto_accepted_count": run.auto_accepted_count if mediator else None}


def _record(d: Any) -> dict[str, Any]:
    return {"id": d.public_id, "party": d.party.short_name, "kind": d.kind, "surname": d.surname,
            "given_name": d.given_name, "patronymic": d.patronymic, "date_of_birth": d.birth_date_display}


def _candidate(c: MatchCandidate) -> dict[str, Any]:
    return {"id": c.public_id, "run": c.run.public_id, "job": c.run.job, "match_probability": c.match_probability,
            "match_weight": c.match_weight, "verdict": c.verdict, "superseded": c.superseded,
            "left": _record(c.left), "right": _record(c.right), "contributions": c.contributions}


def _mediator(request: HttpRequest) -> bool:
    return scoping.require_actor(request.user).is_mediator


def _refusal(exc: RegistryError) -> tuple[int, dict[str, Any]]:
    return 409 if isinstance(exc, RunConflict) else 400, {"detail": str(exc), "field": getattr(exc, "field", None)}


def _party(field: str, public_id: uuid.UUID | None) -> Organisation | None:
    if public_id is None:
        return None
    found = Organisation.objects.filter(public_id=public_id).first()
    if found is None:
        raise InvalidField(field, "No such organisation.")
    return found


@router.get("/runs", response=list[ReconciliationRunSchema])
def list_runs(request: HttpRequest, offset: int = 0, limit: int = 100) -> list[dict[str, Any]]:
    """Runs over the caller's organisation's lists (the mediator: all), newest first."""
    offset, limit = max(0, offset), max(1, min(limit, 500))
    rows = scoping.reconciliation_runs_for(request.user).select_related("left_party", "right_party", "started_by")
    mediator = _mediator(request)
    return [_run(r, mediator) for r in rows[offset: offset + limit]]


@router.post("/runs", response={202: ReconciliationRunSchema, 400: ErrorSchema, 409: ErrorSchema})
def start_run(request: HttpRequest, payload: ReconciliationRunIn) -> Any:
    """Queue a run; `homeward worker` executes it. Only the mediator's coordinators may set auto_accept."""
    try:
        run = services.run_start(job=payload.job, left_party=_party("left_party", payload.left_party),
                                 right_party=_party("right_party", payload.right_party),
                                 review_floor=payload.review_floor, auto_accept=payload.auto_accept,
                                 acting_user=request.user)
    except RegistryError as exc:
        return Status(*_refusal(exc))
    return Status(202, _run(run, _mediator(request)))


@router.get("/runs/{public_id}", response=ReconciliationRunSchema)
def get_run(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return _run(scoping.get_reconciliation_run_for_user(request.user, public_id), _mediator(request))


@router.get("/candidates", response=MatchCandidatePage)
def list_candidates(request: HttpRequest, params: Query[CandidateParams]) -> dict[str, Any]:
    """Candidates the caller may see, most probable first, with the review queue's filters."""
    offset, limit = max(0, params.offset), max(1, min(params.limit, 500))
    rows = CandidateFilter.from_params(params.dict()).apply(scoping.match_candidates_for(request.user))
    rows = rows.select_related("run", "left", "left__party", "right", "right__party") \
        .order_by("-match_probability", "id")
    count = rows.count()
    return {"count": count, "next_offset": offset + limit if offset + limit < count else None,
            "items": [_candidate(c) for c in rows[offset: offset + limit]]}


def _detail(request: HttpRequest, candidate: MatchCandidate) -> dict[str, Any]:
    rows = compare(candidate.left, candidate.right, candidate.contributions)
    return {**_candidate(candidate),
            "fields": [{"field": r.field, "left": r.left, "left_latin": r.left_latin, "right": r.right,
                        "right_latin": r.right_latin, "agreement": r.agreement, "note": r.note} for r in rows],
            "decisions": [vars(d) for d in scoping.match_decisions_for(request.user, candidate)]}


@router.get("/candidates/{public_id}", response=MatchCandidateDetailSchema)
def get_candidate(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return _detail(request, scoping.get_match_candidate_for_user(request.user, public_id))


@router.post("/candidates/{public_id}/decisions",
             response={201: MatchCandidateDetailSchema, 400: ErrorSchema, 409: ErrorSchema})
def decide(request: HttpRequest, public_id: uuid.UUID, payload: MatchDecisionIn) -> Any:
    """Record "same", "not_same" or "unsure" with a reason; nothing is merged."""
    candidate = scoping.get_match_candidate_for_user(request.user, public_id)
    try:
        services.decision_record(candidate=candidate, verdict=payload.verdict, reason=payload.reason,
                                 acting_user=request.user)
    except RegistryError as exc:
        return Status(*_refusal(exc))
    return Status(201, _detail(request, scoping.get_match_candidate_for_user(request.user, public_id)))
