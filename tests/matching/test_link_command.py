"""`homeward link`: two list files in, one-to-one links out; bad files refused with nothing written."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from homeward_core.linkage import synthetic
from homeward_core.linkage.evaluate import accuracy
from homeward_core.linkage.files import write_records

HEADER = "record_id,surname,given_name,patronymic,date_of_birth,unit\n"


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, frozenset[tuple[str, str]]]:
    folder = tmp_path_factory.mktemp("lists")
    generated = synthetic.linked_lists(1500, 1200, 800, seed=5)
    write_records(folder / "left.csv", generated.left)
    write_records(folder / "right.csv", generated.right)
    # The right list arrives with a byte-order mark, as spreadsheet programs write it.
    right = folder / "right.csv"
    right.write_bytes(b"\xef\xbb\xbf" + right.read_bytes())
    return folder / "left.csv", right, generated.true_pairs


def test_it_writes_one_to_one_links_at_or_above_the_threshold(lists, tmp_path: Path) -> None:
    left, right, truth = lists
    out = tmp_path / "links.csv"
    call_command("link", str(left), str(right), "--out", str(out), "--threshold", "0.6")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["left_id", "right_id", "match_probability"]
    assert all(float(row["match_probability"]) >= 0.6 for row in rows)
    assert len({row["left_id"] for row in rows}) == len(rows) == len({row["right_id"] for row in rows})
    assert accuracy({(row["left_id"], row["right_id"]) for row in rows}, truth)["f1"] >= 0.95


def _refused(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "b1,Шевчук,Юрій,,1979,\n", encoding="utf-8")
    out = tmp_path / "links.csv"
    with pytest.raises(CommandError, match=message):
        call_command("link", str(bad), str(good), "--out", str(out))
    assert not out.exists()
    assert set(tmp_path.iterdir()) == {bad, good}  # no temporary file left behind either


def test_a_wrong_header_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, b"id,name\n1,x\n", r"bad.csv: the header is 'id,name'; expected record_id,surname")


def test_a_file_not_in_utf8_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, (HEADER + "a1,Шевчук,Юрій,,1979,\n").encode("cp1251"), r"bad.csv: not UTF-8 \(byte 0x")


def test_a_repeated_record_id_is_refused(tmp_path: Path) -> None:
    rows = HEADER + "a1,Шевчук,Юрій,,1979,\na1,Бойко,Іван,,1980,\n"
    _refused(tmp_path, rows.encode(), r"bad.csv data row 2: record_id 'a1' appears more than once")


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, b"", r"bad.csv: the file is empty")


def test_a_header_without_rows_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, HEADER.encode(), r"bad.csv: no rows after the header")


def test_a_row_with_missing_fields_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, (HEADER + "a1,Шевчук\n").encode(), r"bad.csv line 2: 2 fields; expected 6")


def test_the_console_script_exits_non_zero_on_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"id,name\n")
    script = Path(sys.executable).with_name("homeward")
    done = subprocess.run([str(script), "link", str(bad), str(bad), "--out", str(tmp_path / "o.csv")],
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "the header is 'id,name'" in done.stderr
    assert not (tmp_path / "o.csv").exists()
