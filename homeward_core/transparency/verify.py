"""The offline verifier: a party's own checkpoints and an export, checked without the server.

What it proves, in order, each step naming what failed:

1. every checkpoint (those the party kept, and the export's) is signed by
   the log's key, and the export's is cosigned by at least ``quorum`` of
   the trusted witnesses (so the party is not shown a view nobody else
   saw; the ones it kept its own witness checked when it cosigned them);
2. no two checkpoints give one size two roots (a split view), and each is
   consistent with the next larger one (no history rewritten, no rollback):
   by the export's consistency proofs, or by rebuilding the tree from the
   export's leaves, whose roots must be exactly the checkpoints' roots;
3. each opened entry (entry, chain hash, salt) commits to the leaf at its
   index, by the export's leaves or by an inclusion proof; its chain hash
   is right and consecutive openings link;
4. for a complete export, every leaf is opened or shredded, and each
   shredded leaf has a later tombstone entry that says so;
5. each business record handed over is in the state the latest opened
   entry about it committed to, or (a declaration imported in bulk and not
   changed since) the state its import's seal committed to; none the opened
   entries created or a seal bound is missing, and every import committed
   was sealed (records.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from homeward_core.transparency.canonical import digest
from homeward_core.transparency.chain import entry_hash
from homeward_core.transparency.leaves import LEAF_FORMAT, commitment, entry_from_content
from homeward_core.transparency.merkle import (
    MerkleTree,
    ProofInvalid,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)
from homeward_core.transparency.note import (
    Checkpoint,
    Note,
    NoteInvalid,
    Verifier,
    open_checkpoint,
    verified_signers,
)
from homeward_core.transparency.records import check_records

EXPORT_FORMAT = "homeward-log-export/1"
SHRED_ACTION = "audit.leaf.shred"


def shred_digest(sequence: int) -> str:
    """The after-digest of the tombstone entry that shreds the leaf of entry ``sequence``."""
    return digest({"shredded_sequence": sequence})


@dataclass(frozen=True)
class Trust:
    """What a party trusts, configured once: the log's key and origin, the witnesses, how many must cosign."""

    origin: str
    log: Verifier
    witnesses: tuple[Verifier, ...]
    quorum: int


@dataclass
class Report:
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _hash(value: Any, what: str) -> bytes:
    try:
        raw = bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ProofInvalid(f"{what} is not a 32-byte hex hash")
    return raw


def _checkpoint(message: str, trust: Trust, label: str, report: Report, quorum: int) -> Checkpoint | None:
    try:
        checkpoint, note = open_checkpoint(message, trust.log, trust.origin)
        cosigners = verified_signers(Note(note.text, note.signatures), list(trust.witnesses))
    except NoteInvalid as error:
        report.problems.append(f"{label}: {error}")
        return None
    if len(cosigners) < quorum:
        report.problems.append(f"{label} (size {checkpoint.size}): cosigned by {len(cosigners)} trusted witness(es), "
                               f"{quorum} required")
        return None
    report.checked.append(f"{label}: size {checkpoint.size}, signed by the log, cosigned by "
                          + ", ".join(c.name for c in cosigners))
    return checkpoint


def _consistent(checkpoints: list[Checkpoint], proofs: dict[tuple[int, int], list[bytes]],
                tree: MerkleTree | None, report: Report) -> None:
    ordered = sorted(checkpoints, key=lambda c: c.size)
    for older, newer in zip(ordered, ordered[1:], strict=False):
        if older.size == newer.size:
            if older.root != newer.root:
                report.problems.append(f"split view: two different roots for size {older.size}")
            continue
        proof = proofs.get((older.size, newer.size))
        if proof is None and tree is None:
            report.problems.append(f"no consistency proof from size {older.size} to size {newer.size}")
            continue
        if proof is None:
            continue  # the rebuilt tree below checks both roots
        try:
            verify_consistency(older.size, newer.size, older.root, newer.root, proof)
            report.checked.append(f"size {newer.size} extends size {older.size}")
        except ProofInvalid as error:
            report.problems.append(f"size {older.size} → {newer.size}: {error}")
    if tree is not None:
        for checkpoint in ordered:
            if checkpoint.size > tree.size:
                report.problems.append(f"the export has {tree.size} leaves, fewer than checkpoint size "
                                       f"{checkpoint.size}: entries were deleted")
            elif tree.root(checkpoint.size) != checkpoint.root:
                report.problems.append(f"the export's leaves do not give the root of checkpoint size "
                                       f"{checkpoint.size}: the history was rewritten")
            else:
                report.checked.append(f"the leaves rebuild the root of size {checkpoint.size}")


def _openings(export: dict[str, Any], latest: Checkpoint, tree: MerkleTree | None, report: Report,
              documents: dict[int, dict[str, Any]]) -> set[int]:
    opened: set[int] = set()
    tombstones: set[str] = set()
    previous: tuple[int, str] | None = None
    for item in sorted(export.get("entries", []), key=lambda e: int(e.get("index", -1))):
        index = int(item.get("index", -1))
        try:
            opening = item["opening"]
            if opening.get("format") != LEAF_FORMAT:
                raise ValueError(f"unknown leaf format {opening.get('format')!r}")
            entry = entry_from_content(opening["entry"])
            salt = bytes.fromhex(opening["salt"])
            if entry.sequence != index + 1:
                raise ValueError(f"entry #{entry.sequence} is opened at leaf {index}")
            if entry_hash(entry) != opening["entry_hash"]:
                raise ValueError("its content does not match its chain hash")
            leaf = leaf_hash(commitment(entry, opening["entry_hash"], salt))
            if tree is not None:
                if index >= tree.size or tree.node(0, index) != leaf:
                    raise ValueError("it does not commit to the leaf at its index")
            else:
                proof = [_hash(p, "an inclusion proof element") for p in item.get("inclusion", [])]
                verify_inclusion(index, latest.size, leaf, proof, latest.root)
            if previous is not None and previous[0] == index - 1 and entry.prev_hash != previous[1]:
                raise ValueError("it does not link to the entry before it")
        except (KeyError, TypeError, ValueError, ProofInvalid) as error:
            report.problems.append(f"entry at leaf {index}: {error}")
            continue
        opened.add(index)
        documents[index] = opening
        previous = (index, opening["entry_hash"])
        if entry.action == SHRED_ACTION:
            tombstones.add(entry.after_digest)
    if opened:
        report.checked.append(f"{len(opened)} opened entries commit to their leaves")
    for index in export.get("shredded", []):
        if shred_digest(int(index) + 1) not in tombstones:
            report.problems.append(f"leaf {index} is said to be shredded, but no tombstone entry says so")
    return opened


def verify_export(trust: Trust, held: Sequence[str], export: dict[str, Any], *, all_entries: bool = False) -> Report:
    """Check a party's own checkpoints (signed notes) and an export against its trust settings.

    ``all_entries`` is the party's own knowledge that it may read every entry
    (the mediator, an observer): then every leaf must be opened or shredded,
    whatever the export claims, so a deleted or renumbered entry cannot hide
    behind an export that says it is partial.
    """
    report = Report()
    if export.get("format") != EXPORT_FORMAT:
        report.problems.append(f"not a homeward log export (format {export.get('format')!r})")
        return report
    # The party's own checkpoints were checked by its own witness when it cosigned them; the
    # export's is what the server shows now, and must carry the quorum of cosignatures.
    checkpoints = [c for i, m in enumerate(held)
                   if (c := _checkpoint(m, trust, f"held checkpoint {i + 1}", report, 0))]
    latest = _checkpoint(str(export.get("checkpoint", "")), trust, "the export's checkpoint", report, trust.quorum)
    if latest is None:
        return report
    try:
        proofs = {(int(p["from"]), int(p["to"])): [_hash(h, "a consistency proof element") for h in p["proof"]]
                  for p in export.get("consistency", [])}
        tree = None
        if "leaves" in export:
            tree = MerkleTree()
            for value in export["leaves"]:
                tree.append_hash(_hash(value, "a leaf"))
    except (KeyError, TypeError, ValueError, ProofInvalid) as error:
        report.problems.append(f"the export is malformed: {error}")
        return report
    _consistent([*checkpoints, latest], proofs, tree, report)
    if tree is not None and tree.size != latest.size:
        report.problems.append(f"the export has {tree.size} leaves but its checkpoint says {latest.size}")
    documents: dict[int, dict[str, Any]] = {}
    opened = _openings(export, latest, tree, report, documents)
    if export.get("records") or export.get("record_types"):
        problems, verified = check_records(export.get("records", []), documents, export.get("record_types", []),
                                           export.get("records_withheld", []), export.get("seals", []))
        report.problems.extend(problems)
        if verified:
            report.checked.append(f"{verified} records ({', '.join(export.get('record_types', []))}) are in the "
                                  "state the log committed to")
    if (all_entries or export.get("complete")) and tree is not None:
        shredded = {int(i) for i in export.get("shredded", [])}
        missing = [i for i in range(tree.size) if i not in opened and i not in shredded]
        if missing:
            report.problems.append(f"{len(missing)} leaves have no entry (entries deleted or replaced): leaves "
                                   + ", ".join(str(i) for i in missing))
    return report

