"""Drafting, adjusting, proposing and approving a phase plan through the audited services."""

from __future__ import annotations

import pytest

from homeward.accounts.scoping import NotAllowed
from homeward.planning import services
from homeward.planning.models import PhasePlan
from homeward.registry.errors import RegistryError
from homeward.registry.services import custody_event_record, interview_record
from tests.planning.conftest import Exchange


def chosen(plan: PhasePlan) -> set[str]:
    return {str(e.declaration.public_id) for e in plan.entries.filter(selected=True).select_related("declaration")}


def test_a_draft_is_computed_from_the_registry_with_a_reason_for_everyone(exchange: Exchange) -> None:
    plan = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=exchange.world.mara)
    assert plan.version == 1 and plan.state == "draft" and plan.phase_name == "Day 1"
    assert plan.entries.count() == 8
    assert plan.summary["selected"] == {"a": 2, "b": 2}
    assert plan.summary["proof"] == "optimal"
    # Under 25 first (born 2002), then the longest held (captured 1 January 2023).
    expected = {str(exchange.held_by_a[4].public_id), str(exchange.held_by_a[0].public_id)}
    assert expected <= chosen(plan)
    assert all(entry.reason for entry in plan.entries.all())


def test_refusal_and_proceedings_keep_people_off_the_plan_whatever_the_lock(exchange: Exchange) -> None:
    world = exchange.world
    refuses, defendant = exchange.held_by_a[4], exchange.held_by_a[3]
    interview_record(declaration=refuses, outcome="refuses", content="", interviewed_on=refuses.captured_on,
                     acting_user=world.mara)
    custody_event_record(declaration=defendant, kind="proceedings", occurred_on=None, place="court",
                         acting_user=world.alice)
    plan = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    plan = services.plan_adjust(plan=plan, declaration=refuses, kind="lock", acting_user=world.mara)
    entries = {e.declaration_id: e for e in plan.entries.all()}
    assert not entries[refuses.pk].selected
    assert "refuses repatriation" in entries[refuses.pk].reason
    assert "judicial proceedings" in entries[defendant.pk].reason


def test_an_adjustment_makes_a_new_version_and_supersedes_the_old(exchange: Exchange) -> None:
    world = exchange.world
    first = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    oldest = exchange.held_by_a[0]
    second = services.plan_adjust(plan=first, declaration=oldest, kind="lock", note="family request",
                                  acting_user=world.carol)
    first.refresh_from_db()
    assert (first.state, second.version, second.previous_id) == ("superseded", 2, first.pk)
    assert str(oldest.public_id) in chosen(second)
    assert "locked in" in second.entries.get(declaration=oldest).reason
    with pytest.raises(services.PlanningError, match="superseded"):
        services.plan_adjust(plan=first, declaration=oldest, kind="exclude", acting_user=world.mara)
    third = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    assert third.adjustments.get().kind == "lock"  # carried into the next version


def test_three_approvals_freeze_the_plan(exchange: Exchange) -> None:
    world = exchange.world
    plan = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    with pytest.raises(services.PlanningError, match="Only a proposed plan"):
        services.plan_approve(plan=plan, acting_user=world.carol)
    plan = services.plan_propose(plan=plan, acting_user=world.mara)
    for user in (world.carol, exchange.bea):
        plan = services.plan_approve(plan=plan, acting_user=user)
        assert plan.state == "proposed"
    plan = services.plan_approve(plan=plan, acting_user=world.mara)
    assert plan.state == "approved" and plan.frozen_at is not None
    with pytest.raises(services.PlanningError, match="approved and frozen"):
        services.plan_adjust(plan=plan, declaration=exchange.held_by_a[0], kind="lock", acting_user=world.mara)
    with pytest.raises(services.PlanningError, match="already has an approved plan"):
        services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    day_two = services.plan_draft(agreement=exchange.agreement, phase_index=1, acting_user=world.mara)
    assert not chosen(plan) & chosen(day_two)  # nobody planned twice


@pytest.mark.parametrize("who", ["alice", "bob", "medic", "otto", "dora", "outsider"])
def test_only_planners_plan(exchange: Exchange, who: str) -> None:
    with pytest.raises(NotAllowed):
        services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=getattr(exchange.world, who))


def test_an_operator_cannot_approve(exchange: Exchange) -> None:
    plan = services.plan_propose(plan=services.plan_draft(agreement=exchange.agreement, phase_index=0,
                                                          acting_user=exchange.world.mara),
                                 acting_user=exchange.world.mara)
    with pytest.raises(NotAllowed):
        services.plan_approve(plan=plan, acting_user=exchange.world.alice)


def _propose(exchange: Exchange, phase_index: int = 0) -> PhasePlan:
    world = exchange.world
    plan = services.plan_draft(agreement=exchange.agreement, phase_index=phase_index, acting_user=world.mara)
    return services.plan_propose(plan=plan, acting_user=world.mara)


def test_a_version_the_registry_has_moved_past_cannot_be_approved(exchange: Exchange) -> None:
    world = exchange.world
    plan = _propose(exchange)
    listed = next(e.declaration for e in plan.entries.filter(selected=True, side="a").select_related("declaration"))
    interview_record(declaration=listed, outcome="refuses", content="", interviewed_on=listed.captured_on,
                     acting_user=world.mara)
    with pytest.raises(services.PlanningError, match="changed since"):
        services.plan_approve(plan=plan, acting_user=world.carol)
    assert not plan.approvals.exists()


def test_two_phases_planned_side_by_side_cannot_both_be_approved_with_the_same_people(exchange: Exchange) -> None:
    world = exchange.world
    day_one, day_two = _propose(exchange, 0), _propose(exchange, 1)
    assert chosen(day_one) & chosen(day_two)
    for user in (world.carol, exchange.bea, world.mara):
        services.plan_approve(plan=day_one, acting_user=user)
    with pytest.raises(services.PlanningError, match="changed since"):
        services.plan_approve(plan=day_two, acting_user=world.carol)


def test_a_version_planned_under_earlier_terms_cannot_be_approved(exchange: Exchange) -> None:
    from homeward.agreements.services import agreement_version_add
    from tests.planning.conftest import TERMS

    plan = _propose(exchange)
    agreement_version_add(agreement=exchange.agreement, terms={**TERMS, "title": "amended"}, note="amended",
                          acting_user=exchange.world.mara)
    with pytest.raises(services.PlanningError, match="changed since"):
        services.plan_approve(plan=plan, acting_user=exchange.world.carol)


def test_an_identity_corrected_after_it_was_confirmed_is_no_longer_confirmed(exchange: Exchange) -> None:
    from homeward.registry.services import declaration_correct

    world = exchange.world
    renamed, moved = exchange.held_by_b[0], exchange.held_by_b[1]
    declaration_correct(declaration=renamed, expected_version=renamed.version, changes={"surname": "Інший"},
                        reason="another man", acting_user=world.bob)
    declaration_correct(declaration=moved, expected_version=moved.version, changes={"detention_place": "Camp 2"},
                        reason="transferred", acting_user=world.bob)
    plan = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    entries = {e.declaration_id: e for e in plan.entries.all()}
    assert not entries[renamed.pk].eligible
    assert "identity not yet confirmed" in entries[renamed.pk].reason
    assert entries[moved.pk].eligible
    from homeward.registry.services import identities_confirm_list, identity_confirm

    identity_confirm(declaration=renamed, basis="checked again", acting_user=world.alice)
    with pytest.raises(RegistryError, match="already confirmed"):
        identity_confirm(declaration=renamed, basis="and again", acting_user=world.alice)
    plan = services.plan_draft(agreement=exchange.agreement, phase_index=0, acting_user=world.mara)
    assert plan.entries.get(declaration=renamed).eligible
    declaration_correct(declaration=renamed, expected_version=renamed.version + 1,
                        changes={"service_number": "X-1"}, reason="typo", acting_user=world.bob)
    assert identities_confirm_list(declarations=[renamed, moved], basis="list", acting_user=world.alice) == 1


@pytest.mark.parametrize("phase_index", [-1, 1, 70000])
def test_a_phase_the_terms_do_not_have_is_refused(exchange: Exchange, phase_index: int) -> None:
    from homeward.registry.errors import InvalidField
    from tests.planning.conftest import TERMS, make_agreement

    whole = make_agreement(exchange.world, {key: value for key, value in TERMS.items() if key != "phases"})
    with pytest.raises(InvalidField, match="phase"):
        services.plan_draft(agreement=whole, phase_index=phase_index, acting_user=exchange.world.mara)
