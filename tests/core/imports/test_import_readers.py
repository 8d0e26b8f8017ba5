"""The readers' contract beyond the catalogue: the sandbox's limits, processes, and small parts."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess
from pathlib import Path
from typing import Any

import pytest
from nasty_files import MAIN_NS, hand_made, sheet, workbook

import homeward_core.imports as imports
from homeward_core.imports import ImportLimits, ImportRejected, decode_text, open_table
from homeward_core.imports.encodings import plausibility
from homeward_core.imports.xlsx_worker import cell_text, row_texts

SHARED_STRINGS = 300_000


@pytest.fixture(scope="module")
def huge_shared_strings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid workbook whose shared-strings table holds 300,000 distinct names.

    openpyxl keeps every shared string in memory (about 200 bytes each) and parses
    some 35,000 a second, so this needs ~60 MB and ~8 s of CPU in the worker.
    """
    strings = "".join(f"<si><t>Коваленко {index:07d}</t></si>" for index in range(SHARED_STRINGS))
    table = f'<sst xmlns="{MAIN_NS}" count="{SHARED_STRINGS}" uniqueCount="{SHARED_STRINGS}">{strings}</sst>'
    body = sheet('<row r="1"><c t="s"><v>0</v></c></row><row r="2"><c t="s"><v>1</v></c></row>')
    path = tmp_path_factory.mktemp("huge") / "upload.bin"
    path.write_bytes(hand_made(body, table))
    return path


def store(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    return path


# ---- the sandbox ------------------------------------------------------------------------


def test_a_workbook_too_big_for_the_worker_memory_is_refused_not_fatal(
    huge_shared_strings: Path, tmp_path: Path
) -> None:
    tiny = ImportLimits(xlsx_memory_bytes=40 * 1024 * 1024)  # the interpreter needs ~30 MB

    with pytest.raises(ImportRejected) as refused:
        open_table(huge_shared_strings, filename="roster.xlsx", limits=tiny)

    assert refused.value.code == "xlsx.worker_limit"
    assert "memory" in refused.value.message
    # The importer itself is unharmed and reads the next upload.
    small = store(tmp_path, workbook([("Прізвище",), ("Коваленко",)]))
    assert list(open_table(small, filename="roster.xlsx").rows()) == [(2, ("Коваленко",))]


def test_a_workbook_needing_too_much_cpu_is_refused(huge_shared_strings: Path) -> None:
    with pytest.raises(ImportRejected) as refused:
        open_table(huge_shared_strings, filename="roster.xlsx", limits=ImportLimits(xlsx_cpu_seconds=1))

    assert refused.value.code == "xlsx.worker_limit"
    assert "processing time" in refused.value.message


def test_a_worker_that_keeps_the_importer_waiting_is_stopped(tmp_path: Path) -> None:
    path = store(tmp_path, workbook([("Прізвище",), ("Коваленко",)]))

    with pytest.raises(ImportRejected) as refused:
        open_table(path, filename="roster.xlsx", limits=ImportLimits(xlsx_wait_seconds=0.01))

    assert refused.value.code == "xlsx.worker_limit"
    assert "longer than allowed" in refused.value.message


class RecordingPopen(subprocess.Popen[bytes]):
    started: list[RecordingPopen] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        RecordingPopen.started.append(self)


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> list[RecordingPopen]:
    RecordingPopen.started = []
    monkeypatch.setattr(subprocess, "Popen", RecordingPopen)  # as xlsx_table sees it
    return RecordingPopen.started


def test_no_worker_outlives_reading_the_header_or_an_abandoned_iteration(
    tmp_path: Path, workers: list[RecordingPopen]
) -> None:
    rows = [("Номер",), *((str(number),) for number in range(5000))]
    table = open_table(store(tmp_path, workbook(rows)), filename="roster.xlsx")
    assert len(workers) == 1 and workers[0].returncode is not None

    iteration = table.rows()
    assert next(iteration) == (2, ("0",))
    iteration.close()  # type: ignore[attr-defined]  # rows() is a generator

    assert len(workers) == 2 and all(worker.returncode is not None for worker in workers)
    assert all(worker.stdout is not None and worker.stdout.closed for worker in workers)


def test_the_worker_reads_through_defusedxml_and_keeps_formulas_as_text(tmp_path: Path) -> None:
    path = store(tmp_path, workbook([("Формула",), ('=WEBSERVICE("http://x.invalid")',)]))

    assert list(open_table(path, filename="roster.xlsx").rows()) == [(2, ('=WEBSERVICE("http://x.invalid")',))]


# ---- the upload itself ------------------------------------------------------------------


def test_an_unsupported_encoding_is_refused_before_the_file_is_read(tmp_path: Path) -> None:
    with pytest.raises(ImportRejected) as refused:
        open_table(tmp_path / "missing.csv", filename="roster.csv", encoding="ebcdic")

    assert refused.value.code == "encoding.unsupported"


@pytest.mark.parametrize("kind", ["missing", "directory", "fifo"])
def test_what_is_not_a_stored_file_is_unreadable_without_hanging(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "upload.bin"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)

    with pytest.raises(ImportRejected) as refused:
        open_table(path, filename="roster.csv")

    assert refused.value.code == "file.unreadable"


def test_a_rejection_survives_pickling_for_the_task_queue() -> None:
    original = ImportRejected("csv.ragged_row", "Row 7 has a value in column 5.", line=7, detail="x")

    copy = pickle.loads(pickle.dumps(original))

    assert (copy.code, copy.message, copy.line, copy.detail) == ("csv.ragged_row", original.message, 7, "x")
    assert str(copy) == original.message


def test_the_public_api_is_small() -> None:
    assert sorted(imports.__all__) == sorted(
        ["ERROR_CODES", "ImportLimits", "ImportRejected", "Row", "Table", "decode_text", "open_table"]
    )
    assert ImportLimits().max_bytes == 512 * 1024**2
    assert ImportLimits().zip_max_total_uncompressed == 2 * 1024**3


# ---- decoding ---------------------------------------------------------------------------


def test_decode_text_names_the_codec_it_used() -> None:
    text = "Прізвище;Ім'я\nКоваленко;Олександр\nШевчук;Ігор\n"

    assert decode_text(text.encode("utf-8"), encoding=None) == (text, "utf-8")
    assert decode_text(text.encode("cp1251"), encoding=None) == (text, "cp1251")
    assert decode_text(text.encode("koi8_u"), encoding=None) == (text, "koi8_u")
    assert decode_text(b"\xff\xfe" + text.encode("utf-16-le"), encoding=None) == (text, "utf-16-le")


def test_a_mixed_file_names_example_lines() -> None:
    data = "a;b\nКоваленко;Олександр\nШевчук;Ігор\n".encode() + "Бондаренко;Євген\n".encode("cp1251")

    with pytest.raises(ImportRejected) as refused:
        decode_text(data, encoding=None)

    assert refused.value.message == (
        "The file is not valid UTF-8 and not a single legacy encoding: lines 2–3 are UTF-8 "
        "but line 4 is not. Save it again as UTF-8."
    )
    assert refused.value.line == 4


def test_the_right_code_page_reads_as_more_plausible_text() -> None:
    data = "КОВАЛЕНКО ОЛЕКСАНДР ПЕТРОВИЧ".encode("cp1251")

    assert plausibility(data.decode("cp1251")).score > plausibility(data.decode("koi8_u")).score


# ---- cells ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("=SUM(A1)", "=SUM(A1)"),
        (12, "12"),
        (12.0, "12"),
        (1.5, "1.5"),
        (True, "TRUE"),
        (False, "FALSE"),
        (dt.datetime(1998, 3, 12), "1998-03-12"),
        (dt.datetime(1998, 3, 12, 14, 30, 5), "1998-03-12T14:30:05"),
        (dt.date(2001, 11, 1), "2001-11-01"),
        (dt.time(14, 30), "14:30:00"),
    ],
)
def test_cells_become_the_text_a_person_sees(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_trailing_empty_cells_are_dropped() -> None:
    assert row_texts(["a", None, "b", None, ""]) == ["a", "", "b"]
    assert row_texts([None, None]) == []
