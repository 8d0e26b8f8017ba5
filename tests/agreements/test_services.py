"""The audited services: who may write what, what they refuse, and the audit entry of each write."""

import datetime as dt

import pytest

from homeward.accounts.scoping import NotAllowed
from homeward.agreements import services
from homeward.agreements.choices import AgreementState, ProposalState
from homeward.agreements.models import AgreementVersion
from homeward.audit.models import AuditEntry
from tests.agreements.conftest import TALKS_DAY, terms


def _record_talks(world, user, **changes):
    values = {"title": "Talks", "held_on": TALKS_DAY, "venue": "Istanbul", "party_a": world.party_a,
              "party_b": world.party_b, "acting_user": user}
    values.update(changes)
    return services.talks_record(**values)


def test_the_mediators_coordinator_records_talks_with_an_audit_entry(world):
    talks = _record_talks(world, world.mara, delegation_a="Minister of Defence")
    assert talks.mediator == world.mediator and talks.created_by == world.mara
    entry = AuditEntry.objects.get(action="agreements.talks.record")
    assert entry.object_id == talks.public_id and entry.after_digest


@pytest.mark.parametrize("name", ["carol", "alice", "bob", "otto", "medic"])
def test_no_one_else_records_talks(world, name):
    with pytest.raises(NotAllowed):
        _record_talks(world, getattr(world, name))


def test_talks_need_two_different_parties(world):
    with pytest.raises(services.InvalidField) as caught:
        _record_talks(world, world.mara, party_b=world.party_a)
    assert caught.value.field == "party_b"
    with pytest.raises(services.InvalidField) as caught:
        _record_talks(world, world.mara, party_a=world.medical)
    assert caught.value.field == "party_a"
    with pytest.raises(services.InvalidField) as caught:
        _record_talks(world, world.mara, venue=" ")
    assert caught.value.field == "venue"


def test_a_partys_coordinator_tables_a_proposal_for_its_own_party(world, talks, proposal):
    assert proposal.proposed_by == world.party_a and proposal.state == ProposalState.TABLED
    assert AuditEntry.objects.filter(action="agreements.proposal.table", object_id=proposal.public_id).exists()


def test_b_cannot_table_a_proposal_for_a(world, berta, talks):
    with pytest.raises(NotAllowed):
        services.proposal_table(talks=talks, proposed_by=world.party_a, title="x", text="y", acting_user=berta)


@pytest.mark.parametrize("name", ["alice", "bob", "mara", "otto"])
def test_operators_the_mediator_and_observers_do_not_table(world, talks, name):
    user = getattr(world, name)
    with pytest.raises(NotAllowed):
        services.proposal_table(talks=talks, proposed_by=user.membership.organisation, title="x", text="y",
                                acting_user=user)


def test_the_other_side_accepts_with_the_response_and_date(world, berta, proposal):
    decided = services.proposal_decide(proposal=proposal, state="accepted", response="Agreed",
                                       decided_on=TALKS_DAY, acting_user=berta)
    assert (decided.state, decided.response, decided.decided_on) == ("accepted", "Agreed", TALKS_DAY)
    assert AuditEntry.objects.filter(action="agreements.proposal.accepted").exists()


def test_a_party_does_not_accept_its_own_proposal_but_may_withdraw_it(world, berta, proposal):
    with pytest.raises(NotAllowed):
        services.proposal_decide(proposal=proposal, state="accepted", decided_on=TALKS_DAY, acting_user=world.carol)
    with pytest.raises(NotAllowed):
        services.proposal_decide(proposal=proposal, state="withdrawn", decided_on=TALKS_DAY, acting_user=berta)
    withdrawn = services.proposal_decide(proposal=proposal, state="withdrawn", decided_on=TALKS_DAY,
                                         acting_user=world.carol)
    assert withdrawn.state == ProposalState.WITHDRAWN


def test_a_rejection_says_why(world, berta, proposal):
    with pytest.raises(services.InvalidField) as caught:
        services.proposal_decide(proposal=proposal, state="rejected", decided_on=TALKS_DAY, acting_user=berta)
    assert caught.value.field == "response"


def test_a_decision_is_made_once(world, berta, proposal):
    services.proposal_decide(proposal=proposal, state="rejected", response="No", decided_on=TALKS_DAY,
                             acting_user=berta)
    with pytest.raises(services.AgreementConflict):
        services.proposal_decide(proposal=proposal, state="accepted", decided_on=TALKS_DAY, acting_user=berta)


@pytest.mark.parametrize(("state", "day", "field"), [
    ("tabled", TALKS_DAY, "state"),
    ("accepted", TALKS_DAY - dt.timedelta(days=1), "decided_on"),
    ("accepted", dt.date.today() + dt.timedelta(days=2), "decided_on"),
])
def test_a_decision_is_checked(world, berta, proposal, state, day, field):
    with pytest.raises(services.InvalidField) as caught:
        services.proposal_decide(proposal=proposal, state=state, decided_on=day, acting_user=berta)
    assert caught.value.field == field


def test_the_mediator_records_the_agreement_with_terms_version_1(world, draft, proposal):
    version = draft.current_version()
    assert version.number == 1 and version.terms == terms()
    assert (draft.party_a, draft.party_b, draft.mediator) == (world.party_a, world.party_b, world.mediator)
    assert list(draft.proposals.all()) == [proposal] and draft.state == AgreementState.DRAFT
    actions = AuditEntry.objects.values_list("action", flat=True)
    assert {"agreements.agreement.create", "agreements.version.add"} <= set(actions)


def test_an_agreement_comes_from_accepted_proposals_only(world, talks, proposal):
    with pytest.raises(services.InvalidField) as caught:
        services.agreement_create(talks=talks, proposals=[proposal], title="x", terms=terms(),
                                  acting_user=world.mara)
    assert caught.value.field == "proposals"


@pytest.mark.parametrize("name", ["carol", "berta", "otto"])
def test_only_the_mediator_records_an_agreement(world, berta, talks, name):
    user = berta if name == "berta" else getattr(world, name)
    with pytest.raises(NotAllowed):
        services.agreement_create(talks=talks, title="x", terms=terms(), acting_user=user)


def test_terms_that_do_not_parse_are_refused_with_the_path(world, talks):
    with pytest.raises(services.InvalidTerms) as caught:
        services.agreement_create(talks=talks, title="x", terms=terms(quota={"at_least": 10, "at_most": 5}),
                                  acting_user=world.mara)
    assert (caught.value.field, caught.value.path) == ("terms", "quota.a")
    assert "below at_least" in caught.value.message
    with pytest.raises(services.InvalidTerms) as caught:
        services.agreement_create(talks=talks, title="x", terms="{not json", acting_user=world.mara)
    assert "not JSON" in caught.value.message


def test_a_new_version_is_numbered_and_the_old_one_stays_as_it_was(world, draft):
    version = services.agreement_version_add(agreement=draft, terms=terms(quota={"at_least": 1200}),
                                             note="1,200 each", acting_user=world.mara)
    assert version.number == 2 and draft.current_version() == version
    assert AgreementVersion.objects.get(agreement=draft, number=1).terms == terms()


def test_a_new_version_needs_a_note_new_terms_and_the_mediator(world, draft):
    with pytest.raises(services.InvalidField) as caught:
        services.agreement_version_add(agreement=draft, terms=terms(), note="", acting_user=world.mara)
    assert caught.value.field == "note"
    with pytest.raises(services.InvalidField) as caught:
        services.agreement_version_add(agreement=draft, terms=terms(), note="same", acting_user=world.mara)
    assert caught.value.field == "terms" and "the same as version 1" in caught.value.problem
    with pytest.raises(services.InvalidTerms) as caught:
        services.agreement_version_add(agreement=draft, terms=terms(priorities=["count", "officers"]),
                                       note="x", acting_user=world.mara)
    assert caught.value.path == "priorities.1"
    with pytest.raises(NotAllowed):
        services.agreement_version_add(agreement=draft, terms=terms(quota={"at_least": 5}), note="x",
                                       acting_user=world.carol)


def test_the_three_coordinators_sign_once_each(world, berta, draft):
    version = draft.current_version()
    for user in (world.carol, berta, world.mara):
        services.agreement_sign(version=version, signed_on=TALKS_DAY, acting_user=user)
    assert services.unsigned_by(version) == []
    with pytest.raises(services.AgreementConflict):
        services.agreement_sign(version=version, acting_user=world.carol)
    assert AuditEntry.objects.filter(action="agreements.version.sign").count() == 3


@pytest.mark.parametrize("name", ["alice", "bob", "otto", "medic"])
def test_only_the_three_coordinators_sign(world, draft, name):
    with pytest.raises(NotAllowed):
        services.agreement_sign(version=draft.current_version(), acting_user=getattr(world, name))


def test_a_superseded_version_is_not_signed(world, draft):
    first = draft.current_version()
    services.agreement_version_add(agreement=draft, terms=terms(quota={"at_least": 900}), note="900",
                                   acting_user=world.mara)
    with pytest.raises(services.AgreementConflict):
        services.agreement_sign(version=first, acting_user=world.carol)


def test_in_force_only_once_all_three_have_signed(world, berta, draft):
    with pytest.raises(services.AgreementConflict) as caught:
        services.agreement_set_state(agreement=draft, state="in_force", acting_user=world.mara)
    assert "NCO, SCO, NMO" in str(caught.value)
    for user in (world.carol, berta, world.mara):
        services.agreement_sign(version=draft.current_version(), acting_user=user)
    assert services.agreement_set_state(agreement=draft, state="in_force", acting_user=world.mara).state == "in_force"


def test_state_changes_follow_the_transitions_and_the_mediator(world, june):
    with pytest.raises(NotAllowed):
        services.agreement_set_state(agreement=june, state="suspended", acting_user=world.carol)
    with pytest.raises(services.InvalidField):
        services.agreement_set_state(agreement=june, state="cancelled", acting_user=world.mara)
    with pytest.raises(services.AgreementConflict):
        services.agreement_set_state(agreement=june, state="draft", acting_user=world.mara)
    done = services.agreement_set_state(agreement=june, state="completed", acting_user=world.mara)
    assert done.state == "completed"
    with pytest.raises(services.AgreementConflict):
        services.agreement_version_add(agreement=june, terms=terms(quota={"at_least": 5}), note="x",
                                       acting_user=world.mara)


def test_a_version_cannot_be_changed_in_place(world, draft):
    from homeward.audit.guard import UnauditedWrite

    version = draft.current_version()
    version.terms = terms(quota={"at_least": 1})
    with pytest.raises(UnauditedWrite):
        version.save()


def test_signing_reads_the_agreement_as_stored_not_the_callers_copy(world, june):
    stale = services.agreement_version_add(agreement=june, terms=terms(quota={"at_least": 1100}), note="1,100",
                                           acting_user=world.mara)
    services.agreement_set_state(agreement=june, state="completed", acting_user=world.mara)
    with pytest.raises(services.AgreementConflict) as caught:
        services.agreement_sign(version=stale, acting_user=world.carol)
    assert "completed" in str(caught.value)


def test_the_mediators_read_only_staff_see_but_do_not_write(world, draft):
    from homeward.accounts import services as accounts
    from homeward.accounts.scoping import agreements_for
    from tests.conftest import PASSWORD

    viewer = accounts.user_create(username="mona", password=PASSWORD, organisation=world.mediator,
                                  role="read_only", acting_user=None, validate=False)
    assert list(agreements_for(viewer)) == [draft]
    with pytest.raises(NotAllowed):
        _record_talks(world, viewer)
    with pytest.raises(NotAllowed):
        services.agreement_sign(version=draft.current_version(), acting_user=viewer)
    with pytest.raises(NotAllowed):
        services.agreement_set_state(agreement=draft, state="in_force", acting_user=viewer)
