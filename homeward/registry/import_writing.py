"""The commit of an import: the staged columns written with one prepared INSERT, in one transaction.

New declarations skip building a model instance per row (the import
benchmark's main cost): each staged chunk becomes the parameters of one
``executemany``, assembled column-wise by ``zip`` in C. Chunks are written by
a second thread on the same database connection and transaction, so the
database (which releases the GIL) writes one chunk while this thread reads
and re-checks the next. The main thread touches the database only after
draining the writer. Corrections go one by one through the registry service.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import queue
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.utils import timezone

from homeward.registry import progress
from homeward.registry.import_checking import NEW_ROW_FIELDS, ImportError_, Refs
from homeward.registry.models import Declaration, ImportBatch
from homeward.registry.services import VersionConflict, declaration_correct
from homeward.registry.staging import read_staged


class CommitRefused(ImportError_):
    """The file no longer passes (the registry changed since the check); nothing was written."""


_VERSION_4 = bytes((byte & 0x0F) | 0x40 for byte in range(256))
_RFC_4122_VARIANT = bytes((byte & 0x3F) | 0x80 for byte in range(256))


def random_uuid_hexes(count: int) -> list[str]:
    """``count`` version-4 UUIDs as 32 hex digits (how SQLite stores them; PostgreSQL parses them).

    The same 122 random bits per id as uuid.uuid4(), drawn in one call and
    stamped with the version and variant bits by byte translation, without
    building a UUID object per row of a million-row import.
    """
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = raw[6::16].translate(_VERSION_4)
    raw[8::16] = raw[8::16].translate(_RFC_4122_VARIANT)
    text = raw.hex()
    return [text[start:start + 32] for start in range(0, 32 * count, 32)]


# SQLite's page cache while a commit writes (KiB, as PRAGMA cache_size takes it when negative).
# A million new rows touch six B-trees at random places; with the default 2 MB cache most
# index pages would be evicted and re-read for nearly every row.
COMMIT_CACHE_KIB = 256 * 1024


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


def write_staged(batch: ImportBatch, writer: RowWriter) -> None:
    refs = Refs(batch.party, preload_ids=batch.correction_count > 0)
    done = 0
    for frame in read_staged(batch.staged_name, batch.staged_mac):
        problem = refs.recheck(frame)
        if problem:
            raise CommitRefused(f"Nothing was written: {problem}. Check the file again.")
        writer.add(frame)
        done += len(frame["rows"])
        progress.report(batch.public_id, "committing", done, batch.row_count)


class RowWriter:
    """Writes staged frames: new rows in bulk on a writer thread, corrections through the service."""

    DEFAULTS = {"medical_category": "", "seriously_wounded": False, "ill": False,
                "interview_outcome": "", "internal_note": "", "version": 1}

    def __init__(self, batch: ImportBatch, acting_user: Any) -> None:
        self.batch, self.user = batch, acting_user
        self.created = self.corrected = 0
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        fixed = (batch.party_id, batch.kind, batch.pk, now, acting_user.pk, now, acting_user.pk,
                 *self.DEFAULTS.values())
        self._constants = tuple(itertools.repeat(value) for value in fixed)
        columns = ["public_id", *NEW_ROW_FIELDS, "search_text", "source_row", "party_id", "kind",
                   "source_batch_id", "created_at", "created_by_id", "updated_at", "updated_by_id",
                   *self.DEFAULTS]
        table = connection.ops.quote_name(Declaration._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        mark = "?" if connection.vendor == "sqlite" else "%s"
        self.sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join([mark] * len(columns))})"
        self._chunks: queue.Queue[Iterable[tuple[Any, ...]] | None] = queue.Queue(maxsize=2)
        self._failure: BaseException | None = None
        self._thread: threading.Thread | None = None

    def add(self, frame: dict[str, Any]) -> None:
        rows, columns, search = frame["rows"], frame["columns"], frame["search_text"]
        corrections = frame["corrections"]
        if corrections:
            keep = [True] * len(rows)
            for i, _id, _version in corrections:
                keep[i] = False
            rows, search = list(itertools.compress(rows, keep)), list(itertools.compress(search, keep))
            columns = [list(itertools.compress(column, keep)) for column in columns]
        if rows:
            # strict=False: the constants are endless repeats; the ids, columns and rows are equal in length.
            self._send(zip(random_uuid_hexes(len(rows)), *columns, search, rows, *self._constants, strict=False))
            self.created += len(rows)
        for i, homeward_id, version in corrections:
            values = {field: column[i] for field, column in zip(NEW_ROW_FIELDS, frame["columns"], strict=True)}
            self._correct(frame["rows"][i], homeward_id, version, frame["mapped"], values)

    def _send(self, params: Iterable[tuple[Any, ...]]) -> None:
        if self._failure is not None:
            raise CommitRefused(f"The registry refused a row ({self._failure}); nothing was written.")
        if self._thread is None:
            connection.ensure_connection()
            self._thread = threading.Thread(target=self._write_chunks, args=(connection.connection,),
                                            name="import-writer", daemon=True)
            self._thread.start()
        self._chunks.put(params)

    def _write_chunks(self, raw: Any) -> None:
        while (chunk := self._chunks.get()) is not None:
            if self._failure is not None:
                continue
            try:
                cursor = raw.cursor()
                try:
                    cursor.executemany(self.sql, chunk)
                finally:
                    cursor.close()
            except Exception as exc:  # handed to the main thread, which refuses the commit
                self._failure = exc

    def stop(self) -> None:
        if self._thread is not None:
            self._failure = self._failure or RuntimeError("stopped")
            self._chunks.put(None)
            self._thread.join()
            self._thread = None

    def flush(self) -> None:
        """Wait for the writer; after this the main thread owns the connection."""
        if self._thread is not None:
            self._chunks.put(None)
            self._thread.join()
            self._thread = None
        if self._failure is not None:
            raise CommitRefused(f"The registry refused a row ({self._failure}); nothing was written.")

    def _correct(self, row: int, homeward_id: uuid.UUID, version: int, fields: tuple[str, ...],
                 values: dict[str, Any]) -> None:
        """Change only the fields the file maps, from the version the check saw."""
        self.flush()
        declaration = Declaration.objects.select_related("party").get(
            party=self.batch.party, public_id=homeward_id
        )
        if values["captured_on"]:
            values["captured_on"] = dt.date.fromisoformat(values["captured_on"])
        changes = {field: values[field] for field in fields if field in values and field != "name_script"}
        try:
            declaration_correct(
                declaration=declaration, expected_version=version, changes=changes,
                reason=f"import {self.batch.public_id}, row {row}", acting_user=self.user,
            )
        except VersionConflict as exc:
            raise CommitRefused(f"Nothing was written: row {row}: record {homeward_id} was corrected since "
                                f"the check (version {exc.expected} → {exc.current}). Check the file again.") from exc
        self.corrected += 1
