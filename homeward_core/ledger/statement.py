"""Statements for a party's press office, derived only from records, with small cells suppressed in public.

"84 returned; 61 had been held more than two years; 70 went to transit-state
care." Every figure is a count over ``Returned`` rows, so it traces back to
the handover outcomes and after-care events it came from. In anything public,
a figure below the threshold (default 5) is shown as "fewer than 5", and so is
any figure from which a suppressed one could be recovered by subtraction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

SIDES = ("a", "b")
LONG_HELD_DAYS = 730
DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class Returned:
    """One person who crossed: to which side they returned, their categories, days held, transit care."""

    side: str  # the side that handed the person over
    categories: frozenset[str]
    captured_on: dt.date | None
    crossed_on: dt.date
    transit_care: bool

    @property
    def days_held(self) -> int | None:
        return None if self.captured_on is None else (self.crossed_on - self.captured_on).days


@dataclass(frozen=True)
class Figure:
    label: str
    side: str
    value: int
    shown: str  # the value as published: the number, or "fewer than 5"

    @property
    def suppressed(self) -> bool:
        return self.shown != f"{self.value:,}"


def figures(people: Iterable[Returned], *, categories: Iterable[str], public: bool,
            threshold: int = DEFAULT_THRESHOLD) -> list[Figure]:
    """Per side: returned, per category, held over two years, in transit care."""
    rows = list(people)
    out: list[Figure] = []
    for side in SIDES:
        mine = [p for p in rows if p.side == side]
        counts = [("returned", len(mine))]
        counts += [(f"category:{name}", sum(name in p.categories for p in mine)) for name in categories]
        counts.append(("held_over_two_years", sum((p.days_held or 0) > LONG_HELD_DAYS for p in mine)))
        counts.append(("transit_care", sum(p.transit_care for p in mine)))
        out += _publish(side, counts, public, threshold)
    return out


def _publish(side: str, counts: list[tuple[str, int]], public: bool, threshold: int) -> list[Figure]:
    total = counts[0][1]
    small = {label for label, value in counts if public and 0 < value < threshold}
    # A sub-count equal to the total minus a small cell would give the small cell away: suppress it too.
    if public:
        small |= {label for label, value in counts[1:] if 0 < total - value < threshold}
    return [Figure(label, side, value, f"fewer than {threshold}" if label in small else f"{value:,}")
            for label, value in counts]


def sentence(people: Iterable[Returned], *, side: str, public: bool, threshold: int = DEFAULT_THRESHOLD) -> str:
    """The press-office line for one side: "84 returned; 61 had been held more than two years; …"."""
    shown = {f.label: f.shown for f in figures(people, categories=(), public=public, threshold=threshold)
             if f.side == side}
    return (f"{shown['returned']} returned; {shown['held_over_two_years']} had been held more than two years; "
            f"{shown['transit_care']} went to transit-state care")
