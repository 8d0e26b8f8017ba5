"""Names: normalisation, language detection, romanisation standards both ways, Ukrainian ↔ Russian
equivalents, and the match keys that the linkage engine compares.

See docs/names.md for the standards, the key's design and the measured agreement rates.
"""

from homeward_core.names.cyrillic import to_cyrillic
from homeward_core.names.equivalents import equivalents
from homeward_core.names.keys import Part, match_key, match_keys, phonetic_key, phonetic_keys, similarity
from homeward_core.names.language import detect_language
from homeward_core.names.normal_form import normalise
from homeward_core.names.standards import STANDARDS, Standard, romanisations, transliterate

__all__ = [
    "STANDARDS",
    "Part",
    "Standard",
    "detect_language",
    "equivalents",
    "match_key",
    "match_keys",
    "normalise",
    "phonetic_key",
    "phonetic_keys",
    "romanisations",
    "similarity",
    "to_cyrillic",
    "transliterate",
]
