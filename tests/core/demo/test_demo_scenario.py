"""The demo scenario: sizes, reproducibility, realism, and ground truth for linkage."""

from __future__ import annotations

import calendar
import hashlib
import os
import pickle
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from homeward_core.demo import DECLARED_FIELDS, DEMO_NOTICE, DemoPerson, Scenario, build_scenario
from homeward_core.demo.people import Side
from homeward_core.demo.scenario import REFERENCE_DATE

UKRAINIAN_ONLY = set("іїєґІЇЄҐ")
RUSSIAN_ONLY = set("ыэъёЫЭЪЁ")


@pytest.fixture(scope="module")
def timed() -> tuple[Scenario, float]:
    # CPU time, not wall time: a busy CI machine must not fail this (see tests/cost.py).
    started = time.process_time()
    scenario = build_scenario()
    return scenario, time.process_time() - started


@pytest.fixture(scope="module")
def scenario(timed: tuple[Scenario, float]) -> Scenario:
    return timed[0]


def _list(scenario: Scenario, side: str, kind: str) -> list[DemoPerson]:
    return [p for p in scenario.people if p.side == side and p.kind == kind]


def _digest(scenario: Scenario) -> str:
    return hashlib.sha256(pickle.dumps(scenario)).hexdigest()


def test_it_is_fast(timed: tuple[Scenario, float]) -> None:
    scenario, seconds = timed
    assert len(scenario.people) == 20_000
    assert seconds < 10


def test_the_same_seed_gives_the_same_scenario() -> None:
    assert build_scenario(seed=7, size=600) == build_scenario(seed=7, size=600)
    assert _digest(build_scenario(seed=7, size=600)) == _digest(build_scenario(seed=7, size=600))


def test_a_different_seed_gives_a_different_scenario() -> None:
    a, b = build_scenario(seed=7, size=600), build_scenario(seed=8, size=600)
    assert a.people != b.people
    assert {p.surname for p in a.people} != {p.surname for p in b.people}


def test_output_does_not_depend_on_string_hashing() -> None:
    code = ("import hashlib, pickle; from homeward_core.demo import build_scenario; "
            "print(hashlib.sha256(pickle.dumps(build_scenario(seed=3, size=400))).hexdigest())")
    digests = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": hash_seed}).stdout.strip()
        for hash_seed in ("0", "1", "12345")
    }
    assert digests == {_digest(build_scenario(seed=3, size=400))}


@pytest.mark.parametrize("size", [20, 137, 1000])
def test_each_side_declares_size_people(size: int) -> None:
    scenario = build_scenario(seed=1, size=size)
    for counts in scenario.counts:
        assert counts.total == size
        declared = Counter(p.kind for p in scenario.declared_by(counts.side))
        assert declared == {"held": counts.held, "sought": counts.sought,
                            "deceased_held": counts.deceased_held}


def test_a_tiny_scenario_is_refused() -> None:
    with pytest.raises(ValueError):
        build_scenario(size=5)


def test_the_default_scenario_has_the_seed_storys_shape(scenario: Scenario) -> None:
    assert scenario.reference_date == date(2026, 6, 2)
    assert scenario.notice == DEMO_NOTICE == "Synthetic demo data: every person here is fictional."
    for counts in scenario.counts:
        assert counts.total == 10_000
        assert counts.held > 1000 and counts.sought > 1000
        assert 100 <= counts.deceased_held < 1000  # "a few hundred"


def test_people_are_ordered_by_side_kind_and_ref(scenario: Scenario) -> None:
    order = {"held": 0, "sought": 1, "deceased_held": 2}
    keys = [(p.side, order[p.kind], p.external_ref) for p in scenario.people]
    assert keys == sorted(keys)


def test_external_refs_are_unique_per_side(scenario: Scenario) -> None:
    sides: tuple[Side, ...] = ("A", "B")
    for side in sides:
        refs = [p.external_ref for p in scenario.declared_by(side)]
        assert len(refs) == len(set(refs))
        assert all(re.fullmatch(rf"{side}-[HSD]-\d{{6}}", ref) for ref in refs)


def test_birth_dates_are_valid_even_when_partial(scenario: Scenario) -> None:
    shapes: Counter[str] = Counter()
    for p in scenario.people:
        if p.birth_day is not None:
            assert p.birth_month is not None and p.birth_year is not None
            assert 1 <= p.birth_day <= calendar.monthrange(p.birth_year, p.birth_month)[1]
        if p.birth_month is not None:
            assert p.birth_year is not None and 1 <= p.birth_month <= 12
        shapes["full" if p.birth_day else "year-month" if p.birth_month
               else "year" if p.birth_year else "none"] += 1
    assert shapes["year"] > 100 and shapes["year-month"] > 50 and shapes["none"] > 10
    assert shapes["full"] > 0.85 * len(scenario.people)


def test_ages_are_19_to_60_with_many_under_25(scenario: Scenario) -> None:
    ages = [_age(p) for p in scenario.people if p.birth_day]
    # A record may be a year off; the people themselves are 19-60.
    assert min(ages) >= 18 and max(ages) <= 61
    assert sum(19 <= a <= 60 for a in ages) > 0.98 * len(ages)
    assert 0.15 < sum(a < 25 for a in ages) / len(ages) < 0.35


def _age(p: DemoPerson) -> int:
    assert p.birth_year and p.birth_month and p.birth_day
    ref = REFERENCE_DATE
    return ref.year - p.birth_year - ((ref.month, ref.day) < (p.birth_month, p.birth_day))


def test_captives_were_taken_within_four_years(scenario: Scenario) -> None:
    held = [p for p in scenario.people if p.kind == "held"]
    dates = [p.captured_on for p in held if p.captured_on]
    assert len(dates) > 0.9 * len(held)
    assert min(dates) > REFERENCE_DATE - timedelta(days=4 * 366)
    assert max(dates) < REFERENCE_DATE
    over_two_years = sum(d < REFERENCE_DATE - timedelta(days=2 * 365) for d in dates)
    assert 0.3 < over_two_years / len(dates) < 0.7
    assert all(p.detention_place for p in held)


def test_sought_dates_are_never_in_the_future(scenario: Scenario) -> None:
    assert all(p.captured_on is None or p.captured_on < REFERENCE_DATE for p in scenario.people)


def test_many_sought_men_are_held_by_the_other_side(scenario: Scenario) -> None:
    for seeker, captor in (("A", "B"), ("B", "A")):
        held = {p.truth_id for p in _list(scenario, captor, "held")}
        dead = {p.truth_id for p in _list(scenario, captor, "deceased_held")}
        sought = {p.truth_id for p in _list(scenario, seeker, "sought")}
        assert 0.5 < len(sought & held) / len(sought) < 0.8
        assert len(sought & dead) > 50
        assert len(sought - held - dead) > 500  # and some are nowhere to be found


def test_the_same_man_is_written_differently_by_each_side(scenario: Scenario) -> None:
    for seeker, captor in (("A", "B"), ("B", "A")):
        held = defaultdict(list)
        for p in _list(scenario, captor, "held"):
            held[p.truth_id].append(p)
        pairs = [(s, h) for s in _list(scenario, seeker, "sought") for h in held[s.truth_id]]
        assert len(pairs) > 2500
        differ = [(s, h) for s, h in pairs if _name(s) != _name(h)]
        assert len(differ) / len(pairs) > 0.6
        given_differs = sum(s.given_name != h.given_name for s, h in pairs) / len(pairs)
        assert given_differs > 0.3
        assert sum(h.script == "latn" for _, h in pairs) / len(pairs) > 0.1
        assert sum(not h.patronymic for _, h in pairs) / len(pairs) > 0.1
        swapped = [(s, h) for s, h in pairs if s.birth_day and h.birth_day
                   and (s.birth_month, s.birth_day) == (h.birth_day, h.birth_month)
                   and s.birth_month != s.birth_day]
        assert len(swapped) > 20


def _name(p: DemoPerson) -> tuple[str, str, str]:
    return p.surname, p.given_name, p.patronymic


def test_equivalent_given_names_appear_across_the_lists(scenario: Scenario) -> None:
    pairs: Counter[tuple[str, str]] = Counter()
    held = {p.truth_id: p for p in _list(scenario, "B", "held")}
    for s in _list(scenario, "A", "sought"):
        if s.truth_id in held and held[s.truth_id].script == "cyrl":
            pairs[s.given_name, held[s.truth_id].given_name] += 1
    assert pairs["Олександр", "Александр"] > 20
    assert pairs["Андрій", "Андрей"] > 10
    assert pairs["Микола", "Николай"] > 5


def test_each_side_writes_its_own_people_in_its_own_language(scenario: Scenario) -> None:
    for side, foreign in (("A", RUSSIAN_ONLY), ("B", UKRAINIAN_ONLY)):
        for p in _list(scenario, side, "sought"):
            assert p.script == "cyrl"
            assert not foreign & set(p.surname + p.given_name + p.patronymic), p


def test_latin_records_carry_no_second_romanisation(scenario: Scenario) -> None:
    latin = [p for p in scenario.people if p.script == "latn"]
    assert {p.side for p in latin} == {"A", "B"}
    for p in latin:
        assert (p.surname + p.given_name + p.patronymic).replace("-", "").replace(" ", "").isascii()
        assert (p.surname_latin, p.given_name_latin, p.patronymic_latin) == ("", "", "")
    alongside = [p for p in scenario.people if p.script == "cyrl" and p.surname_latin]
    assert len(alongside) > 0.2 * len(scenario.people)
    assert all(p.surname_latin.isascii() and p.given_name_latin.isascii() for p in alongside)


def test_lists_contain_true_duplicates(scenario: Scenario) -> None:
    for side in ("A", "B"):
        for kind in ("held", "sought"):
            ids = Counter(p.truth_id for p in _list(scenario, side, kind))
            assert sum(n > 1 for n in ids.values()) > 20


def test_lists_contain_brothers_as_hard_negatives(scenario: Scenario) -> None:
    for side in ("A", "B"):
        families = defaultdict(set)
        for p in _list(scenario, side, "sought"):
            if p.unit and p.patronymic:
                families[p.surname, p.patronymic, p.unit].add(p.truth_id)
        assert sum(len(ids) > 1 for ids in families.values()) >= 5


def test_legal_statuses(scenario: Scenario) -> None:
    for side in ("A", "B"):
        held = Counter(p.legal_status for p in _list(scenario, side, "held"))
        sought = Counter(p.legal_status for p in _list(scenario, side, "sought"))
        assert held["pow"] > 0.8 * sum(held.values())
        assert held["civilian_internee"] > 100 and held["disputed"] > 20
        assert held["other_detainee"] > 20
        assert sought["pow"] > 0.85 * sum(sought.values())
        assert sought["disputed"] == 0  # a side claims POW status for its own men


def test_health_and_interviews_are_recorded_only_for_the_living_held(scenario: Scenario) -> None:
    for p in scenario.people:
        if p.kind != "held":
            assert (p.medical_category, p.seriously_wounded, p.ill, p.interview_outcome) == (
                "", False, False, "")
    held = [p for p in scenario.people if p.kind == "held"]
    assert 0.02 < sum(p.seriously_wounded for p in held) / len(held) < 0.08
    assert 0.02 < sum(p.ill for p in held) / len(held) < 0.08
    assert all(p.medical_category.startswith("A") for p in held if p.seriously_wounded)
    outcomes = Counter(p.interview_outcome for p in held)
    assert outcomes["consents"] > outcomes["undecided"] > 0 and outcomes["refuses"] > 0


def test_a_small_share_are_women(scenario: Scenario) -> None:
    women = [p for p in scenario.people if p.sex == "f"]
    assert 0.01 < len(women) / len(scenario.people) < 0.1
    assert sum(p.legal_status == "civilian_internee" for p in women) > 0.5 * len(women)


def test_ranks_are_in_the_declaring_sides_language(scenario: Scenario) -> None:
    ranks_a = {p.rank for p in scenario.declared_by("A")}
    ranks_b = {p.rank for p in scenario.declared_by("B")}
    assert {"солдат", "старший солдат", "капітан"} <= ranks_a
    assert {"рядовой", "ефрейтор", "капитан"} <= ranks_b
    assert not ranks_a & {"рядовой", "капитан"} and not ranks_b & {"солдат", "капітан"}


def test_service_numbers_and_units_vary_in_format(scenario: Scenario) -> None:
    numbers = {re.sub(r"\d", "9", p.service_number) for p in scenario.people}
    assert {"АВ 999999", "АВ-999999", "АВ999999", "АВ 999 999"} <= {
        re.sub(r"^[^\d ]{2}", "АВ", n) for n in numbers if n}
    units = [p.unit for p in scenario.people if p.unit]
    assert any(u.startswith("в/ч А") for u in units)
    assert any(re.fullmatch(r"в/ч \d{5}", u) for u in units)
    assert any(u.startswith(("військова частина", "войсковая часть")) for u in units)


def test_values_fit_the_registry_columns(scenario: Scenario) -> None:
    # Column lengths of homeward.registry.models.Declaration.
    limits = {"external_ref": 64, "surname": 120, "given_name": 120, "patronymic": 120,
              "surname_latin": 120, "given_name_latin": 120, "patronymic_latin": 120,
              "place_of_birth": 200, "rank": 80, "service_number": 40, "unit": 120,
              "nationality": 80, "mother_maiden_name": 120, "next_of_kin": 300,
              "captured_place": 200, "detention_place": 200}
    for p in scenario.people:
        for field, limit in limits.items():
            assert len(getattr(p, field)) <= limit, (field, p)
        assert p.surname and p.given_name


def test_the_ground_truth_appears_nowhere_else(scenario: Scenario) -> None:
    for p in scenario.people[::50]:
        for field in DECLARED_FIELDS:
            assert p.truth_id not in str(getattr(p, field))


def test_importing_the_package_loads_no_django() -> None:
    code = ("import sys\nimport homeward_core.demo\n"
            "homeward_core.demo.build_scenario(size=50)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'homeward')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
