"""The two plans the planner is measured against: a plain MIP and a greedy fill.

- ``plain_mip``: one binary per eligible person, the same constraints and
  lexicographic levels, no aggregation: what one would write first.
- ``greedy``: each side's best people in priority order up to capacity, then
  the longer side trimmed from the bottom until parity holds. Fast, and
  optimal for head counts, but it can fall short under per-category or
  equivalence parity.
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np

from homeward_core.planning.model import SIDES, Candidate, PlanRequest, Selection, level_values
from homeward_core.planning.selection import by_side
from homeward_core.planning.solver import Level, LinearModel, solve_lexicographic


def plain_mip(request: PlanRequest, *, time_limit: float = 120.0) -> Selection:
    started = time.perf_counter()
    people = list(request.candidates)
    model = LinearModel()
    columns = model.add_variables(len(people), lower=0.0, upper=[1.0] * len(people))
    for n, c in enumerate(people):
        if c.locked:
            model.lower[n] = 1.0
    for side in SIDES:
        mine = columns[[c.side == side for c in people]]
        model.add_row(mine, np.ones(len(mine)), 0.0, float(request.capacity[side]))
    for group in _parity_groups(request, people):
        value = np.array([_worth(request, c) * (1 if c.side == "a" else -1) for c in group[1]], dtype=np.float64)
        model.add_row(group[0], value, -float(request.tolerance), float(request.tolerance))
    for level, name in enumerate(request.priorities):
        model.maximise(name, columns, np.array([c.key[level] for c in people], dtype=np.float64))
    solution = solve_lexicographic(model, time_limit=time_limit, method="HiGHS MIP, one binary per person")
    chosen = frozenset((c.side, c.record_id) for c, v in zip(people, solution.values, strict=True) if v > 0.5)
    problem = "" if solution.feasible else "no feasible plan"
    return Selection(chosen, solution.levels, "plain MIP", time.perf_counter() - started, problem)


def _worth(request: PlanRequest, c: Candidate) -> int:
    return c.weight if request.regime == "equivalence" else 1


def _parity_groups(request: PlanRequest, people: list[Candidate]) -> list[tuple[np.ndarray, list[Candidate]]]:
    if request.regime == "per_category":
        names = sorted({c.parity_class for c in people})
        return [(np.array([n for n, c in enumerate(people) if c.parity_class == name], dtype=np.int32),
                 [c for c in people if c.parity_class == name]) for name in names]
    return [(np.arange(len(people), dtype=np.int32), people)]


def greedy(request: PlanRequest) -> Selection:
    """Best first up to capacity on each side, then trim the side that is ahead until parity holds."""
    started = time.perf_counter()
    sides = {side: sorted(people, key=lambda c: not c.locked) for side, people in by_side(request.candidates).items()}
    picked = {side: people[: request.capacity[side]] for side, people in sides.items()}
    if request.regime == "per_category":
        picked = _trim_per_category(picked)
    else:
        while abs(_total(request, picked["a"]) - _total(request, picked["b"])) > request.tolerance:
            ahead = "a" if _total(request, picked["a"]) > _total(request, picked["b"]) else "b"
            picked[ahead] = picked[ahead][:-1]
    chosen = frozenset((c.side, c.record_id) for people in picked.values() for c in people)
    levels = tuple(Level(name, value, "heuristic", 0.0, "greedy")
                   for name, value in zip(request.priorities, level_values(request, chosen), strict=True))
    return Selection(chosen, levels, "greedy", time.perf_counter() - started)


def _total(request: PlanRequest, people: list[Candidate]) -> int:
    return sum(_worth(request, c) for c in people)


def _trim_per_category(picked: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    counts = {side: Counter(c.parity_class for c in people) for side, people in picked.items()}
    keep = {name: min(counts["a"][name], counts["b"][name]) for name in counts["a"] | counts["b"]}
    trimmed: dict[str, list[Candidate]] = {}
    for side, people in picked.items():
        seen: Counter[str] = Counter()
        trimmed[side] = []
        for c in people:
            seen[c.parity_class] += 1
            if seen[c.parity_class] <= keep[c.parity_class]:
                trimmed[side].append(c)
    return trimmed
