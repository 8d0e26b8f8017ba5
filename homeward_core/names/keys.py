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

from homeward_core.names.normal_form import normal_form
from homeward_core.names.standards import STANDARDS, transliterate
from homeward_core.names.table import given_names, patronymics

Part = Literal["surname", "given", "patronymic"]
PARTS: tuple[Part, ...] = ("surname", "given", "patronymic")

# Cyrillic letters and the Latin letters with diacritics that the standards use, in one table. Upper-case
# letters are placeholders for sounds that Latin spellings write with digraphs, so that "с"+"х" is never
# read as "sh" and no later rule rewrites them.
_LETTERS = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "G", "д": "d", "е": "e", "є": "ie", "ж": "Z", "з": "z",
    "и": "i", "і": "i", "ї": "ii", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "G", "ц": "C", "ч": "H",
    "ш": "S", "щ": "S", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "ž": "Z", "š": "S", "č": "H", "ŝ": "S", "ĉ": "H", "ë": "e", "ê": "ie", "ï": "ii", "ì": "i",
    "è": "e", "é": "e", "ė": "e", "ĭ": "i", "ȳ": "i", "ý": "i", "û": "iu", "â": "ia", "ü": "iu",
    "ö": "o", "ó": "o", "ò": "o", "á": "a", "à": "a", "ä": "a", "í": "i", "ú": "u", "ù": "u",
    "ç": "s", "ł": "l", "ń": "n", "ś": "s", "ź": "z", "ż": "Z", "ß": "s", "ǵ": "g",
    "\u0300": "", "\u0301": "", "\u0361": "", "\u0306": "", "ʹ": "", "ʺ": "", "ʼ": "", "'": "",
    "`": "", "”": "", "“": "", "’": "", "-": " ", ".": " ",
})  # fmt: skip

# Digraphs of the standards and of informal English, German and French spellings, replaced in this
# order (longest first), then the single letters that remain ambiguous.
_H_DIGRAPHS = (
    ("schtsch", "S"), ("shtch", "S"), ("chtch", "S"), ("shch", "S"), ("tsch", "H"), ("shh", "S"),
    ("sch", "S"), ("tch", "H"), ("zh", "Z"), ("kh", "G"), ("ch", "H"), ("sh", "S"), ("ph", "f"),
)  # fmt: skip
_OTHER_DIGRAPHS = (("ts", "C"), ("tz", "C"), ("cz", "C"), ("ck", "k"), ("ou", "u"))
# ц and к share a key letter: Ukrainian passports of 2004 and informal spellings write к as c
# (Olecsandr, Victor), ISO 9 writes ц as c (Kuznecov); no pair of names in the table differs only there.
_SINGLES = str.maketrans({
    "x": "g", "w": "v", "q": "k", "h": "g", "c": "k", "y": "i", "j": "i",
    "Z": "zh", "S": "sh", "H": "ch", "C": "k", "G": "g",
})  # fmt: skip
# x is кс after a vowel (Alexander, Maxim) and х elsewhere (scholarly and GOST B: Xarčenko, Arxypenko).
_X_AFTER_VOWEL = re.compile(r"(?<=[aeiouy])x")
# French: gu before e/i is г (Guerasimov); German words (w, tsch) write х as ch and ц as z.
_FRENCH_GU = re.compile(r"gu(?=[eiy])")
_GERMAN_WORD = re.compile(r"\b\w*(?:w|tsch)\w*")
_GERMAN_LETTERS = re.compile(r"(?<![st])ch|z")
_DOUBLE = re.compile(r"(.)\1+")
_HAS_DOUBLE = re.compile(r"(.)\1")  # searching first is five times faster than always substituting
_YO = re.compile(r"(?<=[bdfgklmnprstvz])io")  # ё after a consonant: yo / io / ë are е
# Ukrainian ій before a consonant is Russian ей (Олійник / Олейник, Матвійчук / Матвейчук).
_EI = re.compile(r"ei(?=[bcdfgklmnprstvz])")
_NOT_LETTER = re.compile(r"[^a-z ]+")

# Surname endings: Russian and Ukrainian forms of the same suffix, after the skeleton.
_SURNAME_ENDINGS = (
    (re.compile(r"(?<=[a-z]{2})(?:ev|iv)(?=a?\b)"), "ov"),  # -ев/-ёв/-ьов/-ів → -ов
    (re.compile(r"(?<=[a-z]{2})aia\b"), "a"),  # -ская / -ська, -ая / -а (Толстая / Толста)
    (re.compile(r"(?<=[a-z]{2}in)e\b"), ""),  # French -ine for -ин (Sorokine)
)
_PATRONYMIC_ENDINGS = ((re.compile(r"ev(?=ich\b|na\b)"), "ov"),)
_ENDINGS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "surname": _SURNAME_ENDINGS, "patronymic": _PATRONYMIC_ENDINGS, "given": (),
}
_ENDING_TRIGGERS: dict[str, tuple[str, ...]] = {
    "surname": ("ev", "iv", "eva", "iva", "aia", "ine"), "patronymic": ("evich", "evna"), "given": (),
}
# Signs that a pass of the skeleton could still change its own output; a key without them is final.
_MAY_CHANGE = re.compile(r"tch|sch|hch|ts|tz|ou|gu|io|ie|ei|(.)\1")


def _german(match: re.Match[str]) -> str:
    return _GERMAN_LETTERS.sub(lambda letter: "G" if letter[0] == "ch" else "C", match[0])


# Cyrillic straight to the key's letters, for text with no Latin letter: the only Latin rules that could
# apply to its romanisation are тс/тз (read as ц) and оу (read as у), done before the one translate.
_CYRILLIC_KEY = str.maketrans({
    cyrillic: latin.translate(_SINGLES) for cyrillic, latin in (
        ("а", "a"), ("б", "b"), ("в", "v"), ("г", "G"), ("д", "d"), ("е", "e"), ("є", "ie"), ("ж", "Z"),
        ("з", "z"), ("и", "i"), ("і", "i"), ("ї", "ii"), ("й", "i"), ("к", "k"), ("л", "l"), ("м", "m"),
        ("н", "n"), ("о", "o"), ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"), ("ф", "f"),
        ("х", "G"), ("ц", "C"), ("ч", "H"), ("ш", "S"), ("щ", "S"), ("ъ", ""), ("ы", "i"), ("ь", ""),
        ("э", "e"), ("ю", "iu"), ("я", "ia"), ("ʼ", ""), ("-", " "), (".", " "),
    )
})  # fmt: skip
_CYRILLIC_ONLY = re.compile(r"[а-яєіїʼ\- .]+")


def _skeleton_once(text: str, part: Part) -> str:
    if _CYRILLIC_ONLY.fullmatch(text):
        for pair, sound in (("тс", "ц"), ("тз", "ц"), ("оу", "у")):
            if pair in text:
                text = text.replace(pair, sound)
        text = text.translate(_CYRILLIC_KEY)
    else:
        text = _latin_letters(text)
    return _vowels_and_endings(text, part)


def _latin_letters(text: str) -> str:
    text = text.translate(_LETTERS)
    if "w" in text or "tsch" in text:
        text = _GERMAN_WORD.sub(_german, text)
    if "x" in text:
        text = _X_AFTER_VOWEL.sub("ks", text)
    if "gu" in text:
        text = _FRENCH_GU.sub("g", text)
    if "h" in text:  # Cyrillic input never has one: its digraph sounds are placeholders already
        for digraph, sound in _H_DIGRAPHS:
            if digraph in text:
                text = text.replace(digraph, sound)
    for digraph, sound in _OTHER_DIGRAPHS:
        if digraph in text:
            text = text.replace(digraph, sound)
    text = text.translate(_SINGLES)
    if not (text.isascii() and text.replace(" ", "").isalpha() and text.islower()):
        text = _NOT_LETTER.sub("", text)
    return text


def _vowels_and_endings(text: str, part: Part) -> str:
    if _HAS_DOUBLE.search(text):
        text = _DOUBLE.sub(r"\1", text)
    if "ie" in text:
        text = text.replace("ie", "e")  # є / ye / ie / je are е
        if _HAS_DOUBLE.search(text):
            text = _DOUBLE.sub(r"\1", text)
    if "io" in text:
        text = _YO.sub("e", text)
    if "ei" in text:
        text = _EI.sub("i", text)
    if " " in text or text.endswith(_ENDING_TRIGGERS[part]):
        for pattern, replacement in _ENDINGS[part]:
            text = pattern.sub(replacement, text)
    return " ".join(text.split()) if "  " in text or text[:1] == " " or text[-1:] == " " else text


def skeleton(text: str, part: Part) -> str:
    """The part-specific Latin skeleton of ``text``, applied until it is stable (so a key is its own key)."""
    text = normal_form(text)
    while True:
        reduced = _skeleton_once(text, part)
        if reduced == text or _is_final(reduced, part):
            return reduced
        text = reduced


def _is_final(key: str, part: Part) -> bool:
    """True only when no rule of a pass applies to ``key`` (so a second pass is not needed)."""
    return not (" " in key or key.endswith(_ENDING_TRIGGERS[part]) or _MAY_CHANGE.search(key))


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
    return _match_key(text, part)


def _match_key(text: str, part: Part) -> str:
    if part not in PARTS:
        raise ValueError(f"unknown name part {part!r}; expected one of {', '.join(PARTS)}")
    key = skeleton(text, part)
    if part == "surname" or not key:
        return key
    index = _canonical_index(part)
    return " ".join(index.get(word, word) for word in key.split(" ")) if " " in key else index.get(key, key)


# Blocking classes: voiced and unvoiced consonants, the hushing sibilants (ж ш щ, which German and French
# spellings confuse), and the vowels a/o and e/i/y (akanye, і/и/е between the languages).
_PHONETIC_DIGRAPHS = re.compile("zh|sh")
_PHONETIC = str.maketrans({"b": "p", "d": "t", "z": "s", "v": "f", "o": "a", "e": "i"})


@lru_cache(maxsize=1 << 20)
def phonetic_key(text: str, part: Part) -> str:
    """A coarser key for blocking (recall over precision): the match key with voiced and unvoiced
    consonants, ж/ш/щ, з/с, a/o and e/i merged."""
    return _phonetic_of(match_key(text, part))


def _phonetic_of(key: str) -> str:
    key = _PHONETIC_DIGRAPHS.sub("x", key).translate(_PHONETIC)
    return _DOUBLE.sub(r"\1", key) if _HAS_DOUBLE.search(key) else key


# The batch versions bypass the per-value caches: a million-row column would fill them with values that
# are never asked for again, and its own dictionary already computes each distinct value once.
def match_keys(values: Sequence[str | None], part: Part) -> list[str]:
    """``match_key`` of each value, each distinct value computed once; a missing value (None) has ''."""
    keys = {value: _match_key(value, part) if value else "" for value in set(values)}
    return [keys[value] for value in values]


def phonetic_keys(values: Sequence[str | None], part: Part) -> list[str]:
    """``phonetic_key`` of each value, each distinct value computed once; a missing value (None) has ''."""
    keys = {value: _phonetic_of(_match_key(value, part)) if value else "" for value in set(values)}
    return [keys[value] for value in values]


def similarity(a: str, b: str, part: Part) -> float:
    """Jaro-Winkler similarity (0..1) of the two names' match keys; 0 when either is empty."""
    key_a, key_b = match_key(a, part), match_key(b, part)
    if not key_a or not key_b:
        return 0.0
    return JaroWinkler.normalized_similarity(key_a, key_b)
