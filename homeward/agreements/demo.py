"""The demo's June talks, their proposals and the agreement, written through the same services people use.

Shaped like the seed story: talks on 2 June hosted by the mediator; party A's
exchange proposal (at least 1,000 prisoners of war each, the seriously wounded,
the ill and those under 25 first) and party B's remains proposal accepted, a
ceasefire proposal rejected; the agreement's terms signed by all three and in
force. Everything here is fictional; delegations are given by title only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from homeward.agreements import services
from homeward.agreements.choices import AgreementState, ProposalState
from homeward.agreements.models import Agreement

TALKS_DAY = dt.date(2025, 6, 2)

TERMS_V1: dict[str, Any] = {
    "format": "homeward-terms/1",
    "title": "Exchange of prisoners of war and repatriation of remains agreed at Istanbul, 2 June 2025",
    "statuses": ["pow"],
    "eligible": {"any": [{"category": "seriously_wounded"}, {"category": "ill"}, {"category": "under_25"}]},
    "quota": {"at_least": 1000},
    "parity": {"regime": "head_count"},
    "remains": {"at_least_per_side": 6000, "transfers": 4},
    "phases": [
        {"name": "Day 1", "date": "2025-06-09", "capacity": 390},
        {"name": "Day 2", "date": "2025-06-10", "capacity": 307},
        {"name": "Day 3", "date": "2025-06-11", "capacity": 303},
        {"name": "Day 4", "date": "2025-06-14", "capacity": 300},
    ],
    "priorities": ["count", "seriously_wounded", "ill", "under_25", "days_held"],
}

PROPOSALS = (
    # (proposing side, title, text, decision, deciding side, response)
    ("A", "Exchange of prisoners of war", "Each side releases at least 1,000 prisoners of war, all for all within "
     "the categories, the seriously wounded, the ill and those under 25 first.", ProposalState.ACCEPTED, "B",
     "Accepted, with the exchange in phases of a few hundred people a day."),
    ("B", "Repatriation of remains", "Each side hands over the remains of at least 6,000 dead servicemen, in "
     "several transfers.", ProposalState.ACCEPTED, "A", "Accepted; identification to follow on each side."),
    ("A", "Ceasefire of at least 30 days", "An unconditional ceasefire of at least 30 days on land, at sea and in "
     "the air, monitored by the mediator.", ProposalState.REJECTED, "B",
     "Rejected: a ceasefire is not on the agenda of this round; the delegation proposes to discuss it after "
     "the exchanges."),
)


def _talks(orgs: Mapping[str, Any], mediator: Any) -> Any:
    return services.talks_record(
        title="Talks at Istanbul, 2 June 2025", held_on=TALKS_DAY, venue="Çırağan Palace, Istanbul (demo)",
        party_a=orgs["A"], party_b=orgs["B"],
        delegation_a="Head of delegation: Minister of Defence of Northland; deputy head: head of the "
                     "Coordination Headquarters; advisers from the General Staff and the intelligence service.",
        delegation_b="Head of delegation: Presidential aide of Southland; deputy head: deputy minister of "
                     "defence; advisers from the General Staff and the foreign ministry.",
        summary="Second round of direct talks, hosted by the mediator. Humanitarian exchanges agreed; "
                "a ceasefire was proposed and rejected.",
        acting_user=mediator,
    )


def _proposals(talks: Any, orgs: Mapping[str, Any], coordinators: Mapping[str, Any]) -> list[Any]:
    accepted = []
    for side, title, text, decision, decider, response in PROPOSALS:
        proposal = services.proposal_table(talks=talks, proposed_by=orgs[side], title=title, text=text,
                                           acting_user=coordinators[side])
        proposal = services.proposal_decide(proposal=proposal, state=decision, response=response,
                                            decided_on=TALKS_DAY, acting_user=coordinators[decider])
        if decision == ProposalState.ACCEPTED:
            accepted.append(proposal)
    return accepted


def load_agreements(*, orgs: Mapping[str, Any], users: Mapping[str, Any], say: Callable[[str], None]) -> Agreement:
    """Talks, proposals and the signed agreement in force; ``orgs`` and ``users`` as the registry demo keys them."""
    say("recording the June talks, their proposals and the agreement")
    coordinators = {"A": users["a.coordinator"], "B": users["b.coordinator"], "M": users["mediator"]}
    talks = _talks(orgs, coordinators["M"])
    agreement = services.agreement_create(
        talks=talks, proposals=_proposals(talks, orgs, coordinators),
        title="Istanbul agreement of 2 June 2025: prisoners of war and remains", terms=TERMS_V1,
        note="As agreed at the talks.", concluded_on=TALKS_DAY, acting_user=coordinators["M"],
    )
    version = agreement.current_version()
    for key in ("A", "B", "M"):
        services.agreement_sign(version=version, signed_on=TALKS_DAY, acting_user=coordinators[key])
    return services.agreement_set_state(agreement=agreement, state=AgreementState.IN_FORCE,
                                        acting_user=coordinators["M"])
