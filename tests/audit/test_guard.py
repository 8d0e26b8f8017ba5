"""A model write outside an audited service is refused before it reaches the database."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from homeward.accounts.models import Organisation
from homeward.audit.guard import UNGUARDED_TABLES, UnauditedWrite, guarded_table_in, guarded_tables, is_read
from homeward.audit.models import AuditEntry
from homeward.registry.models import Declaration
from tests.conftest import PASSWORD, declare


def test_a_direct_create_outside_a_service_is_refused(world):
    with pytest.raises(UnauditedWrite, match="outside an audited service"), transaction.atomic():
        Organisation.objects.create(name="Rogue", short_name="R", kind="party")
    assert not Organisation.objects.filter(name="Rogue").exists()


def test_a_direct_update_of_a_declaration_is_refused(world):
    person = declare(world.alice, world.party_a)
    with pytest.raises(UnauditedWrite), transaction.atomic():
        Declaration.objects.filter(pk=person.pk).update(surname="Changed")
    person.surname = "Changed"
    with pytest.raises(UnauditedWrite), transaction.atomic():
        person.save()
    person.refresh_from_db()
    assert person.surname == "Коваленко"


def test_deleting_evidence_outside_a_service_is_refused(world):
    person = declare(world.alice, world.party_a)
    with pytest.raises(UnauditedWrite), transaction.atomic():
        Declaration.objects.filter(pk=person.pk).delete()
    assert Declaration.objects.filter(pk=person.pk).exists()


def test_rewriting_the_audit_log_is_refused(world):
    entry = AuditEntry.objects.first()
    with pytest.raises(UnauditedWrite), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(occurred_at=timezone.now())


def test_every_service_write_appends_an_audit_entry(world):
    before = AuditEntry.objects.count()
    person = declare(world.alice, world.party_a)
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert AuditEntry.objects.count() == before + 1
    assert (entry.action, entry.object_id, entry.actor) == (
        "registry.declaration.create", person.public_id, world.alice
    )
    assert entry.organisation == world.party_a
    assert len(entry.after_digest) == 64


def test_bulk_create_that_ignores_or_updates_conflicts_is_refused(world):
    # SQLite writes these as INSERT OR IGNORE / INSERT ... ON CONFLICT, PostgreSQL as ON CONFLICT.
    rogue = [Organisation(name="Rogue", short_name="R", kind="party")]
    with pytest.raises(UnauditedWrite), transaction.atomic():
        Organisation.objects.bulk_create(rogue, ignore_conflicts=True)
    with pytest.raises(UnauditedWrite), transaction.atomic():
        Organisation.objects.bulk_create(
            rogue, update_conflicts=True, unique_fields=["name"], update_fields=["short_name"]
        )
    assert not Organisation.objects.filter(name="Rogue").exists()


@pytest.mark.parametrize("sql", [
    'REPLACE INTO "accounts_organisation" ("name") VALUES (%s)',
    'INSERT OR REPLACE INTO accounts_organisation (name) VALUES (%s)',
    "  update `Registry_Declaration` set surname = %s",
    'DELETE FROM "public"."registry_declaration" WHERE surname = %s',
    "DELETE FROM [registry_declaration] WHERE surname = %s",
    "/* tidy */ DELETE FROM registry_declaration WHERE surname = %s",
    "WITH gone AS (DELETE FROM registry_declaration WHERE surname = %s RETURNING id) SELECT count(*) FROM gone",
])
def test_raw_writes_are_refused_before_they_reach_the_database(world, sql):
    # PostgreSQL would reject some of these as syntax errors: the guard must refuse them first.
    with pytest.raises(UnauditedWrite), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, ["Rogue"])


def test_writes_to_accounts_of_users_are_refused(world):
    with pytest.raises(UnauditedWrite, match="auth_user"), transaction.atomic():
        get_user_model().objects.create_user("mallory", password=PASSWORD)
    alice = get_user_model().objects.get(username="alice")
    alice.is_superuser = True
    with pytest.raises(UnauditedWrite), transaction.atomic():
        alice.save()
    with pytest.raises(UnauditedWrite), transaction.atomic():
        Group.objects.create(name="superusers")
    assert not get_user_model().objects.get(username="alice").is_superuser


def test_every_table_of_every_app_is_guarded_but_djangos_bookkeeping():
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    assert tables - guarded_tables() == UNGUARDED_TABLES & tables
    assert {"auth_user", "auth_user_groups", "auth_user_user_permissions"} <= guarded_tables()
    assert all(not table.startswith(("accounts_", "registry_", "audit_")) for table in UNGUARDED_TABLES)


@pytest.mark.parametrize("sql", [
    "INSERT OR IGNORE INTO accounts_organisation (name) VALUES (%s)",
    'INSERT INTO "accounts_organisation" ("name") VALUES (%s) ON CONFLICT DO NOTHING',
    "MERGE INTO registry_declaration USING x ON true WHEN MATCHED THEN DELETE",
    'TRUNCATE "registry_declaration"',
    'DROP TABLE "registry_declaration"',
    'ALTER TABLE "audit_auditentry" RENAME TO "old"',
    "COPY registry_declaration FROM STDIN",
    "SELECT 1; DELETE FROM registry_declaration",
    'EXPLAIN ANALYZE DELETE FROM "registry_declaration"',
])
def test_statements_that_are_not_plain_reads_count_as_writes_to_the_tables_they_name(sql):
    assert not is_read(sql)
    assert guarded_table_in(sql) is not None


@pytest.mark.parametrize("sql", [
    'SELECT "registry_declaration"."id" FROM "registry_declaration" WHERE "surname" = %s',
    '(SELECT "id" FROM "registry_declaration") UNION (SELECT "id" FROM "registry_declaration")',
    'PRAGMA foreign_key_list("registry_declaration")',
    "WITH recent AS (SELECT id FROM registry_declaration) SELECT count(*) FROM recent",
    "SAVEPOINT s1",
    'RELEASE SAVEPOINT "s1"',
])
def test_reads_of_guarded_tables_pass(sql):
    assert is_read(sql)


@pytest.mark.parametrize("sql", [
    'UPDATE "django_session" SET "session_data" = %s WHERE "django_session"."session_key" = %s',
    'INSERT INTO "django_tasks_database_dbtaskresult" ("id") VALUES (%s)',
    'INSERT INTO "new__registry_declaration" ("id") SELECT "id" FROM "new__registry_declaration"',
    "PRAGMA foreign_keys = OFF",
    "SET CONSTRAINTS ALL IMMEDIATE",
])
def test_writes_that_name_no_guarded_table_pass(sql):
    assert guarded_table_in(sql) is None
