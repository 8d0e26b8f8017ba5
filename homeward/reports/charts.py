"""The geometry of the dashboard's charts, drawn by the templates as inline SVG and repeated as tables.

No JavaScript and no inline style (the pages' CSP forbids both): the templates
place rectangles and text at the coordinates computed here, and the stylesheet
colours them by class. Each chart's figures are passed in, never counted here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, LABEL_WIDTH, VALUE_ROOM = 720, 210, 70
PLOT = WIDTH - LABEL_WIDTH - VALUE_ROOM
BAR, GAP, GROUP_GAP, TOP, AXIS = 18, 4, 16, 8, 26
TICK_ROOM = 44  # pixels between two dates on the time axis


@dataclass(frozen=True)
class Series:
    """One bar of a group as given: what it counts, its class for the colour, its value and the target it faces."""

    key: str
    label: str
    value: int
    target: int | None = None


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int
    target: int | None
    x: float
    y: float
    width: float
    target_x: float | None

    @property
    def text_x(self) -> float:
        """Right of the bar, and of the target mark when the mark is just past the bar's end."""
        end = self.x + self.width
        if self.target_x is not None and end - 4 <= self.target_x <= end + 40:
            end = self.target_x
        return end + 6

    @property
    def text_y(self) -> float:
        return self.y + BAR - 4

    @property
    def target_top(self) -> float:
        return self.y - 2

    @property
    def target_bottom(self) -> float:
        return self.y + BAR + 2


@dataclass(frozen=True)
class Group:
    label: str
    bars: tuple[Bar, ...]
    label_y: float


@dataclass(frozen=True)
class BarChart:
    groups: tuple[Group, ...]
    height: float
    ticks: tuple[tuple[float, int], ...]  # (x, value)
    legend: tuple[tuple[str, str], ...]  # (key, label), in order of first appearance
    axis_y: float

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def plot_left(self) -> int:
        return LABEL_WIDTH


def nice_ceiling(value: float) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(int(step * power) for step in (1, 2, 5, 10) if step * power >= value)


def bar_chart(groups: Sequence[tuple[str, Sequence[Series]]]) -> BarChart:
    """Horizontal bars, grouped, on one scale from zero; a target (a quota, a capacity) is a mark across its bar."""
    top = nice_ceiling(max([s.value for _, row in groups for s in row]
                           + [s.target or 0 for _, row in groups for s in row] + [1]))

    def x(value: float) -> float:
        return LABEL_WIDTH + value * PLOT / top

    laid, y, legend = [], float(TOP), {}
    for label, row in groups:
        bars = []
        for s in row:
            legend.setdefault(s.key, s.label)
            bars.append(Bar(s.key, s.label, s.value, s.target, LABEL_WIDTH, y, max(x(s.value) - LABEL_WIDTH, 0.0),
                            None if s.target is None else x(s.target)))
            y += BAR + GAP
        laid.append(Group(label, tuple(bars), (bars[0].y + bars[-1].y + BAR) / 2 + 4 if bars else y))
        y += GROUP_GAP - GAP
    step = top // 5 if top >= 5 else 1
    ticks = tuple((x(v), v) for v in range(0, top + 1, step))
    return BarChart(tuple(laid), y + AXIS, ticks, tuple(legend.items()), y)


@dataclass(frozen=True)
class Mark:
    """One event on the time axis; same-day events stack upwards."""

    day: dt.date
    kind: str
    label: str
    x: float
    y: float


@dataclass(frozen=True)
class TimeAxis:
    marks: tuple[Mark, ...]
    ticks: tuple[tuple[float, dt.date], ...]
    height: float
    axis_y: float

    @property
    def width(self) -> int:
        return WIDTH


def time_axis(events: Sequence[tuple[dt.date, str, str]]) -> TimeAxis:
    """Place (day, kind, label) events on a line from the first day to the last, stacked where days coincide."""
    left, right = 24.0, WIDTH - 24.0
    if not events:
        return TimeAxis((), (), 40.0, 20.0)
    first, last = min(e[0] for e in events), max(e[0] for e in events)
    span = max((last - first).days, 1)
    stacked: dict[dt.date, int] = {}
    for day, _kind, _label in events:
        stacked[day] = stacked.get(day, 0) + 1
    height = 14.0 * max(stacked.values()) + 44
    axis_y = height - 24
    seen: dict[dt.date, int] = {}
    marks = []
    for day, kind, label in events:
        level = seen.get(day, 0)
        seen[day] = level + 1
        x = left + (day - first).days * (right - left) / span
        marks.append(Mark(day, kind, label, x, axis_y - 10 - 14 * level))
    ticks: list[tuple[float, dt.date]] = []
    for day in sorted(stacked):  # a date under each day with events, unless it would run into the one before
        x = left + (day - first).days * (right - left) / span
        if not ticks or x - ticks[-1][0] >= TICK_ROOM:
            ticks.append((x, day))
    return TimeAxis(tuple(marks), tuple(ticks), height, axis_y)
