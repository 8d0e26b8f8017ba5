"""An agreement's dashboard: progress against every term, its timeline, and who is not home yet.

Every figure comes from the code the other pages use: the statement's table
(returned, per category), its crossings counted per phase, the remains progress
and the completion counts; nothing is counted a second way here. Plans,
manifests and proposals are read through the scoping layer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.scoping import manifests_for, plans_for, proposals_for
from homeward.agreements.models import Agreement
from homeward.operations.choices import RETURNED
from homeward.operations.content import PROTOCOL
from homeward.operations.models import DocumentSignature, HandoverOutcome, PhaseProtocol
from homeward.planning.choices import PlanState
from homeward.registry.choices import DeclarationKind
from homeward.remains.progress import progress_rows
from homeward.reports import charts
from homeward.reports.figures import Completion, completion, figure_name, returned, statement_table
from homeward_core.eligibility import Terms

SIDES = ("a", "b")
SIGNATORIES = 3


@dataclass(frozen=True)
class PhaseRow:
    """One phase of the terms and how far it has come: planned, approved, manifests signed, crossed, protocol."""

    index: int
    name: str
    day: dt.date | None
    capacity: dict[str, int]
    plan: Any
    steps: list[tuple[str, bool]]
    heads: dict[str, int]

    @property
    def stage(self) -> str:
        done = [label for label, reached in self.steps if reached]
        return done[-1] if done else _("Not planned yet")


def terms_of(agreement: Agreement) -> Terms | None:
    version = agreement.current_version()
    return version.parsed() if version else None


def side_names(agreement: Agreement) -> dict[str, str]:
    return {"a": agreement.party_a.short_name, "b": agreement.party_b.short_name}


def quota_chart(agreement: Agreement, terms: Terms | None, table: list[tuple[str, Any, Any]],
                names: dict[str, str]) -> charts.BarChart:
    """Heads handed over per side against the quota, then per category the terms put first."""
    groups = []
    for label, a, b in table:
        if label == "returned":
            title = _("In all (against the quota)")
            targets = {side: terms.quota[side].at_least if terms else None for side in SIDES}
        elif label.startswith("category:"):
            title, targets = figure_name(label).capitalize(), dict.fromkeys(SIDES)
        else:
            continue
        cells = {"a": a, "b": b}
        groups.append((title, [charts.Series(side, _("Handed over by %(party)s") % {"party": names[side]},
                                             cells[side].value, targets[side]) for side in SIDES]))
    return charts.bar_chart(groups)


def crossed_by_phase(agreement: Agreement) -> dict[tuple[int, str], tuple[int, dt.datetime]]:
    """(phase index, side) -> how many crossed and when the first did: the statement's crossings, per phase."""
    rows = (HandoverOutcome.objects.filter(outcome__in=RETURNED, entry__manifest__state="signed",
                                           entry__manifest__plan__agreement=agreement)
            .values("entry__manifest__plan__phase_index", "entry__manifest__side")
            .annotate(n=Count("pk"), first=Min("occurred_at")).order_by())
    return {(row["entry__manifest__plan__phase_index"], row["entry__manifest__side"]): (row["n"], row["first"])
            for row in rows}


def phase_rows(user: Any, agreement: Agreement, terms: Terms | None,
               crossed: dict[tuple[int, str], tuple[int, dt.datetime]]) -> list[PhaseRow]:
    """Each phase the terms name, with its current plan (if the user may see it) and what has happened since."""
    phases = list(terms.phases) if terms and terms.phases else []
    plans = {p.phase_index: p for p in plans_for(user).filter(agreement=agreement).exclude(
        state=PlanState.SUPERSEDED).order_by("phase_index", "version")}
    approved = [p for p in plans.values() if p.state == PlanState.APPROVED]
    manifests = {(row["plan_id"], row["state"]): row["n"] for row in manifests_for(user).filter(
        plan__in=approved).values("plan_id", "state").annotate(n=Count("pk")).order_by()}
    protocols = _signed_protocols(approved)
    rows = []
    for index, phase in enumerate(phases):
        plan = plans.get(index)
        pk = plan.pk if plan else None
        heads = {side: crossed.get((index, side), (0, None))[0] for side in SIDES}
        steps = [(_("Planned"), plan is not None),
                 (_("Approved by all three"), plan is not None and plan.state == PlanState.APPROVED),
                 (_("Manifests signed"), manifests.get((pk, "signed"), 0) > 0 and not manifests.get((pk, "draft"))),
                 (_("Handed over"), sum(heads.values()) > 0),
                 (_("Protocol signed by all three"), pk in protocols)]
        rows.append(PhaseRow(index, phase.name, phase.day, dict(phase.capacity), plan, steps, heads))
    return rows


def _signed_protocols(plans: list[Any]) -> set[int]:
    """Plans whose latest protocol all three organisations have signed."""
    signatures = DocumentSignature.objects.filter(kind=PROTOCOL, document_id=OuterRef("public_id")) \
        .values("document_id").annotate(n=Count("pk")).values("n")
    latest: dict[int, int] = {}
    for plan_id, signed in PhaseProtocol.objects.filter(plan__in=plans).order_by("plan_id", "version") \
            .annotate(signed=Subquery(signatures)).values_list("plan_id", "signed"):
        latest[plan_id] = signed or 0
    return {plan_id for plan_id, signed in latest.items() if signed >= SIGNATORIES}


def phase_chart(rows: list[PhaseRow], names: dict[str, str]) -> charts.BarChart:
    return charts.bar_chart([
        (row.name, [charts.Series(side, _("Handed over by %(party)s") % {"party": names[side]}, row.heads[side],
                                  row.capacity.get(side)) for side in SIDES]) for row in rows])


def remains_chart(rows: list[dict[str, Any]]) -> charts.BarChart:
    return charts.bar_chart([
        (_("From %(party)s") % {"party": row["sender"].short_name}, [
            charts.Series("claimed", _("Individuals announced by the sender"), row["progress"].claimed),
            charts.Series("received", _("Units counted by the receiver (against the clause)"),
                          row["progress"].received, row["progress"].at_least),
            charts.Series("identified", _("Individuals identified"), row["progress"].identified)])
        for row in rows])


def completion_chart(done: Completion, names: dict[str, str]) -> charts.BarChart:
    return charts.bar_chart([
        (_("Held by %(party)s") % {"party": names[side]}, [
            charts.Series("crossed", _("Handed over"), done.crossed[side]),
            charts.Series("held", _("Still held"), done.held[side])]) for side in SIDES])


def completion_links(agreement: Agreement, done: Completion) -> list[dict[str, Any]]:
    """Who is still held or sought, per party, each count opening that party's list in the registry."""
    rows = []
    for side, party in (("a", agreement.party_a), ("b", agreement.party_b)):
        rows.append({"label": _("Still held by %(party)s") % {"party": party.short_name}, "count": done.held[side],
                     "url": _list_url(DeclarationKind.HELD, party)})
        rows.append({"label": _("Sought by %(party)s") % {"party": party.short_name}, "count": done.sought[side],
                     "url": _list_url(DeclarationKind.SOUGHT, party)})
    return rows


def _list_url(kind: str, party: Any) -> str:
    return f"{reverse('registry:list')}?kind={kind}&party={party.public_id}"


def timeline_events(user: Any, agreement: Agreement, rows: list[PhaseRow],
                    crossed: dict[tuple[int, str], tuple[int, dt.datetime]]) -> list[dict[str, Any]]:
    """The agreement's talks, the proposals made there and what became of them, its signing, and its phases."""
    events = []
    talks = agreement.talks
    if talks is not None:
        talks_url = reverse("agreements:talks", args=[talks.public_id])
        events.append(_event(talks.held_on, "talks", _("Talks"), talks.title, talks_url))
        for p in proposals_for(user).filter(talks=talks).select_related("proposed_by"):
            url = f"{talks_url}#proposal-{p.public_id}"
            title = f"{p.proposed_by.short_name}: {p.title}"
            events.append(_event(talks.held_on, "tabled", _("Proposal tabled"), title, url))
            if p.decided_on is not None:
                events.append(_event(p.decided_on, p.state, str(p.get_state_display()), title, url))
    if agreement.concluded_on:
        events.append(_event(agreement.concluded_on, "agreement", _("Agreement concluded"), agreement.title,
                             reverse("agreements:detail", args=[agreement.public_id])))
    events += _phase_events(rows, crossed)
    return sorted(events, key=lambda e: (e["day"], e["order"]))


ORDER = {"talks": 0, "tabled": 1, "accepted": 2, "rejected": 2, "withdrawn": 2, "agreement": 3, "phase": 4,
         "plan_approved": 5, "handover": 6}


def _event(day: dt.date, kind: str, label: str, title: str, url: str) -> dict[str, Any]:
    return {"day": day, "kind": kind, "label": label, "title": title, "url": url, "order": ORDER.get(kind, 9)}


def _phase_events(rows: list[PhaseRow], crossed: dict[tuple[int, str], tuple[int, dt.datetime]]
                  ) -> list[dict[str, Any]]:
    events = []
    for row in rows:
        url = reverse("planning:detail", args=[row.plan.public_id]) if row.plan else reverse("planning:index")
        if row.day is not None:
            events.append(_event(row.day, "phase", _("Phase day in the terms"), row.name, url))
        firsts = [first for (index, _side), (_n, first) in crossed.items() if index == row.index]
        if firsts:
            events.append(_event(timezone.localdate(min(firsts)), "handover", _("First handover"), row.name,
                                 reverse("operations:index")))
    return events


def build(user: Any, agreement: Agreement) -> dict[str, Any]:
    """Everything the dashboard page shows, for a user who may read the agreement's statement."""
    terms = terms_of(agreement)
    names = side_names(agreement)
    table = statement_table(agreement, returned(agreement), terms)
    crossed = crossed_by_phase(agreement)
    rows = phase_rows(user, agreement, terms, crossed)
    remains = progress_rows(agreement)
    done = completion(agreement, tuple(row["progress"] for row in remains))
    events = timeline_events(user, agreement, rows, crossed)
    return {
        "terms": terms, "names": names, "table": table,
        "quota": {side: terms.quota[side] for side in SIDES} if terms else {},
        "quota_chart": quota_chart(agreement, terms, table, names),
        "phases": rows, "phase_chart": phase_chart(rows, names) if rows else None,
        "remains": remains, "remains_chart": remains_chart(remains) if remains else None,
        "completion": done, "completion_links": completion_links(agreement, done),
        "completion_chart": completion_chart(done, names),
        "events": events, "time_axis": charts.time_axis([(e["day"], e["kind"], e["title"]) for e in events]),
    }
