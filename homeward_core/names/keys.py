"""Match keys: one Latin string per name, equal across Ukrainian, Russian and their romanisations.

A key is computed in three steps:

1. ``normalise`` (case, apostrophes, ё, ґ, look-alike letters);
2. a *skeleton*: Cyrillic letters are written with one neutral Latin sign
   each, and every Latin spelling is reduced to the same small alphabet by
   rules that undo the differences between the standards (y/j/i, ye/ie/e,
   kh/h/g, ch/tsch/tch, w/v, x/ks, doubled letters, -skyi/-skiy/-sky …);
3. for given names and patronymics, a look-up of the skeleton in an index
   built from the name table, every standard's romanisation of each form and
   the informal spellings, which maps it to the name's canonical key (the
   skeleton of its Russian form). Surnames have no table; their skeleton
   takes the surname rules (-ов/-ев/-ьов/-ів, -ская/-ська …).

The skeleton is applied until it no longer changes, so a key is its own key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Literal

from rapidfuzz.distance import JaroWinkler

from homeward_core.names.normalise import normalise
from homeward_core.names.standards import STANDARDS, transliterate
from homeward_core.names.table import given_names, patronymics

Part = Literal["surname", "given", "patronymic"]
PARTS: tuple[Part, ...] = ("surname", "given", "patronymic")

# Cyrillic → neutral Latin. Upper-case letters are placeholders for sounds that Latin spellings
# write with digraphs, so that "с"+"х" is never read as "sh".
_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "G", "д": "d", "е": "e", "є": "ie", "ж": "Z", "з": "z",
    "и": "i", "і": "i", "ї": "ii", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "G", "ц": "C", "ч": "H",
    "ш": "S", "щ": "SH", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia", "ʼ": "",
})  # fmt: skip

# Latin letters with diacritics, and marks, as the standards use them.
_DIACRITICS = str.maketrans({
    "ž": "Z", "š": "S", "č": "H", "ŝ": "SH", "ĉ": "H", "ë": "e", "ê": "ie", "ï": "ii", "ì": "i",
    "è": "e", "é": "e", "ė": "e", "ĭ": "i", "ȳ": "i", "ý": "i", "û": "iu", "â": "ia", "ü": "iu",
    "ö": "o", "ó": "o", "ò": "o", "á": "a", "à": "a", "ä": "a", "í": "i", "ú": "u", "ù": "u",
    "ç": "s", "ł": "l", "ń": "n", "ś": "s", "ź": "z", "ż": "Z", "ß": "s", "ǵ": "g",
    "\u0300": "", "\u0301": "", "\u0361": "", "\u0306": "", "ʹ": "", "ʺ": "", "ʼ": "", "'": "",
    "`": "", "”": "", "“": "", "’": "", "-": " ", ".": " ",
})  # fmt: skip

# Digraphs of the standards and of informal English, German and French spellings, longest first.
_DIGRAPHS = {
    "schtsch": "SH", "shtch": "SH", "chtch": "SH", "shch": "SH", "shh": "SH", "sch": "S", "tsch": "H",
    "tch": "H", "zh": "Z", "kh": "G", "ch": "H", "sh": "S", "ts": "C", "tz": "C", "cz": "C", "ck": "k",
    "ph": "f", "ou": "u", "x": "ks", "w": "v", "q": "k", "h": "G", "g": "G", "c": "C", "y": "i", "j": "i",
}
_DIGRAPH = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_PLACEHOLDERS = str.maketrans({"Z": "zh", "S": "sh", "H": "ch", "C": "c", "G": "g"})
_DOUBLE = re.compile(r"(.)\1+")
_IOTATED_E = re.compile(r"ie")  # є / ye / ie / je are е
_YO = re.compile(r"(?<=[bcdfgklmnprstvz])io")  # ё after a consonant: yo / io / ë are е
_NOT_LETTER = re.compile(r"[^a-z ]+")

# Surname endings: Russian and Ukrainian forms of the same suffix, after the skeleton.
_SURNAME_ENDINGS = (
    (re.compile(r"(?:sk|ck|zk)(?:aia|aa)\b"), lambda m: m[0][:2] + "a"),  # -ская / -ська
    (re.compile(r"(?<=[a-z])(?:ev|iv)(?=a?\b)"), lambda m: "ov"),  # -ев/-ёв/-ьов/-ів → -ов
    (re.compile(r"(?<=[a-z]{2})aia\b"), lambda m: "a"),  # -ая / -а (Толстая / Толста)
)
_PATRONYMIC_ENDINGS = ((re.compile(r"ev(?=ich\b|na\b)"), lambda m: "ov"),)


def _skeleton_once(text: str) -> str:
    text = text.translate(_CYRILLIC).translate(_DIACRITICS)
    text = _DIGRAPH.sub(lambda m: _DIGRAPHS[m[0]], text).translate(_PLACEHOLDERS)
    text = _NOT_LETTER.sub("", text)
    text = _DOUBLE.sub(r"\1", text)
    text = _YO.sub("e", _IOTATED_E.sub("e", text))
    return _DOUBLE.sub(r"\1", text)


@lru_cache(maxsize=1 << 20)
def skeleton(text: str, part: Part) -> str:
    """The part-specific Latin skeleton of ``text``, applied until it is stable."""
    text = normalise(text)
    previous = None
    while text != previous:
        previous = text
        text = " ".join(_skeleton_once(text).split())
        rules = _SURNAME_ENDINGS if part == "surname" else _PATRONYMIC_ENDINGS if part == "patronymic" else ()
        for pattern, replacement in rules:
            text = pattern.sub(replacement, text)
    return text


@cache
def _canonical_index(part: Part) -> dict[str, str]:
    """Skeleton of every known spelling of a given name or patronymic → that name's canonical key."""
    index: dict[str, str] = {}
    rows: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]
    if part == "given":
        rows = [(n.uk, n.ru, n.variants, n.latin) for n in given_names()]
    else:
        rows = [(p.uk, p.ru, (), ()) for p in patronymics()]
    canon = [skeleton(ru, part) for _, ru, _, _ in rows]
    for key in canon:  # a canonical key is always its own key
        index.setdefault(key, key)
    for key, (uk, _ru, _, _) in zip(canon, rows, strict=True):
        index.setdefault(skeleton(uk, part), key)
    for key, (uk, ru, _, latin) in zip(canon, rows, strict=True):
        for standard in STANDARDS.values():
            index.setdefault(skeleton(transliterate(uk if standard.language == "uk" else ru, standard.id), part), key)
        for spelling in latin:
            index.setdefault(skeleton(spelling, part), key)
    for key, (_, _, variants, _) in zip(canon, rows, strict=True):
        for variant in variants:  # diminutives last: they never displace a full name
            index.setdefault(skeleton(variant, part), key)
    return index


@lru_cache(maxsize=1 << 20)
def match_key(text: str, part: Part) -> str:
    """One canonical Latin key, equal for the spellings of the same name in either language and any
    romanisation; '' for empty input."""
    if part not in PARTS:
        raise ValueError(f"unknown name part {part!r}; expected one of {', '.join(PARTS)}")
    key = skeleton(text, part)
    if part == "surname" or not key:
        return key
    index = _canonical_index(part)
    return " ".join(index.get(word, word) for word in key.split(" ")) if " " in key else index.get(key, key)


_VOICED = str.maketrans({"b": "p", "d": "t", "z": "s", "v": "f", "g": "k", "c": "s"})
_VOWELS = re.compile(r"(?<=.)[aeiou]+")


@lru_cache(maxsize=1 << 20)
def phonetic_key(text: str, part: Part) -> str:
    """A coarser key for blocking: the match key's consonants, voiced and unvoiced merged, and its
    first letter; recall over precision."""
    key = match_key(text, part)
    words = (_DOUBLE.sub(r"\1", _VOWELS.sub("", word.replace("ch", "c").replace("sh", "s").replace("zh", "s")
                                            ).translate(_VOICED)) for word in key.split(" "))
    return " ".join(word for word in words if word)


def match_keys(values: Sequence[str], part: Part) -> list[str]:
    """``match_key`` of each value, each distinct value computed once."""
    keys = {value: match_key(value, part) for value in set(values)}
    return [keys[value] for value in values]


def phonetic_keys(values: Sequence[str], part: Part) -> list[str]:
    """``phonetic_key`` of each value, each distinct value computed once."""
    keys = {value: phonetic_key(value, part) for value in set(values)}
    return [keys[value] for value in values]


def similarity(a: str, b: str, part: Part) -> float:
    """Jaro-Winkler similarity (0..1) of the two names' match keys; 0 when either is empty."""
    key_a, key_b = match_key(a, part), match_key(b, part)
    if not key_a or not key_b:
        return 0.0
    return JaroWinkler.normalized_similarity(key_a, key_b)
