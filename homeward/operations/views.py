"""Operations pages: manifests and their signatures, outcomes at the border, the ledger, the protocol, after-care.

Everything is fetched through homeward.accounts.scoping and changed only
through homeward.operations.services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.accounts.models import Organisation
from homeward.accounts.scoping import (
    Actor,
    NotAllowed,
    aftercare_people_for,
    get_declaration_for_user,
    get_manifest_for_user,
    get_plan_for_user,
    manifest_entries_for,
    organisation_aftercare_people,
    planning_agreements_for,
    plans_for,
)
from homeward.accounts.sessions import fresh_sign_in_required
from homeward.accounts.signing import verify_stored
from homeward.accounts.views import member_required
from homeward.audit.freshness import for_reader_until_next_write, until_next_write
from homeward.operations import content, services
from homeward.operations.choices import AftercareStage, Outcome, VehicleKind
from homeward.operations.ledger import agreement_ledger, phase_ledger
from homeward.operations.models import AftercareEvent, DocumentSignature, Manifest, PhaseProtocol
from homeward.operations.wording import quota_words
from homeward.planning.services import organisations_of
from homeward.registry.errors import RegistryError

PAGE_SIZE = 50


@member_required
def operations_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    # Every approved plan with its manifests and protocols in three queries, however many phases and agreements.
    plans: dict[int, list[dict[str, Any]]] = {}
    for plan in plans_for(request.user).filter(state="approved").order_by("phase_index").prefetch_related(
            Prefetch("manifests", queryset=Manifest.objects.order_by("side", "vehicle_label", "-version")),
            Prefetch("protocols", queryset=PhaseProtocol.objects.defer("content").order_by("-version"))):
        plans.setdefault(plan.agreement_id, []).append(
            {"plan": plan, "manifests": list(plan.manifests.all()), "protocol": next(iter(plan.protocols.all()), None)})
    rows = [{"agreement": agreement, "plans": plans.get(agreement.pk, [])}
            for agreement in planning_agreements_for(request.user).select_related("party_a", "party_b", "mediator")]
    return render(request, "operations/index.html", {"nav": "operations", "title": _("Handovers"), "rows": rows,
                                                     "vehicle_kinds": VehicleKind.choices})


def _step(request: HttpRequest, back: Callable[[], HttpResponse], action: Callable[[], Any], done: str) -> HttpResponse:
    try:
        action()
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except RegistryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return back()


@member_required
@require_POST
def manifests_make(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    plan = get_plan_for_user(request.user, public_id)
    try:
        seats = int(request.POST.get("seats", "50"))
    except ValueError:
        seats = 0
    return _step(request, lambda: redirect("operations:index"), lambda: services.manifests_from_plan(
        plan=plan, vehicle_kind=request.POST.get("vehicle_kind", "bus"), seats=seats, acting_user=request.user),
        _("Manifests made."))


@member_required
def manifest_detail(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    manifest = get_manifest_for_user(request.user, public_id)
    entries = manifest_entries_for(request.user, manifest).select_related(
        "declaration", "outcome", "outcome__substitute").order_by("id")
    rows = DocumentSignature.objects.filter(kind=content.MANIFEST, document_id=manifest.public_id)
    checks = verify_stored(content.MANIFEST, content.manifest_content(manifest), rows.select_related(
        "organisation", "signed_by"))
    orgs = organisations_of(manifest.plan.agreement)
    signed = {row.organisation_id for row, _ in checks}
    context = {
        "nav": "operations", "title": str(manifest), "manifest": manifest, "checks": checks,
        "page": Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page")),
        "hidden": manifest.entries.exclude(pk__in=manifest_entries_for(request.user, manifest).values("pk")).exists(),
        "can_sign": actor.role == "coordinator" and actor.organisation.pk in orgs.values()
        and actor.organisation.pk not in signed and manifest.state == "draft",
        "can_record": manifest.state == "signed" and actor.organisation.pk == orgs["mediator"]
        and actor.role in ("coordinator", "operator"),
        "outcomes": Outcome.choices, "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    return render(request, "operations/manifest.html", context)


@member_required
@require_POST
@fresh_sign_in_required
def manifest_sign(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    manifest = get_manifest_for_user(request.user, public_id)
    return _step(request, lambda: redirect("operations:manifest", public_id=manifest.public_id),
                 lambda: services.manifest_sign(manifest=manifest, acting_user=request.user),
                 _("Signed for %(org)s.") % {"org": actor.organisation.short_name})


@member_required
@require_POST
def outcome_record(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    manifest = get_manifest_for_user(request.user, public_id)
    person = get_declaration_for_user(request.user, request.POST.get("declaration"))
    substitute = (get_declaration_for_user(request.user, request.POST["substitute"])
                  if request.POST.get("substitute") else None)

    def record() -> Any:
        when = dt.datetime.fromisoformat(request.POST.get("occurred_at", ""))
        return services.handover_record(
            entry=services.entry_for(manifest, person), outcome=request.POST.get("outcome", ""),
            occurred_at=timezone.make_aware(when) if timezone.is_naive(when) else when,
            place=request.POST.get("place", ""), substitute=substitute, note=request.POST.get("note", ""),
            acting_user=request.user)

    try:
        return _step(request, lambda: redirect("operations:manifest", public_id=manifest.public_id), record,
                     _("Outcome recorded."))
    except ValueError:
        messages.error(request, _("Give the time as yyyy-mm-ddThh:mm."))
        return redirect("operations:manifest", public_id=manifest.public_id)


@member_required
def protocol_page(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    plan = get_plan_for_user(request.user, public_id)
    protocol = plan.protocols.order_by("-version").first()
    checks = []
    if protocol is not None:
        rows = DocumentSignature.objects.filter(kind=content.PROTOCOL, document_id=protocol.public_id)
        checks = verify_stored(content.PROTOCOL, protocol.content, rows.select_related("organisation", "signed_by"))
    orgs = organisations_of(plan.agreement)
    signed = {row.organisation_id for row, _ in checks}
    return render(request, "operations/protocol.html", {
        "nav": "operations", "title": _("Phase protocol"), "plan": plan, "protocol": protocol, "checks": checks,
        "ledger": until_next_write(phase_ledger, plan), "can_create": actor.organisation.pk == orgs["mediator"]
        and actor.role in ("coordinator", "operator"),
        "can_sign": protocol is not None and actor.role == "coordinator" and actor.organisation.pk in orgs.values()
        and actor.organisation.pk not in signed,
    })


@member_required
@require_POST
def protocol_create(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    plan = get_plan_for_user(request.user, public_id)
    return _step(request, lambda: redirect("operations:protocol", public_id=plan.public_id),
                 lambda: services.protocol_create(plan=plan, acting_user=request.user), _("Protocol drawn up."))


@member_required
@require_POST
@fresh_sign_in_required
def protocol_sign(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    plan = get_plan_for_user(request.user, public_id)
    protocol = plan.protocols.order_by("-version").first()
    if protocol is None:
        raise PermissionDenied(_("There is no protocol to sign yet."))
    return _step(request, lambda: redirect("operations:protocol", public_id=plan.public_id),
                 lambda: services.protocol_sign(protocol=protocol, acting_user=request.user),
                 _("Signed for %(org)s.") % {"org": actor.organisation.short_name})


@member_required
def ledger_page(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    agreement = planning_agreements_for(request.user).filter(public_id=public_id).first()
    if agreement is None:
        raise PermissionDenied(_("No such agreement."))
    ledger, terms = until_next_write(agreement_ledger, agreement)
    phases = sorted({phase for phase, _ in ledger.by_phase})
    categories = sorted({category for category, _ in ledger.by_category})
    return render(request, "operations/ledger.html", {
        "nav": "operations", "title": _("Parity ledger"), "agreement": agreement, "ledger": ledger, "terms": terms,
        "phases": [(p, ledger.by_phase.get((p, "a"), 0), ledger.by_phase.get((p, "b"), 0)) for p in phases],
        "categories": [(c, ledger.by_category.get((c, "a"), 0), ledger.by_category.get((c, "b"), 0))
                       for c in categories],
        "quota": [(side, quota_words(ledger, side)) for side in ("a", "b")],
    })


@member_required
def aftercare_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    order = for_reader_until_next_write("aftercare-order", actor, lambda: _aftercare_order(actor.organisation))
    page = Paginator(order, PAGE_SIZE).get_page(request.GET.get("page"))
    people = {person.pk: person for person in aftercare_people_for(request.user).filter(
        pk__in=page.object_list).select_related("party")}
    # The stages' names translated once for the page, not once per step and per form (hundreds of times).
    stages = [(value, str(label)) for value, label in AftercareStage.choices]
    names = dict(stages)
    events: dict[int, list[tuple[AftercareEvent, str]]] = {}
    # Each person's steps in time order; not the model's ordering, which joins the person to sort by name.
    for event in AftercareEvent.objects.filter(declaration__in=list(people)).order_by("occurred_at", "id"):
        events.setdefault(event.declaration_id, []).append((event, names.get(event.stage, event.stage)))
    can_record = actor.role == "medical_officer" or (actor.is_party and actor.role in ("coordinator", "operator"))
    return render(request, "operations/aftercare.html", {
        "nav": "aftercare", "title": _("After-care"), "page": page,
        "rows": [(people[pk], events.get(pk, [])) for pk in page.object_list if pk in people],
        "stages": stages, "can_record": can_record,
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    })


def _aftercare_order(organisation: Organisation) -> list[int]:
    """The returned people the organisation follows, in the page's order (by name): every crossing and share
    is read to find them, so the list is kept until the next audited write (outcomes, shares, corrections)."""
    return list(organisation_aftercare_people(organisation).order_by("surname", "given_name", "pk")
                .values_list("pk", flat=True))


@member_required
@require_POST
def aftercare_record(request: HttpRequest, actor: Actor) -> HttpResponse:
    person = aftercare_people_for(request.user).filter(public_id=request.POST.get("declaration")).first()
    if person is None:
        raise PermissionDenied(_("No such returned person."))

    def record() -> Any:
        when = dt.datetime.fromisoformat(request.POST.get("occurred_at", ""))
        return services.aftercare_record(
            declaration=person, stage=request.POST.get("stage", ""),
            occurred_at=timezone.make_aware(when) if timezone.is_naive(when) else when,
            facility=request.POST.get("facility", ""), country=request.POST.get("country", ""),
            acting_user=request.user)

    try:
        return _step(request, lambda: redirect("operations:aftercare"), record, _("After-care step recorded."))
    except ValueError:
        messages.error(request, _("Give the time as yyyy-mm-ddThh:mm."))
        return redirect("operations:aftercare")
