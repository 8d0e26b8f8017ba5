"""Phase plan pages: each agreement's phases, a plan with its proof and a reason for everyone, and its lifecycle.

Plans and their entries are fetched only through homeward.accounts.scoping
(entries of people not shared with the user's organisation are counted, not
shown) and changed only through homeward.planning.services.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Count, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.accounts.models import Organisation
from homeward.accounts.scoping import (
    Actor,
    NotAllowed,
    get_declaration_for_user,
    get_plan_for_user,
    organisation_declaration_visibility,
    plan_adjustments_for,
    plan_entries_for,
    planning_agreements_for,
    plans_for,
)
from homeward.accounts.sessions import fresh_sign_in_required
from homeward.accounts.views import member_required
from homeward.audit.freshness import for_reader_until_next_write
from homeward.lib.paging import CountedPaginator
from homeward.planning import services
from homeward.planning.models import PhasePlan, PlanEntry
from homeward.registry.errors import RegistryError
from homeward_core.eligibility import TermsError

PAGE_SIZE = 50
STATUSES = {"selected": {"selected": True}, "not_selected": {"selected": False, "eligible": True},
            "not_eligible": {"eligible": False}}


@member_required
def plan_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    agreements = []
    for agreement in planning_agreements_for(request.user).select_related("party_a", "party_b", "mediator"):
        agreements.append({"agreement": agreement, "phases": _phases(request, agreement),
                           "can_plan": services.is_planner(actor, agreement)})
    return render(request, "planning/index.html", {"nav": "planning", "title": _("Phase plans"),
                                                   "agreements": agreements})


def _phases(request: HttpRequest, agreement: Any) -> list[dict[str, Any]]:
    version = agreement.current_version()
    try:
        terms = version.parsed() if version else None
    except TermsError:
        terms = None
    names = [phase.name for phase in terms.phases] if terms and terms.phases else [_("Whole agreement")]
    plans = list(plans_for(request.user).filter(agreement=agreement).order_by("phase_index", "-version"))
    rows = []
    for index, name in enumerate(names):
        mine = [plan for plan in plans if plan.phase_index == index]
        capacity = terms.capacity(index if terms.phases else None) if terms else {}
        rows.append({"index": index, "name": name, "latest": mine[0] if mine else None, "versions": len(mine),
                     "day": terms.phases[index].day if terms and terms.phases else None, "capacity": capacity,
                     "approved": next((p for p in mine if p.state == "approved"), None)})
    return rows


@member_required
@require_POST
def plan_draft(request: HttpRequest, actor: Actor) -> HttpResponse:
    try:
        public_id = uuid.UUID(request.POST.get("agreement", ""))
    except ValueError:
        raise PermissionDenied(_("No such agreement.")) from None
    agreement = planning_agreements_for(request.user).filter(public_id=public_id).first()
    if agreement is None:
        raise PermissionDenied(_("No such agreement."))
    try:
        phase = int(request.POST.get("phase", ""))
        plan = services.plan_draft(agreement=agreement, phase_index=phase, acting_user=request.user)
    except ValueError:
        messages.error(request, _("Choose a phase."))
        return redirect("planning:index")
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except RegistryError as exc:
        messages.error(request, str(exc))
        return redirect("planning:index")
    messages.success(request, _("Version %(version)s planned.") % {"version": plan.version})
    return redirect("planning:detail", public_id=plan.public_id)


@member_required
def plan_detail(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    plan = get_plan_for_user(request.user, public_id)
    status = request.GET.get("status", "selected")
    side = request.GET.get("side", "")
    entries = plan_entries_for(request.user, plan).filter(**STATUSES.get(status, STATUSES["selected"]))
    if side in ("a", "b"):
        entries = entries.filter(side=side)
    entries = entries.select_related("declaration", "declaration__party").order_by("side", "id")
    figures = for_reader_until_next_write("plan-figures", actor, lambda: _entry_figures(plan, actor.organisation),
                                          plan.public_id)
    per_side = figures["counts"][status if status in STATUSES else "selected"]
    shown = per_side.get(side, 0) if side in ("a", "b") else sum(per_side.values())
    context: dict[str, Any] = {
        "nav": "planning", "plan": plan, "status": status, "side": side,
        "export_params": [("status", status), ("side", side)],
        "page": CountedPaginator(entries, PAGE_SIZE, count=shown).get_page(request.GET.get("page")),
        "can_plan": services.is_planner(actor, plan.agreement) and plan.state in services.OPEN_STATES,
        "adjusted": set(plan.adjustments.values_list("declaration_id", flat=True)),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "planning/partials/entries.html", context)
    else:
        context.update(_plan_context(request, actor, plan, figures))
        response = render(request, "planning/detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _plan_context(request: HttpRequest, actor: Actor, plan: PhasePlan, figures: dict[str, Any]) -> dict[str, Any]:
    organisations = services.organisations_of(plan.agreement)
    approvals = {a.organisation_id: a for a in plan.approvals.select_related("approved_by", "organisation")}
    return {
        "title": f"{plan.phase_name} · v{plan.version}",
        "counts": {key: sum(per_side.values()) for key, per_side in figures["counts"].items()},
        # Whether, not how many: the number would tell a party the size of the other side's unshared roster.
        "hidden": not actor.is_mediator and figures["hidden"],
        "approvals": [(org, approvals.get(pk)) for org, pk in (
            (plan.agreement.party_a, organisations["a"]), (plan.agreement.party_b, organisations["b"]),
            (plan.agreement.mediator, organisations["mediator"]))],
        "can_approve": services.is_approver(actor, plan.agreement) and plan.state == "proposed"
        and actor.organisation.pk not in approvals,
        "difference": for_reader_until_next_write("plan-difference", actor, lambda: _difference(request, plan),
                                                  plan.public_id),
        # Only locks and exclusions on people the user may see: the others' names are not shared.
        "adjustments": plan_adjustments_for(request.user, plan).select_related("declaration"),
        "sides": {"a": plan.agreement.party_a, "b": plan.agreement.party_b},
    }


def _entry_figures(plan: PhasePlan, organisation: Organisation) -> dict[str, Any]:
    """How many of the plan's entries the organisation sees, per status and side, and whether it misses any.

    One read of the plan's entries (thousands), kept until the next audited write: entries are written
    once with their plan, and what an organisation sees changes only with an audited share.
    """
    # Grouped by side and by whether the organisation sees the entry: the share check runs once an entry,
    # not once for each count it filters (four EXISTS per entry took 36 ms of 10,400 entries).
    visible = organisation_declaration_visibility(organisation, "declaration")
    seen = (Case(When(visible, then=Value(True)), default=Value(False), output_field=BooleanField()) if visible
            else Value(True))  # the mediator's empty condition: every entry
    rows = plan.entries.order_by().annotate(seen=seen).values("side", "seen").annotate(
        n=Count("pk"), **{f"n_{key}": Count("pk", filter=Q(**where)) for key, where in STATUSES.items()})
    counts: dict[str, dict[str, int]] = {key: {} for key in STATUSES}
    for row in rows:
        for key in STATUSES:
            counts[key].setdefault(row["side"], 0)
            if row["seen"]:
                counts[key][row["side"]] += row[f"n_{key}"]
    return {"counts": counts, "hidden": any(not row["seen"] and row["n"] for row in rows)}


def _difference(request: HttpRequest, plan: PhasePlan) -> dict[str, list[Any]] | None:
    """Who came in and who went out since the previous version, among the people the user may see.

    Both versions' entries are read (thousands), so the page keeps the answer until the next audited write:
    entries never change, and what an organisation sees changes only with an audited share.
    """
    if plan.previous_id is None:
        return None
    # Compared in the database: two queries, not every selected id of both versions through Python.
    before = PlanEntry.objects.filter(plan_id=plan.previous_id, selected=True).values("declaration_id")
    # Ordered by the entry's own columns: the model's ordering joins the plan and the agreement to sort.
    visible = plan_entries_for(request.user, plan).select_related("declaration").order_by("side", "id")
    return {"added": list(visible.filter(selected=True).exclude(declaration_id__in=before)),
            "removed": list(visible.filter(selected=False, declaration_id__in=before))}


@member_required
@require_POST
def plan_adjust(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    plan = get_plan_for_user(request.user, public_id)
    declaration = get_declaration_for_user(request.user, request.POST.get("declaration"))
    return _step(request, plan, lambda: services.plan_adjust(
        plan=plan, declaration=declaration, kind=request.POST.get("kind", ""),
        note=request.POST.get("note", ""), acting_user=request.user))


@member_required
@require_POST
def plan_propose(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    plan = get_plan_for_user(request.user, public_id)
    return _step(request, plan, lambda: services.plan_propose(plan=plan, acting_user=request.user))


@member_required
@require_POST
@fresh_sign_in_required
def plan_approve(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    plan = get_plan_for_user(request.user, public_id)
    return _step(request, plan, lambda: services.plan_approve(plan=plan, acting_user=request.user))


def _step(request: HttpRequest, plan: PhasePlan, action: Any) -> HttpResponse:
    try:
        result = action()
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except RegistryError as exc:
        messages.error(request, str(exc))
        return redirect("planning:detail", public_id=plan.public_id)
    messages.success(request, _("Version %(version)s: %(state)s.") % {
        "version": result.version, "state": result.get_state_display()})
    return redirect("planning:detail", public_id=result.public_id)
