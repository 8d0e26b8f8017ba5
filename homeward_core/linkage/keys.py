"""Name keys that linkage compares and blocks on, from ``homeward_core.names``.

Per name part:

- the *spelling*: the name normalised (case, apostrophes, ё, look-alike
  letters) but otherwise as written, so "same spelling" is its own, strongest level;
- the *match key*: one canonical Latin spelling, equal for Олександр,
  Александр, Oleksandr, Aleksandr and Alexander;
- the *sound key*: the names module's phonetic key (consonants, voiced and
  unvoiced merged), equal for spellings a clerk mishears or mistypes in a
  vowel; it blocks and is a weaker comparison level;
- the *prefix*: the sound key's first letters, for the broadest blocking rule.
"""

from __future__ import annotations

from homeward_core.names import Part, match_key, normalise, phonetic_key

PREFIX = {"surname": 3, "given": 2, "patronymic": 2}


def name_keys(value: str, part: Part) -> tuple[str, str, str, str]:
    """(spelling, match key, sound key, prefix) of one name; all '' for an empty one."""
    if not value.strip():
        return "", "", "", ""
    sound = phonetic_key(value, part)
    return normalise(value), match_key(value, part), sound, sound[: PREFIX[part]]
