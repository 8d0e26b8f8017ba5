"""`homeward bench names`: prints and saves the figures docs/names.md reports."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def test_it_saves_speed_agreement_and_collisions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("bench", "names", "--distinct", "1000", "--rows", "5000", "--out", str(tmp_path))
    report = json.loads((tmp_path / "names-1000.json").read_text("utf-8"))
    assert report["speed"]["match_key_values_per_cpu_second"] > 0
    assert report["speed"]["match_keys_rows"] == 5000
    assert report["agreement_by_standard"]["uk_kmu_2010"]["rate"] == 1.0
    assert set(report["collision_rate_match_key"]) == {"given", "patronymic", "surname"}
    assert "saved" in capsys.readouterr().out


def test_it_refuses_sizes_that_measure_nothing(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--distinct"):
        call_command("bench_names", "--distinct", "10", "--out", str(tmp_path))
