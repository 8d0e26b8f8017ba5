"""A sentence as data: the stable id of its wording, the values it names, and its English.

The core explains its decisions in English (the command line, JSON, stored
documents read that), and says the same thing as ``code`` plus ``params`` so
that a page can word it in the reader's language: ``age.under.no`` with
``{"youngest": 31, "oldest": 31, "day": "2025-06-09", "years": 25}`` is
"31 on 2025-06-09, not under 25". Values are plain: numbers, text, ISO dates,
lists of codes, and other sentences (a reason built from findings).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Said:
    """One sentence: its wording's id, its values (hashable), and its English text."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()
    text: str = ""

    def __str__(self) -> str:
        return self.text

    def value(self, name: str, default: Any = None) -> Any:
        return dict(self.params).get(name, default)

    def as_json(self) -> dict[str, Any]:
        """The code and values as JSON (nested sentences as objects); the English under "text"."""
        return {"code": self.code, "params": {name: _json(value) for name, value in self.params}, "text": self.text}


def said(code: str, text: str, /, **params: Any) -> Said:
    """A sentence; list values become tuples so that it can be compared and cached."""
    return Said(code, tuple((name, tuple(v) if isinstance(v, list) else v) for name, v in params.items()), text)


def verbatim(text: str) -> Said:
    """Text written by a person (a planner's note): shown as it is, in every language."""
    return Said("text", (("text", text),), text)


def from_json(data: Mapping[str, Any]) -> Said:
    """The inverse of ``Said.as_json``."""
    params = tuple((name, _value(value)) for name, value in dict(data.get("params") or {}).items())
    return Said(str(data.get("code", "")), params, str(data.get("text", "")))


def _json(value: Any) -> Any:
    if isinstance(value, Said):
        return value.as_json()
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    return value


def _value(value: Any) -> Any:
    if isinstance(value, dict) and "code" in value:
        return from_json(value)
    if isinstance(value, list):
        return tuple(_value(item) for item in value)
    return value
