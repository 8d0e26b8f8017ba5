"""Short English words with two meanings are translated apart (msgctxt), so Ukrainian and Russian can say each."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, pgettext

PAIRS = [
    (("a person's full name", "Name"), ("the name given to a security key", "Name")),
    (("capture card field 2: the surname", "Name"), ("a person's full name", "Name")),
    (("whether the two records' fields agree", "Agreement"), (None, "Agreement")),
    (("button: write it down", "Record"), (None, "Record")),
    (("clear a lock or an exclusion", "Clear"), ("clear the search filters", "Clear")),
    (("kind of one record", "Held"), (None, "Held")),
    (("outcome for one person", "Handed over"), (None, "Handed over")),
    (("export column, yes or no", "Selected"), (None, "Selected")),
]


def _say(context: str | None, word: str) -> str:
    return pgettext(context, word) if context else gettext(word)


@pytest.mark.parametrize("language", ["uk", "ru"])
@pytest.mark.parametrize(("one", "other"), PAIRS)
def test_each_meaning_has_its_own_translation(language: str, one: tuple, other: tuple) -> None:  # type: ignore[type-arg]
    with translation.override(language):
        first, second = _say(*one), _say(*other)
    assert first != one[1] and second != other[1]
    # Ukrainian says "Передано"/"Відібрано" of one person and of many alike; Russian does not.
    if not (language == "uk" and one[1] in ("Handed over", "Selected")):
        assert first != second


@pytest.mark.parametrize(("language", "words"), [("uk", "Утримуваний"), ("ru", "Удерживаемый")])
def test_a_records_kind_is_said_of_one_person(language: str, words: str) -> None:
    with translation.override(language):
        assert words in render_to_string("registry/partials/kind.html", {"kind": "held", "label": ""})
        assert words not in gettext("Held")


@pytest.mark.parametrize(("language", "button", "heading"), [("uk", "Записати", "Запис"), ("ru", "Записать", "Запись")])
def test_the_record_button_is_a_verb_and_the_heading_a_noun(language: str, button: str, heading: str) -> None:
    with translation.override(language):
        assert (pgettext("button: write it down", "Record"), gettext("Record")) == (button, heading)
