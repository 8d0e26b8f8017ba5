"""The parity ledger from the records: who crossed (outcomes only), and the arithmetic in homeward_core.ledger.

Party A's and party B's figures come from the same rows, so the two sides'
statements cannot differ unless the records do.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

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
        raise ValueError(_("not a person held by either party to this agreement"))
    return evaluate(facts[0], plan.terms_version.parsed(), plan.reference_date)


def returned_declarations() -> QuerySet[Declaration]:
    """Everyone who crossed: handed over as listed, or as a substitute."""
    crossed = HandoverOutcome.objects.filter(outcome__in=RETURNED)
    return Declaration.objects.filter(pk__in=crossed.exclude(outcome="substituted").values("entry__declaration")) | \
        Declaration.objects.filter(pk__in=crossed.filter(outcome="substituted").values("substitute"))


def crossings(outcomes: QuerySet[HandoverOutcome], terms: Terms) -> list[Crossing]:
    """Everyone who crossed on a signed manifest, with the categories their plan gave them.

    Plain values, not model rows: the agreement's ledger reads every crossing (thousands),
    and building plan and declaration objects for each cost seconds.
    """
    returned = outcomes.filter(outcome__in=RETURNED, entry__manifest__state="signed")
    rows = list(returned.values_list(
        "entry__manifest__plan_id", "entry__manifest__side", "entry__declaration_id", "entry__declaration__public_id",
        "entry__declaration__rank", "substitute_id", "substitute__public_id", "substitute__rank"))
    plans = {plan.pk: plan for plan in PhasePlan.objects.filter(pk__in={row[0] for row in rows})
             .select_related("agreement", "terms_version")}
    categories = {(plan, person): frozenset(found) for plan, person, found in PlanEntry.objects.filter(
        plan_id__in=plans, declaration_id__in=returned.values("entry__declaration_id"),
    ).values_list("plan_id", "declaration_id", "categories")}
    substitutes = substitutes_categories(plans, [(row[0], row[5]) for row in rows if row[5] is not None])
    people = []
    for plan_id, side, listed, listed_id, listed_rank, substitute, substitute_id, substitute_rank in rows:
        if substitute is None:
            mine, public_id, rank = categories.get((plan_id, listed), frozenset()), listed_id, listed_rank
        else:
            mine, public_id, rank = substitutes[(plan_id, substitute)], substitute_id, substitute_rank
        parity_class, weight = _parity(mine, rank, terms)
        people.append(Crossing(str(public_id), side, plans[plan_id].phase_name, mine, parity_class, weight))
    return people


def substitutes_categories(plans: dict[int, PhasePlan], pairs: list[tuple[int, int]]
                            ) -> dict[tuple[int, int], frozenset[str]]:
    """The categories of people who crossed in someone's place, evaluated as eligibility_of does, per plan at once."""
    found: dict[tuple[int, int], frozenset[str]] = {}
    for plan_id in {plan_id for plan_id, _person in pairs}:
        plan = plans[plan_id]
        wanted = {person for pid, person in pairs if pid == plan_id}
        facts, pk_of = facts_for(plan.agreement, only=Declaration.objects.filter(pk__in=wanted))
        terms = plan.terms_version.parsed()
        for person in facts:
            found[(plan_id, pk_of[person.record_id])] = evaluate(person, terms, plan.reference_date).categories
        if len(facts) != len(wanted):
            raise ValueError("a substitute is not a person held by either party to this agreement")
    return found


def _parity(categories: frozenset[str], rank: str, terms: Terms) -> tuple[str, int]:
    if terms.parity.regime == "per_category":
        return next((name for name in terms.parity.categories if name in categories), OTHER), 1
    if terms.parity.regime == "equivalence":
        rank_name = rank_class(rank) or "private"
        return rank_name, terms.parity.scale[rank_name]
    return "", 1


def _ledger(outcomes: QuerySet[HandoverOutcome], terms: Terms, quota: dict[str, int]) -> Ledger:
    # Not translated here: the ledger is part of the signed protocol, whose content is the same in every language.
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
        raise ValueError(_("the agreement has no terms"))
    terms = version.parsed()
    outcomes = HandoverOutcome.objects.filter(entry__manifest__plan__agreement=agreement)
    return _ledger(outcomes, terms, {side: q.at_least for side, q in terms.quota.items()}), terms
