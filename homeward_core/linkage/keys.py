"""Name keys that linkage compares and blocks on, from ``homeward_core.names``.

Per name part, three columns:

- the *spelling*: the name normalised (case, apostrophes, ё, look-alike
  letters) but otherwise as written, so "same spelling" is its own, strongest level;
- the *match key*: one canonical Latin spelling, equal for Олександр,
  Александр, Oleksandr, Aleksandr and Alexander;
- the *sound key*: the match key's consonant skeleton, equal for spellings
  a clerk mishears or mistypes in a vowel; it blocks and is a weaker level.

Keys are computed once per distinct spelling: lists repeat names heavily, so
a million rows need only tens of thousands of key computations.
"""

from __future__ import annotations

from collections.abc import Sequence

from homeward_core.names import Part, match_key, normalise, phonetic_key


def keys_of(values: Sequence[str], part: Part) -> tuple[list[str], list[str], list[str]]:
    """(spellings, match keys, sound keys) of a column of names."""
    distinct = {value: _keys(value, part) for value in set(values)}
    columns = [distinct[value] for value in values]
    return [c[0] for c in columns], [c[1] for c in columns], [c[2] for c in columns]


def _keys(value: str, part: Part) -> tuple[str, str, str]:
    if not value.strip():
        return "", "", ""
    return normalise(value), match_key(value, part), phonetic_key(value, part)
