"""The one filter definition for the review queue page and the candidates API."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from homeward.matching.choices import Band, Job, Verdict

BANDS = {Band.HIGH: Q(match_probability__gte=0.95),
         Band.MIDDLE: Q(match_probability__gte=0.8, match_probability__lt=0.95),
         Band.LOW: Q(match_probability__lt=0.8)}
STATES = ("open", "decided", "all")


@dataclass(frozen=True)
class CandidateFilter:
    """What a reviewer asked to see; unknown or malformed values fall back to the default, never an error."""

    job: str = ""
    run: str = ""
    state: str = "open"
    verdict: str = ""
    band: str = ""
    declaration: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> CandidateFilter:
        def get(name: str) -> str:
            return str(params.get(name, "") or "").strip()

        return cls(job=get("job") if get("job") in Job.values else "",
                   run=get("run") if _is_uuid(get("run")) else "",
                   state=get("state") if get("state") in STATES else "open",
                   verdict=get("verdict") if get("verdict") in Verdict.values else "",
                   band=get("band") if get("band") in Band.values else "",
                   declaration=get("declaration") if _is_uuid(get("declaration")) else "")

    def apply(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Narrow an already-scoped queryset of candidates; it never widens what the user may see."""
        condition = Q()
        if self.job:
            condition &= Q(run__job=self.job)
        if self.run:
            condition &= Q(run__public_id=self.run)
        if self.state == "open":
            condition &= Q(verdict="", superseded=False)
        elif self.state == "decided":
            condition &= ~Q(verdict="")
        if self.verdict:
            condition &= Q(verdict=self.verdict)
        if self.band:
            condition &= BANDS[Band(self.band)]
        if self.declaration:
            condition &= Q(left__public_id=self.declaration) | Q(right__public_id=self.declaration)
        return queryset.filter(condition)

    def as_params(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
