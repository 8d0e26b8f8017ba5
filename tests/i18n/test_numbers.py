"""Counts of a thousand and more are grouped the reader's way: 12,345 in English, 12 345 in Ukrainian and Russian."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

GROUPED = {"en": "12,345", "uk": "12\xa0345", "ru": "12\xa0345"}
LANGUAGES = pytest.mark.parametrize("language", list(GROUPED))


def _render(language: str, template: str, context: dict) -> str:  # type: ignore[type-arg]
    with translation.override(language):
        return render_to_string(template, context)


@LANGUAGES
def test_the_figures_of_a_home_are_grouped(language: str) -> None:
    stats = [{"label": "Held", "url": "/registry/", "count": 12345, "alert": False}]
    for template in ("partials/home_stats.html", "partials/home_figures.html"):
        html = _render(language, template, {"stats": stats, "caption": "c"})
        assert GROUPED[language] in html and "12345" not in html


@LANGUAGES
def test_the_link_to_a_long_list_says_how_long_grouped(language: str) -> None:
    group = {"rows": [{"title": "x", "url": "/x/"}], "count": 12345, "url": "/all/"}
    html = _render(language, "partials/home_group.html", {"group": group})
    assert GROUPED[language] in html and "12345" not in html


@LANGUAGES
def test_the_public_figures_are_grouped(language: str) -> None:
    party = {"name": "North", "short_name": "N"}
    agreement = {"title": "Exchange", "party_a": party, "party_b": party}
    table = {"title": "Returned", "lines": [{"label": "All", "code": "T",
                                              "cells": [{"hidden": False, "value": 12345}] * 3}]}
    html = _render(language, "reports/public.html", {"agreements": [{"agreement": agreement, "tables": [table]}],
                                                     "threshold": 5})
    assert html.count(GROUPED[language]) == 3 and "12345" not in html
