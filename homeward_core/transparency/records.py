"""Business records bound to the log: each audited write commits to the record's state after it.

For the kinds of record the log tracks, an audit entry's after-digest is not a
digest of whatever the service chose to pass, but a salted commitment to the
record's whole canonical state as stored once the write is done:

    SHA-256(JCS({"format": "homeward.record/1", "id": <public id>, "salt": <the entry's leaf salt, hex>,
                 "state": <canonical state>, "type": <object type>}))

The salt is the entry's leaf salt (kept with the entry, deleted when the
record is purged), so the commitment reveals nothing to whoever holds only the
leaf, and the same opening that proves the entry is in the log proves what the
record was. A party given a record's current state and the opening of the
latest entry about it recomputes the commitment: a changed, swapped or forged
record no longer matches, a deleted one is missing, a stale one is older than
an entry the party can see.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from homeward_core.transparency.canonical import canonical_bytes

RECORD_FORMAT = "homeward.record/1"
SEAL_FORMAT = "homeward.seal/1"
SEAL_ACTION = "registry.import.seal"
PURGE_ACTION = "retention.purge"


def record_commitment(object_type: str, object_id: str, state: Any, salt: bytes) -> str:
    document = {"format": RECORD_FORMAT, "type": object_type, "id": object_id, "state": state, "salt": salt.hex()}
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


def seal_digest(batch_id: str, rows: Iterable[tuple[str, str]]) -> str:
    """The after-digest of an import's seal entry: SHA-256 over its rows' record commitments.

    An import writes its new declarations in one step, under one entry. Its
    seal, the next entry about the import, binds each of them: every row is
    ``(record id, record_commitment("declaration", id, state, row salt))``,
    each row with a salt of its own (so purging one person shreds only
    theirs). The digest is, in UTF-8, over

        "homeward.seal/1\n" <batch id> "\n"  then, rows sorted by id,  <id> " " <commitment hex> "\n"

    a line format rather than JSON so that a million rows hash as a stream.
    """
    digest = hashlib.sha256(f"{SEAL_FORMAT}\n{batch_id}\n".encode())
    for record_id, committed in sorted(rows):
        digest.update(f"{record_id} {committed}\n".encode())
    return digest.hexdigest()


def check_records(records: Iterable[dict[str, Any]], openings: dict[int, dict[str, Any]],
                  covered: Iterable[str], withheld: Iterable[Any] = (),
                  seals: Iterable[dict[str, Any]] = ()) -> tuple[list[str], int]:
    """Check each record against the opened entry it names; every record of a covered kind must be there.

    ``openings`` are the export's opened entries by leaf index, each already checked against its leaf.
    ``covered`` are the kinds of record the export hands over for this reader: every record of those kinds
    an opened entry is about must be present, unless a later opened entry deleted it or the export names it
    as ``withheld`` ([type, id]: it exists, but this reader may not read it, e.g. another party's person),
    and no opened entry about a record may be later than the one the record is checked against.
    Records handed with ``seal`` (a declaration imported in bulk and not
    changed since) are checked against their import's seal instead
    (:func:`check_sealed`). Returns the problems and the number of records that verified.
    """
    records = list(records)
    covered = set(covered)
    problems: list[str] = []
    latest: dict[tuple[str, str], int] = {}
    mentioned: set[tuple[str, str]] = set()
    created: set[tuple[str, str]] = set()
    deleted: set[tuple[str, str]] = set()
    for index, opening in sorted(openings.items()):
        entry = opening["entry"]
        key = (entry["object_type"], entry["object_id"])
        if key[0] not in covered or not key[1]:
            continue
        latest[key] = index
        mentioned.add(key)
        if entry["action"].endswith(".create"):
            created.add(key)
        if not entry["after_digest"]:
            deleted.add(key)
        else:
            deleted.discard(key)
    sealed_records = [r for r in records if isinstance(r, dict) and "seal" in r]
    records = [r for r in records if not (isinstance(r, dict) and "seal" in r)]
    problems_sealed, verified, seen = check_sealed(sealed_records, seals, openings, latest) \
        if "declaration" in covered else ([], 0, set())
    problems.extend(problems_sealed)
    for record in records:
        try:
            key = (str(record["type"]), str(record["id"]))
            index = int(record["leaf"])
            if key in seen:
                raise ValueError("it is given twice")
            seen.add(key)
            opening = openings.get(index)
            if opening is None:
                raise ValueError(f"leaf {index} is not an entry opened to you")
            entry = opening["entry"]
            if (entry["object_type"], entry["object_id"]) != key:
                raise ValueError(f"the entry at leaf {index} is about another record")
            if latest.get(key, index) > index:
                raise ValueError(f"the entry at leaf {latest[key]} about it is later than leaf {index}: "
                                 "the record was rolled back")
            salt = bytes.fromhex(opening["salt"])
            if record_commitment(key[0], key[1], record["state"], salt) != entry["after_digest"]:
                raise ValueError(f"its state is not the one the entry at leaf {index} committed to")
        except (KeyError, TypeError, ValueError) as error:
            label = f"{record.get('type')} {record.get('id')}" if isinstance(record, dict) else "a record"
            problems.append(f"record {label}: {error}")
            continue
        verified += 1
    # What an entry opened to you created is yours to read: it cannot be withheld from you.
    hidden = {(str(item[0]), str(item[1])) for item in withheld} - created
    for key in sorted(mentioned - deleted - seen - hidden):
        problems.append(f"record {key[0]} {key[1]}: the entry at leaf {latest[key]} is about it, but it is "
                        "missing (deleted)")
    return problems, verified


def check_sealed(records: list[dict[str, Any]], seals: Iterable[dict[str, Any]], openings: dict[int, dict[str, Any]],
                 latest: dict[tuple[str, str], int]) -> tuple[list[str], int, set[tuple[str, str]]]:
    """Declarations imported in bulk, against the seals of their imports.

    Each seal names its opened entry (``leaf``) and lists every row it bound
    as [record id, commitment]; the list must give the entry's after-digest
    (:func:`seal_digest`), so no row was added to it, dropped or replaced.
    Each record handed with ``seal`` must be one of its import's rows, with
    no opened entry about it after the seal (else it was rolled back), and
    its state and row salt must give the row's commitment. A sealed row not
    handed over must have a later opened entry about it (it was corrected:
    checked against that entry) or have been purged (an opened purge entry
    names it); otherwise it was deleted. Every import an opened entry
    committed must have been sealed. Returns the problems, the number of
    records verified, and the records seen.
    """
    problems: list[str] = []
    bound: dict[tuple[str, str], tuple[str, str, int]] = {}
    sealed_batches: set[str] = set()
    for seal in seals:
        try:
            batch, index = str(seal["batch"]), int(seal["leaf"])
            opening = openings.get(index)
            if opening is None:
                raise ValueError(f"leaf {index} is not an entry opened to you")
            entry = opening["entry"]
            if (entry["action"], entry["object_type"], entry["object_id"]) != (SEAL_ACTION, "import_batch", batch):
                raise ValueError(f"the entry at leaf {index} is not this import's seal")
            rows = [(str(row[0]), str(row[1])) for row in seal["rows"]]
            if len({row[0] for row in rows}) != len(rows):
                raise ValueError("a row is listed twice")
            if seal_digest(batch, rows) != entry["after_digest"]:
                raise ValueError(f"its rows are not those the seal at leaf {index} committed to (a row was added, "
                                 "dropped or replaced)")
        except (KeyError, TypeError, ValueError, IndexError) as error:
            label = seal.get("batch") if isinstance(seal, dict) else "?"
            problems.append(f"import {label}: {error}")
            continue
        sealed_batches.add(batch)
        for record_id, committed in rows:
            bound[("declaration", record_id)] = (batch, committed, index)
    purged: set[str] = set()
    committed_imports: dict[str, int] = {}
    for index, opening in openings.items():
        entry = opening["entry"]
        if entry["action"] == PURGE_ACTION and entry["object_type"] == "person":
            purged.add(entry["object_id"])
        if entry["action"] == "registry.import.commit" and entry["object_type"] == "import_batch":
            committed_imports[entry["object_id"]] = index
    for batch, index in sorted(committed_imports.items()):
        if batch not in sealed_batches:
            problems.append(f"import {batch}: committed at leaf {index} but not sealed: its rows are not bound "
                            "to the log")
    verified, seen = 0, set()
    for record in records:
        try:
            key = (str(record["type"]), str(record["id"]))
            if key in seen:
                raise ValueError("it is given twice")
            seen.add(key)
            row = bound.get(key)
            if row is None or row[0] != str(record["seal"]):
                raise ValueError(f"it is not a row of the seal of import {record['seal']}")
            batch, committed, index = row
            if latest.get(key, -1) > index:
                raise ValueError(f"the entry at leaf {latest[key]} about it is later than its import's seal at "
                                 f"leaf {index}: the record was rolled back")
            if record_commitment(key[0], key[1], record["state"], bytes.fromhex(record["salt"])) != committed:
                raise ValueError(f"its state is not the one the seal of import {batch} at leaf {index} "
                                 "committed to")
        except (KeyError, TypeError, ValueError) as error:
            label = f"{record.get('type')} {record.get('id')}" if isinstance(record, dict) else "a record"
            problems.append(f"record {label}: {error}")
            continue
        verified += 1
    for key, (batch, _committed, index) in sorted(bound.items()):
        if key in seen or latest.get(key, -1) > index or key[1] in purged:
            continue  # handed and checked; corrected since (checked against that entry); or purged
        problems.append(f"record {key[0]} {key[1]}: the seal of import {batch} at leaf {index} binds it, but it "
                        "is missing (deleted)")
    return problems, verified, seen
