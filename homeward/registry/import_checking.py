"""The dry run of an import: read the stored file, check it chunk by chunk, stage the clean rows.

Nothing here writes to the database. Clean chunks are staged column by
column (homeward_core.roster.chunks), together with the search text the
registry needs and, for correction rows, the version the check saw.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from homeward.accounts.models import Organisation
from homeward.registry import progress
from homeward.registry.models import ColumnMapping, Declaration, ImportBatch
from homeward.registry.services import SEARCH_FIELDS
from homeward.registry.staging import StagingWriter, new_staging_name
from homeward_core.imports import ImportLimits, ImportRejected, open_table
from homeward_core.names.script import search_keys
from homeward_core.roster.chunks import ChunkChecker, CleanChunk
from homeward_core.roster.columns import MappingError, plan_columns, suggest_mapping
from homeward_core.roster.validate import Problem
from homeward_core.said import Said, said

REPORT_LIMIT = 1000  # problems kept in the report; the count is always exact
CHUNK = 5000

# The identity and capture fields a new declaration is written with, in the staged column order.
NEW_ROW_FIELDS = (
    "external_ref", "surname", "given_name", "patronymic", "surname_latin", "given_name_latin",
    "patronymic_latin", "name_script", "birth_year", "birth_month", "birth_day", "place_of_birth",
    "rank", "service_number", "unit", "nationality", "mother_maiden_name", "next_of_kin",
    "legal_status", "captured_on", "captured_place", "detention_place",
)
# A staged row: the new declaration's public id, its values, search text and row in the file.
STAGED_COLUMNS = ("public_id", *NEW_ROW_FIELDS, "search_text", "source_row")


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


@dataclass
class CheckOutcome:
    """What a pass over the file found: counts, the first problems, and where the clean rows are."""

    rows: int = 0
    errors: int = 0
    bad_rows: int = 0
    corrections: int = 0
    staged_name: str = ""
    staged_mac: str = ""
    mapped_fields: tuple[str, ...] = ()
    problems: list[dict[str, Any]] | None = None
    file_error: str = ""
    file_problem: dict[str, Any] | None = None  # file_error as a wording id and values, for other languages
    header: tuple[str, ...] = ()
    encoding: str = ""
    file_format: str = ""

    def add(self, problems: list[Problem]) -> None:
        """Problems of one or more rows, in row order."""
        self.errors += len(problems)
        self.bad_rows += len({problem.row for problem in problems})
        if self.problems is None:
            self.problems = []
        for problem in problems[: REPORT_LIMIT - len(self.problems)]:
            self.problems.append({"row": problem.row, "field": problem.field, "reason": problem.reason,
                                  "said": problem.said.as_json() if problem.said else {}})


class Refs:
    """external_ref and homeward_id checks that need the whole file or the registry."""

    def __init__(self, party: Organisation) -> None:
        self.party = party
        self.seen: dict[str, int] = {}
        self.seen_ids: dict[uuid.UUID, int] = {}
        # Each roster reference the party uses, and the record that uses it.
        self.existing: dict[str, uuid.UUID] = dict(
            Declaration.objects.filter(party=party).exclude(external_ref="").values_list("external_ref", "public_id")
        )
        self.own_ids: dict[uuid.UUID, int] | None = None  # loaded when a row first needs them

    def check(self, row: int, ref: str, homeward_id: uuid.UUID | None) -> list[Problem]:
        problems: list[Problem] = []
        if ref:
            owner = self.existing.get(ref)
            if ref in self.seen:
                problems.append(_problem(row, "external_ref", said(
                    "import.ref_repeats", f"'{ref}' repeats row {self.seen[ref]}", ref=ref, first=self.seen[ref])))
            elif owner is not None and homeward_id is None:
                problems.append(_problem(row, "external_ref", said(
                    "import.ref_registered", f"'{ref}' is already in your registry; add its homeward_id column to "
                    "correct it", ref=ref)))
            elif owner is not None and owner != homeward_id:
                problems.append(_problem(row, "external_ref", said(
                    "import.ref_taken", f"'{ref}' is used by another of your records", ref=ref)))
            self.seen.setdefault(ref, row)
        if homeward_id is not None:
            if homeward_id in self.seen_ids:
                first = self.seen_ids[homeward_id]
                problems.append(_problem(row, "homeward_id", said(
                    "import.id_repeats", f"the same record is corrected in row {first}", first=first)))
            elif homeward_id not in self._own_ids():
                # Same words whether the id is unknown or another party's: existence must not leak.
                problems.append(_problem(row, "homeward_id",
                                         said("import.id_unknown", "no record of yours has this id")))
            self.seen_ids.setdefault(homeward_id, row)
        return problems

    def check_chunk(self, chunk: CleanChunk) -> list[Problem]:
        """check() for every row; set operations decide at once when no row can have a problem."""
        refs, ids = chunk.columns["external_ref"], chunk.columns["homeward_id"]
        given = set(refs)
        given.discard("")
        if (ids.count(None) == len(ids) and len(given) == len(refs) - refs.count("")
                and self.seen.keys().isdisjoint(given) and self.existing.keys().isdisjoint(given)):
            self.seen.update(zip(refs, chunk.rows, strict=True))
            self.seen.pop("", None)
            return []
        problems: list[Problem] = []
        for row, ref, homeward_id in zip(chunk.rows, refs, ids, strict=True):
            problems += self.check(row, ref, homeward_id)
        return problems

    def version_of(self, homeward_id: uuid.UUID) -> int:
        return self._own_ids()[homeward_id]

    def recheck_new(self, rows: list[tuple[int, str]]) -> Said | None:
        """At commit: a staged (row, reference) that another import or an edit has taken since the check."""
        if self.existing.keys().isdisjoint(ref for _row, ref in rows):
            return None
        row, ref = next((row, ref) for row, ref in rows if ref in self.existing)
        return said("import.recheck.added", f"row {row}: '{ref}' has been added to your registry since the check",
                    row=row, ref=ref)

    def recheck_correction(self, row: int, homeward_id: uuid.UUID, version: int, ref: str) -> Said | None:
        current = self._own_ids().get(homeward_id)
        owner = self.existing.get(ref) if ref else None
        if owner is not None and owner != homeward_id:
            return said("import.recheck.taken",
                        f"row {row}: '{ref}' has been given to another of your records since the check",
                        row=row, ref=ref)
        if current == version:
            return None
        if current is None:
            return said("import.recheck.not_yours", f"row {row}: the record to correct is no longer yours", row=row)
        return said("import.recheck.corrected", f"row {row}: record {homeward_id} was corrected since the check",
                    row=row, record=str(homeward_id))

    def _own_ids(self) -> dict[uuid.UUID, int]:
        if self.own_ids is None:
            rows = Declaration.objects.filter(party=self.party).values_list("public_id", "version")
            self.own_ids = dict(rows)
        return self.own_ids


def _problem(row: int, field: str, reason: Any) -> Problem:
    return Problem(row, field, reason.text, reason)


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _clean_chunks(batch: ImportBatch, outcome: CheckOutcome, stage: str) -> Iterator[tuple[CleanChunk, Refs]]:
    """Open the stored file and yield the chunks whose rows all pass; count and report the rest."""
    table = open_table(stored_path(batch), filename=batch.filename,
                       encoding=batch.encoding_choice or None, limits=limits())
    outcome.header, outcome.encoding, outcome.file_format = table.header, table.encoding or "", table.format
    mapping = batch.mapping or suggest_mapping(table.header, saved_mapping(batch.party))
    plan = plan_columns(table.header, mapping)
    outcome.mapped_fields = mapped_fields(plan.field_index)
    refs = Refs(batch.party)
    check_chunk = ChunkChecker(plan, today=timezone.localdate())
    for chunk in _chunks(table.rows(), CHUNK):
        outcome.rows += len(chunk)
        result = check_chunk(chunk)
        if result.clean is not None:
            problems = refs.check_chunk(result.clean)
            if not problems:
                yield result.clean, refs
            outcome.add(problems)
        else:
            for check in result.rows:
                values = check.values or {}
                outcome.add(list(check.problems)
                            or refs.check(check.row, values["external_ref"], values["homeward_id"]))
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


def saved_mapping(party: Organisation) -> dict[str, str]:
    return dict(ColumnMapping.objects.filter(organisation=party).values_list("header", "field"))


def _present(parts: tuple[str, ...]) -> str:
    return " ".join(filter(None, parts))


def search_texts(columns: dict[str, list[Any]]) -> list[str]:
    """search_text_for(values) of every row of a clean chunk, from its columns."""
    return search_keys(list(map(_present, zip(*(columns[field] for field in SEARCH_FIELDS), strict=True))))


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


def stage_chunk(staging: StagingWriter, chunk: CleanChunk, refs: Refs) -> None:
    """A clean chunk as the commit writes it: a public id, the values in STAGED_COLUMNS order.

    A correction row is staged apart, with the version the check saw, so the
    commit changes the record only if nobody has corrected it in between.
    """
    columns, ids = chunk.columns, chunk.columns["homeward_id"]
    staged = [random_uuid_hexes(len(chunk.rows)), *(columns[field] for field in NEW_ROW_FIELDS),
              search_texts(columns), chunk.rows]
    corrections = []
    if ids.count(None) != len(ids):
        corrections = [(str(homeward_id), refs.version_of(homeward_id), *row)
                       for homeward_id, row in zip(ids, zip(*staged, strict=True), strict=True)
                       if homeward_id is not None]
    status = 1 + NEW_ROW_FIELDS.index("legal_status")
    if None in staged[status]:  # a new declaration with no status given is a prisoner of war
        staged[status] = [value or "pow" for value in staged[status]]
    if not corrections:
        staging.add(zip(*staged, strict=True))
        return
    new = [homeward_id is None for homeward_id in ids]
    staging.add(zip(*(itertools.compress(column, new) for column in staged), strict=True), corrections)


def run_check(batch: ImportBatch) -> CheckOutcome:
    """The dry run: every row checked, nothing written to the registry; clean rows are staged."""
    outcome = CheckOutcome(staged_name=new_staging_name(batch.public_id))
    staging = StagingWriter(outcome.staged_name, STAGED_COLUMNS)
    try:
        for chunk, refs in _clean_chunks(batch, outcome, "checking"):
            ids = chunk.columns["homeward_id"]
            outcome.corrections += len(ids) - ids.count(None)
            if not outcome.errors:  # once a row is refused, nothing of the file will be committed
                stage_chunk(staging, chunk, refs)
        staging.set("mapped", list(outcome.mapped_fields))
    except ImportRejected as exc:
        outcome.file_error = exc.message
        outcome.file_problem = said("import.rejected", exc.message, code=exc.code, line=exc.line).as_json()
    except MappingError as exc:
        outcome.file_error = "The columns cannot be used: " + "; ".join(exc.problems) + "."
        outcome.file_problem = said("import.columns", outcome.file_error, problems=list(exc.said)).as_json()
    except BaseException:
        staging.discard()
        raise
    if outcome.errors or outcome.file_error:
        staging.discard()
        outcome.staged_name = ""
    else:
        outcome.staged_mac = staging.close()
    return outcome
