"""Which language a name is written in: Ukrainian, Russian, or only "Cyrillic" when nothing tells."""

from __future__ import annotations

import re
from typing import Literal

from homeward_core.names.normal_form import normalise
from homeward_core.names.script import detect_script

DetectedLanguage = Literal["uk", "ru", "cyrl", "latn", ""]

_UKRAINIAN_LETTERS = re.compile("[іїєґʼ]")
_RUSSIAN_LETTERS = re.compile("[ыэъё]")
# Endings only one language writes: -ський/-цький/-ій (uk), -ский/-цкий/-ый/-ий after a vowel (ru).
_UKRAINIAN_ENDINGS = re.compile(r"(?:ськ|цьк|зьк)(?:ий|а)$")
_RUSSIAN_ENDINGS = re.compile(r"(?:[^ь]ск|[^ь]цк)(?:ий|ая)$|[ео]вна$|евич$")


def detect_language(text: str) -> DetectedLanguage:
    """'uk' or 'ru' when letters or endings only one language writes say so; 'cyrl' when the text is
    Cyrillic but undecidable (Максим, Коваленко); 'latn' for Latin; '' when there are no letters."""
    script = detect_script(text)
    if script == "":
        return ""
    lowered = text.casefold()  # before normalise, which folds ё and ґ
    if script == "latn":
        return "latn"
    lowered = lowered.replace("'", "ʼ").replace("’", "ʼ")
    uk = _UKRAINIAN_LETTERS.search(lowered) is not None
    ru = _RUSSIAN_LETTERS.search(lowered) is not None
    if uk != ru:
        return "uk" if uk else "ru"
    if uk and ru:
        return "cyrl"
    return _by_table(normalise(text))


def _by_table(text: str) -> DetectedLanguage:
    from homeward_core.names.table import given_name_index

    votes = {"uk": 0, "ru": 0}
    for word in text.split(" "):
        name = given_name_index().get(word)
        if name is not None and name.uk != name.ru:
            if word == normalise(name.uk):
                votes["uk"] += 1
            elif word == normalise(name.ru):
                votes["ru"] += 1
        if _RUSSIAN_ENDINGS.search(word):
            votes["ru"] += 1
        elif _UKRAINIAN_ENDINGS.search(word):
            votes["uk"] += 1
    if votes["uk"] != votes["ru"]:
        return "uk" if votes["uk"] > votes["ru"] else "ru"
    return "cyrl"
