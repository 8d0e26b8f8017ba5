"""What kind of container an upload is, judged by its first bytes, never by its name."""

from __future__ import annotations

from typing import Literal

from .errors import ImportRejected

Container = Literal["zip", "text"]

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header; an empty archive
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # CFB: legacy .xls and encrypted OOXML
_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".xls")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Formats people upload by mistake; naming them beats "not valid UTF-8".
_OTHER_FORMATS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)


def sniff_container(head: bytes, *, filename: str) -> Container:
    """Say whether `head` (the file's first bytes) starts a ZIP package or plain text.

    Rejects OLE containers (password-protected workbooks, Excel 97–2003 files),
    known non-table formats, and files named like a workbook that are not one.
    """
    if head.startswith(_ZIP_MAGICS):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        raise ImportRejected(
            "xlsx.encrypted",
            "The file is a password-protected workbook or an old Excel 97–2003 (.xls) file. "
            "Remove the password or save it as an Excel Workbook (.xlsx), then upload it again.",
        )
    for magic, kind in _OTHER_FORMATS:
        if head.startswith(magic):
            raise ImportRejected(
                "file.unsupported_format",
                f"The file is {kind}, not a table. Upload the roster as .xlsx or CSV.",
            )
    if _named_like_workbook(filename):
        raise _not_a_workbook(head, filename)
    return "text"


def _named_like_workbook(filename: str) -> bool:
    return filename.lower().rstrip(" .").endswith(_EXCEL_SUFFIXES)


def _not_a_workbook(head: bytes, filename: str) -> ImportRejected:
    if _looks_like_text(head):
        message = (
            f"The file “{_shown_name(filename)}” is named like an Excel workbook but contains "
            "plain text, probably a CSV file that was renamed. Upload it with a .csv name, "
            "or open it in Excel and save it as .xlsx."
        )
    else:
        message = (
            f"The file “{_shown_name(filename)}” is named like an Excel workbook but is not one. "
            "Open it in Excel or LibreOffice and save it as .xlsx."
        )
    return ImportRejected("xlsx.not_a_workbook", message)


def _looks_like_text(head: bytes) -> bool:
    """Text has no NUL bytes (except in UTF-16 with a BOM) and hardly any control bytes."""
    if not head:
        return True
    if head.startswith(_UTF16_BOMS):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\x0c")
    return controls * 20 < len(head)


def _shown_name(filename: str) -> str:
    """The upload's own name, made safe to put in a sentence (no paths, no control characters)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable())
    return cleaned[:80] or "upload"
