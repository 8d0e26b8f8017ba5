"""The one place homeward calls the linkage engine: declarations in, proposed pairs out.

Declarations become ``homeward_core.linkage.Record`` values keyed by their
database id (which never leaves this process); the engine's candidates and
clusters become :class:`Proposal` values the services store. Which lists a
job compares is decided here too, so the services only see pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from homeward.matching.choices import Job
from homeward.registry.choices import DeclarationKind
from homeward.registry.models import Declaration
from homeward_core.linkage import Candidate, LinkageError, Record, dedupe, link

__all__ = ["LinkageError", "Proposal", "propose"]

Progress = Callable[[str, int, int], None]
RECORD_FIELDS = ("pk", "surname", "given_name", "patronymic", "birth_year", "birth_month", "birth_day", "unit")


@dataclass(frozen=True)
class Proposal:
    """A pair of declaration ids (lower first) the engine proposes, with the score's waterfall."""

    left_id: int
    right_id: int
    match_probability: float
    match_weight: float
    contributions: tuple[dict[str, Any], ...]


def date_of_birth(year: int | None, month: int | None, day: int | None) -> str:
    """Only a whole date is passed; a year alone would read to the engine as a mistyped date."""
    if year is None or month is None or day is None:
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def to_record(row: tuple[Any, ...]) -> Record:
    pk, surname, given, patronymic, year, month, day, unit = row
    return Record(str(pk), surname=surname, given_name=given, patronymic=patronymic,
                  date_of_birth=date_of_birth(year, month, day), unit=unit)


def _records(party_id: int, kind: str) -> list[Record]:
    rows = Declaration.objects.filter(party_id=party_id, kind=kind).order_by("pk").values_list(*RECORD_FIELDS)
    return [to_record(row) for row in rows.iterator(chunk_size=5000)]


def _proposal(candidate: Candidate) -> Proposal:
    a, b = int(candidate.left_id), int(candidate.right_id)
    return Proposal(
        left_id=min(a, b), right_id=max(a, b), match_probability=float(candidate.match_probability),
        match_weight=float(candidate.match_weight),
        contributions=tuple({"comparison": c.comparison, "level": c.level, "weight": float(c.match_weight)}
                            for c in candidate.contributions))


def lists_for(job: str, left_party_id: int, right_party_id: int | None) -> list[tuple[str, int, str, int, str]]:
    """The comparisons a job makes: (label, left party, left kind, right party, right kind)."""
    sought, held, dead = DeclarationKind.SOUGHT, DeclarationKind.HELD, DeclarationKind.DECEASED_HELD
    if job == Job.DUPLICATES:
        return [(f"{kind} duplicates", left_party_id, kind, left_party_id, kind) for kind in (held, sought, dead)]
    assert right_party_id is not None  # nosec B101
    if job == Job.SOUGHT_HELD:
        return [("sought ↔ held", left_party_id, sought, right_party_id, held)]
    return [("sought ↔ deceased held", left_party_id, sought, right_party_id, dead),
            ("sought ↔ deceased held (reverse)", right_party_id, sought, left_party_id, dead)]


def propose(job: str, left_party_id: int, right_party_id: int | None, *, review_floor: float,
            progress: Progress | None = None) -> tuple[list[Proposal], dict[str, int]]:
    """Run the engine over a job's lists; the proposals at or above the review floor, and how many were compared."""
    proposals: list[Proposal] = []
    compared: dict[str, int] = {}
    for label, lp, lk, rp, rk in lists_for(job, left_party_id, right_party_id):
        left = _records(lp, lk)
        report = _stage_progress(label, progress)
        if lp == rp and lk == rk:
            compared[label] = len(left)
            proposals.extend(_from_clusters(dedupe(left, threshold=review_floor, progress=report)))
        else:
            right = _records(rp, rk)
            compared[label] = len(left) + len(right)
            found = link(left, right, threshold=review_floor, one_to_one=True, progress=report)
            proposals.extend(_proposal(c) for c in found)
    return _unique(proposals), compared


def _from_clusters(clusters: Iterable[Any]) -> Iterator[Proposal]:
    for cluster in clusters:
        yield from (_proposal(c) for c in cluster.candidates)


def _unique(proposals: list[Proposal]) -> list[Proposal]:
    best: dict[tuple[int, int], Proposal] = {}
    for p in proposals:
        key = (p.left_id, p.right_id)
        if key not in best or p.match_probability > best[key].match_probability:
            best[key] = p
    return list(best.values())


def _stage_progress(label: str, progress: Progress | None) -> Callable[[str, float], None] | None:
    """The engine reports (stage, fraction done); a run reports (stage, done, total) in hundredths."""
    if progress is None:
        return None

    def report(stage: str, fraction: float) -> None:
        progress(f"{label}: {stage}", round(100 * fraction), 100)

    return report
