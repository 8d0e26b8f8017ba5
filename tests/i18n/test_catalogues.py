"""The translation catalogues: complete, up to date with the source, and compiled as they read.

A string marked for translation in a template or in Python that is missing from a catalogue, an entry left
untranslated or fuzzy, a placeholder lost in translation, or a committed .mo that is not what its .po
compiles to: each fails here, naming the strings. docs/i18n.md says how to fix each.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import polib
import pytest

from homeward.lib import catalogues

# Languages whose catalogue is still being translated: their entries may be empty (not fuzzy), nothing else.
IN_TRANSLATION: frozenset[str] = frozenset()
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}")


def _entries(language: str) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(catalogues.po_path(language))) if not entry.obsolete]


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def _show(keys: Any) -> str:
    return "\n  ".join(repr(msgid) if not context else f"{context}|{msgid!r}" for context, msgid in sorted(keys))


@pytest.mark.parametrize("language", catalogues.TRANSLATED)
def test_every_message_is_translated(language: str) -> None:
    entries = _entries(language)
    fuzzy = [_key(entry) for entry in entries if "fuzzy" in entry.flags]
    empty = [_key(entry) for entry in entries if not entry.translated() and "fuzzy" not in entry.flags]
    assert not fuzzy, f"fuzzy (guessed by msgmerge; check and clear the flag) in {language}:\n  {_show(fuzzy)}"
    if language in IN_TRANSLATION:
        pytest.skip(f"{language}: {len(empty)} of {len(entries)} entries still to translate")
    assert not empty, f"untranslated in {language}:\n  {_show(empty)}"


@pytest.mark.parametrize("language", catalogues.TRANSLATED)
def test_translations_keep_every_placeholder(language: str) -> None:
    lost = []
    for entry in _entries(language):
        want = sorted(PLACEHOLDER.findall(entry.msgid))
        wants = [want, sorted(PLACEHOLDER.findall(entry.msgid_plural))] if entry.msgid_plural else [want]
        given = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        lost += [(entry.msgid, text) for text in given if text and sorted(PLACEHOLDER.findall(text)) not in wants]
    assert not lost, f"placeholders changed in {language}: " + "; ".join(f"{a!r} -> {b!r}" for a, b in lost)


def test_catalogues_are_up_to_date_with_the_source(tmp_path: Path) -> None:
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is not installed (Debian: apt-get install gettext); .ci/run installs it")
    fresh = {_key(entry) for entry in polib.pofile(str(catalogues.extract_into(tmp_path))) if entry.msgid}
    for language in catalogues.TRANSLATED:
        kept = {_key(entry) for entry in _entries(language)}
        missing, stale = fresh - kept, kept - fresh
        assert not missing, (f"marked in the source but not in the {language} catalogue (run `homeward messages` "
                             f"and translate them):\n  {_show(missing)}")
        assert not stale, (f"in the {language} catalogue but no longer in the source (run `homeward messages`):"
                           f"\n  {_show(stale)}")


def _as_read(entries: Any) -> dict[tuple[str, str], Any]:
    """What gettext will answer for each message: translated entries only, plural forms as a tuple."""
    return {
        _key(entry): tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)) if entry.msgid_plural
        else entry.msgstr
        for entry in entries if entry.msgid and (entry.translated() if isinstance(entry, polib.POEntry) else True)
    }


@pytest.mark.parametrize("language", catalogues.TRANSLATED)
def test_the_compiled_catalogue_is_the_translated_one(language: str) -> None:
    mo = catalogues.mo_path(language)
    assert mo.exists(), f"{mo} is missing: run `homeward messages --compile-only` and commit it"
    compiled = _as_read(polib.mofile(str(mo)))
    written = _as_read(_entries(language))
    differ = {key for key in compiled.keys() | written.keys() if compiled.get(key) != written.get(key)}
    assert not differ, (f"{mo.name} of {language} is not what its .po says (run `homeward messages "
                        f"--compile-only`):\n  {_show(differ)}")
    header = polib.mofile(str(mo)).metadata
    assert header.get("Plural-Forms") == polib.pofile(str(catalogues.po_path(language))).metadata.get("Plural-Forms")
