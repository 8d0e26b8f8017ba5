"""From an approved plan to a signed protocol, and every refusal on the way with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from homeward.accounts.scoping import NotAllowed
from homeward.accounts.signing import verify_stored
from homeward.operations import content, services
from homeward.operations.ledger import agreement_ledger, phase_ledger
from homeward.operations.models import DocumentSignature, HandoverOutcome, ManifestEntry
from homeward.registry.services import interview_record
from tests.planning.conftest import Exchange

NOW = timezone.now()


def signed_manifests(exchange: Exchange, plan):  # noqa: ANN001, ANN201
    world = exchange.world
    manifests = services.manifests_from_plan(plan=plan, vehicle_kind="bus", seats=5, acting_user=world.mara)
    for manifest in manifests:
        for user in (world.carol, exchange.bea, world.mara):
            manifest = services.manifest_sign(manifest=manifest, acting_user=user)
        assert manifest.state == "signed"
    return [m.__class__.objects.get(pk=m.pk) for m in manifests]


def record_all(exchange: Exchange, manifests, outcome: str = "handed_over") -> None:  # noqa: ANN001
    for manifest in manifests:
        for entry in manifest.entries.all():
            services.handover_record(entry=entry, outcome=outcome, occurred_at=NOW, place="Border crossing 4",
                                     acting_user=exchange.world.mara)


def test_a_phase_walks_from_plan_to_signed_protocol(exchange: Exchange, approved) -> None:  # noqa: ANN001
    world = exchange.world
    manifests = signed_manifests(exchange, approved)
    assert sorted(m.side for m in manifests) == ["a", "b"]
    record_all(exchange, manifests)
    ledger = phase_ledger(approved)
    assert ledger.heads == {"a": 2, "b": 2} and not ledger.owed
    protocol = services.protocol_create(plan=approved, acting_user=world.mara)
    assert protocol.content["pending"] == 0 and len(protocol.content["outcomes"]) == 4
    for user in (world.carol, exchange.bea, world.mara):
        services.protocol_sign(protocol=protocol, acting_user=user)
    rows = DocumentSignature.objects.filter(kind="protocol", document_id=protocol.public_id)
    assert [problem for _, problem in verify_stored("protocol", protocol.content, rows)] == ["", "", ""]
    total, _ = agreement_ledger(exchange.agreement)
    assert total.quota_sentence("a") == "2 of at least 3"
    assert [o.sentence() for o in total.owed] == ["side a owes 1 people (quota)", "side b owes 1 people (quota)"]


def test_a_manifest_changed_after_signing_no_longer_verifies(exchange: Exchange, approved) -> None:  # noqa: ANN001
    manifest = signed_manifests(exchange, approved)[0]
    from homeward.audit.guard import service_context

    with service_context("test: someone edits the database behind homeward's back"):
        ManifestEntry.objects.filter(manifest=manifest).update(escort="changed")
    rows = DocumentSignature.objects.filter(kind="manifest", document_id=manifest.public_id)
    problems = [problem for _, problem in verify_stored("manifest", content.manifest_content(manifest), rows)]
    assert all("changed after it was signed" in problem for problem in problems)


def test_a_signature_by_another_organisations_key_is_refused(exchange: Exchange, approved) -> None:  # noqa: ANN001
    manifest = signed_manifests(exchange, approved)[0]
    rows = list(DocumentSignature.objects.filter(kind="manifest", document_id=manifest.public_id))
    rows[0].organisation_id = rows[1].organisation_id  # claim party B signed with party A's key
    problems = [problem for _, problem in verify_stored("manifest", content.manifest_content(manifest), rows[:1])]
    assert "not a trusted key" in problems[0]


def test_no_outcome_before_all_three_have_signed(exchange: Exchange, approved) -> None:  # noqa: ANN001
    manifest = services.manifests_from_plan(plan=approved, vehicle_kind="bus", seats=5,
                                            acting_user=exchange.world.mara)[0]
    with pytest.raises(services.OperationsError, match="signed by all three"):
        services.handover_record(entry=manifest.entries.first(), outcome="handed_over", occurred_at=NOW,
                                 place="Border", acting_user=exchange.world.mara)
    assert not HandoverOutcome.objects.exists()


def test_a_second_outcome_and_a_stranger_are_refused(exchange: Exchange, approved) -> None:  # noqa: ANN001
    manifest = signed_manifests(exchange, approved)[0]
    entry = manifest.entries.first()
    services.handover_record(entry=entry, outcome="not_presented", occurred_at=NOW, place="Border",
                             acting_user=exchange.world.mara)
    with pytest.raises(services.OperationsError, match="already recorded"):
        services.handover_record(entry=entry, outcome="handed_over", occurred_at=NOW, place="Border",
                                 acting_user=exchange.world.mara)
    stranger = exchange.held_by_b[0] if manifest.side == "a" else exchange.held_by_a[0]
    with pytest.raises(services.InvalidField, match="not on this manifest"):
        services.entry_for(manifest, stranger)
    assert HandoverOutcome.objects.count() == 1


def test_a_refusal_is_never_handed_over(exchange: Exchange, approved) -> None:  # noqa: ANN001
    manifest = signed_manifests(exchange, approved)[0]
    entry = manifest.entries.first()
    interview_record(declaration=entry.declaration, outcome="refuses", content="", interviewed_on=dt.date.today(),
                     acting_user=exchange.world.mara)
    with pytest.raises(services.OperationsError, match="refused repatriation"):
        services.handover_record(entry=entry, outcome="handed_over", occurred_at=NOW, place="Border",
                                 acting_user=exchange.world.mara)
    services.handover_record(entry=entry, outcome="refused", occurred_at=NOW, place="Border",
                             acting_user=exchange.world.mara)


def test_a_substitute_must_meet_the_terms(exchange: Exchange, approved) -> None:  # noqa: ANN001
    world = exchange.world
    manifest = next(m for m in signed_manifests(exchange, approved) if m.side == "a")
    entry = manifest.entries.first()
    unconfirmed = _held_unconfirmed(exchange)
    with pytest.raises(services.InvalidField, match="does not meet the agreement's terms"):
        services.handover_record(entry=entry, outcome="substituted", substitute=unconfirmed, occurred_at=NOW,
                                 place="Border", acting_user=world.mara)
    spare = next(p for p in exchange.held_by_a if not p.manifest_entries.exists())
    row = services.handover_record(entry=entry, outcome="substituted", substitute=spare, occurred_at=NOW,
                                   place="Border", acting_user=world.mara)
    assert row.substitute_meets_terms is True
    assert phase_ledger(approved).heads["a"] == 1


def _held_unconfirmed(exchange: Exchange):  # noqa: ANN202
    from tests.conftest import declare

    return declare(exchange.world.alice, exchange.world.party_a, external_ref="A-unconfirmed", legal_status="pow")


def test_only_the_mediator_records_outcomes_and_only_coordinators_sign(exchange: Exchange, approved) -> None:  # noqa: ANN001
    manifest = services.manifests_from_plan(plan=approved, vehicle_kind="bus", seats=5,
                                            acting_user=exchange.world.mara)[0]
    with pytest.raises(NotAllowed):
        services.manifest_sign(manifest=manifest, acting_user=exchange.world.alice)
    with pytest.raises(NotAllowed):
        services.manifests_from_plan(plan=approved, vehicle_kind="bus", seats=5, acting_user=exchange.world.bob)
    for user in (exchange.world.carol, exchange.bea, exchange.world.mara):
        manifest = services.manifest_sign(manifest=manifest, acting_user=user)
    with pytest.raises(NotAllowed):
        services.handover_record(entry=manifest.entries.first(), outcome="handed_over", occurred_at=NOW,
                                 place="Border", acting_user=exchange.world.carol)


def test_the_same_person_cannot_be_on_two_open_manifests(exchange: Exchange, approved) -> None:  # noqa: ANN001
    person = approved.entries.filter(side="a", selected=True).first().declaration
    services.manifest_create(plan=approved, side="a", vehicle_kind="bus", vehicle_label="BUS-1",
                             declarations=[person], acting_user=exchange.world.mara)
    with pytest.raises(services.OperationsError, match="already on another open manifest"):
        services.manifest_create(plan=approved, side="a", vehicle_kind="aircraft", vehicle_label="FL-2",
                                 declarations=[person], acting_user=exchange.world.carol)
    assert approved.manifests.count() == 1


def test_a_correction_is_a_new_version_signed_again(exchange: Exchange, approved) -> None:  # noqa: ANN001
    manifest = next(m for m in signed_manifests(exchange, approved) if m.side == "a")
    dropped = manifest.entries.first().declaration
    corrected = services.manifest_correct(manifest=manifest, remove=[dropped], add=[], reason="fever",
                                          acting_user=exchange.world.mara)
    manifest.refresh_from_db()
    assert (manifest.state, corrected.version, corrected.state) == ("superseded", 2, "draft")
    assert corrected.entries.count() == manifest.entries.count() - 1
    rows = DocumentSignature.objects.filter(kind="manifest", document_id=manifest.public_id)
    assert all(problem == "" for _, problem in verify_stored("manifest", content.manifest_content(manifest), rows))


def test_the_next_phase_plans_around_what_happened_at_the_border(exchange: Exchange, approved) -> None:  # noqa: ANN001
    """A returned substitute is never planned or substituted again; a man not presented is still held."""
    from homeward.planning import services as planning

    world = exchange.world
    manifest = next(m for m in signed_manifests(exchange, approved) if m.side == "a")
    first, second = manifest.entries.order_by("id")
    spare = next(p for p in exchange.held_by_a if not p.manifest_entries.exists())
    services.handover_record(entry=first, outcome="substituted", substitute=spare, occurred_at=NOW,
                             place="Border", acting_user=world.mara)
    services.handover_record(entry=second, outcome="not_presented", occurred_at=NOW, place="Border",
                             acting_user=world.mara)
    day2 = planning.plan_draft(agreement=exchange.agreement, phase_index=1, acting_user=world.mara)
    entries = {e.declaration_id: e for e in day2.entries.filter(side="a")}
    assert not entries[spare.pk].selected and "returned in Day 1 as a substitute" in entries[spare.pk].reason
    assert entries[second.declaration_id].eligible, entries[second.declaration_id].reason
    assert not entries[first.declaration_id].selected or "returned" not in entries[first.declaration_id].reason

    day2 = planning.plan_propose(plan=day2, acting_user=world.mara)
    for user in (world.carol, exchange.bea, world.mara):
        day2 = planning.plan_approve(plan=day2, acting_user=user)
    entry = next(m for m in signed_manifests(exchange, day2) if m.side == "a").entries.first()
    with pytest.raises(services.InvalidField, match="already been handed over"):
        services.handover_record(entry=entry, outcome="substituted", substitute=spare, occurred_at=NOW,
                                 place="Border", acting_user=world.mara)
    assert not HandoverOutcome.objects.filter(entry=entry).exists()
