"""Manifests, outcomes, the ledger, protocols and after-care over the API: the scoping and services of the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from homeward.accounts import scoping
from homeward.accounts.sessions import require_fresh_sign_in
from homeward.accounts.signing import verify_stored
from homeward.api.schemas import ErrorSchema
from homeward.audit.freshness import until_next_write
from homeward.operations import content, services
from homeward.operations.ledger import agreement_ledger
from homeward.operations.models import DocumentSignature, Manifest
from homeward.registry.errors import RegistryError

router = Router(tags=["operations"])


class SignatureSchema(Schema):
    organisation: str
    key_id: str
    signature: str
    content_sha256: str
    verifies: bool
    problem: str


class ManifestSchema(Schema):
    id: uuid.UUID
    plan: uuid.UUID
    side: str
    vehicle_kind: str
    vehicle_label: str
    version: int
    state: str
    content: dict[str, Any]
    content_sha256: str
    signatures: list[SignatureSchema]


class ManifestsIn(Schema):
    plan: uuid.UUID
    vehicle_kind: str = "bus"
    seats: int = 50


class OutcomeIn(Schema):
    declaration: uuid.UUID
    outcome: str
    occurred_at: dt.datetime
    place: str
    substitute: uuid.UUID | None = None
    note: str = ""


class AftercareIn(Schema):
    declaration: uuid.UUID
    stage: str
    occurred_at: dt.datetime
    facility: str = ""
    country: str = ""


def _signatures(kind: str, public_id: Any, document: Any) -> list[dict[str, Any]]:
    rows = DocumentSignature.objects.filter(kind=kind, document_id=public_id).select_related("organisation")
    return [{"organisation": row.organisation.short_name, "key_id": row.key_id, "signature": row.signature,
             "content_sha256": row.content_sha256, "verifies": not problem, "problem": problem}
            for row, problem in verify_stored(kind, document, rows)]


def _manifest(request: HttpRequest, manifest: Manifest) -> dict[str, Any]:
    document = content.manifest_content(manifest)
    visible = {str(p) for p in scoping.manifest_entries_for(request.user, manifest)
               .values_list("declaration__public_id", flat=True)}
    shown = {**document, "people": [p for p in document["people"] if p["person"] in visible]}
    return {"id": manifest.public_id, "plan": manifest.plan.public_id, "side": manifest.side,
            "vehicle_kind": manifest.vehicle_kind, "vehicle_label": manifest.vehicle_label,
            "version": manifest.version, "state": manifest.state, "content": shown,
            "content_sha256": manifest.content_sha256,
            "signatures": _signatures(content.MANIFEST, manifest.public_id, document)}


def _refusal(exc: RegistryError) -> dict[str, Any]:
    return {"detail": str(exc), "field": getattr(exc, "field", None)}


@router.get("/manifests", response=list[ManifestSchema])
def list_manifests(request: HttpRequest, plan: uuid.UUID) -> list[dict[str, Any]]:
    manifests = scoping.manifests_for(request.user).filter(plan__public_id=plan).select_related("plan__agreement")
    return [_manifest(request, m) for m in manifests.order_by("side", "vehicle_label", "-version")]


@router.get("/manifests/{public_id}", response=ManifestSchema)
def get_manifest(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    """The manifest with the people the caller may see, and every signature checked again."""
    return _manifest(request, scoping.get_manifest_for_user(request.user, public_id))


@router.post("/manifests", response={201: list[ManifestSchema], 400: ErrorSchema})
def make_manifests(request: HttpRequest, payload: ManifestsIn) -> Any:
    plan = scoping.get_plan_for_user(request.user, payload.plan)
    try:
        made = services.manifests_from_plan(plan=plan, vehicle_kind=payload.vehicle_kind, seats=payload.seats,
                                            acting_user=request.user)
    except RegistryError as exc:
        return Status(400, _refusal(exc))
    return Status(201, [_manifest(request, m) for m in made])


@router.post("/manifests/{public_id}/sign", response={200: ManifestSchema, 400: ErrorSchema})
def sign_manifest(request: HttpRequest, public_id: uuid.UUID) -> Any:
    manifest = scoping.get_manifest_for_user(request.user, public_id)
    require_fresh_sign_in(request)
    try:
        return _manifest(request, services.manifest_sign(manifest=manifest, acting_user=request.user))
    except RegistryError as exc:
        return Status(400, _refusal(exc))


@router.post("/manifests/{public_id}/outcomes", response={201: dict, 400: ErrorSchema})
def record_outcome(request: HttpRequest, public_id: uuid.UUID, payload: OutcomeIn) -> Any:
    manifest = scoping.get_manifest_for_user(request.user, public_id)
    person = scoping.get_declaration_for_user(request.user, payload.declaration)
    substitute = scoping.get_declaration_for_user(request.user, payload.substitute) if payload.substitute else None
    try:
        row = services.handover_record(entry=services.entry_for(manifest, person), outcome=payload.outcome,
                                       occurred_at=payload.occurred_at, place=payload.place, substitute=substitute,
                                       note=payload.note, acting_user=request.user)
    except RegistryError as exc:
        return Status(400, _refusal(exc))
    return Status(201, {"id": str(row.public_id), "outcome": row.outcome})


@router.get("/agreements/{public_id}/ledger", response=dict)
def ledger(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    """Heads and scale units per side, phase and category, and what each side owes: from outcomes only."""
    agreement = scoping.planning_agreements_for(request.user).filter(public_id=public_id).first()
    if agreement is None:
        raise Http404
    result, terms = until_next_write(agreement_ledger, agreement)
    return {"regime": terms.parity.regime, "heads": dict(result.heads), "units": dict(result.units),
            "quota": {side: result.quota_sentence(side) for side in ("a", "b")},
            "by_phase": [{"phase": phase, "side": side, "heads": n} for (phase, side), n in result.by_phase.items()],
            "by_category": [{"category": c, "side": side, "heads": n} for (c, side), n in result.by_category.items()],
            "owed": [owed.sentence() for owed in result.owed]}


@router.get("/plans/{public_id}/protocol", response=dict)
def protocol(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    """The latest protocol of a phase: its content (ids and counts, no names) and signatures, checked again."""
    plan = scoping.get_plan_for_user(request.user, public_id)
    latest = plan.protocols.order_by("-version").first()
    if latest is None:
        raise Http404
    return {"id": str(latest.public_id), "version": latest.version, "content": latest.content,
            "content_sha256": latest.content_sha256,
            "signatures": _signatures(content.PROTOCOL, latest.public_id, latest.content)}


@router.post("/aftercare", response={201: dict, 400: ErrorSchema})
def record_aftercare(request: HttpRequest, payload: AftercareIn) -> Any:
    person = scoping.aftercare_people_for(request.user).filter(public_id=payload.declaration).first()
    if person is None:
        raise Http404
    try:
        event = services.aftercare_record(declaration=person, stage=payload.stage, occurred_at=payload.occurred_at,
                                          facility=payload.facility, country=payload.country,
                                          acting_user=request.user)
    except RegistryError as exc:
        return Status(400, _refusal(exc))
    return Status(201, {"id": str(event.public_id), "stage": event.stage})
