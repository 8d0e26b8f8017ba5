"""Splitting an agreement's exchange into its phases, parity holding in every phase.

Phase after phase, the planner chooses from those not yet scheduled, with
that phase's capacity: the first phase is the best plan there is, the second
the best of what remains, and so on. The most urgent therefore go first, and
each phase is balanced on its own, so that a phase that never happens leaves
no side owing the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from homeward_core.eligibility.facts import PersonFacts
from homeward_core.eligibility.terms import Terms
from homeward_core.planning.plan import Key, Plan, plan_phase
from homeward_core.said import Said, said


def schedule(people: Iterable[PersonFacts], terms: Terms, *, today: date,
             exclusions: Mapping[Key, str | Said] | None = None, engine: str = "auto") -> list[Plan]:
    """One plan per phase of the terms, each from the people the earlier phases did not take."""
    everyone = list(people)
    taken: dict[Key, str | Said] = dict(exclusions or {})
    plans = []
    for number, phase in enumerate(terms.phases):
        plan = plan_phase(everyone, terms, today=today, phase=number, exclusions=taken, engine=engine)
        plans.append(plan)
        for decision in plan.decisions:
            if decision.selected:
                taken[(decision.side, decision.record_id)] = said(
                    "plan.excluded.scheduled", f"already scheduled for {phase.name}", phase=phase.name)
    return plans
