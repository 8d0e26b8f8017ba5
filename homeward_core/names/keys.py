"""Match keys: one Latin string per name, equal across Ukrainian, Russian and their romanisations.

A key is made in three steps (docs/names.md): ``normalise``; the skeleton (``skeleton.py``); for given
names and patronymics, the canonical key of the name the skeleton spells (``canonical.py``). The
phonetic key merges more, for blocking; the batch functions serve million-row columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from homeward_core.names.canonical import canonical
from homeward_core.names.skeleton import PARTS, Part, skeleton

__all__ = ["PARTS", "Part", "match_key", "match_keys", "phonetic_key", "phonetic_keys", "similarity"]


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
    return " ".join(canonical(word, part) for word in key.split(" ")) if " " in key else canonical(key, part)


_DOUBLE = re.compile(r"(.)\1+")
_HAS_DOUBLE = re.compile(r"(.)\1")

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
