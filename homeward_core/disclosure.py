"""Statistical disclosure control for published counts: small cells hidden, and nothing recoverable by arithmetic.

A published table is a set of cells (counts) and the sums that tie them
together: a row's total is the sum of its cells, the agreement's total the
sum of its phases, and so on. Hiding a cell below the threshold (the primary
suppression) is not enough: if it is the only hidden cell of a sum whose
other terms are published, subtraction gives it back, and chains of sums can
do the same through several tables. :func:`protect` therefore hides further
cells (complementary suppression) until no hidden cell is determined by the
published ones through any combination of the sums, checked exactly by
linear algebra over the rationals (:func:`recoverable`).

The rule, as published in docs/exports.md:

1. every cell from 1 to ``threshold - 1`` is hidden (zeros are published:
   "nobody" describes no one);
2. while a sum has exactly one hidden term (a row or column with one hidden
   cell), hide the smallest non-zero published term of that sum too;
3. while a hidden cell can still be computed from the published cells by
   combining several sums, hide the smallest non-zero published cell of a
   sum it belongs to (or, failing that, of a sum any hidden cell belongs to).
   A zero is never chosen: it would pin the hidden cells it balances against
   to their bounds. Ties go to the cell listed first, so the result is
   deterministic;
4. if no such cell is left, hide every cell of the table.

A non-zero hidden cell that is not determined by the sums lies on a cycle of
hidden cells that can all move by one in opposite directions without any
published figure changing, so even knowing that counts are not negative does
not pin it down.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class Sum(Generic[K]):
    """``total`` is the sum of ``parts``: a margin of a table, or a figure that adds up others."""

    total: K
    parts: tuple[K, ...]

    @property
    def cells(self) -> tuple[K, ...]:
        return (self.total, *self.parts)


def margins(rows: Sequence[Hashable], columns: Sequence[Hashable], *, row_total: Hashable,
            column_total: Hashable, key: Callable[[Hashable, Hashable], K]) -> list[Sum[K]]:
    """The sums of a two-way table with its margins: each row to its total column, each column to its total row.

    ``rows`` and ``columns`` exclude the totals; ``key(row, column)`` names a cell.
    """
    every_row = [*rows, row_total]
    every_column = [*columns, column_total]
    sums = [Sum(key(r, column_total), tuple(key(r, c) for c in columns)) for r in every_row]
    sums += [Sum(key(row_total, c), tuple(key(r, c) for r in rows)) for c in every_column]
    return sums


def recoverable(values: Mapping[K, int], sums: Iterable[Sum[K]], hidden: Iterable[K]) -> set[K]:
    """The hidden cells that the published cells and the sums determine exactly.

    Each sum is one linear equation; moving the published cells to the right
    leaves a system in the hidden ones. A hidden cell is determined when its
    unit vector lies in the row space of that system: in reduced row echelon
    form, it is a pivot whose row has no other non-zero entry.
    """
    hidden = set(hidden)
    unknown = [k for k in values if k in hidden]
    column = {k: i for i, k in enumerate(unknown)}
    rows: list[dict[int, Fraction]] = []
    for s in sums:
        row: dict[int, Fraction] = {}
        for k, sign in ((s.total, 1), *((p, -1) for p in s.parts)):
            if k in column:
                row[column[k]] = row.get(column[k], Fraction(0)) + sign
        row = {c: v for c, v in row.items() if v}
        if row:
            rows.append(row)
    reduced = _reduced_row_echelon(rows, len(unknown))
    return {unknown[pivot] for pivot, row in reduced if len(row) == 1}


def _reduced_row_echelon(rows: list[dict[int, Fraction]], width: int) -> list[tuple[int, dict[int, Fraction]]]:
    """Gauss-Jordan elimination over sparse rows; returns (pivot column, row) pairs."""
    pending = [dict(r) for r in rows]
    done: list[tuple[int, dict[int, Fraction]]] = []
    for col in range(width):
        found = next((i for i, r in enumerate(pending) if r.get(col)), None)
        if found is None:
            continue
        pivot_row = pending.pop(found)
        scale = pivot_row[col]
        pivot_row = {c: v / scale for c, v in pivot_row.items()}
        for others in (pending, [r for _, r in done]):
            for r in others:
                factor = r.get(col)
                if factor:
                    for c, v in pivot_row.items():
                        updated = r.get(c, Fraction(0)) - factor * v
                        if updated:
                            r[c] = updated
                        else:
                            r.pop(c, None)
        done.append((col, pivot_row))
    return done


def protect(values: Mapping[K, int], sums: Sequence[Sum[K]], *, threshold: int = DEFAULT_THRESHOLD) -> frozenset[K]:
    """The cells to hide: every small cell, and enough others that no hidden cell can be worked out."""
    order = {k: i for i, k in enumerate(values)}
    hidden = {k for k, v in values.items() if 0 < v < threshold}
    while hidden:
        # The classical row and column rule first: a sum with one hidden term gives it away by subtraction.
        lonely = next((s for s in sums if sum(k in hidden for k in s.cells) == 1), None)
        if lonely is not None:
            extra = _smallest({k for k in lonely.cells if k not in hidden and values[k] > 0}, values, order)
        else:
            exposed = sorted(recoverable(values, sums, hidden), key=order.__getitem__)
            if not exposed:
                break
            extra = _complement(exposed[0], values, sums, hidden, order)
        if extra is None:
            return frozenset(values)
        hidden.add(extra)
    return frozenset(hidden)


def _smallest(candidates: set[K], values: Mapping[K, int], order: Mapping[K, int]) -> K | None:
    return min(candidates, key=lambda k: (values[k], order[k])) if candidates else None


def _complement(cell: K, values: Mapping[K, int], sums: Sequence[Sum[K]], hidden: set[K],
                order: Mapping[K, int]) -> K | None:
    """The smallest published non-zero cell sharing a sum with ``cell``; failing that, with any hidden cell."""
    for anchors in ({cell}, hidden):
        found = _smallest({k for s in sums if anchors & set(s.cells) for k in s.cells
                           if k not in hidden and values[k] > 0}, values, order)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class Published(Generic[K]):
    """A table as published: the values and which of them are hidden."""

    values: Mapping[K, int]
    hidden: frozenset[K]
    threshold: int

    def shown(self, key: K) -> int | None:
        return None if key in self.hidden else self.values[key]


def publish(values: Mapping[K, int], sums: Sequence[Sum[K]], *, threshold: int = DEFAULT_THRESHOLD) -> Published[K]:
    return Published(dict(values), protect(values, sums, threshold=threshold), threshold)
