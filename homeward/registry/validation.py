"""The rules a declaration's values obey, checked by the registry services for every caller.

Pages, the API, commands and imports all write through the services, so a
value the database would refuse (or store as nonsense) is refused here first,
naming its field. The field types and lengths come from the model, so the two
cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import models

from homeward.registry.choices import DeclarationKind
from homeward.registry.errors import InvalidField, RegistryError
from homeward.registry.models import EDITABLE_FIELDS, Declaration

EARLIEST_BIRTH_YEAR = 1900
REQUIRED = tuple(name for name in EDITABLE_FIELDS if not Declaration._meta.get_field(name).blank)


def check_kind(kind: Any) -> None:
    if kind not in DeclarationKind.values:
        raise InvalidField("kind", f"'{kind}' is not one of {', '.join(DeclarationKind.values)}")


def clean_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Each value checked on its own and normalised (text trimmed, numbers and dates typed)."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise RegistryError(f"unknown fields: {', '.join(sorted(unknown))}")
    return {name: _clean(name, value) for name, value in values.items()}


def check_declaration(state: Mapping[str, Any], *, today: dt.date) -> None:
    """The rules across fields, on the whole state a write would leave behind."""
    for name in REQUIRED:
        if not state.get(name):
            raise InvalidField(name, "is required")
    _check_birth(state.get("birth_year"), state.get("birth_month"), state.get("birth_day"), today)
    captured = state.get("captured_on")
    if captured is not None and captured > today:
        raise InvalidField("captured_on", f"{captured.isoformat()} is in the future")


def _clean(name: str, value: Any) -> Any:
    field = Declaration._meta.get_field(name)
    if isinstance(field, models.DateField):
        return _date(name, value)
    if isinstance(field, models.IntegerField):
        return _whole_number(name, value)
    return _text(name, value, field)


def _text(name: str, value: Any, field: Any) -> str:
    if value is None:
        return ""  # a JSON null clears an optional field; a required one is refused as missing
    if not isinstance(value, str):
        raise InvalidField(name, "must be text")
    value = value.strip()
    if "\x00" in value:  # PostgreSQL cannot store it; no roster or form has a reason to send it
        raise InvalidField(name, "contains a NUL character")
    if field.max_length is not None and len(value) > field.max_length:
        raise InvalidField(name, f"is longer than {field.max_length} characters")
    allowed = [choice for choice, _ in field.choices or ()]
    if value and allowed and value not in allowed:
        raise InvalidField(name, f"'{value}' is not one of {', '.join(c for c in allowed if c)}")
    return value


def _whole_number(name: str, value: Any) -> int | None:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if value.isdigit():
            value = int(value)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidField(name, "must be a whole number")
    return value


def _date(name: str, value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        raise InvalidField(name, "must be a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidField(name, f"'{value[:40]}' is not a date (YYYY-MM-DD)") from None
    raise InvalidField(name, "must be a date (YYYY-MM-DD)")


def _check_birth(year: int | None, month: int | None, day: int | None, today: dt.date) -> None:
    if year is not None and not EARLIEST_BIRTH_YEAR <= year <= today.year:
        raise InvalidField("birth_year", f"must be between {EARLIEST_BIRTH_YEAR} and {today.year}")
    if month is not None and year is None:
        raise InvalidField("birth_month", "needs a year of birth")
    if month is not None and not 1 <= month <= 12:
        raise InvalidField("birth_month", "must be between 1 and 12")
    if day is None:
        return
    if month is None or year is None:
        raise InvalidField("birth_day", "needs a month of birth")
    try:
        born = dt.date(year, month, day)
    except ValueError:
        raise InvalidField("birth_day", f"{year:04d}-{month:02d} has no day {day}") from None
    if born > today:
        raise InvalidField("birth_day", f"{born.isoformat()} is in the future")
