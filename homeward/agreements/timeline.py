"""The negotiations as one timeline: talks, proposals and what became of them, agreements, versions, signatures.

Built from a fixed handful of queries through the scoping layer, whatever the
number of rows, so the list page's cost does not grow with the history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.scoping import agreement_versions_for, agreements_for, proposals_for, talks_for
from homeward.agreements.models import Signature

SHOW = ("all", "talks", "agreements")
# Same-day events in the order they happen: talks, then proposals, the agreement, its terms, signatures.
ORDER = {"talks": 0, "tabled": 1, "accepted": 2, "rejected": 2, "withdrawn": 2, "agreement": 3, "version": 4,
         "signature": 5}


@dataclass(frozen=True)
class Event:
    day: dt.date
    kind: str
    label: str
    title: str
    detail: str
    url: str

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        return (self.day, ORDER[self.kind])


def _talks_events(user: Any) -> list[Event]:
    events = [
        Event(t.held_on, "talks", _("Talks"), t.title,
              _("%(venue)s · hosted by %(mediator)s") % {"venue": t.venue, "mediator": t.mediator.short_name},
              reverse("agreements:talks", args=[t.public_id]))
        for t in talks_for(user).select_related("mediator")
    ]
    for p in proposals_for(user).select_related("talks", "proposed_by"):
        url = reverse("agreements:talks", args=[p.talks.public_id]) + f"#proposal-{p.public_id}"
        title = f"{p.proposed_by.short_name}: {p.title}"
        events.append(Event(p.talks.held_on, "tabled", _("Proposal tabled"), title, p.text, url))
        if p.decided_on is not None:
            label = _("Proposal %(state)s") % {"state": p.get_state_display().lower()}
            events.append(Event(p.decided_on, p.state, label, title, p.response, url))
    return events


def _version_day(version: Any, concluded_on: dt.date | None, first_signed: dt.date | None) -> dt.date:
    """When a version was made: when recorded, or earlier when it was concluded or signed before it was recorded."""
    days = [timezone.localdate(version.created_at), first_signed]
    if version.number == 1:
        days.append(concluded_on)  # version 1 is the terms as concluded
    return min(day for day in days if day is not None)


def _agreement_events(user: Any) -> list[Event]:
    events, concluded = [], {}
    for a in agreements_for(user):
        concluded[a.pk] = a.concluded_on
        day = a.concluded_on or timezone.localdate(a.created_at)
        events.append(Event(day, "agreement", _("Agreement"), a.title, a.get_state_display(),
                            reverse("agreements:detail", args=[a.public_id])))
    versions = agreement_versions_for(user).defer("terms").select_related("agreement")
    signatures = list(Signature.objects.filter(version__in=versions.values("pk"))
                      .select_related("organisation", "version__agreement").defer("version__terms"))
    first_signed: dict[int, dt.date] = {}
    for s in signatures:
        first_signed[s.version_id] = min(s.signed_on, first_signed.get(s.version_id, s.signed_on))
        url = reverse("agreements:detail", args=[s.version.agreement.public_id]) + "#signatures"
        label = _("Signed by %(organisation)s") % {"organisation": s.organisation.short_name}
        detail = _("terms version %(number)s") % {"number": s.version.number}
        events.append(Event(s.signed_on, "signature", label, s.version.agreement.title, detail, url))
    for v in versions:
        url = reverse("agreements:detail", args=[v.agreement.public_id]) + f"?version={v.number}"
        day = _version_day(v, concluded.get(v.agreement_id), first_signed.get(v.pk))
        label = _("Terms version %(number)s") % {"number": v.number}
        events.append(Event(day, "version", label, v.agreement.title, v.note, url))
    return events


def timeline(user: Any, show: str = "all") -> list[Event]:
    """Every event the user may see, oldest first; ``show`` narrows to talks or to agreements."""
    events = []
    if show in ("all", "talks"):
        events += _talks_events(user)
    if show in ("all", "agreements"):
        events += _agreement_events(user)
    return sorted(events, key=lambda event: event.sort_key)
