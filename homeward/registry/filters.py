"""The one filter definition for the registry list page, its exports and the API."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Q, QuerySet

from homeward.registry.choices import DeclarationKind, LegalStatus
from homeward_core.names.script import search_key


@dataclass(frozen=True)
class DeclarationFilter:
    """What a user asked to see; unknown or malformed values are ignored, never an error page."""

    q: str = ""
    kind: str = ""
    legal_status: str = ""
    party: str = ""
    seriously_wounded: bool | None = None
    ill: bool | None = None
    captured_before: dt.date | None = None
    captured_after: dt.date | None = None
    born_after_year: int | None = None
    born_before_year: int | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> DeclarationFilter:
        def get(name: str) -> str:
            return str(params.get(name, "") or "").strip()

        return cls(
            q=get("q")[:200],
            kind=get("kind") if get("kind") in DeclarationKind.values else "",
            legal_status=get("legal_status") if get("legal_status") in LegalStatus.values else "",
            party=get("party") if _is_uuid(get("party")) else "",
            seriously_wounded=_bool(get("seriously_wounded")),
            ill=_bool(get("ill")),
            captured_before=_date(get("captured_before")),
            captured_after=_date(get("captured_after")),
            born_after_year=_year(get("born_after_year")),
            born_before_year=_year(get("born_before_year")),
        )

    def apply(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Narrow an already-scoped queryset; it never widens what the user may see."""
        condition = Q()
        for term in search_key(self.q).split():
            condition &= Q(search_text__contains=term)
        if self.kind:
            condition &= Q(kind=self.kind)
        if self.legal_status:
            condition &= Q(legal_status=self.legal_status)
        if self.party:
            condition &= Q(party__public_id=self.party)
        if self.seriously_wounded is not None:
            condition &= Q(seriously_wounded=self.seriously_wounded)
        if self.ill is not None:
            condition &= Q(ill=self.ill)
        if self.captured_before:
            condition &= Q(captured_on__lt=self.captured_before)
        if self.captured_after:
            condition &= Q(captured_on__gte=self.captured_after)
        if self.born_after_year:
            condition &= Q(birth_year__gte=self.born_after_year)
        if self.born_before_year:
            condition &= Q(birth_year__lte=self.born_before_year)
        return queryset.filter(condition)

    def as_params(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value not in (None, ""):
                out[field.name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return out


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _bool(value: str) -> bool | None:
    return {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}.get(value.lower())


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() and 1900 <= int(value) <= 2100 else None
