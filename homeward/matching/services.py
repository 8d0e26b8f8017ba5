"""Audited writes of reconciliation: start a run, record what it found, decide a candidate.

A run is computed off the request (homeward.matching.tasks, or ``homeward
reconcile``): :func:`run_execute` marks it running, calls the engine outside
any transaction (it takes seconds to minutes and writes nothing), then stores
every proposal, the auto-accepted decisions and the counts in one audited
transaction. Pairs whose latest decision is "not the same person" (or
"same person": already linked) are never proposed again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.choices import OrganisationKind
from homeward.accounts.models import Membership, Organisation
from homeward.accounts.scoping import NotAllowed, match_candidates_for, require_actor
from homeward.audit import services as audit
from homeward.audit.guard import audited_service
from homeward.matching import engine, policy
from homeward.matching.choices import Job, RunState, Verdict
from homeward.matching.errors import InvalidField, MatchingError, RunConflict
from homeward.matching.models import MatchCandidate, MatchDecision, ReconciliationRun
from homeward.registry import progress as progress_files

logger = logging.getLogger(__name__)
DEFAULT_REVIEW_FLOOR = 0.5
MAX_REASON = 2000
# A pair decided this way is not proposed again: "not the same" is the promise, "same" is already a link.
SETTLED = (Verdict.NOT_SAME, Verdict.SAME)


def _probability(field: str, value: Any, low: float) -> float:
    """A probability in (low, 1] for the review floor (the engine needs a floor above 0), [low, 1] otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= float(value) <= 1 \
            or (low == 0 and float(value) == 0):
        raise InvalidField(field, f"A probability above {low:g} and at most 1." if low == 0
                           else f"A probability between {low:g} and 1.")
    return float(value)


def _parties(job: str, left_party: Organisation, right_party: Organisation | None) -> None:
    if job not in Job.values:
        raise InvalidField(
            "job", _("%(job)s is not one of %(values)s.") % {"job": repr(job), "values": ', '.join(Job.values)}
        )
    if left_party.kind != OrganisationKind.PARTY:
        raise InvalidField("left_party", _("Not a party to the conflict."))
    if job == Job.DUPLICATES:
        if right_party is not None:
            raise InvalidField("right_party", _("A duplicates run looks at one party's lists only."))
        return
    if right_party is None or right_party.kind != OrganisationKind.PARTY:
        raise InvalidField("right_party", _("A party to the conflict is required."))
    if right_party.pk == left_party.pk:
        raise InvalidField("right_party", _("The other party, not the same one."))


def _run_state(run: ReconciliationRun) -> dict[str, Any]:
    return {"job": run.job, "left_party": str(run.left_party.public_id),
            "right_party": str(run.right_party.public_id) if run.right_party else None,
            "review_floor": _text(run.review_floor), "auto_accept": _text(run.auto_accept), "state": run.state,
            "candidate_count": run.candidate_count, "auto_accepted_count": run.auto_accepted_count}


def _text(probability: float | None) -> str | None:
    """The audit log's canonical form has no floats: probabilities are recorded as decimal text."""
    return None if probability is None else f"{probability:g}"


@audited_service
def run_start(*, job: str, left_party: Organisation, right_party: Organisation | None = None,
              review_floor: float = DEFAULT_REVIEW_FLOOR, auto_accept: float | None = None,
              acting_user: Any, enqueue: bool = True) -> ReconciliationRun:
    """Queue a run; the worker (or the CLI, with ``enqueue=False``) executes it."""
    actor = require_actor(acting_user)
    _parties(job, left_party, right_party)
    if not policy.may_start(actor, job, left_party.pk):
        raise NotAllowed(
            _("The mediator's coordinators and operators run reconciliation; a party's may look for duplicates "
              "in its own lists.")
        )
    review_floor = _probability("review_floor", review_floor, 0.0)
    if auto_accept is not None:
        if not policy.may_set_auto_accept(actor):
            raise NotAllowed(_("Only the mediator's coordinators set an auto-accept threshold."))
        auto_accept = _probability("auto_accept", auto_accept, 0.5)
        if auto_accept < review_floor:
            raise InvalidField("auto_accept", _("Below the review floor."))
    going = ReconciliationRun.objects.filter(job=job, left_party=left_party, right_party=right_party,
                                             state__in=(RunState.QUEUED, RunState.RUNNING))
    if going.exists():
        raise RunConflict(_("The same run is already queued or running."))
    run = ReconciliationRun.objects.create(job=job, left_party=left_party, right_party=right_party,
                                           review_floor=review_floor, auto_accept=auto_accept,
                                           started_at=timezone.now(), started_by=acting_user)
    audit.record(acting_user=acting_user, action="matching.run.start", object_type="reconciliation_run",
                 object_id=run.public_id, after=_run_state(run),
                 summary={"job": job, "review_floor": _text(review_floor), "auto_accept": _text(auto_accept)})
    if enqueue:
        from homeward.matching.tasks import enqueue_run

        enqueue_run(run)
    return run


@audited_service
def run_begin(*, run: ReconciliationRun, acting_user: Any) -> ReconciliationRun:
    """Mark a queued run as running (a run already running, done or failed is not run twice).

    The starter must still be allowed to start it: a run queued by someone since deactivated is refused.
    """
    if not policy.may_start(require_actor(acting_user), run.job, run.left_party_id):
        raise NotAllowed(_("You may no longer start this run."))
    run = ReconciliationRun.objects.select_for_update().get(pk=run.pk)
    if run.state != RunState.QUEUED:
        raise RunConflict(_("This run is %(state)s already.") % {"state": run.state})
    run.state = RunState.RUNNING
    run.save(update_fields=["state"])
    audit.record(acting_user=acting_user, action="matching.run.begin", object_type="reconciliation_run",
                 object_id=run.public_id, organisation=_org_of(run.started_by), summary={"state": run.state})
    return run


@audited_service
def run_fail(*, run: ReconciliationRun, error: str, acting_user: Any) -> ReconciliationRun:
    ReconciliationRun.objects.filter(pk=run.pk).update(state=RunState.FAILED, error=error[:2000],
                                                       finished_at=timezone.now())
    run.refresh_from_db()
    audit.record(acting_user=acting_user, action="matching.run.fail", object_type="reconciliation_run",
                 object_id=run.public_id, organisation=_org_of(run.started_by), summary={"state": run.state})
    return run


def settled_pairs(left_party_id: int, right_party_id: int | None) -> set[tuple[int, int]]:
    """Pairs among these parties' records whose latest decision is "not the same" or "same"."""
    parties = {left_party_id, right_party_id or left_party_id}
    decided = (MatchCandidate.objects.exclude(verdict="")
               .filter(left__party_id__in=parties, right__party_id__in=parties)
               .order_by("decided_at").values_list("left_id", "right_id", "verdict"))
    latest = {(left, right): verdict for left, right, verdict in decided}
    return {pair for pair, verdict in latest.items() if verdict in SETTLED}


@audited_service
def run_finish(*, run: ReconciliationRun, proposals: list[engine.Proposal], compared: dict[str, int],
               acting_user: Any) -> ReconciliationRun:
    """Store a run's proposals, minus settled pairs; auto-accept (when set) in the starter's name."""
    run = ReconciliationRun.objects.select_for_update(of=("self",)).select_related("left_party", "right_party") \
        .get(pk=run.pk)
    if run.state != RunState.RUNNING:
        raise RunConflict(_("This run is %(state)s, not running.") % {"state": run.state})
    settled = settled_pairs(run.left_party_id, run.right_party_id)
    kept = [p for p in proposals if (p.left_id, p.right_id) not in settled]
    rows = MatchCandidate.objects.bulk_create(
        [MatchCandidate(run=run, left_id=p.left_id, right_id=p.right_id, match_probability=p.match_probability,
                        match_weight=p.match_weight, contributions=list(p.contributions)) for p in kept],
        batch_size=2000)
    _supersede_earlier(run, kept)
    accepted = _auto_accept(run, rows) if run.auto_accept is not None else 0
    run.state, run.finished_at, run.compared = RunState.DONE, timezone.now(), compared
    run.candidate_count, run.suppressed_count, run.auto_accepted_count = len(kept), len(proposals) - len(kept), accepted
    run.save(update_fields=["state", "finished_at", "compared", "candidate_count", "suppressed_count",
                            "auto_accepted_count"])
    audit.record(acting_user=acting_user, action="matching.run.finish", object_type="reconciliation_run",
                 object_id=run.public_id, organisation=_org_of(run.started_by), after=_run_state(run),
                 summary={"candidates": len(kept), "suppressed": run.suppressed_count, "auto_accepted": accepted,
                          "compared": compared})
    return run


def _supersede_earlier(run: ReconciliationRun, kept: list[engine.Proposal]) -> None:
    pairs = {(p.left_id, p.right_id) for p in kept}
    earlier = (MatchCandidate.objects.filter(verdict="", superseded=False).exclude(run=run)
               .filter(left__party_id__in={run.left_party_id, run.right_party_id or run.left_party_id}))
    stale = [pk for pk, left, right in earlier.values_list("pk", "left_id", "right_id") if (left, right) in pairs]
    for start in range(0, len(stale), 500):
        MatchCandidate.objects.filter(pk__in=stale[start:start + 500]).update(superseded=True)


def _auto_accept(run: ReconciliationRun, rows: list[MatchCandidate]) -> int:
    threshold = run.auto_accept or 1.0
    chosen = [c for c in rows if c.match_probability >= threshold]
    if not chosen:
        return 0
    now, org = timezone.now(), require_actor(run.started_by).organisation
    reason = f"Auto-accepted: probability at or above {threshold:g}, the threshold of run {run.public_id}."
    MatchDecision.objects.bulk_create(
        [MatchDecision(candidate=c, verdict=Verdict.SAME, reason=reason, automatic=True, decided_at=now,
                       decided_by=run.started_by, organisation=org) for c in chosen], batch_size=2000)
    ids = [c.pk for c in chosen]
    for start in range(0, len(ids), 500):
        MatchCandidate.objects.filter(pk__in=ids[start:start + 500]).update(
            verdict=Verdict.SAME, decided_at=now, decided_by_organisation=org)
    return len(chosen)


def _org_of(user: Any) -> Organisation | None:
    """The organisation a run's entries belong to: its starter's, even after the starter was deactivated."""
    membership = Membership.objects.select_related("organisation").filter(user=user).first()
    return membership.organisation if membership is not None else None


def run_execute(*, run: ReconciliationRun, acting_user: Any,
                progress: Callable[[str, int, int], None] | None = None) -> ReconciliationRun:
    """Run a queued run to the end: begin, compute off any transaction, finish (or fail, saying why)."""
    run = run_begin(run=run, acting_user=acting_user)

    def report(stage: str, done: int, total: int) -> None:
        progress_files.report(run.public_id, stage, done, total)
        if progress is not None:
            progress(stage, done, total)

    try:
        proposals, compared = engine.propose(run.job, run.left_party_id, run.right_party_id,
                                             review_floor=run.review_floor, progress=report)
    except engine.LinkageError as exc:
        return run_fail(run=run, error=f"The linkage engine refused the lists: {exc}", acting_user=acting_user)
    except Exception as exc:  # a failed run must say so (and the worker go on), not stay "running" for ever
        logger.exception("reconciliation run %s stopped", run.public_id)
        return run_fail(run=run, error=f"The run stopped: {type(exc).__name__}: {str(exc)[:500]}",
                        acting_user=acting_user)
    return run_finish(run=run, proposals=proposals, compared=compared, acting_user=acting_user)


@audited_service
def decision_record(*, candidate: MatchCandidate, verdict: str, reason: str, acting_user: Any) -> MatchDecision:
    """A reviewer's verdict with a reason; the candidate's verdict becomes it. Nothing is merged."""
    actor = require_actor(acting_user)
    candidate = match_candidates_for(acting_user).select_for_update(of=("self",)).filter(pk=candidate.pk).first()
    if candidate is None:
        raise NotAllowed(_("This candidate is not visible to your organisation."))
    if not policy.may_decide(actor, candidate):
        if actor.role in policy.EDITOR_ROLES and candidate.decided_by_organisation_id is not None:
            raise RunConflict(_("Another organisation decided this candidate; only it or the mediator changes that."))
        raise NotAllowed(_("Coordinators and operators of the parties and the mediator decide candidates."))
    if verdict not in Verdict.values:
        raise InvalidField(
            "verdict", _("%(verdict)s is not one of %(values)s.") % {
                "verdict": repr(verdict), "values": ', '.join(Verdict.values)}
        )
    reason = (reason or "").strip()
    if not reason:
        raise InvalidField("reason", _("A reason is required."))
    if len(reason) > MAX_REASON:
        raise InvalidField("reason", _("At most %(MAX_REASON)s characters.") % {"MAX_REASON": MAX_REASON})
    before = {"verdict": candidate.verdict}
    now = timezone.now()
    decision = MatchDecision.objects.create(candidate=candidate, verdict=verdict, reason=reason, decided_at=now,
                                            decided_by=acting_user, organisation=actor.organisation)
    MatchCandidate.objects.filter(pk=candidate.pk).update(verdict=verdict, decided_at=now,
                                                          decided_by_organisation=actor.organisation)
    audit.record(acting_user=acting_user, action="matching.decision", object_type="match_candidate",
                 object_id=candidate.public_id, before=before,
                 after={"verdict": verdict, "reason": reason, "decision": str(decision.public_id)},
                 summary={"verdict": verdict, "run": str(candidate.run.public_id)})
    return decision


__all__ = ["MatchingError", "decision_record", "run_execute", "run_start"]
