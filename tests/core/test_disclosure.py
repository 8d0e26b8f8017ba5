"""Small-cell suppression: nothing below the threshold is published, and no hidden cell can be worked out.

The checks are independent of the code under test: the rank of the sums'
matrix in floating point (numpy) for exact recovery by any combination of
sums, and a linear programme (scipy) for the range a hidden cell can take
when the attacker also knows that counts are not negative.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from homeward_core.disclosure import Sum, margins, protect, publish, recoverable

THRESHOLD = 5
small_counts = st.one_of(st.integers(0, 6), st.integers(0, 40))


def two_way(cells: list[list[int]]) -> tuple[dict[Any, int], list[Sum[Any]]]:
    """A table with its margins: keys (row, column), "T" for the totals."""
    rows, columns = range(len(cells)), range(len(cells[0]))
    values: dict[Any, int] = {(r, c): cells[r][c] for r in rows for c in columns}
    for r in rows:
        values[(r, "T")] = sum(cells[r])
    for c in [*columns, "T"]:
        values[("T", c)] = sum(values[(r, c)] for r in rows)
    return values, margins(list(rows), list(columns), row_total="T", column_total="T", key=lambda r, c: (r, c))


def _matrix(values: dict[Any, int], sums: list[Sum[Any]], hidden: frozenset[Any]) -> tuple[np.ndarray, list[Any]]:
    unknown = [k for k in values if k in hidden]
    matrix = np.zeros((len(sums), len(unknown)))
    for i, s in enumerate(sums):
        for k, sign in ((s.total, 1), *((p, -1) for p in s.parts)):
            if k in hidden:
                matrix[i, unknown.index(k)] += sign
    return matrix, unknown


def assert_protected(values: dict[Any, int], sums: list[Sum[Any]], hidden: frozenset[Any]) -> None:
    published = {k: v for k, v in values.items() if k not in hidden}
    assert not [k for k, v in published.items() if 0 < v < THRESHOLD], "a small cell is published"
    for s in sums:  # the attacker's first try: one hidden term in a sum
        assert sum(k in hidden for k in s.cells) != 1, f"{s} gives its one hidden cell away"
    matrix, unknown = _matrix(values, sums, hidden)
    if not unknown:
        return
    rank = np.linalg.matrix_rank(matrix)
    for i, k in enumerate(unknown):  # removing a determined cell's column lowers the rank
        assert np.linalg.matrix_rank(np.delete(matrix, i, axis=1)) == rank, f"{k} is determined by the sums"


def assert_not_pinned_by_bounds(values: dict[Any, int], sums: list[Sum[Any]], hidden: frozenset[Any]) -> None:
    """Each hidden cell's smallest and largest value consistent with everything published differ."""
    matrix, unknown = _matrix(values, sums, hidden)
    if not unknown:
        return
    rhs = np.array([-sum(sign * values[k] for k, sign in ((s.total, 1), *((p, -1) for p in s.parts))
                          if k not in hidden) for s in sums], dtype=float)
    for i, k in enumerate(unknown):
        objective = np.zeros(len(unknown))
        objective[i] = 1
        low = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=matrix, b_eq=rhs, bounds=(0, None), method="highs")
        assert low.status == 0
        span = float("inf") if high.status == 3 else -high.fun - low.fun
        assert span >= 1 - 1e-9, f"{k} is pinned to {low.fun} by the published figures and non-negativity"


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 6).flatmap(lambda r: st.integers(1, 4).flatmap(
    lambda c: st.lists(st.lists(small_counts, min_size=c, max_size=c), min_size=r, max_size=r))))
def test_no_hidden_cell_of_a_two_way_table_can_be_recovered(cells: list[list[int]]) -> None:
    values, sums = two_way(cells)
    hidden = protect(values, sums, threshold=THRESHOLD)
    assert_protected(values, sums, hidden)
    assert_not_pinned_by_bounds(values, sums, hidden)
    assert recoverable(values, sums, hidden) == set()


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 4).flatmap(lambda phases: st.tuples(
    st.lists(st.lists(small_counts, min_size=2, max_size=2), min_size=phases, max_size=phases),
    st.integers(2, 5))), st.randoms(use_true_random=False))
def test_linked_tables_sharing_their_totals_reveal_nothing_together(shape: Any, rnd: Any) -> None:
    """Returned by phase and side, and by time-held band and side: both add up to the same agreement totals."""
    by_phase, bands = shape
    per_side = [sum(row[s] for row in by_phase) for s in (0, 1)]
    by_band = []  # the same people split into bands at random
    for _ in range(bands):
        by_band.append([0, 0])
    for side in (0, 1):
        for _ in range(per_side[side]):
            by_band[rnd.randrange(bands)][side] += 1
    phase_values, phase_sums = two_way(by_phase)
    band_values, band_sums = two_way(by_band)
    values = {("phase", *k) if k[0] != "T" else ("T", k[1]): v for k, v in phase_values.items()}
    values |= {("band", *k) if k[0] != "T" else ("T", k[1]): v for k, v in band_values.items()}

    def rename(kind: str, k: Any) -> Any:
        return ("T", k[1]) if k[0] == "T" else (kind, *k)

    sums = [Sum(rename("phase", s.total), tuple(rename("phase", p) for p in s.parts)) for s in phase_sums]
    sums += [Sum(rename("band", s.total), tuple(rename("band", p) for p in s.parts)) for s in band_sums]
    hidden = protect(values, sums, threshold=THRESHOLD)
    assert_protected(values, sums, hidden)


def test_a_row_with_one_small_cell_hides_the_next_smallest_too() -> None:
    values, sums = two_way([[3, 20, 8], [12, 30, 9]])
    hidden = protect(values, sums, threshold=THRESHOLD)
    assert (0, 0) in hidden and (0, 2) in hidden  # 3 is small; 8 is the smallest other cell in its row
    assert (1, 0) in hidden and (1, 2) in hidden  # ... and the columns then need a second hidden cell each
    assert (0, "T") not in hidden and ("T", "T") not in hidden
    assert_protected(values, sums, hidden)


def test_zeros_and_large_cells_are_published_as_they_are() -> None:
    values, sums = two_way([[0, 20], [15, 30]])
    assert protect(values, sums, threshold=THRESHOLD) == frozenset()
    table = publish(values, sums, threshold=THRESHOLD)
    assert table.shown((0, 0)) == 0 and table.shown(("T", "T")) == 65


def test_a_table_too_small_to_protect_is_hidden_whole() -> None:
    values, sums = two_way([[2, 0]])  # one person: every figure about them is 2 or 0
    hidden = protect(values, sums, threshold=THRESHOLD)
    assert {k for k, v in values.items() if v} <= hidden
    assert_protected(values, sums, hidden)
