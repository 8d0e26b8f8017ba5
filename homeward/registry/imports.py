"""Roster imports: upload, dry run (the check), and the all-or-nothing commit.

A file is stored once per party (by SHA-256), checked row by row into a
report (row, field, reason) with the clean rows staged, and committed only
when every row passed: the commit writes the staged rows inside one
transaction, so a crash at any moment leaves either every row or none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
import os
import queue
import tempfile
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, connection
from django.utils import timezone

from homeward.accounts.models import Organisation
from homeward.accounts.scoping import NotAllowed, require_actor
from homeward.audit import services as audit
from homeward.audit.guard import audited_service
from homeward.registry import progress
from homeward.registry.choices import DeclarationKind, ImportState
from homeward.registry.models import ColumnMapping, Declaration, ImportBatch
from homeward.registry.services import VersionConflict, declaration_correct, search_text_for
from homeward.registry.staging import StagingInvalid, StagingWriter, new_staging_name, read_staged
from homeward.registry.staging import remove as remove_staged
from homeward_core.imports import ImportLimits, ImportRejected, open_table
from homeward_core.imports.encodings import canonical_encoding
from homeward_core.roster.columns import MappingError, plan_columns, suggest_mapping
from homeward_core.roster.validate import Problem, RowChecker

REPORT_LIMIT = 1000  # problems kept in the report; the count is always exact
CHUNK = 5000
ENCODING_CHOICES = ("", "utf-8", "utf-16", "cp1251", "koi8-u")


class ImportError_(ValueError):
    """An import step refused; the message names the problem."""


def limits() -> ImportLimits:
    return ImportLimits(
        max_bytes=settings.HOMEWARD_IMPORT_MAX_BYTES,
        max_rows=settings.HOMEWARD_IMPORT_MAX_ROWS,
        xlsx_memory_bytes=settings.HOMEWARD_IMPORT_XLSX_MEMORY_BYTES,
        xlsx_cpu_seconds=settings.HOMEWARD_IMPORT_XLSX_SECONDS,
    )


def stored_path(batch: ImportBatch) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / batch.stored_name


def _require_importer(acting_user: Any, party: Organisation) -> None:
    actor = require_actor(acting_user)
    if not (actor.can_import and actor.organisation.pk == party.pk):
        raise NotAllowed("Only a coordinator or operator of a party may import into that party's registry.")


def _spool(source: IO[bytes], max_bytes: int) -> tuple[Path, str, int]:
    """Copy an upload to a private temporary file, hashing it; refuse past the size limit."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".upload-", delete=False) as out:
        while chunk := source.read(1024 * 1024):
            size += len(chunk)
            if size > max_bytes:
                out.close()
                Path(out.name).unlink()
                raise ImportError_(f"The file is larger than the limit of {max_bytes // (1024 * 1024)} MB.")
            digest.update(chunk)
            out.write(chunk)
    return Path(out.name), digest.hexdigest(), size


@audited_service
def import_upload(
    *, party: Organisation, kind: str, source: IO[bytes], filename: str,
    encoding_choice: str = "", acting_user: Any,
) -> tuple[ImportBatch, bool]:
    """Store an uploaded roster; the same file from the same party is the same batch.

    Returns the batch and whether it is new.
    """
    _require_importer(acting_user, party)
    if kind not in DeclarationKind.values:
        raise ImportError_(f"'{kind}' is not a kind of list (held, sought, deceased_held).")
    try:
        canonical_encoding(encoding_choice)
    except ImportRejected as exc:
        raise ImportError_(exc.message) from None
    temp, sha256, size = _spool(source, limits().max_bytes)
    existing = ImportBatch.objects.filter(party=party, sha256=sha256).first()
    if existing is not None:
        temp.unlink()
        return existing, False
    stored_name = f"{uuid.uuid4().hex}.upload"
    final = temp.with_name(stored_name)
    temp.rename(final)
    batch = ImportBatch.objects.create(
        party=party, kind=kind, filename=Path(filename).name[:255] or "roster",
        sha256=sha256, size=size, stored_name=stored_name, encoding_choice=encoding_choice,
        created_at=timezone.now(), created_by=acting_user, check_requested_at=timezone.now(),
    )
    audit.record(
        acting_user=acting_user, action="registry.import.upload", object_type="import_batch",
        object_id=batch.public_id, organisation=party,
        after={"sha256": sha256, "size": size, "kind": kind, "filename": batch.filename},
    )
    return batch, True


@audited_service
def import_set_mapping(
    *, batch: ImportBatch, mapping: dict[str, str], remember: bool, acting_user: Any
) -> ImportBatch:
    """Choose which column feeds which field; the batch must be checked again."""
    _require_importer(acting_user, batch.party)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _require_idle(batch)
    batch.mapping = {str(k): str(v) for k, v in mapping.items() if v}
    batch.state = ImportState.UPLOADED
    batch.check_requested_at = timezone.now()
    batch.save(update_fields=["mapping", "state", "check_requested_at"])
    if remember:
        now = timezone.now()
        for header, field in batch.mapping.items():
            ColumnMapping.objects.update_or_create(
                organisation=batch.party, header=header[:200],
                defaults={"field": field, "updated_at": now},
            )
    audit.record(
        acting_user=acting_user, action="registry.import.map", object_type="import_batch",
        object_id=batch.public_id, organisation=batch.party, after={"mapping": batch.mapping},
    )
    return batch


def _require_idle(batch: ImportBatch) -> None:
    """A committed import is final; one being committed must not change under the writer."""
    if batch.state == ImportState.COMMITTED:
        raise ImportError_("This import is already committed.")
    if batch.commit_requested_at is not None:
        raise ImportError_("This import is being committed; wait for the commit to finish.")


@audited_service
def import_request_check(*, batch: ImportBatch, acting_user: Any) -> ImportBatch:
    """Ask for the file to be checked again (after a refused commit, or when the registry changed)."""
    _require_importer(acting_user, batch.party)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _require_idle(batch)
    batch.state, batch.check_requested_at = ImportState.UPLOADED, timezone.now()
    batch.save(update_fields=["state", "check_requested_at"])
    audit.record(
        acting_user=acting_user, action="registry.import.check_request", object_type="import_batch",
        object_id=batch.public_id, organisation=batch.party,
    )
    return batch


@dataclass
class CheckOutcome:
    """What a pass over the file found: counts, the first problems, and the new rows."""

    rows: int = 0
    errors: int = 0
    bad_rows: int = 0
    corrections: int = 0
    staged_name: str = ""
    staged_mac: str = ""
    mapped_fields: tuple[str, ...] = ()
    problems: list[dict[str, Any]] | None = None
    file_error: str = ""
    header: tuple[str, ...] = ()
    encoding: str = ""
    file_format: str = ""

    def add(self, problem: Problem) -> None:
        self.errors += 1
        if self.problems is None:
            self.problems = []
        if len(self.problems) < REPORT_LIMIT:
            self.problems.append({"row": problem.row, "field": problem.field, "reason": problem.reason})


class _Refs:
    """external_ref and homeward_id checks that need the whole file or the registry."""

    def __init__(self, party: Organisation, *, preload_ids: bool) -> None:
        self.party = party
        self.seen: dict[str, int] = {}
        self.existing = set(
            Declaration.objects.filter(party=party).exclude(external_ref="").values_list("external_ref", flat=True)
        )
        self.own_ids: dict[uuid.UUID, int] | None = None
        if preload_ids:  # loaded now: during a commit the connection belongs to the writer thread
            self._own_ids()

    def check(self, row: int, values: dict[str, Any]) -> list[Problem]:
        problems: list[Problem] = []
        ref, homeward_id = values["external_ref"], values["homeward_id"]
        if ref:
            if ref in self.seen:
                problems.append(Problem(row, "external_ref", f"'{ref}' repeats row {self.seen[ref]}"))
            elif ref in self.existing and homeward_id is None:
                problems.append(Problem(row, "external_ref", f"'{ref}' is already in your registry; "
                                        "add its homeward_id column to correct it"))
            self.seen.setdefault(ref, row)
        if homeward_id is not None and homeward_id not in self._own_ids():
            # Same words whether the id is unknown or another party's: existence must not leak.
            problems.append(Problem(row, "homeward_id", "no record of yours has this id"))
        return problems

    def version_of(self, homeward_id: uuid.UUID) -> int:
        return self._own_ids()[homeward_id]

    def recheck(self, ref: str, correction: tuple[uuid.UUID, int, Any] | None) -> str:
        """At commit: what the registry may have changed since the check."""
        if correction is not None:
            homeward_id, version, _fields = correction
            current = self._own_ids().get(homeward_id)
            if current is None:
                return "the record to correct is no longer yours"
            return "" if current == version else f"record {homeward_id} was corrected since the check"
        if ref and ref in self.existing:
            return f"'{ref}' has been added to your registry since the check"
        return ""

    def _own_ids(self) -> dict[uuid.UUID, int]:
        if self.own_ids is None:
            rows = Declaration.objects.filter(party=self.party).values_list("public_id", "version")
            self.own_ids = dict(rows)
        return self.own_ids


def _checked_rows(
    batch: ImportBatch, outcome: CheckOutcome, stage: str
) -> Iterator[tuple[int, dict[str, Any], _Refs]]:
    """Open the stored file and yield (row, values, refs) for rows that pass; count the rest."""
    table = open_table(stored_path(batch), filename=batch.filename,
                       encoding=batch.encoding_choice or None, limits=limits())
    outcome.header, outcome.encoding, outcome.file_format = table.header, table.encoding or "", table.format
    mapping = batch.mapping or suggest_mapping(table.header, _saved_mapping(batch.party))
    plan = plan_columns(table.header, mapping)
    outcome.mapped_fields = mapped_fields(plan.field_index)
    refs = _Refs(batch.party, preload_ids="homeward_id" in plan.field_index)
    check_row = RowChecker(plan, today=timezone.localdate())
    for row, cells in table.rows():
        outcome.rows += 1
        checked = check_row(row, cells)
        problems = list(checked.problems) or refs.check(row, checked.values or {})
        if problems:
            outcome.bad_rows += 1
            for problem in problems:
                outcome.add(problem)
        elif checked.values is not None:
            yield row, checked.values, refs
        if outcome.rows % CHUNK == 0:
            progress.report(batch.public_id, stage, outcome.rows, 0)


def mapped_fields(field_index: Any) -> tuple[str, ...]:
    """The declaration fields a file's columns feed: a correction changes these and no others."""
    fields: list[str] = []
    for field in field_index:
        if field == "birth_date":
            fields += ["birth_year", "birth_month", "birth_day"]
        elif field != "homeward_id":
            fields.append(field)
    return tuple(fields)


def _saved_mapping(party: Organisation) -> dict[str, str]:
    return dict(ColumnMapping.objects.filter(organisation=party).values_list("header", "field"))


def staged_values(values: dict[str, Any]) -> tuple[Any, ...]:
    """A checked row as the commit writes it: identity, capture, search text."""
    captured = values["captured_on"]
    return (*_IDENTITY(values), captured.isoformat() if captured else None,  # ISO dates suit both databases
            values["captured_place"], values["detention_place"], search_text_for(values))


def run_check(batch: ImportBatch) -> CheckOutcome:
    """The dry run: every row checked, nothing written to the registry; clean rows are staged.

    A correction row is staged with the version the check saw and the fields
    the file maps, so the commit changes only those, and only if nobody has
    corrected the record in between.
    """
    outcome = CheckOutcome(staged_name=new_staging_name(batch.public_id))
    staging = StagingWriter(outcome.staged_name)
    try:
        for row, values, refs in _checked_rows(batch, outcome, "checking"):
            correction = None
            if values["homeward_id"] is not None:
                outcome.corrections += 1
                homeward_id = values["homeward_id"]
                correction = (homeward_id, refs.version_of(homeward_id), outcome.mapped_fields)
            staging.add((row, correction, staged_values(values)))
    except ImportRejected as exc:
        outcome.file_error = exc.message
    except MappingError as exc:
        outcome.file_error = "The columns cannot be used: " + "; ".join(exc.problems) + "."
    except BaseException:
        staging.discard()
        raise
    if outcome.errors or outcome.file_error:
        staging.discard()
        outcome.staged_name = ""
    else:
        outcome.staged_mac = staging.close()
    return outcome


def import_check(*, batch: ImportBatch, acting_user: Any) -> ImportBatch:
    """Run the dry run and keep its report; state becomes validated or rejected.

    The dry run itself holds no transaction (on SQLite a write transaction
    would block every other writer for its whole length): it only reads the
    file and the registry and writes its staging file. Its outcome is stored
    by a short service afterwards, unless a newer request superseded it.
    """
    _require_importer(acting_user, batch.party)
    batch = ImportBatch.objects.select_related("party").get(pk=batch.pk)
    if batch.state == ImportState.COMMITTED or batch.commit_requested_at is not None:
        return batch
    requested = batch.check_requested_at
    outcome = run_check(batch)
    try:
        return _check_store(batch=batch, outcome=outcome, requested=requested, acting_user=acting_user)
    except BaseException:
        remove_staged(outcome.staged_name)
        raise


@audited_service
def _check_store(*, batch: ImportBatch, outcome: CheckOutcome, requested: Any, acting_user: Any) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().select_related("party").get(pk=batch.pk)
    if batch.state == ImportState.COMMITTED or batch.commit_requested_at or batch.check_requested_at != requested:
        remove_staged(outcome.staged_name)  # superseded: a newer check (or the commit) owns the batch now
        return batch
    if batch.staged_name != outcome.staged_name:
        remove_staged(batch.staged_name)
    _store_outcome(batch, outcome)
    batch.state = ImportState.REJECTED if (outcome.errors or outcome.file_error) else ImportState.VALIDATED
    batch.check_requested_at = None
    batch.save()
    progress.report(batch.public_id, batch.state, outcome.rows, outcome.rows)
    audit.record(
        acting_user=acting_user, action="registry.import.check", object_type="import_batch",
        object_id=batch.public_id, organisation=batch.party,
        summary={"rows": outcome.rows, "errors": outcome.errors, "state": batch.state},
    )
    return batch


def _store_outcome(batch: ImportBatch, outcome: CheckOutcome) -> None:
    batch.row_count, batch.error_count = outcome.rows, outcome.errors
    batch.correction_count = outcome.corrections
    batch.new_count = 0 if outcome.file_error else outcome.rows - outcome.bad_rows - outcome.corrections
    batch.report = outcome.problems or []
    batch.file_error, batch.refusal = outcome.file_error, ""
    batch.encoding, batch.file_format = outcome.encoding, outcome.file_format
    batch.header = list(outcome.header)
    batch.staged_name, batch.staged_mac = outcome.staged_name, outcome.staged_mac
    if not batch.mapping and outcome.header:
        batch.mapping = suggest_mapping(outcome.header, _saved_mapping(batch.party))


@audited_service
def import_request_commit(*, batch: ImportBatch, acting_user: Any) -> ImportBatch:
    """Ask for the commit; the worker (or `homeward import`) carries it out, and resumes it after a crash."""
    _require_importer(acting_user, batch.party)
    if batch.state != ImportState.VALIDATED:
        raise ImportError_("Only a checked import with no problems can be committed.")
    batch.commit_requested_at, batch.commit_requested_by = timezone.now(), acting_user
    batch.save(update_fields=["commit_requested_at", "commit_requested_by"])
    audit.record(
        acting_user=acting_user, action="registry.import.commit_request", object_type="import_batch",
        object_id=batch.public_id, organisation=batch.party,
    )
    return batch


class CommitRefused(ImportError_):
    """The file no longer passes (the registry changed since the check); nothing was written."""


def import_commit(*, batch: ImportBatch, acting_user: Any) -> ImportBatch:
    """Write every checked row or none, in one transaction.

    The rows come from the check's authenticated staging file; what the
    registry may have changed since the check (roster references taken by
    another import, records no longer the party's or corrected since) is
    checked again here. A refused commit writes nothing, and the batch says
    why and waits for a new check instead of being retried for ever.
    """
    try:
        return _commit(batch=batch, acting_user=acting_user)
    except CommitRefused as exc:
        import_step_refused(batch=batch, reason=str(exc), acting_user=acting_user)
        raise


@audited_service
def import_step_refused(*, batch: ImportBatch, reason: str, acting_user: Any) -> ImportBatch:
    """Record that a requested check or commit cannot be carried out; nothing of it was written.

    ``acting_user`` may be None: the worker records this when the user who
    asked may no longer import.
    """
    batch = ImportBatch.objects.select_for_update().select_related("party").get(pk=batch.pk)
    if batch.state == ImportState.COMMITTED:
        return batch
    remove_staged(batch.staged_name)
    batch.state, batch.refusal = ImportState.REJECTED, reason
    batch.check_requested_at = batch.commit_requested_at = None
    batch.staged_name = batch.staged_mac = ""
    batch.save()
    progress.report(batch.public_id, batch.state, 0, 0)
    audit.record(
        acting_user=acting_user, action="registry.import.refused", object_type="import_batch",
        object_id=batch.public_id, organisation=batch.party, summary={"reason": reason[:300]},
    )
    return batch


@audited_service
def _commit(*, batch: ImportBatch, acting_user: Any) -> ImportBatch:
    _require_importer(acting_user, batch.party)
    batch = ImportBatch.objects.select_for_update().select_related("party").get(pk=batch.pk)
    if batch.state == ImportState.COMMITTED:
        return batch  # a resumed or repeated commit is a no-op
    if batch.state != ImportState.VALIDATED:
        raise ImportError_("Only a checked import with no problems can be committed.")
    writer = _RowWriter(batch, acting_user)
    try:
        _write_staged(batch, writer)
        writer.flush()
    except (StagingInvalid, IntegrityError) as exc:
        raise CommitRefused(f"Nothing was written: {exc}.") from exc
    finally:
        writer.stop()  # the writer thread must be idle before the transaction ends either way
    now = timezone.now()
    batch.state, batch.committed_at, batch.committed_by = ImportState.COMMITTED, now, acting_user
    batch.new_count, batch.correction_count = writer.created, writer.corrected
    batch.commit_requested_at = None
    batch.save()
    audit.record(
        acting_user=acting_user, action="registry.import.commit", object_type="import_batch",
        object_id=batch.public_id, organisation=batch.party,
        after={"file_sha256": batch.sha256, "staged_mac": batch.staged_mac},
        summary={"created": writer.created, "corrected": writer.corrected},
    )
    public_id, rows, staged = batch.public_id, batch.row_count, batch.staged_name
    connection.on_commit(lambda: (progress.report(public_id, "committed", rows, rows), remove_staged(staged)))
    return batch


def _write_staged(batch: ImportBatch, writer: _RowWriter) -> None:
    refs = _Refs(batch.party, preload_ids=batch.correction_count > 0)
    done = 0
    for chunk in read_staged(batch.staged_name, batch.staged_mac):
        for row, correction, values in chunk:
            problem = refs.recheck(values[0], correction)
            if problem:
                raise CommitRefused(f"Nothing was written: row {row}: {problem}. Check the file again.")
            writer.add(row, correction, values)
        done += len(chunk)
        progress.report(batch.public_id, "committing", done, batch.row_count)


NEW_ROW_FIELDS = (
    "external_ref", "surname", "given_name", "patronymic", "surname_latin", "given_name_latin",
    "patronymic_latin", "name_script", "birth_year", "birth_month", "birth_day", "place_of_birth",
    "rank", "service_number", "unit", "nationality", "mother_maiden_name", "next_of_kin",
    "legal_status", "captured_on", "captured_place", "detention_place",
)


_IDENTITY = operator.itemgetter(*NEW_ROW_FIELDS[:19])


def random_uuid_hex() -> str:
    """A version-4 UUID as 32 hex digits (how SQLite stores it; PostgreSQL parses it).

    The same 122 random bits as uuid.uuid4(), without building a UUID object
    per row of a million-row import.
    """
    value = int.from_bytes(os.urandom(16), "big")
    value = (value & ~(0xF000 << 64) & ~(0xC000 << 48)) | (0x4000 << 64) | (0x8000 << 48)
    return f"{value:032x}"


class _RowWriter:
    """Inserts new declarations in chunks with one prepared statement; corrections go one by one.

    The chunked INSERT skips building a model instance per row (the import
    benchmark's main cost). Chunks are written by a second thread on the same
    database connection and transaction, so the database driver (which releases
    the GIL) writes one chunk while this thread checks the next. The main
    thread touches the database only after draining the writer.
    """

    def __init__(self, batch: ImportBatch, acting_user: Any) -> None:
        self.batch, self.user = batch, acting_user
        self.pending: list[tuple[Any, ...]] = []
        self.created = self.corrected = 0
        ops = connection.ops
        now = ops.adapt_datetimefield_value(timezone.now())
        self._fixed = (batch.party_id, batch.kind, batch.pk, now, acting_user.pk, now, acting_user.pk)
        columns = ["public_id", *NEW_ROW_FIELDS, "search_text", "source_row", "party_id", "kind",
                   "source_batch_id", "created_at", "created_by_id", "updated_at", "updated_by_id"]
        defaults = {"medical_category": "", "seriously_wounded": False, "ill": False,
                    "interview_outcome": "", "internal_note": "", "version": 1}
        columns += list(defaults)
        self._defaults = tuple(defaults.values())
        table = connection.ops.quote_name(Declaration._meta.db_table)
        cols = ", ".join(connection.ops.quote_name(c) for c in columns)
        mark = "?" if connection.vendor == "sqlite" else "%s"
        self.sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join([mark] * len(columns))})"
        self._chunks: queue.Queue[list[tuple[Any, ...]] | None] = queue.Queue(maxsize=2)
        self._failure: BaseException | None = None
        self._thread: threading.Thread | None = None

    def add(self, row: int, correction: tuple[uuid.UUID, int, tuple[str, ...]] | None,
            values: tuple[Any, ...]) -> None:
        if correction is not None:
            self._correct(row, *correction, values)
            return
        self.pending.append((random_uuid_hex(), *values, row, *self._fixed, *self._defaults))
        if len(self.pending) >= CHUNK:
            self._send()

    def _send(self) -> None:
        if self._failure is not None:
            raise CommitRefused(f"The registry refused a row ({self._failure}); nothing was written.")
        if self._thread is None:
            connection.ensure_connection()
            self._thread = threading.Thread(target=self._write_chunks, args=(connection.connection,),
                                            name="import-writer", daemon=True)
            self._thread.start()
        self._chunks.put(self.pending)
        self.created += len(self.pending)
        self.pending = []

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
        """Write what is pending and wait for the writer; after this the main thread owns the connection."""
        if self.pending:
            self._send()
        if self._thread is not None:
            self._chunks.put(None)
            self._thread.join()
            self._thread = None
        if self._failure is not None:
            raise CommitRefused(f"The registry refused a row ({self._failure}); nothing was written.")

    def _correct(self, row: int, homeward_id: uuid.UUID, version: int, fields: tuple[str, ...],
                 values: tuple[Any, ...]) -> None:
        """Change only the fields the file maps, from the version the check saw."""
        self.flush()
        declaration = Declaration.objects.select_related("party").get(
            party=self.batch.party, public_id=homeward_id
        )
        named = dict(zip(NEW_ROW_FIELDS, values, strict=False))
        if named["captured_on"]:
            named["captured_on"] = dt.date.fromisoformat(named["captured_on"])
        changes = {field: named[field] for field in fields if field in named and field != "name_script"}
        try:
            declaration_correct(
                declaration=declaration, expected_version=version, changes=changes,
                reason=f"import {self.batch.public_id}, row {row}", acting_user=self.user,
            )
        except VersionConflict as exc:
            raise CommitRefused(f"Nothing was written: row {row}: record {homeward_id} was corrected since "
                                f"the check (version {exc.expected} → {exc.current}). Check the file again.") from exc
        self.corrected += 1

