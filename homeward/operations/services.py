"""Audited writes at the border: manifests and their signatures, handover outcomes, the protocol, after-care.

A manifest is made from a phase's approved plan and signed by party A,
party B and the mediator over its canonical content; once anyone has signed
it, it never changes (a correction is a new version, signed again). Each
person on a fully signed manifest gets exactly one outcome. The ledger and
the protocol are computed from those outcomes only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.choices import OrganisationKind, Role
from homeward.accounts.scoping import NotAllowed, require_actor
from homeward.accounts.signing import sign_for
from homeward.audit import services as audit
from homeward.audit.guard import audited_service
from homeward.lib.sentences import say
from homeward.operations import content as documents
from homeward.operations.choices import RETURNED, AftercareStage, ManifestState, Outcome, VehicleKind
from homeward.operations.models import (
    AftercareEvent,
    DocumentSignature,
    HandoverOutcome,
    Manifest,
    ManifestEntry,
    ManifestSeat,
    PhaseProtocol,
)
from homeward.planning.choices import PlanState
from homeward.planning.models import PhasePlan
from homeward.planning.services import organisations_of
from homeward.registry.choices import InterviewOutcome
from homeward.registry.errors import InvalidField, RegistryError
from homeward.registry.models import Declaration


class OperationsError(RegistryError):
    """A step at the border that cannot be taken, with the reason."""


def _require_border_staff(acting_user: Any, plan: PhasePlan, side: str | None = None) -> Any:
    """The mediator's coordinators and operators; a party's coordinators and operators for its own side."""
    actor = require_actor(acting_user)
    orgs = organisations_of(plan.agreement)
    if actor.organisation.pk == orgs["mediator"] and actor.role in (Role.COORDINATOR, Role.OPERATOR):
        return actor
    if side is not None and actor.organisation.pk == orgs[side] and actor.role in (Role.COORDINATOR, Role.OPERATOR):
        return actor
    raise NotAllowed(_("Only the mediator's staff, or the handing-over party's for its own side, do this."))


@audited_service
def manifest_create(*, plan: PhasePlan, side: str, vehicle_kind: str, vehicle_label: str,
                    declarations: Sequence[Declaration], acting_user: Any,
                    documents_of: dict[int, str] | None = None, escort: str = "") -> Manifest:
    """A manifest for one vehicle: people the approved plan selects on that side, each on one manifest only."""
    _require_border_staff(acting_user, plan, side)
    if plan.state != PlanState.APPROVED:
        raise OperationsError(_("Manifests are made from an approved, frozen plan."))
    if side not in ("a", "b"):
        raise InvalidField("side", _("Side is a or b."))
    if vehicle_kind not in VehicleKind.values:
        raise InvalidField(
            "vehicle_kind", _("%(vehicle_kind)s is not one of %(values)s.") % {
                "vehicle_kind": repr(vehicle_kind), "values": ', '.join(VehicleKind.values)}
        )
    if not vehicle_label.strip() or len(vehicle_label) > 80:
        raise InvalidField("vehicle_label", _("Give the vehicle's registration, flight or train number."))
    _check_selected(plan, side, declarations)
    return _manifest(plan, side, vehicle_kind, vehicle_label.strip(), declarations, acting_user,
                     documents_of or {}, escort, previous=None, reason="")


def _check_selected(plan: PhasePlan, side: str, declarations: Sequence[Declaration]) -> None:
    if not declarations:
        raise InvalidField("declarations", _("A manifest lists at least one person."))
    selected = set(plan.entries.filter(side=side, selected=True).values_list("declaration_id", flat=True))
    stray = [d for d in declarations if d.pk not in selected]
    if stray:
        raise InvalidField(
            "declarations", _("%(stray)s of these people are not selected on side %(side)s in the approved plan.") % {
                "stray": len(stray), "side": side}
        )


def _manifest(plan: PhasePlan, side: str, vehicle_kind: str, vehicle_label: str,
              declarations: Sequence[Declaration], acting_user: Any, documents_of: dict[int, str], escort: str,
              *, previous: Manifest | None, reason: str) -> Manifest:
    manifest = Manifest.objects.create(
        plan=plan, side=side, vehicle_kind=vehicle_kind, vehicle_label=vehicle_label,
        version=previous.version + 1 if previous else 1, previous=previous, correction_reason=reason,
        content_sha256="", created_at=timezone.now(), created_by=acting_user)
    ManifestEntry.objects.bulk_create([
        ManifestEntry(manifest=manifest, declaration=d, documents=documents_of.get(d.pk, "")[:300],
                      escort=escort[:200]) for d in declarations])
    try:
        with transaction.atomic():  # the seat constraint is the lock against two writers
            ManifestSeat.objects.bulk_create([ManifestSeat(plan=plan, declaration=d, manifest=manifest)
                                              for d in declarations])
    except IntegrityError:
        raise OperationsError(_("Someone on this list is already on another open manifest of this phase.")) from None
    manifest.content_sha256 = documents.manifest_digest(manifest)
    Manifest.objects.filter(pk=manifest.pk).update(content_sha256=manifest.content_sha256)
    audit.record(acting_user=acting_user, action="operations.manifest.create", object_type="manifest",
                 object_id=manifest.public_id, after=documents.manifest_content(manifest),
                 summary={"people": len(declarations), "version": manifest.version})
    return manifest


@audited_service
def manifests_from_plan(*, plan: PhasePlan, vehicle_kind: str, seats: int, acting_user: Any) -> list[Manifest]:
    """Every selected person of the approved plan who has no seat yet, side by side, ``seats`` to a vehicle."""
    _require_border_staff(acting_user, plan)  # both sides at once: the mediator's staff
    if seats < 1 or seats > 1000:
        raise InvalidField("seats", _("Between 1 and 1,000 seats a vehicle."))
    made = []
    seated = set(ManifestSeat.objects.filter(plan=plan).values_list("declaration_id", flat=True))
    for side in ("a", "b"):
        waiting = [e.declaration for e in plan.entries.filter(side=side, selected=True)
                   .select_related("declaration").order_by("id") if e.declaration_id not in seated]
        for number, start in enumerate(range(0, len(waiting), seats), start=1):
            made.append(manifest_create(plan=plan, side=side, vehicle_kind=vehicle_kind,
                                        vehicle_label=f"{side.upper()}-{plan.phase_index + 1}-{number:02d}",
                                        declarations=waiting[start:start + seats], acting_user=acting_user))
    return made


def _require_signer(acting_user: Any, plan: PhasePlan) -> Any:
    actor = require_actor(acting_user)
    if actor.organisation.pk not in organisations_of(plan.agreement).values() or actor.role != Role.COORDINATOR:
        raise NotAllowed(_("Only the coordinators of party A, party B and the mediator sign."))
    return actor


@audited_service
def manifest_sign(*, manifest: Manifest, acting_user: Any) -> Manifest:
    """The acting organisation's signature over the manifest's canonical content; the third makes it signed."""
    actor = _require_signer(acting_user, manifest.plan)
    manifest = Manifest.objects.select_for_update().get(pk=manifest.pk)
    if manifest.state == ManifestState.SUPERSEDED:
        raise OperationsError(_("This version was corrected; sign the latest version."))
    content = documents.manifest_content(manifest)
    if documents.digest(content) != manifest.content_sha256:
        raise OperationsError(_("The manifest's content differs from what was recorded; it cannot be signed."))
    def when_signed() -> None:  # the third signature makes it signed, before the entry commits to its state
        signed = set(DocumentSignature.objects.filter(kind=documents.MANIFEST, document_id=manifest.public_id)
                     .values_list("organisation_id", flat=True))
        if signed >= set(organisations_of(manifest.plan.agreement).values()):
            Manifest.objects.filter(pk=manifest.pk).update(state=ManifestState.SIGNED)

    _sign(documents.MANIFEST, manifest.public_id, content, actor, acting_user, then=when_signed)
    manifest.refresh_from_db()
    return manifest


def _sign(kind: str, public_id: Any, content: Any, actor: Any, acting_user: Any,
          then: Callable[[], None] | None = None) -> DocumentSignature:
    signature = sign_for(actor.organisation, kind, content, acting_user=acting_user)
    try:
        with transaction.atomic():
            row = DocumentSignature.objects.create(
                kind=kind, document_id=public_id, organisation=actor.organisation, key_id=signature.key_id,
                signature=signature.signature, content_sha256=signature.content_sha256,
                signed_at=timezone.now(), signed_by=acting_user)
    except IntegrityError:
        raise OperationsError(_("Your organisation has already signed this document.")) from None
    if then is not None:
        then()
    audit.record(acting_user=acting_user, action=f"operations.{kind}.sign", object_type=kind, object_id=public_id,
                 after=signature.as_dict())
    return row


@audited_service
def manifest_correct(*, manifest: Manifest, remove: Sequence[Declaration], add: Sequence[Declaration],
                     reason: str, acting_user: Any) -> Manifest:
    """A corrected version (people off, people on), to be signed again; the old version stays as it was signed."""
    _require_border_staff(acting_user, manifest.plan, manifest.side)
    if not reason.strip():
        raise InvalidField("reason", _("Say why the manifest is corrected."))
    manifest = Manifest.objects.select_for_update().get(pk=manifest.pk)
    if manifest.state == ManifestState.SUPERSEDED:
        raise OperationsError(_("This version was already corrected; correct the latest."))
    if HandoverOutcome.objects.filter(entry__manifest=manifest).exists():
        raise OperationsError(_("Outcomes are recorded against this manifest; it can no longer be corrected."))
    current = [e.declaration for e in manifest.entries.select_related("declaration")]
    removed = {d.pk for d in remove}
    people = [d for d in current if d.pk not in removed] + [d for d in add if d.pk not in {c.pk for c in current}]
    _check_selected(manifest.plan, manifest.side, people)
    Manifest.objects.filter(pk=manifest.pk).update(state=ManifestState.SUPERSEDED)
    ManifestSeat.objects.filter(manifest=manifest).delete()
    # The corrected version's state changed: an entry about it commits to its state as superseded.
    audit.record(acting_user=acting_user, action="operations.manifest.supersede", object_type="manifest",
                 object_id=manifest.public_id, summary={"reason": reason.strip()[:300]})
    return _manifest(manifest.plan, manifest.side, manifest.vehicle_kind, manifest.vehicle_label, people,
                     acting_user, {e.declaration_id: e.documents for e in manifest.entries.all()},
                     manifest.entries.first().escort if manifest.entries.exists() else "",
                     previous=manifest, reason=reason.strip())


@audited_service
def handover_record(*, entry: ManifestEntry, outcome: str, occurred_at: dt.datetime, place: str,
                    acting_user: Any, substitute: Declaration | None = None, note: str = "") -> HandoverOutcome:
    """One outcome for one person on a signed manifest, witnessed and recorded by the mediator's staff."""
    actor = require_actor(acting_user)
    manifest = entry.manifest
    if actor.organisation.pk != manifest.plan.agreement.mediator_id or actor.role not in (Role.COORDINATOR,
                                                                                          Role.OPERATOR):
        raise NotAllowed(_("The mediator's staff, who witness the handover, record outcomes."))
    if manifest.state != ManifestState.SIGNED:
        raise OperationsError(_("Outcomes are recorded only against a manifest signed by all three."))
    if outcome not in Outcome.values:
        raise InvalidField(
            "outcome", _("%(outcome)s is not one of %(values)s.") % {
                "outcome": repr(outcome), "values": ', '.join(Outcome.values)}
        )
    if not place.strip():
        raise InvalidField("place", _("Say where it happened."))
    person = Declaration.objects.get(pk=entry.declaration_id)
    if outcome == Outcome.HANDED_OVER and person.interview_outcome == InterviewOutcome.REFUSES:
        raise OperationsError(_("This person refused repatriation in the interview; they cannot be handed over."))
    meets = _check_substitute(entry, substitute) if outcome == Outcome.SUBSTITUTED else None
    if outcome != Outcome.SUBSTITUTED and substitute is not None:
        raise InvalidField("substitute", _("A substitute is given only with the outcome 'substituted'."))
    try:
        with transaction.atomic():
            row = HandoverOutcome.objects.create(
                entry=entry, outcome=outcome, substitute=substitute, substitute_meets_terms=meets,
                occurred_at=occurred_at, place=place.strip(), note=note.strip(), recorded_at=timezone.now(),
                recorded_by=acting_user)
    except IntegrityError:
        raise OperationsError(
            _("An outcome is already recorded for this person, or the substitute already crossed in someone "
              "else's place.")
        ) from None
    audit.record(acting_user=acting_user, action="operations.handover.record", object_type="handover_outcome",
                 object_id=row.public_id, after={"declaration": str(person.public_id), "outcome": outcome,
                                                 "substitute": str(substitute.public_id) if substitute else None,
                                                 "occurred_at": occurred_at, "place": row.place})
    return row


def _check_substitute(entry: ManifestEntry, substitute: Declaration | None) -> bool:
    """A substitute must be held by the same side and meet the agreement's terms (every hard rule included)."""
    from homeward.operations.ledger import eligibility_of

    if substitute is None:
        raise InvalidField("substitute", _("Name the person who went instead."))
    manifest = entry.manifest
    agreement = manifest.plan.agreement
    holder = agreement.party_a_id if manifest.side == "a" else agreement.party_b_id
    if substitute.party_id != holder or substitute.kind != "held":
        raise InvalidField("substitute", _("The substitute must be held by the same side."))
    if ManifestSeat.objects.filter(plan=manifest.plan, declaration=substitute).exists():
        raise InvalidField("substitute", _("The substitute is already on a manifest of this phase."))
    if HandoverOutcome.objects.filter(Q(entry__declaration=substitute, outcome__in=RETURNED)
                                      | Q(substitute=substitute)).exists():
        raise InvalidField("substitute", _("The substitute has already been handed over."))
    result = eligibility_of(substitute, manifest.plan)
    if not result.eligible:
        raise InvalidField(
            "substitute", _("The substitute does not meet the agreement's terms: %(reason)s") % {
                "reason": say(result.reason_said())}
        )
    return True


@audited_service
def protocol_create(*, plan: PhasePlan, acting_user: Any) -> PhaseProtocol:
    """The phase's protocol: its manifests, every outcome and the ledger, as one document to be signed."""
    _require_border_staff(acting_user, plan)
    content = documents.protocol_content(plan)
    if content["pending"]:
        raise OperationsError(
            _("%(pending)s people on signed manifests have no outcome yet.") % {"pending": content['pending']}
        )
    latest = plan.protocols.order_by("-version").first()
    if latest is not None and latest.content_sha256 == documents.digest(content):
        raise OperationsError(_("Nothing changed since the last protocol version."))
    protocol = PhaseProtocol.objects.create(
        plan=plan, version=latest.version + 1 if latest else 1, content=content,
        content_sha256=documents.digest(content), created_at=timezone.now(), created_by=acting_user)
    audit.record(acting_user=acting_user, action="operations.protocol.create", object_type="protocol",
                 object_id=protocol.public_id, after={"content_sha256": protocol.content_sha256},
                 summary={"version": protocol.version})
    return protocol


@audited_service
def protocol_sign(*, protocol: PhaseProtocol, acting_user: Any) -> DocumentSignature:
    actor = _require_signer(acting_user, protocol.plan)
    if documents.digest(protocol.content) != protocol.content_sha256:
        raise OperationsError(_("The protocol's content differs from what was recorded; it cannot be signed."))
    return _sign(documents.PROTOCOL, protocol.public_id, protocol.content, actor, acting_user)


@audited_service
def aftercare_record(*, declaration: Declaration, stage: str, occurred_at: dt.datetime, facility: str = "",
                     country: str = "", acting_user: Any) -> AftercareEvent:
    """A returned person's next step: the medical service, or the person's own party, records it."""
    actor = require_actor(acting_user)
    own_party = actor.is_party and actor.organisation.pk != declaration.party_id
    medical = actor.organisation.kind == OrganisationKind.MEDICAL_SERVICE and actor.role == Role.MEDICAL_OFFICER
    if not (medical or (own_party and actor.role in (Role.COORDINATOR, Role.OPERATOR))):
        raise NotAllowed(_("The medical service or the person's own party records after-care."))
    if stage not in AftercareStage.values:
        raise InvalidField(
            "stage", _("%(stage)s is not one of %(values)s.") % {
                "stage": repr(stage), "values": ', '.join(AftercareStage.values)}
        )
    from homeward.operations.ledger import returned_declarations

    if not returned_declarations().filter(pk=declaration.pk).exists():
        raise OperationsError(_("After-care is recorded for people who have returned."))
    event = AftercareEvent.objects.create(
        declaration=declaration, stage=stage, occurred_at=occurred_at, facility=facility.strip()[:200],
        country=country.strip()[:100], recorded_at=timezone.now(), recorded_by=acting_user)
    audit.record(acting_user=acting_user, action="operations.aftercare.record", object_type="aftercare_event",
                 object_id=event.public_id, after={"declaration": str(declaration.public_id), "stage": stage,
                                                   "occurred_at": occurred_at, "facility": event.facility,
                                                   "country": event.country})
    return event


def entry_for(manifest: Manifest, declaration: Declaration) -> ManifestEntry:
    """The person's line on the manifest; refused (nothing written) when the person is not on it."""
    entry = manifest.entries.filter(declaration=declaration).first()
    if entry is None:
        raise InvalidField("declaration", _("This person is not on this manifest."))
    return entry
