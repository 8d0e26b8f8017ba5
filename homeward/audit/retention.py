"""How long each kind of personal record is kept, and the purge that ends it.

Every kind of personal record homeward holds has a purpose and a rule: kept
for a period after an event (a person crossing the line, a remains return
completed, an import committed), then purged. Purging a record goes through
:func:`retention_purge`, an audited service: the record's personal data is
deleted (or, where the row is evidence others point at, such as a person on a
signed manifest, emptied of everything that identifies anyone), the salts of
the log entries about it are deleted with a tombstone each (crypto-shredding,
:func:`homeward.audit.checkpoints.leaf_shred`), and a ``retention.purge`` entry
says what went under which rule. The log still verifies: its leaves stay.

``homeward purge`` (from cron, daily) runs every rule; ``--dry-run`` lists
what would go. A second run finds nothing more: purged records are not due
again. The table is :data:`RULES`; docs/security.md explains each period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db.models import F, Q
from django.utils import timezone

from homeward.audit import services as audit
from homeward.audit.checkpoints import leaf_shred
from homeward.audit.guard import audited_service
from homeward.audit.models import AuditEntry
from homeward_core.transparency.records import PURGE_ACTION

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Rule:
    """One kind of personal record: why it is kept, for how long after which event, and what purging does."""

    kind: str
    record: str
    purpose: str
    keep: dt.timedelta
    after: str
    purge: str


RULES: tuple[Rule, ...] = (
    Rule("session", "sign-in sessions (django_session)", "keep a signed-in user signed in",
         dt.timedelta(0), "the session expires", "the row is deleted"),
    Rule("sign_in_failure", "counts of failed sign-ins per account and address (django-axes)",
         "lock out password guessing", 30 * DAY, "the last failed attempt", "the row is deleted"),
    Rule("import_file", "an uploaded roster file, its checked rows and the check's report",
         "check a party's list and commit it", 30 * DAY, "the commit (or the upload, if never committed)",
         "file and staged rows deleted, report emptied; the batch's counts stay"),
    Rule("interview", "the mediator's pre-release interview notes",
         "establish that the person consents to repatriation", 90 * DAY, "the person crossed the line",
         "deleted; the outcome flag on the person stays"),
    Rule("health_record", "health certifications (details, certifier)",
         "priority in the exchange and care in transit and after return", 365 * DAY,
         "the person crossed the line", "deleted"),
    Rule("remains_identification", "the laboratory case reference of an identification",
         "return of remains and notifying the family", 365 * DAY,
         "the remains were returned (or identified, when they stay)", "the reference is replaced"),
    Rule("person", "a person's identity, custody, versions, shares, after-care and per-person outcome notes",
         "exchange, handover and any dispute over them", 730 * DAY,
         "the person crossed the line, or their remains were identified",
         "identity and notes emptied, history deleted; who was on which manifest stays, by public id only"),
)
RULE_BY_KIND = {rule.kind: rule for rule in RULES}


@dataclass(frozen=True)
class Due:
    """A record past its retention: which rule, which record, since when."""

    rule: Rule
    record: Any
    label: str
    event_at: dt.datetime | dt.date | None

    def describe(self) -> str:
        when = f" (after {self.event_at:%Y-%m-%d})" if self.event_at else ""
        return f"{self.rule.kind} {self.label}{when}"


def due(now: dt.datetime | None = None) -> Iterator[Due]:
    """Every record past its rule's period at ``now``, rule by rule in the table's order."""
    now = now or timezone.now()
    for rule in RULES:
        yield from _FINDERS[rule.kind](rule, now - rule.keep)


@audited_service
def retention_purge(*, item: Due, acting_user: Any = None) -> AuditEntry:
    """Purge one record under its rule: its data, the salts of the log entries about it, then say so."""
    public_ids, counts = _PURGERS[item.rule.kind](item.record)
    shredded = 0
    if public_ids:
        about = AuditEntry.objects.filter(object_id__in=public_ids, salt__isnull=False).exclude(action=PURGE_ACTION)
        for entry in about.order_by("sequence"):
            leaf_shred(entry=entry, acting_user=acting_user)
            shredded += 1
    subject = getattr(item.record, "public_id", None)
    # A person's purge is entered under their party, whose auditor's verifier must see that the row its
    # import's seal bound was purged, not deleted (homeward_core/transparency/records.py).
    party = item.record.party if item.rule.kind == "person" else None
    return audit.record(acting_user=acting_user, action=PURGE_ACTION, object_type=item.rule.kind,
                        object_id=subject, organisation=party,
                        summary={"rule": item.rule.kind, "shredded": shredded, **counts})


def purge_due(now: dt.datetime | None = None, *, acting_user: Any = None) -> list[Due]:
    """Purge everything past its retention, each record in its own transaction; what was purged."""
    done = []
    for item in list(due(now)):
        retention_purge(item=item, acting_user=acting_user)
        done.append(item)
    if done:
        # Figures kept until the next write (a name in a plan's changes, a count) under an older head are never
        # served again, but would stay in a shared cache's table until culled: purged means gone from there too.
        cache.clear()
    return done


# Finders: the records each rule has made due, never one already purged.

def _already_purged(kind: str) -> Any:
    return AuditEntry.objects.filter(action=PURGE_ACTION, object_type=kind).values("object_id")


def crossed_before(cutoff: dt.datetime) -> Any:
    """Declarations of people who crossed the line (handed over, or as a substitute) before ``cutoff``."""
    from homeward.operations.choices import Outcome
    from homeward.registry.models import Declaration

    return Declaration.objects.filter(
        Q(manifest_entries__outcome__outcome=Outcome.HANDED_OVER, manifest_entries__outcome__occurred_at__lt=cutoff)
        | Q(substituted_for__outcome=Outcome.SUBSTITUTED, substituted_for__occurred_at__lt=cutoff)
    ).distinct()


def _sessions(rule: Rule, cutoff: dt.datetime) -> Iterator[Due]:
    expired = Session.objects.filter(expire_date__lt=cutoff).count()
    if expired:
        yield Due(rule, cutoff, f"{expired} expired", None)


def _sign_in_failures(rule: Rule, cutoff: dt.datetime) -> Iterator[Due]:
    from axes.models import AccessAttempt

    stale = AccessAttempt.objects.filter(attempt_time__lt=cutoff).count()
    if stale:
        yield Due(rule, cutoff, f"{stale} older than {rule.keep.days} days", None)


def _import_files(rule: Rule, cutoff: dt.datetime) -> Iterator[Due]:
    from homeward.registry.choices import ImportState
    from homeward.registry.models import ImportBatch

    old = ImportBatch.objects.filter(Q(state=ImportState.COMMITTED, committed_at__lt=cutoff)
                                     | (~Q(state=ImportState.COMMITTED) & Q(created_at__lt=cutoff)))
    for batch in old.exclude(public_id__in=_already_purged(rule.kind)).order_by("created_at"):
        yield Due(rule, batch, str(batch.public_id), batch.committed_at or batch.created_at)


def _per_crossed_person(model_name: str) -> Callable[[Rule, dt.datetime], Iterator[Due]]:
    def finder(rule: Rule, cutoff: dt.datetime) -> Iterator[Due]:
        from django.apps import apps

        model = apps.get_model("registry", model_name)
        for row in model.objects.filter(declaration__in=crossed_before(cutoff)).order_by("pk"):
            yield Due(rule, row, str(row.public_id), None)

    return finder


def _remains_identifications(rule: Rule, cutoff: dt.datetime) -> Iterator[Due]:
    from homeward.remains.models import Identification

    returned = Q(remains_return__completed_on__lt=cutoff.date())
    staying = Q(own_party=F("receiving_party"), identified_on__lt=cutoff.date())
    rows = Identification.objects.filter(returned | staying).exclude(laboratory_reference__startswith=PURGED_REF)
    for row in rows.order_by("pk"):
        yield Due(rule, row, str(row.public_id), row.identified_on)


def _people(rule: Rule, cutoff: dt.datetime) -> Iterator[Due]:
    from homeward.registry.models import Declaration
    from homeward.remains.models import Identification

    identified = Identification.objects.filter(
        Q(remains_return__completed_on__lt=cutoff.date())
        | Q(own_party=F("receiving_party"), identified_on__lt=cutoff.date())).values("person")
    people = Declaration.objects.filter(Q(pk__in=crossed_before(cutoff).values("pk")) | Q(pk__in=identified))
    for person in people.exclude(public_id__in=_already_purged(rule.kind)).order_by("pk"):
        yield Due(rule, person, str(person.public_id), None)


# Purgers: each deletes or empties one record's personal data; the public ids whose log entries to shred,
# and counts for the purge's entry (no personal data).

PURGED_REF = "purged:"


def _purge_sessions(cutoff: dt.datetime) -> tuple[list[Any], dict[str, int]]:
    deleted, _ = Session.objects.filter(expire_date__lt=cutoff).delete()
    return [], {"deleted": deleted}


def _purge_sign_in_failures(cutoff: dt.datetime) -> tuple[list[Any], dict[str, int]]:
    from axes.models import AccessAttempt

    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    return [], {"deleted": deleted}


def _purge_import_file(batch: Any) -> tuple[list[Any], dict[str, int]]:
    from homeward.registry.import_checking import stored_path
    from homeward.registry.models import ImportBatch
    from homeward.registry.staging import remove as remove_staged

    path = stored_path(batch)
    existed = path.exists()
    path.unlink(missing_ok=True)
    remove_staged(batch.staged_name)
    ImportBatch.objects.filter(pk=batch.pk).update(report=[], staged_name="", staged_mac="")
    return [], {"files": int(existed)}


def _purge_row(row: Any) -> tuple[list[Any], dict[str, int]]:
    public_id = row.public_id
    row.delete()
    return [public_id], {"deleted": 1}


def _purge_identification(row: Any) -> tuple[list[Any], dict[str, int]]:
    from homeward.remains.models import Identification

    Identification.objects.filter(pk=row.pk).update(laboratory_reference=f"{PURGED_REF}{row.public_id.hex}")
    return [row.public_id], {}


def _purge_person(person: Any) -> tuple[list[Any], dict[str, int]]:
    """Empty the person's identity everywhere; keep the rows that signed documents and counts point at."""
    from homeward.matching.models import MatchDecision
    from homeward.operations.models import AftercareEvent, HandoverOutcome, ManifestEntry
    from homeward.planning.models import PlanAdjustment
    from homeward.registry.models import EDITABLE_FIELDS, Declaration, DeclarationVersion, SealedRow
    from homeward.remains.models import Identification

    ids: list[Any] = [person.public_id]
    counts = {}
    for name, rows in (("custody_events", person.custody_events.all()),
                       ("health_records", person.health_records.all()),
                       ("interviews", person.interviews.all()),
                       ("aftercare_events", AftercareEvent.objects.filter(declaration=person))):
        ids += list(rows.values_list("public_id", flat=True))
        counts[name], _ = rows.delete()
    counts["versions"], _ = DeclarationVersion.objects.filter(declaration=person).delete()
    counts["shares"], _ = person.shares.all().delete()
    confirmations = person.identity_confirmations.all()
    ids += list(confirmations.values_list("public_id", flat=True))
    confirmations.update(basis="")
    outcomes = HandoverOutcome.objects.filter(Q(entry__declaration=person) | Q(substitute=person))
    ids += list(outcomes.values_list("public_id", flat=True))
    outcomes.update(note="")
    manifest_rows = ManifestEntry.objects.filter(declaration=person)
    manifests = set(manifest_rows.values_list("manifest__public_id", flat=True))
    manifest_rows.update(documents="", escort="")
    adjustments = PlanAdjustment.objects.filter(declaration=person)
    plans = set(adjustments.values_list("plan__public_id", flat=True))
    adjustments.update(note="")
    # The manifests and plans keep their entries (they are not the person's): new ones commit to what they
    # now hold, so their records still verify against the log (audit/records.py).
    for kind, changed in (("manifest", manifests), ("phase_plan", plans)):
        for public_id in sorted(changed, key=str):
            audit.record(acting_user=None, action="retention.purge.redact", object_type=kind, object_id=public_id,
                         summary={"person": str(person.public_id)})
    MatchDecision.objects.filter(Q(candidate__left=person) | Q(candidate__right=person)).update(reason="—")
    Identification.objects.filter(person=person).update(person=None)
    emptied = {field: _empty(Declaration, field) for field in EDITABLE_FIELDS if field not in ("legal_status",)}
    Declaration.objects.filter(pk=person.pk).update(search_text="", source_row=None, **emptied)
    # Imported in bulk: shred the row salt of its import's seal (the commitment stays; the seal still verifies).
    counts["sealed_rows"] = SealedRow.objects.filter(declaration_id=person.public_id, salt__isnull=False).update(
        salt=None)
    return ids, counts


def _empty(model: Any, field: str) -> Any:
    return None if model._meta.get_field(field).null else ""


_FINDERS: dict[str, Callable[[Rule, dt.datetime], Iterator[Due]]] = {
    "session": _sessions, "sign_in_failure": _sign_in_failures, "import_file": _import_files,
    "interview": _per_crossed_person("Interview"), "health_record": _per_crossed_person("HealthRecord"),
    "remains_identification": _remains_identifications, "person": _people,
}
_PURGERS: dict[str, Callable[[Any], tuple[list[Any], dict[str, int]]]] = {
    "session": _purge_sessions, "sign_in_failure": _purge_sign_in_failures, "import_file": _purge_import_file,
    "interview": _purge_row, "health_record": _purge_row,
    "remains_identification": _purge_identification, "person": _purge_person,
}
