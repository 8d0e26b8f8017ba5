"""Name keys that linkage compares and blocks on.

Two keys per name part:

- the *match key* from ``homeward_core.names``: one canonical Latin spelling,
  equal for Олександр, Александр, Oleksandr and Aleksandr;
- the *sound key*, linkage's own consonant skeleton of that spelling
  (vowels, doubled letters and h/g, y/i/j differences dropped), equal for
  spellings that a clerk mishears or mistypes in a vowel. It blocks and forms a
  weaker comparison level than the match key.

Keys are computed once per distinct spelling: lists repeat names heavily, so
a million rows need only tens of thousands of key computations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

try:  # the names module (branch `names`) provides the canonical cross-script key
    from homeward_core.names import match_key as _names_match_key
except ImportError:  # pragma: no cover - until the names module lands
    _names_match_key = None

_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
}
_TO_LATIN = str.maketrans(_CYRILLIC_TO_LATIN)
_NOT_LETTER = re.compile(r"[^a-z]")
# Romanisation variants folded before vowels are dropped, longest first.
_SOUNDS = (
    ("shch", "s"), ("schtsch", "s"), ("sch", "s"), ("tsch", "c"), ("tch", "c"), ("ch", "c"), ("sh", "s"),
    ("zh", "z"), ("kh", "g"), ("ks", "x"), ("ck", "k"), ("ph", "f"), ("ts", "c"), ("tz", "c"),
    ("w", "v"), ("h", "g"), ("q", "k"), ("dj", "z"), ("j", ""),
)
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLES = re.compile(r"(.)\1+")


def _fold(text: str) -> str:
    """Lower-case Latin letters only: Cyrillic by one fixed table, accents dropped."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text.casefold().replace("ё", "е"))
    return _NOT_LETTER.sub("", text.translate(_TO_LATIN))


@cache
def match_key(text: str, part: str) -> str:
    """The canonical Latin key of one name part ('' for an empty name)."""
    if not text.strip():
        return ""
    if _names_match_key is not None:
        return _names_match_key(text, part)
    return _fold(text)


@cache
def sound_key(text: str, part: str) -> str:
    """The consonant skeleton of a name's match key, e.g. Oleksandr, Alexander -> lxndr."""
    key = match_key(text, part)
    for written, sound in _SOUNDS:
        key = key.replace(written, sound)
    key = _DOUBLES.sub(r"\1", _VOWELS.sub("", key))
    return key


def keys_of(values: Iterable[str], part: str) -> tuple[list[str], list[str]]:
    """(match keys, sound keys) of a column of names, each distinct spelling computed once."""
    values = list(values)
    distinct = {value: (match_key(value, part), sound_key(value, part)) for value in set(values)}
    return [distinct[v][0] for v in values], [distinct[v][1] for v in values]
