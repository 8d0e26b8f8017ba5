"""Remains pages: each agreement's progress and transfers, a transfer's units, identifications, returns.

Rows are fetched only through homeward.accounts.scoping and written only
through homeward.remains.services; a form is offered only to the roles the
service would accept (homeward.remains.policy), and a refusal is shown next
to its field. An HTMX request gets the fragment it swaps, any other request
the whole page, from the same view. Observers read an agreement's progress
(counts only); medical services see nothing here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from homeward.accounts.scoping import (
    Actor,
    NotAllowed,
    declarations_for,
    get_identification_for_user,
    get_remains_return_for_user,
    get_remains_transfer_for_user,
    identifications_for,
    remains_agreements_for,
    remains_progress_agreements_for,
    remains_returns_for,
    remains_transfers_for,
)
from homeward.accounts.views import member_required
from homeward.lib.fragments import render_page_or_fragment as _render
from homeward.lib.fragments import wants_fragment as _wants_fragment
from homeward.lib.paging import CountedPaginator
from homeward.remains import policy, services
from homeward.remains.errors import InvalidField, RemainsConflict, RemainsError
from homeward.remains.forms import (
    AnnounceForm,
    CompleteReturnForm,
    DiscrepancyForm,
    IdentificationForm,
    ReceiveForm,
)
from homeward.remains.models import Identification, RemainsTransfer
from homeward.remains.progress import progress_rows

T = TypeVar("T")
PAGE_SIZE = 100


def _attempt(form: Any, write: Callable[[], T]) -> tuple[T | None, int]:
    """Run a service; a refusal goes next to its field (or on top) and gives the status to answer with."""
    try:
        return write(), 200
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except RemainsError as exc:
        on_form = isinstance(exc, InvalidField) and exc.field in form.fields
        form.add_error(exc.field if on_form else None, exc.problem if on_form else str(exc))
        return None, 409 if isinstance(exc, RemainsConflict) else 400


def _require_reader(actor: Actor) -> None:
    if not actor.sees_negotiations:
        raise PermissionDenied(_("Remains are open to the parties, the mediator and (as figures) observers."))


def _require_worker(actor: Actor) -> None:
    if not (actor.is_party or actor.is_mediator):
        raise PermissionDenied(_("Transfers and identifications are open to the parties and the mediator."))


# Agreements and their progress

@member_required
def index(request: HttpRequest, actor: Actor) -> HttpResponse:
    _require_reader(actor)
    agreements = remains_progress_agreements_for(request.user).select_related("party_a", "party_b", "mediator")
    rows = [{"agreement": a, "sides": progress_rows(a)} for a in agreements]
    return render(request, "remains/index.html", {"nav": "remains", "title": _("Remains"), "agreements": rows})


@member_required
@require_http_methods(["GET", "POST"])
def agreement_remains(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    """Progress for everyone who may read it; transfers, the announce form and returns for parties and mediator."""
    _require_reader(actor)
    agreement = remains_progress_agreements_for(request.user).filter(public_id=public_id) \
        .select_related("party_a", "party_b", "mediator").first()
    if agreement is None:
        raise Http404(_("No such agreement."))
    works_with = remains_agreements_for(request.user).filter(pk=agreement.pk).exists()
    form, status = None, 200
    if works_with and policy.may_announce(actor, agreement):
        form = AnnounceForm(request.POST or None, initial={"transferred_on": timezone.localdate()})
        if request.method == "POST":
            status = 400
            if form.is_valid():
                transfer, status = _attempt(form, lambda: services.transfer_announce(
                    agreement=agreement, acting_user=request.user, **form.cleaned_data))
                if transfer is not None:
                    messages.success(request, _("Transfer %(number)s announced.") % {"number": transfer.number})
                    return redirect("remains:transfer", public_id=transfer.public_id)
    elif request.method == "POST":
        raise PermissionDenied(_("Only a coordinator or operator of a party to the agreement announces transfers."))
    context: dict[str, Any] = {"nav": "remains", "title": _("Remains: %(title)s") % {"title": agreement.title},
                               "agreement": agreement, "sides": progress_rows(agreement), "works_with": works_with,
                               "form": form, "clause": services.remains_clause(agreement)}
    if works_with:
        context["transfers"] = remains_transfers_for(request.user).filter(agreement=agreement) \
            .select_related("sender", "receiver").annotate(
                unit_count=Count("units"), discrepancies=Count("units", filter=~Q(units__discrepancy="")))
        context["returns"] = remains_returns_for(request.user).filter(identification__agreement=agreement) \
            .select_related("identification", "from_party", "to_party")
        context["identified"] = identifications_for(request.user).filter(agreement=agreement).count()
        context["export_params"] = [("agreement", agreement.public_id)]
    return render(request, "remains/agreement.html", context, status=status)


# One transfer: its units, receipt and discrepancies

# A unit's identifications as a subquery, not a join: with a join every unit of the transfer (thousands) was
# grouped and sorted to show a page of them; this way the page reads its units in label order and stops.
_LINKS = Identification.units.through.objects.filter(remainsunit=OuterRef("pk"))
UNIT_FILTERS = {"all": Q(), "discrepancy": ~Q(discrepancy=""), "identified": Q(Exists(_LINKS)),
                "unidentified": ~Q(Exists(_LINKS))}
IDENTIFIED = Subquery(_LINKS.order_by().values("remainsunit").annotate(n=Count("pk")).values("n"))


@member_required
def transfer_detail(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    transfer = get_remains_transfer_for_user(request.user, public_id)
    return _transfer_page(request, actor, transfer)


def _transfer_page(request: HttpRequest, actor: Actor, transfer: RemainsTransfer, *,
                   receive_form: ReceiveForm | None = None, discrepancy_form: DiscrepancyForm | None = None,
                   status: int = 200) -> HttpResponse:
    show = request.GET.get("show", "all")
    show = show if show in UNIT_FILTERS else "all"
    shown = transfer.units.filter(UNIT_FILTERS[show])
    units = shown.annotate(identified=Coalesce(IDENTIFIED, 0)).order_by("label")
    unit_total = transfer.units.count()
    count = unit_total if show == "all" else shown.count()
    context: dict[str, Any] = {"nav": "remains", "transfer": transfer, "show": show,
                               "page": CountedPaginator(units, PAGE_SIZE, count=count).get_page(
                                   request.GET.get("page"))}
    if not _wants_fragment(request):
        may_receive = policy.may_receive(actor, transfer)
        if receive_form is None and may_receive and not transfer.is_received:
            receive_form = ReceiveForm(initial={"received_on": timezone.localdate()})
        if discrepancy_form is None and may_receive and transfer.is_received:
            discrepancy_form = DiscrepancyForm()
        context.update(
            title=_("Transfer %(number)s") % {"number": transfer.number},
            unit_total=unit_total, receive_form=receive_form, discrepancy_form=discrepancy_form,
            identified=identifications_for(request.user).filter(units__transfer=transfer).distinct().count(),
        )
    return _render(request, "remains/transfer.html", "remains/partials/units.html", context, status)


@member_required
@require_POST
def transfer_receive(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    transfer = get_remains_transfer_for_user(request.user, public_id)
    if not policy.may_receive(actor, transfer):
        raise PermissionDenied(_("Only a coordinator or operator of the receiving party records the units."))
    form = ReceiveForm(request.POST)
    status = 400
    if form.is_valid():
        received, status = _attempt(form, lambda: services.transfer_receive(
            transfer=transfer, acting_user=request.user, **form.cleaned_data))
        if received is not None:
            messages.success(request, _("%(count)s units recorded.") % {"count": len(form.cleaned_data["units"])})
            return redirect("remains:transfer", public_id=transfer.public_id)
    return _transfer_page(request, actor, transfer, receive_form=form, status=status)


@member_required
@require_POST
def unit_discrepancy(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    transfer = get_remains_transfer_for_user(request.user, public_id)
    if not policy.may_receive(actor, transfer):
        raise PermissionDenied(_("Only a coordinator or operator of the receiving party records a discrepancy."))
    form = DiscrepancyForm(request.POST)
    status = 400
    if form.is_valid():
        unit = transfer.units.filter(label=form.cleaned_data["label"].strip()).first()
        if unit is None:
            form.add_error("label", _("No unit with this label in this transfer."))
        else:
            done, status = _attempt(form, lambda: services.unit_discrepancy_record(
                unit=unit, discrepancy=form.cleaned_data["discrepancy"], note=form.cleaned_data["note"],
                acting_user=request.user))
            if done is not None:
                messages.success(request, _("Discrepancy recorded for %(label)s.") % {"label": unit.label})
                return redirect("remains:transfer", public_id=transfer.public_id)
    return _transfer_page(request, actor, transfer, discrepancy_form=form, status=status)


# Identifications and returns

def _received_transfers(user: Any, actor: Actor) -> list[tuple[str, str]]:
    rows = remains_transfers_for(user).filter(receiver=actor.organisation).exclude(state="announced") \
        .select_related("agreement").order_by("agreement_id", "number")
    return [(str(t.public_id), f"{t.agreement.title}: {t} — {t.place}") for t in rows]


@member_required
@require_http_methods(["GET", "POST"])
def identification_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    _require_worker(actor)
    form, status = None, 200
    if actor.is_party and policy.may_identify(actor, actor.organisation.pk):
        form = IdentificationForm(request.POST or None, transfers=_received_transfers(request.user, actor),
                                  initial={"identified_on": timezone.localdate()})
        if request.method == "POST":
            status = 400
            if form.is_valid():
                identification, status = _attempt(form, lambda: _identify(request.user, form.cleaned_data))
                if identification is not None:
                    messages.success(request, _("Identification recorded."))
                    return redirect("remains:identification", public_id=identification.public_id)
    elif request.method == "POST":
        raise PermissionDenied(_("Only the receiving party's forensic staff record identifications."))
    # The units counted per row by a subquery, not a join: grouping every identification to show a page of them
    # cost more than the page.
    units = Identification.units.through.objects.filter(identification=OuterRef("pk")).order_by()
    rows = identifications_for(request.user).select_related(
        "receiving_party", "sending_party", "own_party", "remains_return").annotate(
        unit_count=Coalesce(Subquery(units.values("identification").annotate(n=Count("pk")).values("n")), 0))
    context = {"nav": "remains", "title": _("Identifications"), "form": form,
               "page": Paginator(rows.order_by("-identified_on", "id"), PAGE_SIZE).get_page(request.GET.get("page"))}
    return _render(request, "remains/identifications.html", "remains/partials/identifications.html", context,
                   status)


def _identify(user: Any, data: dict[str, Any]) -> Any:
    """Labels in the chosen transfer to units; a label not in it is refused by name, like an unknown unit."""
    transfer = remains_transfers_for(user).filter(public_id=data["transfer"]).select_related("sender").first()
    if transfer is None:
        raise InvalidField("transfer", _("No such transfer."))
    units = dict(transfer.units.filter(label__in=data["labels"]).values_list("label", "public_id"))
    missing = [label for label in data["labels"] if label not in units]
    if missing:
        raise InvalidField("labels", _("No unit labelled %(labels)s in this transfer.") % {
            "labels": ", ".join(missing[:5])})
    own_party = transfer.sender if data["own_party"] == "sending" else transfer.receiver
    return services.identification_record(
        unit_ids=[units[label] for label in data["labels"]], method=data["method"], laboratory=data["laboratory"],
        laboratory_reference=data["laboratory_reference"], identified_on=data["identified_on"],
        own_party=own_party, person_id=data["person"], acting_user=user)


@member_required
def identification_detail(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    return _identification_page(request, actor, get_identification_for_user(request.user, public_id))


def _identification_page(request: HttpRequest, actor: Actor, identification: Any, *,
                         form: CompleteReturnForm | None = None, status: int = 200) -> HttpResponse:
    remains_return = remains_returns_for(request.user).filter(identification=identification) \
        .select_related("from_party", "to_party", "completed_by").first()
    if form is None and remains_return is not None and remains_return.state == "raised" \
            and policy.may_complete_return(actor, remains_return):
        form = CompleteReturnForm(initial={"completed_on": timezone.localdate()})
    person = declarations_for(request.user).filter(pk=identification.person_id).select_related("party").first() \
        if identification.person_id else None
    context = {
        "nav": "remains", "title": _("Identification %(reference)s") % {
            "reference": identification.laboratory_reference},
        "identification": identification, "person": person, "person_hidden": identification.person_id and not person,
        "units": identification.units.filter(transfer__in=remains_transfers_for(request.user))
        .select_related("transfer").order_by("transfer__number", "label"),
        "remains_return": remains_return, "form": form,
    }
    return render(request, "remains/identification.html", context, status=status)


@member_required
@require_POST
def return_complete(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    remains_return = get_remains_return_for_user(request.user, public_id)
    if not policy.may_complete_return(actor, remains_return):
        raise PermissionDenied(_("Only the party the remains go back to confirms the return."))
    form = CompleteReturnForm(request.POST)
    status = 400
    identification = get_identification_for_user(request.user, remains_return.identification.public_id)
    if form.is_valid():
        done, status = _attempt(form, lambda: services.return_complete(
            remains_return=remains_return, acting_user=request.user, **form.cleaned_data))
        if done is not None:
            messages.success(request, _("Return recorded as complete."))
            return redirect("remains:identification", public_id=identification.public_id)
    return _identification_page(request, actor, identification, form=form, status=status)
