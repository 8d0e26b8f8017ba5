"""Which script a name is written in, and cleaning of the characters people type.

These run on every cell of every roster row (a million-row import calls each
several million times), so each has a fast path for the common case and falls
back to the exact, slower Unicode logic only when it must.
"""

from __future__ import annotations

import re
import unicodedata

# Apostrophe forms used in Ukrainian names (Мар'яна, Слов'янськ), folded to one.
APOSTROPHES = "\u02bc\u2019\u2018`\u00b4'"
CANONICAL_APOSTROPHE = "\u02bc"
_TO_CANONICAL = str.maketrans({mark: CANONICAL_APOSTROPHE for mark in APOSTROPHES})

_CYRILLIC = re.compile(r"[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
# A name: letters, joined by single spaces, hyphens, dots or apostrophes.
_NAME = re.compile(r"[^\W\d_]+(?:[ .\-\u02bc]+[^\W\d_]*)*\.?")


def detect_script(text: str) -> str:
    """'cyrl', 'latn', 'mixed', or '' when the text has no letters of either script."""
    cyrillic = _CYRILLIC.search(text) is not None
    latin = _LATIN.search(text) is not None
    if cyrillic and latin:
        return "mixed"
    return "cyrl" if cyrillic else "latn" if latin else ""


def clean_name(text: str) -> str:
    """NFC, single spaces, one apostrophe form; case and letters as written."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.translate(_TO_CANONICAL)
    return " ".join(text.split()) if "  " in text or text != text.strip() else text


def invalid_name_characters(text: str) -> str:
    """The characters a personal name may not contain (letters, spaces, - . and apostrophe may)."""
    if _NAME.fullmatch(text):
        return ""
    allowed_marks = {" ", "-", ".", CANONICAL_APOSTROPHE}
    bad = {c for c in text if not (c.isalpha() or c in allowed_marks or unicodedata.category(c) == "Mn")}
    return "".join(sorted(bad))


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord("ё"): "е", ord(CANONICAL_APOSTROPHE): "", ord("'"): ""}
    for code in range(0x00C0, 0x0250):
        base = unicodedata.normalize("NFKD", chr(code).casefold())
        stripped = "".join(c for c in base if unicodedata.category(c) != "Mn")
        if stripped and stripped != chr(code).casefold():
            table[code] = stripped
    return table


_FOLD = _fold_table()
_NEEDS_FOLD = re.compile("[" + re.escape("".join(chr(code) for code in _FOLD)) + "]")


def search_key(*parts: str) -> str:
    """A lower-case string with Latin accents and ё folded, that the registry search matches."""
    text = " ".join(part for part in parts if part).casefold()
    # translate() is slow on non-ASCII text; most names need no folding at all.
    return text.translate(_FOLD) if _NEEDS_FOLD.search(text) else text


def search_keys(texts: list[str]) -> list[str]:
    """search_key of each text (no text may hold a newline), folded in one pass over them all."""
    joined = _NEEDS_FOLD.sub(_folded, "\n".join(texts).casefold())  # translate() is slow on Cyrillic
    return joined.split("\n") if texts else []


def _folded(match: re.Match[str]) -> str:
    return _FOLD[ord(match[0])]
