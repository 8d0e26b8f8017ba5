"""`homeward plan`: files in, a reason for every person out, a JSON summary with the proof."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from homeward_core.planning.generate import held_register, write_held_csv

TERMS = {
    "format": "homeward-terms/1", "reference_date": "2025-06-09",
    "eligible": {"any": [{"category": "seriously_wounded"}, {"category": "ill"}, {"category": "under_25"}]},
    "quota": {"at_least": 40}, "parity": {"regime": "equivalence", "scale": "dix_hill_1862"},
    "phases": [{"name": "Day 1", "capacity": 25}, {"name": "Day 2", "capacity": 15}],
}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    write_held_csv(tmp_path / "a.csv", held_register(400, side="a", seed=3))
    write_held_csv(tmp_path / "b.csv", held_register(120, side="b", seed=3))
    (tmp_path / "terms.json").write_text(json.dumps(TERMS), encoding="utf-8")
    return {"terms": tmp_path / "terms.json", "a": tmp_path / "a.csv", "b": tmp_path / "b.csv",
            "out": tmp_path / "plan.csv"}


def plan(files: dict[str, Path], *extra: str) -> dict[str, object]:
    out = StringIO()
    call_command("plan", "--terms", str(files["terms"]), "--a", str(files["a"]), "--b", str(files["b"]),
                 "--out", str(files["out"]), *extra, stdout=out)
    return dict(json.loads(out.getvalue()))


def test_it_writes_every_person_with_a_reason(files: dict[str, Path]) -> None:
    summary = plan(files)
    with files["out"].open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["side", "record_id", "selected", "reason"]
    assert len(rows) == 520
    assert all(row["reason"] for row in rows)
    chosen = [row for row in rows if row["selected"] == "1"]
    assert summary["selected"] == {side: sum(r["side"] == side for r in chosen) for side in ("a", "b")}
    assert summary["proof"] == "optimal"
    assert [level["level"] for level in summary["objective"]] == [
        "count", "seriously_wounded", "ill", "under_25", "days_held"]
    assert max(summary["selected"].values()) <= 25  # the first phase's capacity
    assert any(row["reason"].startswith("not eligible: refuses repatriation") for row in rows)


def test_it_schedules_every_phase_with_parity_in_each(files: dict[str, Path], tmp_path: Path) -> None:
    summary = plan(files, "--schedule-out", str(tmp_path / "schedule.csv"))
    phases = summary["schedule"]
    assert [p["phase"] for p in phases] == ["Day 1", "Day 2"]
    assert all(p["proof"] == "optimal" for p in phases)
    with (tmp_path / "schedule.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len({(r["side"], r["record_id"]) for r in rows}) == len(rows)  # nobody goes twice


@pytest.mark.parametrize(("target", "content", "words"), [
    ("a", "record_id,surname\nx,y\n", "the header must be record_id,date_of_birth"),
    ("a", "record_id,date_of_birth,captured_on,rank,legal_status,seriously_wounded,ill,consents,"
          "held_for_proceedings,identity_confirmed\nA1,1990-02-30,,private,pow,0,0,,0,1\n",
     "a.csv, row 2, date_of_birth: '1990-02-30' is not a date"),
    ("b", "record_id,date_of_birth,captured_on,rank,legal_status,seriously_wounded,ill,consents,"
          "held_for_proceedings,identity_confirmed\nB1,1990-01-01,,private,pow,yes,0,,0,1\n",
     "b.csv, row 2, seriously_wounded: 'yes' is not 0, 1 or blank"),
    ("terms", '{"format": "homeward-terms/1", "parity": {"regime": "fair"}}', "terms refused: parity.regime"),
    ("a", "record_id,date_of_birth,captured_on,rank,legal_status,seriously_wounded,ill,consents,"
          "held_for_proceedings,identity_confirmed\nA1,0000,,private,pow,0,0,,0,1\n",
     "a.csv, row 2, date_of_birth: '0000' is not a date"),
])
def test_bad_files_are_refused_and_nothing_is_written(files: dict[str, Path], target: str, content: str,
                                                       words: str) -> None:
    files[target].write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=words.replace("(", r"\(").replace(".", r"\.")):
        plan(files)
    assert not files["out"].exists()
    assert not list(files["out"].parent.glob(".plan.csv.*"))


def test_a_schedule_the_terms_cannot_give_is_refused_before_anything_is_written(files: dict[str, Path],
                                                                               tmp_path: Path) -> None:
    files["terms"].write_text(json.dumps({"format": "homeward-terms/1", "reference_date": "2025-06-09"}),
                              encoding="utf-8")
    with pytest.raises(CommandError, match="no phases"):
        plan(files, "--schedule-out", str(tmp_path / "schedule.csv"))
    assert not files["out"].exists()


@pytest.mark.parametrize("option", ["--out", "--schedule-out"])
def test_an_output_folder_that_does_not_exist_is_refused_before_anything_is_written(
        files: dict[str, Path], tmp_path: Path, option: str) -> None:
    missing = tmp_path / "no such folder" / "out.csv"
    if option == "--out":
        files["out"] = missing
    with pytest.raises(CommandError, match="no such folder"):
        plan(files, *((option, str(missing)) if option == "--schedule-out" else ()))
    assert not (tmp_path / "plan.csv").exists()
