"""One interface to the MIP solver: a linear model with several objectives, solved lexicographically.

Each objective is maximised in turn; its optimum is then held as a
constraint while the next is maximised. Every level reports its value and
the solver's proof: "optimal" with a gap of zero, or the gap it stopped at.
HiGHS (``highspy``) is the engine; another (OR-Tools CP-SAT) would implement
``solve_lexicographic`` over the same ``LinearModel``.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Level:
    """One objective level's outcome: its value and how it was proved."""

    name: str
    value: float
    status: str  # "optimal", "gap", "infeasible", "time limit"
    gap: float = 0.0
    method: str = ""

    def as_dict(self) -> dict[str, object]:
        value = round(self.value) if abs(self.value - round(self.value)) < 1e-6 else self.value
        return {"level": self.name, "value": value, "status": self.status, "gap": self.gap, "method": self.method}


@dataclass
class LinearModel:
    """Variables with bounds (integer or continuous), range rows, and named objectives to maximise in order."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    rows: list[tuple[np.ndarray, np.ndarray, float, float]] = field(default_factory=list)
    objectives: list[tuple[str, np.ndarray, np.ndarray, bool]] = field(default_factory=list)

    def add_variables(self, count: int, *, lower: float = 0.0, upper: float | list[float] = 1.0,
                      integer: bool = True) -> np.ndarray:
        first = len(self.lower)
        self.lower.extend([lower] * count)
        self.upper.extend(upper if isinstance(upper, list) else [upper] * count)
        self.integer.extend([integer] * count)
        return np.arange(first, first + count, dtype=np.int32)

    def add_row(self, index: np.ndarray, value: np.ndarray, lower: float, upper: float) -> None:
        self.rows.append((np.asarray(index, dtype=np.int32), np.asarray(value, dtype=np.float64), lower, upper))

    def maximise(self, name: str, index: np.ndarray, value: np.ndarray, *, integral: bool = True) -> None:
        """Add the next objective level; ``integral`` when its optimum is a whole number."""
        self.objectives.append((name, np.asarray(index, dtype=np.int32), np.asarray(value, dtype=np.float64),
                                integral))


@dataclass(frozen=True)
class Solution:
    values: np.ndarray
    levels: tuple[Level, ...]
    seconds: float

    @property
    def feasible(self) -> bool:
        return all(level.status in ("optimal", "gap") for level in self.levels)


def solve_lexicographic(model: LinearModel, *, time_limit: float = 60.0, method: str = "HiGHS MIP") -> Solution:
    """Maximise each objective in turn with HiGHS, holding each optimum for the next."""
    import highspy

    started = time.perf_counter()
    highs = _highs(model, time_limit)
    levels: list[Level] = []
    values = np.zeros(len(model.lower))
    inf = highspy.kHighsInf
    for name, index, value, integral in model.objectives:
        costs = np.zeros(len(model.lower))
        costs[index] = value
        highs.changeColsCost(len(costs), np.arange(len(costs), dtype=np.int32), costs)
        highs.setOptionValue("time_limit", max(time_limit - (time.perf_counter() - started), 0.1))
        highs.run()
        level = _level(highs, name, method)
        if levels and level.status == "infeasible":
            # The previous level's solution meets every row, so this is HiGHS presolve misjudging the
            # model (seen after reduced-cost fixing); solved again without presolve.
            highs.setOptionValue("presolve", "off")
            highs.run()
            highs.setOptionValue("presolve", "choose")
            level = _level(highs, name, method)
        if level.status == "optimal" and not len(model.lower) and not all(lo <= 0 <= up for _, _, lo, up in model.rows):
            # HiGHS calls a model without columns "empty" without looking at its rows' bounds.
            level = Level(name, 0.0, "infeasible", 0.0, method)
        levels.append(level)
        if level.status not in ("optimal", "gap"):
            break
        values = np.asarray(highs.getSolution().col_value)
        floor = round(level.value) - 1e-6 if integral else level.value - 1e-6 * max(1.0, abs(level.value))
        highs.addRow(floor, inf, len(index), index, value)
    return Solution(values, tuple(levels), time.perf_counter() - started)


def _quiet_highs() -> Any:
    """A HiGHS instance; the banner HiGHS writes to standard output on its first start is discarded.

    The banner bypasses Python (it is written by the C++ library), and would
    corrupt the JSON that `homeward plan` prints, so file descriptor 1 is
    pointed at /dev/null for that moment.
    """
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            highs = highspy.Highs()  # type: ignore[no-untyped-call]
            highs.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return highs


def _highs(model: LinearModel, time_limit: float) -> Any:
    import highspy

    highs = _quiet_highs()
    for option, setting in (("output_flag", False), ("mip_rel_gap", 0.0), ("mip_abs_gap", 1e-6),
                            ("threads", 1), ("random_seed", 1), ("time_limit", time_limit)):
        highs.setOptionValue(option, setting)
    count = len(model.lower)
    highs.addVars(count, np.array(model.lower), np.array(model.upper))
    integer = np.flatnonzero(model.integer).astype(np.int32)
    if len(integer):
        highs.changeColsIntegrality(len(integer), integer,
                                    np.full(len(integer), highspy.HighsVarType.kInteger, dtype=np.uint8))
    if model.rows:
        starts = np.cumsum([0] + [len(index) for index, _, _, _ in model.rows[:-1]]).astype(np.int32)
        highs.addRows(len(model.rows), np.array([row[2] for row in model.rows]),
                      np.array([row[3] for row in model.rows]), int(sum(len(row[0]) for row in model.rows)),
                      starts, np.concatenate([row[0] for row in model.rows]),
                      np.concatenate([row[1] for row in model.rows]))
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    return highs


def _level(highs: Any, name: str, method: str) -> Level:
    import highspy

    status = highs.getModelStatus()
    info = highs.getInfo()
    if status == highspy.HighsModelStatus.kOptimal:
        return Level(name, float(info.objective_function_value), "optimal", 0.0, method)
    if status == highspy.HighsModelStatus.kModelEmpty:
        return Level(name, 0.0, "optimal", 0.0, method)
    if status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return Level(name, 0.0, "infeasible", 0.0, method)
    if info.primal_solution_status == 2:  # a feasible solution, stopped before proving it best
        return Level(name, float(info.objective_function_value), "gap", float(info.mip_gap), method)
    return Level(name, 0.0, "time limit", float("inf"), method)


def solve_with_fixing(model: LinearModel, *, time_limit: float = 60.0, method: str = "HiGHS MIP") -> Solution:
    """``solve_lexicographic``, after shrinking the model by reduced-cost fixing on the first objective.

    The first objective's LP relaxation gives a bound z and reduced costs d.
    Guess a gap G: fix every column that sits at a bound with |d| > G, and
    solve what is left. If that optimum is within G of z, no solution better
    than it can have moved a fixed column (moving one by a whole unit costs
    more than G), so it is the optimum of the whole model. Otherwise G grows
    and the check is repeated; the last round fixes nothing.

    Exact when some optimal solution is integral in every column, which the
    aggregated planning model guarantees (segments of a group fill in order).
    """
    started = time.perf_counter()
    bound, values, reduced = _relaxation(model, time_limit)
    if bound is None:
        return solve_lexicographic(model, time_limit=time_limit, method=method)
    lower, upper = np.array(model.lower), np.array(model.upper)
    at_lower, at_upper = np.abs(values - lower) < 1e-9, np.abs(values - upper) < 1e-9
    for gap in (16.0, 1024.0, 65536.0, float("inf")):
        fixed = np.abs(reduced) > gap + 1e-9
        narrowed = LinearModel(
            list(np.where(fixed & at_upper, upper, lower)), list(np.where(fixed & at_lower, lower, upper)),
            model.integer, model.rows, model.objectives)
        remaining = max(time_limit - (time.perf_counter() - started), 0.1)
        label = method if gap == float("inf") else f"{method}, reduced-cost fixing (gap {gap:g})"
        solution = solve_lexicographic(narrowed, time_limit=remaining, method=label)
        if solution.levels and solution.levels[0].status == "optimal" and solution.levels[0].value >= bound - gap:
            return Solution(solution.values, solution.levels, time.perf_counter() - started)
    return solution


def _relaxation(model: LinearModel, time_limit: float) -> tuple[float | None, np.ndarray, np.ndarray]:
    import highspy

    highs = _highs(model, time_limit)
    count = len(model.lower)
    highs.changeColsIntegrality(count, np.arange(count, dtype=np.int32),
                                np.full(count, highspy.HighsVarType.kContinuous, dtype=np.uint8))
    _, index, value, _ = model.objectives[0]
    costs = np.zeros(count)
    costs[index] = value
    highs.changeColsCost(count, np.arange(count, dtype=np.int32), costs)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None, np.zeros(count), np.zeros(count)
    solution = highs.getSolution()
    bound = float(highs.getInfo().objective_function_value)
    return bound, np.asarray(solution.col_value), np.asarray(solution.col_dual)
