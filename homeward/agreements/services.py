"""Audited writes about talks, proposals and agreements.

The mediator's coordinator records talks, agreements and their terms
versions; a party's coordinator tables its own proposals and decides on the
other side's; the three coordinators of an agreement sign it. Every write
appends its audit entry in the same transaction; a terms version is never
changed once made, a change is a new version.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.models import Organisation
from homeward.accounts.scoping import NotAllowed, require_actor
from homeward.agreements import policy
from homeward.agreements.choices import AgreementState, ProposalState
from homeward.agreements.errors import (  # noqa: F401 (re-exported for views and the API)
    AgreementConflict,
    AgreementError,
    InvalidField,
    InvalidTerms,
)
from homeward.agreements.models import Agreement, AgreementVersion, Proposal, Signature, Talks
from homeward.audit import services as audit
from homeward.audit.guard import audited_service
from homeward_core.eligibility import TermsError, parse_terms

# From each state, where an agreement may go; "completed" is final.
TRANSITIONS = {
    AgreementState.DRAFT: {AgreementState.IN_FORCE},
    AgreementState.IN_FORCE: {AgreementState.SUSPENDED, AgreementState.COMPLETED},
    AgreementState.SUSPENDED: {AgreementState.IN_FORCE, AgreementState.COMPLETED},
    AgreementState.COMPLETED: set(),
}
DECISIONS = (ProposalState.ACCEPTED, ProposalState.REJECTED, ProposalState.WITHDRAWN)


def _text(field: str, value: str, max_length: int | None = None, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidField(field, _("this is required"))
    if max_length is not None and len(value) > max_length:
        raise InvalidField(field, _("at most %(max_length)s characters") % {"max_length": max_length})
    return value


def _not_in_future(field: str, day: dt.date) -> dt.date:
    if day > timezone.localdate():
        raise InvalidField(field, _("a date in the future"))
    return day


def _check_parties(party_a: Organisation, party_b: Organisation) -> None:
    for field, party in (("party_a", party_a), ("party_b", party_b)):
        if not party.is_party:
            raise InvalidField(
                field, _("%(short_name)s is not a party to the conflict") % {"short_name": party.short_name}
            )
    if party_a.pk == party_b.pk:
        raise InvalidField("party_b", _("the two parties must be different organisations"))


def _talks_state(talks: Talks) -> dict[str, Any]:
    return {
        "title": talks.title, "held_on": talks.held_on, "venue": talks.venue,
        "mediator": str(talks.mediator.public_id), "party_a": str(talks.party_a.public_id),
        "party_b": str(talks.party_b.public_id), "delegation_a": talks.delegation_a,
        "delegation_b": talks.delegation_b, "summary": talks.summary,
    }


@audited_service
def talks_record(
    *, title: str, held_on: dt.date, venue: str, party_a: Organisation, party_b: Organisation,
    delegation_a: str = "", delegation_b: str = "", summary: str = "", acting_user: Any,
) -> Talks:
    """The mediator records a round of talks it hosted between the two parties."""
    actor = require_actor(acting_user)
    if not policy.may_record_talks(actor):
        raise NotAllowed(_("Only the mediator's coordinator records talks."))
    _check_parties(party_a, party_b)
    talks = Talks.objects.create(
        title=_text("title", title, 200), held_on=held_on, venue=_text("venue", venue, 200),
        mediator=actor.organisation, party_a=party_a, party_b=party_b,
        delegation_a=_text("delegation_a", delegation_a, required=False),
        delegation_b=_text("delegation_b", delegation_b, required=False),
        summary=_text("summary", summary, required=False), created_at=timezone.now(), created_by=acting_user,
    )
    audit.record(acting_user=acting_user, action="agreements.talks.record", object_type="talks",
                 object_id=talks.public_id, after=_talks_state(talks))
    return talks


@audited_service
def proposal_table(
    *, talks: Talks, proposed_by: Organisation, title: str, text: str, acting_user: Any,
) -> Proposal:
    """A party puts a proposal on the table at talks it takes part in, in its own name."""
    actor = require_actor(acting_user)
    if not policy.may_table(actor, talks) or proposed_by.pk != actor.organisation.pk:
        raise NotAllowed(_("A party's coordinator tables proposals for its own party only."))
    proposal = Proposal.objects.create(
        talks=talks, proposed_by=proposed_by, title=_text("title", title, 200), text=_text("text", text),
        created_at=timezone.now(), created_by=acting_user,
    )
    audit.record(
        acting_user=acting_user, action="agreements.proposal.table", object_type="proposal",
        object_id=proposal.public_id,
        after={"talks": str(talks.public_id), "proposed_by": str(proposed_by.public_id),
               "title": proposal.title, "text": proposal.text},
    )
    return proposal


def _check_decision(proposal: Proposal, state: str, response: str, decided_on: dt.date) -> str:
    response = _text("response", response, required=state == ProposalState.REJECTED)
    _not_in_future("decided_on", decided_on)
    if decided_on < proposal.talks.held_on:
        raise InvalidField("decided_on", _("before the talks were held"))
    return response


@audited_service
def proposal_decide(
    *, proposal: Proposal, state: str, response: str = "", decided_on: dt.date, acting_user: Any,
) -> Proposal:
    """The other side accepts or rejects a tabled proposal (a rejection says why); its author may withdraw it."""
    actor = require_actor(acting_user)
    if state not in DECISIONS:
        raise InvalidField("state", _("accepted, rejected or withdrawn"))
    if not policy.may_decide(actor, proposal, state):
        raise NotAllowed(
            _("The other party's coordinator accepts or rejects a proposal; only the proposing party's "
              "coordinator withdraws it.")
        )
    response = _check_decision(proposal, state, response, decided_on)
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if current.state != ProposalState.TABLED:
        raise AgreementConflict(
            _("This proposal was already %(state)s on %(decided_on)s.") % {
                "state": current.get_state_display().lower(), "decided_on": current.decided_on}
        )
    current.state, current.response, current.decided_on = state, response, decided_on
    current.save(update_fields=["state", "response", "decided_on"])
    audit.record(
        acting_user=acting_user, action=f"agreements.proposal.{state}", object_type="proposal",
        object_id=current.public_id, before={"state": ProposalState.TABLED},
        after={"state": state, "response": response, "decided_on": decided_on},
    )
    return current


def _parsed_terms(terms: Any) -> dict[str, Any]:
    """The terms document as stored: parsed JSON that homeward_core accepts, else InvalidTerms."""
    if isinstance(terms, str | bytes):
        try:
            terms = json.loads(terms)
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidTerms("", _("not JSON: %(error)s") % {"error": error}) from None
        except RecursionError:
            raise InvalidTerms("", _("nested too deeply")) from None
    try:
        parse_terms(terms)
    except TermsError as error:
        raise InvalidTerms(error.path, error.message) from None
    return dict(terms)


def _new_version(agreement: Agreement, number: int, terms: dict[str, Any], note: str, user: Any) -> AgreementVersion:
    version = AgreementVersion.objects.create(
        agreement=agreement, number=number, terms=terms, note=note, created_at=timezone.now(), created_by=user,
    )
    audit.record(
        acting_user=user, action="agreements.version.add", object_type="agreement_version",
        object_id=version.public_id,
        after={"agreement": str(agreement.public_id), "number": number, "terms": terms, "note": note},
    )
    return version


def _check_proposals(talks: Talks, proposals: Iterable[Proposal]) -> list[Proposal]:
    # As stored now, not as the caller's copies say: a proposal may have been decided since they were read.
    chosen = list(Proposal.objects.filter(pk__in=[p.pk for p in proposals]))
    for proposal in chosen:
        if proposal.talks_id != talks.pk:
            raise InvalidField("proposals", _("“%(title)s” was not made at these talks") % {"title": proposal.title})
        if proposal.state != ProposalState.ACCEPTED:
            raise InvalidField("proposals", _("“%(title)s” was not accepted") % {"title": proposal.title})
    return chosen


@audited_service
def agreement_create(
    *, talks: Talks, proposals: Iterable[Proposal] = (), title: str, terms: Any, note: str = "",
    concluded_on: dt.date | None = None, acting_user: Any,
) -> Agreement:
    """The agreement the talks reached, from the accepted proposals it came from, with terms version 1."""
    actor = require_actor(acting_user)
    if not policy.chairs(actor, talks):
        raise NotAllowed(_("Only the coordinator of the talks' mediator records the agreement they reached."))
    chosen = _check_proposals(talks, proposals)
    document = _parsed_terms(terms)
    if concluded_on is not None:
        _not_in_future("concluded_on", concluded_on)
    agreement = Agreement.objects.create(
        title=_text("title", title, 200), talks=talks, party_a_id=talks.party_a_id, party_b_id=talks.party_b_id,
        mediator_id=talks.mediator_id, concluded_on=concluded_on, created_at=timezone.now(),
        created_by=acting_user,
    )
    agreement.proposals.set(chosen)
    audit.record(
        acting_user=acting_user, action="agreements.agreement.create", object_type="agreement",
        object_id=agreement.public_id,
        after={"title": agreement.title, "talks": str(talks.public_id), "concluded_on": concluded_on,
               "proposals": sorted(str(p.public_id) for p in chosen)},
    )
    _new_version(agreement, 1, document, _text("note", note, required=False), acting_user)
    return agreement


@audited_service
def agreement_version_add(*, agreement: Agreement, terms: Any, note: str, acting_user: Any) -> AgreementVersion:
    """A new version of the terms, saying what changed and why; earlier versions stay as they were."""
    if not policy.chairs(require_actor(acting_user), agreement):
        raise NotAllowed(_("Only the coordinator of the agreement's mediator adds terms versions."))
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)  # one numbering at a time
    if locked.state == AgreementState.COMPLETED:
        raise AgreementConflict(_("A completed agreement is not amended."))
    note = _text("note", note)
    document = _parsed_terms(terms)
    current = locked.current_version()
    if current is not None and current.terms == document:
        raise InvalidField("terms", _("the same as version %(number)s; nothing to add") % {"number": current.number})
    return _new_version(locked, (current.number if current else 0) + 1, document, note, acting_user)


def signatories(agreement: Agreement) -> list[Organisation]:
    """Who signs every version: party A, party B, the mediator."""
    return [agreement.party_a, agreement.party_b, agreement.mediator]


def unsigned_by(version: AgreementVersion) -> list[Organisation]:
    """The signatories who have not signed this version yet, in signing order."""
    signed = {signature.organisation_id for signature in version.signatures.all()}
    return [org for org in signatories(version.agreement) if org.pk not in signed]


def _check_signable(agreement: Agreement, version: AgreementVersion, organisation: Organisation) -> None:
    if agreement.state == AgreementState.COMPLETED:
        raise AgreementConflict(_("A completed agreement is not signed any more."))
    current = agreement.current_version()
    if current is not None and current.pk != version.pk:
        raise AgreementConflict(
            _("Version %(number)s was superseded by version %(number2)s; sign the current version.") % {
                "number": version.number, "number2": current.number}
        )
    if version.signatures.filter(organisation=organisation).exists():
        raise AgreementConflict(
            _("%(short_name)s has already signed version %(number)s.") % {
                "short_name": organisation.short_name, "number": version.number}
        )


@audited_service
def agreement_sign(
    *, version: AgreementVersion, signed_on: dt.date | None = None, acting_user: Any,
) -> Signature:
    """One organisation's signature of the current terms version, by its coordinator; once per organisation."""
    actor = require_actor(acting_user)
    if not policy.may_sign(actor, version.agreement):
        raise NotAllowed(_("Only the coordinators of party A, party B and the mediator of this agreement sign it."))
    # As stored now (locked, so signatures and new versions queue), not as the caller's copy says.
    agreement = Agreement.objects.select_for_update().get(pk=version.agreement_id)
    _check_signable(agreement, version, actor.organisation)
    signed_on = _not_in_future("signed_on", signed_on or timezone.localdate())
    try:
        with transaction.atomic():  # a savepoint: a concurrent second signature is refused, not a crash
            signature = Signature.objects.create(
                version=version, organisation=actor.organisation, signed_on=signed_on, signed_by=acting_user,
                recorded_at=timezone.now(),
            )
    except IntegrityError:
        raise AgreementConflict(
            _("%(short_name)s has already signed this version.") % {
                "short_name": actor.organisation.short_name}
        ) from None
    audit.record(
        acting_user=acting_user, action="agreements.version.sign", object_type="agreement_version",
        object_id=version.public_id,
        after={"organisation": str(actor.organisation.public_id), "signed_on": signed_on,
               "terms": version.terms},
    )
    return signature


def _check_transition(agreement: Agreement, state: str) -> None:
    if state not in AgreementState.values:
        raise InvalidField("state", _("one of %(values)s") % {"values": ', '.join(AgreementState.values)})
    if state not in TRANSITIONS[AgreementState(agreement.state)]:
        raise AgreementConflict(
            _("An agreement that is %(state)s cannot become %(new_state)s.") % {
                "state": agreement.get_state_display().lower(), "new_state": AgreementState(state).label.lower()}
        )
    if state == AgreementState.IN_FORCE:
        version = agreement.current_version()
        missing = unsigned_by(version) if version is not None else signatories(agreement)
        if missing:
            names = ", ".join(org.short_name for org in missing)
            raise AgreementConflict(
                _("Not in force before the current terms are signed by all three; still to sign: %(names)s.") % {
                    "names": names}
            )


@audited_service
def agreement_set_state(*, agreement: Agreement, state: str, acting_user: Any) -> Agreement:
    """In force (once all three have signed the current version), suspended, completed."""
    if not policy.chairs(require_actor(acting_user), agreement):
        raise NotAllowed(_("Only the coordinator of the agreement's mediator changes its state."))
    locked = Agreement.objects.select_for_update().select_related("party_a", "party_b", "mediator").get(
        pk=agreement.pk)
    _check_transition(locked, state)
    before = locked.state
    locked.state = state
    locked.save(update_fields=["state"])
    audit.record(acting_user=acting_user, action="agreements.agreement.state", object_type="agreement",
                 object_id=locked.public_id, before={"state": before}, after={"state": state})
    return locked
