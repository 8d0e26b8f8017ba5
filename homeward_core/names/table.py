"""The Ukrainian–Russian name table: given names, their diminutives, and patronymics derived from them.

The table lives in ``data/given_names.tsv`` (its header says where each row
comes from). Patronymics are not listed: they are derived from the fathers'
given names by the rules of each language (-ович/-йович/-івна/-ївна in
Ukrainian, -ович/-евич/-овна/-евна in Russian), with the exceptions below.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from homeward_core.names.normal_form import normalise

Sex = Literal["m", "f"]


@dataclass(frozen=True)
class GivenName:
    """One given name in its Ukrainian and Russian forms, with other spellings and diminutives."""

    sex: Sex
    uk: str
    ru: str
    variants: tuple[str, ...]  # other Cyrillic spellings and diminutives
    latin: tuple[str, ...]  # informal English / German / French spellings
    source: str


HEADER = ["sex", "uk", "ru", "variants", "latin", "source"]


@cache
def given_names() -> tuple[GivenName, ...]:
    """Every row of the table, most common names first."""
    return parse_given_names(resources.files("homeward_core.names").joinpath("data/given_names.tsv").read_text("utf-8"))


def parse_given_names(text: str) -> tuple[GivenName, ...]:
    """The rows of a name table in the given_names.tsv format; a malformed row is refused by its line."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line and not line.startswith("#")]
    if not lines or lines[0][1].split("\t") != HEADER:
        raise ValueError(f"name table: the first line that is not a comment must be the header {HEADER}")
    return tuple(_row(n, line) for n, line in lines[1:])


def _row(number: int, line: str) -> GivenName:
    fields = line.split("\t")
    if len(fields) != len(HEADER):
        raise ValueError(f"name table line {number}: {len(fields)} fields, expected {len(HEADER)} separated by tabs")
    sex, uk, ru, variants, latin, source = fields
    if sex not in ("m", "f") or not uk or not ru or not source:
        raise ValueError(f"name table line {number}: sex must be m or f, and uk, ru and source must be filled")
    return GivenName("m" if sex == "m" else "f", uk, ru, _split(variants), _split(latin), source)


def _split(field: str) -> tuple[str, ...]:
    return tuple(value for value in field.split("|") if value)


# Patronymics that the regular rules do not produce.
_UK_EXCEPTIONS: dict[str, tuple[str, str]] = {
    "Микола": ("Миколайович", "Миколаївна"), "Ілля": ("Ілліч", "Іллівна"),
    "Яків": ("Якович", "Яківна"), "Лев": ("Львович", "Львівна"),
    "Кузьма": ("Кузьмич", "Кузьмівна"), "Хома": ("Хомич", "Хомівна"),
    "Лука": ("Лукич", "Луківна"), "Федір": ("Федорович", "Федорівна"),
    "Прохір": ("Прохорович", "Прохорівна"), "Тихін": ("Тихонович", "Тихонівна"),
    "Сидір": ("Сидорович", "Сидорівна"), "Прокіп": ("Прокопович", "Прокопівна"),
    "Григорій": ("Григорович", "Григорівна"), "Кіндрат": ("Кіндратович", "Кіндратівна"),
}  # fmt: skip
_RU_EXCEPTIONS: dict[str, tuple[str, str]] = {
    "Пётр": ("Петрович", "Петровна"), "Павел": ("Павлович", "Павловна"),
    "Лев": ("Львович", "Львовна"), "Илья": ("Ильич", "Ильинична"),
    "Михаил": ("Михайлович", "Михайловна"), "Яков": ("Яковлевич", "Яковлевна"),
    "Никита": ("Никитич", "Никитична"), "Фома": ("Фомич", "Фоминична"),
    "Кузьма": ("Кузьмич", "Кузьминична"), "Лука": ("Лукич", "Лукинична"),
    "Савва": ("Саввич", "Саввична"), "Зосима": ("Зосимович", "Зосимовна"),
    "Гавриил": ("Гаврилович", "Гавриловна"), "Даниил": ("Данилович", "Даниловна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"), "Георгий": ("Георгиевич", "Георгиевна"),
    "Онуфрий": ("Онуфриевич", "Онуфриевна"), "Эмиль": ("Эмильевич", "Эмильевна"),
    "Николай": ("Николаевич", "Николаевна"), "Фёдор": ("Фёдорович", "Фёдоровна"),
}  # fmt: skip


def uk_patronymics(father: str) -> tuple[str, str]:
    """(son's, daughter's) patronymic from a Ukrainian given name."""
    if father in _UK_EXCEPTIONS:
        return _UK_EXCEPTIONS[father]
    if father.endswith("й"):  # Сергій, Андрій
        return father + "ович", father[:-1] + "ївна"
    if father.endswith("ь"):
        return father + "ович", father[:-1] + "івна"
    if father[-1] in "оа":
        return father[:-1] + "ович", father[:-1] + "івна"
    return father + "ович", father + "івна"


def ru_patronymics(father: str) -> tuple[str, str]:
    """(son's, daughter's) patronymic from a Russian given name."""
    if father in _RU_EXCEPTIONS:
        return _RU_EXCEPTIONS[father]
    if father.endswith("ий"):
        return father[:-2] + "ьевич", father[:-2] + "ьевна"
    if father[-1] in "йь":
        return father[:-1] + "евич", father[:-1] + "евна"
    if father[-1] in "ая":
        return father[:-1] + "ич", father[:-1] + "ична"
    return father + "ович", father + "овна"


@dataclass(frozen=True)
class Patronymic:
    """One patronymic in both languages, with the father's name it comes from."""

    sex: Sex
    uk: str
    ru: str
    father: GivenName


@cache
def patronymics() -> tuple[Patronymic, ...]:
    """Son's and daughter's patronymics of every male given name in the table."""
    out = []
    for name in given_names():
        if name.sex != "m":
            continue
        uk, ru = uk_patronymics(name.uk), ru_patronymics(name.ru)
        out.append(Patronymic("m", uk[0], ru[0], name))
        out.append(Patronymic("f", uk[1], ru[1], name))
    return tuple(out)


@cache
def given_name_index() -> dict[str, GivenName]:
    """Normalised Cyrillic form (standard, variant or diminutive) → the row; the first row wins."""
    index: dict[str, GivenName] = {}
    for name in given_names():
        for form in (name.uk, name.ru):
            index.setdefault(normalise(form), name)
    for name in given_names():
        for form in name.variants:
            index.setdefault(normalise(form), name)
    return index


@cache
def patronymic_index() -> dict[str, Patronymic]:
    """Normalised Cyrillic patronymic (either language) → the row."""
    index: dict[str, Patronymic] = {}
    for patronymic in patronymics():
        index.setdefault(normalise(patronymic.uk), patronymic)
        index.setdefault(normalise(patronymic.ru), patronymic)
    return index
