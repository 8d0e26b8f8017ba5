"""Plan one phase from the people each side holds: who goes, the proof, and a reason for everyone.

``plan_phase`` evaluates every person against the terms, turns the
eligible into candidates (priority key, parity class, weight), applies the
planner's locks and exclusions, selects, and explains each decision in one
sentence: "not selected: 1,204th by days held among the 3,000 eligible ill
held by side a; 1,000 of them selected; capacity 1,000 on side a reached".
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from homeward_core.eligibility.facts import PersonFacts
from homeward_core.eligibility.rules import Eligibility, evaluate
from homeward_core.eligibility.terms import COUNT, DAYS_HELD, Terms
from homeward_core.planning.model import SIDES, Candidate, PlanRequest, Selection
from homeward_core.planning.selection import by_side, select
from homeward_core.said import Said, said, verbatim

Key = tuple[str, str]  # (side, record_id)
# The per-category class of people in none of the parity categories; not a possible category name, so
# that an agreement's own category called "other" is balanced on its own.
OTHER = "(other)"


@dataclass(frozen=True)
class Decision:
    """One held person's place in a plan, and why."""

    side: str
    record_id: str
    selected: bool
    eligible: bool
    reason: str
    categories: tuple[str, ...] = ()
    parity_class: str = ""
    # The reason as a wording's id and its values, for pages in other languages; not part of equality.
    said: Said | None = dataclasses.field(default=None, compare=False)


@dataclass(frozen=True)
class Plan:
    day: date
    capacity: Mapping[str, int]
    request: PlanRequest
    selection: Selection
    decisions: tuple[Decision, ...]
    regime: str
    eligibility: tuple[Eligibility, ...] = ()

    def summary(self) -> dict[str, Any]:
        """The JSON summary: objective values per level with their proof, counts, and seconds."""
        chosen = [d for d in self.decisions if d.selected]
        return {
            "day": self.day.isoformat(), "regime": self.regime, "capacity": dict(self.capacity),
            "feasible": self.selection.feasible, "problem": self.selection.problem,
            "method": self.selection.method,
            "proof": self.proof(),
            "objective": [level.as_dict() for level in self.selection.levels],
            "held": dict(Counter(d.side for d in self.decisions)),
            "eligible": dict(Counter(d.side for d in self.decisions if d.eligible)),
            "selected": {side: sum(1 for d in chosen if d.side == side) for side in SIDES},
            "seconds": round(self.selection.seconds, 4),
        }


    def proof(self) -> str:
        if not self.selection.feasible:
            return "infeasible"
        return "optimal" if all(lv.status == "optimal" for lv in self.selection.levels) else "not proven optimal"


def reference_day(terms: Terms, phase: int | None, today: date) -> date:
    if phase is not None and terms.phases and terms.phases[phase].day is not None:
        day = terms.phases[phase].day
        # narrows the type for the checker; true by construction above
        assert day is not None  # nosec B101
        return day
    return terms.reference_date or today


def plan_phase(people: Iterable[PersonFacts], terms: Terms, *, today: date, phase: int | None = None,
               capacity: Mapping[str, int | None] | None = None, locks: Iterable[Key] = (),
               exclusions: Mapping[Key, str | Said] | None = None, engine: str = "auto") -> Plan:
    """Choose who goes in one phase under the agreement's terms; every person gets a reason.

    ``exclusions`` maps a person to why they are out ("excluded by the planner: unfit to travel",
    "already in the approved plan for Day 1"); ``locks`` must go, if eligible.
    """
    day = reference_day(terms, phase, today)
    people = list(people)
    limits = dict(capacity if capacity is not None else terms.capacity(phase if terms.phases else None))
    room = {side: limit if limit is not None else sum(p.side == side for p in people)
            for side, limit in limits.items()}
    leaves: dict[tuple[object, ...], Any] = {}
    findings = [evaluate(facts, terms, day, leaves) for facts in people]
    request = build_request(findings, terms, room, frozenset(locks), dict(exclusions or {}))
    selection = select(request, engine=engine)
    decisions = explain(findings, request, selection, terms, dict(exclusions or {}), frozenset(locks))
    return Plan(day, room, request, selection, decisions, terms.parity.regime, tuple(findings))


def build_request(findings: list[Eligibility], terms: Terms, capacity: Mapping[str, int], locks: frozenset[Key],
                  exclusions: Mapping[Key, str | Said]) -> PlanRequest:
    candidates = []
    for result in findings:
        key = (result.facts.side, result.facts.record_id)
        if result.eligible and key not in exclusions:
            parity_class, weight = parity_of(result, terms)
            candidates.append(Candidate(result.facts.record_id, result.facts.side, priority_key(result, terms),
                                        parity_class, weight, key in locks))
    numeric = frozenset(n for n, name in enumerate(terms.priorities) if name == DAYS_HELD)
    labels = {name: category.label for name, category in terms.categories.items()}
    return PlanRequest(tuple(candidates), capacity, terms.parity.regime, terms.parity.tolerance, terms.priorities,
                       numeric, labels)


def priority_key(result: Eligibility, terms: Terms) -> tuple[int, ...]:
    def value(name: str) -> int:
        if name == COUNT:
            return 1
        if name == DAYS_HELD:
            return result.days_held
        return int(name in result.categories)

    return tuple(value(name) for name in terms.priorities)


def parity_of(result: Eligibility, terms: Terms) -> tuple[str, int]:
    if terms.parity.regime == "per_category":
        return next((name for name in terms.parity.categories if name in result.categories), OTHER), 1
    if terms.parity.regime == "equivalence":
        rank = result.facts.rank_class or "private"
        return rank, terms.parity.scale[rank]
    return "", 1


def explain(findings: list[Eligibility], request: PlanRequest, selection: Selection, terms: Terms,
            exclusions: Mapping[Key, str | Said], locks: frozenset[Key]) -> tuple[Decision, ...]:
    context = _Context(request, selection, terms)
    decisions = []
    for result in findings:
        key = (result.facts.side, result.facts.record_id)
        categories = tuple(sorted(result.categories))
        if not result.eligible:
            why = result.reason_said()
            if key in locks:
                why = said("plan.not_eligible_locked", why.text + "; the lock cannot override it", reason=why)
            decisions.append(Decision(*key, False, False, why.text, categories, said=why))
        elif key in exclusions:
            given = exclusions[key] or "excluded by the planner"
            excluded = verbatim(given) if isinstance(given, str) else given
            decisions.append(Decision(*key, False, True, f"not selected: {excluded.text}", categories,
                                      said=said("plan.not_selected_because", f"not selected: {excluded.text}",
                                                why=excluded)))
        else:
            decisions.append(context.decide(key, categories))
    return tuple(decisions)


class _Context:
    """What every explanation needs: each person's place in their group and the binding constraint."""

    def __init__(self, request: PlanRequest, selection: Selection, terms: Terms) -> None:
        self.request, self.selection, self.terms = request, selection, terms
        self.flags = [n for n, name in enumerate(request.priorities) if name not in (COUNT, DAYS_HELD)]
        self.candidates = {(c.side, c.record_id): c for c in request.candidates}
        self.place: dict[Key, tuple[int, int, int]] = {}  # position in group, group size, chosen in group
        self.rank_on_side: dict[Key, int] = {}
        groups: dict[tuple[object, ...], list[Candidate]] = defaultdict(list)
        for side, people in by_side(request.candidates).items():
            for n, c in enumerate(people):
                groups[(side, self._class(c), tuple(c.key[f] for f in self.flags))].append(c)
                self.rank_on_side[(side, c.record_id)] = n + 1
        for people in groups.values():
            chosen = sum((c.side, c.record_id) in selection.chosen for c in people)
            for n, c in enumerate(people):
                self.place[(c.side, c.record_id)] = (n + 1, len(people), chosen)
        self.chosen_count = {side: selection.count(side) for side in SIDES}

    def _class(self, c: Candidate) -> str:
        return c.parity_class if self.request.regime != "head_count" else ""

    def decide(self, key: Key, categories: tuple[str, ...]) -> Decision:
        c = self.candidates[key]
        chosen = key in self.selection.chosen
        if not self.selection.feasible:
            problem = self.selection.problem_said or verbatim(self.selection.problem)
            reason = said("plan.no_plan", f"not selected: no plan: {self.selection.problem}", problem=problem)
        elif chosen and c.locked:
            reason = said("plan.selected_locked", "selected: locked in by the planner")
        elif chosen:
            label = self._label(c)
            rank = self.rank_on_side[(c.side, c.record_id)]
            if DAYS_HELD in self.request.priorities:
                held = c.key[self.request.priorities.index(DAYS_HELD)]
                reason = said("plan.selected_held", f"selected: {', '.join(label) or 'eligible'}; {_ordinal(rank)} by "
                              f"priority on side {c.side}; held {held:,} days", label=label, rank=rank, side=c.side,
                              held=held)
            else:
                reason = said("plan.selected", f"selected: {', '.join(label) or 'eligible'}; {_ordinal(rank)} by "
                              f"priority on side {c.side}", label=label, rank=rank, side=c.side)
        else:
            position, size, taken = self.place[key]
            by_days = DAYS_HELD in self.request.priorities
            basis = "by days held" if by_days else "in priority order"
            label = self._label(c)
            binding = self._binding(c)
            reason = said("plan.not_selected_days" if by_days else "plan.not_selected",
                          f"not selected: {_ordinal(position)} {basis} among the {size:,} eligible "
                          f"{', '.join(label) or 'in no priority category'} held by side {c.side}; "
                          f"{taken:,} of them selected; {binding.text}",
                          position=position, size=size, label=label, side=c.side, taken=taken, binding=binding)
        return Decision(c.side, c.record_id, chosen, True, reason.text, categories, c.parity_class, reason)

    def _label(self, c: Candidate) -> list[str]:
        """The priority categories the person is in (names from the agreement's terms)."""
        words = [self.request.priorities[n].replace("_", " ") for n in self.flags if c.key[n]]
        if self._class(c) and c.parity_class not in self.request.priorities:
            words.insert(0, c.parity_class.replace("_", " "))
        return words

    def _binding(self, c: Candidate) -> Said:
        side, other = c.side, "b" if c.side == "a" else "a"
        if self.chosen_count[side] >= self.request.capacity[side]:
            capacity = self.request.capacity[side]
            return said("plan.binding.capacity", f"capacity {capacity:,} on side {side} reached",
                        capacity=capacity, side=side)
        if self.chosen_count[other] >= self.request.capacity[other]:
            capacity = self.request.capacity[other]
            return said("plan.binding.other_capacity", f"parity: capacity {capacity:,} on side {other} reached",
                        capacity=capacity, side=other)
        if self.request.regime == "head_count":
            count = self.chosen_count[other]
            return said("plan.binding.head_count", f"parity: side {other} can match only {count:,}",
                        side=other, count=count)
        if self.request.regime == "per_category":
            category = c.parity_class.replace("_", " ")
            return said("plan.binding.category",
                        f"parity in category {category}: side {other} has no more to match",
                        category=category, side=other)
        return said("plan.binding.equivalence", "parity: the equivalence scale must balance between the sides")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"
