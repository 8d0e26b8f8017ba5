"""Demo people: the fictional individuals, and the records the parties declare about them.

An ``Individual`` is the ground truth: one real (fictional) man or woman. A
``DemoPerson`` is one party's record of an individual, written the way that
party writes: side A in Ukrainian Cyrillic, side B in Russian Cyrillic, a
captor sometimes in a Latin romanisation, with the typos, missing patronymics,
partial or swapped dates and reformatted numbers of real rosters. Only
``DemoPerson.truth_id`` ties records of the same individual together.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Literal

from homeward_core.demo import names
from homeward_core.demo.names import Language, Sex
from homeward_core.names import transliterate

Side = Literal["A", "B"]
Kind = Literal["held", "sought", "deceased_held"]
Script = Literal["cyrl", "latn"]
Role = Literal["military", "civilian", "other"]
KinRelation = Literal["mother", "wife", "father"]
Romaniser = Callable[[str], str]

SIDES: tuple[Side, Side] = ("A", "B")
KINDS: tuple[Kind, ...] = ("held", "sought", "deceased_held")
LEGAL_STATUSES = ("pow", "civilian_internee", "other_detainee", "disputed")
MEDICAL_CATEGORIES = ("", "A1", "A2", "A3", "B", "C")
INTERVIEW_OUTCOMES = ("", "consents", "refuses", "undecided")

# Side A keeps its records in Ukrainian, side B in Russian.
LANGUAGE: dict[Side, Language] = {"A": "uk", "B": "ru"}


def other_side(side: Side) -> Side:
    return "B" if side == "A" else "A"


@dataclass(frozen=True, slots=True)
class Rank:
    """A rank and how each side's language names it; ``weight`` is its share of captives."""

    key: str
    uk: str
    ru: str
    weight: float


RANKS: tuple[Rank, ...] = (
    Rank("soldier", "солдат", "рядовой", 40),
    Rank("senior_soldier", "старший солдат", "ефрейтор", 12),
    Rank("sailor", "матрос", "матрос", 3),
    Rank("junior_sergeant", "молодший сержант", "младший сержант", 10),
    Rank("sergeant", "сержант", "сержант", 10),
    Rank("senior_sergeant", "старший сержант", "старший сержант", 6),
    Rank("master_sergeant", "головний сержант", "старшина", 3),
    Rank("staff_sergeant", "штаб-сержант", "прапорщик", 2),
    Rank("junior_lieutenant", "молодший лейтенант", "младший лейтенант", 2),
    Rank("lieutenant", "лейтенант", "лейтенант", 4),
    Rank("senior_lieutenant", "старший лейтенант", "старший лейтенант", 3),
    Rank("captain", "капітан", "капитан", 2),
    Rank("major", "майор", "майор", 1.2),
    Rank("lieutenant_colonel", "підполковник", "подполковник", 0.5),
    Rank("colonel", "полковник", "полковник", 0.3),
)
RANK_BY_KEY = {rank.key: rank for rank in RANKS}

# Generic village names, (Ukrainian, Russian). No particular place is meant.
PLACES: tuple[tuple[str, str], ...] = (
    ("Вербівка", "Вербовка"), ("Калинівка", "Калиновка"), ("Березівка", "Березовка"),
    ("Соснівка", "Сосновка"), ("Озерне", "Озёрное"), ("Зелений Гай", "Зелёный Гай"),
    ("Кленове", "Кленовое"), ("Ясенівка", "Ясеневка"), ("Дубове", "Дубовое"),
    ("Вишневе", "Вишнёвое"), ("Тополівка", "Тополёвка"), ("Новоселівка", "Новоселовка"),
    ("Степове", "Степное"), ("Лугове", "Луговое"), ("Криничне", "Криничное"),
    ("Сонячне", "Солнечное"), ("Камʼянка", "Каменка"), ("Широке", "Широкое"),
    ("Високе", "Высокое"), ("Ставки", "Ставки"), ("Малинівка", "Малиновка"),
    ("Гайове", "Гаевое"), ("Долинське", "Долинское"), ("Весела Балка", "Весёлая Балка"),
    ("Нове Поле", "Новое Поле"), ("Світле", "Светлое"), ("Липове", "Липовое"),
    ("Ромашкове", "Ромашково"), ("Тиха Долина", "Тихая Долина"), ("Журавлівка", "Журавлёвка"),
    ("Горіхове", "Ореховое"), ("Яблунівка", "Яблоновка"), ("Піщане", "Песчаное"),
    ("Чорноземне", "Черноземное"), ("Лісове", "Лесное"), ("Річкове", "Речное"),
)

_VILLAGE = {"uk": "с. {}", "ru": "с. {}"}
_NEAR = {"uk": "поблизу с. {}", "ru": "в районе с. {}"}
_DETENTION = {"uk": "Пункт утримання військовополонених № {}",
              "ru": "Пункт содержания военнопленных № {}"}
_REMAINS_STORE = {"uk": "Сховище останків № {}", "ru": "Хранилище останков № {}"}
_KIN = {"uk": {"mother": "мати", "wife": "дружина", "father": "батько"},
        "ru": {"mother": "мать", "wife": "жена", "father": "отец"}}
_UNIT_FORMATS = {"uk": ("в/ч {}", "військова частина {}", "ВЧ {}", "{}"),
                 "ru": ("в/ч {}", "войсковая часть {}", "ВЧ {}", "{}")}
_SERVICE_NUMBER_FORMATS = ("{}-{}", "{} {}", "{}{}", "{} {} {}")
_LATIN_LOOKALIKES = str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")
_ALPHABETS = {
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "latn": "abcdefghijklmnopqrstuvwxyz",
}


@dataclass(frozen=True, slots=True)
class Individual:
    """The ground truth about one fictional person; never shown, only declared about."""

    truth_id: str
    nationality: Side
    sex: Sex
    surname: str  # the man's form, in the nationality's language
    given_name: str
    father_name: str
    born_on: date
    place_of_birth: int  # index into PLACES
    role: Role
    rank: str  # a Rank.key; "" for civilians
    service_number: tuple[str, str]  # (letters, digits); ("", "") for civilians
    unit: str  # "А1234" for side A's units, "12345" for side B's; "" for civilians
    mother_given: str
    mother_father: str
    mother_surname: str  # her maiden name, man's form
    kin_relation: KinRelation
    kin_given: str
    kin_father: str
    captured_on: date  # for the missing: the day they went missing
    captured_place: int  # index into PLACES
    facility: int
    legal_status: str  # as the captor sees it
    seriously_wounded: bool = False
    ill: bool = False
    medical_category: str = ""
    interview_outcome: str = ""


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """One record of one party's list: someone it holds, seeks, or whose remains it holds.

    ``side`` is the declaring party; ``nationality`` the side the person belongs
    to ("A" or "B": the caller names the parties). For ``deceased_held``,
    ``captured_on`` and ``captured_place`` say when and where the remains came
    into the side's custody and ``detention_place`` where they are kept.
    ``truth_id`` is the demo's ground truth, shared by every record of the
    same individual: keep it for measuring linkage, never show it.
    """

    side: Side
    kind: Kind
    external_ref: str
    surname: str
    given_name: str
    patronymic: str
    script: Script
    surname_latin: str
    given_name_latin: str
    patronymic_latin: str
    birth_year: int | None
    birth_month: int | None
    birth_day: int | None
    place_of_birth: str
    rank: str
    service_number: str
    unit: str
    nationality: str
    mother_maiden_name: str
    next_of_kin: str
    legal_status: str
    captured_on: date | None
    captured_place: str
    detention_place: str
    medical_category: str
    seriously_wounded: bool
    ill: bool
    interview_outcome: str
    sex: Sex
    truth_id: str

    def __post_init__(self) -> None:
        if self.birth_day is not None and self.birth_month is None:
            raise ValueError("a birth day needs a birth month")
        if self.birth_month is not None and self.birth_year is None:
            raise ValueError("a birth month needs a birth year")
        if self.birth_day is not None:
            date(self.birth_year or 1, self.birth_month or 1, self.birth_day)
        if self.legal_status not in LEGAL_STATUSES:
            raise ValueError(f"unknown legal status {self.legal_status!r}")
        if self.medical_category not in MEDICAL_CATEGORIES:
            raise ValueError(f"unknown medical category {self.medical_category!r}")
        if self.interview_outcome not in INTERVIEW_OUTCOMES:
            raise ValueError(f"unknown interview outcome {self.interview_outcome!r}")


# The fields a party declared: everything but the ground truth.
DECLARED_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(DemoPerson) if f.name != "truth_id"
)


@dataclass(frozen=True, slots=True)
class _Noise:
    """How carelessly a record is written: own people carefully, captives less so."""

    keep_native_given: float
    keep_native_surname: float
    latin_script: float
    latin_alongside: float
    typo_surname: float
    typo_given: float
    no_patronymic: float
    no_birth_date: float
    year_only: float
    year_month: float
    day_month_swapped: float
    year_off_by_one: float
    service_number: float
    unit: float
    place_of_birth: float
    mother_maiden_name: float
    next_of_kin: float


# Probabilities: of a slip, or (for the last five) that the field is filled in at all.
OWN = _Noise(
    keep_native_given=0, keep_native_surname=0, latin_script=0, latin_alongside=0.5,
    typo_surname=0.02, typo_given=0.01, no_patronymic=0.03,
    no_birth_date=0.005, year_only=0.02, year_month=0.01, day_month_swapped=0.01,
    year_off_by_one=0.005,
    service_number=0.85, unit=0.9, place_of_birth=0.95, mother_maiden_name=0.45, next_of_kin=0.75,
)
CAPTIVE = _Noise(
    keep_native_given=0.08, keep_native_surname=0.1, latin_script=0.18, latin_alongside=0.35,
    typo_surname=0.07, typo_given=0.04, no_patronymic=0.12,
    no_birth_date=0.02, year_only=0.06, year_month=0.04, day_month_swapped=0.05,
    year_off_by_one=0.015,
    service_number=0.65, unit=0.75, place_of_birth=0.8, mother_maiden_name=0.15, next_of_kin=0.25,
)
REMAINS = dataclasses.replace(CAPTIVE, latin_script=0.1, no_patronymic=0.3, no_birth_date=0.25,
                              year_only=0.2, year_month=0.05, latin_alongside=0.2,
                              service_number=0.5, next_of_kin=0.05)


def declare(person: Individual, *, side: Side, kind: Kind, external_ref: str,
            rng: random.Random) -> DemoPerson:
    """Write ``person`` into ``side``'s list of ``kind``, with that side's habits and noise."""
    language = LANGUAGE[side]
    own = person.nationality == side
    noise = OWN if own else (REMAINS if kind == "deceased_held" else CAPTIVE)
    surname, given, patronymic, script, latin = _names(person, language, noise, rng)
    year, month, day = _birth_date(person.born_on, noise, rng)
    captured_on, captured_place, detention_place = _custody(person, side, kind, rng)
    held_alive = kind == "held"
    return DemoPerson(
        side=side, kind=kind, external_ref=external_ref,
        surname=surname, given_name=given, patronymic=patronymic, script=script,
        surname_latin=latin[0], given_name_latin=latin[1], patronymic_latin=latin[2],
        birth_year=year, birth_month=month, birth_day=day,
        place_of_birth=_maybe(rng, noise.place_of_birth,
                              _VILLAGE[language].format(_place(person.place_of_birth, language))),
        rank=_rank(person, language, own, rng),
        service_number=_service_number(person, own, noise, rng),
        unit=_unit(person, language, own, noise, rng),
        nationality=person.nationality if own or rng.random() < 0.97 else "",
        mother_maiden_name=_maybe(rng, noise.mother_maiden_name, _female(
            _surname_in(person.mother_surname, person, language), language)),
        next_of_kin=_maybe(rng, noise.next_of_kin, _next_of_kin(person, language)),
        legal_status=_legal_status(person, kind),
        captured_on=captured_on, captured_place=captured_place, detention_place=detention_place,
        # Only a captor examines and interviews the living people it holds.
        medical_category=person.medical_category if held_alive else "",
        seriously_wounded=person.seriously_wounded and held_alive,
        ill=person.ill and held_alive,
        interview_outcome=person.interview_outcome if held_alive else "",
        sex=person.sex, truth_id=person.truth_id,
    )


def _names(person: Individual, language: Language, noise: _Noise, rng: random.Random
           ) -> tuple[str, str, str, Script, tuple[str, str, str]]:
    native = LANGUAGE[person.nationality]
    native_forms = (_family_name(person, native), person.given_name,
                    names.patronymic(person.father_name, language=native, sex=person.sex))
    written = [
        native_forms[0] if rng.random() < noise.keep_native_surname
        else _family_name(person, language),
        native_forms[1] if rng.random() < noise.keep_native_given
        else _given_in(person.given_name, person, language),
        names.patronymic(person.father_name, language=language, sex=person.sex),
    ]
    if language == "ru" and rng.random() < 0.6:
        written = [w.replace("ё", "е").replace("Ё", "Е") for w in written]  # as most documents do
    if rng.random() < noise.latin_script:
        forms, romanise = _latin_source(native_forms, tuple(written), native, language, rng)
        latin_written = [romanise(w) for w in forms]
        if rng.random() < 0.5:
            latin_written[2] = ""  # a Western-style form has no field for it
        return (*_with_typos(latin_written, "latn", noise, rng), "latn", ("", "", ""))
    surname, given, patronymic = _with_typos(written, language, noise, rng)
    latin = ("", "", "")
    if rng.random() < noise.latin_alongside:
        if native != language and rng.random() < 0.5:  # copied from a captured document
            latin = _romanised(native_forms, native)
        else:
            latin = _romanised((surname, given, patronymic), language)
        latin = (latin[0], latin[1], latin[2] if patronymic else "")
    return surname, given, patronymic, "cyrl", latin


def _latin_source(native_forms: tuple[str, str, str], written: tuple[str, ...],
                  native: Language, language: Language, rng: random.Random
                  ) -> tuple[tuple[str, ...], Romaniser]:
    """Which Cyrillic forms a Latin record was romanised from, and how."""
    choice = rng.random()
    if choice < 0.45:  # the person's own document, in his country's standard
        return native_forms, _standard(native)
    if choice < 0.7:  # the captor's clerk, in the captor's standard
        return written, _standard(language)
    return native_forms, _informal(native)


# The standards of each side's passports today: Ukraine's national system of 2010, and ICAO Doc 9303,
# which Russian passports follow since 2013; and what an English-speaking clerk writes by ear.
_STANDARD = {"uk": "uk_kmu_2010", "ru": "ru_icao_9303"}
_INFORMAL = {"uk": "uk_informal_en", "ru": "ru_informal_en"}


def _standard(language: Language) -> Romaniser:
    return partial(transliterate, standard=_STANDARD[language])


def _informal(language: Language) -> Romaniser:
    return partial(transliterate, standard=_INFORMAL[language])


def _romanised(forms: tuple[str, str, str], language: Language) -> tuple[str, str, str]:
    romanise = _standard(language)
    return romanise(forms[0]), romanise(forms[1]), romanise(forms[2])


def _with_typos(forms: list[str], alphabet: str, noise: _Noise, rng: random.Random
                ) -> tuple[str, str, str]:
    surname, given, patronymic = forms
    if rng.random() < noise.typo_surname:
        surname = typo(surname, _ALPHABETS[alphabet], rng)
    if rng.random() < noise.typo_given:
        given = typo(given, _ALPHABETS[alphabet], rng)
    if rng.random() < noise.no_patronymic:
        patronymic = ""
    return surname, given, patronymic


def typo(word: str, alphabet: str, rng: random.Random) -> str:
    """One slip of the pen: a letter replaced, or two neighbours swapped."""
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.3 and word[i] != word[i + 1] and word[i + 1].isalpha():
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if not word[i].isalpha():
        return word
    replacement = rng.choice(alphabet.replace(word[i].lower(), ""))
    return word[:i] + (replacement.upper() if word[i].isupper() else replacement) + word[i + 1:]


def _family_name(person: Individual, language: Language) -> str:
    """The person's surname in ``language``, feminine if needed."""
    surname = _surname_in(person.surname, person, language)
    return _female(surname, language) if person.sex == "f" else surname


def _surname_in(surname: str, person: Individual, language: Language) -> str:
    """A surname of ``person``'s family as written in ``language``."""
    if language == LANGUAGE[person.nationality]:
        return surname
    return names.surname_in(surname, language)


def _given_in(given: str, person: Individual, language: Language) -> str:
    """A given name of ``person``'s family; their own side writes it as it is."""
    if language == LANGUAGE[person.nationality]:
        return given
    return names.given_name_in(given, language)


def _female(surname: str, language: Language) -> str:
    return names.feminine_surname(surname, language=language)


def _place(index: int, language: Language) -> str:
    return PLACES[index][0 if language == "uk" else 1]


def _birth_date(born_on: date, noise: _Noise, rng: random.Random
                ) -> tuple[int | None, int | None, int | None]:
    roll = rng.random()
    year, month, day = born_on.year, born_on.month, born_on.day
    if rng.random() < noise.year_off_by_one:
        year += rng.choice((-1, 1))
        day = min(day, 28) if month == 2 else day
    if roll < noise.no_birth_date:
        return None, None, None
    roll -= noise.no_birth_date
    if roll < noise.year_only:
        return year, None, None
    roll -= noise.year_only
    if roll < noise.year_month:
        return year, month, None
    roll -= noise.year_month
    if roll < noise.day_month_swapped and day <= 12 and day != month:
        return year, day, month  # a DD.MM / MM.DD mix-up
    return year, month, day


def _rank(person: Individual, language: Language, own: bool, rng: random.Random) -> str:
    if not person.rank or (not own and rng.random() < 0.06):
        return ""
    rank = RANK_BY_KEY[person.rank]
    return rank.uk if language == "uk" else rank.ru


def _service_number(person: Individual, own: bool, noise: _Noise, rng: random.Random) -> str:
    letters, digits = person.service_number
    if not digits or rng.random() >= noise.service_number:
        return ""
    if own and rng.random() < 0.9:
        pattern = "{} {}" if person.nationality == "A" else "{}-{}"
    else:
        pattern = rng.choice(_SERVICE_NUMBER_FORMATS)
        if rng.random() < 0.3:
            letters = letters.translate(_LATIN_LOOKALIKES)  # typed on a Latin keyboard
    parts = (letters, digits[:3], digits[3:]) if pattern.count("{}") == 3 else (letters, digits)
    return pattern.format(*parts)


def _unit(person: Individual, language: Language, own: bool, noise: _Noise,
          rng: random.Random) -> str:
    if not person.unit or rng.random() >= noise.unit:
        return ""
    unit = person.unit
    formats = _UNIT_FORMATS[language]
    if own and rng.random() < 0.85:
        return formats[0].format(unit)
    if unit[0] == "А" and rng.random() < 0.4:
        unit = rng.choice(("A" + unit[1:], "А-" + unit[1:]))  # Latin letter, or a dash
    return rng.choice(formats).format(unit)


def _next_of_kin(person: Individual, language: Language) -> str:
    kin_sex: Sex = "m" if person.kin_relation == "father" else "f"
    surname = _surname_in(person.surname, person, language)
    if kin_sex == "f":
        surname = _female(surname, language)
    given = _given_in(person.kin_given, person, language)
    patronymic = names.patronymic(person.kin_father, language=language, sex=kin_sex)
    relation = _KIN[language][person.kin_relation]
    return f"{relation}: {surname} {given} {patronymic}"


def _legal_status(person: Individual, kind: Kind) -> str:
    if kind == "sought" and person.legal_status == "disputed":
        return "pow"  # the own side claims prisoner-of-war status for its man
    return person.legal_status


def _custody(person: Individual, side: Side, kind: Kind, rng: random.Random
             ) -> tuple[date | None, str, str]:
    """When and where captured (or went missing, or recovered), and where held now."""
    language = LANGUAGE[side]
    place = _NEAR[language].format(_place(person.captured_place, language))
    if kind == "sought":  # the own side knows when he went missing, or his last contact
        known = rng.random() < 0.55
        shift = 0 if rng.random() < 0.8 else rng.randint(-5, -1)
        missing_on = date.fromordinal(person.captured_on.toordinal() + shift) if known else None
        return missing_on, _maybe(rng, 0.5, place), ""
    store = _REMAINS_STORE if kind == "deceased_held" else _DETENTION
    captured_on = person.captured_on if rng.random() < 0.97 else None
    return captured_on, _maybe(rng, 0.85, place), store[language].format(person.facility)


def _maybe(rng: random.Random, probability: float, value: str) -> str:
    return value if rng.random() < probability else ""

