"""The demo's reconciliation: the mediator links party A's sought list to party B's roster.

Through the real services and the real engine. Decisions are taken with
the scenario's ground truth in hand, so the queue shows every kind: "same
person" for true pairs (people handed over on day 1 first, which brings the
completion figures down), "not the same person" for the twin brothers party
B holds of men party A seeks, "unsure" for a few more true pairs. Party A
then sends party B the sought records of the reviewed and the most probable
open pairs, so both parties' queues hold something. Everything here is
fictional.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from homeward.matching import services
from homeward.matching.choices import Job, Verdict
from homeward.matching.models import MatchCandidate, ReconciliationRun
from homeward.operations.models import HandoverOutcome
from homeward.registry import services as registry
from homeward.registry.models import Declaration, DeclarationShare

# Low enough that the queue holds doubtful pairs too (different men the engine found alike).
REVIEW_FLOOR = 0.2
TWINS = 6
REQUEST_OPEN = 20
PER_KIND = {Verdict.SAME: 8, Verdict.NOT_SAME: 4, Verdict.UNSURE: 4}
REASONS = {
    Verdict.SAME: "Names agree across scripts, same date of birth and unit; the family's description matches "
                  "(demo).",
    Verdict.NOT_SAME: "Twin brother: same surname, patronymic, unit and date of birth, but another given name, "
                      "confirmed by the family (demo).",
    Verdict.UNSURE: "Names agree but the date of birth is missing on one list; asked the holding side for the "
                    "service number (demo).",
}


def reconcile_demo(scenario: Any, orgs: dict[str, Any], users: dict[str, Any], say: Callable[[str], None]) -> None:
    started = time.perf_counter()
    truth = _truth(scenario, orgs)
    truth.update(_brothers(orgs, users, truth))
    run = services.run_start(job=Job.SOUGHT_HELD, left_party=orgs["A"], right_party=orgs["B"],
                             review_floor=REVIEW_FLOOR, acting_user=users["mediator"], enqueue=False)
    run = services.run_execute(run=run, acting_user=users["mediator"])
    say(f"reconciliation A sought ↔ B held: {run.candidate_count} candidates")
    _decide(run, truth, users["mediator"])
    _request_list(run, orgs, users)
    say(f"reconciliation took {time.perf_counter() - started:.1f} s")


def _request_list(run: ReconciliationRun, orgs: dict[str, Any], users: dict[str, Any]) -> None:
    """Party A sends party B the sought records of the reviewed pairs and of the most probable open ones, so
    B's operators can review them too (a party sees a pair only when it may see both records)."""
    decided = run.candidates.exclude(verdict="").exclude(verdict=Verdict.NOT_SAME)
    top_open = run.candidates.filter(verdict="").order_by("-match_probability", "id")[:REQUEST_OPEN]
    ids = {c.left_id if c.left.party_id == orgs["A"].pk else c.right_id
           for c in [*decided.select_related("left"), *top_open.select_related("left")]}
    shared = set(DeclarationShare.objects.filter(organisation=orgs["B"], declaration_id__in=ids)
                 .values_list("declaration_id", flat=True))
    for declaration in Declaration.objects.filter(pk__in=ids - shared):
        registry.declaration_share(declaration=declaration, organisation=orgs["B"],
                                   purpose="request list after reconciliation (demo)",
                                   acting_user=users["a.operator"])


def _brothers(orgs: dict[str, Any], users: dict[str, Any], truth: dict[int, str]) -> dict[int, str]:
    """Party B holds the twin brothers of a few men party A seeks (and does not hold them): same surname,
    patronymic, unit and date of birth, another given name. The hard negatives the review queue is for."""
    held_truths = {truth.get(pk) for pk in Declaration.objects.filter(party=orgs["B"], kind="held")
                   .values_list("pk", flat=True)}
    sought = [d for d in Declaration.objects.filter(party=orgs["A"], kind="sought", birth_day__isnull=False)
              .exclude(patronymic="").order_by("external_ref") if truth.get(d.pk) not in held_truths]
    brothers = {}
    for n, (man, other) in enumerate(zip(sought[:TWINS], sought[TWINS:2 * TWINS], strict=False)):
        twin = registry.declaration_create(
            party=orgs["B"], kind="held", acting_user=users["b.operator"],
            values={"external_ref": f"B-DEMO-TWIN-{n + 1}", "surname": man.surname, "given_name": other.given_name,
                    "patronymic": man.patronymic, "birth_year": man.birth_year, "birth_month": man.birth_month,
                    "birth_day": man.birth_day, "unit": man.unit, "legal_status": "pow"})
        brothers[twin.pk] = f"demo-twin-{n + 1}"
    return brothers


def _truth(scenario: Any, orgs: dict[str, Any]) -> dict[int, str]:
    """Declaration id -> the generator's individual, from the parties' own roster references."""
    by_ref = {(p.side, p.kind, p.external_ref): p.truth_id for p in scenario.people}
    side_of = {orgs["A"].pk: "A", orgs["B"].pk: "B"}
    rows = Declaration.objects.filter(party__in=(orgs["A"], orgs["B"])).values_list("pk", "party_id", "kind",
                                                                                     "external_ref")
    return {pk: by_ref[(side_of[party], kind, ref)] for pk, party, kind, ref in rows
            if (side_of[party], kind, ref) in by_ref}


def _decide(run: ReconciliationRun, truth: dict[int, str], reviewer: Any) -> None:
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
                                     acting_user=reviewer)
