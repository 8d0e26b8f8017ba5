"""The demo's exchange preparation and phase plans, through the real services.

Each party shares its list of the people it holds with the other party; the
other party confirms most identities (the rest are still being checked); a
few people are held back for proceedings. Then the agreement's first phase is
planned, adjusted and approved by all three organisations (frozen), the
second is proposed, the third is a draft.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from homeward.accounts.models import Organisation
from homeward.planning import services as planning
from homeward.registry import services as registry
from homeward.registry.models import Declaration

CONFIRMED_SHARE = 0.93  # of each list, identities the other side has confirmed by the June talks
PROCEEDINGS_SHARE = 0.01


def _fraction(text: str) -> float:
    """A stable pseudo-random number in [0, 1) from a record's reference: the demo is the same every time."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 0x1_0000_0000


def exchange_lists(orgs: dict[str, Organisation], users: dict[str, Any], say: Callable[[str], None]) -> None:
    operator = {"A": users["a.operator"], "B": users["b.operator"]}
    for side, other in (("A", "B"), ("B", "A")):
        held = list(Declaration.objects.filter(party=orgs[side], kind="held").order_by("pk"))
        say(f"party {side} shares its list of {len(held)} people held with party {other}")
        registry.declarations_share_list(declarations=held, organisation=orgs[other],
                                         purpose="exchange list, June talks", acting_user=operator[side])
        confirmed = [d for d in held if _fraction(f"confirm-{d.external_ref}") < CONFIRMED_SHARE]
        registry.identities_confirm_list(declarations=confirmed, basis="matched to our list of the missing",
                                         acting_user=operator[other])
        for declaration in held:
            if _fraction(f"court-{declaration.external_ref}") < PROCEEDINGS_SHARE:
                registry.custody_event_record(
                    declaration=declaration, kind="proceedings", occurred_on=declaration.captured_on,
                    place="Regional court (demo)", note="Held back for trial (demo).", acting_user=operator[side])


def phase_plans(agreement: Any, users: dict[str, Any], say: Callable[[str], None]) -> None:
    mediator = users["mediator"]
    say("planning phase 1; locking in one person, then approval by all three")
    first = planning.plan_draft(agreement=agreement, phase_index=0, acting_user=mediator)
    waiting = first.entries.filter(eligible=True, selected=False).order_by("id").first()
    if waiting is not None:
        first = planning.plan_adjust(plan=first, declaration=waiting.declaration, kind="lock",
                                     note="family reunification case raised at the talks", acting_user=mediator)
    first = planning.plan_propose(plan=first, acting_user=mediator)
    for approver in ("a.coordinator", "b.coordinator", "mediator"):
        first = planning.plan_approve(plan=first, acting_user=users[approver])
    say("planning phase 2 (proposed) and phase 3 (draft)")
    planning.plan_propose(plan=planning.plan_draft(agreement=agreement, phase_index=1, acting_user=mediator),
                          acting_user=mediator)
    planning.plan_draft(agreement=agreement, phase_index=2, acting_user=mediator)
