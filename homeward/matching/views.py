"""Reconciliation pages: runs and the start form, the review queue, one candidate with its decision form.

Rows are fetched only through homeward.accounts.scoping and written only
through homeward.matching.services; a form is offered only to those the
service would accept (homeward.matching.policy). An HTMX request gets the
fragment it swaps, any other request the whole page, from the same view.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from homeward.accounts.models import Organisation
from homeward.accounts.scoping import (
    Actor,
    NotAllowed,
    get_match_candidate_for_user,
    get_reconciliation_run_for_user,
    match_candidates_for,
    match_decisions_for,
    organisation_match_candidates,
    reconciliation_runs_for,
)
from homeward.accounts.views import member_required
from homeward.audit.freshness import for_reader_until_next_write
from homeward.lib.fragments import render_page_or_fragment as _render
from homeward.lib.paging import CountedPaginator
from homeward.matching import policy, services, waterfall
from homeward.matching.choices import Band, Job, RunState, Verdict
from homeward.matching.comparison import compare
from homeward.matching.errors import InvalidField, MatchingError, RunConflict
from homeward.matching.filters import CandidateFilter
from homeward.matching.forms import DecisionForm, RunStartForm
from homeward.registry import progress as progress_files

QUEUE_PAGE = 50
RUN_PAGE = 50


def _require_reader(actor: Actor) -> None:
    if not (actor.is_party or actor.is_mediator):
        raise PermissionDenied(_("Reconciliation is open to the parties and the mediator."))


def _attempt(form: Any, write: Any) -> tuple[Any, int]:
    try:
        return write(), 200
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except MatchingError as exc:
        on_form = isinstance(exc, InvalidField) and exc.field in form.fields
        form.add_error(exc.field if on_form else None, exc.problem if on_form else str(exc))
        return None, 409 if isinstance(exc, RunConflict) else 400
    except InvalidField as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.problem)
        return None, 400


@member_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The runs the user's organisation took part in, and the start form for those who may start one."""
    _require_reader(actor)
    form, status = None, 200
    if policy.may_start_any(actor):
        form = RunStartForm(request.POST or None, parties=RunStartForm.parties_for(actor),
                            allow_auto_accept=policy.may_set_auto_accept(actor))
        if request.method == "POST":
            status = 400
            if form.is_valid():
                data = form.cleaned_data
                run, status = _attempt(form, lambda: services.run_start(
                    job=data["job"], left_party=data["left_party"], right_party=data["right_party"],
                    review_floor=data["review_floor"], auto_accept=data.get("auto_accept"),
                    acting_user=request.user))
                if run is not None:
                    messages.success(request, _("Run queued; it starts when the worker picks it up."))
                    return redirect("matching:run", public_id=run.public_id)
    elif request.method == "POST":
        raise PermissionDenied(_("The mediator's coordinators and operators start reconciliation runs."))
    runs = reconciliation_runs_for(request.user).select_related("left_party", "right_party", "started_by")
    page = Paginator(runs, RUN_PAGE).get_page(request.GET.get("page"))
    return render(request, "matching/index.html", {"nav": "matching", "title": _("Reconciliation"), "form": form,
                                                   "page": page}, status=status)


@member_required
def run_detail(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    _require_reader(actor)
    run = get_reconciliation_run_for_user(request.user, public_id)
    visible = match_candidates_for(request.user).filter(run=run)
    context = {"nav": "matching", "title": _("Reconciliation run"), "run": run,
               "progress": progress_files.read(run.public_id) if run.state == RunState.RUNNING else None,
               "visible_open": visible.filter(verdict="", superseded=False).count(),
               "visible_total": visible.count(), "polling": run.state in (RunState.QUEUED, RunState.RUNNING)}
    return _render(request, "matching/run.html", "matching/partials/run_status.html", context)


@member_required
def queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Candidates the user may see, highest probability first, with the same filters as the API."""
    _require_reader(actor)
    chosen = CandidateFilter.from_params(request.GET)
    # Not the contributions: each is a JSON list read only by the candidate's own page.
    rows = chosen.apply(match_candidates_for(request.user)).select_related(
        "run", "run__left_party", "run__right_party", "left", "left__party", "right", "right__party") \
        .defer("contributions").order_by("-match_probability", "id")
    count = for_reader_until_next_write("queue-count", actor, lambda: _queue_count(actor.organisation, chosen),
                                        urlencode(sorted(chosen.as_params().items())))
    page = CountedPaginator(rows, QUEUE_PAGE, count=count).get_page(request.GET.get("page"))
    context = {"nav": "matching", "title": _("Review queue"), "page": page, "chosen": chosen,
               "jobs": Job.choices, "bands": Band.choices, "verdicts": Verdict.choices,
               "runs": reconciliation_runs_for(request.user).filter(state=RunState.DONE)[:50]}
    return _render(request, "matching/queue.html", "matching/partials/queue_results.html", context)


def _queue_count(organisation: Organisation, chosen: CandidateFilter) -> int:
    """How many candidates the organisation sees under the filters: a count over every candidate, kept
    until the next audited write (candidates come from an audited run's end, verdicts from audited decisions)."""
    return chosen.apply(organisation_match_candidates(organisation)).count()


@member_required
@require_http_methods(["GET", "POST"])
def candidate_detail(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    """The two records side by side, the waterfall, the decisions so far, and the decision form."""
    _require_reader(actor)
    candidate = get_match_candidate_for_user(request.user, public_id)
    may_decide = policy.may_decide(actor, candidate)
    form, status, recorded = (DecisionForm(request.POST or None) if may_decide else None), 200, None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("You may not decide this candidate."))
        status = 400
        if form.is_valid():
            recorded, status = _attempt(form, lambda: services.decision_record(
                candidate=candidate, acting_user=request.user, **form.cleaned_data))
            if recorded is not None:
                candidate = get_match_candidate_for_user(request.user, public_id)
                form = DecisionForm() if policy.may_decide(actor, candidate) else None
    first, second = candidate.left, candidate.right
    if actor.is_party and second.party_id == actor.organisation.pk and first.party_id != actor.organisation.pk:
        first, second = second, first  # a party reads its own record on the left
    context = {"nav": "matching", "title": _("Candidate"), "candidate": candidate, "form": form,
               "first": first, "second": second,
               "rows": compare(first, second, candidate.contributions),
               "chart": waterfall.build(candidate.contributions),
               "decisions": match_decisions_for(request.user, candidate), "recorded": recorded}
    return _render(request, "matching/candidate.html", "matching/partials/decision.html", context, status=status)
