"""``{% load import_words %}``: an import's problems in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from homeward.lib.sentences import file_error, problem_reason, refusal

register = template.Library()


@register.filter
def problem_text(problem: Mapping[str, Any]) -> str:
    """Why a row was refused, in the active language."""
    return problem_reason(problem)


@register.filter
def file_error_text(batch: Any) -> str:
    """Why the file cannot be read, in the active language."""
    return file_error(batch)


@register.filter
def refusal_text(batch: Any) -> str:
    """Why the import's last step was refused, in the active language."""
    return refusal(batch)
