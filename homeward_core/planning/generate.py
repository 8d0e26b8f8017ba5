"""Synthetic held registers for planning benchmarks and tests, clearly not real people.

Shaped like the demo story: most held are privates and NCOs captured over
three years, a few percent seriously wounded, some more ill, a fifth under
25; a small share refuse repatriation, are held for proceedings, are
civilians, or are not yet confirmed by the other side.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from homeward_core.eligibility.facts import PartialDate, PersonFacts
from homeward_core.planning.held_csv import HEADER

RANK_SHARES = {"private": 55, "nco": 25, "warrant": 6, "lieutenant": 7, "captain": 3.5, "major": 1.8,
               "lieutenant_colonel": 0.9, "colonel": 0.5, "brigadier_general": 0.2, "major_general": 0.07,
               "general": 0.03}
REFERENCE_DAY = date(2025, 6, 9)


def held_register(count: int, *, side: str, seed: int = 1) -> list[PersonFacts]:
    # seeded synthetic registers for benchmarks
    rng = random.Random(f"{seed}-{side}-{count}")  # nosec B311
    ranks, shares = list(RANK_SHARES), list(RANK_SHARES.values())
    return [_person(n, side, rng, rng.choices(ranks, shares)[0]) for n in range(count)]


def _person(n: int, side: str, rng: random.Random, rank: str) -> PersonFacts:
    born = REFERENCE_DAY - timedelta(days=rng.randint(18 * 365, 60 * 365))
    precision = rng.random()
    birth = (PartialDate(born.year, born.month, born.day) if precision < 0.93
             else PartialDate(born.year, born.month) if precision < 0.97 else PartialDate(born.year))
    consent = rng.random()
    return PersonFacts(
        record_id=f"{side.upper()}-{n:07d}", side=side, date_of_birth=birth,
        captured_on=REFERENCE_DAY - timedelta(days=rng.randint(10, 3 * 365 + 100)) if rng.random() < 0.98 else None,
        rank_class=rank,
        legal_status=rng.choices(["pow", "civilian_internee", "other_detainee"], [94, 4, 2])[0],
        seriously_wounded=rng.random() < 0.04, ill=rng.random() < 0.09,
        consents=True if consent < 0.6 else None if consent < 0.98 else False,
        held_for_proceedings=rng.random() < 0.01, identity_confirmed=rng.random() < 0.95,
    )


def write_held_csv(path: Path, people: Iterable[PersonFacts]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for p in people:
            writer.writerow((
                p.record_id, str(p.date_of_birth or ""), p.captured_on.isoformat() if p.captured_on else "",
                p.rank_class or "", p.legal_status, int(p.seriously_wounded), int(p.ill),
                "" if p.consents is None else int(p.consents), int(p.held_for_proceedings),
                int(p.identity_confirmed),
            ))
