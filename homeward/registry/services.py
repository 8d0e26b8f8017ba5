"""Audited writes to the registry: declarations, corrections, custody, health, interviews, shares."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.choices import OrganisationKind
from homeward.accounts.models import Organisation
from homeward.accounts.scoping import EDITOR_ROLES, NotAllowed, require_actor, require_visible
from homeward.audit import services as audit
from homeward.audit.guard import audited_service
from homeward.registry import validation
from homeward.registry.choices import DeclarationKind
from homeward.registry.errors import DuplicateReference, InvalidField, RegistryError  # noqa: F401 (re-exported)
from homeward.registry.models import (
    EDITABLE_FIELDS,
    CustodyEvent,
    Declaration,
    DeclarationShare,
    DeclarationVersion,
    HealthRecord,
    IdentityConfirmation,
    Interview,
)
from homeward_core.names.script import detect_script, search_key


class VersionConflict(Exception):
    """Someone else changed the record since the version this edit started from."""

    def __init__(self, *, expected: int, current: int, changed_fields: list[str], changed_by: str) -> None:
        self.expected, self.current = expected, current
        self.changed_fields, self.changed_by = changed_fields, changed_by
        fields = ", ".join(changed_fields) or "no identity fields"
        super().__init__(
            f"This record was changed by {changed_by} (version {expected} → {current}; "
            f"changed: {fields}). Reload it and apply your correction again."
        )


def snapshot(declaration: Declaration) -> dict[str, Any]:
    """The declaration's evidential state as plain values (for versions and audit digests)."""
    state = {field: getattr(declaration, field) for field in EDITABLE_FIELDS}
    state["kind"] = declaration.kind
    state["party"] = str(declaration.party.public_id)
    if isinstance(state.get("captured_on"), dt.date):
        state["captured_on"] = state["captured_on"].isoformat()
    return state


# What the registry search matches, in this order (imports build the same text column-wise).
SEARCH_FIELDS = ("surname", "given_name", "patronymic", "surname_latin", "given_name_latin",
                 "patronymic_latin", "external_ref", "service_number")


def search_text_for(values: dict[str, Any]) -> str:
    return search_key(*(values.get(field, "") for field in SEARCH_FIELDS))


def _require_editor(acting_user: Any, party: Organisation) -> None:
    if not require_actor(acting_user).can_edit_records_of(party):
        raise NotAllowed(_("Only a coordinator or operator of the declaring party may change its records."))


@audited_service
def declaration_create(
    *, party: Organisation, kind: str, values: dict[str, Any], acting_user: Any
) -> Declaration:
    """Declare one person: the party's own evidence, version 1."""
    _require_editor(acting_user, party)
    validation.check_kind(kind)
    values = validation.clean_values(values)
    now = timezone.now()
    declaration = Declaration(
        party=party, kind=kind, created_at=now, created_by=acting_user, updated_at=now,
        updated_by=acting_user, **values,
    )
    validation.check_declaration(_state(declaration), today=timezone.localdate())
    declaration.name_script = values.get("name_script") or detect_script(declaration.full_name)
    declaration.search_text = search_text_for(values)
    _save(declaration)
    audit.record(
        acting_user=acting_user, action="registry.declaration.create", object_type="declaration",
        object_id=declaration.public_id, after=snapshot(declaration), organisation=party,
    )
    return declaration


def _changed_since(declaration: Declaration, expected: int) -> list[str]:
    old = DeclarationVersion.objects.filter(declaration=declaration, version=expected).first()
    if old is None:
        return []
    current = snapshot(declaration)
    return sorted(field for field, value in old.snapshot.items() if current.get(field) != value)


@audited_service
def declaration_correct(
    *,
    declaration: Declaration,
    expected_version: int,
    changes: dict[str, Any],
    reason: str,
    acting_user: Any,
) -> Declaration:
    """Correct a declaration: the old state becomes a version, the record moves on by one.

    ``expected_version`` is the version the editor saw; if someone else has
    written since, nothing is written and VersionConflict says what changed.
    """
    _require_editor(acting_user, declaration.party)
    changes = validation.clean_values(changes)
    if not reason.strip():
        raise RegistryError(_("a correction needs a reason"))
    current = Declaration.objects.select_for_update().select_related("party").get(pk=declaration.pk)
    if current.version != expected_version:
        raise VersionConflict(
            expected=expected_version, current=current.version,
            changed_fields=_changed_since(current, expected_version),
            changed_by=current.updated_by.get_username(),
        )
    before = snapshot(current)
    changed = sorted(field for field, value in changes.items() if before.get(field) != _plain(value))
    if not changed:
        return current
    validation.check_declaration({**_state(current), **changes}, today=timezone.localdate())
    now = timezone.now()
    DeclarationVersion.objects.create(
        declaration=current, version=current.version, snapshot=before, changed_fields=changed,
        reason=reason.strip(), superseded_at=now, superseded_by=acting_user,
        recorded_by_id=current.updated_by_id, recorded_at=current.updated_at,
    )
    for field, value in changes.items():
        setattr(current, field, value)
    current.name_script = detect_script(current.full_name)
    current.search_text = search_text_for(snapshot(current))
    current.version += 1
    current.updated_at, current.updated_by = now, acting_user
    _save(current)
    audit.record(
        acting_user=acting_user, action="registry.declaration.correct", object_type="declaration",
        object_id=current.public_id, before=before, after=snapshot(current),
        organisation=current.party, summary={"fields": changed, "version": current.version},
    )
    return current


def _state(declaration: Declaration) -> dict[str, Any]:
    return {field: getattr(declaration, field) for field in EDITABLE_FIELDS}


def _save(declaration: Declaration) -> None:
    """Save; a roster reference the party already uses is refused naming the field, not a crash."""
    try:
        with transaction.atomic():  # a savepoint, so the refusal leaves the caller's transaction usable
            declaration.save()
    except IntegrityError as exc:
        taken = Declaration.objects.filter(party_id=declaration.party_id, external_ref=declaration.external_ref)
        if declaration.external_ref and taken.exclude(pk=declaration.pk).exists():
            raise DuplicateReference(declaration.external_ref) from exc
        raise


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@audited_service
def custody_event_record(
    *, declaration: Declaration, kind: str, occurred_on: dt.date | None, place: str,
    note: str = "", acting_user: Any,
) -> CustodyEvent:
    """Capture, transfer or place of detention: appended, never edited."""
    _require_editor(acting_user, declaration.party)
    event = CustodyEvent.objects.create(
        declaration=declaration, kind=kind, occurred_on=occurred_on, place=place, note=note,
        recorded_at=timezone.now(), recorded_by=acting_user,
    )
    audit.record(
        acting_user=acting_user, action="registry.custody.record", object_type="custody_event",
        object_id=event.public_id, organisation=declaration.party,
        after={"declaration": str(declaration.public_id), "kind": kind,
               "occurred_on": occurred_on, "place": place, "note": note},
    )
    return event


@audited_service
def health_certify(
    *, declaration: Declaration, medical_category: str, seriously_wounded: bool, ill: bool,
    certified_by: str, certified_on: dt.date, details: str = "", acting_user: Any,
) -> HealthRecord:
    """A medical officer records a certified finding; the declaration's flags follow it."""
    actor = require_actor(acting_user)
    if not actor.can_record_health:
        raise NotAllowed(_("Only a medical officer may record health findings."))
    require_visible(acting_user, declaration)
    record = HealthRecord.objects.create(
        declaration=declaration, medical_category=medical_category,
        seriously_wounded=seriously_wounded, ill=ill, certified_by=certified_by,
        certified_on=certified_on, details=details, recorded_at=timezone.now(),
        recorded_by=acting_user,
    )
    Declaration.objects.filter(pk=declaration.pk).update(
        medical_category=medical_category, seriously_wounded=seriously_wounded, ill=ill
    )
    audit.record(
        acting_user=acting_user, action="registry.health.certify", object_type="health_record",
        object_id=record.public_id, organisation=declaration.party,
        after={"declaration": str(declaration.public_id), "category": medical_category,
               "seriously_wounded": seriously_wounded, "ill": ill, "certified_by": certified_by,
               "certified_on": certified_on, "details": details},
    )
    # The declaration's flags changed too: an entry about the declaration commits to its new state.
    audit.record(acting_user=acting_user, action="registry.declaration.health", object_type="declaration",
                 object_id=declaration.public_id, organisation=declaration.party,
                 summary={"health_record": str(record.public_id)})
    return record


@audited_service
def interview_record(
    *, declaration: Declaration, outcome: str, content: str, interviewed_on: dt.date,
    acting_user: Any,
) -> Interview:
    """The mediator's private interview; only its outcome becomes visible to the parties."""
    if not require_actor(acting_user).can_record_interview:
        raise NotAllowed(_("Only the mediator's coordinator records pre-release interviews."))
    require_visible(acting_user, declaration)
    interview = Interview.objects.create(
        declaration=declaration, outcome=outcome, content=content, interviewed_on=interviewed_on,
        recorded_at=timezone.now(), recorded_by=acting_user,
    )
    Declaration.objects.filter(pk=declaration.pk).update(interview_outcome=outcome)
    audit.record(
        acting_user=acting_user, action="registry.interview.record", object_type="interview",
        object_id=interview.public_id, organisation=declaration.party,
        after={"declaration": str(declaration.public_id), "outcome": outcome,
               "content": content, "interviewed_on": interviewed_on},
    )
    # The outcome the parties see is on the declaration: an entry about it commits to its new state.
    audit.record(acting_user=acting_user, action="registry.declaration.interview_outcome",
                 object_type="declaration", object_id=declaration.public_id, organisation=declaration.party)
    return interview


# Sharing makes a record visible; these kinds of organisation would gain nothing or should not.
_NOT_SHAREABLE = {
    OrganisationKind.MEDIATOR: "the mediator already sees every record",
    OrganisationKind.OBSERVER: "observers read the transparency log, not people's records",
}


def _check_share(declaration: Declaration, organisation: Organisation, purpose: str) -> None:
    if organisation.pk == declaration.party_id:
        raise RegistryError(_("A record cannot be shared with the party that declared it."))
    if organisation.kind in _NOT_SHAREABLE:
        raise RegistryError(
            _("Not shared with %(short_name)s: %(kind)s.") % {
                "short_name": organisation.short_name, "kind": _NOT_SHAREABLE[organisation.kind]}
        )
    if not purpose.strip() or len(purpose.strip()) > 200:
        raise RegistryError(_("A share needs a purpose of at most 200 characters."))


@audited_service
def declaration_share(
    *, declaration: Declaration, organisation: Organisation, purpose: str, acting_user: Any
) -> DeclarationShare:
    """Make a declaration visible to the other party or a medical service, for a stated purpose."""
    actor = require_actor(acting_user)
    if not (actor.can_edit_records_of(declaration.party) or actor.is_mediator):
        raise NotAllowed(_("Only the declaring party or the mediator may share a record."))
    require_visible(acting_user, declaration)
    _check_share(declaration, organisation, purpose)
    try:
        with transaction.atomic():  # a savepoint: a second share of the same record is refused, not a crash
            share = DeclarationShare.objects.create(
                declaration=declaration, organisation=organisation, purpose=purpose.strip(),
                created_at=timezone.now(), created_by=acting_user,
            )
    except IntegrityError:
        raise RegistryError(
            _("This record is already shared with %(short_name)s.") % {
                "short_name": organisation.short_name}
        ) from None
    audit.record(
        acting_user=acting_user, action="registry.declaration.share", object_type="declaration",
        object_id=declaration.public_id, organisation=declaration.party,
        after={"organisation": str(organisation.public_id), "purpose": share.purpose},
    )
    return share


@audited_service
def identity_confirm(*, declaration: Declaration, basis: str, acting_user: Any) -> IdentityConfirmation:
    """The person's own side confirms that the holding party's record is who it says.

    Only the other party can confirm (a party cannot vouch for its own
    declaration), only a record it can see (shared with it), and only with a
    stated basis: its sought list, a reviewed match, documents.
    """
    actor = require_actor(acting_user)
    if not actor.is_party or actor.role not in EDITOR_ROLES or actor.organisation.pk == declaration.party_id:
        raise NotAllowed(_("Only a coordinator or operator of the other party may confirm an identity."))
    require_visible(acting_user, declaration)
    if declaration.kind != DeclarationKind.HELD:
        raise RegistryError(_("Identity is confirmed for people held, before an exchange."))
    basis = basis.strip()
    if not basis or len(basis) > 300:
        raise InvalidField("basis", _("Say what the confirmation rests on (at most 300 characters)."))
    stale = stale_confirmations(actor.organisation.pk, [declaration.pk])
    if stale:  # the identity was corrected since it was confirmed: this confirms the corrected one
        IdentityConfirmation.objects.filter(pk=stale[declaration.pk]).update(
            basis=basis, confirmed_at=timezone.now(), confirmed_by=acting_user)
        confirmation = IdentityConfirmation.objects.get(pk=stale[declaration.pk])
    else:
        try:
            with transaction.atomic():
                confirmation = IdentityConfirmation.objects.create(
                    declaration=declaration, organisation=actor.organisation, basis=basis,
                    confirmed_at=timezone.now(), confirmed_by=acting_user,
                )
        except IntegrityError:
            raise RegistryError(_("Your organisation has already confirmed this identity.")) from None
    audit.record(
        acting_user=acting_user, action="registry.identity.confirm", object_type="declaration",
        object_id=declaration.public_id, organisation=actor.organisation, after={"basis": basis},
    )
    return confirmation


# GC III Art. 17's identity core (and the patronymic): correcting any of these after the other side
# confirmed the person leaves that confirmation one of somebody else, until it is given again.
CONFIRMED_FIELDS = frozenset({"surname", "given_name", "patronymic", "birth_year", "birth_month", "birth_day",
                             "rank", "service_number"})


def stale_confirmations(organisation_id: int, declaration_ids: list[int]) -> dict[int, int]:
    """{declaration id: confirmation id} of the organisation's confirmations given before the identity core changed."""
    stale: dict[int, int] = {}
    for start in range(0, len(declaration_ids), LIST_CHUNK):
        chunk = declaration_ids[start:start + LIST_CHUNK]
        changed: dict[int, dt.datetime] = {}
        for pk, at, fields in DeclarationVersion.objects.filter(declaration_id__in=chunk).values_list(
                "declaration_id", "superseded_at", "changed_fields"):
            if CONFIRMED_FIELDS.intersection(fields) and (pk not in changed or at > changed[pk]):
                changed[pk] = at
        for pk, declaration, at in IdentityConfirmation.objects.filter(
                organisation_id=organisation_id, declaration_id__in=list(changed)).values_list(
                "pk", "declaration_id", "confirmed_at"):
            if at <= changed[declaration]:
                stale[declaration] = pk
    return stale


LIST_CHUNK = 900  # ids per query: well under every database's limit on bound parameters


def _visible_ids(acting_user: Any, declarations: list[Declaration]) -> set[int]:
    from homeward.accounts.scoping import declarations_for

    ids = [d.pk for d in declarations]
    visible: set[int] = set()
    for start in range(0, len(ids), LIST_CHUNK):
        visible.update(declarations_for(acting_user).filter(pk__in=ids[start:start + LIST_CHUNK])
                       .values_list("pk", flat=True))
    return visible


def _existing(rows: Any, declarations: list[Declaration]) -> set[int]:
    """Which of the declarations already have a row (a share, a confirmation), chunk by chunk."""
    ids = [d.pk for d in declarations]
    found: set[int] = set()
    for start in range(0, len(ids), LIST_CHUNK):
        found.update(rows.filter(declaration_id__in=ids[start:start + LIST_CHUNK])
                     .values_list("declaration_id", flat=True))
    return found


@audited_service
def declarations_share_list(*, declarations: list[Declaration], organisation: Organisation, purpose: str,
                            acting_user: Any) -> int:
    """Share a whole list (an exchange list, a request list) in one act, with one audit entry.

    Each record is checked as ``declaration_share`` checks one; records already
    shared with the organisation are left as they are. Returns how many were shared.
    """
    actor = require_actor(acting_user)
    for declaration in declarations:
        if not (actor.can_edit_records_of(declaration.party) or actor.is_mediator):
            raise NotAllowed(_("Only the declaring party or the mediator may share a record."))
        _check_share(declaration, organisation, purpose)
    if len(_visible_ids(acting_user, declarations)) != len({d.pk for d in declarations}):
        raise NotAllowed(_("A record on this list is not visible to your organisation."))
    already = _existing(DeclarationShare.objects.filter(organisation=organisation), declarations)
    now = timezone.now()
    new = [DeclarationShare(declaration=d, organisation=organisation, purpose=purpose.strip(), created_at=now,
                            created_by=acting_user) for d in {d.pk: d for d in declarations}.values()
           if d.pk not in already]
    DeclarationShare.objects.bulk_create(new, batch_size=2000)
    audit.record(acting_user=acting_user, action="registry.declaration.share_list", object_type="organisation",
                 object_id=organisation.public_id,
                 after={"declarations": sorted(str(s.declaration.public_id) for s in new), "purpose": purpose.strip()},
                 summary={"shared": len(new), "already_shared": len(already)})
    return len(new)


@audited_service
def identities_confirm_list(*, declarations: list[Declaration], basis: str, acting_user: Any) -> int:
    """The other side confirms a list of identities at once (its reviewed answer to an exchange list)."""
    actor = require_actor(acting_user)
    if not actor.is_party or actor.role not in EDITOR_ROLES:
        raise NotAllowed(_("Only a coordinator or operator of the other party may confirm an identity."))
    basis = basis.strip()
    if not basis or len(basis) > 300:
        raise InvalidField("basis", _("Say what the confirmation rests on (at most 300 characters)."))
    for declaration in declarations:
        if declaration.party_id == actor.organisation.pk or declaration.kind != DeclarationKind.HELD:
            raise NotAllowed(_("Only the other party confirms identities, and only of people held."))
    if len(_visible_ids(acting_user, declarations)) != len({d.pk for d in declarations}):
        raise NotAllowed(_("A record on this list is not shared with your organisation."))
    existing = _existing(IdentityConfirmation.objects.filter(organisation=actor.organisation), declarations)
    stale = stale_confirmations(actor.organisation.pk, sorted(existing))
    now = timezone.now()
    IdentityConfirmation.objects.filter(pk__in=list(stale.values())).update(
        basis=basis, confirmed_at=now, confirmed_by=acting_user)
    already = existing - set(stale)
    unique = {d.pk: d for d in declarations}
    new = [IdentityConfirmation(declaration=d, organisation=actor.organisation, basis=basis, confirmed_at=now,
                                confirmed_by=acting_user) for d in unique.values() if d.pk not in existing]
    IdentityConfirmation.objects.bulk_create(new, batch_size=2000)
    confirmed = sorted(str(d.public_id) for d in unique.values() if d.pk not in already)
    audit.record(acting_user=acting_user, action="registry.identity.confirm_list", object_type="organisation",
                 object_id=actor.organisation.public_id, after={"declarations": confirmed, "basis": basis},
                 summary={"confirmed": len(confirmed), "already_confirmed": len(already)})
    return len(confirmed)
