"""Statements and progress: figures derived only from records, small cells suppressed in the public version."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.scoping import Actor, planning_agreements_for, plans_for
from homeward.accounts.views import member_required
from homeward.audit.freshness import for_reader_until_next_write
from homeward.reports import dashboard as agreement_dashboard
from homeward.reports.figures import completion, figure_name, figure_rows, returned, statement_categories
from homeward.reports.pdf import pdf_response
from homeward_core.ledger.statement import DEFAULT_THRESHOLD, Figure, figures


def _press_lines(table: list[Figure]) -> dict[str, str]:
    """The press office's line for each side, in the reader's language (homeward_core's sentence, translated)."""
    shown = {(f.label, f.side): f.shown for f in table}
    return {side: _("%(returned)s returned; %(long)s had been held more than two years; %(care)s went to "
                    "transit-state care") % {"returned": shown[("returned", side)],
                                             "long": shown[("held_over_two_years", side)],
                                             "care": shown[("transit_care", side)]} for side in ("a", "b")}


def _agreement(request: HttpRequest, public_id: Any) -> Any:
    """An agreement whose statement and dashboard the user reads: its two parties' and its mediator's."""
    agreement = planning_agreements_for(request.user).select_related("party_a", "party_b", "mediator", "talks") \
        .filter(public_id=public_id).first()
    if agreement is None:
        raise Http404("No such agreement.")
    return agreement


@member_required
def dashboard(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    """Progress against every term, as charts with their tables; the timeline; who is not home yet."""
    agreement = _agreement(request, public_id)
    # Thousands of records counted: kept for readers of the actor's scope until the next audited write.
    shown = for_reader_until_next_write("dashboard", actor, lambda: agreement_dashboard.build(request.user, agreement),
                                        agreement.public_id)
    return render(request, "reports/dashboard.html", {
        "nav": "agreements", "title": _("Dashboard"), "agreement": agreement, **shown})


def _statement(request: HttpRequest, public_id: Any) -> dict[str, Any]:
    """The statement of one agreement, or of one of its phases (``?phase=``), as the page and the PDF show it."""
    agreement = _agreement(request, public_id)
    plans = list(plans_for(request.user).filter(agreement=agreement, state="approved").order_by("phase_index"))
    plan = next((p for p in plans if str(p.public_id) == request.GET.get("phase")), None)
    public = request.GET.get("public") == "1"
    categories = statement_categories(agreement)
    people = returned(agreement, plan)
    parties = {"a": agreement.party_a, "b": agreement.party_b}
    if public:
        table, lines, threshold = _public_figures(agreement, plan, categories)
    else:
        table, threshold = figures(people, categories=categories, public=False), DEFAULT_THRESHOLD
        lines = _press_lines(table)
    rows = [(figure_name(label), a, b) for label, a, b in figure_rows(table)]
    return {
        "nav": "operations", "title": _("Statement"), "agreement": agreement, "plans": plans, "plan": plan,
        "public": public, "rows": rows, "parties": parties, "threshold": threshold,
        "lines": [(parties[side], lines[side]) for side in ("a", "b")],
        "completion": completion(agreement),
        "generated_at": timezone.now().strftime("%Y-%m-%d %H:%M"),
    }


def _public_figures(agreement: Any, plan: Any, categories: list[str]) -> tuple[list[Figure], dict[str, str], int]:
    """The public version's figures and press lines, from the public page's protected tables."""
    from homeward.reports import public

    limit = public.threshold()
    hidden_text = _("fewer than %(n)s") % {"n": limit}
    table = [Figure(label, side, cell.value, hidden_text if cell.hidden else f"{cell.value:,}")
             for label, by_side in public.statement_figures(agreement, plan, categories).items()
             for side, cell in by_side.items()]
    shown = {(f.label, f.side): f.shown for f in table}
    lines = {side: _("%(returned)s returned; %(long)s had been held more than two years; %(care)s went to "
                     "transit-state care") % {"returned": shown[("returned", side)],
                                              "long": shown[("held_over_two_years", side)],
                                              "care": shown[("transit_care", side)]} for side in ("a", "b")}
    return table, lines, limit


@member_required
def statement(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    context = _statement(request, public_id)
    context["pdf_query"] = request.GET.urlencode()
    return render(request, "reports/statement.html", context)


@member_required
def statement_pdf(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    """The same statement as an A4 PDF, for the press office and the files."""
    context = _statement(request, public_id)
    phase = f"-phase-{context['plan'].phase_index + 1}" if context["plan"] else ""
    return pdf_response(request, "reports/statement_pdf.html", context,
                        f"homeward-statement{phase}-{timezone.now():%Y%m%d}.pdf")


def _forms_context(request: HttpRequest, public_id: Any) -> dict[str, Any]:
    from homeward.reports.cards import forms_for

    forms = forms_for(request.user, public_id)
    return {"nav": "registry", "title": _("Capture card and information bureau record"), "forms": forms,
            "declaration": forms.declaration,
            "generated_at": timezone.now().strftime("%Y-%m-%d %H:%M")}


@member_required
def person_forms(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    """The GC III Annex IV B capture card and the Art. 122 bureau record of a held person, ready to print."""
    return render(request, "reports/forms.html", _forms_context(request, public_id))


@member_required
def person_forms_pdf(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    context = _forms_context(request, public_id)
    return pdf_response(request, "reports/forms_pdf.html", context,
                        f"homeward-capture-card-{context['declaration'].public_id}.pdf")
