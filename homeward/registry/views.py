"""Registry pages: the list, one person, and the import wizard.

Rows are fetched only through homeward.accounts.scoping and written only
through the services; an HTMX request gets the fragment it swaps, any other
request the whole page, from the same view.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from homeward.accounts.scoping import (
    Actor,
    NotAllowed,
    custody_events_for,
    declarations_for,
    declared_by_for,
    get_declaration_for_user,
    get_import_batch_for_user,
    health_records_for,
    history_for,
    import_batches_for,
    interviews_for,
    match_candidates_for,
    plan_entries_of_person_for,
)
from homeward.accounts.views import member_required
from homeward.lib.fragments import wants_fragment as _wants_fragment
from homeward.lib.paging import KeptCountPaginator
from homeward.registry import imports, progress, tasks
from homeward.registry.choices import ImportState
from homeward.registry.filters import DeclarationFilter
from homeward.registry.forms import (
    FIELD_LABELS,
    ColumnMappingForm,
    DeclarationCorrectionForm,
    DeclarationFilterForm,
    ImportUploadForm,
)
from homeward.registry.models import Declaration, ImportBatch
from homeward.registry.services import InvalidField, RegistryError, VersionConflict, declaration_correct

PAGE_SIZE = 50
IMPORTS_PAGE_SIZE = 25


@member_required
def declaration_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    chosen = DeclarationFilter.from_params(request.GET)
    visible = chosen.apply(declarations_for(request.user)).select_related("party")
    context = {
        "nav": "registry",
        "page": KeptCountPaginator(
            visible, PAGE_SIZE, actor=actor, name="registry", parts=sorted(chosen.as_params().items()),
            rows=lambda keys: Declaration.objects.filter(pk__in=keys).select_related("party"),
        ).get_page(request.GET.get("page")),
        "show_party": actor.is_mediator,
        "filtered": bool(chosen.as_params()),
        "export_params": sorted(chosen.as_params().items()),
    }
    if _wants_fragment(request):
        response = render(request, "registry/partials/results.html", context)
    else:
        parties = _party_choices(request.user) if actor.is_mediator else None
        context["form"] = DeclarationFilterForm(initial=chosen.as_params(), parties=parties)
        context["title"] = _("Registry")
        response = render(request, "registry/list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _party_choices(user: Any) -> list[tuple[str, str]]:
    """The organisations that declared a record the user sees: each asked about once, not found among every record."""
    from django.db.models import Exists, OuterRef

    from homeward.accounts.models import Organisation

    declared = declarations_for(user).filter(party=OuterRef("pk"))
    rows = Organisation.objects.filter(Exists(declared)).order_by("name").values_list("public_id", "name")
    return [(str(public_id), name) for public_id, name in rows]


@member_required
@require_http_methods(["GET", "POST"])
def declaration_detail(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    declaration = get_declaration_for_user(request.user, public_id)
    can_correct = actor.can_edit_records_of(declaration.party)
    if request.method == "POST":
        if not can_correct:
            raise PermissionDenied(
                _("Only the declaring party's coordinators and operators correct its records.")
            )
        return _correct(request, actor, declaration)
    form = DeclarationCorrectionForm.for_declaration(declaration) if can_correct else None
    return _render_detail(request, actor, declaration, form)


def _correct(request: HttpRequest, actor: Actor, declaration: Declaration) -> HttpResponse:
    form = DeclarationCorrectionForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, actor, declaration, form, status=400)
    try:
        corrected = declaration_correct(
            declaration=declaration, expected_version=form.cleaned_data["version"],
            changes=form.changes(), reason=form.cleaned_data["reason"], acting_user=request.user,
        )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except VersionConflict as conflict:
        # Start again from what is stored now, so the other change is never overwritten blindly.
        current = get_declaration_for_user(request.user, declaration.public_id)
        fresh = DeclarationCorrectionForm.for_declaration(current, reason=form.cleaned_data["reason"])
        return _render_detail(request, actor, current, fresh, conflict=conflict, status=409)
    except InvalidField as exc:
        # Next to its field when the form has it; otherwise on top, naming the field.
        on_form = exc.field in form.fields
        form.add_error(exc.field if on_form else None, exc.problem if on_form else str(exc))
        return _render_detail(request, actor, declaration, form, status=400)
    except RegistryError as exc:
        form.add_error(None, str(exc))
        return _render_detail(request, actor, declaration, form, status=400)
    if corrected.version == declaration.version:
        messages.info(request, _("Nothing was changed."))
    else:
        saved = _("Correction saved as version %(version)s.") % {"version": corrected.version}
        messages.success(request, saved)
    return redirect("registry:detail", public_id=declaration.public_id)


def _field_label(name: str) -> str:
    field = DeclarationCorrectionForm.base_fields.get(name)
    return str(field.label) if field is not None and field.label else name


def _match_candidates(user: Any, declaration: Declaration) -> list[Any]:
    """Reconciliation candidates involving this person that the user may see (both records visible)."""
    from django.db.models import Q

    rows = match_candidates_for(user).filter(Q(left=declaration) | Q(right=declaration), superseded=False)
    return list(rows.select_related("left", "left__party", "right", "right__party")
                .order_by("-match_probability")[:20])


def _render_detail(
    request: HttpRequest, actor: Actor, declaration: Declaration,
    form: DeclarationCorrectionForm | None, *, conflict: VersionConflict | None = None,
    status: int = 200,
) -> HttpResponse:
    versions = [
        (version, [_field_label(name) for name in version.changed_fields])
        for version in history_for(request.user, declaration)
    ]
    context = {
        # Not the name: page titles end up in the browser's history.
        "title": _("Person record"),
        "nav": "registry",
        "declaration": declaration,
        "custody_events": custody_events_for(request.user, declaration),
        "versions": versions,
        "declared_by": declared_by_for(request.user, declaration),
        "sees_provenance": actor.sees_provenance_of(declaration),
        "health_records": health_records_for(request.user, declaration),
        "interviews": interviews_for(request.user, declaration),
        "plan_entries": plan_entries_of_person_for(request.user, declaration),
        "match_candidates": _match_candidates(request.user, declaration),
        "sees_internal_note": actor.sees_internal_note_of(declaration),
        "form": form,
        "conflict": conflict,
        "conflict_fields": [_field_label(name) for name in (conflict.changed_fields if conflict else [])],
    }
    return render(request, "registry/detail.html", context, status=status)


@member_required
@require_http_methods(["GET", "POST"])
def import_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = None
    if actor.can_import:
        form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only a party's coordinators and operators import rosters."))
        if form.is_valid():
            batch = _upload(request, actor, form)
            if batch is not None:
                return redirect("registry:import_detail", public_id=batch.public_id)
    batches = import_batches_for(request.user).select_related("party", "created_by")
    context = {
        "title": _("Imports"),
        "nav": "imports",
        "form": form,
        "page": Paginator(batches, IMPORTS_PAGE_SIZE).get_page(request.GET.get("page")),
        "show_party": actor.is_mediator,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "registry/imports.html", context, status=status)


def _upload(request: HttpRequest, actor: Actor, form: ImportUploadForm) -> ImportBatch | None:
    upload = form.cleaned_data["file"]
    try:
        batch, new = imports.import_upload(
            party=actor.organisation, kind=form.cleaned_data["kind"], source=upload,
            filename=upload.name, encoding_choice=form.cleaned_data["encoding"],
            acting_user=request.user,
        )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except imports.ImportError_ as exc:
        form.add_error("file", str(exc))
        return None
    if new:
        tasks.enqueue_check(batch, request.user.pk)
    else:
        messages.info(request, _("This file was uploaded before; this is its import."))
    return batch


@member_required
def import_detail(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    batch = get_import_batch_for_user(request.user, public_id)
    context = _import_context(batch)
    if request.GET.get("fragment") == "progress":
        response = render(request, "registry/partials/import_progress.html", context)
        if request.htmx and not context["pending"]:
            response["HX-Refresh"] = "true"  # the step finished: reload to show its report
        return response
    return _render_import(request, actor, batch, context)


def _import_context(batch: ImportBatch) -> dict[str, Any]:
    # A step asked for and not finished yet: the page polls its progress.
    pending = bool(batch.check_requested_at or batch.commit_requested_at)
    return {"batch": batch, "pending": pending, "progress": progress.read(batch.public_id)}


def _render_import(
    request: HttpRequest, actor: Actor, batch: ImportBatch, context: dict[str, Any],
    mapping_form: ColumnMappingForm | None = None, status: int = 200,
) -> HttpResponse:
    idle = actor.can_import and not context["pending"]
    editable = idle and batch.state != ImportState.COMMITTED
    if editable and mapping_form is None:
        mapping_form = ColumnMappingForm(headers=_columns(batch), mapping=batch.mapping)
    context.update(
        title=batch.filename,
        nav="imports",
        mapping_form=mapping_form if editable else None,
        mapped=[(header, FIELD_LABELS.get(field, field)) for header, field in batch.mapping.items()],
        can_commit=idle and batch.state == ImportState.VALIDATED,
        can_recheck=editable,
    )
    return render(request, "registry/import_detail.html", context, status=status)


def _columns(batch: ImportBatch) -> list[str]:
    """Every column of the file (kept by the check), so an unrecognised one can be mapped too."""
    return list(batch.header) + [header for header in batch.mapping if header not in batch.header]


@member_required
@require_POST
def import_mapping(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    batch = get_import_batch_for_user(request.user, public_id)
    if not actor.can_import:
        raise PermissionDenied(_("Only a party's coordinators and operators import rosters."))
    form = ColumnMappingForm(request.POST, headers=_columns(batch), mapping=batch.mapping)
    if form.is_valid():
        try:
            batch = imports.import_set_mapping(
                batch=batch, mapping=form.mapping(), remember=form.cleaned_data["remember"],
                acting_user=request.user,
            )
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        except imports.ImportError_ as exc:
            form.add_error(None, str(exc))
        else:
            tasks.enqueue_check(batch, request.user.pk)
            messages.success(request, _("Column mapping saved; the file is being checked again."))
            return redirect("registry:import_detail", public_id=batch.public_id)
    return _render_import(request, actor, batch, _import_context(batch), mapping_form=form, status=400)


@member_required
@require_POST
def import_commit(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    return _request_step(request, public_id, imports.import_request_commit, tasks.enqueue_commit,
                         _("Commit requested; the rows are being written."))


@member_required
@require_POST
def import_recheck(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    """Check the stored file again: after a refused commit, or when the registry has changed."""
    return _request_step(request, public_id, imports.import_request_check, tasks.enqueue_check,
                         _("The file is being checked again."))


def _request_step(request: HttpRequest, public_id: Any, ask: Any, enqueue: Any, done: str) -> HttpResponse:
    """Ask for an import step through its service and queue it; say why if it was refused."""
    batch = get_import_batch_for_user(request.user, public_id)
    try:
        batch = ask(batch=batch, acting_user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except imports.ImportError_ as exc:
        messages.error(request, str(exc))
    else:
        enqueue(batch, request.user.pk)
        messages.success(request, done)
    return redirect(reverse("registry:import_detail", kwargs={"public_id": batch.public_id}))
