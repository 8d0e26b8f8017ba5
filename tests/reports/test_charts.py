"""The dashboard's chart geometry: one scale from zero, targets on it, same-day events stacked."""

from __future__ import annotations

import datetime as dt

import pytest

from homeward.reports.charts import LABEL_WIDTH, PLOT, Series, bar_chart, nice_ceiling, time_axis


@pytest.mark.parametrize(("value", "expected"), [(0, 1), (1, 1), (3, 5), (7, 10), (12, 20), (681, 1000),
                                                 (6057, 10000), (1000, 1000)])
def test_the_scale_ends_at_a_round_number(value: int, expected: int) -> None:
    assert nice_ceiling(value) == expected


def test_bars_and_targets_share_one_scale_from_zero() -> None:
    chart = bar_chart([("In all", [Series("a", "A", 681, 1000), Series("b", "B", 500, 1000)]),
                       ("Ill", [Series("a", "A", 0), Series("b", "B", 250)])])
    (a, b), (ill_a, ill_b) = (group.bars for group in chart.groups)
    assert a.x == LABEL_WIDTH and a.width == pytest.approx(PLOT * 0.681)
    assert a.target_x == pytest.approx(LABEL_WIDTH + PLOT) == b.target_x
    assert ill_a.width == 0 and ill_a.target_x is None and ill_b.width == pytest.approx(b.width / 2)
    assert [value for _x, value in chart.ticks] == [0, 200, 400, 600, 800, 1000]
    assert chart.legend == (("a", "A"), ("b", "B"))
    assert a.y < b.y < ill_a.y < ill_b.y < chart.axis_y < chart.height


def test_a_value_label_clears_a_target_just_past_its_bar() -> None:
    [group] = bar_chart([("Day 1", [Series("a", "A", 382, 390)])]).groups
    assert group.bars[0].text_x == pytest.approx(group.bars[0].target_x + 6)


def test_events_of_one_day_stack_and_dates_do_not_collide() -> None:
    day = dt.date(2025, 6, 2)
    axis = time_axis([(day, "talks", "Talks"), (day, "tabled", "A"), (day + dt.timedelta(days=1), "phase", "Day 1"),
                      (day + dt.timedelta(days=100), "phase", "Day 4")])
    first, second, third, last = axis.marks
    assert first.x == second.x and second.y < first.y and third.x > first.x and last.x > third.x
    assert [d for _x, d in axis.ticks] == [day, day + dt.timedelta(days=100)]  # the next day is too close to label
    assert time_axis([]).marks == ()
