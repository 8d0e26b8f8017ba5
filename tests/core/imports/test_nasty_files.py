"""Every hostile or malformed upload in the catalogue is refused with its code, or read exactly.

Each case must also finish within five seconds and, when refused, explain itself in
a sentence an operator at a border post can act on: no traceback, no repr.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path
from typing import TypeAlias

import pytest
from nasty_files import CASES, SIMPLE_SHEET, NastyCase, replaced_part, workbook

from homeward_core.imports import ERROR_CODES, ImportRejected, Table, open_table
from tests.cost import measured

_NOT_FOR_PEOPLE = re.compile(
    r"Traceback|File \"|\w+(Error|Exception)\b|\bb'|\\x[0-9a-fA-F]{2}|object at 0x|[{}]|\bNone\b"
)

Outcome: TypeAlias = tuple[Table, list[tuple[int, tuple[str, ...]]]] | ImportRejected


def read_upload(stored: Path, case: NastyCase) -> Outcome:
    try:
        table = open_table(stored, filename=case.filename, encoding=case.encoding, limits=case.limits)
        return table, list(table.rows())
    except ImportRejected as rejection:
        return rejection


def assert_is_a_sentence_for_people(rejection: ImportRejected) -> None:
    message = str(rejection)
    assert message == rejection.message
    assert len(message) >= 20 and "\n" not in message
    assert message[0].isupper() and message.endswith("."), message
    assert not _NOT_FOR_PEOPLE.search(message), message
    if rejection.detail:
        assert rejection.detail not in message


def test_the_catalogue_is_large_and_names_known_codes() -> None:
    names = [case.name for case in CASES]
    assert len(CASES) >= 55
    assert len(set(names)) == len(names)
    assert {case.expected_code for case in CASES} - {None} <= set(ERROR_CODES)
    assert sum(case.expected_code is None for case in CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_nasty_file(case: NastyCase, tmp_path: Path) -> None:
    stored = tmp_path / "upload.bin"  # storage never keeps the uploader's file name
    stored.write_bytes(case.make())

    with measured() as cost:
        outcome = read_upload(stored, case)
    cost.assert_quick(case.name)
    if case.expected_code is None:
        assert not isinstance(outcome, ImportRejected), f"{outcome.code}: {outcome}"
        assert_read_as_expected(case, *outcome)
    else:
        assert isinstance(outcome, ImportRejected), f"{case.name} was accepted"
        assert outcome.code == case.expected_code, f"{outcome.code}: {outcome}"
        assert outcome.code in ERROR_CODES
        if case.line is not None:
            assert outcome.line == case.line, str(outcome)
        assert_is_a_sentence_for_people(outcome)


def assert_read_as_expected(case: NastyCase, table: Table, rows: list[tuple[int, tuple[str, ...]]]) -> None:
    if case.header is not None:
        assert table.header == case.header
    if case.rows is not None:
        assert tuple(rows) == case.rows
    numbers = [number for number, _ in rows]
    assert numbers == sorted(set(numbers))
    assert all(number > table.header_row for number in numbers)
    assert all(len(cells) == len(table.header) for _, cells in rows)
    assert all(isinstance(cell, str) for _, cells in rows for cell in cells)


def test_a_table_can_be_read_twice_with_the_same_rows(tmp_path: Path) -> None:
    stored = tmp_path / "upload.bin"
    stored.write_bytes(workbook([("Прізвище",), ("Коваленко",), ("Шевчук",)]))
    table = open_table(stored, filename="roster.xlsx")

    assert list(table.rows()) == list(table.rows()) == [(2, ("Коваленко",)), (3, ("Шевчук",))]


def mutations(original: bytes, count: int) -> list[bytes]:
    """Truncations and byte flips all over a valid workbook, from a fixed seed."""
    generator = random.Random(1862)
    variants = []
    for index in range(count):
        data = bytearray(original)
        if index % 4 == 0:
            data = data[: generator.randrange(len(data))]
        else:
            for _ in range(generator.randint(1, 3)):
                data[generator.randrange(len(data))] = generator.randrange(256)
        variants.append(bytes(data))
    return variants


def test_mutated_workbooks_are_read_or_refused_never_crash(tmp_path: Path) -> None:
    original = workbook([("Прізвище", "Ім'я"), ("Коваленко", "Олександр")])
    stored = tmp_path / "upload.bin"
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        assert archive.testzip() is None
    for variant in mutations(original, 60):
        stored.write_bytes(variant)
        with measured() as cost:
            try:
                table = open_table(stored, filename="roster.xlsx")
                rows = list(table.rows())
            except ImportRejected as rejection:
                assert rejection.code in ERROR_CODES
                assert_is_a_sentence_for_people(rejection)
            else:
                assert all(isinstance(cell, str) for _, cells in rows for cell in cells)
        cost.assert_quick("a mutated workbook")


def test_workbooks_with_mangled_xml_are_read_or_refused_never_crash(tmp_path: Path) -> None:
    """Past the ZIP guard, openpyxl meets broken XML: the worker must turn it into a refusal."""
    generator = random.Random(1949)
    stored = tmp_path / "upload.bin"
    for _ in range(6):
        xml = bytearray(SIMPLE_SHEET.encode())
        for _ in range(generator.randint(1, 4)):
            xml[generator.randrange(len(xml))] = generator.choice(b"<>&\"'/=x\x00\xff")
        stored.write_bytes(replaced_part("xl/worksheets/sheet1.xml", bytes(xml)))
        with measured() as cost:
            try:
                list(open_table(stored, filename="roster.xlsx").rows())
            except ImportRejected as rejection:
                assert rejection.code in ERROR_CODES
                assert_is_a_sentence_for_people(rejection)
        cost.assert_quick("a workbook with mangled XML")
