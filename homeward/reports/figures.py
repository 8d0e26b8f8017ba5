"""Figures derived from records only: who returned (for statements) and who is not yet home (completion).

Read-only: nothing here writes, and nothing else imports this app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from homeward.agreements.models import Agreement
from homeward.matching.choices import Verdict
from homeward.matching.models import MatchCandidate
from homeward.operations.choices import RETURNED, AftercareStage
from homeward.operations.ledger import substitutes_categories
from homeward.operations.models import AftercareEvent, HandoverOutcome
from homeward.planning.facts import held_declarations
from homeward.planning.models import PhasePlan, PlanEntry
from homeward.registry.models import Declaration
from homeward.remains.progress import progress_for
from homeward_core.ledger.statement import DEFAULT_THRESHOLD, Figure, Returned, figures


def returned(agreement: Agreement, plan: PhasePlan | None = None) -> list[Returned]:
    """Everyone who crossed under the agreement (or in one phase), from outcomes on signed manifests.

    Plain values and a fixed number of queries, as the parity ledger reads them: a substitute's
    categories are evaluated per plan at once, not one person at a time.
    """
    outcomes = HandoverOutcome.objects.filter(outcome__in=RETURNED, entry__manifest__state="signed",
                                              entry__manifest__plan__agreement=agreement)
    if plan is not None:
        outcomes = outcomes.filter(entry__manifest__plan=plan)
    rows = list(outcomes.values_list("entry__manifest__plan_id", "entry__manifest__side", "entry__declaration_id",
                                     "entry__declaration__captured_on", "substitute_id", "substitute__captured_on",
                                     "occurred_at"))
    plans = {p.pk: p for p in PhasePlan.objects.filter(pk__in={row[0] for row in rows})
             .select_related("agreement", "terms_version")}
    categories = {(plan_id, person): frozenset(found) for plan_id, person, found in PlanEntry.objects.filter(
        plan_id__in=plans, declaration_id__in=outcomes.values("entry__declaration_id"),
    ).values_list("plan_id", "declaration_id", "categories")}
    substitutes = substitutes_categories(plans, [(row[0], row[4]) for row in rows if row[4] is not None])
    in_care = set(AftercareEvent.objects.filter(
        declaration_id__in=[row[4] or row[2] for row in rows], stage=AftercareStage.TRANSIT_CARE,
    ).values_list("declaration_id", flat=True))
    result = []
    for plan_id, side, listed, listed_captured, substitute, substitute_captured, occurred_at in rows:
        if substitute is None:
            mine, person, captured = categories.get((plan_id, listed), frozenset()), listed, listed_captured
        else:
            mine, person, captured = substitutes[(plan_id, substitute)], substitute, substitute_captured
        result.append(Returned(side, mine, captured, occurred_at.date(), person in in_care))
    return result


@dataclass(frozen=True)
class Completion:
    held: dict[str, int]  # side -> still held (declared held, not crossed)
    sought: dict[str, int]  # side -> the party's own missing still on its sought list
    crossed: dict[str, int]
    # side -> remains that side handed over which the receiver has counted and not yet identified (units minus
    # identified individuals: an estimate, as one unit may hold several people); empty without a remains clause
    unidentified: dict[str, int]


def completion(agreement: Agreement, remains: Any = None) -> Completion:
    """Who is not home yet: the number that "exchanges continue until all are home" must bring down.

    ``remains`` is the agreement's remains progress when the caller has it already (the dashboard).
    """
    crossed_ids = set(HandoverOutcome.objects.filter(outcome="handed_over", entry__manifest__plan__agreement=agreement)
                      .values_list("entry__declaration_id", flat=True))
    crossed_ids |= set(HandoverOutcome.objects.filter(outcome="substituted",
                                                      entry__manifest__plan__agreement=agreement)
                       .values_list("substitute_id", flat=True))
    sides = {agreement.party_a_id: "a", agreement.party_b_id: "b"}
    held = {"a": 0, "b": 0}
    crossed = {"a": 0, "b": 0}
    for pk, party_id in held_declarations(agreement).values_list("pk", "party_id"):
        bucket = crossed if pk in crossed_ids else held
        bucket[sides[party_id]] += 1
    sought = {sides[party_id]: n for party_id, n in _sought_counts(agreement)}
    remains = (progress_for(agreement) if remains is None else remains) or ()
    return Completion(held, {"a": sought.get("a", 0), "b": sought.get("b", 0)}, crossed,
                      {p.side: p.unidentified for p in remains})


def _sought_counts(agreement: Agreement) -> Any:
    """Sought declarations per party, less those a "same person" decision links to someone who crossed."""
    from django.db.models import Count

    return (Declaration.objects.filter(kind="sought", party_id__in=(agreement.party_a_id, agreement.party_b_id))
            .exclude(linked_to_crossed(agreement)).values_list("party_id").annotate(n=Count("pk")))


def linked_to_crossed(agreement: Agreement) -> Q:
    """Declarations a current "same person" verdict links to someone handed over (or substituted in) under it."""
    outcomes = HandoverOutcome.objects.filter(entry__manifest__plan__agreement=agreement)
    crossed = (Q(pk__in=outcomes.filter(outcome="handed_over").values("entry__declaration_id"))
               | Q(pk__in=outcomes.filter(outcome="substituted").values("substitute_id")))
    crossed_ids = Declaration.objects.filter(crossed).values("pk")
    same = MatchCandidate.objects.filter(verdict=Verdict.SAME)
    return (Q(pk__in=same.filter(right_id__in=crossed_ids).values("left_id"))
            | Q(pk__in=same.filter(left_id__in=crossed_ids).values("right_id")))


LABELS = {"returned": gettext_lazy("returned"), "held_over_two_years": gettext_lazy("held more than two years"),
          "transit_care": gettext_lazy("went to transit-state care")}


def figure_name(label: str) -> str:
    """A statement row's name: its label, or the category's name as the terms spell it."""
    return str(LABELS.get(label) or label.removeprefix("category:").replace("_", " "))


def statement_categories(agreement: Agreement, terms: Any = None) -> list[str]:
    """The categories the agreement's terms (or ``terms``, when the caller has them) give priority to."""
    if terms is None:
        version = agreement.current_version()
        terms = version.parsed() if version else None
    return [c for c in (terms.priorities if terms else ()) if c not in ("count", "days_held")]


def figure_rows(table: list[Figure]) -> list[tuple[str, Figure, Figure]]:
    """A statement's figures as rows: one per label, side a's and side b's."""
    rows = []
    for label in dict.fromkeys(f.label for f in table):
        cells = {f.side: f for f in table if f.label == label}
        rows.append((label, cells["a"], cells["b"]))
    return rows


def statement_table(agreement: Agreement, people: list[Returned], terms: Any = None
                    ) -> list[tuple[str, Figure, Figure]]:
    """The statement's figures (its version for the parties, nothing suppressed), as the dashboard draws them."""
    return figure_rows(figures(people, categories=statement_categories(agreement, terms), public=False,
                               threshold=DEFAULT_THRESHOLD))
