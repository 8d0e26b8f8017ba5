"""Ukrainian and Russian forms of the same names, for the demo's spelling noise.

The same man is Олександр Миколайович Згурський in his own side's records and
Александр Николаевич Згурский in his captor's. This module turns one form
into the other: given names by an equivalence table, patronymics by rule from
the father's given name, surnames by orthographic rules.

The pairs and the patronymic rules come from ``homeward_core.names`` (its
table says where each row comes from); a few common variant spellings
(``ALIASES``) map onto a pair. Surname rules are simplified and meant for
generating realistic variation, not for authoritative conversion.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from homeward_core.names.table import given_names, ru_patronymics, uk_patronymics

Language = Literal["uk", "ru"]
Sex = Literal["m", "f"]

# (Ukrainian, Russian), from the names module's table (homeward_core/names/data/given_names.tsv, which
# says where each row comes from). The first forty male names are roughly in order of how common they are
# among men born 1965-2007; the demo draws from them more often.
MALE_GIVEN_NAMES: tuple[tuple[str, str], ...] = tuple((n.uk, n.ru) for n in given_names() if n.sex == "m")
FEMALE_GIVEN_NAMES: tuple[tuple[str, str], ...] = tuple((n.uk, n.ru) for n in given_names() if n.sex == "f")

# Variant spellings that map onto a pair above (Faker's lists use some).
ALIASES: dict[str, str] = {
    "Веніямин": "Веніамін", "Панас": "Опанас", "Орхип": "Архип",
    "Охрім": "Єфрем", "Єлисавета": "Єлизавета", "Віолетта": "Віолета",
    "Данила": "Даниил", "Гаврила": "Гавриил", "Давыд": "Давид",
    "Иларион": "Илларион", "Артем": "Артём",
    "Петр": "Пётр", "Федор": "Фёдор", "Семен": "Семён", "Олекса": "Олексій",
    "Миколай": "Микола", "Левко": "Лев", "Кондратий": "Кондрат", "Одарка": "Дарина",
    "Богданна": "Богдана",
}

def _key(name: str) -> str:
    """Lookup key: one apostrophe, no ё."""
    return re.sub("['’`]", "ʼ", name).replace("ё", "е").replace("Ё", "Е")


def _index(pairs: tuple[tuple[str, str], ...], column: int) -> dict[str, tuple[str, str]]:
    return {_key(pair[column]): pair for pair in pairs}


_PAIRS = MALE_GIVEN_NAMES + FEMALE_GIVEN_NAMES
_BY_UK = _index(_PAIRS, 0)
_BY_RU = _index(_PAIRS, 1)


@cache  # pure, and called for every record
def given_name_pair(name: str) -> tuple[str, str] | None:
    """The (Ukrainian, Russian) pair a given name in either language belongs to."""
    key = _key(ALIASES.get(name, name))
    return _BY_UK.get(key) or _BY_RU.get(key)


@cache
def given_name_in(name: str, language: Language) -> str:
    """A given name as it is written in ``language``; unknown names by spelling rules."""
    pair = given_name_pair(name)
    if pair is not None:
        return pair[0] if language == "uk" else pair[1]
    return _respell_uk(name) if language == "uk" else _respell_ru(name)


@cache
def patronymic(father: str, *, language: Language, sex: Sex) -> str:
    """The patronymic from a father's given name written in ``language``."""
    father = given_name_in(father, language)
    form = uk_patronymics(father) if language == "uk" else ru_patronymics(father)
    return form[0] if sex == "m" else form[1]


def _patronymic_index(language: Language) -> dict[str, tuple[str, Sex]]:
    index: dict[str, tuple[str, Sex]] = {}
    for uk, ru in MALE_GIVEN_NAMES:
        for sex in ("m", "f"):
            father = uk if language == "uk" else ru
            index[_key(patronymic(father, language=language, sex=sex))] = (father, sex)
    return index


_PATRONYMICS = {"uk": _patronymic_index("uk"), "ru": _patronymic_index("ru")}


@cache
def father_of(patronymic_form: str) -> tuple[str, Sex] | None:
    """The father's given name and the bearer's sex that a patronymic encodes."""
    key = _key(patronymic_form)
    return _PATRONYMICS["uk"].get(key) or _PATRONYMICS["ru"].get(key)


@cache
def patronymic_in(patronymic_form: str, language: Language) -> str:
    """A patronymic re-derived in ``language``; unknown ones by spelling rules."""
    found = father_of(patronymic_form)
    if found is None:
        return _respell_uk(patronymic_form) if language == "uk" else _respell_ru(patronymic_form)
    return patronymic(found[0], language=language, sex=found[1])


@cache
def surname_in(surname: str, language: Language) -> str:
    """A man's surname as the other language's clerk writes it (hyphenated parts each)."""
    respell = _surname_uk if language == "uk" else _surname_ru
    return "-".join(respell(part) for part in surname.split("-"))


@cache
def feminine_surname(surname: str, *, language: Language) -> str:
    """The woman's form of a man's surname: Згурський → Згурська, Иванов → Иванова."""
    return "-".join(_feminine(part, language) for part in surname.split("-"))


def _feminine(surname: str, language: Language) -> str:
    endings: tuple[tuple[str, str], ...]
    suffixes: tuple[str, ...]
    if language == "uk":
        endings = (("ський", "ська"), ("цький", "цька"), ("ій", "я"), ("ий", "а"))
        suffixes = ("ов", "ев", "єв", "ин", "ін", "їн")
    else:
        endings = (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая"), ("ый", "ая"), ("ий", "ая"))
        suffixes = ("ов", "ев", "ёв", "ин", "ын")
    for male, female in endings:
        if surname.endswith(male):
            return surname[: -len(male)] + female
    return surname + "а" if surname.endswith(suffixes) else surname


_HARD_CONSONANTS = "бвдзлмнпрстф"
_UK_TO_RU_LETTERS = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "І": "И", "Ї": "И",
                                   "Є": "Е", "Ґ": "Г", "ʼ": "ь", "'": "ь", "’": "ь"})


def _surname_ru(uk: str) -> str:
    """Ukrainian → Russian spelling of a man's surname."""
    for ending, replacement in (("ський", "ский"), ("цький", "цкий"), ("зький", "зкий")):
        if uk.endswith(ending):
            return _respell_ru(uk[: -len(ending)]) + replacement
    if uk.endswith("ий") and len(uk) > 3 and uk[-3] in _HARD_CONSONANTS:
        return _respell_ru(uk[:-2]) + "ый"  # Забарний → Забарный
    return _respell_ru(uk)


def _respell_ru(text: str) -> str:
    text = text.replace("ьо", "ё")  # Ковальов → Ковалёв
    if text[:1] == "Е":
        text = "Э" + text[1:]
    return text.translate(_UK_TO_RU_LETTERS)


_RU_VOWELS = "аеёиоуыэюяАЕЁИОУЫЭЮЯ"
_SIBILANTS = "жшчщц"


def _surname_uk(ru: str) -> str:
    """Russian → Ukrainian spelling of a man's surname."""
    for ending, replacement in (("ский", "ський"), ("цкий", "цький"), ("ый", "ий")):
        if ru.endswith(ending):
            return _respell_uk(ru[: -len(ending)]) + replacement
    if ru.endswith("ий"):
        return _respell_uk(ru[:-2]) + "ий"
    if ru.endswith("лев") and len(ru) > 4:
        return _respell_uk(ru[:-3]) + "льов"  # Ковалев (Ковалёв) → Ковальов
    if ru.endswith("ев") and len(ru) > 3 and ru[-3] in _SIBILANTS:
        return _respell_uk(ru[:-2]) + "ов"  # Лихачев → Лихачов
    if ru.endswith("ев") and len(ru) > 3:
        return _respell_uk(ru[:-2]) + "єв"  # Лебедев → Лебедєв
    return _respell_uk(ru)


def _respell_uk(text: str) -> str:
    out: list[str] = []
    for i, c in enumerate(text):
        before = text[i - 1] if i else ""
        after_sibilant = bool(before) and before.lower() in _SIBILANTS
        lower = c.lower()
        if lower == "и":
            new = "и" if after_sibilant else "і"
        elif lower == "ы" or lower == "э":
            new = "и" if lower == "ы" else "е"
        elif lower == "е":
            new = "є" if (not before or before in _RU_VOWELS or before in "ьъ") else "е"
        elif lower == "ё":
            if not before or before in _RU_VOWELS:
                new = "йо"
            elif after_sibilant:
                new = "о"
            else:
                new = "ьо"
        elif lower == "ъ":
            new = "ʼ"
        else:
            new = lower
        out.append(new.capitalize() if c.isupper() else new)
    return "".join(out)
