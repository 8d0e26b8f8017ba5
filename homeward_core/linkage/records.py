"""The values linkage takes and gives: rows of a list, scored pairs, clusters."""

from __future__ import annotations

from dataclasses import dataclass

FIELDS = ("record_id", "surname", "given_name", "patronymic", "date_of_birth", "unit")


class LinkageError(ValueError):
    """Bad input to linkage; the message names the row and field at fault."""


@dataclass(frozen=True)
class Record:
    """One row of a list as written; any field but ``record_id`` may be empty."""

    record_id: str
    surname: str = ""
    given_name: str = ""
    patronymic: str = ""
    date_of_birth: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Contribution:
    """One term of a pair's score (a log2 Bayes factor), for the review queue's waterfall chart."""

    comparison: str  # "surname" | "given_name" | "patronymic" | "date_of_birth" | "unit" | "prior"
    level: str  # human label of the comparison level, e.g. "day and month swapped"
    match_weight: float


@dataclass(frozen=True)
class Candidate:
    """A scored pair: a left record and a right record that may be the same person."""

    left_id: str
    right_id: str
    match_probability: float
    match_weight: float
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True)
class Cluster:
    """Records of one list that appear to be the same person, with the pairs that joined them."""

    record_ids: tuple[str, ...]
    candidates: tuple[Candidate, ...]
