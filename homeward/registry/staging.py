"""Checked rows kept between an import's dry run and its commit, in a SQLite file of their own.

The check parses and validates every row once and stages the clean values
here; the commit then writes them without parsing or validating the file a
second time (it re-checks only what the registry may have changed since:
roster references and record ownership). On SQLite the commit copies the
staged rows into the registry with one ``INSERT … SELECT`` from the attached
file, so no row passes through Python a second time; on PostgreSQL it reads
them back in chunks.

Each run of the check writes its own file (never shared with another run),
authenticated with an HMAC over the run's name and the file's bytes, keyed
from HOMEWARD_IMPORT_STAGING_KEY; the commit verifies it before the file is
opened, so a file altered on disk is refused, never read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

_NAME = re.compile(r"[0-9a-f-]{36}\.[0-9a-f]{16}")
READ_CHUNK = 5000


class StagingInvalid(Exception):
    """The staged rows are missing or do not match their authentication code."""


def _key() -> bytes:
    return hashlib.sha256(b"homeward.import.staging\x00" + settings.HOMEWARD_IMPORT_STAGING_KEY.encode()).digest()


def _file_mac(name: str, path: Path) -> str:
    """The code covers the run's name too: one batch's rows cannot be passed off as another's."""
    mac = hmac.new(_key(), digestmod=hashlib.sha256)
    mac.update(name.encode() + b"\x00")
    with path.open("rb") as source:
        while block := source.read(1024 * 1024):
            mac.update(block)
    return mac.hexdigest()


def new_staging_name(batch_public_id: object) -> str:
    """A name of its own for each run of the check, so two runs never write one file."""
    return f"{batch_public_id}.{secrets.token_hex(8)}"


def staging_path(name: str) -> Path:
    if not _NAME.fullmatch(name):
        raise StagingInvalid(_("the staged rows' name is not one homeward made"))
    return Path(settings.DATA_DIR) / "staging" / f"{name}.sqlite3"


class StagingWriter:
    """Writes staged rows into a new file; ``close()`` publishes it and returns its HMAC.

    ``columns`` name the staged row's values in order; a correction row is
    kept apart with the record it corrects and the version the check saw.
    """

    def __init__(self, name: str, columns: Sequence[str]) -> None:
        self.name, self.path = name, staging_path(name)
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.tmp = self.path.with_suffix(".tmp")
        self.tmp.unlink(missing_ok=True)
        self.tmp.touch(mode=0o600)  # personal data: readable by homeward's own user only
        # No journal and no syncs: the file is scratch until close() renames it into place.
        self.db = sqlite3.connect(self.tmp, isolation_level=None, check_same_thread=False)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        names = ", ".join(f'"{column}"' for column in columns)
        self.db.execute(f"CREATE TABLE rows ({names})")
        self.db.execute(f"CREATE TABLE corrections (homeward_id TEXT, version INTEGER, {names})")
        self.db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        self.db.execute("BEGIN")
        marks = ", ".join("?" * len(columns))
        # placeholders only; the values are bound
        self.insert_row = f"INSERT INTO rows VALUES ({marks})"  # nosec B608
        # placeholders only; the values are bound
        self.insert_correction = f"INSERT INTO corrections VALUES (?, ?, {marks})"  # nosec B608

    def add(self, rows: Any, corrections: Sequence[tuple[Any, ...]] = ()) -> None:
        self.db.executemany(self.insert_row, rows)
        if corrections:
            self.db.executemany(self.insert_correction, corrections)

    def set(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value)))

    def close(self) -> str:
        self.db.execute("COMMIT")
        self.db.close()
        mac = _file_mac(self.name, self.tmp)  # of the bytes written, before the file is visible by its name
        self.tmp.replace(self.path)
        return mac

    def discard(self) -> None:
        self.db.close()
        self.tmp.unlink(missing_ok=True)


def verified_path(name: str, expected_mac: str) -> Path:
    """The staged file, after checking its authentication code; refuse on any mismatch."""
    if not name or not expected_mac or not staging_path(name).exists():
        raise StagingInvalid(_("the checked rows are not available; check the file again"))
    path = staging_path(name)
    if not hmac.compare_digest(_file_mac(name, path), expected_mac):
        raise StagingInvalid(_("the checked rows were altered on disk; check the file again"))
    return path


class StagedRows:
    """Read access to a verified staging file (read-only)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)

    def meta(self, key: str, default: Any = None) -> Any:
        found = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(found[0]) if found else default

    def chunks(self, table: str, columns: str = "*") -> Iterator[list[tuple[Any, ...]]]:
        if table not in ("rows", "corrections"):
            raise ValueError(table)
        # table is checked against two constant names; columns are ours
        cursor = self.db.execute(f"SELECT {columns} FROM {table} ORDER BY rowid")  # nosec B608
        while chunk := cursor.fetchmany(READ_CHUNK):
            yield chunk

    def count(self, table: str) -> int:
        if table not in ("rows", "corrections"):
            raise ValueError(table)
        # table is checked against two constant names
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # nosec B608

    def close(self) -> None:
        self.db.close()


def remove(name: str) -> None:
    if name:
        path = staging_path(name)
        path.unlink(missing_ok=True)
        path.with_suffix(".tmp").unlink(missing_ok=True)


def sweep(in_use: set[str], *, older_than_seconds: float = 24 * 3600) -> int:
    """Delete staging files no batch refers to (left by a crash), once they are a day old.

    A file younger than that may be the one a check running in another worker
    process is still writing.
    """
    folder = Path(settings.DATA_DIR) / "staging"
    if not folder.is_dir():
        return 0
    removed, now = 0, time.time()
    for path in folder.iterdir():
        name = path.name.rsplit(".", 1)[0]
        if name in in_use or now - path.stat().st_mtime < older_than_seconds:
            continue
        path.unlink(missing_ok=True)
        removed += 1
    return removed
