"""How much of an uploaded roster file homeward is willing to read, and for how long."""

from __future__ import annotations

from dataclasses import dataclass

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """Bounds that keep a hostile or broken roster from exhausting the importer.

    The defaults admit the largest real rosters (a national list of a few hundred
    thousand people, a spreadsheet at Excel's own row limit) with a wide margin.
    """

    max_bytes: int = 512 * MiB
    max_rows: int = 2_000_000
    max_columns: int = 256
    max_cell_chars: int = 2_000
    max_line_bytes: int = 64 * KiB
    zip_max_entries: int = 500
    zip_max_total_uncompressed: int = 2 * GiB
    zip_max_ratio: int = 100
    # Tiny XML parts ([Content_Types].xml, styles) compress far better than 100:1
    # without being dangerous, so the ratio is only judged above this size.
    zip_ratio_min_bytes: int = 64 * KiB
    xlsx_memory_bytes: int = 1 * GiB
    xlsx_cpu_seconds: int = 120
    # Time the importer may spend *waiting* for the XLSX worker; the time the caller
    # spends on each row does not count, so a slow consumer never trips it.
    xlsx_wait_seconds: float = 300.0
