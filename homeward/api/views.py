"""The homeward HTTP API: the same scoping layer and services as the pages."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import File, Form, NinjaAPI, Query, Schema, Status
from ninja.files import UploadedFile

from homeward.accounts import scoping
from homeward.agreements.api import router as agreements_router
from homeward.api.auth import MemberSessionAuth, TokenAuth
from homeward.api.schemas import (
    ConflictSchema,
    DeclarationCorrection,
    DeclarationCreate,
    DeclarationPage,
    DeclarationSchema,
    ErrorSchema,
    HealthSchema,
    ImportBatchSchema,
    VerifySchema,
    VersionSchema,
)
from homeward.audit.verification import verify_log
from homeward.registry import imports, services, tasks
from homeward.registry.filters import DeclarationFilter

# Answers every operation can give, whatever it does: the caller is not signed in (401), its role may not (403),
# the record does not exist or the caller may not see it (404, so existence does not leak), or the request does not
# match this document (422). Documented once here, so the document says what clients really receive.
COMMON_RESPONSES: dict[int, tuple[str, str]] = {
    401: ("Not signed in: no session, or a missing, revoked or unknown bearer token.", "ErrorSchema"),
    403: ("Signed in, but the caller's role may not do this.", "ErrorSchema"),
    404: ("No such record, or none the caller may see.", "ErrorSchema"),
    422: ("The request does not match this document (a missing or malformed parameter or body member).",
          "RequestInvalidSchema"),
}


class HomewardAPI(NinjaAPI):
    """The API, whose OpenAPI document also lists the answers common to every operation."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("ErrorSchema", ErrorSchema.model_json_schema())
        components["RequestInvalidSchema"] = {
            "title": "RequestInvalidSchema", "type": "object", "required": ["detail"],
            "properties": {"detail": {"title": "Detail", "type": "array", "items": {"type": "object"}}},
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                # A form upload takes exactly its declared fields (the file and its options), nothing else.
                form = operation.get("requestBody", {}).get("content", {}).get("multipart/form-data")
                if form is not None:
                    form["schema"]["additionalProperties"] = False
                    for member in form["schema"]["properties"].values():
                        if member.get("format") == "binary":
                            member["minLength"] = 1  # an empty part is no file: Django does not pass it on
                responses = operation.setdefault("responses", {})
                for status, (description, component) in COMMON_RESPONSES.items():
                    if status not in responses and str(status) not in responses:
                        responses[status] = {"description": description, "content": {"application/json": {
                            "schema": {"$ref": f"#/components/schemas/{component}"}}}}
        return schema


api = HomewardAPI(
    title="homeward API",
    version="1",
    description="The registry, imports, agreements, phase plans, handovers, remains and audit of homeward. "
                "Every call is scoped to the caller's organisation.",
    # The token goes first: a session (or its absence) is CSRF-checked, and that check must
    # not refuse a request that carries a valid bearer token before the token is tried.
    auth=[TokenAuth(), MemberSessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(scoping.NotAllowed)
def _not_allowed(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


class ListParams(Schema):
    q: str = ""
    kind: str = ""
    legal_status: str = ""
    party: str = ""
    seriously_wounded: str = ""
    ill: str = ""
    captured_before: str = ""
    captured_after: str = ""
    born_after_year: str = ""
    born_before_year: str = ""
    offset: int = 0
    limit: int = 100


@api.get("/declarations", response=DeclarationPage, tags=["registry"])
def list_declarations(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    """Declarations the caller may see, narrowed by the same filters as the registry page."""
    limit, offset = max(1, min(params.limit, 500)), max(0, params.offset)
    found = DeclarationFilter.from_params(params.dict()).apply(scoping.declarations_for(request.user))
    found = found.select_related("party").order_by("surname", "given_name", "id")
    count = found.count()
    items = list(found[offset : offset + limit])
    return {"count": count, "next_offset": offset + limit if offset + limit < count else None, "items": items}


def _etag(version: int) -> str:
    return f'"{version}"'


@api.get("/declarations/{public_id}", response=DeclarationSchema, tags=["registry"])
def get_declaration(request: HttpRequest, public_id: uuid.UUID, response: HttpResponse) -> Any:
    declaration = scoping.get_declaration_for_user(request.user, public_id)
    response["ETag"] = _etag(declaration.version)
    return declaration


def _refusal(exc: services.RegistryError) -> dict[str, Any]:
    return {"detail": str(exc), "field": getattr(exc, "field", None)}


@api.post("/declarations", response={201: DeclarationSchema, 400: ErrorSchema, 409: ErrorSchema}, tags=["registry"])
def create_declaration(request: HttpRequest, payload: DeclarationCreate) -> Any:
    """Declare a person for the caller's party.

    400 names the refused field; 409 means the party already uses this roster
    reference (``external_ref``), so a client retrying after a lost response
    can tell that the first attempt was written. Nothing is written on either.
    """
    actor = scoping.require_actor(request.user)
    values = payload.dict(exclude={"kind"})
    try:
        created = services.declaration_create(
            party=actor.organisation, kind=payload.kind, values=values, acting_user=request.user
        )
    except services.DuplicateReference as exc:
        return Status(409, _refusal(exc))
    except services.RegistryError as exc:
        return Status(400, _refusal(exc))
    return Status(201, created)


def _if_match(request: HttpRequest) -> int | None:
    raw = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    return int(raw) if raw.isdigit() else None


@api.patch(
    "/declarations/{public_id}",
    response={200: DeclarationSchema, 400: ErrorSchema, 409: ConflictSchema, 428: ErrorSchema},
    tags=["registry"],
)
def correct_declaration(
    request: HttpRequest, public_id: uuid.UUID, payload: DeclarationCorrection, response: HttpResponse
) -> Any:
    """Correct a declaration. ``If-Match`` must carry the version (ETag) the correction starts from.

    409 is only ever a version conflict (reload and apply again); a refused
    value, a roster reference already in use included, is a 400 naming the field.
    """
    declaration = scoping.get_declaration_for_user(request.user, public_id)
    expected = _if_match(request)
    if expected is None:
        return Status(428, {"detail": "Send If-Match with the ETag (version) you are correcting."})
    try:
        fixed = services.declaration_correct(
            declaration=declaration, expected_version=expected, changes=payload.changes,
            reason=payload.reason, acting_user=request.user,
        )
    except services.VersionConflict as exc:
        return Status(409, {"detail": str(exc), "current_version": exc.current,
                     "changed_fields": exc.changed_fields, "changed_by": exc.changed_by})
    except services.RegistryError as exc:
        return Status(400, _refusal(exc))
    response["ETag"] = _etag(fixed.version)
    return fixed


@api.get("/declarations/{public_id}/history", response=list[VersionSchema], tags=["registry"])
def declaration_history(request: HttpRequest, public_id: uuid.UUID) -> Any:
    """Superseded versions. Outside the declaring party (and the mediator) ``reason`` and
    ``superseded_by`` are null, and a change of the internal note is not listed."""
    declaration = scoping.get_declaration_for_user(request.user, public_id)
    return scoping.history_for(request.user, declaration)


@api.get("/declarations/{public_id}/health", response=list[HealthSchema], tags=["registry"])
def declaration_health(request: HttpRequest, public_id: uuid.UUID) -> Any:
    """Certified health findings: medical officers and the mediator only."""
    declaration = scoping.get_declaration_for_user(request.user, public_id)
    if not scoping.require_actor(request.user).sees_health:
        raise scoping.NotAllowed("Health details are visible to medical officers and the mediator only.")
    return list(scoping.health_records_for(request.user, declaration))


@api.post("/imports", response={201: ImportBatchSchema, 200: ImportBatchSchema, 400: ErrorSchema}, tags=["imports"])
def upload_import(
    request: HttpRequest, file: File[UploadedFile],
    # An empty form field counts as absent: say so in the document (min length 1) rather than answer 422 to it.
    kind: str = Form(..., min_length=1), encoding: Form[str] = "",
) -> Any:
    """Upload a roster; the dry run starts in the background. The same file again returns the same batch."""
    actor = scoping.require_actor(request.user)
    try:
        batch, new = imports.import_upload(
            party=actor.organisation, kind=kind, source=file.file, filename=file.name or "roster",
            encoding_choice=encoding, acting_user=request.user,
        )
    except imports.ImportError_ as exc:
        return Status(400, {"detail": str(exc)})
    if new:
        tasks.check_import.enqueue(str(batch.public_id), request.user.pk)
        batch.refresh_from_db()
    return Status(201 if new else 200, batch)


@api.get("/imports/{public_id}", response=ImportBatchSchema, tags=["imports"])
def get_import(request: HttpRequest, public_id: uuid.UUID) -> Any:
    return scoping.get_import_batch_for_user(request.user, public_id)


@api.post("/imports/{public_id}/commit", response={202: ImportBatchSchema, 400: ErrorSchema}, tags=["imports"])
def commit_import(request: HttpRequest, public_id: uuid.UUID) -> Any:
    """Ask for the all-or-nothing commit of a checked import; it runs in the background."""
    batch = scoping.get_import_batch_for_user(request.user, public_id)
    try:
        batch = imports.import_request_commit(batch=batch, acting_user=request.user)
    except imports.ImportError_ as exc:
        return Status(400, {"detail": str(exc)})
    tasks.commit_import.enqueue(str(batch.public_id), request.user.pk)
    batch.refresh_from_db()
    return Status(202, batch)


@api.get("/audit/verify", response=VerifySchema, tags=["audit"])
def verify(request: HttpRequest) -> dict[str, Any]:
    if not scoping.require_actor(request.user).sees_audit_log:
        raise scoping.NotAllowed("The audit log is for auditors and the mediator.")
    report = verify_log()
    return {"entries": report.entries, "head": report.head, "intact": report.intact,
            "breaks": [f"#{b.sequence}: {b.reason}" for b in report.breaks]}


def _routers() -> None:
    """Each area's endpoints live with the area, in a Router registered here."""
    from homeward.audit.api import router as transparency_log
    from homeward.matching.api import router as matching
    from homeward.operations.api import router as operations
    from homeward.planning.api import router as planning
    from homeward.remains.api import router as remains

    api.add_router("/agreements", agreements_router)
    api.add_router("/", planning)
    api.add_router("/", operations)
    api.add_router("/remains", remains)
    api.add_router("/reconciliation", matching)
    api.add_router("/log", transparency_log)


_routers()
