"""The one scoping layer: who may see and do what, and the only way to fetch protected rows.

Views, API endpoints, exports and commands reach protected records through
the ``*_for`` functions here; each returns only rows the actor's organisation
may see, and ``get_*_for_user`` answers 404 for a row that exists but belongs
to someone else, so existence does not leak.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from homeward.accounts.choices import OrganisationKind, Role
from homeward.accounts.models import Membership, Organisation

if TYPE_CHECKING:
    from homeward.agreements.models import Agreement, AgreementVersion, Proposal, Talks
    from homeward.registry.models import Declaration, HealthRecord, ImportBatch, Interview

EDITOR_ROLES = frozenset({Role.COORDINATOR, Role.OPERATOR})
# Fields of a declaration that stay inside the declaring party, even in a history's list of changes.
INTERNAL_FIELDS = frozenset({"internal_note"})
# The mediator's staff who examine and plan; its auditors and read-only users do not need health details.
MEDIATOR_HEALTH_ROLES = frozenset({Role.COORDINATOR, Role.OPERATOR, Role.MEDICAL_OFFICER})


class NotAllowed(PermissionError):
    """The actor's role does not allow this action (maps to HTTP 403)."""


@dataclass(frozen=True)
class Actor:
    """A signed-in user with their one organisation and role, as policy sees them."""

    user: Any
    organisation: Organisation
    role: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)

    @property
    def is_mediator(self) -> bool:
        return self.organisation.kind == OrganisationKind.MEDIATOR

    @property
    def is_party(self) -> bool:
        return self.organisation.kind == OrganisationKind.PARTY

    @property
    def sees_health(self) -> bool:
        """Health details are a special category: medical officers and the mediator's working staff.

        Everyone else, a medical service's read-only users included, sees the derived flags.
        """
        return self.role == Role.MEDICAL_OFFICER or (self.is_mediator and self.role in MEDIATOR_HEALTH_ROLES)

    @property
    def sees_interview_content(self) -> bool:
        return self.is_mediator and self.role != Role.AUDITOR

    @property
    def sees_negotiations(self) -> bool:
        """Talks and agreements: the parties and the mediator (each their own), observers (all, read-only)."""
        return self.is_party or self.is_mediator or self.organisation.kind == OrganisationKind.OBSERVER

    @property
    def sees_audit_log(self) -> bool:
        return self.role == Role.AUDITOR or self.is_mediator

    @property
    def runs_witness(self) -> bool:
        """Each party, the mediator and observers run a witness; their coordinators and auditors manage it."""
        return self.organisation.kind != OrganisationKind.MEDICAL_SERVICE and self.role in (
            Role.COORDINATOR, Role.AUDITOR)

    def sees_internal_note_of(self, declaration: Declaration) -> bool:
        """A party's internal note is its own: not the other party, not the mediator."""
        return declaration.party_id == self.organisation.pk

    def sees_provenance_of(self, declaration: Declaration) -> bool:
        """Who changed a record, why (an import's reason names its file), custody notes.

        The declaring party's internals: the mediator, who arbitrates disputes
        about the lists, sees them; an organisation the record is shared with
        sees what the record says, not how the other side's office works.
        """
        return self.is_mediator or declaration.party_id == self.organisation.pk

    def can_edit_records_of(self, party: Organisation) -> bool:
        return self.is_party and party.pk == self.organisation.pk and self.role in EDITOR_ROLES

    @property
    def can_import(self) -> bool:
        return self.is_party and self.role in EDITOR_ROLES

    @property
    def can_record_health(self) -> bool:
        return self.role == Role.MEDICAL_OFFICER

    @property
    def can_record_interview(self) -> bool:
        return self.is_mediator and self.role == Role.COORDINATOR


def actor_for(user: Any) -> Actor | None:
    """The policy view of ``user``; None for anonymous, inactive or unaffiliated users."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    cached = getattr(user, "_homeward_actor", None)
    if cached is not None:
        return cached
    membership = Membership.objects.select_related("organisation").filter(user=user).first()
    if membership is None:
        return None
    actor = Actor(user=user, organisation=membership.organisation, role=membership.role)
    user._homeward_actor = actor
    return actor


def require_actor(user: Any) -> Actor:
    actor = actor_for(user)
    if actor is None:
        raise NotAllowed(_("You are not a member of any organisation in homeward."))
    return actor


def _uuid_or_404(public_id: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(public_id))
    except ValueError:
        raise Http404(_("No such record.")) from None


def declaration_visibility(actor: Actor, via: str = "") -> Q:
    """Which declarations an organisation sees: its own, those shared with it; the mediator all.

    ``via`` names the declaration from another table's rows ("declaration" for plan or manifest entries),
    so the check is made row by row there instead of listing every visible declaration first.
    """
    return organisation_declaration_visibility(actor.organisation, via)


def organisation_declaration_visibility(organisation: Organisation, via: str = "") -> Q:
    """declaration_visibility for any member of ``organisation``: it depends on the organisation, not the role,
    so figures derived from it may be kept per organisation."""
    if organisation.kind == OrganisationKind.MEDIATOR:
        return Q()
    if organisation.kind == OrganisationKind.OBSERVER:
        return Q(pk__in=[])
    own = f"{via}__party" if via else "party"
    return Q(**{own: organisation}) | shared_with(organisation, via or "pk")


def shared_with(organisation: Organisation, via: str) -> Q:
    """Rows whose declaration (``via``: "pk" on declarations, the foreign key elsewhere) is shared with the
    organisation.

    A correlated ``EXISTS`` on the shares' (declaration, organisation) index, not a join: a join repeats rows
    and, OR-ed with the party, made every list (and every count) scan all declarations against all shares.
    ``EXISTS`` leaves each database its choice. SQLite and PostgreSQL both look up only the rows a page
    reaches, walking an ordered index and stopping at the page's 50 (PostgreSQL planned ``id IN (shares)`` as
    a hash join of every declaration and then a sort: 14 ms for a plan's first page, 0.5 ms now), and
    PostgreSQL still hashes the shares once when it counts every row.
    """
    from homeward.registry.models import DeclarationShare

    return Q(Exists(DeclarationShare.objects.filter(organisation=organisation, declaration=OuterRef(via))))


def declarations_for(user: Any) -> QuerySet[Declaration]:
    from homeward.registry.models import Declaration

    actor = actor_for(user)
    if actor is None:
        return Declaration.objects.none()
    return Declaration.objects.filter(declaration_visibility(actor))


def get_declaration_for_user(user: Any, public_id: Any) -> Declaration:
    """The only way a view reaches one declaration; 404 when it is not visible."""
    found = declarations_for(user).select_related("party").filter(public_id=_uuid_or_404(public_id)).first()
    if found is None:
        raise Http404(_("No such record."))
    return found


def can_see_declaration(user: Any, declaration: Declaration) -> bool:
    return declarations_for(user).filter(pk=declaration.pk).exists()


def require_visible(user: Any, declaration: Declaration) -> None:
    """Refuse a write about a declaration the user's organisation may not see."""
    if not can_see_declaration(user, declaration):
        raise NotAllowed(_("This record is not shared with your organisation."))


def health_records_for(user: Any, declaration: Declaration) -> QuerySet[HealthRecord]:
    from homeward.registry.models import HealthRecord

    actor = actor_for(user)
    if actor is None or not actor.sees_health:
        return HealthRecord.objects.none()
    # Checked here too, so a caller holding a declaration it should not see gets nothing.
    return HealthRecord.objects.filter(declaration=declaration, declaration__in=declarations_for(user))


def interviews_for(user: Any, declaration: Declaration) -> QuerySet[Interview]:
    """Interview rows (with their content) for the mediator only; parties see the outcome flag."""
    from homeward.registry.models import Interview

    actor = actor_for(user)
    if actor is None or not actor.sees_interview_content:
        return Interview.objects.none()
    return Interview.objects.filter(declaration=declaration, declaration__in=declarations_for(user))


@dataclass(frozen=True)
class VersionView:
    """One superseded version as a viewer may see it; None where the declarer's provenance is withheld."""

    version: int
    changed_fields: tuple[str, ...]
    superseded_at: dt.datetime
    reason: str | None
    superseded_by: str | None


@dataclass(frozen=True)
class CustodyView:
    """One custody event as a viewer may see it; the note is the declarer's, None when withheld."""

    kind: str
    kind_label: str
    occurred_on: dt.date | None
    place: str
    note: str | None


def history_for(user: Any, declaration: Declaration) -> list[VersionView]:
    """A declaration's versions for the page, the API and any export: the one place they are redacted."""
    actor = require_actor(user)
    provenance, note = actor.sees_provenance_of(declaration), actor.sees_internal_note_of(declaration)
    # The snapshots are never shown and hold the internal note: they are not even loaded.
    versions = declaration.versions.defer("snapshot").select_related("superseded_by")
    return [
        VersionView(
            version=v.version, superseded_at=v.superseded_at,
            changed_fields=tuple(f for f in v.changed_fields if note or f not in INTERNAL_FIELDS),
            reason=v.reason if provenance else None,
            superseded_by=v.superseded_by.get_username() if provenance else None,
        )
        for v in versions.filter(declaration__in=declarations_for(user))
    ]


def custody_events_for(user: Any, declaration: Declaration) -> list[CustodyView]:
    actor = require_actor(user)
    provenance = actor.sees_provenance_of(declaration)
    events = declaration.custody_events.filter(declaration__in=declarations_for(user))
    return [
        CustodyView(kind=e.kind, kind_label=e.get_kind_display(), occurred_on=e.occurred_on, place=e.place,
                    note=e.note if provenance else None)
        for e in events
    ]


def declared_by_for(user: Any, declaration: Declaration) -> str | None:
    """Who declared the person: the declarer's provenance, like the history."""
    return declaration.created_by.get_username() if require_actor(user).sees_provenance_of(declaration) else None


def import_batches_for(user: Any) -> QuerySet[ImportBatch]:
    from homeward.registry.models import ImportBatch

    actor = actor_for(user)
    if actor is None:
        return ImportBatch.objects.none()
    if actor.is_mediator:
        return ImportBatch.objects.all()
    if not actor.is_party:
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(party=actor.organisation)


def corrections_for(user: Any) -> QuerySet[Any]:
    """Superseded versions of the user's own party's declarations: its own provenance, nobody else's."""
    from homeward.registry.models import DeclarationVersion

    actor = actor_for(user)
    if actor is None or not actor.is_party:
        return DeclarationVersion.objects.none()
    # A party sees every record it declared: its own party's versions, found from the versions (few) rather than
    # by listing every visible declaration first (thousands).
    return DeclarationVersion.objects.filter(declaration__party=actor.organisation)


def examinations_for(user: Any) -> QuerySet[HealthRecord]:
    """Certified health findings on every record the user sees, for those who see health details."""
    from homeward.registry.models import HealthRecord

    actor = actor_for(user)
    if actor is None or not actor.sees_health:
        return HealthRecord.objects.none()
    return HealthRecord.objects.filter(declaration__in=declarations_for(user).values("pk"))


def get_import_batch_for_user(user: Any, public_id: Any) -> ImportBatch:
    found = import_batches_for(user).filter(public_id=_uuid_or_404(public_id)).first()
    if found is None:
        raise Http404(_("No such import."))
    return found


def _negotiation_visibility(actor: Actor | None, prefix: str = "") -> Q | None:
    """Talks and agreements: the two parties and the mediator of each; observers read all.

    None (nothing) for medical services and anyone without an active membership:
    an agreement's terms are the parties' and the mediator's business.
    """
    if actor is None or not actor.sees_negotiations:
        return None
    if actor.organisation.kind == OrganisationKind.OBSERVER:
        return Q()
    org = actor.organisation
    return Q(**{f"{prefix}party_a": org}) | Q(**{f"{prefix}party_b": org}) | Q(**{f"{prefix}mediator": org})


def _negotiation_rows(user: Any, model: Any, prefix: str = "") -> QuerySet[Any]:
    visible = _negotiation_visibility(actor_for(user), prefix)
    return model.objects.none() if visible is None else model.objects.filter(visible)


def talks_for(user: Any) -> QuerySet[Talks]:
    from homeward.agreements.models import Talks

    return _negotiation_rows(user, Talks)


def proposals_for(user: Any) -> QuerySet[Proposal]:
    from homeward.agreements.models import Proposal

    return _negotiation_rows(user, Proposal, "talks__")


def agreements_for(user: Any) -> QuerySet[Agreement]:
    from homeward.agreements.models import Agreement

    return _negotiation_rows(user, Agreement)


def agreement_versions_for(user: Any) -> QuerySet[AgreementVersion]:
    from homeward.agreements.models import AgreementVersion

    return _negotiation_rows(user, AgreementVersion, "agreement__")


def _one(rows: QuerySet[Any], public_id: Any, what: str) -> Any:
    found = rows.filter(public_id=_uuid_or_404(public_id)).first()
    if found is None:
        raise Http404(_("No such %(what)s.") % {"what": what})
    return found


def get_talks_for_user(user: Any, public_id: Any) -> Talks:
    return _one(talks_for(user).select_related("mediator", "party_a", "party_b"), public_id, "talks")


def get_proposal_for_user(user: Any, public_id: Any) -> Proposal:
    rows = proposals_for(user).select_related("talks", "proposed_by")
    return _one(rows, public_id, "proposal")


def get_agreement_for_user(user: Any, public_id: Any) -> Agreement:
    rows = agreements_for(user).select_related("talks", "mediator", "party_a", "party_b")
    return _one(rows, public_id, "agreement")


def audit_entries_for(user: Any) -> QuerySet[Any]:
    from homeward.audit.models import AuditEntry

    actor = actor_for(user)
    if actor is None or not actor.sees_audit_log:
        return AuditEntry.objects.none()
    if actor.is_party:
        # A party's auditor reads its own organisation's entries; the whole chain's
        # hashes are published through the transparency log, not through this list.
        return AuditEntry.objects.filter(organisation=actor.organisation)
    return AuditEntry.objects.all()


def transparency_checkpoints_for(user: Any) -> QuerySet[Any]:
    """Checkpoints and proofs hold hashes only: every member may fetch them to check the log."""
    from homeward.audit.models import Checkpoint

    if actor_for(user) is None:
        return Checkpoint.objects.none()
    return Checkpoint.objects.all()


def witnesses_for(user: Any) -> QuerySet[Any]:
    """The witnesses whose cosignatures this user may submit: its own organisation's."""
    from homeward.audit.models import Witness

    actor = actor_for(user)
    if actor is None or not actor.runs_witness:
        return Witness.objects.none()
    return Witness.objects.filter(organisation=actor.organisation, retired_at__isnull=True)


def trust_root_versions_for(user: Any) -> QuerySet[Any]:
    """Trust root versions of the agreements the user's organisation signs: party A, party B, the mediator."""
    from homeward.accounts.models import TrustRootVersion

    actor = actor_for(user)
    if actor is None or not (actor.is_party or actor.is_mediator):
        return TrustRootVersion.objects.none()
    org = actor.organisation
    return TrustRootVersion.objects.filter(
        Q(agreement__party_a=org) | Q(agreement__party_b=org) | Q(agreement__mediator=org))


# Remains: a transfer and its units are the sender's, the receiver's and the agreement's mediator's.
# Identifications are the receiving party's and the mediator's, and the person's own party's when
# the remains go back to it (a return). Observers and medical services see none of these rows;
# observers read an agreement's remains progress as aggregates (remains_progress_agreements_for).

def _remains_org(user: Any) -> Organisation | None:
    actor = actor_for(user)
    return actor.organisation if actor is not None and (actor.is_party or actor.is_mediator) else None


def remains_transfers_for(user: Any) -> QuerySet[Any]:
    from homeward.remains.models import RemainsTransfer

    org = _remains_org(user)
    if org is None:
        return RemainsTransfer.objects.none()
    return RemainsTransfer.objects.filter(Q(sender=org) | Q(receiver=org) | Q(agreement__mediator=org))


def get_remains_transfer_for_user(user: Any, public_id: Any) -> Any:
    rows = remains_transfers_for(user).select_related("agreement", "sender", "receiver")
    return _one(rows, public_id, "transfer")


def remains_units_for(user: Any) -> QuerySet[Any]:
    from homeward.remains.models import RemainsUnit

    return RemainsUnit.objects.filter(transfer__in=remains_transfers_for(user))


def get_remains_unit_for_user(user: Any, public_id: Any) -> Any:
    return _one(remains_units_for(user).select_related("transfer", "transfer__agreement"), public_id, "unit")


def identifications_for(user: Any) -> QuerySet[Any]:
    from homeward.remains.models import Identification

    org = _remains_org(user)
    if org is None:
        return Identification.objects.none()
    returned_to_org = Q(own_party=org) & ~Q(receiving_party=org)
    return Identification.objects.filter(Q(receiving_party=org) | Q(agreement__mediator=org) | returned_to_org)


def get_identification_for_user(user: Any, public_id: Any) -> Any:
    rows = identifications_for(user).select_related("agreement", "receiving_party", "sending_party", "own_party")
    return _one(rows, public_id, "identification")


def remains_returns_for(user: Any) -> QuerySet[Any]:
    from homeward.remains.models import RemainsReturn

    org = _remains_org(user)
    if org is None:
        return RemainsReturn.objects.none()
    return RemainsReturn.objects.filter(Q(from_party=org) | Q(to_party=org)
                                        | Q(identification__agreement__mediator=org))


def get_remains_return_for_user(user: Any, public_id: Any) -> Any:
    rows = remains_returns_for(user).select_related("identification", "from_party", "to_party")
    return _one(rows, public_id, "return")


def remains_agreements_for(user: Any) -> QuerySet[Agreement]:
    """Agreements whose transfers the user's organisation works with: its two parties and its mediator."""
    from homeward.agreements.models import Agreement

    org = _remains_org(user)
    if org is None:
        return Agreement.objects.none()
    return Agreement.objects.filter(Q(party_a=org) | Q(party_b=org) | Q(mediator=org))


def remains_progress_agreements_for(user: Any) -> QuerySet[Agreement]:
    """Agreements whose remains progress (counts only) the user may read: as agreements_for, observers included."""
    return agreements_for(user)


# Phase plans: the two parties to the agreement and its mediator; nobody else.
def plans_for(user: Any) -> QuerySet[Any]:
    from homeward.planning.models import PhasePlan

    actor = actor_for(user)
    if actor is None:
        return PhasePlan.objects.none()
    org = actor.organisation
    return PhasePlan.objects.filter(
        Q(agreement__party_a=org) | Q(agreement__party_b=org) | Q(agreement__mediator=org))


def get_plan_for_user(user: Any, public_id: Any) -> Any:
    found = plans_for(user).select_related(
        "agreement", "agreement__party_a", "agreement__party_b", "agreement__mediator", "terms_version", "previous",
    ).filter(
        public_id=_uuid_or_404(public_id)).first()
    if found is None:
        raise Http404(_("No such plan."))
    return found


def plan_entries_for(user: Any, plan: Any) -> QuerySet[Any]:
    """A plan's entries for people the user's organisation may see; the rest are counted, never shown."""
    actor = actor_for(user)
    if actor is None:
        return plan.entries.none()
    return plan.entries.filter(declaration_visibility(actor, "declaration"))


def plan_adjustments_for(user: Any, plan: Any) -> QuerySet[Any]:
    """A plan's locks and exclusions on people the user's organisation may see: the others' names are not shared."""
    actor = actor_for(user)
    if actor is None:
        return plan.adjustments.none()
    return plan.adjustments.filter(declaration_visibility(actor, "declaration"))


def planning_agreements_for(user: Any) -> QuerySet[Any]:
    """Agreements whose phases the user's organisation plans or approves: the two parties and the mediator."""
    from homeward.agreements.models import Agreement

    actor = actor_for(user)
    if actor is None:
        return Agreement.objects.none()
    org = actor.organisation
    return Agreement.objects.filter(Q(party_a=org) | Q(party_b=org) | Q(mediator=org))


def plan_entries_of_person_for(user: Any, declaration: Declaration) -> QuerySet[Any]:
    """A visible person's place in the current (not superseded) versions of plans the user may see."""
    from homeward.planning.models import PlanEntry

    require_visible(user, declaration)
    return (PlanEntry.objects.filter(declaration=declaration, plan__in=plans_for(user))
            .exclude(plan__state="superseded").select_related("plan", "plan__agreement")
            .order_by("plan__phase_index"))


# Operations: manifests and protocols follow their plan; after-care follows the person.
def manifests_for(user: Any) -> QuerySet[Any]:
    from homeward.operations.models import Manifest

    return Manifest.objects.filter(plan__in=plans_for(user))


def get_manifest_for_user(user: Any, public_id: Any) -> Any:
    found = manifests_for(user).select_related("plan", "plan__agreement").filter(
        public_id=_uuid_or_404(public_id)).first()
    if found is None:
        raise Http404(_("No such manifest."))
    return found


def manifest_entries_for(user: Any, manifest: Any) -> QuerySet[Any]:
    """A manifest's people whose records the user's organisation may see; the rest are counted, not shown."""
    actor = actor_for(user)
    if actor is None:
        return manifest.entries.none()
    return manifest.entries.filter(declaration_visibility(actor, "declaration"))


def aftercare_people_for(user: Any) -> QuerySet[Declaration]:
    """Returned people whose after-care the user follows: the mediator, the medical service (records shared
    with it) and the person's own party — never the party that held them."""
    actor = actor_for(user)
    if actor is None:
        return declarations_for(user).none()
    return organisation_aftercare_people(actor.organisation)


def organisation_aftercare_people(organisation: Organisation) -> QuerySet[Declaration]:
    """aftercare_people_for any member of ``organisation``: it depends on the organisation, not the role."""
    from homeward.operations.ledger import returned_declarations

    returned = returned_declarations()
    if organisation.kind == OrganisationKind.MEDIATOR:
        return returned
    if organisation.kind in (OrganisationKind.PARTY, OrganisationKind.MEDICAL_SERVICE):
        # Checked on the returned rows themselves, not IN a list of every declaration the organisation sees.
        return returned.filter(organisation_declaration_visibility(organisation)).exclude(party=organisation)
    return returned.none()


# Reconciliation: a party sees a run that compared its lists, and a candidate only when it involves one of
# its own records AND it may see both records (the other side's one declared by itself or shared with it).
# A candidate whose other record is not shared is hidden, not shown as "withheld": that a roster holds
# someone like a party's missing person is exactly what the holding side has not told it yet.
def reconciliation_runs_for(user: Any) -> QuerySet[Any]:
    from homeward.matching.models import ReconciliationRun

    actor = actor_for(user)
    if actor is None or not (actor.is_mediator or actor.is_party):
        return ReconciliationRun.objects.none()
    if actor.is_mediator:
        return ReconciliationRun.objects.all()
    org = actor.organisation
    return ReconciliationRun.objects.filter(Q(left_party=org) | Q(right_party=org))


def get_reconciliation_run_for_user(user: Any, public_id: Any) -> Any:
    rows = reconciliation_runs_for(user).select_related("left_party", "right_party", "started_by")
    return _one(rows, public_id, "reconciliation run")


def match_candidates_for(user: Any) -> QuerySet[Any]:
    from homeward.matching.models import MatchCandidate

    actor = actor_for(user)
    if actor is None:
        return MatchCandidate.objects.none()
    return organisation_match_candidates(actor.organisation)


def organisation_match_candidates(org: Organisation) -> QuerySet[Any]:
    """match_candidates_for any member of ``org``: it depends on the organisation, not the role."""
    from homeward.matching.models import MatchCandidate

    if org.kind == OrganisationKind.MEDIATOR:
        return MatchCandidate.objects.all()
    if org.kind != OrganisationKind.PARTY:
        return MatchCandidate.objects.none()
    # declaration_visibility for a party (its own, or shared with it), spelt per side of the pair: one of the
    # two is its own, the other its own or shared. Joining through shares (or IN over declarations_for) made
    # SQLite scan every candidate against every visible declaration: seconds at 10,000 per side.
    own_left, own_right = Q(left__party=org), Q(right__party=org)
    return MatchCandidate.objects.filter((own_left & (own_right | shared_with(org, "right")))
                                         | (own_right & shared_with(org, "left")))


def get_match_candidate_for_user(user: Any, public_id: Any) -> Any:
    rows = match_candidates_for(user).select_related("run", "left", "left__party", "right", "right__party",
                                                     "decided_by_organisation")
    return _one(rows, public_id, "candidate")


@dataclass(frozen=True)
class MatchDecisionView:
    """One decision as a viewer may see it: another organisation's reviewer and reason are its provenance."""

    verdict: str
    verdict_label: str
    organisation: str
    decided_at: dt.datetime
    automatic: bool
    reason: str | None
    decided_by: str | None


def match_decisions_for(user: Any, candidate: Any) -> list[MatchDecisionView]:
    """A visible candidate's decisions; who decided and why only for the deciding organisation and the mediator."""
    actor = require_actor(user)
    rows = candidate.decisions.filter(candidate__in=match_candidates_for(user)) \
        .select_related("decided_by", "organisation")
    views = []
    for d in rows:
        shown = actor.is_mediator or d.organisation_id == actor.organisation.pk
        views.append(MatchDecisionView(
            verdict=d.verdict, verdict_label=d.get_verdict_display(), organisation=d.organisation.short_name,
            decided_at=d.decided_at, automatic=d.automatic, reason=d.reason if shown else None,
            decided_by=d.decided_by.get_username() if shown else None))
    return views
