"""The parity ledger, computed from handover outcomes only.

A ``Crossing`` is one person who actually crossed (handed over, or a
substitute who went in someone's place), with the phase, the side that
handed them over, the agreement's categories the person meets, and the
parity class and weight the agreement's regime gives them. Everything in the
ledger is a sum over crossings, so both parties get the same figures from
the same records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SIDES = ("a", "b")


@dataclass(frozen=True)
class Crossing:
    record_id: str
    side: str
    phase: str
    categories: frozenset[str] = frozenset()
    parity_class: str = ""
    weight: int = 1


@dataclass(frozen=True)
class Owed:
    side: str
    what: str  # "quota", "parity", or "parity in <category>"
    amount: int
    unit: str  # "people" or the scale's unit

    def sentence(self) -> str:
        return f"side {self.side} owes {self.amount:,} {self.unit} ({self.what})"


@dataclass(frozen=True)
class Ledger:
    heads: Mapping[str, int]
    units: Mapping[str, int]
    by_phase: Mapping[tuple[str, str], int]  # (phase, side) -> heads
    by_category: Mapping[tuple[str, str], int]  # (category, side) -> heads
    by_class: Mapping[tuple[str, str], int]  # (parity class, side) -> heads
    quota: Mapping[str, int]
    owed: tuple[Owed, ...] = field(default_factory=tuple)

    def quota_sentence(self, side: str) -> str:
        return f"{self.heads[side]:,} of at least {self.quota.get(side, 0):,}"


def compute(crossings: Iterable[Crossing], *, regime: str, quota: Mapping[str, int], tolerance: int = 0,
            unit: str = "privates' worth") -> Ledger:
    """Heads and scale units per side, phase, category and parity class; and what each side owes."""
    people = list(crossings)
    heads = Counter(c.side for c in people)
    units = Counter({side: 0 for side in SIDES})
    for c in people:
        units[c.side] += c.weight
    by_phase = Counter((c.phase, c.side) for c in people)
    by_category = Counter((category, c.side) for c in people for category in c.categories)
    by_class = Counter((c.parity_class, c.side) for c in people)
    owed = [Owed(side, "quota", quota[side] - heads[side], "people")
            for side in SIDES if quota.get(side, 0) > heads[side]]
    owed += _parity_owed(regime, heads, units, by_class, tolerance, unit)
    return Ledger({s: heads[s] for s in SIDES}, {s: units[s] for s in SIDES}, dict(by_phase), dict(by_category),
                  dict(by_class), dict(quota), tuple(owed))


def _parity_owed(regime: str, heads: Counter[str], units: Counter[str], by_class: Counter[tuple[str, str]],
                 tolerance: int, unit: str) -> list[Owed]:
    if regime == "per_category":
        classes = sorted({name for name, _ in by_class})
        return [owed for name in classes
                for owed in _gap(by_class[(name, "a")], by_class[(name, "b")], tolerance,
                                 f"parity in {name.replace('_', ' ')}", "people")]
    if regime == "equivalence":
        return _gap(units["a"], units["b"], tolerance, "parity", unit)
    return _gap(heads["a"], heads["b"], tolerance, "parity", "people")


def _gap(a: int, b: int, tolerance: int, what: str, unit: str) -> list[Owed]:
    """The side behind owes the difference beyond the tolerance."""
    if abs(a - b) <= tolerance:
        return []
    behind = "a" if a < b else "b"
    return [Owed(behind, what, abs(a - b) - tolerance, unit)]
