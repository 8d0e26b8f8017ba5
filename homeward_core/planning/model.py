"""The planner's view of a phase: eligible people as candidates, and what a plan decides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from homeward_core.planning.solver import Level
from homeward_core.said import Said

SIDES = ("a", "b")


@dataclass(frozen=True)
class Candidate:
    """An eligible held person as the planner sees them.

    ``key`` holds the person's value for each priority level, in the agreement's
    order: 1 for "count", 1 or 0 for membership of a category, the days held
    for "days_held". ``parity_class`` is the category (per-category parity) or
    rank class (equivalence) the person counts in; ``weight`` the person's
    worth on the equivalence scale.
    """

    record_id: str
    side: str
    key: tuple[int, ...]
    parity_class: str = ""
    weight: int = 1
    locked: bool = False

    def order(self) -> tuple[object, ...]:
        """Sorts best first: highest key, then the record id so that the order is repeatable."""
        return (tuple(-v for v in self.key), self.record_id)


@dataclass(frozen=True)
class PlanRequest:
    """One phase to plan: who may go, how many each side hands over, and the parity rule."""

    candidates: tuple[Candidate, ...]
    capacity: Mapping[str, int]
    regime: str = "head_count"
    tolerance: int = 0
    priorities: tuple[str, ...] = ("count",)
    numeric_levels: frozenset[int] = frozenset()  # indexes into key of levels that are not 0/1 (days held)
    class_labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Selection:
    """Who goes, and the proof: each objective level's value and status."""

    chosen: frozenset[tuple[str, str]]  # (side, record_id)
    levels: tuple[Level, ...]
    method: str
    seconds: float
    problem: str = ""
    problem_said: Said | None = None  # the problem as a wording's id and its values

    @property
    def feasible(self) -> bool:
        return not self.problem

    def count(self, side: str) -> int:
        return sum(1 for chosen_side, _ in self.chosen if chosen_side == side)


def level_values(request: PlanRequest, chosen: frozenset[tuple[str, str]]) -> list[int]:
    """The value of every priority level for a set of chosen people."""
    totals = [0] * len(request.priorities)
    for candidate in request.candidates:
        if (candidate.side, candidate.record_id) in chosen:
            totals = [t + v for t, v in zip(totals, candidate.key, strict=True)]
    return totals
