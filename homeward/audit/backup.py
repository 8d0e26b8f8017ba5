"""Online backup and restore of the whole database, checked against the audit log afterwards.

SQLite is copied with its online backup API (pages copied while the server
keeps writing; the copy is one consistent snapshot); PostgreSQL with
``pg_dump`` in its custom format. A restore refuses to overwrite a database
that already holds homeward's tables unless told to, checks the copy's
integrity, and then re-verifies the audit log from its first entry: a backup
that was altered, or a restore that lost rows, does not pass silently.

Signing keys and the import staging key live in the data folder, not in the
database, and are deliberately not part of a backup: they are secrets and
are kept apart (docs/operations-runbook in docs/configuration.md).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess  # nosec B404
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done, with the reason."""


@dataclass(frozen=True)
class Backup:
    path: Path
    vendor: str
    size: int
    sha256: str


def _settings(alias: str = "default") -> dict[str, Any]:
    return connections[alias].settings_dict


def _vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def backup(out: Path, *, progress: Callable[[int, int], None] | None = None) -> Backup:
    """Write a consistent copy of the live database to ``out`` (mode 0600), without stopping the server."""
    out = Path(out)
    if not out.parent.is_dir():
        raise BackupError(f"the folder {out.parent} does not exist")
    if out.exists():
        raise BackupError(f"{out} exists already; a backup never overwrites a file")
    handle, partial = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
    os.close(handle)
    os.chmod(partial, 0o600)
    try:
        if _vendor() == "sqlite":
            _sqlite_backup(Path(_settings()["NAME"]), Path(partial), progress)
        elif _vendor() == "postgresql":
            _pg(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"])
        else:
            raise BackupError(f"no backup method for {_vendor()}")
        os.replace(partial, out)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return Backup(out, _vendor(), out.stat().st_size, _digest(out))


def _read_only(path: Path) -> str:
    return Path(path).resolve().as_uri() + "?mode=ro"


def _sqlite_backup(source: Path, target: Path, progress: Callable[[int, int], None] | None) -> None:
    src = sqlite3.connect(_read_only(source), uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=4096, progress=(lambda _s, remaining, total: progress(total - remaining, total))
                   if progress else None)
    finally:
        dst.close()
        src.close()


def restore(source: Path, *, replace: bool = False) -> None:
    """Put a backup in place of the configured database (empty, or ``replace``), then check its integrity."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    with source.open("rb") as f:
        head = f.read(16)
    vendor = _vendor()
    if vendor == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError(f"{source} is not a SQLite backup (this homeward runs on SQLite)")
        _sqlite_restore(source, Path(_settings()["NAME"]).resolve(), replace)
    elif vendor == "postgresql":
        if not head.startswith(PG_MAGIC):
            raise BackupError(f"{source} is not a pg_dump custom-format backup (this homeward runs on PostgreSQL)")
        if _has_tables() and not replace:
            raise BackupError("the database already holds homeward's tables; restore with --replace to overwrite")
        connections["default"].close()
        _pg(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", str(source)], database_flag=True)
    else:
        raise BackupError(f"no restore method for {vendor}")


def _has_tables() -> bool:
    return "audit_auditentry" in connections["default"].introspection.table_names()


def _sqlite_restore(source: Path, target: Path, replace: bool) -> None:
    check = sqlite3.connect(_read_only(source), uri=True)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a readable SQLite database: {error}") from None
    finally:
        check.close()
    if result != "ok":
        raise BackupError(f"{source} fails SQLite's integrity check: {result}")
    if "audit_auditentry" not in tables:
        raise BackupError(f"{source} is a SQLite database but not a homeward backup (no audit log)")
    connections["default"].close()
    if target.exists() and not replace and _sqlite_has_tables(target):
        raise BackupError(f"{target} already holds homeward's tables; restore with --replace to overwrite")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".restoring")
    shutil.copyfile(source, partial)
    os.chmod(partial, 0o600)
    for suffix in ("-wal", "-shm"):  # a stale write-ahead log must not be replayed onto the restored file
        stale = target.with_name(target.name + suffix)
        if stale.exists():
            stale.unlink()
    os.replace(partial, target)


def _sqlite_has_tables(path: Path) -> bool:
    db = sqlite3.connect(_read_only(path), uri=True)
    try:
        return db.execute("SELECT 1 FROM sqlite_master WHERE name='audit_auditentry'").fetchone() is not None
    finally:
        db.close()


def _pg(command: list[str], database_flag: bool = False) -> None:
    conf = _settings()
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if conf.get(key):
            env[variable] = str(conf[key])
    name = str(conf["NAME"])
    argv = [*command, f"--dbname={name}"] if database_flag else [*command, name]
    if shutil.which(argv[0]) is None:
        raise BackupError(f"{argv[0]} is not installed (Debian package postgresql-client)")
    # fixed argv (pg_dump/pg_restore and file paths), no shell
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # nosec B603
    if done.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {done.stderr.strip()[:2000]}")
