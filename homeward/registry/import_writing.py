"""The commit of an import: the staged rows written in the service's one transaction.

On SQLite the verified staging file is attached read-only and its rows are
copied into the registry by ``INSERT … SELECT`` in slices of 50,000 rows (for
the progress bar): no row passes through Python again, and the database does
the work it cannot avoid, its B-trees. On PostgreSQL the rows are read back
in chunks and streamed into the table with COPY. Corrections go
one by one through the registry service, which keeps their versions.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

from homeward.registry import progress
from homeward.registry.import_checking import NEW_ROW_FIELDS, STAGED_COLUMNS, ImportError_, Refs
from homeward.registry.models import Declaration, ImportBatch
from homeward.registry.services import VersionConflict, declaration_correct
from homeward.registry.staging import StagedRows, verified_path
from homeward_core.said import Said, said

SLICE = 50_000
# SQLite's page cache while a commit writes (KiB). A million new rows touch six B-trees at
# random places; with the default 2 MB cache most index pages would be evicted and re-read.
COMMIT_CACHE_KIB = 256 * 1024
DEFAULTS = {"medical_category": "", "seriously_wounded": False, "ill": False,
            "interview_outcome": "", "internal_note": "", "version": 1}
CONSTANT_COLUMNS = ("party_id", "kind", "source_batch_id", "created_at", "created_by_id", "updated_at",
                    "updated_by_id", *DEFAULTS)


class CommitRefused(ImportError_):
    """The file no longer passes (the registry changed since the check); nothing was written.

    ``sentence`` says the same as a wording id and values, for the import page in the reader's language.
    """

    def __init__(self, message: str, sentence: Said | None = None) -> None:
        super().__init__(message)
        self.sentence = sentence


@contextmanager
def large_page_cache() -> Iterator[None]:
    """On SQLite, a larger page cache for the length of a commit; the setting is restored after."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    (previous,) = raw.execute("PRAGMA cache_size").fetchone()
    raw.execute(f"PRAGMA cache_size = -{COMMIT_CACHE_KIB:d}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {int(previous):d}")


def detach_staging() -> None:
    """Detach staging files attached by earlier commits, once their transaction has ended.

    SQLite keeps a database read inside a transaction locked until the
    transaction ends, so a commit cannot detach its own staging file; the
    next commit (or the import service, after its transaction) does.
    """
    if connection.vendor != "sqlite" or connection.connection is None:
        return
    raw = connection.connection
    for _seq, name, _file in raw.execute("PRAGMA database_list").fetchall():
        if name.startswith("staged_"):
            with contextlib.suppress(sqlite3.OperationalError):  # still held: a later call detaches it
                raw.execute(f'DETACH DATABASE "{name}"')


def write_staged(batch: ImportBatch, acting_user: Any) -> tuple[int, int]:
    """Re-check what the registry changed since the check, then write; (created, corrected)."""
    path = verified_path(batch.staged_name, batch.staged_mac)
    staged = StagedRows(path)
    try:
        refs = Refs(batch.party)
        problem = _recheck(staged, refs)
        if problem is not None:
            text = f"Nothing was written: {problem.text}. Check the file again."
            raise CommitRefused(text, said("import.refused.changed", text, problem=problem))
        writer = _NewRows(batch, acting_user)
        created = writer.write_attached(path, staged) if connection.vendor == "sqlite" else writer.write(staged)
        corrected = _Corrections(batch, acting_user).write(staged, staged.meta("mapped", []))
    finally:
        staged.close()
    return created, corrected


def _recheck(staged: StagedRows, refs: Refs) -> Said | None:
    for chunk in staged.chunks("corrections", "source_row, homeward_id, version, external_ref"):
        for row, homeward_id, version, ref in chunk:
            problem = refs.recheck_correction(row, uuid.UUID(homeward_id), version, ref)
            if problem is not None:
                return problem
    for chunk in staged.chunks("rows", "source_row, external_ref"):
        problem = refs.recheck_new(chunk)
        if problem is not None:
            return problem
    return None


class _NewRows:
    """New declarations: the staged values plus the batch's constants (party, batch, who, when)."""

    def __init__(self, batch: ImportBatch, acting_user: Any) -> None:
        self.batch = batch
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.constants = (batch.party_id, batch.kind, batch.pk, now, acting_user.pk, now, acting_user.pk,
                          *DEFAULTS.values())
        self.table = connection.ops.quote_name(Declaration._meta.db_table)
        self.names = ", ".join(connection.ops.quote_name(c) for c in (*STAGED_COLUMNS, *CONSTANT_COLUMNS))

    def write_attached(self, path: Path, staged: StagedRows) -> int:
        """Copy the staged rows inside SQLite; fall back to write() if the file cannot be attached."""
        total, raw = staged.count("rows"), connection.connection
        schema = f"staged_{uuid.uuid4().hex[:12]}"
        detach_staging()
        try:
            raw.execute(f"ATTACH DATABASE ? AS {schema}", (path.as_uri() + "?mode=ro",))
        except sqlite3.OperationalError:  # too many attached (commits inside one long transaction)
            return self.write_each(staged)
        marks = ", ".join("?" * len(self.constants))
        # table, column and schema names are this module's constants; values are bound
        copy = (f"INSERT INTO {self.table} ({self.names}) SELECT {', '.join(STAGED_COLUMNS)}, {marks} "  # nosec B608
                f"FROM {schema}.rows WHERE rowid > ? AND rowid <= ?")
        for start in range(0, total, SLICE):
            raw.execute(copy, (*self.constants, start, start + SLICE))
            progress.report(self.batch.public_id, "committing", min(start + SLICE, total), total)
        return total

    def write(self, staged: StagedRows) -> int:
        """PostgreSQL: the staged rows streamed into the table with COPY, in the same transaction."""
        total, done = staged.count("rows"), 0
        copy_sql = f"COPY {self.table} ({self.names}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            for chunk in staged.chunks("rows"):
                for row in chunk:
                    copy.write_row((*row, *self.constants))
                done += len(chunk)
                progress.report(self.batch.public_id, "committing", done, total)
        return done


    def write_each(self, staged: StagedRows) -> int:
        """Any database: the staged rows read back and inserted with one prepared statement per chunk."""
        marks = ", ".join(["%s"] * (len(STAGED_COLUMNS) + len(self.constants)))
        # table and column names are this module's constants; values are bound
        insert = f"INSERT INTO {self.table} ({self.names}) VALUES ({marks})"  # nosec B608
        total, done = staged.count("rows"), 0
        with connection.cursor() as cursor:
            for chunk in staged.chunks("rows"):
                cursor.executemany(insert, [(*row, *self.constants) for row in chunk])
                done += len(chunk)
                progress.report(self.batch.public_id, "committing", done, total)
        return done


BIRTH = ("birth_year", "birth_month", "birth_day")


def _given(values: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """The mapped fields a correction row gives a value for: a blank cell leaves its field as it is.

    The date of birth changes as a whole (a year alone replaces a full date), or not at all.
    """
    changes = {field: values[field] for field in fields
               if field in NEW_ROW_FIELDS and field != "name_script" and field not in BIRTH
               and values[field] not in ("", None)}
    if "birth_year" in fields and values["birth_year"] is not None:
        changes.update({field: values[field] for field in BIRTH})
    return changes


class _Corrections:
    """Correction rows: only the fields the file maps change, from the version the check saw."""

    def __init__(self, batch: ImportBatch, acting_user: Any) -> None:
        self.batch, self.user = batch, acting_user

    def write(self, staged: StagedRows, mapped: list[str]) -> int:
        done = 0
        for chunk in staged.chunks("corrections"):
            for homeward_id, version, *row in chunk:
                values = dict(zip(STAGED_COLUMNS, row, strict=True))
                self._correct(uuid.UUID(homeward_id), version, mapped, values)
                done += 1
        return done

    def _correct(self, homeward_id: uuid.UUID, version: int, fields: list[str], values: dict[str, Any]) -> None:
        row = values["source_row"]
        declaration = Declaration.objects.select_related("party").get(party=self.batch.party, public_id=homeward_id)
        if values["captured_on"]:
            values["captured_on"] = dt.date.fromisoformat(values["captured_on"])
        changes = _given(values, fields)
        try:
            declaration_correct(
                declaration=declaration, expected_version=version, changes=changes,
                reason=f"import {self.batch.public_id}, row {row}", acting_user=self.user,
            )
        except VersionConflict as exc:
            text = (f"Nothing was written: row {row}: record {homeward_id} was corrected since the check "
                    f"(version {exc.expected} → {exc.current}). Check the file again.")
            raise CommitRefused(text, said("import.refused.version", text, row=row, record=str(homeward_id),
                                           expected=exc.expected, current=exc.current)) from exc
