"""Statements and progress: figures derived only from records, small cells suppressed in the public version."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from homeward.accounts.scoping import Actor, planning_agreements_for, plans_for
from homeward.accounts.views import member_required
from homeward.reports.figures import completion, returned
from homeward_core.ledger.statement import DEFAULT_THRESHOLD, figures, sentence

LABELS = {"returned": _("returned"), "held_over_two_years": _("held more than two years"),
          "transit_care": _("went to transit-state care")}


@member_required
def statement(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    agreement = planning_agreements_for(request.user).filter(public_id=public_id).first()
    if agreement is None:
        raise Http404("No such agreement.")
    plans = list(plans_for(request.user).filter(agreement=agreement, state="approved").order_by("phase_index"))
    plan = next((p for p in plans if str(p.public_id) == request.GET.get("phase")), None)
    public = request.GET.get("public") == "1"
    terms = agreement.current_version().parsed() if agreement.current_version() else None
    categories = list(terms.priorities if terms else ())
    categories = [c for c in categories if c not in ("count", "days_held")]
    people = returned(agreement, plan)
    table = figures(people, categories=categories, public=public, threshold=DEFAULT_THRESHOLD)
    parties = {"a": agreement.party_a, "b": agreement.party_b}
    rows = []
    for label in dict.fromkeys(f.label for f in table):
        cells = {f.side: f for f in table if f.label == label}
        name = LABELS.get(label) or label.removeprefix("category:").replace("_", " ")
        rows.append((name, cells["a"], cells["b"]))
    return render(request, "reports/statement.html", {
        "nav": "operations", "title": _("Statement"), "agreement": agreement, "plans": plans, "plan": plan,
        "public": public, "rows": rows, "parties": parties, "threshold": DEFAULT_THRESHOLD,
        "lines": [(parties[side], sentence(people, side=side, public=public)) for side in ("a", "b")],
        "completion": completion(agreement),
    })
