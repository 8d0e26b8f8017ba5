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
from django.utils.translation import gettext as _

from homeward.registry.choices import DeclarationKind
from homeward.registry.errors import InvalidField, RegistryError
from homeward.registry.models import EDITABLE_FIELDS, Declaration

EARLIEST_BIRTH_YEAR = 1900
REQUIRED = tuple(name for name in EDITABLE_FIELDS if not Declaration._meta.get_field(name).blank)


def check_kind(kind: Any) -> None:
    if kind not in DeclarationKind.values:
        raise InvalidField(
            "kind", _("'%(kind)s' is not one of %(values)s") % {
                "kind": kind, "values": ', '.join(DeclarationKind.values)}
        )


def clean_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Each value checked on its own and normalised (text trimmed, numbers and dates typed)."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise RegistryError(_("unknown fields: %(unknown)s") % {"unknown": ', '.join(sorted(unknown))})
    return {name: _clean(name, value) for name, value in values.items()}


def check_declaration(state: Mapping[str, Any], *, today: dt.date) -> None:
    """The rules across fields, on the whole state a write would leave behind."""
    for name in REQUIRED:
        if not state.get(name):
            raise InvalidField(name, _("is required"))
    _check_birth(state.get("birth_year"), state.get("birth_month"), state.get("birth_day"), today)
    captured = state.get("captured_on")
    if captured is not None and captured > today:
        raise InvalidField("captured_on", _("%(captured)s is in the future") % {"captured": captured.isoformat()})


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
        raise InvalidField(name, _("must be text"))
    value = value.strip()
    if "\x00" in value:  # PostgreSQL cannot store it; no roster or form has a reason to send it
        raise InvalidField(name, _("contains a NUL character"))
    if field.max_length is not None and len(value) > field.max_length:
        raise InvalidField(name, _("is longer than %(max_length)s characters") % {"max_length": field.max_length})
    allowed = [choice for choice, _ in field.choices or ()]
    if value and allowed and value not in allowed:
        raise InvalidField(
            name, _("'%(value)s' is not one of %(allowed)s") % {
                "value": value, "allowed": ', '.join(c for c in allowed if c)}
        )
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
        raise InvalidField(name, _("must be a whole number"))
    return value


def _date(name: str, value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        raise InvalidField(name, _("must be a date (YYYY-MM-DD), not a date and time"))
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidField(name, _("'%(value)s' is not a date (YYYY-MM-DD)") % {"value": value[:40]}) from None
    raise InvalidField(name, _("must be a date (YYYY-MM-DD)"))


def _check_birth(year: int | None, month: int | None, day: int | None, today: dt.date) -> None:
    if year is not None and not EARLIEST_BIRTH_YEAR <= year <= today.year:
        raise InvalidField(
            "birth_year", _("must be between %(EARLIEST_BIRTH_YEAR)s and %(year)s") % {
                "EARLIEST_BIRTH_YEAR": EARLIEST_BIRTH_YEAR, "year": today.year}
        )
    if month is not None and year is None:
        raise InvalidField("birth_month", _("needs a year of birth"))
    if month is not None and not 1 <= month <= 12:
        raise InvalidField("birth_month", _("must be between 1 and 12"))
    if day is None:
        return
    if month is None or year is None:
        raise InvalidField("birth_day", _("needs a month of birth"))
    try:
        born = dt.date(year, month, day)
    except ValueError:
        raise InvalidField(
            "birth_day",
            _("%(year)s-%(month)s has no day %(day)s") % {
                "year": format(year, '04d'), "month": format(month, '02d'), "day": day}
        ) from None
    if born > today:
        raise InvalidField("birth_day", _("%(born)s is in the future") % {"born": born.isoformat()})
