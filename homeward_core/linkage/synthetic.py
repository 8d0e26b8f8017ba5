"""Synthetic pairs of lists with ground truth, for tests and `homeward bench linkage`.

Party A's list is written in Ukrainian Cyrillic; party B's in Russian or
Ukrainian Cyrillic or romanised by one of several standards. On top come the
things that make reconciliation hard: typos, missing patronymics and units,
day/month swapped, mistyped and partial dates, unit numbers in varied forms,
brothers (same surname, patronymic and unit, close birth dates) split across
the lists as hard negatives, and surname collisions that grow with the list.

Everyone is synthetic: surnames from Faker's uk_UA and ru_RU vocabularies,
given names and patronymics from the demo's Ukrainian/Russian forms (the
names module's table). A seed
fixes the output; a million rows take seconds, since every spelling is
computed once per distinct name and the per-row work is table look-ups.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from faker.providers.person.ru_RU import Provider as RussianNames
from faker.providers.person.uk_UA import Provider as UkrainianNames

from homeward_core.demo import names as forms
from homeward_core.demo.people import typo
from homeward_core.linkage.records import Record
from homeward_core.names import STANDARDS, transliterate

_CYRILLIC = "абвгдеєжзиіїйклмнопрстуфхцчшщьюя"
_LATIN = "abcdefghijklmnoprstuvyz"


@dataclass(frozen=True)
class Person:
    """The truth about one synthetic man: his names in Ukrainian, birth date, unit."""

    surname: str
    given: str
    father: str
    born: tuple[int, int, int]
    unit: int


@dataclass(frozen=True)
class LinkedLists:
    """Two lists and the pairs (left record_id, right record_id) that are the same man."""

    left: list[Record]
    right: list[Record]
    true_pairs: frozenset[tuple[str, str]]


@cache
def _surnames() -> tuple[str, ...]:
    ukrainian = [name for name in UkrainianNames.last_names_male if " " not in name]
    russian = [forms.surname_in(name, "uk") for name in RussianNames.last_names_male]
    return tuple(dict.fromkeys(ukrainian + russian))


@cache
def _given_names() -> tuple[str, ...]:
    return tuple(uk for uk, _ in forms.MALE_GIVEN_NAMES)


def _romanisers() -> list[tuple[str, Callable[[str], str]]]:
    """(language the clerk starts from, romaniser): every standard of the names module."""
    return [(standard.language, _bound(standard.id)) for standard in STANDARDS.values()]


def _bound(standard: str) -> Callable[[str], str]:
    return cache(lambda text: transliterate(text, standard))


def people(count: int, rng: random.Random, *, brothers: float = 0.04) -> list[Person]:
    """``count`` men; a share of them have a brother among the others (a hard negative)."""
    surnames, given = _surnames(), _given_names()
    # Common names are far more common: a Zipf-like weight per rank.
    surname_weights = [1 / (rank + 10) for rank in range(len(surnames))]
    given_weights = [1 / (rank + 3) for rank in range(len(given))]
    units = max(20, count // 150)
    chosen_surnames = rng.choices(surnames, surname_weights, k=count)
    chosen_given = rng.choices(given, given_weights, k=count)
    fathers = rng.choices(given, given_weights, k=count)
    result: list[Person] = []
    for i in range(count):
        if result and rng.random() < brothers:
            brother = result[-1]
            others = [name for name in rng.choices(given, given_weights, k=4) if name != brother.given]
            year = brother.born[0] + rng.choice((-3, -2, -1, 1, 2, 3))
            result.append(Person(brother.surname, others[0] if others else given[0], brother.father,
                                 (year, rng.randint(1, 12), rng.randint(1, 28)), brother.unit))
            continue
        born = (rng.randint(1965, 2007), rng.randint(1, 12), rng.randint(1, 28))
        result.append(Person(chosen_surnames[i], chosen_given[i], fathers[i], born, rng.randrange(units)))
    return result


def linked_lists(n_left: int, n_right: int, n_links: int, *, seed: int = 0) -> LinkedLists:
    """Two lists sharing ``n_links`` men, the rest on one list only; record ids are shuffled."""
    rng = random.Random(seed)  # nosec B311
    crowd = people(n_left + n_right - n_links, rng)
    rng.shuffle(crowd)
    shared, only_left, only_right = crowd[:n_links], crowd[n_links:n_left], crowd[n_left:]
    left_people, right_people = shared + only_left, shared + only_right
    left_ids = _ids("A", len(left_people), rng)
    right_ids = _ids("B", len(right_people), rng)
    romanisers = _romanisers()
    left = [_ukrainian_record(left_ids[i], p, rng) for i, p in enumerate(left_people)]
    right = [_other_side_record(right_ids[i], p, rng, romanisers) for i, p in enumerate(right_people)]
    order = list(range(len(right)))
    rng.shuffle(order)
    truth = frozenset((left_ids[i], right_ids[i]) for i in range(n_links))
    return LinkedLists(left, [right[i] for i in order], truth)


def _ids(prefix: str, count: int, rng: random.Random) -> list[str]:
    numbers = rng.sample(range(10 * count + 10), count)
    return [f"{prefix}{number:08d}" for number in numbers]


def _ukrainian_record(record_id: str, person: Person, rng: random.Random) -> Record:
    surname, given = person.surname, forms.given_name_in(person.given, "uk")
    patronymic = forms.patronymic(person.father, language="uk", sex="m")
    surname, given, patronymic = _typos((surname, given, patronymic), _CYRILLIC, rng, rate=0.02)
    return Record(record_id, surname, given, "" if rng.random() < 0.1 else patronymic,
                  _written_date(person.born, rng, noise=0.5), _written_unit(person.unit, rng, cyrillic=True))


def _other_side_record(record_id: str, person: Person, rng: random.Random,
                       romanisers: list[tuple[str, Callable[[str], str]]]) -> Record:
    draw = rng.random()
    language = "uk" if draw < 0.15 else "ru"
    surname = person.surname if language == "uk" else forms.surname_in(person.surname, "ru")
    given = forms.given_name_in(person.given, language)
    patronymic = forms.patronymic(person.father, language=language, sex="m")
    parts = (surname, given, patronymic)
    alphabet = _CYRILLIC
    if draw >= 0.6:  # romanised: the clerk starts from the Ukrainian or the Russian form
        source, romaniser = rng.choice(romanisers)
        if source != language:
            parts = (person.surname if source == "uk" else forms.surname_in(person.surname, "ru"),
                     forms.given_name_in(person.given, source),
                     forms.patronymic(person.father, language=source, sex="m"))
        parts = tuple(romaniser(part) for part in parts)
        alphabet = _LATIN
    surname, given, patronymic = _typos(parts, alphabet, rng, rate=0.04)
    unit = _written_unit(_transferred(person.unit, rng), rng, cyrillic=draw < 0.6)
    return Record(record_id, surname, given, "" if rng.random() < 0.4 else patronymic,
                  _written_date(person.born, rng), unit)


def _typos(parts: tuple[str, ...], alphabet: str, rng: random.Random, *, rate: float) -> tuple[str, ...]:
    return tuple(typo(part, alphabet, rng) if rng.random() < rate else part for part in parts)


def _written_date(born: tuple[int, int, int], rng: random.Random, *, noise: float = 1.0) -> str:
    """The birth date as a clerk writes it; ``noise`` scales how often it is missing, partial or wrong."""
    year, month, day = born
    draw = rng.random() / noise
    if draw < 0.03:
        return ""
    if draw < 0.06:
        return str(year)
    if draw < 0.08:
        return f"{month:02d}.{year}"
    if draw < 0.12 and day <= 12:
        month, day = day, month  # day and month swapped
    elif draw < 0.15:
        text = f"{year:04d}{month:02d}{day:02d}"
        position = rng.randrange(2, 8)
        text = text[:position] + str((int(text[position]) + rng.randint(1, 9)) % 10) + text[position + 1:]
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    return f"{day:02d}.{month:02d}.{year:04d}" if rng.random() < 0.6 else f"{year:04d}-{month:02d}-{day:02d}"


def _transferred(unit: int, rng: random.Random) -> int:
    """The unit the other side knows him by: usually his own, sometimes one he was transferred from."""
    return unit if rng.random() >= 0.05 else unit + rng.randint(1, 50)


def _written_unit(unit: int, rng: random.Random, *, cyrillic: bool) -> str:
    if rng.random() < 0.25:
        return ""
    number = 1000 + unit
    if cyrillic:
        return rng.choice((f"в/ч А{number}", f"А{number}", f"А-{number}", f"військова частина А{number}"))
    return rng.choice((f"military unit A{number}", f"A{number}", f"A-{number}", f"{number}"))
