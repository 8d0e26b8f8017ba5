"""Every page each persona can open, rendered in Ukrainian and Russian: no English left on it.

The pages are those of the authorisation matrix (tests/security/policy.py: every GET page a persona is
allowed, with the ids of real records of every owner from tests/security/world.py). A page fails when a
visible text (a text node, or an aria-label, title or placeholder) is an English message of the catalogue
that has a different translation: a string that is marked but reached the page untranslated (a gettext at
import time instead of a lazy one, a string built before the language was chosen, a stale .mo).
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from typing import Any

import polib
import pytest
from django.test import Client

from homeward.lib import catalogues
from tests.i18n.test_catalogues import IN_TRANSLATION
from tests.security.policy import ALLOWED, MEMBERS, POLICY
from tests.security.test_authorisation_matrix import _url
from tests.security.world import build_security_world

ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
SKIPPED = ("script", "style", "code", "pre")
MIN_FIXED_LETTERS = 8
# A value of one to three words none of which is a lower-case English word ("30 days" in a title is text, not
# a value): numbers, names, dates, codes.
_TOKEN = r"(?![a-z]{3,}(?:\s|$))\S+"
PLACEHOLDER_VALUE = rf"{_TOKEN}(?: {_TOKEN}){{0,2}}"


class VisibleText(HTMLParser):
    """The texts a reader sees or hears on a page, each whitespace-collapsed."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skipping += 1
        self.texts += [_clean(value) for name, value in attrs if name in ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.texts.append(_clean(data))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def visible_texts(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


def english_messages(language: str) -> tuple[set[str], list[tuple[re.Pattern[str], str]]]:
    """The English messages a page in ``language`` must not show: plain ones as they read, and those with
    placeholders as patterns (a placeholder stands for any text)."""
    plain, patterns = set(), []
    for entry in polib.pofile(str(catalogues.po_path(language))):
        forms = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        translations = set(entry.msgstr_plural.values()) if entry.msgid_plural else {entry.msgstr}
        for form in forms:
            text = _clean(form)
            if len(text) <= 3 or text in translations or not re.search(r"[A-Za-z]{2}", text):
                continue
            if re.search(r"%\(\w+\)[sd]|%[sd]", text):
                body = re.escape(text)
                body = re.sub(r"%\\\(\w+\\\)[sd]|%[sd]", lambda _m: PLACEHOLDER_VALUE, body)
                # Too little fixed text ("%(items)s and %(last)s") would match any English in the data.
                if len(re.findall(r"[A-Za-z]", re.sub(r"%\(\w+\)[sd]|%[sd]", "", text))) >= MIN_FIXED_LETTERS:
                    patterns.append((re.compile(body), text))
            else:
                plain.add(text)
    return plain, patterns


def _pages() -> list[tuple[str, str, str]]:
    """(URL name, owner, persona) for every GET page and every persona the policy lets open it."""
    return [(row.key, owner, persona)
            for row in POLICY if row.method == "GET" and not row.is_api
            for owner, rule in row.rules.items()
            for persona in sorted(MEMBERS) if rule.expected(persona, api=False) == ALLOWED]


def _pages_in(language: str, w: Any) -> tuple[dict[str, set[str]], int]:
    plain, patterns = english_messages(language)
    rows = {row.key: row for row in POLICY}
    clients: dict[str, Client] = {}
    found: dict[str, set[str]] = defaultdict(set)
    rendered = 0
    for key, owner, persona in _pages():
        if persona not in clients:
            clients[persona] = Client(HTTP_ACCEPT_LANGUAGE=language)
            clients[persona].force_login(w.users[persona])
        response = clients[persona].get(_url(w, rows[key], owner))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        rendered += 1
        html = response.content.decode()
        assert f'<html lang="{language}"' in html or not html.lstrip().startswith("<!doctype"), key
        for text in visible_texts(html):
            if text in plain:
                found[text].add(f"{key} as {persona}")
            else:
                found.update({english: found[english] | {f"{key} as {persona}"}
                              for pattern, english in patterns if pattern.fullmatch(text)})
    return found, rendered


@pytest.mark.parametrize("language", [code for code in catalogues.TRANSLATED if code not in IN_TRANSLATION])
def test_no_page_shows_english_in_another_language(db: Any, language: str) -> None:
    w = build_security_world()
    found, rendered = _pages_in(language, w)
    print(f"\n{language}: {rendered} pages rendered, {len(found)} English messages found")
    assert rendered > 50, f"only {rendered} pages rendered: the crawl lost its pages"
    assert not found, f"English on {language} pages:\n" + "\n".join(
        f"  {text!r}: {', '.join(sorted(where)[:3])}" for text, where in sorted(found.items()))
