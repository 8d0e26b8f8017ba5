"""The waterfall's geometry: bars run from the prior through each field to the total, on one weight axis."""

from __future__ import annotations

import math

from homeward.matching.waterfall import build, probability
from tests.matching.conftest import WEIGHTS


def test_each_bar_starts_where_the_last_ended_and_the_total_is_their_sum() -> None:
    chart = build(list(reversed(WEIGHTS)))  # the prior is drawn first whatever the engine's order
    assert [b.label for b in chart.bars][0] == "Prior (before any field)" and chart.bars[-1].label == "Total"
    for before, after in zip(chart.bars[:-2], chart.bars[1:-1], strict=True):
        assert after.start == before.end
    assert math.isclose(chart.total, sum(w["weight"] for w in WEIGHTS))
    assert math.isclose(chart.probability, 1 / (1 + 2 ** -chart.total))
    assert [b.direction for b in chart.bars] == ["against", "for", "for", "for", "for", "total"]


def test_bars_and_ticks_stay_on_the_drawing_and_zero_is_a_tick() -> None:
    chart = build(WEIGHTS)
    for bar in chart.bars:
        assert bar.x >= 190 and bar.x + bar.width <= 640 - 70 + 1
    assert 0.0 in [w for _, w in chart.ticks]
    assert probability(0) == 0.5 and probability(-2000) == 0.0
