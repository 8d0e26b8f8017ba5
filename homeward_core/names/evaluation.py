"""How well the match keys do over the whole name table: the figures docs/names.md reports.

- *agreement by standard*: for each romanisation standard, the share of the
  table's names (given names, patronymics, and Faker's uk_UA / ru_RU
  surnames) whose romanisation has the same match key as the Cyrillic name;
- *cross-language agreement*: the share of names whose Ukrainian and Russian
  forms share a key;
- *collision rate*: the share of distinct names whose key is also the key of
  a different name (for match_key and the coarser phonetic_key).

Tests assert floors on these; ``homeward bench names`` prints them with the
speed figures.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from faker.providers.person.ru_RU import Provider as RussianNames
from faker.providers.person.uk_UA import Provider as UkrainianNames
from rapidfuzz.distance import JaroWinkler

from homeward_core.demo import build_scenario
from homeward_core.names.equivalents import surname_ru
from homeward_core.names.keys import Part, match_key, phonetic_key, similarity
from homeward_core.names.normal_form import normalise
from homeward_core.names.standards import STANDARDS, Language, transliterate
from homeward_core.names.table import given_names, patronymics


@dataclass(frozen=True)
class TableName:
    """One spelling of one name: ``identity`` is the same for the Ukrainian and Russian forms."""

    part: Part
    form: str
    language: Language
    identity: str


@cache
def table_names() -> tuple[TableName, ...]:
    """Every form in the name table, and Faker's Ukrainian and Russian surnames with their other forms."""
    out: list[TableName] = []
    for n in given_names():
        out += [TableName("given", n.uk, "uk", n.ru), TableName("given", n.ru, "ru", n.ru)]
    for p in patronymics():
        out += [TableName("patronymic", p.uk, "uk", p.ru), TableName("patronymic", p.ru, "ru", p.ru)]
    for surname in dict.fromkeys(UkrainianNames.last_names):
        russian = "-".join(surname_ru(part) for part in normalise(surname).split("-"))
        out += [TableName("surname", surname, "uk", russian), TableName("surname", russian, "ru", russian)]
    for surname in dict.fromkeys(RussianNames.last_names_male + RussianNames.last_names_female):
        out.append(TableName("surname", surname, "ru", normalise(surname)))
    return tuple(out)


@dataclass(frozen=True)
class Rate:
    """``hits`` of ``total``, with a few of the misses for people to read."""

    total: int
    hits: int
    examples: tuple[str, ...] = ()

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 1.0


def agreement_by_standard() -> dict[str, Rate]:
    """Per standard: names whose romanisation has the Cyrillic name's match key."""
    out = {}
    for standard in STANDARDS.values():
        names = [n for n in table_names() if n.language == standard.language]
        misses = [
            f"{n.form} → {latin}"
            for n in names
            if match_key(latin := transliterate(n.form, standard.id), n.part) != match_key(n.form, n.part)
        ]
        out[standard.id] = Rate(len(names), len(names) - len(misses), tuple(misses[:5]))
    return out


def cross_language_agreement() -> dict[str, Rate]:
    """Per part: names whose Ukrainian and Russian forms share a match key."""
    forms: dict[tuple[Part, str], set[str]] = defaultdict(set)
    for n in table_names():
        forms[n.part, n.identity].add(match_key(n.form, n.part))
    out = {}
    for part in ("given", "patronymic", "surname"):
        groups = {identity: keys for (p, identity), keys in forms.items() if p == part}
        misses = [identity for identity, keys in groups.items() if len(keys) > 1]
        out[part] = Rate(len(groups), len(groups) - len(misses), tuple(misses[:5]))
    return out


def collision_rates(key: Callable[[str, Part], str] = match_key) -> dict[str, Rate]:
    """Per part: distinct names (identities) whose key is shared with a different name; ``hits`` counts
    the names that collide."""
    owners: dict[tuple[Part, str], set[str]] = defaultdict(set)
    for n in table_names():
        owners[n.part, key(n.form, n.part)].add(n.identity)
    out = {}
    for part in ("given", "patronymic", "surname"):
        identities = {n.identity for n in table_names() if n.part == part}
        shared = [sorted(ids) for (p, _), ids in owners.items() if p == part and len(ids) > 1]
        collided = {identity for ids in shared for identity in ids}
        out[part] = Rate(len(identities), len(collided), tuple(" = ".join(ids) for ids in shared[:5]))
    return out


def phonetic_collision_rates() -> dict[str, Rate]:
    """``collision_rates`` of the blocking key."""
    return collision_rates(phonetic_key)


def spellings(count: int, seed: int = 1) -> Iterator[tuple[str, Part]]:
    """``count`` distinct synthetic name spellings as rosters hold them: table names and surnames in
    either script, with slips of the pen, half of them romanised by a random standard."""
    rng = random.Random(seed)  # nosec B311
    names = table_names()
    standards = {language: [s.id for s in STANDARDS.values() if s.language == language] for language in ("uk", "ru")}
    seen: set[tuple[str, Part]] = set()
    while len(seen) < count:
        n = rng.choice(names)
        form = n.form
        if rng.random() < 0.7:
            i = rng.randrange(len(form))
            form = form[:i] + rng.choice("абвгдежзиклмнопрстуфхцчшщюяіє") + form[i + 1 :]
        if rng.random() < 0.5:
            form = transliterate(form, rng.choice(standards[n.language]))
        if (form, n.part) not in seen:
            seen.add((form, n.part))
            yield form, n.part


def demo_pair_agreement(size: int = 4000, seed: int = 2026) -> dict[str, dict[str, Rate]]:
    """On the demo scenario's ground truth (the same individual on both sides' lists: one side in
    Ukrainian, the other in Russian or romanised, with slips of the pen): per part, the pairs whose
    match keys are equal, whose phonetic keys are equal, and whose similarity is at least 0.9; and, as
    the baseline, the same on the raw strings (lower case, Jaro-Winkler) as plain string comparison sees them."""
    by_person: dict[str, dict[str, object]] = defaultdict(dict)
    for person in build_scenario(seed=seed, size=size).people:
        by_person[person.truth_id].setdefault(person.side, person)
    pairs = [(sides["A"], sides["B"]) for sides in by_person.values() if len(sides) == 2]
    out: dict[str, dict[str, Rate]] = {}
    fields: tuple[tuple[Part, str], ...] = (
        ("surname", "surname"), ("given", "given_name"), ("patronymic", "patronymic"),
    )
    for part, field in fields:
        written = [(getattr(a, field), getattr(b, field)) for a, b in pairs]
        out[part] = _pair_rates([(x, y) for x, y in written if x and y], part)
    return out


def _pair_rates(pairs: list[tuple[str, str]], part: Part) -> dict[str, Rate]:
    def raw_similarity(x: str, y: str) -> float:
        return JaroWinkler.normalized_similarity(x.lower(), y.lower())

    return {
        "match_key": _share(pairs, lambda x, y: match_key(x, part) == match_key(y, part)),
        "phonetic_key": _share(pairs, lambda x, y: phonetic_key(x, part) == phonetic_key(y, part)),
        "similarity_0_9": _share(pairs, lambda x, y: similarity(x, y, part) >= 0.9),
        "raw_equal": _share(pairs, lambda x, y: x.lower() == y.lower()),
        "raw_jaro_winkler_0_9": _share(pairs, lambda x, y: raw_similarity(x, y) >= 0.9),
    }


def _share(pairs: list[tuple[str, str]], agree: Callable[[str, str], bool]) -> Rate:
    misses = [f"{x} / {y}" for x, y in pairs if not agree(x, y)]
    return Rate(len(pairs), len(pairs) - len(misses), tuple(misses[:5]))
