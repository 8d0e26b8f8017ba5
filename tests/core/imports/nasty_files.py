"""A catalogue of hostile and malformed roster uploads, generated in code.

Each case is (name, filename, make, expected_code, ...): `make()` returns the
file's bytes, `filename` is what the uploader called it, and `expected_code` is
the ImportRejected code the importer must raise, or None when the file must be
accepted (then `header` and `rows`, when given, are what it must read).

No binary file is committed: every archive, workbook and encoding trick is built
here, deterministically, so a reviewer can read exactly what each case contains.
All names are fictional.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import random
import struct
import warnings
import zipfile
from collections.abc import Callable, Sequence
from typing import NamedTuple

import openpyxl

from homeward_core.imports import ImportLimits

Rows = tuple[tuple[int, tuple[str, ...]], ...]


class NastyCase(NamedTuple):
    name: str
    filename: str
    make: Callable[[], bytes]
    expected_code: str | None
    encoding: str | None = None
    limits: ImportLimits = ImportLimits()
    header: tuple[str, ...] | None = None
    rows: Rows | None = None
    line: int | None = None  # the line/row the rejection must name, when it names one


# ---- people and rosters (fictional) -----------------------------------------------------

UK_HEADER = ("Прізвище", "Ім'я", "По батькові", "Дата народження")
UK_PEOPLE = (
    ("Коваленко", "Олександр", "Петрович", "12.03.1998"),
    ("Шевчук", "Ігор", "Васильович", "01.11.2001"),
    ("Бондаренко", "Євген", "Юрійович", "23.07.1995"),
    ("Гуменюк", "Тарас", "Богданович", "05.02.2003"),
    ("Олійник", "Андрій", "Миколайович", "30.09.1999"),
    ("Ткачук", "Ярослав", "Іванович", "17.04.2000"),
)
RU_HEADER = ("Фамилия", "Имя", "Отчество", "Дата рождения")
RU_PEOPLE = (
    ("Смирнов", "Алексей", "Николаевич", "14.05.1997"),
    ("Кузнецов", "Дмитрий", "Сергеевич", "02.12.2002"),
    ("Фёдоров", "Юрий", "Андреевич", "21.08.1994"),
    ("Соловьёв", "Эдуард", "Игоревич", "09.01.2004"),
)


def roster_text(header: Sequence[str], people: Sequence[Sequence[str]], delimiter: str = ";") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(people)
    return buffer.getvalue()


def expected_rows(people: Sequence[Sequence[str]], first: int = 2) -> Rows:
    return tuple((first + index, tuple(person)) for index, person in enumerate(people))


UK_ROSTER = roster_text(UK_HEADER, UK_PEOPLE)
RU_ROSTER = roster_text(RU_HEADER, RU_PEOPLE)


def encoded(text: str, codec: str) -> Callable[[], bytes]:
    return lambda: text.encode(codec)


# ---- workbooks --------------------------------------------------------------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def workbook(rows: Sequence[Sequence[object]]) -> bytes:
    """A real workbook written by openpyxl."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def package_parts(sheet_xml: str, shared_strings: str | None = None) -> dict[str, bytes]:
    """The parts of a minimal hand-made workbook: one sheet, optional shared strings."""
    shared_override = (
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHEET_CT}.sharedStrings+xml"/>'
        if shared_strings is not None
        else ""
    )
    shared_rel = (
        f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        if shared_strings is not None
        else ""
    )
    parts = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT_NS}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_CT}.worksheet+xml"/>'
            f"{shared_override}</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            '<sheets><sheet name="Roster" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f"{shared_rel}</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    return {name: text.encode("utf-8") for name, text in parts.items()}


def sheet(rows_xml: str, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return f'{prolog}<worksheet xmlns="{MAIN_NS}"><sheetData>{rows_xml}</sheetData></worksheet>'


def inline_row(number: int, values: Sequence[str]) -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in values)
    return f'<row r="{number}">{cells}</row>'


SIMPLE_SHEET = sheet(inline_row(1, ["Прізвище", "Ім'я"]) + inline_row(2, ["Коваленко", "Олександр"]))


def zipped(
    parts: dict[str, bytes] | Sequence[tuple[str, bytes]],
    *,
    method: int = zipfile.ZIP_DEFLATED,
    methods: dict[str, int] | None = None,
) -> bytes:
    items = list(parts.items()) if isinstance(parts, dict) else list(parts)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of one case
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in items:
                info = zipfile.ZipInfo(name, date_time=(2024, 6, 2, 0, 0, 0))
                info.compress_type = (methods or {}).get(name, method)
                archive.writestr(info, data)
    return buffer.getvalue()


def hand_made(sheet_xml: str = SIMPLE_SHEET, shared_strings: str | None = None, **extra: bytes) -> bytes:
    parts = package_parts(sheet_xml, shared_strings)
    parts.update({name.replace("__", "/"): data for name, data in extra.items()})
    return zipped(parts)


def replaced_part(name: str, data: bytes, base: Callable[[], bytes] = lambda: hand_made()) -> bytes:
    parts = [(info.filename, blob) for info, blob in _members(base())]
    return zipped([(entry, data if entry == name else blob) for entry, blob in parts])


def _members(archive_bytes: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def central_records(data: bytes) -> list[int]:
    """Offsets of the central directory records of a well-formed archive."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        position, offsets = archive.start_dir, []
        for _ in archive.infolist():
            offsets.append(position)
            name, extra, comment = struct.unpack("<HHH", data[position + 28 : position + 34])
            position += 46 + name + extra + comment
    return offsets


def patched(data: bytes, changes: Callable[[bytearray, int, int], None]) -> bytes:
    """Apply `changes(buffer, central_offset, local_offset)` to every member's headers."""
    buffer = bytearray(data)
    for central in central_records(data):
        (local,) = struct.unpack("<I", data[central + 42 : central + 46])
        changes(buffer, central, local)
    return bytes(buffer)


def with_flag_bit(data: bytes, bit: int) -> bytes:
    def change(buffer: bytearray, central: int, local: int) -> None:
        for offset in (central + 8, local + 6):
            (flags,) = struct.unpack("<H", buffer[offset : offset + 2])
            buffer[offset : offset + 2] = struct.pack("<H", flags | bit)

    return patched(data, change)


def with_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Make the headers of `member` claim `size` uncompressed bytes (a lying header)."""
    target = member.encode()

    def change(buffer: bytearray, central: int, local: int) -> None:
        (name_length,) = struct.unpack("<H", buffer[central + 28 : central + 30])
        if bytes(buffer[central + 46 : central + 46 + name_length]) == target:
            buffer[central + 24 : central + 28] = struct.pack("<I", size)
            buffer[local + 22 : local + 26] = struct.pack("<I", size)

    return patched(data, change)


def rng(seed: str) -> random.Random:
    return random.Random(seed)


# ---- factories for the larger or trickier cases -----------------------------------------


@functools.cache
def zip_bomb() -> bytes:
    """200 MB of zeros as the worksheet, streamed through the compressor in 1 MiB steps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in package_parts(SIMPLE_SHEET).items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        zeros = bytes(1024 * 1024)
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(200):
                member.write(zeros)
    return buffer.getvalue()


def small_ratio_bomb() -> bytes:
    """4 MiB of one repeated cell: under every size limit, but 100:1 is exceeded."""
    row = inline_row(2, ["Коваленко"])
    body = sheet(inline_row(1, ["Прізвище"]) + row * (4 * 1024 * 1024 // len(row)))
    return hand_made(body)


def declared_huge() -> bytes:
    return with_declared_size(hand_made(), "xl/worksheets/sheet1.xml", 3 * 1024**3)


def lying_size() -> bytes:
    """The sheet really expands to ~300 KB but its headers claim 1 KB."""
    values = [str(rng("lying").randrange(10**9)) for _ in range(20_000)]
    body = sheet(inline_row(1, ["Номер"]) + "".join(inline_row(i + 2, [v]) for i, v in enumerate(values)))
    return with_declared_size(hand_made(body), "xl/worksheets/sheet1.xml", 1024)


def overlapping_members() -> bytes:
    """Two directory records point at the same local header (Fifield's overlap trick)."""
    data = hand_made()
    records = central_records(data)
    buffer = bytearray(data)
    (first_local,) = struct.unpack("<I", data[records[0] + 42 : records[0] + 46])
    buffer[records[1] + 42 : records[1] + 46] = struct.pack("<I", first_local)
    return bytes(buffer)


def many_entries() -> bytes:
    parts = list(package_parts(SIMPLE_SHEET).items())
    parts += [(f"xl/media/pad{index}.xml", b"<a/>") for index in range(600)]
    return zipped(parts)


def named_member(name: str) -> Callable[[], bytes]:
    def make() -> bytes:
        parts = list(package_parts(SIMPLE_SHEET).items()) + [(name, b"<a/>")]
        return zipped(parts)

    return make


def nul_in_member_name() -> bytes:
    data = named_member("xl/NULPLACEHOLDER.xml")()
    return data.replace(b"NULPLACEHOLDER", b"NUL\x00PLACEHOLDE")


def truncated_at(fraction: float | None = None, cut_from_end: int | None = None) -> Callable[[], bytes]:
    def make() -> bytes:
        data = workbook([UK_HEADER, *UK_PEOPLE])
        end = len(data) - cut_from_end if cut_from_end is not None else int(len(data) * (fraction or 0))
        return data[:end]

    return make


def corrupted_stored_sheet() -> bytes:
    parts = package_parts(SIMPLE_SHEET)
    data = zipped(parts, method=zipfile.ZIP_STORED)
    return data.replace("Коваленко".encode(), "Ковалинко".encode(), 1)


def mixed_lines(legacy: str) -> bytes:
    head = "Прізвище;Ім'я\r\nКоваленко;Олександр\r\nШевчук;Ігор\r\n".encode()
    tail = "Бондаренко;Євген\r\nГуменюк;Тарас\r\n".encode(legacy)
    return head + tail + "Олійник;Андрій\r\n".encode()


def cp1251_declared_koi8() -> bytes:
    return UK_ROSTER.encode("cp1251")


def thousand_columns_xlsx() -> bytes:
    """One header row of 100,000 cells; stored, so the ZIP ratio check stays out of the way."""
    values = rng("columns")
    cells = "".join(f"<c><v>{values.randrange(10**6)}</v></c>" for _ in range(100_000))
    parts = package_parts(sheet(f'<row r="1">{cells}</row>'))
    return zipped(parts, method=zipfile.ZIP_STORED)


def many_rows_xlsx() -> bytes:
    return workbook([("Номер",), *((str(index),) for index in range(30))])


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + "]>"
)


def billion_laughs_shared_strings() -> bytes:
    strings = f'{BILLION_LAUGHS}<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    body = sheet('<row r="1"><c t="s"><v>0</v></c></row>')
    return hand_made(body, strings)


def billion_laughs_sheet() -> bytes:
    prolog = BILLION_LAUGHS.replace("lolz", "worksheet")
    return hand_made(sheet('<row r="1"><c t="inlineStr"><is><t>&lol9;</t></is></c></row>', prolog))


def external_entity_workbook() -> bytes:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
        '<sheet name="&xxe;" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    return replaced_part("xl/workbook.xml", xml.encode())


def lowercase_doctype_rels() -> bytes:
    xml = (
        '<?xml version="1.0"?><!doctype Relationships SYSTEM "http://attacker.invalid/x.dtd">'
        f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
        f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    return replaced_part("_rels/.rels", xml.encode())


def utf16_doctype_sheet() -> bytes:
    xml = sheet(
        inline_row(1, ["a"]),
        prolog='<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "x">]>',
    )
    return replaced_part("xl/worksheets/sheet1.xml", xml.encode("utf-16"))


def garbage_sheet_xml() -> bytes:
    return replaced_part("xl/worksheets/sheet1.xml", b"this is not XML at all <<<>>>")


def missing_sheet_part() -> bytes:
    parts = package_parts(SIMPLE_SHEET)
    del parts["xl/worksheets/sheet1.xml"]
    return zipped(parts)


def empty_worksheet() -> bytes:
    return hand_made(sheet(""))


def duplicate_columns_xlsx() -> bytes:
    return workbook([("Прізвище", "Ім'я", " прізвище "), ("Коваленко", "Олександр", "Коваленко")])


def long_cell_xlsx() -> bytes:
    return workbook([("Прізвище", "Примітка"), ("Коваленко", "x" * 5000)])


def typed_workbook() -> bytes:
    return workbook(
        [
            ("Прізвище", "Дата народження", "Номер", "Зріст", "Поранений", "Формула", "Час"),
            ("Коваленко", dt.datetime(1998, 3, 12), 12, 1.78, True, "=SUM(C2:C3)", dt.datetime(2024, 6, 2, 14, 30)),
            (),
            ("Шевчук", dt.date(2001, 11, 1), 7.0, None, False, '=HYPERLINK("http://x.invalid","x")'),
        ]
    )


def formula_workbook() -> bytes:
    return workbook([("Прізвище", "Примітка"), ("=1+1", "@SUM(A1)"), ("+1", "-2+3")])


def duplicate_member() -> bytes:
    parts = list(package_parts(SIMPLE_SHEET).items())
    parts.append(("xl/workbook.xml", parts[2][1]))
    return zipped(parts)


def bzip2_member() -> bytes:
    return zipped(package_parts(SIMPLE_SHEET), methods={"xl/worksheets/sheet1.xml": zipfile.ZIP_BZIP2})


def ods_like() -> bytes:
    return zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<a/>"})


def docx_like() -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_container() -> bytes:
    return OLE_MAGIC + rng("ole").randbytes(4096)


def random_binary(seed: str, size: int = 8192) -> Callable[[], bytes]:
    return lambda: rng(seed).randbytes(size)


def high_bytes_noise() -> bytes:
    """Random bytes of the upper half only: no NULs, not UTF-8, not plausible Cyrillic."""
    generator = rng("noise")
    return b"a;b\n" + bytes(generator.choice(range(0x80, 0x100)) for _ in range(4096))


def wide_csv(columns: int) -> Callable[[], bytes]:
    return lambda: (",".join(f"c{index}" for index in range(columns)) + "\n").encode()


def too_long_line() -> bytes:
    cells = ["x" * 1900] * 40  # each cell fits, the line (76 KB) does not
    header = ",".join(f"c{index}" for index in range(40))
    return (header + "\n" + ",".join(cells) + "\n").encode()


def unclosed_quote_swallowing() -> bytes:
    lines = "".join(f"Коваленко{index};Олександр\r\n" for index in range(20_000))
    return ("Прізвище;Ім'я\r\n\"Шевчук;Ігор\r\n" + lines).encode()


def blank_line_flood() -> bytes:
    return b"a,b\n1,2\n" + b"\n" * 100


# ---- the catalogue ----------------------------------------------------------------------

SMALL_ROWS = ImportLimits(max_rows=10)
SMALL_FILE = ImportLimits(max_bytes=1024)

CASES: tuple[NastyCase, ...] = (
    # -- empty and near-empty --
    NastyCase("empty_file", "roster.csv", lambda: b"", "file.empty"),
    NastyCase("empty_file_named_xlsx", "roster.xlsx", lambda: b"", "file.empty"),
    NastyCase("only_utf8_bom", "roster.csv", lambda: b"\xef\xbb\xbf", "csv.empty"),
    NastyCase("only_utf16_bom", "roster.csv", lambda: b"\xff\xfe", "csv.empty"),
    NastyCase("only_blank_lines", "roster.csv", lambda: b"\r\n \r\n\t\n;;;\n", "csv.empty"),
    NastyCase(
        "header_only",
        "roster.csv",
        encoded("Прізвище;Ім'я\r\n", "utf-8"),
        None,
        header=("Прізвище", "Ім'я"),
        rows=(),
    ),
    # -- encodings --
    NastyCase("utf16_without_bom", "roster.csv", encoded(UK_ROSTER, "utf-16-le"), "file.nul_byte", line=1),
    NastyCase("nul_byte_on_line_3", "roster.csv", lambda: b"a,b\n1,2\n3,\x004\n", "file.nul_byte", line=3),
    NastyCase("random_binary_csv", "roster.csv", random_binary("csv"), "file.nul_byte"),
    NastyCase("high_byte_noise", "roster.csv", high_bytes_noise, "encoding.undecodable"),
    NastyCase(
        "declared_utf8_but_cp1251",
        "roster.csv",
        encoded(UK_ROSTER, "cp1251"),
        "encoding.undecodable",
        encoding="utf-8",
        line=1,
    ),
    NastyCase(
        "declared_cp1251_but_koi8u",
        "roster.csv",
        encoded(UK_ROSTER, "koi8_u"),
        "encoding.mismatch",
        encoding="windows-1251",
    ),
    NastyCase(
        "declared_koi8u_but_cp1251",
        "roster.csv",
        cp1251_declared_koi8,
        "encoding.mismatch",
        encoding="koi8-u",
    ),
    NastyCase(
        "declared_utf16_but_utf8",
        "roster.csv",
        encoded(UK_ROSTER, "utf-8"),
        None,
        encoding="utf-16",
        header=UK_HEADER,
        rows=expected_rows(UK_PEOPLE),
    ),
    NastyCase(
        "declared_utf16_but_cp1251",
        "roster.csv",
        encoded(UK_ROSTER, "cp1251"),
        "encoding.mismatch",
        encoding="utf-16",
    ),
    NastyCase(
        "declared_latin1",
        "roster.csv",
        encoded(UK_ROSTER, "utf-8"),
        "encoding.unsupported",
        encoding="latin-1",
    ),
    NastyCase("mixed_utf8_and_cp1251", "roster.csv", lambda: mixed_lines("cp1251"), "encoding.mixed", line=4),
    NastyCase("mixed_utf8_and_koi8u", "roster.csv", lambda: mixed_lines("koi8_u"), "encoding.mixed", line=4),
    NastyCase("utf32_bom", "roster.csv", lambda: "a,b\n".encode("utf-32"), "encoding.unsupported"),
    NastyCase(
        "utf8_bom_then_invalid_bytes",
        "roster.csv",
        lambda: b"\xef\xbb\xbfa,b\n1,2\n\xff\xfe,3\n",
        "encoding.undecodable",
        line=3,
    ),
    NastyCase(
        "utf16_bom_lone_surrogate",
        "roster.csv",
        lambda: b"\xff\xfe" + "a,b\n".encode("utf-16-le") + b"\x00\xd8" + ",x\n".encode("utf-16-le"),
        "encoding.undecodable",
    ),
    NastyCase(
        "utf16_bom_with_nul_character",
        "roster.csv",
        lambda: b"\xff\xfe" + "a,b\n1,\x002\n".encode("utf-16-le"),
        "file.nul_byte",
        line=2,
    ),
    NastyCase(
        "cp1251_ukrainian",
        "roster.csv",
        encoded(UK_ROSTER, "cp1251"),
        None,
        header=UK_HEADER,
        rows=expected_rows(UK_PEOPLE),
    ),
    NastyCase(
        "koi8u_ukrainian",
        "roster.csv",
        encoded(UK_ROSTER, "koi8_u"),
        None,
        header=UK_HEADER,
        rows=expected_rows(UK_PEOPLE),
    ),
    NastyCase(
        "koi8u_russian_all_caps",
        "roster.csv",
        encoded(RU_ROSTER.upper(), "koi8_u"),
        None,
        header=tuple(name.upper() for name in RU_HEADER),
        rows=expected_rows([tuple(value.upper() for value in person) for person in RU_PEOPLE]),
    ),
    NastyCase(
        "cp1251_russian_declared",
        "roster.csv",
        encoded(RU_ROSTER, "cp1251"),
        None,
        encoding="cp1251",
        header=RU_HEADER,
        rows=expected_rows(RU_PEOPLE),
    ),
    NastyCase(
        "utf16le_with_bom",
        "roster.csv",
        lambda: b"\xff\xfe" + UK_ROSTER.encode("utf-16-le"),
        None,
        header=UK_HEADER,
        rows=expected_rows(UK_PEOPLE),
    ),
    NastyCase(
        "utf16be_with_bom",
        "roster.csv",
        lambda: b"\xfe\xff" + UK_ROSTER.encode("utf-16-be"),
        None,
        header=UK_HEADER,
        rows=expected_rows(UK_PEOPLE),
    ),
    NastyCase(
        "utf8_with_bom",
        "roster.csv",
        encoded(UK_ROSTER, "utf-8-sig"),
        None,
        header=UK_HEADER,
        rows=expected_rows(UK_PEOPLE),
    ),
    # -- shape of the table --
    NastyCase("csv_100000_columns", "roster.csv", wide_csv(100_000), "csv.too_many_columns", line=1),
    NastyCase("csv_300_columns", "roster.csv", wide_csv(300), "csv.too_many_columns", line=1),
    NastyCase(
        "duplicate_columns",
        "roster.csv",
        lambda: b"surname,name,surname\nA,B,C\n",
        "csv.duplicate_column",
        line=1,
    ),
    NastyCase(
        "duplicate_columns_case",
        "roster.csv",
        encoded("Прізвище;Ім'я;ПРІЗВИЩЕ\r\n", "utf-8"),
        "csv.duplicate_column",
    ),
    NastyCase(
        "duplicate_columns_whitespace",
        "roster.csv",
        lambda: b" name ,dob,name\t\n1,2,3\n",
        "csv.duplicate_column",
    ),
    NastyCase(
        "duplicate_columns_fullwidth",
        "roster.csv",
        encoded("name,ｎａｍｅ\n1,2\n", "utf-8"),
        "csv.duplicate_column",
    ),
    NastyCase("blank_column_name", "roster.csv", lambda: b"surname,,dob\n1,2,3\n", "csv.blank_column_name"),
    NastyCase(
        "trailing_blank_header_cells",
        "roster.csv",
        lambda: b"surname,name,,\r\nA,B,,\r\nC,D\r\n",
        None,
        header=("surname", "name"),
        rows=((2, ("A", "B")), (3, ("C", "D"))),
    ),
    NastyCase("ragged_row", "roster.csv", lambda: b"surname,name\nA,B\nC,D,E\n", "csv.ragged_row", line=3),
    NastyCase(
        "short_rows_padded",
        "roster.csv",
        lambda: b"a;b;c\r\n1\r\n\r\n2;3\r\n",
        None,
        header=("a", "b", "c"),
        rows=((2, ("1", "", "")), (4, ("2", "3", ""))),
    ),
    NastyCase(
        "formula_cells_csv",
        "roster.csv",
        encoded('Прізвище,Примітка\r\n=HYPERLINK("http://x.invalid"),+1\r\n@SUM(A1),-2+3\r\n', "utf-8"),
        None,
        header=("Прізвище", "Примітка"),
        rows=((2, ('=HYPERLINK("http://x.invalid")', "+1")), (3, ("@SUM(A1)", "-2+3"))),
    ),
    NastyCase(
        "semicolon_delimited_cp1251",
        "roster.csv",
        encoded('Прізвище;Ім\'я;Примітка\r\nКоваленко;Олександр;"поранений, 2 роки"\r\n', "cp1251"),
        None,
        header=("Прізвище", "Ім'я", "Примітка"),
        rows=((2, ("Коваленко", "Олександр", "поранений, 2 роки")),),
    ),
    NastyCase(
        "tab_delimited",
        "roster.tsv",
        lambda: b"surname\tname\r\nA\tB, C\r\n",
        None,
        header=("surname", "name"),
        rows=((2, ("A", "B, C")),),
    ),
    NastyCase(
        "old_mac_line_endings",
        "roster.csv",
        lambda: b"a,b\r1,2\r3,4\r",
        None,
        header=("a", "b"),
        rows=((2, ("1", "2")), (3, ("3", "4"))),
    ),
    NastyCase(
        "quoted_newlines_keep_row_numbers",
        "roster.csv",
        lambda: b'a,b\n"x\ny",1\n"p\r\nq",2\nz,3\n',
        None,
        header=("a", "b"),
        rows=((2, ("x\ny", "1")), (3, ("p\r\nq", "2")), (4, ("z", "3"))),
    ),
    NastyCase(
        "separator_characters_inside_cells",
        "roster.csv",
        encoded("a,b\n1\x0b2,3\u20284\n5\x1c6,\x85\n", "utf-8"),
        None,
        header=("a", "b"),
        rows=((2, ("1\x0b2", "3\u20284")), (3, ("5\x1c6", "\x85"))),
    ),
    NastyCase("over_long_cell", "roster.csv", lambda: b"a,b\n1," + b"x" * 3000 + b"\n", "csv.cell_too_long", line=2),
    NastyCase("over_long_line", "roster.csv", too_long_line, "csv.line_too_long", line=2),
    NastyCase("unclosed_quote_swallows_file", "roster.csv", unclosed_quote_swallowing, "csv.cell_too_long"),
    NastyCase("unclosed_quote_at_end", "roster.csv", lambda: b'a,b\n1,2\n3,"4\n5,6\n', "csv.malformed", line=3),
    NastyCase(
        "too_many_rows",
        "roster.csv",
        lambda: b"n\n" + b"".join(b"%d\n" % i for i in range(50)),
        "csv.too_many_rows",
        limits=SMALL_ROWS,
        line=12,
    ),
    NastyCase("blank_line_flood", "roster.csv", blank_line_flood, "csv.too_many_rows", limits=SMALL_ROWS),
    NastyCase(
        "file_over_max_bytes", "roster.csv", lambda: b"a,b\n" + b"1,2\n" * 600, "file.too_large", limits=SMALL_FILE
    ),
    # -- what the bytes really are --
    NastyCase("csv_renamed_xlsx", "roster.xlsx", encoded(UK_ROSTER, "utf-8"), "xlsx.not_a_workbook"),
    NastyCase("random_binary_named_xlsx", "roster.xlsx", random_binary("xlsx"), "xlsx.not_a_workbook"),
    NastyCase(
        "html_table_named_xls",
        "roster.xls",
        lambda: b"<html><table><tr><td>a</td></tr></table></html>",
        "xlsx.not_a_workbook",
    ),
    NastyCase("ole_encrypted_xlsx", "roster.xlsx", ole_container, "xlsx.encrypted"),
    NastyCase("ole_legacy_xls_named_csv", "roster.csv", ole_container, "xlsx.encrypted"),
    NastyCase(
        "pdf_named_csv", "roster.csv", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "file.unsupported_format"
    ),
    NastyCase("gzip_named_csv", "roster.csv", lambda: b"\x1f\x8b\x08\x00" + bytes(64), "file.unsupported_format"),
    # -- workbooks that must be read --
    NastyCase(
        "valid_xlsx_typed_cells",
        "roster.xlsx",
        typed_workbook,
        None,
        header=("Прізвище", "Дата народження", "Номер", "Зріст", "Поранений", "Формула", "Час"),
        rows=(
            (2, ("Коваленко", "1998-03-12", "12", "1.78", "TRUE", "=SUM(C2:C3)", "2024-06-02T14:30:00")),
            (4, ("Шевчук", "2001-11-01", "7", "", "FALSE", '=HYPERLINK("http://x.invalid","x")', "")),
        ),
    ),
    NastyCase(
        "formula_cells_xlsx",
        "roster.xlsx",
        formula_workbook,
        None,
        header=("Прізвище", "Примітка"),
        rows=((2, ("=1+1", "@SUM(A1)")), (3, ("+1", "-2+3"))),
    ),
    NastyCase(
        "xlsx_named_csv",
        "roster.csv",
        formula_workbook,
        None,
        header=("Прізвище", "Примітка"),
    ),
    NastyCase(
        "hand_made_minimal_xlsx",
        "roster.xlsx",
        hand_made,
        None,
        header=("Прізвище", "Ім'я"),
        rows=((2, ("Коваленко", "Олександр")),),
    ),
    # -- workbooks with a bad table --
    NastyCase("xlsx_100000_columns", "roster.xlsx", thousand_columns_xlsx, "xlsx.too_many_columns", line=1),
    NastyCase("xlsx_duplicate_columns", "roster.xlsx", duplicate_columns_xlsx, "xlsx.duplicate_column", line=1),
    NastyCase(
        "xlsx_ragged_row",
        "roster.xlsx",
        lambda: workbook([("Прізвище", "Ім'я"), ("Коваленко", "Олександр", "зайве")]),
        "xlsx.ragged_row",
        line=2,
    ),
    NastyCase(
        "xlsx_blank_column_name",
        "roster.xlsx",
        lambda: workbook([("Прізвище", None, "Ім'я"), ("Коваленко", "x", "Олександр")]),
        "xlsx.blank_column_name",
        line=1,
    ),
    NastyCase(
        "xlsx_header_below_blank_rows",
        "roster.xlsx",
        lambda: workbook([(), (), ("Прізвище", "Ім'я", None), ("Коваленко",), (), ("Шевчук", "Ігор")]),
        None,
        header=("Прізвище", "Ім'я"),
        rows=((4, ("Коваленко", "")), (6, ("Шевчук", "Ігор"))),
    ),
    NastyCase("xlsx_empty_worksheet", "roster.xlsx", empty_worksheet, "xlsx.empty"),
    NastyCase("xlsx_over_long_cell", "roster.xlsx", long_cell_xlsx, "xlsx.cell_too_long", line=2),
    NastyCase("xlsx_too_many_rows", "roster.xlsx", many_rows_xlsx, "xlsx.too_many_rows", limits=SMALL_ROWS, line=12),
    NastyCase("xlsx_garbage_sheet_xml", "roster.xlsx", garbage_sheet_xml, "xlsx.unreadable"),
    NastyCase("xlsx_missing_sheet_part", "roster.xlsx", missing_sheet_part, "xlsx.empty"),
    # -- hostile archives --
    NastyCase("zip_bomb_200mb_of_zeros", "roster.xlsx", zip_bomb, "zip.bomb"),
    NastyCase("zip_bomb_ratio_4mb", "roster.xlsx", small_ratio_bomb, "zip.bomb"),
    NastyCase("zip_declares_3gib", "roster.xlsx", declared_huge, "zip.bomb"),
    NastyCase("zip_lying_sizes", "roster.xlsx", lying_size, "zip.bomb"),
    NastyCase("zip_overlapping_members", "roster.xlsx", overlapping_members, "zip.bomb"),
    NastyCase("zip_600_entries", "roster.xlsx", many_entries, "zip.too_many_entries"),
    NastyCase("zip_slip_dotdot", "roster.xlsx", named_member("../../etc/passwd"), "zip.unsafe_path"),
    NastyCase("zip_slip_absolute", "roster.xlsx", named_member("/abs/path.xml"), "zip.unsafe_path"),
    NastyCase("zip_slip_drive_letter", "roster.xlsx", named_member("C:\\x.xml"), "zip.unsafe_path"),
    NastyCase("zip_slip_backslashes", "roster.xlsx", named_member("a\\..\\b.xml"), "zip.unsafe_path"),
    NastyCase("zip_slip_nested_dotdot", "roster.xlsx", named_member("xl/../../b.xml"), "zip.unsafe_path"),
    NastyCase("zip_nul_in_name", "roster.xlsx", nul_in_member_name, "zip.unsafe_path"),
    NastyCase("zip_encrypted_flag", "roster.xlsx", lambda: with_flag_bit(hand_made(), 0x1), "zip.encrypted"),
    NastyCase("zip_duplicate_member", "roster.xlsx", duplicate_member, "zip.duplicate_entry"),
    NastyCase("zip_bzip2_member", "roster.xlsx", bzip2_member, "zip.unsupported_compression"),
    NastyCase("zip_crc_mismatch", "roster.xlsx", corrupted_stored_sheet, "zip.corrupt"),
    NastyCase("zip_truncated_10pct", "roster.xlsx", truncated_at(0.1), "zip.truncated"),
    NastyCase("zip_truncated_50pct", "roster.xlsx", truncated_at(0.5), "zip.truncated"),
    NastyCase("zip_truncated_90pct", "roster.xlsx", truncated_at(0.9), "zip.truncated"),
    NastyCase("zip_truncated_in_end_record", "roster.xlsx", truncated_at(cut_from_end=10), "zip.truncated"),
    NastyCase("zip_truncated_after_header", "roster.xlsx", lambda: b"PK\x03\x04" + bytes(26), "zip.truncated"),
    NastyCase("empty_zip", "roster.xlsx", lambda: b"PK\x05\x06" + bytes(18), "xlsx.not_a_workbook"),
    NastyCase(
        "xlsx_missing_workbook_xml",
        "roster.xlsx",
        lambda: zipped({k: v for k, v in package_parts(SIMPLE_SHEET).items() if k != "xl/workbook.xml"}),
        "xlsx.not_a_workbook",
    ),
    NastyCase("ods_named_xlsx", "roster.xlsx", ods_like, "xlsx.not_a_workbook"),
    NastyCase("docx_named_xlsx", "roster.xlsx", docx_like, "xlsx.not_a_workbook"),
    # -- XML with a DTD --
    NastyCase("billion_laughs_shared_strings", "roster.xlsx", billion_laughs_shared_strings, "xlsx.xml_dtd"),
    NastyCase("billion_laughs_sheet", "roster.xlsx", billion_laughs_sheet, "xlsx.xml_dtd"),
    NastyCase("external_entity_workbook", "roster.xlsx", external_entity_workbook, "xlsx.xml_dtd"),
    NastyCase("lowercase_doctype_in_rels", "roster.xlsx", lowercase_doctype_rels, "xlsx.xml_dtd"),
    NastyCase("utf16_doctype_in_sheet", "roster.xlsx", utf16_doctype_sheet, "xlsx.xml_dtd"),
)
