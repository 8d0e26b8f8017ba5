"""Audited writes to phase plans: draft, adjust (a new version), propose, approve (three signatures freeze it).

A plan is never typed in: every version is computed from the registry and
the agreement's current terms by the planner in ``homeward_core.planning``.
A change makes a new version and supersedes the old; a version approved by
party A, party B and the mediator is frozen.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.choices import Role
from homeward.accounts.scoping import Actor, NotAllowed, require_actor
from homeward.agreements.models import Agreement
from homeward.audit import services as audit
from homeward.audit.guard import audited_service
from homeward.planning.choices import AdjustmentKind, PlanState
from homeward.planning.facts import facts_for
from homeward.planning.models import PhasePlan, PlanAdjustment, PlanApproval, PlanEntry
from homeward.registry.errors import InvalidField, RegistryError
from homeward.registry.models import Declaration
from homeward_core.eligibility import Terms, TermsError
from homeward_core.planning import Plan, plan_phase
from homeward_core.said import Said, said, verbatim
from homeward_core.transparency.canonical import digest

OPEN_STATES = (PlanState.DRAFT, PlanState.PROPOSED)


class PlanningError(RegistryError):
    """A planning step that cannot be taken, with the reason."""


def organisations_of(agreement: Agreement) -> dict[str, int]:
    return {"a": agreement.party_a_id, "b": agreement.party_b_id, "mediator": agreement.mediator_id}


def is_planner(actor: Actor, agreement: Agreement) -> bool:
    """The mediator's coordinators and operators, and each party's coordinator, plan the agreement's phases."""
    if actor.organisation.pk == agreement.mediator_id:
        return actor.role in (Role.COORDINATOR, Role.OPERATOR)
    return actor.organisation.pk in (agreement.party_a_id, agreement.party_b_id) and actor.role == Role.COORDINATOR


def is_approver(actor: Actor, agreement: Agreement) -> bool:
    return actor.organisation.pk in organisations_of(agreement).values() and actor.role == Role.COORDINATOR


def _require_planner(acting_user: Any, agreement: Agreement) -> Actor:
    actor = require_actor(acting_user)
    if not is_planner(actor, agreement):
        raise NotAllowed(_("Only the mediator's planners and the parties' coordinators plan this agreement's phases."))
    return actor


def _terms(agreement: Agreement) -> tuple[Any, Terms]:
    version = agreement.current_version()
    if version is None:
        raise PlanningError(_("This agreement has no terms yet."))
    try:
        return version, version.parsed()
    except TermsError as error:
        raise PlanningError(_("The agreement's terms cannot be used: %(error)s") % {"error": error}) from None


def latest_plan(agreement: Agreement, phase_index: int) -> PhasePlan | None:
    return PhasePlan.objects.filter(agreement=agreement, phase_index=phase_index).order_by("-version").first()


@audited_service
def plan_draft(*, agreement: Agreement, phase_index: int, acting_user: Any, note: str = "",
               today: dt.date | None = None) -> PhasePlan:
    """Plan a phase afresh from the registry; the previous open version is superseded, its adjustments kept."""
    _require_planner(acting_user, agreement)
    previous = _open_latest(agreement, phase_index)
    adjustments = list(previous.adjustments.all()) if previous else []
    change = verbatim(note) if note else said("plan.change.afresh", "planned afresh")
    return _new_version(agreement, phase_index, previous, adjustments, change, acting_user, today)


@audited_service
def plan_adjust(*, plan: PhasePlan, declaration: Declaration, kind: str, note: str = "", acting_user: Any,
                today: dt.date | None = None) -> PhasePlan:
    """Lock a person in, exclude them, or clear either ("clear"): a new version, planned again."""
    _require_planner(acting_user, plan.agreement)
    _require_latest_open(plan)
    if kind not in (*AdjustmentKind.values, "clear"):
        raise InvalidField("kind", _("%(kind)s is not lock, exclude or clear.") % {"kind": repr(kind)})
    if not plan.entries.filter(declaration=declaration).exists():
        raise InvalidField("declaration", _("This person is not in the plan."))
    if len(note) > 300:
        raise InvalidField("note", _("At most 300 characters."))
    kept = [a for a in plan.adjustments.all() if a.declaration_id != declaration.pk]
    if kind != "clear":
        kept.append(PlanAdjustment(declaration=declaration, kind=kind, note=note.strip()))
    words = {"lock": "locked in", "exclude": "excluded", "clear": "lock or exclusion cleared"}[kind]
    note = note.strip()
    change = said(f"plan.change.{kind}", f"{words}: {declaration.public_id}" + (f" ({note})" if note else ""),
                  person=str(declaration.public_id), note=note)
    return _new_version(plan.agreement, plan.phase_index, plan, kept, change, acting_user, today)


@audited_service
def plan_propose(*, plan: PhasePlan, acting_user: Any) -> PhasePlan:
    _require_planner(acting_user, plan.agreement)
    _require_latest_open(plan)
    if plan.state != PlanState.DRAFT:
        raise PlanningError(_("Only a draft can be proposed."))
    if not plan.summary.get("feasible", False):
        raise PlanningError(_("This version has no feasible plan; adjust it first."))
    PhasePlan.objects.filter(pk=plan.pk).update(state=PlanState.PROPOSED, proposed_at=timezone.now())
    plan.refresh_from_db()
    audit.record(acting_user=acting_user, action="planning.plan.propose", object_type="phase_plan",
                 object_id=plan.public_id, after={"state": plan.state, "content_sha256": plan.content_sha256})
    return plan


@audited_service
def plan_approve(*, plan: PhasePlan, acting_user: Any) -> PhasePlan:
    """One organisation's approval; the third approval freezes the version."""
    actor = require_actor(acting_user)
    if not is_approver(actor, plan.agreement):
        raise NotAllowed(_("Only the coordinators of party A, party B and the mediator approve a plan."))
    plan = PhasePlan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != PlanState.PROPOSED:
        raise PlanningError(_("Only a proposed plan can be approved."))
    if plan.approvals.filter(organisation=actor.organisation).exists():
        raise PlanningError(_("Your organisation has already approved this version."))
    _require_current(plan)
    PlanApproval.objects.create(plan=plan, organisation=actor.organisation, approved_by=acting_user,
                                approved_at=timezone.now(), content_sha256=plan.content_sha256)
    approved = set(plan.approvals.values_list("organisation_id", flat=True))
    if approved >= set(organisations_of(plan.agreement).values()):
        PhasePlan.objects.filter(pk=plan.pk).update(state=PlanState.APPROVED, frozen_at=timezone.now())
    plan.refresh_from_db()
    audit.record(acting_user=acting_user, action="planning.plan.approve", object_type="phase_plan",
                 object_id=plan.public_id, after={"state": plan.state, "content_sha256": plan.content_sha256},
                 summary={"approvals": len(approved)})
    return plan


def _open_latest(agreement: Agreement, phase_index: int) -> PhasePlan | None:
    if PhasePlan.objects.filter(agreement=agreement, phase_index=phase_index, state=PlanState.APPROVED).exists():
        raise PlanningError(_("This phase already has an approved plan; it is frozen."))
    return latest_plan(agreement, phase_index)


def _require_latest_open(plan: PhasePlan) -> None:
    if plan.state not in OPEN_STATES:
        raise PlanningError(
            _("Version %(version)s is %(state)s; it cannot change.") % {
                "version": plan.version, "state": plan.get_state_display().lower()}
        )
    latest = latest_plan(plan.agreement, plan.phase_index)
    if latest is not None and latest.pk != plan.pk:
        raise PlanningError(
            _("Version %(version)s is not the latest (version %(version2)s is).") % {
                "version": plan.version, "version2": latest.version}
        )


def _require_current(plan: PhasePlan) -> None:
    """An approval is of what the registry and the terms give today: planned again, the same people go.

    Otherwise a person who has since refused, been held for proceedings or
    been approved for another phase, or terms amended since, would be frozen
    into the plan.
    """
    version, _plan, result, _reasons = _compute(plan.agreement, plan.phase_index, list(plan.adjustments.all()),
                                                plan.reference_date)
    if version.pk != plan.terms_version_id or digest(_content(plan.agreement, version, plan.phase_index, result)) \
            != plan.content_sha256:
        raise PlanningError(
            _("The registry or the terms have changed since version %(version)s was planned; plan the phase again "
              "and propose the new version.") % {
                "version": plan.version}
        )


def _compute(agreement: Agreement, phase_index: int, adjustments: list[PlanAdjustment],
             today: dt.date) -> tuple[Any, Terms, Plan, dict[str, int]]:
    version, terms = _terms(agreement)
    if not 0 <= phase_index < max(len(terms.phases), 1):  # without phases, one plan: the whole agreement
        raise InvalidField("phase", _("The terms have %(count)s phases.") % {"count": len(terms.phases)})
    facts, pk_by_id = facts_for(agreement)
    public_id = {pk: public for public, pk in pk_by_id.items()}
    side = {f.record_id: f.side for f in facts}
    key = {a.declaration_id: (side[public_id[a.declaration_id]], public_id[a.declaration_id]) for a in adjustments}
    exclusions: dict[tuple[str, str], str | Said] = {
        key[a.declaration_id]: said("plan.excluded.planner",
                                    "excluded by the planner" + (f": {a.note}" if a.note else ""), note=a.note)
        for a in adjustments if a.kind == AdjustmentKind.EXCLUDE}
    exclusions.update(_taken_in_other_phases(agreement, phase_index, public_id, side))
    locks = [key[a.declaration_id] for a in adjustments if a.kind == AdjustmentKind.LOCK]
    result = plan_phase(facts, terms, today=today, phase=phase_index if terms.phases else None,
                        locks=locks, exclusions=exclusions)
    return version, terms, result, pk_by_id


def _new_version(agreement: Agreement, phase_index: int, previous: PhasePlan | None,
                 adjustments: list[PlanAdjustment], change: Said, acting_user: Any, today: dt.date | None) -> PhasePlan:
    version, terms, result, pk_by_id = _compute(agreement, phase_index, adjustments, today or timezone.localdate())
    plan = _store(agreement, version, terms, phase_index, previous, change, result, pk_by_id, acting_user)
    note = change.text
    now = timezone.now()
    PlanAdjustment.objects.bulk_create([
        PlanAdjustment(plan=plan, declaration_id=a.declaration_id, kind=a.kind, note=a.note,
                       created_at=a.created_at or now, created_by_id=a.created_by_id or acting_user.pk)
        for a in adjustments])
    audit.record(acting_user=acting_user, action="planning.plan.draft", object_type="phase_plan",
                 object_id=plan.public_id, after={"content_sha256": plan.content_sha256, "note": note},
                 summary={"version": plan.version, "selected": result.summary()["selected"],
                          "proof": result.proof()})
    if previous is not None and previous.state in OPEN_STATES:
        PhasePlan.objects.filter(pk=previous.pk).update(state=PlanState.SUPERSEDED)
        # The older version's state changed: an entry about it commits to its state as superseded.
        audit.record(acting_user=acting_user, action="planning.plan.supersede", object_type="phase_plan",
                     object_id=previous.public_id, summary={"superseded_by": str(plan.public_id)})
    return plan


def _taken_in_other_phases(agreement: Agreement, phase_index: int, public_id: dict[int, str],
                           side: dict[str, str]) -> dict[tuple[str, str], Said]:
    """Who may not be planned again, with the reason.

    People in another phase's approved plan whose handover is still to come,
    and everyone whose handover under this agreement is settled: returned (as
    listed or as a substitute), refused repatriation, died, held back for
    proceedings. Someone not presented, unfit to travel or replaced by a
    substitute is still held and may be planned again.
    """
    outcome_model = apps.get_model("operations", "HandoverOutcome")
    reasons = {pk: said("plan.excluded.approved", f"already in the approved plan for {name}", phase=name)
               for pk, name in PlanEntry.objects.filter(
                   plan__agreement=agreement, plan__state=PlanState.APPROVED, selected=True)
               .exclude(plan__phase_index=phase_index).values_list("declaration_id", "plan__phase_name")}
    settled = {"handed_over": "returned in {}", "refused": "refused repatriation at the handover of {}",
               "died": "died before the handover of {}", "proceedings": "held back for proceedings at {}"}
    outcomes = outcome_model.objects.filter(entry__manifest__plan__agreement=agreement).order_by("occurred_at", "id")
    for person, outcome, substitute, name in outcomes.values_list(
            "entry__declaration_id", "outcome", "substitute_id", "entry__manifest__plan__phase_name"):
        if outcome in settled:
            reasons[person] = said(f"plan.excluded.{outcome}", settled[outcome].format(name), phase=name)
        else:  # not presented, unfit, or replaced: still held
            reasons.pop(person, None)
        if substitute is not None:
            reasons[substitute] = said("plan.excluded.substitute", f"returned in {name} as a substitute", phase=name)
    return {(side[public_id[pk]], public_id[pk]): reason for pk, reason in reasons.items() if pk in public_id}


def _store(agreement: Agreement, version: Any, terms: Terms, phase_index: int, previous: PhasePlan | None,
           change: Said, result: Plan, pk_by_id: dict[str, int], acting_user: Any) -> PhasePlan:
    findings = {(e.facts.side, e.facts.record_id): e.findings for e in result.eligibility}
    content = _content(agreement, version, phase_index, result)
    summary = result.summary()
    if result.selection.problem_said is not None:
        summary["problem_said"] = result.selection.problem_said.as_json()
    with transaction.atomic():
        plan = PhasePlan.objects.create(
            agreement=agreement, terms_version=version, phase_index=phase_index,
            phase_name=terms.phases[phase_index].name if terms.phases else "Whole agreement",
            version=(previous.version + 1) if previous else _next_version(agreement, phase_index),
            previous=previous, reference_date=result.day, capacity=dict(result.capacity),
            summary=summary, change_note=change.text[:2000], change=change.as_json(), created_at=timezone.now(),
            created_by=acting_user,
            content_sha256=digest(content))
        PlanEntry.objects.bulk_create([
            PlanEntry(plan=plan, declaration_id=pk_by_id[d.record_id], side=d.side, selected=d.selected,
                      eligible=d.eligible, reason=d.reason, categories=list(d.categories),
                      findings=[[f.rule, f.ok, f.message] for f in findings.get((d.side, d.record_id), ())],
                      explanation=_explanation(d, findings.get((d.side, d.record_id), ())))
            for d in result.decisions], batch_size=2000)
    return plan


def _explanation(decision: Any, findings: Any) -> dict[str, Any]:
    """The reason and findings as wordings' ids and values, so that a page words them in its reader's language."""
    return {"reason": decision.said.as_json() if decision.said else {},
            "findings": [f.said.as_json() if f.said else {} for f in findings]}


def _content(agreement: Agreement, version: Any, phase_index: int, result: Plan) -> dict[str, Any]:
    """What an approval is of: the phase, its day and capacity under one terms version, and who goes."""
    return {"agreement": str(agreement.public_id), "terms_version": version.number, "phase": phase_index,
            "day": result.day.isoformat(), "capacity": dict(result.capacity),
            "selected": sorted([d.side, d.record_id] for d in result.decisions if d.selected)}


def _next_version(agreement: Agreement, phase_index: int) -> int:
    latest = latest_plan(agreement, phase_index)
    return latest.version + 1 if latest else 1
