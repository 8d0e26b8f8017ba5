"""Findings per person, and the hard rules that no term overrides."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward_core.eligibility import PartialDate, PersonFacts, evaluate, parse_terms, rank_class
from homeward_core.eligibility.facts import LEGAL_STATUSES, RANK_CLASSES
from homeward_core.planning import plan_phase

DAY = date(2025, 6, 9)
TERMS = parse_terms({
    "format": "homeward-terms/1",
    "eligible": {"any": [{"category": "seriously_wounded"}, {"category": "ill"}, {"category": "under_25"}]},
    "quota": {"at_least": 1000},
})


def person(**facts: object) -> PersonFacts:
    base: dict[str, object] = {"record_id": "r1", "side": "a", "legal_status": "pow", "identity_confirmed": True,
                               "date_of_birth": PartialDate(1990, 1, 1), "captured_on": date(2023, 1, 1)}
    base.update(facts)
    return PersonFacts(**base)  # type: ignore[arg-type]


def test_it_reads_the_age_rule_as_a_sentence() -> None:
    result = evaluate(person(date_of_birth=PartialDate(2002, 3, 1)), TERMS, DAY)
    assert result.eligible
    assert "age.under: 23 on 2025-06-09, under 25" in [str(f) for f in result.findings]


def test_a_birth_year_alone_cannot_make_someone_eligible_when_the_age_is_in_doubt() -> None:
    result = evaluate(person(date_of_birth=PartialDate(2000)), TERMS, DAY)  # 24 or 25 on the day
    assert not result.eligible
    assert "cannot tell if under 25" in result.reason()


def test_it_counts_days_held_from_capture() -> None:
    assert evaluate(person(ill=True), TERMS, DAY).days_held == (DAY - date(2023, 1, 1)).days


@pytest.mark.parametrize(("facts", "rule"), [
    ({"consents": False}, "hard.refuses"),
    ({"held_for_proceedings": True}, "hard.proceedings"),
    ({"identity_confirmed": False}, "hard.identity"),
    ({"legal_status": "civilian_internee"}, "status.not_exchanged"),
])
def test_hard_rules_exclude_with_their_own_finding(facts: dict[str, object], rule: str) -> None:
    result = evaluate(person(seriously_wounded=True, **facts), TERMS, DAY)
    assert not result.eligible
    assert result.excluded_by == rule


facts_strategy = st.builds(
    PersonFacts,
    record_id=st.uuids().map(str), side=st.sampled_from(["a", "b"]),
    date_of_birth=st.one_of(st.none(), st.builds(PartialDate, st.integers(1950, 2007), st.none(), st.none()),
                            st.dates(date(1950, 1, 1), date(2007, 12, 31)).map(
                                lambda d: PartialDate(d.year, d.month, d.day))),
    captured_on=st.one_of(st.none(), st.dates(date(2014, 1, 1), date(2025, 6, 1))),
    rank_class=st.one_of(st.none(), st.sampled_from(RANK_CLASSES)),
    legal_status=st.sampled_from(LEGAL_STATUSES + ("",)),
    seriously_wounded=st.booleans(), ill=st.booleans(),
    consents=st.sampled_from([None, True, False]), held_for_proceedings=st.booleans(),
    identity_confirmed=st.booleans(),
)
PERMISSIVE = parse_terms({"format": "homeward-terms/1", "statuses": ["pow", "civilian_internee"],
                          "quota": {"at_least": 50}, "parity": {"regime": "head_count", "tolerance": 50}})


@settings(max_examples=30, deadline=None)
@given(people=st.lists(facts_strategy, max_size=40, unique_by=lambda p: (p.side, p.record_id)))
def test_no_setting_lists_a_refusal_a_defendant_or_an_unconfirmed_identity(people: list[PersonFacts]) -> None:
    for terms in (TERMS, PERMISSIVE):
        plan = plan_phase(people, terms, today=DAY, locks=[(p.side, p.record_id) for p in people])
        chosen = {(d.side, d.record_id) for d in plan.decisions if d.selected}
        for p in people:
            if p.consents is False or p.held_for_proceedings or not p.identity_confirmed:
                assert (p.side, p.record_id) not in chosen


@settings(max_examples=30, deadline=None)
@given(people=st.lists(facts_strategy, max_size=40, unique_by=lambda p: (p.side, p.record_id)))
def test_a_civilian_is_never_counted_as_a_prisoner_of_war(people: list[PersonFacts]) -> None:
    plan = plan_phase(people, TERMS, today=DAY)  # terms for prisoners of war only
    by_key = {(p.side, p.record_id): p for p in people}
    for decision in plan.decisions:
        if decision.selected:
            assert by_key[(decision.side, decision.record_id)].legal_status == "pow"


@pytest.mark.parametrize(("written", "rank"), [
    ("старший лейтенант", "lieutenant"), ("Генерал-лейтенант", "major_general"),
    ("brigadier general", "brigadier_general"),
    ("підполковник", "lieutenant_colonel"), ("рядовой", "private"), ("молодший сержант", "nco"),
    ("прапорщик", "warrant"), ("капитан", "captain"), ("major", "major"), ("", None), ("курсант X", None),
])
def test_it_folds_written_ranks_into_classes(written: str, rank: str | None) -> None:
    assert rank_class(written) == rank


def test_without_quota_or_phases_everyone_eligible_may_go_within_parity() -> None:
    people = [person(record_id=f"a{n}", side="a") for n in range(5)] + [person(record_id="b0", side="b")]
    plan = plan_phase(people, parse_terms({"format": "homeward-terms/1", "parity": {"regime": "head_count",
                                                                                    "tolerance": 1}}), today=DAY)
    assert plan.summary()["selected"] == {"a": 2, "b": 1}
    assert plan.capacity == {"a": 5, "b": 1}


def test_a_reason_names_the_other_sides_capacity_when_that_is_what_binds() -> None:
    people = ([person(record_id=f"a{n}", side="a", ill=True) for n in range(5)]
              + [person(record_id=f"b{n}", side="b", ill=True) for n in range(5)])
    terms = parse_terms({"format": "homeward-terms/1", "parity": {"regime": "per_category", "categories": ["ill"]},
                         "phases": [{"capacity": {"a": 10, "b": 2}}]})
    plan = plan_phase(people, terms, today=DAY, phase=0)
    left_out = next(d for d in plan.decisions if d.side == "a" and not d.selected)
    assert "has no more to match" not in left_out.reason
    assert "capacity 2 on side b reached" in left_out.reason


def test_a_category_named_other_is_not_merged_with_the_people_in_no_parity_category() -> None:
    people = [person(record_id="a0", side="a", date_of_birth=PartialDate(1950, 1, 1)),
              person(record_id="b0", side="b")]
    terms = parse_terms({"format": "homeward-terms/1", "categories": {"other": {"when": {"age_at_least": 60}}},
                         "parity": {"regime": "per_category", "categories": ["ill", "other"]}})
    plan = plan_phase(people, terms, today=DAY)
    assert plan.summary()["selected"] == {"a": 0, "b": 0}
