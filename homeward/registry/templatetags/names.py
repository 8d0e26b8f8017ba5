"""``{% load names %}``: a person's name as declared with its romanisation beside it (homeward.lib.romanisation)."""

from __future__ import annotations

from typing import Any

from django import template

from homeward.lib.romanisation import latin_name

register = template.Library()


@register.filter
def romanised_name(person: Any) -> str:
    """The declared Latin spelling, or the official romanisation of the name; "" for a name in Latin letters."""
    return latin_name(person) if person is not None else ""


@register.inclusion_tag("partials/person_name.html")
def person_name(person: Any) -> dict[str, Any]:
    """The name as declared, then (smaller, beside it) its Latin letters."""
    return {"name": person.full_name if person is not None else "", "latin": romanised_name(person)}
