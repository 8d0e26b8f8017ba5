"""The parity ledger from the records: who crossed (outcomes only), and the arithmetic in homeward_core.ledger.

Party A's and party B's figures come from the same rows, so the two sides'
statements cannot differ unless the records do.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from homeward.agreements.models import Agreement
from homeward.operations.choices import RETURNED
from homeward.operations.models import HandoverOutcome
from homeward.planning.facts import facts_for
from homeward.planning.models import PhasePlan, PlanEntry
from homeward.registry.models import Declaration
from homeward_core.eligibility import Eligibility, Terms, evaluate, rank_class
from homeward_core.ledger.parity import Crossing, Ledger, compute
from homeward_core.planning.plan import OTHER


def eligibility_of(declaration: Declaration, plan: PhasePlan) -> Eligibility:
    """One person against the plan's terms, on the plan's reference date (a substitute, at the border)."""
    facts, _ = facts_for(plan.agreement, only=Declaration.objects.filter(pk=declaration.pk))
    if not facts:
        raise ValueError("not a person held by either party to this agreement")
    return evaluate(facts[0], plan.terms_version.parsed(), plan.reference_date)


def returned_declarations() -> QuerySet[Declaration]:
    """Everyone who crossed: handed over as listed, or as a substitute."""
    crossed = HandoverOutcome.objects.filter(outcome__in=RETURNED)
    return Declaration.objects.filter(pk__in=crossed.exclude(outcome="substituted").values("entry__declaration")) | \
        Declaration.objects.filter(pk__in=crossed.filter(outcome="substituted").values("substitute"))


def crossings(outcomes: QuerySet[HandoverOutcome], terms: Terms) -> list[Crossing]:
    rows = list(outcomes.filter(outcome__in=RETURNED, entry__manifest__state="signed").select_related(
        "entry__manifest__plan", "entry__declaration", "substitute"))
    categories = {(e.plan_id, e.declaration_id): frozenset(e.categories) for e in PlanEntry.objects.filter(
        plan_id__in={o.entry.manifest.plan_id for o in rows},
        declaration_id__in={o.entry.declaration_id for o in rows})}
    people = []
    for outcome in rows:
        plan = outcome.entry.manifest.plan
        person = outcome.substitute or outcome.entry.declaration
        mine = (eligibility_of(person, plan).categories if outcome.substitute_id
                else categories.get((plan.pk, person.pk), frozenset()))
        parity_class, weight = _parity(mine, person, terms)
        people.append(Crossing(str(person.public_id), outcome.entry.manifest.side, plan.phase_name, mine,
                               parity_class, weight))
    return people


def _parity(categories: frozenset[str], person: Declaration, terms: Terms) -> tuple[str, int]:
    if terms.parity.regime == "per_category":
        return next((name for name in terms.parity.categories if name in categories), OTHER), 1
    if terms.parity.regime == "equivalence":
        rank = rank_class(person.rank) or "private"
        return rank, terms.parity.scale[rank]
    return "", 1


def _ledger(outcomes: QuerySet[HandoverOutcome], terms: Terms, quota: dict[str, int]) -> Ledger:
    unit = "privates' worth" if terms.parity.scale_name == "dix_hill_1862" else "units"
    return compute(crossings(outcomes, terms), regime=terms.parity.regime, quota=quota,
                   tolerance=terms.parity.tolerance, unit=unit)


def phase_ledger(plan: PhasePlan) -> Ledger:
    """One phase: against its capacity, with parity as the agreement defines it."""
    terms = plan.terms_version.parsed()
    outcomes = HandoverOutcome.objects.filter(entry__manifest__plan=plan)
    return _ledger(outcomes, terms, {side: int(n) for side, n in plan.capacity.items()})


def agreement_ledger(agreement: Agreement) -> tuple[Ledger, Any]:
    """Every phase so far, against the agreement's quota."""
    version = agreement.current_version()
    if version is None:
        raise ValueError("the agreement has no terms")
    terms = version.parsed()
    outcomes = HandoverOutcome.objects.filter(entry__manifest__plan__agreement=agreement)
    return _ledger(outcomes, terms, {side: q.at_least for side, q in terms.quota.items()}), terms
