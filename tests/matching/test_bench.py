"""`homeward bench reconciliation` prints and saves its figures, measured on a fresh database of its own."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management import call_command


def test_the_benchmark_saves_stage_times_quality_and_query_counts(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    call_command("bench", "reconciliation", "--size", "150", "--out", str(tmp_path))
    saved = json.loads((tmp_path / "reconciliation-150.json").read_text(encoding="utf-8"))
    assert saved["benchmark"] == "reconciliation" and "saved" in capsys.readouterr().out
    assert saved["candidates"] > 0 and 0 < saved["precision"] <= 1 and 0 < saved["recall"] <= 1
    assert {"load_seconds", "engine_seconds", "store_seconds", "peak_rss_mb", "decision_ms"} <= saved.keys()
    assert all(page["queries"] <= 8 for page in saved["pages"].values())
    assert saved["decisions"] == min(100, saved["candidates"])
