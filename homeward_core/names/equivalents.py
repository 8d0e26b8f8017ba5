"""Ukrainian ↔ Russian equivalents of a name, in Cyrillic.

Given names and patronymics come from the name table (a diminutive leads to
the full name in both languages); names the table does not know, and all
surnames, are respelled by the orthographic rules of the other language.
"""

from __future__ import annotations

import re
from functools import lru_cache

from homeward_core.names.keys import Part
from homeward_core.names.language import detect_language
from homeward_core.names.normal_form import normalise
from homeward_core.names.table import given_name_index, patronymic_index

_UK_TO_RU_LETTERS = str.maketrans({"і": "и", "ї": "и", "є": "е", "ʼ": "ь"})
_RU_VOWELS = "аеиоуыэюя"
_SIBILANTS = "жшчщц"
_HARD = "бвдзлмнпрстф"


@lru_cache(maxsize=1 << 16)
def equivalents(name: str, part: Part) -> frozenset[str]:
    """The name's Ukrainian and Russian forms (normalised Cyrillic), itself included; empty for a
    name that is not Cyrillic."""
    text = normalise(name)
    if not text or not re.search("[а-яіїє]", text):
        return frozenset()
    if part == "given":
        row = given_name_index().get(text)
        if row is not None:
            return frozenset({text, normalise(row.uk), normalise(row.ru)})
    elif part == "patronymic":
        patronymic = patronymic_index().get(text)
        if patronymic is not None:
            return frozenset({text, normalise(patronymic.uk), normalise(patronymic.ru)})
    elif part == "surname":
        language = detect_language(text)
        forms = {text}
        if language != "ru":
            forms.add("-".join(surname_ru(word) for word in text.split("-")))
        if language != "uk":
            forms.add("-".join(surname_uk(word) for word in text.split("-")))
        return frozenset(forms)
    language = detect_language(text)
    forms = {text}
    if language != "ru":
        forms.add(respell_ru(text))
    if language != "uk":
        forms.add(respell_uk(text))
    return frozenset(forms)


def surname_ru(uk: str) -> str:
    """A Ukrainian surname (normalised) as a Russian clerk writes it: Вишневський → Вишневский."""
    for ending, replacement in (("ський", "ский"), ("цький", "цкий"), ("зький", "зкий"), ("ська", "ская"),
                                ("цька", "цкая")):
        if uk.endswith(ending):
            return respell_ru(uk[: -len(ending)]) + replacement
    if uk.endswith("ий") and len(uk) > 3 and uk[-3] in _HARD:
        return respell_ru(uk[:-2]) + "ый"  # Забарний → Забарный
    if uk.endswith("ів") and len(uk) > 3:
        return respell_ru(uk[:-2]) + "ов"  # Іванів → Иванов
    return respell_ru(uk)


def surname_uk(ru: str) -> str:
    """A Russian surname (normalised) as a Ukrainian clerk writes it: Ковалев → Ковальов."""
    for ending, replacement in (("ский", "ський"), ("цкий", "цький"), ("ская", "ська"), ("цкая", "цька"),
                                ("ый", "ий")):
        if ru.endswith(ending):
            return respell_uk(ru[: -len(ending)]) + replacement
    if ru.endswith("лев") and len(ru) > 4:
        return respell_uk(ru[:-3]) + "льов"  # Ковалев (Ковалёв) → Ковальов
    if ru.endswith("ев") and len(ru) > 3 and ru[-3] in _SIBILANTS:
        return respell_uk(ru[:-2]) + "ов"  # Лихачев → Лихачов
    if ru.endswith("ев") and len(ru) > 3 and ru[-3] not in _RU_VOWELS:
        return respell_uk(ru[:-2]) + "єв"  # Лебедев → Лебедєв
    return respell_uk(ru)


def respell_ru(uk: str) -> str:
    """Ukrainian letters written the Russian way (і/ї → и, є → е, ʼ → ь, ьо → е, initial е → э)."""
    text = uk.replace("ьо", "е")  # Ковальов → Ковалев (ё written е)
    text = re.sub("ій(?=[бвгджзклмнпрстфхцчшщ])", "ей", text)  # Олійник → Олейник
    if text.endswith("ць"):
        text = text[:-1]  # Аронець → Аронец: Russian ц is never soft
    if text.startswith("е"):
        text = "э" + text[1:]
    return text.translate(_UK_TO_RU_LETTERS)


def respell_uk(ru: str) -> str:
    """Russian letters written the Ukrainian way (и → і, ы → и, э → е, е → є after a vowel, ъ → ʼ)."""
    out: list[str] = []
    for i, c in enumerate(ru):
        before = ru[i - 1] if i else ""
        if c == "и":
            out.append("и" if before and before in _SIBILANTS else "і")
        elif c in "ыэ":
            out.append("и" if c == "ы" else "е")
        elif c == "е":
            out.append("є" if (not before or before in _RU_VOWELS or before in "ьъ") else "е")
        elif c == "ъ":
            out.append("ʼ")
        else:
            out.append(c)
    return "".join(out)
