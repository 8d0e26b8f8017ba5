"""``{% load ledger_words %}``: the parity ledger's sentences in the reader's language (homeward.operations.wording)."""

from __future__ import annotations

from typing import Any

from django import template

from homeward.operations.wording import owed_words

register = template.Library()


@register.filter
def owed(owed: Any) -> str:
    return owed_words(owed)
