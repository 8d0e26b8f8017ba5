"""Who may write what about remains: pure functions of the actor and the record.

Used by the services (which refuse) and by the pages (which offer a form only
to those the service would accept).

- A party's coordinators and operators announce transfers of the remains it
  sends, and count those it receives (recording any discrepancy).
- The receiving party's forensic staff record identifications: its
  coordinators and operators, and its medical officers.
- The party the remains go back to confirms that a return is complete.
- The mediator reads everything of its agreements and writes nothing here.
"""

from __future__ import annotations

from typing import Any

from homeward.accounts.choices import Role
from homeward.accounts.scoping import EDITOR_ROLES, Actor

FORENSIC_ROLES = EDITOR_ROLES | {Role.MEDICAL_OFFICER}


def _editor_of(actor: Actor, organisation_id: int) -> bool:
    return actor.is_party and actor.organisation.pk == organisation_id and actor.role in EDITOR_ROLES


def may_announce(actor: Actor, agreement: Any) -> bool:
    """A coordinator or operator of either party to the agreement, for the remains its party sends."""
    return actor.is_party and actor.role in EDITOR_ROLES and agreement.side_of(actor.organisation.pk) is not None


def may_receive(actor: Actor, transfer: Any) -> bool:
    return _editor_of(actor, transfer.receiver_id)


def may_identify(actor: Actor, receiving_party_id: int) -> bool:
    return actor.is_party and actor.organisation.pk == receiving_party_id and actor.role in FORENSIC_ROLES


def may_complete_return(actor: Actor, remains_return: Any) -> bool:
    return _editor_of(actor, remains_return.to_party_id)
