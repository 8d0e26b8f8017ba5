"""Retention: what is past its rule goes, the rest stays, the log still verifies and says what was shredded."""

from __future__ import annotations

import datetime as dt
import json
from io import BytesIO, StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from homeward.audit import retention
from homeward.audit.models import AuditEntry
from homeward.audit.verification import verify_log
from homeward.operations import services as operations
from homeward.registry import services as registry
from homeward.registry.models import Declaration, HealthRecord, Interview
from homeward_core.transparency.verify import SHRED_ACTION
from tests.audit.test_verify_command import run_verify
from tests.audit.transparency_setup import witnessed_log
from tests.operations.conftest import approved  # noqa: F401  (the fixture)
from tests.operations.test_handover import signed_manifests
from tests.planning.conftest import Exchange, exchange  # noqa: F401  (the fixture)

NOW = timezone.now()
LONG_AGO = NOW - dt.timedelta(days=800)  # past every rule, the person's two years included
LATELY = NOW - dt.timedelta(days=100)  # past the interview's 90 days only
SECRETS = ("Zbigniewska-Purgeable", "Sviatoslav-Purgeable", "SN-PURGE-771", "a shrapnel wound, PURGE-HEALTH",
           "wishes to go home, PURGE-INTERVIEW", "cell 7, PURGE-CUSTODY", "PURGE-ESCORT", "PURGE-DOCS",
           "PURGE-OUTCOME-NOTE", "PURGE-CORRECTION", "PURGE-NOTE", "PURGE-REHAB", "PURGE-SHARE")


def _cross(ex: Exchange, plan, when_by_person):  # noqa: ANN001, ANN202
    world = ex.world
    for manifest in signed_manifests(ex, plan):
        for entry in manifest.entries.select_related("declaration"):
            when = when_by_person.get(entry.declaration.pk, NOW)
            note = "PURGE-OUTCOME-NOTE" if when == LONG_AGO else "kept note"
            operations.handover_record(entry=entry, outcome="handed_over", occurred_at=when, place="Crossing 4",
                                       note=note, acting_user=world.mara)


def _give_a_history(ex: Exchange, person: Declaration, secret: bool) -> None:
    world = ex.world
    tag = (lambda text: text) if secret else (lambda text: f"kept {text[:6]}")
    holder = world.carol if person.party_id == world.party_a.pk else ex.bea
    person = registry.declaration_correct(
        declaration=person, expected_version=person.version, reason=tag("PURGE-CORRECTION"),
        changes={"surname": tag("Zbigniewska-Purgeable"), "given_name": tag("Sviatoslav-Purgeable"),
                 "service_number": tag("SN-PURGE-771"), "internal_note": tag("PURGE-NOTE")},
        acting_user=holder)
    registry.custody_event_record(declaration=person, kind="moved", occurred_on=dt.date(2024, 3, 1),
                                  place="Camp 2", note=tag("cell 7, PURGE-CUSTODY"), acting_user=holder)
    registry.declaration_share(declaration=person, organisation=world.medical,
                               purpose=tag("PURGE-SHARE transit care"), acting_user=holder)
    registry.health_certify(declaration=person, medical_category="B", seriously_wounded=True, ill=False,
                            certified_by="Mixed medical commission", certified_on=dt.date(2024, 4, 1),
                            details=tag("a shrapnel wound, PURGE-HEALTH"), acting_user=world.medic)
    registry.interview_record(declaration=person, outcome="consents", content=tag("wishes to go home, PURGE-INTERVIEW"),
                              interviewed_on=dt.date(2024, 5, 1), acting_user=world.mara)


@pytest.fixture
def crossed(exchange: Exchange, approved):  # noqa: ANN001, ANN201, F811
    """Four people of the approved plan: one crossed 800 days ago, one 100 days ago, the rest just now."""
    from homeward.operations.models import ManifestEntry

    people = [entry.declaration for entry in approved.entries.filter(selected=True).select_related("declaration")]
    old, recent = people[0], people[1]
    _give_a_history(exchange, old, secret=True)
    _give_a_history(exchange, recent, secret=False)
    _cross(exchange, approved, {old.pk: LONG_AGO, recent.pk: LATELY})
    with_escort = ManifestEntry.objects.filter(declaration=old).first()
    assert with_escort is not None
    from homeward.audit.guard import service_context

    with service_context("test: what the mediator wrote on the manifest"):  # no service edits a signed entry
        ManifestEntry.objects.filter(pk=with_escort.pk).update(escort="PURGE-ESCORT", documents="PURGE-DOCS")
        # ... with an entry about the manifest, as a service would write it, so its record still verifies.
        from homeward.audit import services as audit

        audit.record(acting_user=exchange.world.mara, action="test.manifest.annotate", object_type="manifest",
                     object_id=with_escort.manifest.public_id)
    operations.aftercare_record(declaration=Declaration.objects.get(pk=old.pk), stage="rehabilitation",
                                occurred_at=LONG_AGO + dt.timedelta(days=3), facility="PURGE-REHAB",
                                acting_user=exchange.world.medic)
    return Declaration.objects.get(pk=old.pk), Declaration.objects.get(pk=recent.pk), people[2:]


def _every_stored_text() -> str:
    """Every value of every row of every table homeward keeps, as one text to search."""
    chunks = []
    for model in apps.get_models():
        for row in model.objects.all().values():
            chunks.append(json.dumps(row, default=str, ensure_ascii=False))
    return "\n".join(chunks)


def _verifies(world, witnessed, tmp_path, name: str) -> str:  # noqa: ANN001
    witnessed.checkpoint_and_cosign()
    export = tmp_path / f"{name}.json"
    export.write_text(json.dumps(witnessed.export(world.mara)), encoding="utf-8")
    status, out, err = run_verify("--trust", str(witnessed.trust_file()), "--export", str(export),
                                  "--checkpoints", str(witnessed.held("mediator.example/witness")), "--all-entries")
    assert status == 0, err
    assert verify_log().intact
    return out


def test_records_past_retention_go_the_rest_stay_and_the_log_verifies(world, crossed, tmp_path):
    old, recent, others = crossed
    witnessed = witnessed_log(world, tmp_path)
    _verifies(world, witnessed, tmp_path, "before")
    about_old = set(AuditEntry.objects.filter(object_id=old.public_id).values_list("sequence", flat=True))
    assert about_old and all(s in _every_stored_text() for s in SECRETS)

    planned = [item.describe() for item in retention.due(NOW)]
    assert f"person {old.public_id}" in planned
    done = retention.purge_due(NOW)
    assert {item.rule.kind for item in done} >= {"interview", "health_record", "person"}

    stored = _every_stored_text()
    assert [s for s in SECRETS if s in stored] == []
    old.refresh_from_db()
    assert old.surname == "" and old.service_number == "" and old.birth_year is None
    assert old.manifest_entries.count() == 1 and old.manifest_entries.get().outcome.outcome == "handed_over"
    # The one who crossed 100 days ago lost the interview notes only; the people who just crossed, nothing.
    assert not Interview.objects.filter(declaration=recent).exists()
    assert HealthRecord.objects.filter(declaration=recent).count() == 1
    assert Declaration.objects.get(pk=recent.pk).surname == "kept Zbigni"
    assert all(Declaration.objects.get(pk=p.pk).surname == p.surname for p in others)
    # Every entry about the purged person is shredded, each with its tombstone, and the log verifies.
    shredded = AuditEntry.objects.filter(sequence__in=about_old)
    assert all(entry.salt is None for entry in shredded)
    tombstones = {entry.summary["sequence"] for entry in AuditEntry.objects.filter(action=SHRED_ACTION)}
    assert about_old <= tombstones
    assert AuditEntry.objects.filter(action=retention.PURGE_ACTION, object_id=old.public_id).count() == 1
    out = _verifies(world, witnessed, tmp_path, "after")
    assert "the log verifies" in out


def test_the_purge_empties_the_figure_cache(world, crossed):
    """Figures kept until the next write may hold a name (a plan's changes); a shared cache keeps old heads' too."""
    from django.core.cache import cache

    cache.set("homeward:plan-difference:an-older-head", ["Zbigniewska-Purgeable"])
    assert retention.purge_due(NOW)
    assert cache.get("homeward:plan-difference:an-older-head") is None


def test_purging_twice_purges_nothing_more(world, crossed):
    retention.purge_due(NOW)
    entries = AuditEntry.objects.count()
    assert list(retention.due(NOW)) == []
    assert retention.purge_due(NOW) == []
    assert AuditEntry.objects.count() == entries


def test_the_dry_run_lists_what_would_go_and_changes_nothing(world, crossed):
    old = crossed[0]
    entries = AuditEntry.objects.count()
    out = StringIO()
    call_command("purge", "--dry-run", stdout=out)
    assert f"would purge person {old.public_id}" in out.getvalue()
    assert "would purge: interview 2, health_record 1, person 1" in out.getvalue()
    assert AuditEntry.objects.count() == entries
    assert Declaration.objects.get(pk=old.pk).surname == "Zbigniewska-Purgeable"
    call_command("purge", stdout=out)
    again = StringIO()
    call_command("purge", stdout=again)
    assert again.getvalue().strip() == "purged: nothing is past its retention"


def test_the_rules_are_printed_as_a_table(world):
    out = StringIO()
    call_command("purge", "--rules", stdout=out)
    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == [r.kind for r in retention.RULES]


def test_an_import_file_goes_30_days_after_the_commit_and_a_younger_one_stays(world, tmp_path, settings):
    from homeward.audit.guard import service_context
    from homeward.registry.import_checking import stored_path
    from homeward.registry.imports import import_upload
    from homeward.registry.models import ImportBatch

    settings.MEDIA_ROOT = tmp_path
    old, _ = import_upload(party=world.party_a, kind="held", filename="roster-old.csv",
                           source=BytesIO(b"surname,given_name\nPurgeable,Fileperson\n"), acting_user=world.alice)
    young, _ = import_upload(party=world.party_a, kind="held", filename="roster-new.csv",
                             source=BytesIO(b"surname,given_name\nKeepable,Fileperson\n"), acting_user=world.alice)
    with service_context("test: an upload of 40 days ago"):
        ImportBatch.objects.filter(pk=old.pk).update(created_at=NOW - dt.timedelta(days=40))
    assert stored_path(old).exists() and stored_path(young).exists()
    done = retention.purge_due(NOW)
    assert [item.record.pk for item in done if item.rule.kind == "import_file"] == [old.pk]
    assert not stored_path(old).exists() and stored_path(young).exists()
    assert [item for item in retention.due(NOW) if item.rule.kind == "import_file"] == []


def test_expired_sessions_go(world, client):
    from django.contrib.sessions.models import Session

    client.force_login(world.alice)
    live = Session.objects.count()
    store = client.session
    store.set_expiry(-10)
    store.save()
    other = Session.objects.exclude(session_key=store.session_key)
    assert Session.objects.count() >= 1
    retention.purge_due(timezone.now())
    assert not Session.objects.filter(session_key=store.session_key).exists()
    assert Session.objects.count() == other.count() <= live


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_worker_schedules_the_purge_and_each_run_schedules_the_next(world, settings, tmp_path):
    """No cron: `homeward worker` queues the first purge; each purge queues the next, a period later."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from homeward.audit import tasks
    from homeward.audit.guard import service_context
    from homeward.registry.imports import import_upload
    from homeward.registry.models import ImportBatch

    settings.TASKS, settings.HOMEWARD_PURGE_EVERY_HOURS, settings.MEDIA_ROOT = DB_TASKS, 24, tmp_path
    old, _ = import_upload(party=world.party_a, kind="held", filename="roster-old.csv",
                           source=BytesIO(b"surname,given_name\nPurgeable,Fileperson\n"), acting_user=world.alice)
    with service_context("test: an upload of 40 days ago"):
        ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    waiting = DBTaskResult.objects.filter(task_path=tasks.purge_retention.module_path, status=TaskResultStatus.READY)
    # What `homeward worker` does when it starts: the first run, now; a second start adds none.
    assert tasks.schedule_purge() is not None and tasks.schedule_purge() is None
    (first,) = waiting.all()
    assert abs(first.run_after - timezone.now()) < dt.timedelta(minutes=1)
    # The worker takes it and runs it: what is past its retention goes, and the next run is queued a day later.
    DBTaskResult.objects.filter(pk=first.pk).update(status=TaskResultStatus.RUNNING)
    assert tasks.purge_retention.call() == {"purged": {"import_file": 1}}
    assert retention.AuditEntry.objects.filter(action=retention.PURGE_ACTION, object_id=old.public_id).count() == 1
    (next_run,) = waiting.all()
    assert dt.timedelta(hours=23) < next_run.run_after - timezone.now() <= dt.timedelta(hours=24)


def test_without_a_period_nothing_is_scheduled(world, settings):
    from homeward.audit import tasks

    settings.TASKS, settings.HOMEWARD_PURGE_EVERY_HOURS = DB_TASKS, 0
    assert tasks.period() is None and tasks.schedule_purge() is None
    settings.TASKS, settings.HOMEWARD_PURGE_EVERY_HOURS = {"default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}, 24
    assert tasks.period() is None  # the immediate backend cannot defer a run: purge by hand or from cron
