"""The demo's exchange preparation and phase plans, through the real services.

Each party shares its list of the people it holds with the other party; the
other party confirms most identities (the rest are still being checked); a
few people are held back for proceedings. Then the agreement's first two
phases are planned (the first adjusted), approved by all three organisations
(frozen) and taken to the border one after the other; the third is proposed,
the fourth is a draft.
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
DONE_PHASES = 2  # taken to the border before the demo's today


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


def phase_plans(agreement: Any, users: dict[str, Any], say: Callable[[str], None],
                at_the_border: Callable[[Any], None]) -> None:
    """Phases 1 and 2 approved and handed over in turn; phase 3 proposed; phase 4 a draft."""
    mediator = users["mediator"]
    for index in range(DONE_PHASES):
        say(f"planning phase {index + 1}; approval by all three")
        plan = planning.plan_draft(agreement=agreement, phase_index=index, acting_user=mediator)
        waiting = plan.entries.filter(eligible=True, selected=False).order_by("id").first()
        if index == 0 and waiting is not None:
            plan = planning.plan_adjust(plan=plan, declaration=waiting.declaration, kind="lock",
                                        note="family reunification case raised at the talks", acting_user=mediator)
        plan = planning.plan_propose(plan=plan, acting_user=mediator)
        for approver in ("a.coordinator", "b.coordinator", "mediator"):
            plan = planning.plan_approve(plan=plan, acting_user=users[approver])
        at_the_border(plan)
    say(f"planning phase {DONE_PHASES + 1} (proposed) and phase {DONE_PHASES + 2} (draft)")
    planning.plan_propose(plan=planning.plan_draft(agreement=agreement, phase_index=DONE_PHASES,
                                                   acting_user=mediator), acting_user=mediator)
    planning.plan_draft(agreement=agreement, phase_index=DONE_PHASES + 1, acting_user=mediator)
