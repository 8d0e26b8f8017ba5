"""A person's name in Latin letters, to show beside the name as declared (usually Cyrillic).

The declaring party's own Latin spelling comes first; without one, the official romanisation of the name's
language: Ukraine's national system (KMU 2010, as in Ukrainian passports) for Ukrainian, Russia's passports
(ICAO Doc 9303) for Russian. When the letters cannot tell Ukrainian from Russian, the declaring party's
language decides, else the viewer's (their Ukrainian or Russian pages), else Ukrainian.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from homeward_core.names import detect_language, transliterate
from homeward_core.names.script import detect_script

STANDARD = {"uk": "uk_kmu_2010", "ru": "ru_icao_9303"}
NAME_FIELDS = ("surname", "given_name", "patronymic")


def romanised(text: str, declared: str = "", record_language: str = "") -> str:
    """The party's own Latin spelling when it gave one, otherwise the official romanisation of the name's
    language (``record_language``, then the viewer's, when the letters cannot tell Ukrainian from Russian);
    "" for a name already in Latin letters."""
    if declared or not text or detect_script(text) == "latn":
        return declared
    language = detect_language(text)
    standard = STANDARD.get(language) or STANDARD.get(record_language) or STANDARD.get(
        translation.get_language() or "", STANDARD["uk"])
    return transliterate(text, standard)


def latin_name(person: Any) -> str:
    """A declaration's full name in Latin letters, part by part; "" when it is written in Latin already."""
    parts = (romanised(getattr(person, field) or "", getattr(person, f"{field}_latin", "") or "")
             for field in NAME_FIELDS)
    return " ".join(part for part in parts if part)
