"""Badges for remains states, in the colours the other areas use for the same meaning."""

from django import template

register = template.Library()

_BADGES = {"announced": "uploaded", "received": "validated", "disputed": "rejected", "raised": "draft",
           "completed": "committed"}


@register.filter
def remains_badge(state: str) -> str:
    return _BADGES.get(state, "uploaded")
