"""Choosing who goes in a phase: exact fast paths where they are provably optimal, a small MIP otherwise.

Every priority level is a sum over the people chosen of a non-negative
value, maximised lexicographically. Two facts make most of the work exact
and fast:

1. On one side, for a fixed number of people from one group, the best choice
   is the top of that group in priority order. Lexicographic vectors form a
   totally ordered group (Z^k under lex order), so the usual exchange
   argument for choosing k items of largest total weight holds level by level.
2. Each side's value for taking n people from a class is therefore a prefix
   sum of non-increasing vectors: concave. Spreading one capacity over
   classes with separable concave values is solved exactly by taking the
   largest marginals first.

Head-count parity needs only (1): the largest counts the capacities and the
tolerance allow, then the top of each side. Per-category parity with no
tolerance is (2) over the categories. Anything else (an equivalence scale, or
a per-category tolerance) goes to HiGHS on an aggregated model: one integer
per group of interchangeable people (side × parity class × the 0/1 priority
levels), with the days held as a concave piecewise-linear sum of sorted
segments, so a 50,000-person register is a model of a few hundred integers.
"""

from __future__ import annotations

import heapq
import time
from collections import defaultdict
from collections.abc import Callable, Iterable

import numpy as np

from homeward_core.planning.model import SIDES, Candidate, PlanRequest, Selection, level_values
from homeward_core.planning.solver import Level, LinearModel, solve_lexicographic, solve_with_fixing
from homeward_core.said import Said, said

Chosen = frozenset[tuple[str, str]]
METHOD = "HiGHS MIP over aggregated groups"


def select(request: PlanRequest, *, engine: str = "auto", time_limit: float = 60.0) -> Selection:
    """The chosen people for one phase, with the value and proof of each priority level."""
    started = time.perf_counter()
    problem = _infeasible_locks(request)
    if problem is not None:
        return Selection(frozenset(), (), "none", time.perf_counter() - started, problem.text, problem)
    exact = {"head_count": (_head_count, "exact: head count, best first on each side"),
             "per_category": (_per_category, "exact: per category, largest marginals first")}
    if engine == "auto" and request.regime in exact and (request.regime == "head_count" or request.tolerance == 0):
        choose, method = exact[request.regime]
        chosen = choose(request)
        if chosen is None:
            problem = said("plan.problem.locks_unmatched",
                           "the other side cannot match the people locked in under the parity rule")
            return Selection(frozenset(), (), method, time.perf_counter() - started, problem.text, problem)
        return _exact(request, chosen, method, started)
    return _grouped_mip(request, started, time_limit)


def by_side(candidates: Iterable[Candidate]) -> dict[str, list[Candidate]]:
    sides: dict[str, list[Candidate]] = {side: [] for side in SIDES}
    for candidate in candidates:
        sides[candidate.side].append(candidate)
    for people in sides.values():
        people.sort(key=Candidate.order)
    return sides


def _exact(request: PlanRequest, chosen: Chosen, method: str, started: float) -> Selection:
    values = level_values(request, chosen)
    levels = tuple(Level(name, value, "optimal", 0.0, method) for name, value in zip(request.priorities, values,
                                                                                         strict=True))
    return Selection(chosen, levels, method, time.perf_counter() - started)


def _infeasible_locks(request: PlanRequest) -> Said | None:
    for side in SIDES:
        locked = sum(1 for c in request.candidates if c.side == side and c.locked)
        if locked > request.capacity[side]:
            return said("plan.problem.locks_over_capacity", f"side {side} has {locked} people locked in, more than "
                        f"its capacity of {request.capacity[side]}", side=side, locked=locked,
                        capacity=request.capacity[side])
    return None


def _head_count(request: PlanRequest) -> Chosen | None:
    sides = by_side(request.candidates)
    room = {side: min(request.capacity[side], len(people)) for side, people in sides.items()}
    wanted = {"a": min(room["a"], room["b"] + request.tolerance), "b": min(room["b"], room["a"] + request.tolerance)}
    if any(sum(c.locked for c in people) > wanted[side] for side, people in sides.items()):
        return None
    return frozenset(pair for side, people in sides.items() for pair in _top(people, wanted[side]))


def _top(people: list[Candidate], count: int) -> list[tuple[str, str]]:
    """The locked people first, then the best of the rest, ``count`` in all (at least the locked)."""
    locked = [c for c in people if c.locked]
    free = [c for c in people if not c.locked]
    return [(c.side, c.record_id) for c in locked + free[: max(count - len(locked), 0)]]


def _per_category(request: PlanRequest) -> Chosen | None:
    classes: dict[str, dict[str, list[Candidate]]] = defaultdict(lambda: {side: [] for side in SIDES})
    for candidate in request.candidates:
        classes[candidate.parity_class][candidate.side].append(candidate)
    taken: dict[str, int] = {}
    heap: list[tuple[tuple[int, ...], str]] = []
    for name, sides in classes.items():
        for people in sides.values():
            people.sort(key=lambda c: (not c.locked, c.order()))
        locked = {side: sum(c.locked for c in people) for side, people in sides.items()}
        most = min(len(people) for people in sides.values())
        taken[name] = max(locked.values())
        if taken[name] > most:
            return None
        _push_marginal(heap, name, sides, taken[name], most)
    room = min(request.capacity.values()) - sum(taken.values())
    if room < 0:
        return None
    while room > 0 and heap:
        _, name = heapq.heappop(heap)
        taken[name] += 1
        room -= 1
        sides = classes[name]
        _push_marginal(heap, name, sides, taken[name], min(len(p) for p in sides.values()))
    return frozenset((c.side, c.record_id) for name, sides in classes.items()
                     for people in sides.values() for c in people[: taken[name]])


def _push_marginal(heap: list[tuple[tuple[int, ...], str]], name: str, sides: dict[str, list[Candidate]],
                   taken: int, most: int) -> None:
    if taken < most:
        gain = tuple(a + b for a, b in zip(sides["a"][taken].key, sides["b"][taken].key, strict=True))
        heapq.heappush(heap, (tuple(-v for v in gain), name))


def _grouped_mip(request: PlanRequest, started: float, time_limit: float) -> Selection:
    groups = _groups(request)
    people = list(groups.values())
    first_numeric = min(request.numeric_levels, default=len(request.priorities))
    # The 0/1 levels before the numeric one need only the group counts: a model of a few hundred integers.
    counts_only, columns = _aggregated_model(request, people, levels=range(first_numeric))
    solution = solve_lexicographic(counts_only, time_limit=time_limit, method=METHOD)
    levels = solution.levels
    if solution.feasible and first_numeric < len(request.priorities):
        model, columns = _aggregated_model(request, people, levels=range(first_numeric, len(request.priorities)))
        for (_, index, value, _), level in zip(counts_only.objectives, levels, strict=True):
            model.add_row(index, value, round(level.value) - 1e-6, np.inf)
        remaining = max(time_limit - (time.perf_counter() - started), 0.1)
        solution = solve_with_fixing(model, time_limit=remaining, method=METHOD)
        levels = levels + solution.levels
    if not solution.feasible:
        problem = said("plan.problem.no_parity", "no plan meets the parity rule with the people locked in")
        return Selection(frozenset(), levels, METHOD, time.perf_counter() - started, problem.text, problem)
    chosen = {(c.side, c.record_id) for c in request.candidates if c.locked}
    for group, column in zip(people, columns, strict=True):
        chosen.update((c.side, c.record_id) for c in group[: round(solution.values[column])])
    chosen_set = frozenset(chosen)
    values = level_values(request, chosen_set)
    levels = tuple(Level(level.name, value, level.status, level.gap, level.method)
                   for level, value in zip(levels, values, strict=True))
    return Selection(chosen_set, levels, METHOD, time.perf_counter() - started)


def _groups(request: PlanRequest) -> dict[tuple[object, ...], list[Candidate]]:
    """Interchangeable free people: same side, parity class and 0/1 levels; best days first."""
    flags = [n for n in range(len(request.priorities)) if n not in request.numeric_levels]
    groups: dict[tuple[object, ...], list[Candidate]] = defaultdict(list)
    for candidate in request.candidates:
        if not candidate.locked:
            groups[(candidate.side, candidate.parity_class, tuple(candidate.key[n] for n in flags))].append(candidate)
    numeric = sorted(request.numeric_levels)
    for people in groups.values():
        people.sort(key=lambda c: (tuple(-c.key[n] for n in numeric), c.record_id))
    return dict(sorted(groups.items(), key=lambda item: str(item[0])))


def _aggregated_model(request: PlanRequest, people: list[list[Candidate]], *, levels: Iterable[int]
                      ) -> tuple[LinearModel, np.ndarray]:
    """One integer per group (how many of it go), the capacity and parity rows, and the given levels."""
    model = LinearModel()
    locked = [c for c in request.candidates if c.locked]
    room = {side: request.capacity[side] - sum(1 for c in locked if c.side == side) for side in SIDES}
    bounds = [float(min(len(p), room[p[0].side])) for p in people]
    columns = model.add_variables(len(people), upper=bounds)
    sides = [p[0].side for p in people]
    for side in SIDES:
        mine = columns[[s == side for s in sides]]
        model.add_row(mine, np.ones(len(mine)), 0.0, float(room[side]))
    _parity_rows(model, request, people, columns, locked)
    for level in levels:
        name = request.priorities[level]
        if level in request.numeric_levels:
            index, value = _segments(model, people, columns, level, bounds)
            model.maximise(name, index, value)
        else:
            value = np.array([p[0].key[level] for p in people], dtype=np.float64)
            model.maximise(name, columns, value)
    return model, columns


def _parity_rows(model: LinearModel, request: PlanRequest, people: list[list[Candidate]], columns: np.ndarray,
                 locked: list[Candidate]) -> None:
    def worth(c: Candidate) -> int:
        return c.weight if request.regime == "equivalence" else 1

    def balance(belongs: Callable[[Candidate], bool]) -> None:
        index, value = [], []
        for p, column in zip(people, columns, strict=True):
            if belongs(p[0]):
                index.append(column)
                value.append(worth(p[0]) * (1 if p[0].side == "a" else -1))
        fixed = sum(worth(c) * (1 if c.side == "a" else -1) for c in locked if belongs(c))
        model.add_row(np.array(index, dtype=np.int32), np.array(value, dtype=np.float64),
                      float(-request.tolerance - fixed), float(request.tolerance - fixed))

    if request.regime == "per_category":
        for name in sorted({c.parity_class for c in request.candidates}):
            balance(lambda c, name=name: c.parity_class == name)  # type: ignore[misc]
    else:
        balance(lambda c: True)


def _segments(model: LinearModel, people: list[list[Candidate]], columns: np.ndarray, level: int,
              bounds: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """The numeric level as sorted segments: within a group the largest values are always taken first."""
    index, value = [], []
    for p, column, bound in zip(people, columns, bounds, strict=True):
        values = np.array([c.key[level] for c in p[: int(bound)]], dtype=np.float64)
        if not len(values):
            continue
        starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
        lengths = np.diff(np.r_[starts, len(values)]).astype(np.float64)
        segment = model.add_variables(len(starts), upper=list(lengths), integer=False)
        model.add_row(np.r_[segment, column], np.r_[np.ones(len(segment)), -1.0], 0.0, 0.0)
        index.append(segment)
        value.append(values[starts])
    if not index:
        return np.zeros(0, dtype=np.int32), np.zeros(0)
    return np.concatenate(index), np.concatenate(value)
