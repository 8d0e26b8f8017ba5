"""Romanisation standards: Cyrillic names written in Latin letters the ways people really do.

Ukrainian standards come from the ``translitua`` package, Russian ones from
``iuliia``; both are maintained, MIT-licensed and implement the published
tables with their word-initial rules (Є Ї Й Ю Я at the start of a word,
"зг" as "zgh" in the 2010 national system). homeward adds only what they
lack: ISO 9 in both directions (the packages go one way; ISO 9 is reversible
and the round trip is tested), informal English spellings of Ukrainian names,
and informal German spellings of Russian names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Literal

import iuliia
import translitua

from homeward_core.names.normal_form import normal_form

Language = Literal["uk", "ru"]


@dataclass(frozen=True)
class Standard:
    """A named way of writing Cyrillic names in Latin letters."""

    id: str
    language: Language
    title: str
    source: str


# ISO 9:1995 (identical to GOST 7.79-2000 System A): one Latin letter per Cyrillic letter, so it reverses.
ISO9 = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g\u0300", "д": "d", "е": "e", "ё": "ë", "є": "ê",
    "ж": "ž", "з": "z", "и": "i", "і": "ì", "ї": "ï", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č",
    "ш": "š", "щ": "ŝ", "ъ": "ʺ", "ы": "y", "ь": "ʹ", "э": "è", "ю": "û", "я": "â", "ʼ": "’",
}  # fmt: skip

# What an English-speaking clerk writes for a Ukrainian name by ear (Yuriy, Andriy, Serhiy).
_UK_INFORMAL_EN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": "yu", "я": "ya", "ʼ": "",
}  # fmt: skip

# Duden-style German spelling of Russian names (Petrowitsch, Schukow, Jewgeni).
_RU_INFORMAL_DE = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch", "з": "s", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "ju", "я": "ja",
}  # fmt: skip
_DE_VOWELS = frozenset("аеёиоуыэюяьъ")


def _table(
    table: Mapping[str, str], language: Language | None, word_rules: Callable[[str], str] | None = None
) -> Callable[[str], str]:
    """A letter-by-letter romaniser (``word_rules`` for a whole lower-case word), word by word."""

    def romanise(word: str) -> str:
        lower = word.lower().translate(_ONE_APOSTROPHE)
        latin = word_rules(lower) if word_rules else "".join(table.get(c, c) for c in lower)
        return unicodedata.normalize("NFC", _case_like(word, latin))

    return _words(romanise, language)


_ONE_APOSTROPHE = str.maketrans({"'": "ʼ", "’": "ʼ"})


def _uk_informal_word(word: str) -> str:
    stem, ending = (word[:-2], "iy") if word.endswith("ій") and len(word) > 3 else (word, "")  # Andriy, Yuriy
    return "".join(_UK_INFORMAL_EN.get(c, c) for c in stem) + ending


def _ru_informal_de_word(word: str) -> str:
    out = []
    for i, c in enumerate(word):
        if c == "е" and (i == 0 or word[i - 1] in _DE_VOWELS):
            out.append("je")  # Jewgeni, Andrejew
        elif c == "и" and i and word[i - 1] == "ь":
            out.append("ji")
        else:
            out.append(_RU_INFORMAL_DE.get(c, c))
    latin = "".join(out)
    return latin[:-2] + "i" if latin.endswith(("ij", "ii")) else latin  # Jewgeni, Juri


def _case_like(original: str, latin: str) -> str:
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return latin.upper()
    if letters and letters[0].isupper():
        return latin[:1].upper() + latin[1:]
    return latin


def _informal_english(romanise: Callable[[str], str]) -> Callable[[str], str]:
    """Familiar English spellings for the given names in the table (Alexander, Sergei, Yuri), letter by
    letter for the rest."""

    def word(match: re.Match[str]) -> str:
        familiar = _familiar_spellings().get(normal_form(match[0]))
        return _case_like(match[0], familiar.lower()) if familiar else romanise(match[0])

    return lambda text: _WORD_WITH_APOSTROPHES.sub(word, text)


@cache
def _familiar_spellings() -> dict[str, str]:
    from homeward_core.names.table import given_names

    spellings: dict[str, str] = {}
    for name in given_names():
        if name.latin:
            spellings.setdefault(normal_form(name.uk), name.latin[0])
            spellings.setdefault(normal_form(name.ru), name.latin[0])
    return spellings


# Letters of the other language, as a clerk following a Ukrainian (or Russian) standard writes them:
# a Russian name in a Ukrainian standard, or a Ukrainian one in a Russian standard, still romanises.
_RUSSIAN_IN_UKRAINIAN = str.maketrans({"ы": "и", "э": "е", "ъ": "ʼ"})
_UKRAINIAN_IN_RUSSIAN = str.maketrans({"і": "и", "ї": "йи", "є": "е", "ґ": "г", "ʼ": "", "'": "", "’": ""})
_YO_AFTER_CONSONANT = re.compile(r"(?<=[бвгґджзклмнпрстфхцчшщ])ё")
_WORD_WITH_APOSTROPHES = re.compile(r"[\u0400-\u04ffʼ'’]+")


def _words(romanise: Callable[[str], str], language: Language | None) -> Callable[[str], str]:
    """Romanise word by word: foreign letters respelled first, and an all-capitals word romanised in lower
    case and then capitalised whole (both packages capitalise only the first letter of ЩУ as "ShchU")."""

    def word(match: re.Match[str]) -> str:
        original = match[0]
        lower = original.lower()
        if language is None:
            pass
        elif language == "uk":
            lower = _YO_AFTER_CONSONANT.sub("ьо", lower).replace("ё", "йо").translate(_RUSSIAN_IN_UKRAINIAN)
        else:
            lower = lower.translate(_UKRAINIAN_IN_RUSSIAN)
        if lower == original.lower() and not (len(original) > 1 and original.isupper()):
            return romanise(original)
        return _case_like(original, romanise(lower))

    return lambda text: _WORD_WITH_APOSTROPHES.sub(word, text)


def _translitua(table: type[translitua.TransliterationTable]) -> Callable[[str], str]:
    return _words(lambda text: translitua.translit(text, table), "uk")


def _iuliia(schema: iuliia.Schema) -> Callable[[str], str]:
    # iuliia leaves ё as it is in the schemas that write it ë; write it as they publish it.
    return _words(lambda text: schema.translate(text).replace("ё", "ë").replace("Ё", "Ë"), "ru")


_ENTRIES: tuple[tuple[Standard, Callable[[str], str]], ...] = (
    (Standard("uk_kmu_2010", "uk", "Ukrainian national system 2010 (KMU resolution 55)",
              "translitua UkrainianKMU"), _translitua(translitua.UkrainianKMU)),
    (Standard("uk_passport_1996", "uk", "Ukrainian national system of 1996 (passports of the time)",
              "translitua UkrainianNational1996"), _translitua(translitua.UkrainianNational1996)),
    (Standard("uk_passport_2004", "uk", "Ukrainian passport system of 2004",
              "translitua UkrainianPassport2004Alt"), _translitua(translitua.UkrainianPassport2004Alt)),
    (Standard("uk_passport_2007", "uk", "Ukrainian passport system of 2007",
              "translitua UkrainianPassport2007"), _translitua(translitua.UkrainianPassport2007)),
    (Standard("uk_bgn_pcgn", "uk", "BGN/PCGN 1965 for Ukrainian (before BGN/PCGN adopted KMU 2010 in 2019)",
              "translitua UkrainianBGN"),
     _translitua(translitua.UkrainianBGN)),
    (Standard("uk_iso9", "uk", "ISO 9:1995 = GOST 7.79-2000 System A, Ukrainian", "homeward (reversible)"),
     _table(ISO9, None)),
    (Standard("uk_scholarly", "uk", "Scholarly transliteration, Ukrainian", "translitua UkrainianWWS"),
     _translitua(translitua.UkrainianWWS)),
    (Standard("uk_informal_en", "uk", "Informal English spelling of Ukrainian names",
              "homeward (familiar given-name spellings from the name table)"),
     _informal_english(_table(_UK_INFORMAL_EN, "uk", _uk_informal_word))),
    (Standard("uk_informal_de", "uk", "Informal German (Duden) spelling of Ukrainian names",
              "translitua UkrainianGerman"), _translitua(translitua.UkrainianGerman)),
    (Standard("uk_informal_fr", "uk", "Informal French spelling of Ukrainian names",
              "translitua UkrainianFrench"), _translitua(translitua.UkrainianFrench)),
    (Standard("ru_bgn_pcgn", "ru", "BGN/PCGN 1947 for Russian", "iuliia BGN_PCGN"), _iuliia(iuliia.BGN_PCGN)),
    (Standard("ru_iso9", "ru", "ISO 9:1995 = GOST 7.79-2000 System A, Russian", "homeward (reversible)"),
     _table(ISO9, None)),
    (Standard("ru_gost_779_b", "ru", "GOST 7.79-2000 System B, Russian", "iuliia GOST_779_ALT"),
     _iuliia(iuliia.GOST_779_ALT)),
    (Standard("ru_icao_9303", "ru", "ICAO Doc 9303 (Russian passports since 2013)", "iuliia ICAO_DOC_9303"),
     _iuliia(iuliia.ICAO_DOC_9303)),
    (Standard("ru_passport_1997", "ru", "Russian passports 1997-2010 (MVD order 310)", "iuliia MVD_310"),
     _iuliia(iuliia.MVD_310)),
    (Standard("ru_scholarly", "ru", "Scholarly transliteration, Russian", "iuliia SCIENTIFIC"),
     _iuliia(iuliia.SCIENTIFIC)),
    (Standard("ru_informal_en", "ru", "Informal English spelling of Russian names (Wikipedia style)",
              "iuliia WIKIPEDIA; familiar given-name spellings from the name table"),
     _informal_english(_iuliia(iuliia.WIKIPEDIA))),
    (Standard("ru_informal_de", "ru", "Informal German (Duden) spelling of Russian names", "homeward"),
     _table(_RU_INFORMAL_DE, "ru", _ru_informal_de_word)),
    (Standard("ru_informal_fr", "ru", "Informal French spelling of Russian names (MVD 310 French)",
              "iuliia MVD_310_FR"), _iuliia(iuliia.MVD_310_FR)),
)  # fmt: skip

STANDARDS: Mapping[str, Standard] = MappingProxyType({standard.id: standard for standard, _ in _ENTRIES})
_ROMANISERS: dict[str, Callable[[str], str]] = {standard.id: romanise for standard, romanise in _ENTRIES}


@lru_cache(maxsize=1 << 16)
def transliterate(text: str, standard: str) -> str:
    """``text`` (Cyrillic) written in Latin letters by the named standard; Latin text passes through."""
    romanise = _ROMANISERS.get(standard)
    if romanise is None:
        known = ", ".join(sorted(_ROMANISERS))
        raise ValueError(f"unknown romanisation standard {standard!r}; known standards: {known}")
    return romanise(unicodedata.normalize("NFC", text))


def romanisations(text: str) -> dict[str, str]:
    """Every applicable standard's form of ``text``: Ukrainian ones for Ukrainian text, Russian ones for
    Russian, all of them when the language cannot be told."""
    from homeward_core.names.language import detect_language

    language = detect_language(text)
    if language in ("", "latn"):
        return {}
    return {
        standard.id: transliterate(text, standard.id)
        for standard in STANDARDS.values()
        if language == "cyrl" or standard.language == language
    }


_ISO9_REVERSE = {latin: cyrillic for cyrillic, latin in ISO9.items()} | {"'": "ʼ"}
_ISO9_PATTERN = re.compile(
    "|".join(sorted(map(re.escape, _ISO9_REVERSE), key=len, reverse=True)), re.IGNORECASE
)
_ISO9_ONLY = re.compile("[ëêžìïčšŝʺʹèûâ\u0300]", re.IGNORECASE)


def from_iso9(latin: str) -> str:
    """The Cyrillic that ISO 9 wrote as ``latin``: exact, since ISO 9 has one Latin sign per letter."""

    def letter(match: re.Match[str]) -> str:
        cyrillic = _ISO9_REVERSE[match[0].lower()]
        return cyrillic.upper() if match[0] != match[0].lower() else cyrillic

    return _ISO9_PATTERN.sub(letter, unicodedata.normalize("NFC", latin))


def looks_like_iso9(latin: str) -> bool:
    """Whether ``latin`` carries signs that only ISO 9 (GOST 7.79 System A) writes."""
    return _ISO9_ONLY.search(unicodedata.normalize("NFC", latin)) is not None
