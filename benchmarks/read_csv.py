"""How fast the hardened CSV reader gets through a national-size roster.

Generates a 1,000,000-row UTF-8 roster (about 150 MB, Ukrainian names, ';'
delimited as Ukrainian Excel writes it) in a temporary directory, then times
open_table() plus full iteration of its rows, and prints one JSON object:
{"rows", "seconds", "rows_per_s", "peak_rss_mb", "file_mb"}.

    .venv/bin/python benchmarks/read_csv.py [--rows N] [--encoding utf-8|cp1251|koi8-u]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from homeward_core.imports import open_table  # noqa: E402

HEADER = (
    "Номер запису;Прізвище;Ім'я;По батькові;Дата народження;Звання;"
    "Особистий номер;Місце народження;Дата полону;Примітка"
)
SURNAMES = ("Коваленко", "Шевчук", "Бондаренко", "Ткачук", "Олійник", "Мельничук", "Гуменюк")
GIVEN = ("Олександр", "Андрій", "Сергій", "Володимир", "Дмитро", "Ігор", "Тарас", "Євген")
PATRONYMICS = ("Петрович", "Іванович", "Миколайович", "Васильович", "Юрійович")
RANKS = ("солдат", "старший солдат", "сержант", "лейтенант", "капітан")
PLACES = ("м. Житомир", "м. Полтава", "с. Вишневе", "м. Черкаси", "смт Березне")


def write_roster(path: Path, rows: int, encoding: str) -> None:
    """A fictional roster: every name is drawn from a short list of common ones."""
    rng = random.Random(20240602)
    with path.open("w", encoding=encoding, newline="") as file:
        file.write(HEADER + "\r\n")
        for number in range(1, rows + 1):
            file.write(
                f"{number};{rng.choice(SURNAMES)};{rng.choice(GIVEN)};{rng.choice(PATRONYMICS)};"
                f"{rng.randint(1, 28):02}.{rng.randint(1, 12):02}.{rng.randint(1970, 2005)};"
                f"{rng.choice(RANKS)};АА{rng.randint(0, 999999):06};{rng.choice(PLACES)};"
                f"{rng.randint(1, 28):02}.{rng.randint(1, 12):02}.2024;"
                '"Поранений, потребує лікування"\r\n'
            )


def measure(path: Path) -> tuple[int, float]:
    started = time.perf_counter()
    table = open_table(path, filename=path.name)
    count = sum(1 for _ in table.rows())
    return count, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--encoding", default="utf-8")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "roster.csv"
        write_roster(path, options.rows, options.encoding)
        file_mb = path.stat().st_size / 1024**2
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        count, seconds = measure(path)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": count,
                "seconds": round(seconds, 2),
                "rows_per_s": round(count / seconds),
                "peak_rss_mb": round(peak_kib / 1024, 1),
                "rss_before_mb": round(rss_before / 1024, 1),
                "file_mb": round(file_mb, 1),
                "encoding": options.encoding,
            }
        )
    )


if __name__ == "__main__":
    main()
