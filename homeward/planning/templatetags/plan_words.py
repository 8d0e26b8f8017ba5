"""``{% load plan_words %}``: a plan's reasons, findings and change note in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template

from homeward.accounts.scoping import declarations_for
from homeward.lib import sentences
from homeward.lib.romanisation import latin_name

register = template.Library()


@register.filter
def reason_text(entry: Any) -> str:
    """Why the person is (not) selected, in the active language."""
    return sentences.entry_reason(entry)


@register.filter
def findings_text(entry: Any) -> list[tuple[str, bool | None, str]]:
    """The eligibility findings as (rule id, verdict, sentence in the active language)."""
    return sentences.entry_findings(entry)


@register.filter
def plan_problem(plan: Any) -> str:
    """Why no plan meets the terms, in the active language."""
    return sentences.say(plan.summary.get("problem_said"), plan.summary.get("problem", ""))


@register.simple_tag(takes_context=True)
def plan_change(context: template.Context, plan: Any) -> str:
    """What made this version; a person it names is shown by name when the reader may see them."""
    change = plan.change or {}
    person = (change.get("params") or {}).get("person")
    people = {}
    if person:
        found = declarations_for(context["request"].user).filter(public_id=person).first()
        if found is not None:
            latin = latin_name(found)
            people[person] = f"{found.full_name} ({latin})" if latin else found.full_name
    return sentences.say(change, plan.change_note, people=people)
