"""The demo scenario: two parties' lists of the held, the sought and the dead.

Shaped like the seed story (talks on 2 June; over a thousand prisoners of war
per side; the seriously wounded, the ill and the under-25s first; remains;
captives held up to four years), and entirely fictional. Side A's own people
carry Ukrainian names (Faker ``uk_UA``), side B's Russian ones (``ru_RU``).
Many of the men one side seeks are men the other side holds, written
differently; ``DemoPerson.truth_id`` records which records are the same
individual so that record linkage can be measured.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import accumulate

from faker import Faker

from homeward_core.demo.names import FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, Sex, given_name_pair
from homeward_core.demo.people import (
    KINDS,
    PLACES,
    RANKS,
    SIDES,
    DemoPerson,
    Individual,
    Kind,
    KinRelation,
    Role,
    Side,
    declare,
    other_side,
)

DEMO_NOTICE = "Synthetic demo data: every person here is fictional."
REFERENCE_DATE = date(2026, 6, 2)  # the day of the talks
HELD_FOR_AT_MOST = timedelta(days=4 * 365 + 1)
MIN_SIZE = 20

# Shares of each side's list, and how the lists overlap.
_DECEASED_SHARE = 0.03
_HELD_SHARE = 0.52
_HELD_DUPLICATES = 0.015
_SOUGHT_DUPLICATES = 0.01
_SOUGHT_AMONG_HELD = 0.6  # of the men a side holds, the share their own side asks about
_SOUGHT_AMONG_DEAD = 0.5
_BROTHERS = 0.015
_FAKER_LOCALE = {"A": "uk_UA", "B": "ru_RU"}
_SERVICE_LETTERS = "АВЕКМНОРСТХ"
_ROLES: tuple[Role, ...] = ("military", "civilian", "other")
_ROLE_WEIGHTS = (0.9, 0.08, 0.02)
_FEMALE_SHARE = {"military": 0.04, "civilian": 0.45, "other": 0.1}  # medics; civilians
_KIN_RELATIONS: tuple[KinRelation, ...] = ("mother", "wife", "father")
_RANK_KEYS = [rank.key for rank in RANKS]
_RANK_WEIGHTS = list(accumulate(rank.weight for rank in RANKS))


@dataclass(frozen=True, slots=True)
class SideCounts:
    """How many records one side declares, by kind."""

    side: Side
    held: int
    sought: int
    deceased_held: int

    @property
    def total(self) -> int:
        return self.held + self.sought + self.deceased_held


@dataclass(frozen=True, slots=True)
class Scenario:
    """Both parties' declared lists, ordered by side, kind and external_ref."""

    people: tuple[DemoPerson, ...]
    counts: tuple[SideCounts, SideCounts]
    reference_date: date
    seed: int
    size: int
    notice: str = DEMO_NOTICE

    def declared_by(self, side: Side, kind: Kind | None = None) -> tuple[DemoPerson, ...]:
        """One side's records, optionally of one kind."""
        return tuple(p for p in self.people
                     if p.side == side and (kind is None or p.kind == kind))


def build_scenario(*, seed: int = 2026, size: int = 10_000) -> Scenario:
    """Generate the demo scenario: ``size`` records per side, identical for the same seed."""
    if size < MIN_SIZE:
        raise ValueError(f"size must be at least {MIN_SIZE}")
    # seeded synthetic people, not security
    rng = random.Random(seed)  # nosec B311
    factories = {side: _Factory(side, seed, rng) for side in SIDES}
    n_deceased = max(1, round(size * _DECEASED_SHARE))
    n_held = round(size * _HELD_SHARE)
    n_sought = size - n_held - n_deceased
    records: dict[tuple[Side, Kind], list[DemoPerson]] = {}
    for captor in SIDES:
        own = other_side(captor)  # the nationality of the people ``captor`` holds
        factory = factories[own]
        held = factory.people(n_held - round(n_held * _HELD_DUPLICATES), kind="held")
        dead = factory.people(n_deceased, kind="deceased_held")
        sought = _sought(factory, held, dead, n_sought - round(n_sought * _SOUGHT_DUPLICATES), rng)
        records[captor, "held"] = _declare_list(held, n_held, captor, "held", rng)
        records[captor, "deceased_held"] = _declare_list(dead, n_deceased, captor,
                                                         "deceased_held", rng)
        records[own, "sought"] = _declare_list(sought, n_sought, own, "sought", rng)
    people = tuple(p for side in SIDES for kind in KINDS for p in records[side, kind])
    counts = tuple(SideCounts(side, n_held, n_sought, n_deceased) for side in SIDES)
    return Scenario(people=people, counts=(counts[0], counts[1]),
                    reference_date=REFERENCE_DATE, seed=seed, size=size)


def _sought(factory: _Factory, held: list[Individual], dead: list[Individual], count: int,
            rng: random.Random) -> list[Individual]:
    """Whom a side asks about: many the other side holds, some it holds dead, others lost."""
    from_held = rng.sample(held, min(round(len(held) * _SOUGHT_AMONG_HELD), count))
    from_dead = rng.sample(dead, min(round(len(dead) * _SOUGHT_AMONG_DEAD), count - len(from_held)))
    missing = factory.people(count - len(from_held) - len(from_dead), kind="sought")
    return from_held + from_dead + missing


def _declare_list(people: list[Individual], count: int, side: Side, kind: Kind,
                  rng: random.Random) -> list[DemoPerson]:
    """One side's list: each person once, a few twice (true duplicates), in roster order."""
    entries = people + rng.sample(people, count - len(people))
    rng.shuffle(entries)
    letter = {"held": "H", "sought": "S", "deceased_held": "D"}[kind]
    return [declare(person, side=side, kind=kind, external_ref=f"{side}-{letter}-{i:06d}", rng=rng)
            for i, person in enumerate(entries, start=1)]


class _Factory:
    """Makes the fictional people of one nationality, from Faker name pools and a seeded rng."""

    def __init__(self, nationality: Side, seed: int, rng: random.Random) -> None:
        self.nationality = nationality
        self.rng = rng
        self.column = 0 if nationality == "A" else 1
        faker = Faker(_FAKER_LOCALE[nationality])
        faker.seed_instance(seed)
        # Pre-drawn pools, combined with ``rng``: one Faker call per name would be slow.
        self.surnames = [faker.last_name_male() for _ in range(3000)]
        # Only names the equivalence table knows, so the other side can write them.
        self.male_names = _known([faker.first_name_male() for _ in range(3000)])
        self.female_names = _known([faker.first_name_female() for _ in range(1000)])
        self.units = self._units()
        self.serial = 0

    def people(self, count: int, *, kind: Kind) -> list[Individual]:
        made: list[Individual] = []
        for _ in range(count):
            alive = kind == "held"
            sibling = self._brother_candidate(made) if kind != "deceased_held" else None
            made.append(self._brother(sibling, alive=alive) if sibling
                        else self._person(alive=alive))
        return made

    def _brother_candidate(self, made: list[Individual]) -> Individual | None:
        if not made or self.rng.random() >= _BROTHERS:
            return None
        candidate = self.rng.choice(made)
        return candidate if candidate.role == "military" and candidate.sex == "m" else None

    def _person(self, *, alive: bool) -> Individual:
        rng = self.rng
        role = rng.choices(_ROLES, _ROLE_WEIGHTS)[0]
        female = rng.random() < _FEMALE_SHARE[role]
        sex: Sex = "f" if female else "m"
        born_on = _birth_date(rng)
        kin = rng.choices(_KIN_RELATIONS, (0.4, 0 if female else 0.35, 0.25))[0]
        mother_given, mother_father = self._given("f"), self._given("m")
        father_name = self._given("m")
        if kin == "mother":
            kin_given, kin_father = mother_given, mother_father
        elif kin == "wife":
            kin_given, kin_father = self._given("f"), self._given("m")
        else:
            kin_given, kin_father = father_name, self._given("m")
        military = role == "military" or (role == "other" and rng.random() < 0.5)
        person = Individual(
            truth_id=self._truth_id(), nationality=self.nationality, sex=sex,
            surname=rng.choice(self.surnames), given_name=self._given(sex),
            father_name=father_name, born_on=born_on,
            place_of_birth=rng.randrange(len(PLACES)), role=role,
            rank=rng.choices(_RANK_KEYS, cum_weights=_RANK_WEIGHTS)[0] if military else "",
            service_number=self._service_number() if military else ("", ""),
            unit=rng.choice(self.units) if military else "",
            mother_given=mother_given, mother_father=mother_father,
            mother_surname=rng.choice(self.surnames),
            kin_relation=kin, kin_given=kin_given, kin_father=kin_father,
            captured_on=_captured_on(born_on, rng),
            captured_place=rng.randrange(len(PLACES)), facility=rng.randint(1, 12),
            legal_status=_legal_status(role, rng),
        )
        return _with_health(person, rng) if alive else person

    def _brother(self, of: Individual, *, alive: bool) -> Individual:
        """A hard negative for linkage: same surname, parents and unit; another man."""
        rng = self.rng
        given = self._given("m")
        while given == of.given_name:
            given = self._given("m")
        born_on = _birth_date(rng)
        while born_on == of.born_on:
            born_on = _birth_date(rng)
        together = rng.random() < 0.5 and of.captured_on >= _eighteenth_birthday(born_on)
        person = replace(
            of, truth_id=self._truth_id(), given_name=given, born_on=born_on,
            service_number=self._service_number(),
            captured_on=of.captured_on if together else _captured_on(born_on, rng),
            rank=rng.choices(_RANK_KEYS, cum_weights=_RANK_WEIGHTS)[0],
            legal_status=_legal_status("military", rng),
            kin_relation="father" if of.kin_relation == "father" else "mother",
            kin_given=of.father_name if of.kin_relation == "father" else of.mother_given,
            kin_father=of.kin_father if of.kin_relation == "father" else of.mother_father,
            seriously_wounded=False, ill=False, medical_category="", interview_outcome="",
        )
        return _with_health(person, rng) if alive else person

    def _given(self, sex: Sex) -> str:
        """A given name: often one of the common ones, otherwise any from Faker's list."""
        table, pool = ((MALE_GIVEN_NAMES, self.male_names) if sex == "m"
                       else (FEMALE_GIVEN_NAMES, self.female_names))
        common = table[:40] if sex == "m" else table[:20]
        if self.rng.random() < 0.55:
            return self.rng.choices(common, cum_weights=_ZIPF[len(common)])[0][self.column]
        return self.rng.choice(pool)

    def _units(self) -> list[str]:
        if self.nationality == "A":
            return [f"А{self.rng.randint(0, 9999):04d}" for _ in range(150)]
        return [f"{self.rng.randint(10000, 99999)}" for _ in range(150)]

    def _service_number(self) -> tuple[str, str]:
        letters = "".join(self.rng.choices(_SERVICE_LETTERS, k=2))
        return letters, f"{self.rng.randint(0, 999999):06d}"

    def _truth_id(self) -> str:
        self.serial += 1
        return f"T-{self.nationality}-{self.serial:06d}"


# Cumulative weights for the common names: a few names are very frequent.
_ZIPF = {n: list(accumulate(1 / (rank + 4) for rank in range(n))) for n in (20, 40)}


def _known(names: list[str]) -> list[str]:
    return [name for name in names if given_name_pair(name) is not None]


def _birth_date(rng: random.Random) -> date:
    """Ages 19 to 60 on the reference date; about a fifth under 25."""
    if rng.random() < 0.22:
        age = rng.randint(19, 24)
    else:
        age = round(rng.triangular(25, 60, 33))
    birthday = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age)
    return birthday - timedelta(days=rng.randint(0, 364))


def _captured_on(born_on: date, rng: random.Random) -> date:
    """Within the last four years, and not before the person turned eighteen."""
    earliest = max(REFERENCE_DATE - HELD_FOR_AT_MOST + timedelta(days=1),
                   _eighteenth_birthday(born_on))
    latest = REFERENCE_DATE - timedelta(days=2)
    return earliest + timedelta(days=rng.randint(0, (latest - earliest).days))


def _eighteenth_birthday(born_on: date) -> date:
    if born_on.month == 2 and born_on.day == 29:
        return date(born_on.year + 18, 3, 1)
    return born_on.replace(year=born_on.year + 18)


def _legal_status(role: str, rng: random.Random) -> str:
    if role == "civilian":
        return "civilian_internee"
    if role == "other":
        return "other_detainee"
    return "disputed" if rng.random() < 0.025 else "pow"


def _with_health(person: Individual, rng: random.Random) -> Individual:
    """What the captor's doctors and the mediator's interviews recorded."""
    wounded = rng.random() < 0.04
    ill = rng.random() < 0.05
    if wounded:
        category = rng.choices(("A1", "A2", "A3"), (0.6, 0.25, 0.15))[0]
    elif ill:
        category = rng.choices(("B", "A3", "C"), (0.5, 0.3, 0.2))[0]
    else:
        category = "C" if rng.random() < 0.02 else ""
    interview = ""
    if rng.random() < 0.12:
        interview = rng.choices(("consents", "undecided", "refuses"), (0.8, 0.12, 0.08))[0]
    return replace(person, seriously_wounded=wounded, ill=ill, medical_category=category,
                   interview_outcome=interview)
