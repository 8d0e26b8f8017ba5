"""The translation catalogues: where they are, how they are extracted from the source, what is in them.

One set of extraction options for `homeward messages` (which updates the catalogues) and for the test that
proves the catalogues are up to date with the source (which extracts into a scratch copy and compares).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.makemessages import Command as MakeMessages

PACKAGE = Path(settings.BASE_DIR) / "homeward"
LOCALE = PACKAGE / "locale"
# Every language but the one the source is written in.
TRANSLATED = tuple(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
# File locations without line numbers: a catalogue changes when a string does, not when code above it moves.
OPTIONS = {"domain": "django", "add_location": "file", "no_obsolete": True, "verbosity": 0}


class _MakeMessages(MakeMessages):
    # A new string starts empty, never with msgmerge's guess from a similar one (a fuzzy entry is a
    # translation nobody wrote, and the catalogue test refuses it).
    msgmerge_options = [*MakeMessages.msgmerge_options, "--no-fuzzy-matching"]


def po_path(language: str, locale: Path = LOCALE) -> Path:
    return locale / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str, locale: Path = LOCALE) -> Path:
    return locale / language / "LC_MESSAGES" / "django.mo"


@contextmanager
def _inside(directory: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(previous)


def update(languages: tuple[str, ...] = TRANSLATED) -> None:
    """Extract every marked string of the package into its catalogues (new ones empty, gone ones dropped)."""
    for language in languages:
        po_path(language).parent.mkdir(parents=True, exist_ok=True)
    # makemessages walks the working directory and writes into the ``locale`` folder it finds there.
    with _inside(PACKAGE):
        call_command(_MakeMessages(), locale=list(languages), **OPTIONS)


def compile_all(languages: tuple[str, ...] = TRANSLATED) -> None:
    """Compile each catalogue into the .mo file the app reads (committed, so a fresh install needs no gettext)."""
    with _inside(PACKAGE):
        call_command("compilemessages", locale=list(languages), verbosity=0)


def extract_into(scratch: Path, language: str = TRANSLATED[0]) -> Path:
    """A fresh catalogue of the source as it is now, built in a copy under ``scratch``; its path."""
    copy = scratch / "homeward"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "static"))
    (copy / "locale").mkdir()
    with _inside(copy):
        call_command(_MakeMessages(), locale=[language], **OPTIONS)
    return po_path(language, copy / "locale")


def summary(language: str) -> str:
    """How much of one catalogue is translated, as a line for the command's output."""
    import polib

    catalogue = polib.pofile(str(po_path(language)))
    return (f"{len(catalogue.translated_entries())} translated, {len(catalogue.untranslated_entries())} untranslated, "
            f"{len(catalogue.fuzzy_entries())} fuzzy")
