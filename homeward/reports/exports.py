"""Exports of every list a user may see, in one catalogue: the page's rows, scoped and filtered the same way.

Each kind names its columns (a stable name and a translated header) and how
it selects its rows: through the scoping layer's ``*_for`` function that the
list page uses, narrowed by the page's own filter. The page view, the export
view and ``homeward export`` all go through :func:`select`, so an export can
never hold a row its user could not page to. The columns are those the page
shows: a party's internal note, provenance it keeps to itself, health details
and free-text notes of another organisation are never exported.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from homeward.accounts import scoping
from homeward.accounts.scoping import Actor, NotAllowed
from homeward.audit import services as audit
from homeward.audit.guard import audited_service
from homeward.lib.sentences import entry_reason


def _yes_no(value: bool | None) -> str:
    return "" if value is None else (_("yes") if value else _("no"))


def _when(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


@dataclass(frozen=True)
class Column:
    name: str  # stable, for scripts: never translated
    header: Promise  # the header row, in the exporter's language
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Selection:
    """The rows of one export, and what narrowed them (recorded in the audit log)."""

    rows: QuerySet[Any]
    filters: dict[str, str]
    record: Any = None


@dataclass(frozen=True)
class ExportKind:
    name: str
    title: Promise
    columns: tuple[Column, ...]
    # (user, the page's query parameters, the record named in the URL or None) -> the scoped, filtered rows
    select: Callable[[Any, Mapping[str, Any], Any], Selection]
    # the record a per-record export is about, fetched through the scoping layer (404 when not visible)
    record: Callable[[Any, Any], Any] | None = None
    allowed: Callable[[Actor], bool] = field(default=lambda actor: True)
    refusal: Promise = gettext_lazy("Your role may not export this list.")

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def table(self, rows: QuerySet[Any]) -> Iterator[list[Any]]:
        yield self.headers()
        for row in rows.iterator(chunk_size=2000):
            yield [column.value(row) for column in self.columns]


# Declarations (the registry list) -------------------------------------------------------------------------

DECLARATION_COLUMNS = (
    Column("homeward_id", gettext_lazy("Homeward id"), lambda d: str(d.public_id)),
    Column("party", gettext_lazy("Party"), lambda d: d.party.short_name),
    Column("kind", gettext_lazy("List"), lambda d: d.get_kind_display()),
    Column("legal_status", gettext_lazy("Legal status"), lambda d: d.get_legal_status_display()),
    Column("external_ref", gettext_lazy("Party's reference"), lambda d: d.external_ref),
    Column("surname", gettext_lazy("Surname"), lambda d: d.surname),
    Column("given_name", gettext_lazy("Given name"), lambda d: d.given_name),
    Column("patronymic", gettext_lazy("Patronymic"), lambda d: d.patronymic),
    Column("surname_latin", gettext_lazy("Surname (Latin)"), lambda d: d.surname_latin),
    Column("given_name_latin", gettext_lazy("Given name (Latin)"), lambda d: d.given_name_latin),
    Column("patronymic_latin", gettext_lazy("Patronymic (Latin)"), lambda d: d.patronymic_latin),
    Column("birth_date", gettext_lazy("Date of birth"), lambda d: d.birth_date_display),
    Column("place_of_birth", gettext_lazy("Place of birth"), lambda d: d.place_of_birth),
    Column("rank", gettext_lazy("Rank"), lambda d: d.rank),
    Column("service_number", gettext_lazy("Service number"), lambda d: d.service_number),
    Column("unit", gettext_lazy("Unit"), lambda d: d.unit),
    Column("nationality", gettext_lazy("Nationality"), lambda d: d.nationality),
    Column("captured_on", gettext_lazy("Captured on"), lambda d: _when(d.captured_on)),
    Column("captured_place", gettext_lazy("Place of capture"), lambda d: d.captured_place),
    Column("detention_place", gettext_lazy("Place of detention"), lambda d: d.detention_place),
    Column("medical_category", gettext_lazy("Medical category"), lambda d: d.get_medical_category_display()),
    Column("seriously_wounded", gettext_lazy("Seriously wounded"), lambda d: _yes_no(d.seriously_wounded)),
    Column("ill", gettext_lazy("Ill"), lambda d: _yes_no(d.ill)),
    Column("interview_outcome", gettext_lazy("Interview outcome"), lambda d: d.get_interview_outcome_display()),
    Column("version", gettext_lazy("Version"), lambda d: d.version),
)


def _declarations(user: Any, params: Mapping[str, Any], record: Any) -> Selection:
    from homeward.registry.filters import DeclarationFilter

    chosen = DeclarationFilter.from_params(params)
    rows = chosen.apply(scoping.declarations_for(user)).select_related("party")
    return Selection(rows.order_by("surname", "given_name", "id"), chosen.as_params())


# Imports ----------------------------------------------------------------------------------------------------

IMPORT_COLUMNS = (
    Column("import_id", gettext_lazy("Import id"), lambda b: str(b.public_id)),
    Column("file", gettext_lazy("File"), lambda b: b.filename),
    Column("party", gettext_lazy("Party"), lambda b: b.party.short_name),
    Column("kind", gettext_lazy("List"), lambda b: b.get_kind_display()),
    Column("state", gettext_lazy("State"), lambda b: b.get_state_display()),
    Column("rows", gettext_lazy("Rows"), lambda b: b.row_count),
    Column("problems", gettext_lazy("Problems"), lambda b: b.error_count),
    Column("new", gettext_lazy("New records"), lambda b: b.new_count),
    Column("corrected", gettext_lazy("Corrected records"), lambda b: b.correction_count),
    Column("uploaded_by", gettext_lazy("Uploaded by"), lambda b: b.created_by.get_username()),
    Column("uploaded_at", gettext_lazy("Uploaded at"), lambda b: _when(b.created_at)),
)


def _imports(user: Any, params: Mapping[str, Any], record: Any) -> Selection:
    rows = scoping.import_batches_for(user).select_related("party", "created_by").order_by("-created_at", "id")
    return Selection(rows, {})


# Match candidates (the review queue) -------------------------------------------------------------------------

def _candidate_state(c: Any) -> str:
    return _("superseded") if c.superseded else (_("decided") if c.verdict else _("open"))


CANDIDATE_COLUMNS = (
    Column("candidate_id", gettext_lazy("Candidate id"), lambda c: str(c.public_id)),
    Column("job", gettext_lazy("Job"), lambda c: c.run.get_job_display()),
    Column("probability", gettext_lazy("Match probability"), lambda c: round(c.match_probability, 4)),
    Column("left_id", gettext_lazy("First record id"), lambda c: str(c.left.public_id)),
    Column("left_party", gettext_lazy("First record's party"), lambda c: c.left.party.short_name),
    Column("left_name", gettext_lazy("First record's name"), lambda c: c.left.full_name),
    Column("left_birth_date", gettext_lazy("First record's date of birth"), lambda c: c.left.birth_date_display),
    Column("right_id", gettext_lazy("Second record id"), lambda c: str(c.right.public_id)),
    Column("right_party", gettext_lazy("Second record's party"), lambda c: c.right.party.short_name),
    Column("right_name", gettext_lazy("Second record's name"), lambda c: c.right.full_name),
    Column("right_birth_date", gettext_lazy("Second record's date of birth"),
           lambda c: c.right.birth_date_display),
    Column("state", gettext_lazy("State"), _candidate_state),
    Column("verdict", gettext_lazy("Verdict"), lambda c: c.get_verdict_display()),
    Column("decided_by", gettext_lazy("Decided by"),
           lambda c: c.decided_by_organisation.short_name if c.decided_by_organisation else ""),
    Column("decided_at", gettext_lazy("Decided at"), lambda c: _when(c.decided_at)),
)


def _candidates(user: Any, params: Mapping[str, Any], record: Any) -> Selection:
    from homeward.matching.filters import CandidateFilter

    chosen = CandidateFilter.from_params(params)
    rows = chosen.apply(scoping.match_candidates_for(user)).select_related(
        "run", "left", "left__party", "right", "right__party", "decided_by_organisation")
    return Selection(rows.order_by("-match_probability", "id"), chosen.as_params())


# Phase plans and their people ----------------------------------------------------------------------------------

PLAN_COLUMNS = (
    Column("plan_id", gettext_lazy("Plan id"), lambda p: str(p.public_id)),
    Column("agreement", gettext_lazy("Agreement"), lambda p: p.agreement.title),
    Column("phase", gettext_lazy("Phase"), lambda p: p.phase_name),
    Column("version", gettext_lazy("Version"), lambda p: p.version),
    Column("state", gettext_lazy("State"), lambda p: p.get_state_display()),
    Column("reference_date", gettext_lazy("Reference date"), lambda p: _when(p.reference_date)),
    Column("capacity_a", gettext_lazy("Places for side A"), lambda p: (p.capacity or {}).get("a", "")),
    Column("capacity_b", gettext_lazy("Places for side B"), lambda p: (p.capacity or {}).get("b", "")),
    Column("selected_a", gettext_lazy("Selected on side A"),
           lambda p: ((p.summary or {}).get("selected") or {}).get("a", "")),
    Column("selected_b", gettext_lazy("Selected on side B"),
           lambda p: ((p.summary or {}).get("selected") or {}).get("b", "")),
    Column("created_at", gettext_lazy("Drafted at"), lambda p: _when(p.created_at)),
)


def _plans(user: Any, params: Mapping[str, Any], record: Any) -> Selection:
    rows = scoping.plans_for(user).select_related("agreement").order_by("agreement_id", "phase_index", "-version")
    return Selection(rows, {})


PLAN_ENTRY_COLUMNS = (
    Column("homeward_id", gettext_lazy("Homeward id"), lambda e: str(e.declaration.public_id)),
    Column("name", pgettext_lazy("a person's full name", "Name"), lambda e: e.declaration.full_name),
    Column("latin_name", gettext_lazy("Name (Latin)"), lambda e: e.declaration.latin_name),
    Column("party", gettext_lazy("Party"), lambda e: e.declaration.party.short_name),
    Column("side", gettext_lazy("Side"), lambda e: e.side.upper()),
    Column("selected", pgettext_lazy("export column, yes or no", "Selected"), lambda e: _yes_no(e.selected)),
    Column("eligible", pgettext_lazy("export column, yes or no", "Eligible"), lambda e: _yes_no(e.eligible)),
    Column("categories", gettext_lazy("Categories"), lambda e: ", ".join(e.categories or ())),
    Column("reason", gettext_lazy("Reason"), lambda e: entry_reason(e)),
)


def _plan_entries(user: Any, params: Mapping[str, Any], plan: Any) -> Selection:
    from homeward.planning.views import STATUSES

    status = str(params.get("status") or "selected")
    status = status if status in STATUSES else "selected"
    side = str(params.get("side") or "")
    rows = scoping.plan_entries_for(user, plan).filter(**STATUSES[status])
    filters = {"status": status}
    if side in ("a", "b"):
        rows, filters["side"] = rows.filter(side=side), side
    rows = rows.select_related("declaration", "declaration__party").order_by(
        "side", "declaration__surname", "declaration__given_name", "id")
    return Selection(rows, filters, plan)


# Manifests and their outcomes ---------------------------------------------------------------------------------

def _outcome(e: Any) -> Any:
    return getattr(e, "outcome", None)


MANIFEST_COLUMNS = (
    Column("homeward_id", gettext_lazy("Homeward id"), lambda e: str(e.declaration.public_id)),
    Column("name", pgettext_lazy("a person's full name", "Name"), lambda e: e.declaration.full_name),
    Column("latin_name", gettext_lazy("Name (Latin)"), lambda e: e.declaration.latin_name),
    Column("documents", gettext_lazy("Documents"), lambda e: e.documents),
    Column("escort", gettext_lazy("Escort"), lambda e: e.escort),
    Column("outcome", gettext_lazy("Outcome"), lambda e: _outcome(e).get_outcome_display() if _outcome(e) else ""),
    Column("occurred_at", gettext_lazy("Occurred at"), lambda e: _when(_outcome(e).occurred_at) if _outcome(e) else ""),
    Column("place", gettext_lazy("Place"), lambda e: _outcome(e).place if _outcome(e) else ""),
    Column("substitute", gettext_lazy("Substitute"),
           lambda e: _outcome(e).substitute.full_name if _outcome(e) and _outcome(e).substitute_id else ""),
)


def _manifest_entries(user: Any, params: Mapping[str, Any], manifest: Any) -> Selection:
    rows = scoping.manifest_entries_for(user, manifest).select_related(
        "declaration", "outcome", "outcome__substitute").order_by("declaration__surname", "declaration__given_name",
                                                                   "id")
    return Selection(rows, {}, manifest)


# After-care ----------------------------------------------------------------------------------------------------

def _steps(person: Any) -> list[Any]:
    return sorted(person.aftercare_events.all(), key=lambda e: e.occurred_at)


def _last_step(person: Any, name: str) -> Any:
    steps = _steps(person)
    return getattr(steps[-1], name) if steps else None


AFTERCARE_COLUMNS = (
    Column("homeward_id", gettext_lazy("Homeward id"), lambda p: str(p.public_id)),
    Column("name", pgettext_lazy("a person's full name", "Name"), lambda p: p.full_name),
    Column("latin_name", gettext_lazy("Name (Latin)"), lambda p: p.latin_name),
    Column("party", gettext_lazy("Party"), lambda p: p.party.short_name),
    Column("steps", gettext_lazy("Steps"), lambda p: "; ".join(str(e.get_stage_display()) for e in _steps(p))),
    Column("last_step_at", gettext_lazy("Last step at"), lambda p: _when(_last_step(p, "occurred_at"))),
    Column("facility", gettext_lazy("Facility"), lambda p: _last_step(p, "facility") or ""),
    Column("country", gettext_lazy("Country"), lambda p: _last_step(p, "country") or ""),
)


def _aftercare(user: Any, params: Mapping[str, Any], record: Any) -> Selection:
    rows = scoping.aftercare_people_for(user).select_related("party").prefetch_related("aftercare_events")
    return Selection(rows.order_by("surname", "given_name", "pk"), {})


# Remains -------------------------------------------------------------------------------------------------------

TRANSFER_COLUMNS = (
    Column("transfer_id", gettext_lazy("Transfer id"), lambda t: str(t.public_id)),
    Column("agreement", gettext_lazy("Agreement"), lambda t: t.agreement.title),
    Column("number", gettext_lazy("Number"), lambda t: t.number),
    Column("sender", gettext_lazy("Sent by"), lambda t: t.sender.short_name),
    Column("receiver", gettext_lazy("Received by"), lambda t: t.receiver.short_name),
    Column("transferred_on", gettext_lazy("Transferred on"), lambda t: _when(t.transferred_on)),
    Column("place", gettext_lazy("Place"), lambda t: t.place),
    Column("claimed_individuals", gettext_lazy("Individuals claimed"), lambda t: t.claimed_individuals),
    Column("units", gettext_lazy("Units counted"), lambda t: t.unit_count),
    Column("state", gettext_lazy("State"), lambda t: t.get_state_display()),
    Column("received_on", gettext_lazy("Received on"), lambda t: _when(t.received_on)),
)


def _agreement_filter(params: Mapping[str, Any]) -> dict[str, str]:
    """The remains pages' and API's optional narrowing to one agreement; a malformed id is ignored."""
    value = str(params.get("agreement") or "").strip()
    try:
        return {"agreement": str(uuid.UUID(value))}
    except ValueError:
        return {}


def _transfers(user: Any, params: Mapping[str, Any], record: Any) -> Selection:
    filters = _agreement_filter(params)
    rows = scoping.remains_transfers_for(user)
    if filters:
        rows = rows.filter(agreement__public_id=filters["agreement"])
    rows = rows.select_related("agreement", "sender", "receiver").annotate(unit_count=Count("units"))
    return Selection(rows.order_by("agreement_id", "number", "id"), filters)


IDENTIFICATION_COLUMNS = (
    Column("identification_id", gettext_lazy("Identification id"), lambda i: str(i.public_id)),
    Column("laboratory_reference", gettext_lazy("Laboratory reference"), lambda i: i.laboratory_reference),
    Column("laboratory", gettext_lazy("Laboratory"), lambda i: i.laboratory),
    Column("identified_on", gettext_lazy("Identified on"), lambda i: _when(i.identified_on)),
    Column("method", gettext_lazy("Method"), lambda i: i.get_method_display()),
    Column("sent_by", gettext_lazy("Remains sent by"), lambda i: i.sending_party.short_name),
    Column("identified_by", gettext_lazy("Identified by"), lambda i: i.receiving_party.short_name),
    Column("whose_dead", gettext_lazy("Whose dead"), lambda i: i.own_party.short_name),
    Column("units", gettext_lazy("Units"), lambda i: i.unit_count),
    Column("return", gettext_lazy("Return"),
           lambda i: i.remains_return.get_state_display() if hasattr(i, "remains_return") else ""),
)


def _identifications(user: Any, params: Mapping[str, Any], record: Any) -> Selection:
    filters = _agreement_filter(params)
    rows = scoping.identifications_for(user)
    if filters:
        rows = rows.filter(agreement__public_id=filters["agreement"])
    rows = rows.select_related("receiving_party", "sending_party", "own_party", "remains_return") \
        .annotate(unit_count=Count("units"))
    return Selection(rows.order_by("-identified_on", "id"), filters)


# The audit log ------------------------------------------------------------------------------------------------

AUDIT_COLUMNS = (
    Column("sequence", gettext_lazy("Sequence"), lambda e: e.sequence),
    Column("time", gettext_lazy("Time"), lambda e: _when(e.occurred_at)),
    Column("actor", gettext_lazy("Actor"), lambda e: e.actor_username),
    Column("organisation", gettext_lazy("Organisation"), lambda e: e.organisation.short_name if e.organisation else ""),
    Column("action", gettext_lazy("Action"), lambda e: e.action),
    Column("object", gettext_lazy("Object"), lambda e: e.object_type),
    Column("object_id", gettext_lazy("Object id"), lambda e: str(e.object_id or "")),
    Column("before", gettext_lazy("Before"), lambda e: e.before_digest),
    Column("after", gettext_lazy("After"), lambda e: e.after_digest),
    Column("entry_hash", gettext_lazy("Entry hash"), lambda e: e.entry_hash),
)


def _audit(user: Any, params: Mapping[str, Any], record: Any) -> Selection:
    from django.db.models import Max

    # The log as it stands when the export is asked for: the export's own entry comes after it.
    rows = scoping.audit_entries_for(user)
    last = rows.aggregate(last=Max("sequence"))["last"] or 0
    return Selection(rows.filter(sequence__lte=last).select_related("organisation").order_by("-sequence"), {})


def _reconciler(actor: Actor) -> bool:
    return actor.is_party or actor.is_mediator


KINDS: dict[str, ExportKind] = {kind.name: kind for kind in (
    ExportKind("declarations", gettext_lazy("Registry"), DECLARATION_COLUMNS, _declarations),
    ExportKind("imports", gettext_lazy("Imports"), IMPORT_COLUMNS, _imports),
    ExportKind("candidates", gettext_lazy("Review queue"), CANDIDATE_COLUMNS, _candidates, allowed=_reconciler,
               refusal=gettext_lazy("Reconciliation is open to the parties and the mediator.")),
    ExportKind("plans", gettext_lazy("Phase plans"), PLAN_COLUMNS, _plans),
    ExportKind("plan", gettext_lazy("Phase plan"), PLAN_ENTRY_COLUMNS, _plan_entries,
               record=scoping.get_plan_for_user),
    ExportKind("manifest", gettext_lazy("Manifest"), MANIFEST_COLUMNS, _manifest_entries,
               record=scoping.get_manifest_for_user),
    ExportKind("aftercare", gettext_lazy("After-care"), AFTERCARE_COLUMNS, _aftercare),
    ExportKind("transfers", gettext_lazy("Remains transfers"), TRANSFER_COLUMNS, _transfers, allowed=_reconciler,
               refusal=gettext_lazy("Transfers and identifications are open to the parties and the mediator.")),
    ExportKind("identifications", gettext_lazy("Identifications"), IDENTIFICATION_COLUMNS, _identifications,
               allowed=_reconciler,
               refusal=gettext_lazy("Transfers and identifications are open to the parties and the mediator.")),
    ExportKind("audit", gettext_lazy("Audit log"), AUDIT_COLUMNS, _audit, allowed=lambda actor: actor.sees_audit_log,
               refusal=gettext_lazy("The audit log is open to auditors and the mediator.")),
)}


def select(kind: ExportKind, user: Any, params: Mapping[str, Any], record_id: Any = None) -> Selection:
    """The rows ``user`` may export: refused (NotAllowed) for a role the list page refuses, 404 for a hidden record."""
    actor = scoping.require_actor(user)
    if not kind.allowed(actor):
        raise NotAllowed(str(kind.refusal))
    record = kind.record(user, record_id) if kind.record is not None else None
    return kind.select(user, params, record)


@audited_service
def export_record(*, acting_user: Any, kind: str, file_format: str, count: int, filters: dict[str, str],
                  record: Any = None) -> None:
    """Who exported which list, how many rows, with which filters: exports of personal data are logged."""
    audit.record(
        acting_user=acting_user, action="reports.export", object_type=f"{kind}_list",
        object_id=getattr(record, "public_id", None),
        summary={"kind": kind, "format": file_format, "count": count, "filters": filters},
    )
