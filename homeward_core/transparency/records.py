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


def record_commitment(object_type: str, object_id: str, state: Any, salt: bytes) -> str:
    document = {"format": RECORD_FORMAT, "type": object_type, "id": object_id, "state": state, "salt": salt.hex()}
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


def check_records(records: Iterable[dict[str, Any]], openings: dict[int, dict[str, Any]],
                  covered: Iterable[str], withheld: Iterable[Any] = ()) -> tuple[list[str], int]:
    """Check each record against the opened entry it names; every record of a covered kind must be there.

    ``openings`` are the export's opened entries by leaf index, each already checked against its leaf.
    ``covered`` are the kinds of record the export hands over for this reader: every record of those kinds
    an opened entry is about must be present, unless a later opened entry deleted it or the export names it
    as ``withheld`` ([type, id]: it exists, but this reader may not read it, e.g. another party's person),
    and no opened entry about a record may be later than the one the record is checked against.
    Returns the problems and the number of records that verified.
    """
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
    verified, seen = 0, set()
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
