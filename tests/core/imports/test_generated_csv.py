"""Generated uploads: whatever the bytes, the importer yields rows or refuses the file.

And every table written by the csv module, in UTF-8, Windows-1251 or KOI8-U, reads
back with exactly the cells that were written.
"""

from __future__ import annotations

import codecs
import csv
import io
import string
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from homeward_core.imports import ERROR_CODES, ImportRejected, open_table

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PREFIXES = (
    b"",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
)
FILENAMES = ("roster.csv", "roster.xlsx", "roster.txt", "", "ROSTER.XLS ", "../x.csv")
ENCODINGS = (None, "utf-8", "utf-8-sig", "utf-16", "cp1251", "windows-1251", "koi8-u", "latin-1")
CSV_ALPHABET = (
    string.ascii_letters
    + string.digits
    + ",;\t\"' \r\n\x00\x0b\x1c\x85\u2028\ufeff"
    + "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюяЁёЪъЫыЭэ"
    + "«»—№’😀"
)

# Fictional name parts and roster tokens, all encodable in both legacy code pages.
NAME_TOKENS = (
    "Коваленко",
    "Шевчук",
    "Бондаренко",
    "Гуменюк",
    "Олійник",
    "Смирнов",
    "Кузнецов",
    "Фёдоров",
    "Олександр",
    "Ігор",
    "Євген",
    "Їжакевич",
    "Ґудзь",
    "Алексей",
    "Эдуард",
    "Юрий",
    "Петрович",
    "Васильович",
    "Юрійович",
    "Николаевич",
    "Сергеевич",
)
TOKENS = (
    NAME_TOKENS
    + tuple(token.upper() for token in NAME_TOKENS)
    + (
        "12.03.1998",
        "АА123456",
        "м. Житомир",
        "поранений",
        "сержант",
        ",",
        ";",
        "\t",
        '"',
        "'",
        " ",
        "\n",
        "\r\n",
        "-",
        "=SUM(A1)",
        "+1",
        "@x",
    )
)
HEADER_CHARS = string.ascii_letters + string.digits + " -_'" + "ІіЇїЄєҐґАаБбВвДдЕеИиКкЛлМмНнОоПпРрСсТтЯя"


@pytest.fixture(scope="module")
def upload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("generated") / "upload.bin"


def read_or_refuse(path: Path, *, filename: str, encoding: str | None) -> None:
    """The property: rows of text, or ImportRejected with a known code; nothing else."""
    try:
        table = open_table(path, filename=filename, encoding=encoding)
        for number, cells in table.rows():
            assert number > table.header_row
            assert len(cells) == len(table.header)
            assert all(isinstance(cell, str) for cell in cells)
    except ImportRejected as rejection:
        assert rejection.code in ERROR_CODES
        assert rejection.message


@SETTINGS
@given(
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=4096),
    filename=st.sampled_from(FILENAMES),
    encoding=st.sampled_from(ENCODINGS),
)
def test_arbitrary_bytes_are_read_or_refused(
    upload: Path, prefix: bytes, body: bytes, filename: str, encoding: str | None
) -> None:
    upload.write_bytes(prefix + body)
    read_or_refuse(upload, filename=filename, encoding=encoding)


@SETTINGS
@given(
    text=st.text(alphabet=CSV_ALPHABET, max_size=600),
    codec=st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1251", "koi8_u")),
    declared=st.sampled_from((None, "utf-8", "utf-16", "cp1251", "koi8-u")),
)
def test_csv_like_text_is_read_or_refused(upload: Path, text: str, codec: str, declared: str | None) -> None:
    upload.write_bytes(text.encode(codec, errors="replace"))
    read_or_refuse(upload, filename="roster.csv", encoding=declared)


# ---- round trips ------------------------------------------------------------------------


def comparable(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def header_names(width: int) -> st.SearchStrategy[list[str]]:
    name = st.text(alphabet=HEADER_CHARS, min_size=1, max_size=12).map(str.strip).filter(bool)
    return st.lists(name, min_size=width, max_size=width, unique_by=comparable)


@st.composite
def tables(draw: st.DrawFn, cell: st.SearchStrategy[str]) -> tuple[str, list[str], list[list[str]]]:
    width = draw(st.integers(min_value=1, max_value=6))
    # One column has no delimiter to sniff; such a file is read as comma-separated.
    delimiter = draw(st.sampled_from((",", ";", "\t"))) if width > 1 else ","
    header = draw(header_names(width))
    row = st.lists(cell, min_size=width, max_size=width).filter(lambda cells: any(c.strip() for c in cells))
    rows = draw(st.lists(row, max_size=15))
    return delimiter, header, rows


def written(delimiter: str, header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def expected(rows: list[list[str]]) -> list[tuple[int, tuple[str, ...]]]:
    return [(number, tuple(cells)) for number, cells in enumerate(rows, start=2)]


ANY_CELL = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20)
TOKEN_CELL = st.lists(st.sampled_from(TOKENS), max_size=5).map("".join)


@SETTINGS
@given(table=tables(ANY_CELL), codec=st.sampled_from(("utf-8", "utf-8-sig", "utf-16")))
def test_unicode_tables_round_trip(upload: Path, table: tuple[str, list[str], list[list[str]]], codec: str) -> None:
    delimiter, header, rows = table
    upload.write_bytes(written(delimiter, header, rows).encode(codec))

    read = open_table(upload, filename="roster.csv")

    assert read.header == tuple(header)
    assert list(read.rows()) == expected(rows)


@SETTINGS
@given(table=tables(TOKEN_CELL), codec=st.sampled_from(("cp1251", "koi8_u")))
def test_legacy_cyrillic_tables_round_trip(
    upload: Path, table: tuple[str, list[str], list[list[str]]], codec: str
) -> None:
    delimiter, header, rows = table
    text = written(delimiter, header, rows)
    data = text.encode(codec)
    # Bytes that are also valid UTF-8 are read as UTF-8 whatever was declared (by design, see
    # decode_text); a few legacy letters can happen to form such bytes ("ВЄ" in cp1251 is "ª").
    assume(not _is_utf8(data) or data.isascii())
    upload.write_bytes(data)

    declared = open_table(upload, filename="roster.csv", encoding=codec.replace("_", "-"))
    assert declared.header == tuple(header)
    assert list(declared.rows()) == expected(rows)

    # Detection needs some text to judge; a roster of names always has it.
    if sum(char.isalpha() and not char.isascii() for char in text) >= 60:
        detected = open_table(upload, filename="roster.csv")
        assert detected.encoding in (codec, "utf-8")
        assert list(detected.rows()) == expected(rows)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
