"""One written form per name: what every key, table look-up and comparison starts from.

Clerks type Ukrainian and Russian names with four different apostrophes, with
ё or е, ґ or г, and, on keyboards switched mid-word, with Latin letters that
look like Cyrillic ones (a Latin "о" in "Пeтро"). ``normalise`` removes those
differences and nothing else: it never changes one real letter into another.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from homeward_core.names.script import APOSTROPHES, CANONICAL_APOSTROPHE

# Latin letters that are drawn like a Cyrillic letter, upper and lower case.
_LATIN_TO_CYRILLIC = {
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "O": "О",
    "P": "Р", "T": "Т", "X": "Х", "Y": "У", "a": "а", "c": "с", "e": "е", "i": "і", "o": "о",
    "p": "р", "x": "х", "y": "у", "k": "к",
}  # fmt: skip
_CYRILLIC_TO_LATIN = {cyrillic: latin for latin, cyrillic in _LATIN_TO_CYRILLIC.items()}
_TO_CYRILLIC = str.maketrans(_LATIN_TO_CYRILLIC)
_TO_LATIN = str.maketrans(_CYRILLIC_TO_LATIN)
_FOLD = str.maketrans({"ё": "е", "ґ": "г", **{mark: CANONICAL_APOSTROPHE for mark in APOSTROPHES + "\u02b9"}})
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD = re.compile(r"[^\W\d_]+(?:[\u02bc'][^\W\d_]+)*")


@lru_cache(maxsize=1 << 18)
def normalise(text: str) -> str:
    """NFC, case-folded, one apostrophe (ʼ), ё→е, ґ→г, look-alike letters fixed, single spaces.

    Idempotent: ``normalise(normalise(x)) == normalise(x)``.
    """
    return normal_form(text)


def normal_form(text: str) -> str:
    """``normalise`` without its cache, for callers that cache their own result (the match keys)."""
    if text.isascii():  # the fast path: romanised names
        text = text.lower()
        if "'" in text or "`" in text:
            text = text.translate(_FOLD)
    else:
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        mixed = _LATIN_LETTER.search(text) and _CYRILLIC_LETTER.search(text)
        if mixed:  # before case folding, while upper-case look-alikes (H for Н) are still told apart
            text = _WORD.sub(_fix_mixed_word, text)
        text = text.casefold().translate(_FOLD)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if mixed:  # and after, since folding ё to е can make a look-alike of a letter that was not one
            text = _WORD.sub(_fix_mixed_word, text)
    return " ".join(text.split())


def _fix_mixed_word(match: re.Match[str]) -> str:
    """A word in one script with stray look-alikes from the other is rewritten in its majority script."""
    word = match[0]
    cyrillic = len(_CYRILLIC_LETTER.findall(word))
    latin = len(_LATIN_LETTER.findall(word))
    if not cyrillic or not latin:
        return word
    if cyrillic >= latin:
        fixed = word.translate(_TO_CYRILLIC)
        return fixed if not _LATIN_LETTER.search(fixed) else word
    fixed = word.translate(_TO_LATIN)
    return fixed if not _CYRILLIC_LETTER.search(fixed) else word
