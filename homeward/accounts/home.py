"""What each role's overview shows: counts and short lists, each linking to the page where the work is done.

Every figure is read through homeward.accounts.scoping, and every section costs
a fixed number of queries whatever the number of records (the home page tests
bound them), so a party's overview never counts the other party's records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeward.accounts.choices import Role
from homeward.accounts.scoping import (
    EDITOR_ROLES,
    Actor,
    aftercare_people_for,
    agreement_versions_for,
    audit_entries_for,
    corrections_for,
    declarations_for,
    examinations_for,
    import_batches_for,
    manifests_for,
    match_candidates_for,
    plans_for,
    reconciliation_runs_for,
    transparency_checkpoints_for,
    trust_root_versions_for,
    witnesses_for,
)
from homeward.audit.freshness import for_reader_until_next_write
from homeward.registry.choices import DeclarationKind, ImportState, MedicalCategory

SHOWN = 5  # rows of a short list; the count says how many there are in all
BANDS = (("high", gettext_lazy("Likely (0.95 and above)")), ("middle", gettext_lazy("Possible (0.80–0.95)")),
         ("low", gettext_lazy("Unlikely (below 0.80)")))
PLAN_STATE_LABELS = {"draft": gettext_lazy("Draft"), "proposed": gettext_lazy("Proposed"),
                     "approved": gettext_lazy("Approved")}


@dataclass(frozen=True)
class Stat:
    """One figure on the overview and the list it opens."""

    label: str
    count: int
    url: str
    alert: bool = False


@dataclass(frozen=True)
class Row:
    """One line of a short list: what it is, a detail, and where to work on it."""

    title: str
    url: str
    detail: str = ""
    badge: str = ""
    badge_class: str = ""


@dataclass(frozen=True)
class Group:
    """A short list with its full count: "3 plans to approve", the first few of them."""

    label: str
    count: int
    rows: list[Row] = field(default_factory=list)
    url: str = ""
    hint: str = ""


def url(name: str, *args: Any, **params: Any) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return reverse(name, args=args) + (f"?{query}" if query else "")


# Awaiting the coordinator's approval or signature -------------------------------------------------------

def awaiting_signature(user: Any, actor: Actor) -> list[Group]:
    """Plans, manifests, protocols, terms and trust roots the coordinator's organisation has not signed yet."""
    if actor.role != Role.COORDINATOR or not (actor.is_party or actor.is_mediator):
        return []
    org = actor.organisation
    groups = [_plans_to_approve(user, org), _manifests_to_sign(user, org), _protocols_to_sign(user, org),
              _terms_to_sign(user, org), _trust_roots_to_sign(user, org)]
    return [group for group in groups if group.count]


def _short(rows: Any) -> tuple[int, list[Any]]:
    """The count and the first rows, in one query whatever the number (the count as a window over all rows)."""
    first = list(rows.annotate(rows_in_all=Window(Count("pk")))[:SHOWN])
    return (first[0].rows_in_all if first else 0), first


def _plans_to_approve(user: Any, org: Any) -> Group:
    from homeward.planning.choices import PlanState

    rows = (plans_for(user).filter(state=PlanState.PROPOSED).exclude(approvals__organisation=org)
            .select_related("agreement").order_by("agreement__title", "phase_index"))
    count, first = _short(rows)
    return Group(_("Phase plans to approve"), count, [
        Row(f"{plan.agreement.title} — {plan.phase_name}", url("planning:detail", plan.public_id),
            _("version %(n)s, proposed") % {"n": plan.version}) for plan in first], url("planning:index"))


def _manifests_to_sign(user: Any, org: Any) -> Group:
    from homeward.operations.choices import ManifestState
    from homeward.operations.content import MANIFEST
    from homeward.operations.models import DocumentSignature

    signed = DocumentSignature.objects.filter(kind=MANIFEST, organisation=org).values("document_id")
    rows = (manifests_for(user).filter(state=ManifestState.DRAFT).exclude(public_id__in=signed)
            .select_related("plan").order_by("plan__phase_index", "side", "vehicle_label"))
    count, first = _short(rows)
    return Group(_("Manifests to sign"), count, [
        Row(f"{manifest.plan.phase_name} · {manifest.vehicle_label}", url("operations:manifest", manifest.public_id),
            _("handed over by side %(side)s, version %(n)s") % {"side": manifest.side.upper(), "n": manifest.version})
        for manifest in first], url("operations:index"))


def _protocols_to_sign(user: Any, org: Any) -> Group:
    from homeward.operations.content import PROTOCOL
    from homeward.operations.models import DocumentSignature, PhaseProtocol

    signed = DocumentSignature.objects.filter(kind=PROTOCOL, organisation=org).values("document_id")
    newer = PhaseProtocol.objects.filter(plan=OuterRef("plan"), version__gt=OuterRef("version"))
    rows = (PhaseProtocol.objects.filter(plan__in=plans_for(user)).exclude(public_id__in=signed)
            .exclude(Exists(newer)).select_related("plan", "plan__agreement").order_by("plan__phase_index"))
    count, first = _short(rows)
    return Group(_("Phase protocols to sign"), count, [
        Row(f"{p.plan.agreement.title} — {p.plan.phase_name}", url("operations:protocol", p.plan.public_id),
            _("version %(n)s") % {"n": p.version}) for p in first], url("operations:index"))


def _terms_to_sign(user: Any, org: Any) -> Group:
    from homeward.agreements.choices import AgreementState
    from homeward.agreements.models import AgreementVersion, Signature

    newer = AgreementVersion.objects.filter(agreement=OuterRef("agreement"), number__gt=OuterRef("number"))
    mine = Signature.objects.filter(version=OuterRef("pk"), organisation=org)
    rows = (agreement_versions_for(user).exclude(agreement__state=AgreementState.COMPLETED)
            .filter(Q(agreement__party_a=org) | Q(agreement__party_b=org) | Q(agreement__mediator=org))
            .exclude(Exists(newer)).exclude(Exists(mine)).defer("terms").select_related("agreement")
            .order_by("agreement__title"))
    count, first = _short(rows)
    return Group(_("Agreement terms to sign"), count, [
        Row(v.agreement.title, url("agreements:detail", v.agreement.public_id) + "#signatures",
            _("terms version %(n)s") % {"n": v.number}) for v in first], url("agreements:index"))


def _trust_roots_to_sign(user: Any, org: Any) -> Group:
    from homeward.accounts.models import TrustRootSignature, TrustRootVersion

    newer = TrustRootVersion.objects.filter(agreement=OuterRef("agreement"), version__gt=OuterRef("version"))
    mine = TrustRootSignature.objects.filter(root=OuterRef("pk"), organisation=org)
    rows = (trust_root_versions_for(user).exclude(Exists(newer)).exclude(Exists(mine)).defer("content")
            .select_related("agreement").order_by("agreement__title"))
    count, first = _short(rows)
    return Group(_("Trust root versions to sign"), count, [
        Row(root.agreement.title, url("agreements:trust_root", root.agreement.public_id),
            _("trust root version %(n)s") % {"n": root.version})
        for root in first], url("agreements:index"))


def agreement_dashboards(user: Any) -> Group:
    """The agreements the user's organisation is party to or mediates, each opening its dashboard."""
    from homeward.accounts.scoping import planning_agreements_for

    rows = planning_agreements_for(user).order_by("-concluded_on", "title")
    count, first = _short(rows)
    return Group(_("Agreements"), count, [
        Row(a.title, url("reports:dashboard", a.public_id), badge=a.get_state_display(), badge_class=a.state)
        for a in first], url("agreements:index"))


# A party's lists and what the other side asked about ----------------------------------------------------

SHORT_KIND_LABELS = {
    DeclarationKind.HELD: gettext_lazy("Held"),
    DeclarationKind.SOUGHT: gettext_lazy("Sought"),
    DeclarationKind.DECEASED_HELD: gettext_lazy("Deceased"),
}


def own_counts(user: Any, actor: Actor) -> list[tuple[str, str, int]]:
    """(kind, label, count) of the party's own declarations, every kind listed even when zero."""
    rows = (declarations_for(user).filter(party=actor.organisation)
            .values("kind").annotate(n=Count("pk")).order_by())
    found = {row["kind"]: row["n"] for row in rows}
    return [(kind.value, SHORT_KIND_LABELS[kind], found.get(kind.value, 0)) for kind in DeclarationKind]


def flag_counts(declarations: Any) -> dict[str, int]:
    """How many there are, and how many carry the priority flags an agreement usually names."""
    return declarations.aggregate(
        total=Count("pk"),
        seriously_wounded=Count("pk", filter=Q(seriously_wounded=True)),
        ill=Count("pk", filter=Q(ill=True)),
    )


def asked_about(user: Any, actor: Actor) -> list[Stat]:
    """Per other party: the people it seeks that it has shared with this party, asking whether it holds them."""
    rows = (declarations_for(user).exclude(party=actor.organisation).filter(kind=DeclarationKind.SOUGHT)
            .values("party__public_id", "party__name").annotate(n=Count("pk")).order_by("party__name"))
    return [Stat(_("Sought by %(party)s") % {"party": row["party__name"]}, row["n"],
                 url("registry:list", kind=DeclarationKind.SOUGHT, party=row["party__public_id"]))
            for row in rows]


def review_queue(user: Any) -> dict[str, Any]:
    """Open match candidates the user may review, in all and per probability band, each opening the queue."""
    bands = {"high": Q(match_probability__gte=0.95),
             "middle": Q(match_probability__gte=0.8, match_probability__lt=0.95),
             "low": Q(match_probability__lt=0.8)}
    counts = match_candidates_for(user).filter(verdict="", superseded=False).aggregate(
        total=Count("pk"), **{band: Count("pk", filter=q) for band, q in bands.items()})
    return {"total": Stat(_("Open candidates"), counts["total"], url("matching:queue", state="open")),
            "bands": [Stat(str(label), counts[band], url("matching:queue", state="open", band=band))
                      for band, label in BANDS]}


# An editor's imports and corrections -------------------------------------------------------------------

def import_states(user: Any) -> list[Stat]:
    rows = import_batches_for(user).values("state").annotate(n=Count("pk")).order_by()
    found = {row["state"]: row["n"] for row in rows}
    return [Stat(str(label), found[state], url("registry:import"), alert=state == ImportState.REJECTED)
            for state, label in ImportState.choices if found.get(state)]


def recent_imports(user: Any) -> list[Any]:
    return list(import_batches_for(user).select_related("party")[:SHOWN])


def recent_corrections(user: Any) -> Group:
    rows = corrections_for(user).defer("snapshot").select_related("declaration").order_by("-superseded_at", "-pk")
    count, first = _short(rows)
    return Group(_("Corrections"), count, [
        Row(f"{v.declaration.surname} {v.declaration.given_name}", url("registry:detail", v.declaration.public_id),
            _("version %(n)s changed %(fields)s") % {"n": v.version + 1, "fields": ", ".join(v.changed_fields)},
            badge=timezone.localtime(v.superseded_at).strftime("%Y-%m-%d"))
        for v in first], url("registry:list"))


def can_edit(actor: Actor) -> bool:
    return actor.is_party and actor.role in EDITOR_ROLES


# The mediator: both sides, reconciliation, plans, the day's handovers ----------------------------------

def party_counts(user: Any) -> list[dict[str, Any]]:
    """One row per party: its name and a count per kind, in DeclarationKind order."""
    rows = (
        declarations_for(user)
        .values("party__public_id", "party__name", "party__short_name", "kind")
        .annotate(n=Count("pk")).order_by("party__name")
    )
    parties: dict[Any, dict[str, Any]] = {}
    for row in rows:
        party = parties.setdefault(row["party__public_id"], {
            "public_id": row["party__public_id"], "name": row["party__name"],
            "short_name": row["party__short_name"], "by_kind": dict.fromkeys(DeclarationKind.values, 0),
        })
        party["by_kind"][row["kind"]] = row["n"]
    for party in parties.values():
        party["counts"] = [party["by_kind"][kind] for kind in DeclarationKind.values]
        party["total"] = sum(party["counts"])
    return list(parties.values())


def recent_runs(user: Any) -> Group:
    rows = reconciliation_runs_for(user).select_related("left_party", "right_party").order_by("-started_at", "-pk")
    count, first = _short(rows)
    return Group(_("Reconciliation runs"), count, [
        Row(f"{run.get_job_display()}: {run.left_party.short_name}"
            + (f" ↔ {run.right_party.short_name}" if run.right_party else ""),
            url("matching:run", run.public_id),
            _("%(n)s candidates") % {"n": run.candidate_count}, badge=run.get_state_display(), badge_class=run.state)
        for run in first], url("matching:index"))


def plan_states(user: Any) -> list[dict[str, Any]]:
    """Per agreement: how many phase plans (current versions) are drafted, proposed and approved."""
    from homeward.planning.choices import PlanState

    rows = (plans_for(user).exclude(state=PlanState.SUPERSEDED)
            .values("agreement__public_id", "agreement__title", "state").annotate(n=Count("pk"))
            .order_by("agreement__title"))
    agreements: dict[Any, dict[str, Any]] = {}
    for row in rows:
        entry = agreements.setdefault(row["agreement__public_id"], {
            "title": row["agreement__title"], "public_id": row["agreement__public_id"],
            "states": dict.fromkeys((PlanState.DRAFT, PlanState.PROPOSED, PlanState.APPROVED), 0)})
        entry["states"][row["state"]] = row["n"]
    for entry in agreements.values():
        entry["stats"] = [Stat(str(PLAN_STATE_LABELS[state]), n, url("planning:index"))
                          for state, n in entry["states"].items()]
    return list(agreements.values())


def handovers_today(user: Any) -> dict[str, Any]:
    """Outcomes recorded at the border today, and signed manifests still waiting for outcomes."""
    from homeward.operations.choices import ManifestState, Outcome
    from homeward.operations.models import HandoverOutcome

    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    outcomes = (HandoverOutcome.objects.filter(entry__manifest__in=manifests_for(user).values("pk"),
                                               occurred_at__gte=start, occurred_at__lt=start + dt.timedelta(days=1))
                .values("outcome").annotate(n=Count("pk")).order_by())
    found = {row["outcome"]: row["n"] for row in outcomes}
    waiting = (manifests_for(user).filter(state=ManifestState.SIGNED)
               .annotate(open=Count("entries", filter=Q(entries__outcome__isnull=True))).filter(open__gt=0)
               .select_related("plan").order_by("plan__phase_index", "side", "vehicle_label"))
    count, first = _short(waiting)
    return {"day": today,
            "outcomes": [Stat(str(label), found.get(value, 0), url("operations:index"))
                         for value, label in Outcome.choices if found.get(value, 0)],
            "waiting": Group(_("Signed manifests waiting for outcomes"), count, [
                Row(f"{m.plan.phase_name} · {m.vehicle_label}", url("operations:manifest", m.public_id),
                    _("%(n)s people without an outcome") % {"n": m.open}) for m in first], url("operations:index"))}


# The medical officer: examinations, fitness to travel, after-care ---------------------------------------

def recent_examinations(user: Any) -> Group:
    rows = examinations_for(user).select_related("declaration").order_by("-certified_on", "-recorded_at", "-pk")
    count, first = _short(rows)
    return Group(_("Examinations recorded"), count, [
        Row(f"{h.declaration.surname} {h.declaration.given_name}", url("registry:detail", h.declaration.public_id),
            h.get_medical_category_display(), badge=h.certified_on.isoformat()) for h in first], url("registry:list"))


def fitness_to_travel(user: Any) -> list[Stat]:
    """Held people the user sees by their certified GC III Annex I category, and those found unfit at handover."""
    from homeward.operations.choices import Outcome

    held = declarations_for(user).filter(kind=DeclarationKind.HELD)
    counts = held.aggregate(
        unfit=Count("pk", filter=Q(manifest_entries__outcome__outcome=Outcome.UNFIT), distinct=True),
        **{f"c_{value or 'none'}": Count("pk", filter=Q(medical_category=value), distinct=True)
           for value in MedicalCategory.values})
    stats = [Stat(str(label), counts[f"c_{value or 'none'}"], url("registry:list", kind=DeclarationKind.HELD))
             for value, label in MedicalCategory.choices]
    return [*stats, Stat(_("Found unfit to travel at a handover"), counts["unfit"],
                         url("registry:list", kind=DeclarationKind.HELD), alert=counts["unfit"] > 0)]


def aftercare_stages(user: Any) -> list[Stat]:
    """Returned people by their latest after-care stage; everyone short of "discharged" is pending."""
    from homeward.operations.choices import AftercareStage
    from homeward.operations.models import AftercareEvent

    latest = AftercareEvent.objects.filter(declaration=OuterRef("pk")).order_by("-occurred_at", "-pk")
    rows = (aftercare_people_for(user).annotate(stage=Subquery(latest.values("stage")[:1]))
            .values("stage").annotate(n=Count("pk")).order_by())
    found = {row["stage"] or "": row["n"] for row in rows}
    target = url("operations:aftercare")
    stats = [Stat(_("Returned, no after-care recorded yet"), found.get("", 0), target, alert=found.get("", 0) > 0)]
    return stats + [Stat(str(label), found.get(value, 0), target) for value, label in AftercareStage.choices]


# The auditor: the log, its checkpoints and witnesses ----------------------------------------------------

def audit_status(user: Any) -> dict[str, Any]:
    from homeward.audit.models import Cosignature

    checkpoint = transparency_checkpoints_for(user).order_by("-size").defer("note").first()
    witnesses = list(witnesses_for(user).order_by("name"))
    cosigned: set[int] = set()
    if checkpoint is not None:
        cosigned = set(Cosignature.objects.filter(checkpoint=checkpoint).values_list("witness_id", flat=True))
    return {"size": audit_entries_for(user).count(), "checkpoint": checkpoint,
            "cosignatures": len(cosigned),
            "witnesses": [(w, w.pk in cosigned) for w in witnesses]}


# The whole overview -------------------------------------------------------------------------------------

def sections(user: Any, actor: Actor) -> dict[str, Any]:
    """Every section the actor's role shows: the counted figures as of the latest audited write, then the
    imports and reconciliation runs as they stand now (their progress moves without an audit entry)."""
    shown = dict(for_reader_until_next_write("home", actor, lambda: figures(user, actor), timezone.localdate()))
    if can_edit(actor):
        shown["import_states"] = import_states(user)
        shown["recent_imports"] = recent_imports(user)
    if actor.is_mediator and actor.role != Role.AUDITOR:
        shown["runs"] = recent_runs(user)
    return shown


def figures(user: Any, actor: Actor) -> dict[str, Any]:
    """The figures and short lists of the overview that only an audited write changes; what they show depends
    on the actor's organisation and role alone (every read goes through the scoping layer) and on the day."""
    shown: dict[str, Any] = {"awaiting": awaiting_signature(user, actor)}
    if actor.is_party or actor.is_mediator:
        shown["agreements"] = agreement_dashboards(user)
    if actor.is_party:
        shown["own_counts"] = own_counts(user, actor)
        shown["priority_counts"] = flag_counts(
            declarations_for(user).filter(party=actor.organisation, kind=DeclarationKind.HELD))
        shown["asked_about"] = asked_about(user, actor)
    if can_edit(actor):
        shown["corrections"] = recent_corrections(user)
    if can_edit(actor) or actor.is_mediator:
        shown["review_queue"] = review_queue(user)
    if actor.is_mediator and actor.role != Role.AUDITOR:
        shown["party_counts"] = party_counts(user)
        shown["plan_states"] = plan_states(user)
        shown["handovers"] = handovers_today(user)
    if actor.role == Role.MEDICAL_OFFICER:
        shown["medical_counts"] = flag_counts(declarations_for(user))
        shown["examinations"] = recent_examinations(user)
        shown["fitness"] = fitness_to_travel(user)
        shown["aftercare"] = aftercare_stages(user)
    if actor.sees_audit_log:
        shown["audit"] = audit_status(user)
    return shown
