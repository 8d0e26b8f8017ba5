"""Who may start reconciliation runs and decide candidates: pure functions of the actor and the record.

DESIGN.md's roles: the mediator runs reconciliation and sees both sides; a
party's operators review matches for their own party.

- The mediator's coordinators and operators start any run. A party's
  coordinators and operators may start a duplicates run over their own lists.
- Only the mediator's coordinators set an auto-accept threshold.
- Coordinators and operators decide candidates they can see (the mediator's
  any; a party's only those involving its own records). Once an
  organisation has decided a candidate, only it or the mediator changes that.
- Auditors and read-only users read; observers and medical services see none of this.
"""

from __future__ import annotations

from typing import Any

from homeward.accounts.choices import Role
from homeward.accounts.scoping import EDITOR_ROLES, Actor
from homeward.matching.choices import Job


def may_start(actor: Actor, job: str, left_party_id: int | None) -> bool:
    if actor.role not in EDITOR_ROLES:
        return False
    if actor.is_mediator:
        return True
    return actor.is_party and job == Job.DUPLICATES and left_party_id == actor.organisation.pk


def may_start_any(actor: Actor) -> bool:
    return actor.role in EDITOR_ROLES and (actor.is_mediator or actor.is_party)


def may_set_auto_accept(actor: Actor) -> bool:
    return actor.is_mediator and actor.role == Role.COORDINATOR


def may_decide(actor: Actor, candidate: Any) -> bool:
    """Whether the actor may record a decision on a candidate it can already see."""
    if actor.role not in EDITOR_ROLES or not (actor.is_mediator or actor.is_party):
        return False
    decided_by = candidate.decided_by_organisation_id
    return actor.is_mediator or decided_by is None or decided_by == actor.organisation.pk
