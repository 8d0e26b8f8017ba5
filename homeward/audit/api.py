"""The transparency log over the API: checkpoints, proofs, cosignatures and a party's export.

Checkpoints and proofs carry hashes only, so every member may fetch them;
an export opens only the entries the caller may read (scoping.audit_entries_for);
a cosignature is accepted only for the caller's own organisation's witness.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status

from homeward.accounts import scoping
from homeward.api.schemas import ErrorSchema
from homeward.audit import checkpoints, log

router = Router(tags=["transparency log"])


class CheckpointSchema(Schema):
    size: int
    note: str
    cosigned_by: list[str]


class ProofSchema(Schema):
    old_size: int | None = None
    size: int
    index: int | None = None
    proof: list[str]


class ConsistencyParams(Schema):
    old_size: int
    size: int | None = None


class InclusionParams(Schema):
    index: int
    size: int | None = None


class CosignatureIn(Schema):
    line: str


class ExportParams(Schema):
    since: list[int] = []


def _checkpoint(request: HttpRequest, size: int | None = None) -> Any:
    scoping.require_actor(request.user)
    found = scoping.transparency_checkpoints_for(request.user)
    checkpoint = found.filter(size=size).first() if size is not None else found.order_by("-size").first()
    if checkpoint is None:
        raise Http404
    return checkpoint


def _checkpoint_out(checkpoint: Any) -> dict[str, Any]:
    names = sorted(c.witness.name for c in checkpoint.cosignatures.select_related("witness"))
    return {"size": checkpoint.size, "note": checkpoint.note, "cosigned_by": names}


@router.get("/checkpoint", response=CheckpointSchema)
def latest_checkpoint(request: HttpRequest) -> dict[str, Any]:
    """The latest signed checkpoint, with every cosignature collected so far."""
    return _checkpoint_out(_checkpoint(request))


@router.get("/checkpoints/{size}", response=CheckpointSchema)
def checkpoint_of_size(request: HttpRequest, size: int) -> dict[str, Any]:
    return _checkpoint_out(_checkpoint(request, size))


@router.get("/consistency", response={200: ProofSchema, 400: ErrorSchema})
def consistency(request: HttpRequest, params: Query[ConsistencyParams]) -> Any:
    """A consistency proof from ``old_size`` to ``size`` (a checkpointed size; default the latest)."""
    size = params.size if params.size is not None else _checkpoint(request).size
    _checkpoint(request, size)
    if not 0 < params.old_size <= size:
        return Status(400, {"detail": f"no consistency proof from size {params.old_size} to {size}",
                            "field": "old_size"})
    return {"old_size": params.old_size, "size": size,
            "proof": [p.hex() for p in log.consistency_proof(params.old_size, size)]}


@router.get("/inclusion", response={200: ProofSchema, 400: ErrorSchema})
def inclusion(request: HttpRequest, params: Query[InclusionParams]) -> Any:
    """An inclusion proof of leaf ``index`` in the tree of a checkpointed size (default the latest)."""
    size = params.size if params.size is not None else _checkpoint(request).size
    _checkpoint(request, size)
    if not 0 <= params.index < size:
        return Status(400, {"detail": f"leaf {params.index} is not in the tree of size {size}", "field": "index"})
    return {"size": size, "index": params.index, "proof": [p.hex() for p in log.inclusion_proof(params.index, size)]}


@router.post("/checkpoints/{size}/cosignatures", response={201: CheckpointSchema, 400: ErrorSchema})
def add_cosignature(request: HttpRequest, size: int, body: CosignatureIn) -> Any:
    """Hand in your witness's cosignature line for the checkpoint of ``size``."""
    checkpoint = _checkpoint(request, size)
    try:
        checkpoints.cosignature_add(checkpoint=checkpoint, line=body.line, acting_user=request.user)
    except checkpoints.CheckpointRefused as error:
        return Status(400, {"detail": str(error), "field": "line"})
    checkpoint.refresh_from_db()
    return Status(201, _checkpoint_out(checkpoint))


@router.get("/export")
def export(request: HttpRequest, params: Query[ExportParams]) -> dict[str, Any]:
    """The latest checkpoint, every leaf and the entries you may read, opened: input for `homeward verify`."""
    if not scoping.require_actor(request.user).sees_audit_log:
        raise scoping.NotAllowed("Exports of the log are for auditors and the mediator.")
    return checkpoints.export_for(request.user, checkpoint=_checkpoint(request), since=params.since)
