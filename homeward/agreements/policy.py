"""Who may write what about talks and agreements: the mediator records, the parties table and decide.

Pure functions of the actor and the record, used by the services (which refuse)
and by the pages (which offer a form only to those the service would accept).
"""

from __future__ import annotations

from typing import Any

from homeward.accounts.choices import Role
from homeward.accounts.scoping import Actor
from homeward.agreements.choices import ProposalState


def _coordinator_of(actor: Actor, organisation_id: int) -> bool:
    return actor.role == Role.COORDINATOR and actor.organisation.pk == organisation_id


def may_record_talks(actor: Actor) -> bool:
    return actor.is_mediator and actor.role == Role.COORDINATOR


def chairs(actor: Actor, record: Any) -> bool:
    """The coordinator of the mediator of these talks or this agreement."""
    return _coordinator_of(actor, record.mediator_id)


def may_table(actor: Actor, talks: Any) -> bool:
    """A party's coordinator tables proposals for its own party, at talks it takes part in."""
    return actor.is_party and actor.organisation.pk in (talks.party_a_id, talks.party_b_id) and (
        actor.role == Role.COORDINATOR
    )


def may_decide(actor: Actor, proposal: Any, state: str) -> bool:
    """The other side accepts or rejects; only the proposing party withdraws its own proposal."""
    talks = proposal.talks
    if state == ProposalState.WITHDRAWN:
        return _coordinator_of(actor, proposal.proposed_by_id)
    other = talks.party_b_id if proposal.proposed_by_id == talks.party_a_id else talks.party_a_id
    return _coordinator_of(actor, other)


def may_sign(actor: Actor, agreement: Any) -> bool:
    """The coordinators of party A, party B and the mediator of this agreement, each for their organisation."""
    signatories = (agreement.party_a_id, agreement.party_b_id, agreement.mediator_id)
    return actor.role == Role.COORDINATOR and actor.organisation.pk in signatories
