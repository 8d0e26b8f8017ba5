"""Statements: counts equal the records; small cells never reach the public."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from homeward_core.ledger.statement import Returned, figures, sentence

returned = st.builds(
    Returned, side=st.sampled_from(["a", "b"]),
    categories=st.frozensets(st.sampled_from(["seriously_wounded", "ill"])),
    captured_on=st.one_of(st.none(), st.dates(dt.date(2021, 1, 1), dt.date(2025, 6, 1))),
    crossed_on=st.just(dt.date(2025, 6, 9)), transit_care=st.booleans())


@settings(max_examples=80)
@given(people=st.lists(returned, max_size=40), public=st.booleans())
def test_counts_in_statements_equal_counts_in_records(people: list[Returned], public: bool) -> None:
    for figure in figures(people, categories=["ill"], public=public):
        mine = [p for p in people if p.side == figure.side]
        expected = {"returned": len(mine), "category:ill": sum("ill" in p.categories for p in mine),
                    "held_over_two_years": sum((p.days_held or 0) > 730 for p in mine),
                    "transit_care": sum(p.transit_care for p in mine)}[figure.label]
        assert figure.value == expected
        if public and 0 < figure.value < 5:
            assert figure.shown == "fewer than 5"
        if not public:
            assert not figure.suppressed


def test_a_cell_that_would_give_away_a_small_one_is_suppressed_too() -> None:
    people = [Returned("a", frozenset({"ill"}), None, dt.date(2025, 6, 9), True) for _ in range(20)]
    people.append(Returned("a", frozenset(), None, dt.date(2025, 6, 9), False))  # the one not ill
    shown = {f.label: f.shown for f in figures(people, categories=["ill"], public=True) if f.side == "a"}
    assert shown["returned"] == "21"
    assert shown["category:ill"] == "fewer than 5" and shown["transit_care"] == "fewer than 5"


def test_the_press_line() -> None:
    people = [Returned("b", frozenset(), dt.date(2022, 1, 1), dt.date(2025, 6, 9), n % 2 == 0) for n in range(84)]
    assert sentence(people, side="b", public=True) == (
        "84 returned; 84 had been held more than two years; 42 went to transit-state care")
