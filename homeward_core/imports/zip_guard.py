"""Checking an XLSX package before any XML parser sees it.

An .xlsx file is a ZIP archive of XML parts. A hostile one can be a ZIP bomb
(a few kilobytes that expand to gigabytes), lie about its members' sizes, hide
encrypted or path-climbing members, or carry XML with a DTD that expands entities
(billion laughs) or fetches external files. All of that is refused here, from the
central directory and one bounded streaming pass over every member, before
openpyxl opens the file in its sandboxed worker.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from .errors import ImportRejected
from .limits import ImportLimits

_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_LOCAL_HEADER = b"PK\x03\x04"
_LOCAL_HEADER_SIZE = 30
_MAX_COMMENT = 0xFFFF
# A central directory record is 46 bytes plus name, extra field and comment; an
# honest workbook's records stay far below this average.
_DIRECTORY_BYTES_PER_ENTRY = 4096
_CHUNK = 256 * 1024
_REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
_SUPPORTED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # all Excel ever writes
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
# Expat reads UTF-8 and UTF-16 XML; look for the declarations in all three byte forms.
_DTD_MARKERS = tuple(
    marker.encode(codec) for marker in ("<!doctype", "<!entity") for codec in ("utf-8", "utf-16-le", "utf-16-be")
)
_MARKER_OVERLAP = max(len(marker) for marker in _DTD_MARKERS) - 1

_DAMAGED = "Upload the original file again; if it still fails, open it in Excel and save it again as .xlsx."


def check_workbook_archive(path: str, limits: ImportLimits) -> None:
    """Raise ImportRejected unless `path` is a ZIP package safe to hand to an XLSX reader."""
    with open(path, "rb") as file:
        size = file.seek(0, 2)
        _check_directory_size(file, size, limits)
        archive = _open_archive(file)
        with archive:
            members = archive.infolist()
            _check_members(members, limits)
            _check_sizes(members, limits)
            _check_layout(members, archive.start_dir)
            _check_required_parts(members)
            for member in members:
                if not member.is_dir():
                    _scan_member(file, member)


# ---- the central directory --------------------------------------------------------------


def _check_directory_size(file: BinaryIO, size: int, limits: ImportLimits) -> None:
    """Bound the central directory before zipfile builds an object per record in memory."""
    entries, directory_bytes = _end_of_directory(file, size)
    if entries > limits.zip_max_entries or directory_bytes > (limits.zip_max_entries * _DIRECTORY_BYTES_PER_ENTRY):
        raise _too_many_entries(entries, limits)


def _end_of_directory(file: BinaryIO, size: int) -> tuple[int, int]:
    """(number of entries, central directory bytes) from the end-of-central-directory record."""
    tail_size = min(size, _EOCD_SIZE + _MAX_COMMENT)
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        raise _truncated()
    entries, directory_bytes, directory_offset = struct.unpack("<HII", tail[at + 10 : at + 20])
    if entries == 0xFFFF or 0xFFFFFFFF in (directory_bytes, directory_offset):
        return _zip64_end_of_directory(file, size - tail_size + at)
    return entries, directory_bytes


def _zip64_end_of_directory(file: BinaryIO, eocd_offset: int) -> tuple[int, int]:
    if eocd_offset < 20:
        raise _truncated()
    file.seek(eocd_offset - 20)
    locator = file.read(20)
    if not locator.startswith(_ZIP64_LOCATOR):
        raise _truncated()
    (record_offset,) = struct.unpack("<Q", locator[8:16])
    file.seek(record_offset)
    record = file.read(56)
    if len(record) < 56 or not record.startswith(_ZIP64_EOCD):
        raise _truncated()
    entries, directory_bytes = struct.unpack("<QQ", record[32:48])
    return int(entries), int(directory_bytes)


def _open_archive(file: BinaryIO) -> zipfile.ZipFile:
    file.seek(0)
    try:
        return zipfile.ZipFile(file)
    # zipfile reports a damaged directory through any of these, depending on where it breaks.
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, struct.error, OverflowError):
        raise _truncated() from None


# ---- what the members claim -------------------------------------------------------------


def _check_members(members: list[zipfile.ZipInfo], limits: ImportLimits) -> None:
    if len(members) > limits.zip_max_entries:
        raise _too_many_entries(len(members), limits)
    seen: set[str] = set()
    for member in members:
        _check_member(member)
        if member.orig_filename in seen:
            raise ImportRejected(
                "zip.duplicate_entry",
                "The workbook contains two parts with the same name, so readers could disagree "
                "about its content. Open it in Excel and save it again as .xlsx.",
            )
        seen.add(member.orig_filename)


def _check_member(member: zipfile.ZipInfo) -> None:
    if member.flag_bits & 0x1:
        raise ImportRejected(
            "zip.encrypted",
            "The workbook contains encrypted parts. Remove the password in Excel, "
            "save it again as .xlsx and upload that file.",
        )
    if _is_unsafe_name(member.orig_filename):
        raise ImportRejected(
            "zip.unsafe_path",
            "The workbook contains a part whose name is an absolute path or climbs out of the "
            "archive, which no genuine workbook does. The file was refused.",
        )
    if member.compress_type not in _SUPPORTED_METHODS:
        raise ImportRejected(
            "zip.unsupported_compression",
            "The workbook is compressed with a method Excel does not use. Open it in Excel and save it again as .xlsx.",
        )


def _is_unsafe_name(name: str) -> bool:
    """Absolute, drive-lettered, backslashed, NUL-carrying or ".."-climbing member names."""
    return (
        name.startswith("/")
        or "\\" in name
        or bool(_DRIVE_LETTER.match(name))
        or any(ord(char) < 0x20 for char in name)
        or ".." in name.split("/")
    )


def _check_sizes(members: list[zipfile.ZipInfo], limits: ImportLimits) -> None:
    total = sum(member.file_size for member in members)
    if total > limits.zip_max_total_uncompressed:
        raise _bomb(f"it would expand to {_gigabytes(total)} GB")
    for member in members:
        if _ratio_exceeded(member.file_size, member.compress_size, limits):
            raise _bomb("one of its parts expands more than a workbook ever does")
    compressed = sum(member.compress_size for member in members)
    if _ratio_exceeded(total, compressed, limits):
        raise _bomb("it expands more than a workbook ever does")


def _ratio_exceeded(expanded: int, compressed: int, limits: ImportLimits) -> bool:
    if expanded < limits.zip_ratio_min_bytes:
        return False
    return expanded > limits.zip_max_ratio * max(compressed, 1)


def _check_layout(members: list[zipfile.ZipInfo], directory_start: int) -> None:
    """Members must not overlap: overlapping members are how the densest ZIP bombs are built."""
    if not members:
        return
    ordered = sorted(members, key=lambda member: member.header_offset)
    ends = [member.header_offset for member in ordered[1:]] + [directory_start]
    for member, next_start in zip(ordered, ends, strict=True):
        minimum_end = member.header_offset + _LOCAL_HEADER_SIZE + member.compress_size
        if minimum_end > next_start:
            raise _bomb("its parts overlap one another")


def _check_required_parts(members: list[zipfile.ZipInfo]) -> None:
    names = {member.filename for member in members}
    if all(part in names for part in _REQUIRED_PARTS):
        return
    raise ImportRejected("xlsx.not_a_workbook", _not_a_workbook_message(names))


def _not_a_workbook_message(names: set[str]) -> str:
    if "xl/workbook.bin" in names:
        kind = "an Excel Binary Workbook (.xlsb)"
    elif "mimetype" in names or "content.xml" in names:
        kind = "an OpenDocument file"
    elif "word/document.xml" in names:
        kind = "a Word document"
    else:
        kind = "a ZIP archive but not an Excel workbook"
    return (
        f"The file is {kind}, so homeward cannot read a roster from it. "
        "Save the roster as an Excel Workbook (.xlsx) or as CSV and upload that."
    )


# ---- what the members really contain ----------------------------------------------------


def _scan_member(file: BinaryIO, member: zipfile.ZipInfo) -> None:
    """Decompress one member in bounded chunks: true size, checksum, and no DTD in it."""
    expanded = 0
    checksum = 0
    tail = b""
    for chunk in _expanded_chunks(file, member):
        expanded += len(chunk)
        if expanded > member.file_size:
            raise _bomb("one of its parts expands beyond the size it declares")
        checksum = zlib.crc32(chunk, checksum)
        window = (tail + chunk).lower()
        if any(marker in window for marker in _DTD_MARKERS):
            raise _dtd(member.filename)
        tail = window[-_MARKER_OVERLAP:]
    if expanded != member.file_size or checksum != member.CRC:
        raise ImportRejected(
            "zip.corrupt",
            f"A part of the workbook is damaged: its content does not match its checksum. {_DAMAGED}",
        )


def _expanded_chunks(file: BinaryIO, member: zipfile.ZipInfo) -> Iterator[bytes]:
    compressed = _compressed_chunks(file, member)
    if member.compress_type == zipfile.ZIP_STORED:
        yield from compressed
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for chunk in compressed:
            yield inflater.decompress(chunk, _CHUNK)
            # max_length keeps each step small; what did not fit waits in unconsumed_tail.
            while inflater.unconsumed_tail:
                yield inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        yield inflater.flush()
    except zlib.error:
        raise ImportRejected(
            "zip.corrupt",
            f"A part of the workbook is damaged: its compressed data cannot be read. {_DAMAGED}",
        ) from None


def _compressed_chunks(file: BinaryIO, member: zipfile.ZipInfo) -> Iterator[bytes]:
    file.seek(_data_offset(file, member))
    left = member.compress_size
    while left > 0:
        chunk = file.read(min(left, _CHUNK))
        if not chunk:
            raise _truncated()
        left -= len(chunk)
        yield chunk


def _data_offset(file: BinaryIO, member: zipfile.ZipInfo) -> int:
    """Where a member's data starts, after checking its local header agrees with the directory."""
    file.seek(member.header_offset)
    header = file.read(_LOCAL_HEADER_SIZE)
    if len(header) < _LOCAL_HEADER_SIZE or not header.startswith(_LOCAL_HEADER):
        raise _truncated()
    flags, name_length, extra_length = struct.unpack("<H18xHH", header[6:30])
    raw_name = file.read(name_length)
    name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
    if name != member.orig_filename:
        # Readers that trust the local header would see a different part than we checked.
        raise ImportRejected(
            "zip.corrupt",
            f"A part of the workbook is named differently in two places of the archive. {_DAMAGED}",
        )
    return int(member.header_offset) + _LOCAL_HEADER_SIZE + int(name_length) + int(extra_length)


# ---- rejections -------------------------------------------------------------------------


def _truncated() -> ImportRejected:
    return ImportRejected(
        "zip.truncated",
        "The workbook is incomplete or damaged (the upload may have been cut off). Upload the original file again.",
    )


def _too_many_entries(count: int, limits: ImportLimits) -> ImportRejected:
    return ImportRejected(
        "zip.too_many_entries",
        f"The workbook has {count} internal parts, more than the {limits.zip_max_entries} "
        "a roster workbook can need. Copy the roster sheet into a new workbook and upload that.",
    )


def _bomb(reason: str) -> ImportRejected:
    return ImportRejected(
        "zip.bomb",
        f"The file was refused because {reason}, which is how a ZIP bomb behaves. "
        "If it is a genuine roster, save it again as .xlsx or CSV.",
    )


def _dtd(part: str) -> ImportRejected:
    shown = "".join(char for char in part if char.isprintable())[:80]
    return ImportRejected(
        "xlsx.xml_dtd",
        f"The workbook part “{shown}” declares a DTD or XML entities, which Excel never writes "
        "and which can be used to attack the server. The file was refused.",
    )


def _gigabytes(size: int) -> str:
    return f"{size / 1024**3:.1f}"
