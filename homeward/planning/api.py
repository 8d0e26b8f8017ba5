"""Phase plans over the API: the same scoping layer and services as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from homeward.accounts import scoping
from homeward.accounts.sessions import require_fresh_sign_in
from homeward.api.schemas import ErrorSchema
from homeward.planning import services
from homeward.planning.models import PhasePlan
from homeward.planning.views import STATUSES
from homeward.registry.errors import RegistryError
from homeward.registry.services import identity_confirm

router = Router(tags=["planning"])


class LevelSchema(Schema):
    level: str
    value: float
    status: str
    gap: float
    method: str


class ApprovalSchema(Schema):
    organisation: str
    approved_at: dt.datetime
    content_sha256: str


class PlanSchema(Schema):
    id: uuid.UUID = Field(alias="public_id")
    agreement: uuid.UUID
    phase_index: int
    phase_name: str
    version: int
    state: str
    reference_date: dt.date
    capacity: dict[str, int]
    selected: dict[str, int]
    proof: str
    objective: list[LevelSchema]
    change_note: str
    content_sha256: str
    created_at: dt.datetime
    approvals: list[ApprovalSchema]


class EntrySchema(Schema):
    declaration: uuid.UUID
    side: str
    selected: bool
    eligible: bool
    reason: str
    categories: list[str]
    findings: list[tuple[str, bool | None, str]]


class DraftIn(Schema):
    agreement: uuid.UUID
    phase_index: int = 0


class AdjustIn(Schema):
    declaration: uuid.UUID
    kind: str
    note: str = ""


class ConfirmIn(Schema):
    basis: str


class EntryParams(Schema):
    status: str = "selected"
    side: str = ""
    offset: int = Field(0, ge=0)
    limit: int = 200


def _plan(plan: PhasePlan) -> dict[str, Any]:
    prefetch_related_objects([plan], "approvals__organisation")  # a no-op when the list prefetched them
    return {
        "public_id": plan.public_id, "agreement": plan.agreement.public_id, "phase_index": plan.phase_index,
        "phase_name": plan.phase_name, "version": plan.version, "state": plan.state,
        "reference_date": plan.reference_date, "capacity": plan.capacity,
        "selected": plan.summary.get("selected", {}), "proof": plan.summary.get("proof", ""),
        "objective": plan.summary.get("objective", []), "change_note": plan.change_note,
        "content_sha256": plan.content_sha256, "created_at": plan.created_at,
        "approvals": [{"organisation": a.organisation.short_name, "approved_at": a.approved_at,
                       "content_sha256": a.content_sha256} for a in plan.approvals.all()],
    }


def _refusal(exc: RegistryError) -> dict[str, Any]:
    return {"detail": str(exc), "field": getattr(exc, "field", None)}


@router.get("/plans", response=list[PlanSchema])
def list_plans(request: HttpRequest, agreement: uuid.UUID | None = None) -> list[dict[str, Any]]:
    plans = (scoping.plans_for(request.user).select_related("agreement").prefetch_related("approvals__organisation")
             .order_by("phase_index", "-version"))
    if agreement is not None:
        plans = plans.filter(agreement__public_id=agreement)
    return [_plan(plan) for plan in plans[:500]]


@router.get("/plans/{public_id}", response=PlanSchema)
def get_plan(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return _plan(scoping.get_plan_for_user(request.user, public_id))


@router.get("/plans/{public_id}/entries", response=list[EntrySchema])
def plan_entries(request: HttpRequest, public_id: uuid.UUID, params: Query[EntryParams]) -> list[dict[str, Any]]:
    """The plan's people the caller's organisation may see, with the reason and findings for each."""
    plan = scoping.get_plan_for_user(request.user, public_id)
    entries = scoping.plan_entries_for(request.user, plan).filter(**STATUSES.get(params.status, STATUSES["selected"]))
    if params.side in ("a", "b"):
        entries = entries.filter(side=params.side)
    limit = max(1, min(params.limit, 1000))
    rows = entries.order_by("side", "id").values("declaration__public_id", "side", "selected", "eligible", "reason",
                                                 "categories", "findings")[params.offset: params.offset + limit]
    return [{**row, "declaration": row.pop("declaration__public_id")} for row in rows]


@router.post("/plans", response={201: PlanSchema, 400: ErrorSchema})
def draft_plan(request: HttpRequest, payload: DraftIn) -> Any:
    agreement = scoping.planning_agreements_for(request.user).filter(public_id=payload.agreement).first()
    if agreement is None:
        raise Http404
    try:
        plan = services.plan_draft(agreement=agreement, phase_index=payload.phase_index, acting_user=request.user)
    except RegistryError as exc:
        return Status(400, _refusal(exc))
    return Status(201, _plan(plan))


@router.post("/plans/{public_id}/adjustments", response={201: PlanSchema, 400: ErrorSchema})
def adjust_plan(request: HttpRequest, public_id: uuid.UUID, payload: AdjustIn) -> Any:
    """Lock, exclude or clear one person: the answer is the new version, planned again."""
    plan = scoping.get_plan_for_user(request.user, public_id)
    declaration = scoping.get_declaration_for_user(request.user, payload.declaration)
    try:
        new = services.plan_adjust(plan=plan, declaration=declaration, kind=payload.kind, note=payload.note,
                                   acting_user=request.user)
    except RegistryError as exc:
        return Status(400, _refusal(exc))
    return Status(201, _plan(new))


@router.post("/plans/{public_id}/propose", response={200: PlanSchema, 400: ErrorSchema})
def propose_plan(request: HttpRequest, public_id: uuid.UUID) -> Any:
    plan = scoping.get_plan_for_user(request.user, public_id)
    try:
        return _plan(services.plan_propose(plan=plan, acting_user=request.user))
    except RegistryError as exc:
        return Status(400, _refusal(exc))


@router.post("/plans/{public_id}/approve", response={200: PlanSchema, 400: ErrorSchema})
def approve_plan(request: HttpRequest, public_id: uuid.UUID) -> Any:
    plan = scoping.get_plan_for_user(request.user, public_id)
    require_fresh_sign_in(request)
    try:
        return _plan(services.plan_approve(plan=plan, acting_user=request.user))
    except RegistryError as exc:
        return Status(400, _refusal(exc))


@router.post("/declarations/{public_id}/identity-confirmation", response={201: dict, 400: ErrorSchema},
             tags=["registry"])
def confirm_identity(request: HttpRequest, public_id: uuid.UUID, payload: ConfirmIn) -> Any:
    """The person's own side confirms the holding party's record (needed before any exchange)."""
    declaration = scoping.get_declaration_for_user(request.user, public_id)
    try:
        confirmation = identity_confirm(declaration=declaration, basis=payload.basis, acting_user=request.user)
    except RegistryError as exc:
        return Status(400, _refusal(exc))
    return Status(201, {"id": str(confirmation.public_id), "confirmed_at": confirmation.confirmed_at.isoformat()})
