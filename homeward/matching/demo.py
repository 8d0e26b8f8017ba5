"""The demo's reconciliation: the mediator links each side's sought list to the other side's roster.

Through the real services and the real engine. Decisions are taken with
the scenario's ground truth in hand, so the queue shows every kind: "same
person" for true pairs (people handed over on day 1 first, which brings the
completion figures down), "not the same person" for pairs the generator
made from different men, "unsure" for a few more true pairs left for
review. Everything here is fictional.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from homeward.matching import services
from homeward.matching.choices import Job, Verdict
from homeward.matching.models import MatchCandidate, ReconciliationRun
from homeward.operations.models import HandoverOutcome
from homeward.registry.models import Declaration

PER_KIND = {Verdict.SAME: 8, Verdict.NOT_SAME: 4, Verdict.UNSURE: 4}
REASONS = {
    Verdict.SAME: "Names agree across scripts, same date of birth and unit; the family's description matches "
                  "(demo).",
    Verdict.NOT_SAME: "Different father's name and a date of birth years apart; another man (demo).",
    Verdict.UNSURE: "Names agree but the date of birth is missing on one list; asked the holding side for the "
                    "service number (demo).",
}


def reconcile_demo(scenario: Any, orgs: dict[str, Any], users: dict[str, Any], say: Callable[[str], None]) -> None:
    started = time.perf_counter()
    truth = _truth(scenario, orgs)
    for left, right in (("A", "B"), ("B", "A")):
        run = services.run_start(job=Job.SOUGHT_HELD, left_party=orgs[left], right_party=orgs[right],
                                 acting_user=users["mediator"], enqueue=False)
        run = services.run_execute(run=run, acting_user=users["mediator"])
        say(f"reconciliation {left} sought ↔ {right} held: {run.candidate_count} candidates")
        _decide(run, truth, users["mediator"])
    say(f"reconciliation took {time.perf_counter() - started:.1f} s")


def _truth(scenario: Any, orgs: dict[str, Any]) -> dict[int, str]:
    """Declaration id -> the generator's individual, from the parties' own roster references."""
    by_ref = {(p.side, p.kind, p.external_ref): p.truth_id for p in scenario.people}
    side_of = {orgs["A"].pk: "A", orgs["B"].pk: "B"}
    rows = Declaration.objects.filter(party__in=(orgs["A"], orgs["B"])).values_list("pk", "party_id", "kind",
                                                                                     "external_ref")
    return {pk: by_ref[(side_of[party], kind, ref)] for pk, party, kind, ref in rows
            if (side_of[party], kind, ref) in by_ref}


def _decide(run: ReconciliationRun, truth: dict[int, str], mediator: Any) -> None:
    crossed = set(HandoverOutcome.objects.filter(outcome="handed_over").values_list("entry__declaration_id",
                                                                                     flat=True))
    candidates = list(MatchCandidate.objects.filter(run=run, verdict="").order_by("-match_probability", "id"))
    true_pairs = [c for c in candidates if truth.get(c.left_id) is not None
                  and truth.get(c.left_id) == truth.get(c.right_id)]
    # The returned first, so the completion figures show a sought man leaving the count.
    true_pairs.sort(key=lambda c: not ({c.left_id, c.right_id} & crossed))
    false_pairs = [c for c in reversed(candidates) if truth.get(c.left_id) != truth.get(c.right_id)]
    chosen = {Verdict.SAME: true_pairs[:PER_KIND[Verdict.SAME]],
              Verdict.UNSURE: true_pairs[-PER_KIND[Verdict.UNSURE]:] if len(true_pairs) > 12 else [],
              Verdict.NOT_SAME: false_pairs[:PER_KIND[Verdict.NOT_SAME]]}
    for verdict, rows in chosen.items():
        for candidate in rows:
            services.decision_record(candidate=candidate, verdict=verdict, reason=REASONS[verdict],
                                     acting_user=mediator)
