"""Talks and agreements pages: the list with its timeline, one round of talks, one agreement, the terms files.

Rows are fetched only through homeward.accounts.scoping and written only
through the services; a form is offered only to the roles the service would
accept, and a refusal is shown next to its field. An HTMX request gets the
fragment it swaps, any other request the whole page, from the same view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from homeward.accounts.models import Organisation
from homeward.accounts.scoping import (
    Actor,
    NotAllowed,
    agreement_versions_for,
    agreements_for,
    get_agreement_for_user,
    get_proposal_for_user,
    get_talks_for_user,
    talks_for,
)
from homeward.accounts.sessions import fresh_sign_in_required
from homeward.accounts.views import member_required
from homeward.agreements import policy, services
from homeward.agreements.choices import AgreementState, ProposalState
from homeward.agreements.forms import (
    AgreementForm,
    DecisionForm,
    ProposalForm,
    SignForm,
    StateForm,
    TalksForm,
    VersionForm,
    pretty,
)
from homeward.agreements.models import Agreement, AgreementVersion, Proposal, Talks
from homeward.agreements.services import AgreementConflict, AgreementError, InvalidField
from homeward.agreements.timeline import SHOW, timeline
from homeward.agreements.wording import changes, terms_view
from homeward.lib.fragments import wants_fragment as _wants_fragment
from homeward_core.eligibility import TermsError, schema

T = TypeVar("T")


def _require_reader(actor: Actor) -> None:
    if not actor.sees_negotiations:
        raise PermissionDenied(_("Talks and agreements are open to the parties, the mediator and observers."))


def _attempt(form: Any, write: Callable[[], T]) -> tuple[T | None, int]:
    """Run a service; a refusal goes next to its field (or on top) and gives the status to answer with."""
    try:
        return write(), 200
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except AgreementError as exc:
        on_form = isinstance(exc, InvalidField) and exc.field in form.fields
        form.add_error(exc.field if on_form else None, exc.problem if on_form else str(exc))
        return None, 409 if isinstance(exc, AgreementConflict) else 400


# The list and its timeline

@member_required
def index(request: HttpRequest, actor: Actor) -> HttpResponse:
    _require_reader(actor)
    show = request.GET.get("show", "all")
    show = show if show in SHOW else "all"
    context: dict[str, Any] = {"events": timeline(request.user, show), "show": show, "nav": "agreements"}
    if _wants_fragment(request):
        response = render(request, "agreements/partials/timeline.html", context)
    else:
        context.update(
            title=_("Talks and agreements"),
            talks=talks_for(request.user).select_related("mediator").annotate(proposal_count=Count("proposals")),
            agreements=_agreement_rows(request.user),
            can_record_talks=policy.may_record_talks(actor),
        )
        response = render(request, "agreements/index.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _agreement_rows(user: Any) -> list[dict[str, Any]]:
    """Each visible agreement with its current version number and who has still to sign it."""
    versions = AgreementVersion.objects.defer("terms").order_by("-number").prefetch_related("signatures")
    rows = agreements_for(user).select_related("party_a", "party_b", "mediator").prefetch_related(
        Prefetch("versions", queryset=versions))
    listed = []
    for agreement in rows:
        current = next(iter(agreement.versions.all()), None)
        signed = {s.organisation_id for s in current.signatures.all()} if current else set()
        unsigned = [org for org in services.signatories(agreement) if org.pk not in signed]
        listed.append({"agreement": agreement, "version": current, "unsigned": unsigned})
    return listed


# Talks

def _party_choices() -> list[tuple[str, str]]:
    # Names of organisations are not protected: every member sees who the parties are.
    return [(str(o.public_id), o.name) for o in Organisation.objects.filter(kind="party").order_by("name")]


@member_required
@require_http_methods(["GET", "POST"])
def talks_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not policy.may_record_talks(actor):
        raise PermissionDenied(_("Only the mediator's coordinator records talks."))
    form = TalksForm(request.POST or None, parties=_party_choices())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            talks, status = _attempt(form, lambda: _record_talks(request.user, form.cleaned_data))
            if talks is not None:
                messages.success(request, _("Talks recorded."))
                return redirect("agreements:talks", public_id=talks.public_id)
    context = {"title": _("Record talks"), "nav": "agreements", "form": form}
    return render(request, "agreements/talks_form.html", context, status=status)


def _record_talks(user: Any, data: dict[str, Any]) -> Talks:
    parties = {str(o.public_id): o for o in Organisation.objects.filter(public_id__in=[data["party_a"],
                                                                                         data["party_b"]])}
    return services.talks_record(
        title=data["title"], held_on=data["held_on"], venue=data["venue"], party_a=parties[data["party_a"]],
        party_b=parties[data["party_b"]], delegation_a=data["delegation_a"], delegation_b=data["delegation_b"],
        summary=data["summary"], acting_user=user,
    )


def _decision_states(actor: Actor, proposal: Proposal) -> list[str]:
    return [state for state in services.DECISIONS if policy.may_decide(actor, proposal, state)]


def _decision_form(actor: Actor, proposal: Proposal, data: Any = None) -> DecisionForm | None:
    states = _decision_states(actor, proposal) if proposal.state == ProposalState.TABLED else []
    if not states:
        return None
    # Plain field names (the service's names) with ids unique on a page listing several proposals.
    return DecisionForm(data, states=states, auto_id=f"id_{proposal.public_id.hex[:8]}_%s",
                        initial={"decided_on": timezone.localdate()})


def _render_talks(request: HttpRequest, actor: Actor, talks: Talks, *, proposal_form: Any = None,
                  refused: tuple[Proposal, DecisionForm] | None = None, status: int = 200) -> HttpResponse:
    proposals = list(talks.proposals.select_related("proposed_by").prefetch_related("agreements"))
    rows = []
    for proposal in proposals:
        form = refused[1] if refused and refused[0].pk == proposal.pk else _decision_form(actor, proposal)
        rows.append({"proposal": proposal, "form": form,
                     "agreements": [a for a in proposal.agreements.all() if a.talks_id == talks.pk]})
    if proposal_form is None and policy.may_table(actor, talks):
        proposal_form = ProposalForm()
    context = {
        "title": talks.title, "nav": "agreements", "talks": talks, "proposals": rows,
        "proposal_form": proposal_form, "agreements": agreements_for(request.user).filter(talks=talks),
        "can_record_agreement": policy.chairs(actor, talks),
    }
    return render(request, "agreements/talks_detail.html", context, status=status)


@member_required
def talks_detail(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    return _render_talks(request, actor, get_talks_for_user(request.user, public_id))


@member_required
@require_POST
def talks_propose(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    talks = get_talks_for_user(request.user, public_id)
    if not policy.may_table(actor, talks):
        raise PermissionDenied(_("A party's coordinator tables proposals for its own party only."))
    form = ProposalForm(request.POST)
    status = 400
    if form.is_valid():
        proposal, status = _attempt(form, lambda: services.proposal_table(
            talks=talks, proposed_by=actor.organisation, title=form.cleaned_data["title"],
            text=form.cleaned_data["text"], acting_user=request.user))
        if proposal is not None:
            messages.success(request, _("Proposal tabled."))
            return redirect("agreements:talks", public_id=talks.public_id)
    return _render_talks(request, actor, talks, proposal_form=form, status=status)


@member_required
@require_POST
def proposal_decide(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, public_id)
    form = _decision_form(actor, proposal, request.POST)
    if form is None:
        if proposal.state != ProposalState.TABLED:
            messages.error(request, _("This proposal was already decided."))
            return redirect("agreements:talks", public_id=proposal.talks.public_id)
        raise PermissionDenied(_("The other party's coordinator decides on a proposal; its author may withdraw it."))
    status = 400
    if form.is_valid():
        decided, status = _attempt(form, lambda: services.proposal_decide(
            proposal=proposal, acting_user=request.user, **form.cleaned_data))
        if decided is not None:
            messages.success(request, _("Proposal %(state)s.") % {"state": decided.get_state_display().lower()})
            return redirect("agreements:talks", public_id=proposal.talks.public_id)
    talks = get_talks_for_user(request.user, proposal.talks.public_id)
    return _render_talks(request, actor, talks, refused=(proposal, form), status=status)


# Agreements

TERMS_SKELETON = {"format": "homeward-terms/1", "statuses": ["pow"], "quota": {"at_least": 0},
                  "parity": {"regime": "head_count"}}


@member_required
@require_http_methods(["GET", "POST"])
def agreement_new(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    talks = get_talks_for_user(request.user, public_id)
    if not policy.chairs(actor, talks):
        raise PermissionDenied(_("Only the coordinator of the talks' mediator records the agreement they reached."))
    accepted = {str(p.public_id): p for p in talks.proposals.filter(state=ProposalState.ACCEPTED)}
    form = AgreementForm(request.POST or None, proposals=[(k, p.title) for k, p in accepted.items()],
                         initial={"terms": pretty({**TERMS_SKELETON, "title": talks.title}), "title": talks.title})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            agreement, status = _attempt(form, lambda: services.agreement_create(
                talks=talks, proposals=[accepted[k] for k in data["proposals"]], title=data["title"],
                terms=data["terms"], note=data["note"], concluded_on=data["concluded_on"], acting_user=request.user))
            if agreement is not None:
                messages.success(request, _("Agreement recorded with terms version 1."))
                return redirect("agreements:detail", public_id=agreement.public_id)
    context = {"title": _("Record an agreement"), "nav": "agreements", "talks": talks, "form": form}
    return render(request, "agreements/agreement_form.html", context, status=status)


def _versions(agreement: Agreement) -> list[dict[str, Any]]:
    """Every version, newest first, with what changed from the one before and who signed it."""
    versions = list(agreement.versions.order_by("number").select_related("created_by")
                    .prefetch_related("signatures__organisation", "signatures__signed_by"))
    rows, previous = [], None
    for version in versions:
        rows.append({"version": version, "changes": changes(previous, version.terms),
                     "signatures": list(version.signatures.all())})
        previous = version.terms
    return rows[::-1]


def _chosen(rows: list[dict[str, Any]], number: str | None) -> AgreementVersion | None:
    if not rows:
        return None
    if number is None:
        return rows[0]["version"]
    found = [row["version"] for row in rows if str(row["version"].number) == number]
    if not found:
        raise Http404("No such version.")
    return found[0]


def _terms_context(agreement: Agreement, version: AgreementVersion | None) -> dict[str, Any]:
    if version is None:
        return {"shown": None, "terms": None}
    names = {"a": agreement.party_a.name, "b": agreement.party_b.name}
    try:
        return {"shown": version, "terms": terms_view(version.parsed(), version.terms, names)}
    except TermsError as error:  # accepted when written; a later, stricter reader must not hide the page
        return {"shown": version, "terms": None, "terms_problem": str(error)}


def _forms(actor: Actor, agreement: Agreement, current: AgreementVersion | None,
           unsigned: list[Organisation], given: dict[str, Any]) -> dict[str, Any]:
    open_ = agreement.state != AgreementState.COMPLETED  # a completed agreement is neither amended nor signed
    chairs = policy.chairs(actor, agreement)
    may_sign = open_ and policy.may_sign(actor, agreement) and actor.organisation in unsigned
    moves = services.TRANSITIONS[agreement.state]
    amend = chairs and open_
    forms = {
        "version_form": VersionForm(initial={"terms": pretty(current.terms) if current else ""}) if amend else None,
        "sign_form": SignForm(initial={"signed_on": timezone.localdate()}) if may_sign and current else None,
        "state_form": StateForm() if chairs and moves else None,
    }
    if forms["state_form"] is not None:
        forms["state_form"].fields["state"].choices = [(s.value, s.label) for s in moves]
    forms.update(given)
    return forms


def _render_agreement(request: HttpRequest, actor: Actor, agreement: Agreement, *, status: int = 200,
                      **given: Any) -> HttpResponse:
    rows = _versions(agreement)
    chosen = _chosen(rows, request.GET.get("version"))
    context: dict[str, Any] = {"agreement": agreement, "nav": "agreements", **_terms_context(agreement, chosen)}
    if _wants_fragment(request) and "version" in request.GET:
        response = render(request, "agreements/partials/terms.html", context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    current = rows[0]["version"] if rows else None
    unsigned = [o for o in services.signatories(agreement) if not current
                or o.pk not in {s.organisation_id for s in rows[0]["signatures"]}]
    context.update(
        title=agreement.title, versions=rows, current=current, unsigned=unsigned,
        proposals=agreement.proposals.select_related("proposed_by"),
        **_forms(actor, agreement, current, unsigned, given),
    )
    response = render(request, "agreements/agreement_detail.html", context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@member_required
def agreement_detail(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    return _render_agreement(request, actor, get_agreement_for_user(request.user, public_id))


@member_required
@require_POST
def agreement_add_version(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, public_id)
    form = VersionForm(request.POST)
    status = 400
    if form.is_valid():
        version, status = _attempt(form, lambda: services.agreement_version_add(
            agreement=agreement, terms=form.cleaned_data["terms"], note=form.cleaned_data["note"],
            acting_user=request.user))
        if version is not None:
            messages.success(request, _("Terms version %(number)s added; it needs all three signatures.")
                             % {"number": version.number})
            return redirect("agreements:detail", public_id=agreement.public_id)
    return _render_agreement(request, actor, agreement, version_form=form, status=status)


@member_required
@require_POST
@fresh_sign_in_required
def agreement_sign(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, public_id)
    current = agreement.current_version()
    form = SignForm(request.POST)
    status = 400
    if current is None:
        raise Http404("No terms to sign.")
    if form.is_valid():
        signature, status = _attempt(form, lambda: services.agreement_sign(
            version=current, signed_on=form.cleaned_data["signed_on"], acting_user=request.user))
        if signature is not None:
            messages.success(request, _("Version %(number)s signed for %(org)s.")
                             % {"number": current.number, "org": actor.organisation.short_name})
            return redirect("agreements:detail", public_id=agreement.public_id)
    return _render_agreement(request, actor, agreement, sign_form=form, status=status)


@member_required
@require_POST
def agreement_state(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, public_id)
    form = StateForm(request.POST)
    status = 400
    if form.is_valid():
        changed, status = _attempt(form, lambda: services.agreement_set_state(
            agreement=agreement, state=form.cleaned_data["state"], acting_user=request.user))
        if changed is not None:
            messages.success(request, _("The agreement is now %(state)s.")
                             % {"state": changed.get_state_display().lower()})
            return redirect("agreements:detail", public_id=agreement.public_id)
    return _render_agreement(request, actor, agreement, state_form=form, status=status)


# Files

@member_required
def terms_download(request: HttpRequest, actor: Actor, public_id: Any, number: int) -> HttpResponse:
    version = agreement_versions_for(request.user).filter(agreement__public_id=public_id, number=number).first()
    if version is None:
        raise Http404("No such version.")
    response = JsonResponse(version.terms, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="terms-{public_id}-v{number}.json"'
    return response


@login_required
def terms_schema(request: HttpRequest) -> HttpResponse:
    """The published JSON Schema of homeward-terms/1, at a stable address, for anyone signed in."""
    return JsonResponse(schema(), json_dumps_params={"ensure_ascii": False, "indent": 2})
