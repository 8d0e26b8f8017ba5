"""Backup while serving, restore on a fresh machine, and the audit log verifies afterwards (or says why not)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from homeward.audit.models import AuditEntry
from tests.conftest import build_world, declare

pytestmark = pytest.mark.django_db(transaction=True)  # the backup reads committed rows, as on a live server


def homeward(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HOMEWARD_", "DJANGO_"))}
    return subprocess.run([sys.executable, "-m", "homeward.cli", *args], env={**clean, **env},
                          capture_output=True, text=True, check=False)


def some_history() -> int:
    world = build_world()
    for n in range(20):
        declare(world.alice, world.party_a, surname=f"Приклад{n}", external_ref=f"BK-{n}")
    return AuditEntry.objects.count()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup path")
def test_a_sqlite_backup_restores_on_a_fresh_machine_and_the_log_verifies(tmp_path: Path) -> None:
    entries = some_history()
    out = tmp_path / "homeward.backup"
    call_command("backup", str(out))
    assert out.read_bytes()[:16] == b"SQLite format 3\x00" and (out.stat().st_mode & 0o777) == 0o600
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(out))

    fresh = {"HOMEWARD_DATA_DIR": str(tmp_path / "fresh")}
    restored = homeward("restore", str(out), env=fresh)
    assert restored.returncode == 0, restored.stderr
    assert f"audit log intact: {entries} entries" in restored.stdout
    again = homeward("restore", str(out), env=fresh)
    assert again.returncode != 0 and "--replace" in again.stderr  # never over a database by accident


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup path")
def test_a_backup_altered_afterwards_does_not_restore_silently(tmp_path: Path) -> None:
    some_history()
    out = tmp_path / "homeward.backup"
    call_command("backup", str(out))
    edited = sqlite3.connect(out)
    edited.execute("UPDATE audit_auditentry SET action = 'registry.declaration.delete' WHERE sequence = 3")
    edited.commit()
    edited.close()
    restored = homeward("restore", str(out), env={"HOMEWARD_DATA_DIR": str(tmp_path / "fresh")})
    assert restored.returncode != 0
    assert "does NOT verify" in restored.stderr and "entry 3" in restored.stderr


@pytest.mark.parametrize("content, message", [
    (b"", "not a SQLite backup"),
    (b"PGDMP\x01\x0e", "not a SQLite backup"),
    (b"SQLite format 3\x00" + b"\x00" * 100, "not a readable SQLite database"),
])
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup path")
def test_what_is_not_a_backup_is_refused_by_name(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.backup"
    bad.write_bytes(content)
    restored = homeward("restore", str(bad), env={"HOMEWARD_DATA_DIR": str(tmp_path / "fresh")})
    assert restored.returncode != 0 and message in restored.stderr, restored.stderr
    assert not (tmp_path / "fresh" / "homeward.sqlite3").exists() or \
        sqlite3.connect(tmp_path / "fresh" / "homeward.sqlite3").execute(
            "SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backup path")
def test_a_postgresql_backup_restores_into_a_new_database_and_the_log_verifies(tmp_path: Path) -> None:
    import psycopg

    entries = some_history()
    out = tmp_path / "homeward.backup"
    call_command("backup", str(out))
    assert out.read_bytes()[:5] == b"PGDMP"
    conf = connection.settings_dict
    target = f"{conf['NAME']}_restored"
    admin = dict(host=conf["HOST"], port=conf["PORT"], user=conf["USER"], password=conf["PASSWORD"] or None,
                 dbname="postgres", autocommit=True)
    with psycopg.connect(**admin) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{target}"')
        db.execute(f'CREATE DATABASE "{target}"')
    try:
        url = f"postgres://{conf['USER']}@{conf['HOST']}:{conf['PORT']}/{target}"
        restored = homeward("restore", str(out), env={"HOMEWARD_DATABASE_URL": url,
                                                      "HOMEWARD_DATA_DIR": str(tmp_path / "fresh")})
        assert restored.returncode == 0, restored.stderr
        assert f"audit log intact: {entries} entries" in restored.stdout
    finally:
        with psycopg.connect(**admin) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{target}"')
