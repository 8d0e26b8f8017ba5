"""``{% load names %}``: a person's name as declared with its romanisation beside it (homeward.lib.romanisation)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html

from homeward.lib.romanisation import latin_name

register = template.Library()


@register.filter
def romanised_name(person: Any) -> str:
    """The declared Latin spelling, or the official romanisation of the name; "" for a name in Latin letters."""
    return latin_name(person) if person is not None else ""


@register.simple_tag
def person_name(person: Any) -> str:
    """The name as declared, then (smaller, beside it) its Latin letters.

    Built here, not in an included template: lists show it twice a row, and a template per name cost
    more than the rest of the row.
    """
    name = person.full_name if person is not None else ""
    latin = romanised_name(person)
    if latin and latin != name:
        return format_html('{} <span class="person-name__romanised" lang="en">({})</span>', name, latin)
    return conditional_escape(name)
