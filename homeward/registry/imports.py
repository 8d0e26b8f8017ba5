"""Roster imports: upload, dry run (the check), and the all-or-nothing commit.

A file is stored once per party (by SHA-256), checked row by row into a
report (row, field, reason) with the clean rows staged, and committed only
when every row passed: the commit writes the staged rows inside one
transaction, so a crash at any moment leaves either every row or none.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
import uuid
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.models import Organisation
from homeward.accounts.scoping import NotAllowed, require_actor
from homeward.audit import services as audit
from homeward.audit.guard import audited_service
from homeward.audit.records import seal_import
from homeward.registry import progress
from homeward.registry.choices import DeclarationKind, ImportState
from homeward.registry.errors import RegistryError
from homeward.registry.import_checking import (
    CheckOutcome,
    ImportError_,
    limits,
    run_check,
    saved_mapping,
    stored_path,
)
from homeward.registry.import_writing import CommitRefused, detach_staging, large_page_cache, write_staged
from homeward.registry.models import ColumnMapping, ImportBatch
from homeward.registry.staging import StagingInvalid
from homeward.registry.staging import remove as remove_staged
from homeward_core.imports import ImportRejected
from homeward_core.imports.encodings import canonical_encoding
from homeward_core.roster.columns import suggest_mapping
from homeward_core.said import Said, said
from homeward_core.transparency.records import SEAL_ACTION

__all__ = [
    "CommitRefused", "ImportError_", "import_check", "import_commit", "import_request_check",
    "import_request_commit", "import_set_mapping", "import_step_refused", "import_upload", "run_check",
    "stored_path",
]

ENCODING_CHOICES = ("", "utf-8", "utf-16", "cp1251", "koi8-u")


def _require_importer(acting_user: Any, party: Organisation) -> None:
    actor = require_actor(acting_user)
    if not (actor.can_import and actor.organisation.pk == party.pk):
        raise NotAllowed(_("Only a coordinator or operator of a party may import into that party's registry."))


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
                raise ImportError_(
                    _("The file is larger than the limit of %(max_bytes)s MB.") % {
                        "max_bytes": max_bytes // (1024 * 1024)}
                )
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
        raise ImportError_(_("'%(kind)s' is not a kind of list (held, sought, deceased_held).") % {"kind": kind})
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
        raise ImportError_(_("This import is already committed."))
    if batch.commit_requested_at is not None:
        raise ImportError_(_("This import is being committed; wait for the commit to finish."))


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
    batch.file_problem = outcome.file_problem or {}
    batch.encoding, batch.file_format = outcome.encoding, outcome.file_format
    batch.header = list(outcome.header)
    batch.staged_name, batch.staged_mac = outcome.staged_name, outcome.staged_mac
    if not batch.mapping and outcome.header:
        batch.mapping = suggest_mapping(outcome.header, saved_mapping(batch.party))


@audited_service
def import_request_commit(*, batch: ImportBatch, acting_user: Any) -> ImportBatch:
    """Ask for the commit; the worker (or `homeward import`) carries it out, and resumes it after a crash."""
    _require_importer(acting_user, batch.party)
    batch = ImportBatch.objects.select_for_update().select_related("party").get(pk=batch.pk)
    if batch.state == ImportState.COMMITTED or batch.commit_requested_at is not None:
        return batch  # committed or being committed already: a second click changes nothing
    if batch.state != ImportState.VALIDATED or batch.check_requested_at is not None:
        raise ImportError_(_("Only a checked import with no problems can be committed."))
    batch.commit_requested_at, batch.commit_requested_by = timezone.now(), acting_user
    batch.save(update_fields=["commit_requested_at", "commit_requested_by"])
    audit.record(
        acting_user=acting_user, action="registry.import.commit_request", object_type="import_batch",
        object_id=batch.public_id, organisation=batch.party,
    )
    return batch


def import_commit(*, batch: ImportBatch, acting_user: Any, seal: bool = True) -> ImportBatch:
    """Write every checked row or none, in one transaction.

    The rows come from the check's authenticated staging file; what the
    registry may have changed since the check (roster references taken by
    another import, records no longer the party's or corrected since) is
    checked again here. A refused commit writes nothing, and the batch says
    why and waits for a new check instead of being retried for ever.
    """
    try:
        batch = _commit(batch=batch, acting_user=acting_user)
    except CommitRefused as exc:
        import_step_refused(batch=batch, reason=str(exc), acting_user=acting_user, sentence=exc.sentence)
        raise
    finally:
        detach_staging()
    return import_seal(batch=batch) if seal else batch  # without: the caller seals (the benchmark times both)


@audited_service
def import_seal(*, batch: ImportBatch) -> ImportBatch:
    """Bind each row a committed import wrote to the log: the seal entry, right after the commit.

    The commit writes its rows in one step under one entry (at a million rows
    there is no time for more within it); the seal then commits to each new
    declaration's whole state, with a salt of its own, and its entry to the
    set of them (audit/records.py, homeward_core/transparency/records.py), so
    a party's verifier checks every row it imported, row by row. It is the
    system's own step (no acting user); a commit whose seal was interrupted is
    sealed by the worker when it starts. Sealing twice is a no-op.
    """
    batch = ImportBatch.objects.select_for_update().select_related("party").get(pk=batch.pk)
    if batch.state != ImportState.COMMITTED or batch.sealed_at is not None:
        return batch
    sealed, rows = seal_import(batch)
    batch.sealed_at = timezone.now()
    batch.save(update_fields=["sealed_at"])
    audit.record(acting_user=None, action=SEAL_ACTION, object_type="import_batch", object_id=batch.public_id,
                 organisation=batch.party, after_digest=sealed, summary={"rows": rows})
    return batch


@audited_service
def import_step_refused(*, batch: ImportBatch, reason: str, acting_user: Any,
                        sentence: Said | None = None) -> ImportBatch:
    """Record that a requested check or commit cannot be carried out; nothing of it was written.

    ``acting_user`` may be None: the worker records this when the user who
    asked may no longer import. ``reason`` is kept in English (the log, the
    command line); ``sentence`` says it as a wording id and values, which the
    import page words in its reader's language.
    """
    batch = ImportBatch.objects.select_for_update().select_related("party").get(pk=batch.pk)
    if batch.state == ImportState.COMMITTED:
        return batch
    remove_staged(batch.staged_name)
    batch.state, batch.refusal = ImportState.REJECTED, reason
    batch.refusal_problem = sentence.as_json() if sentence is not None else {}
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
        raise ImportError_(_("Only a checked import with no problems can be committed."))
    with large_page_cache():
        try:
            created, corrected = write_staged(batch, acting_user)
        except (StagingInvalid, IntegrityError, sqlite3.Error, RegistryError) as exc:
            # A damaged staging file or a correction the registry refuses: recorded, not retried.
            text = f"Nothing was written: {exc}."
            raise CommitRefused(text, said("import.refused.damaged", text, detail=str(exc))) from exc
    now = timezone.now()
    batch.state, batch.committed_at, batch.committed_by = ImportState.COMMITTED, now, acting_user
    batch.new_count, batch.correction_count = created, corrected
    batch.commit_requested_at = None
    batch.save()
    audit.record(
        acting_user=acting_user, action="registry.import.commit", object_type="import_batch",
        object_id=batch.public_id, organisation=batch.party,
        after={"file_sha256": batch.sha256, "staged_mac": batch.staged_mac},
        summary={"created": created, "corrected": corrected},
    )
    public_id, rows, staged = batch.public_id, batch.row_count, batch.staged_name
    connection.on_commit(lambda: (progress.report(public_id, "committed", rows, rows), remove_staged(staged)))
    return batch
