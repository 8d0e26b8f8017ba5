"""The geometry of a candidate's waterfall chart: what drove its score, as bars on a match-weight axis.

Each contribution is a log2 Bayes factor; starting from the prior, every
compared field moves the running total up (evidence for) or down (against);
the last bar is the total, whose probability is 2^w / (1 + 2^w). The page
draws these bars as inline SVG and repeats them as a table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from homeward.matching.levels import level_label

LABELS = {"prior": _("Prior (before any field)"), "surname": _("Surname"), "given_name": _("Given name"),
          "patronymic": _("Patronymic"), "date_of_birth": _("Date of birth"), "unit": _("Unit")}
WIDTH, LABEL_WIDTH, ROW, TOP = 640, 190, 28, 24
PLOT = WIDTH - LABEL_WIDTH - 70


@dataclass(frozen=True)
class Bar:
    label: str
    level: str
    weight: float
    start: float
    end: float
    x: float
    width: float
    y: float
    direction: str  # "for" | "against" | "total"

    @property
    def text_x(self) -> float:
        return self.x + self.width + 4


@dataclass(frozen=True)
class Waterfall:
    bars: tuple[Bar, ...]
    total: float
    probability: float
    zero_x: float
    height: int
    ticks: tuple[tuple[float, float], ...]  # (x, weight)

    @property
    def axis_y(self) -> int:
        return self.height - 18


def probability(weight: float) -> float:
    return 1.0 / (1.0 + 2.0 ** -weight) if weight > -1000 else 0.0


def build(contributions: Iterable[Mapping[str, Any]]) -> Waterfall:
    """Lay out the bars (prior first, then the fields in the engine's order, then the total)."""
    rows = sorted(contributions, key=lambda c: c["comparison"] != "prior")
    steps, running = [], 0.0
    for c in rows:
        start, running = running, running + float(c["weight"])
        steps.append((str(LABELS.get(c["comparison"], c["comparison"])), level_label(c["level"]), float(c["weight"]),
                      start, running))
    ends = [0.0, running] + [s[3] for s in steps] + [s[4] for s in steps]
    low, high = math.floor(min(ends)), math.ceil(max(ends))
    span = max(high - low, 1)

    def x(w: float) -> float:
        return LABEL_WIDTH + (w - low) * PLOT / span

    bars = [Bar(label, level, weight, start, end, min(x(start), x(end)), max(abs(x(end) - x(start)), 1.0),
                TOP + i * ROW, "for" if weight >= 0 else "against")
            for i, (label, level, weight, start, end) in enumerate(steps)]
    total = _("probability %(p)s") % {"p": number_format(probability(running), 3)}
    bars.append(Bar(str(_("Total")), str(total), running, 0.0, running,
                    min(x(0), x(running)), max(abs(x(running) - x(0)), 1.0), TOP + len(steps) * ROW, "total"))
    step = max(1, math.ceil(span / 8))
    ticks = tuple((x(w), float(w)) for w in range(math.ceil(low / step) * step, high + 1, step))
    return Waterfall(tuple(bars), running, probability(running), x(0), TOP + len(bars) * ROW + 24, ticks)
