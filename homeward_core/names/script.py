"""Which script a name is written in, and cleaning of the characters people type."""

from __future__ import annotations

import unicodedata

# Apostrophe forms used in Ukrainian names (Мар'яна, Слов'янськ), folded to one.
APOSTROPHES = "\u02bc\u2019\u2018`\u00b4'"
CANONICAL_APOSTROPHE = "\u02bc"


def detect_script(text: str) -> str:
    """'cyrl', 'latn', 'mixed', or '' when the text has no letters."""
    cyrillic = latin = 0
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("CYRILLIC"):
            cyrillic += 1
        elif name.startswith("LATIN"):
            latin += 1
    if cyrillic and latin:
        return "mixed"
    if cyrillic:
        return "cyrl"
    if latin:
        return "latn"
    return ""


def clean_name(text: str) -> str:
    """NFC, single spaces, one apostrophe form; case and letters as written."""
    text = unicodedata.normalize("NFC", text)
    for mark in APOSTROPHES:
        text = text.replace(mark, CANONICAL_APOSTROPHE)
    return " ".join(text.split())


def invalid_name_characters(text: str) -> str:
    """The characters a personal name may not contain (letters, spaces, - . and apostrophe may)."""
    allowed_marks = {" ", "-", ".", CANONICAL_APOSTROPHE}
    bad = {c for c in text if not (c.isalpha() or c in allowed_marks or unicodedata.category(c) == "Mn")}
    return "".join(sorted(bad))


def search_key(*parts: str) -> str:
    """A lower-case, accent-folded string that the registry search matches against."""
    joined = " ".join(part for part in parts if part)
    folded = unicodedata.normalize("NFKD", joined.casefold())
    folded = "".join(c for c in folded if unicodedata.category(c) != "Mn")
    return folded.replace("ё", "е").replace(CANONICAL_APOSTROPHE, "")
