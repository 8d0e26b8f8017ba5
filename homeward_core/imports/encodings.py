"""Turning a CSV roster's bytes into text: BOMs, UTF-8, and the two legacy Cyrillic code pages.

Parties export rosters from Excel and from old registry systems: UTF-8 (with or
without a BOM), UTF-16 "Unicode text", Windows-1251, and KOI8-U. Nothing in a
legacy file says which code page it uses, so homeward tells them apart by how
plausible the decoded Ukrainian/Russian text is, and refuses files that mix
encodings rather than import half the names as mojibake.
"""

from __future__ import annotations

import codecs
import math
import re
from collections import Counter
from dataclasses import dataclass

from .errors import ImportRejected

LEGACY_ENCODINGS = ("cp1251", "koi8_u")

# What callers may ask for, in the spellings people use, mapped to Python codecs.
_REQUESTABLE: dict[str, str] = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf8-sig": "utf-8-sig",
    "utf-16": "utf-16",
    "utf16": "utf-16",
    "cp1251": "cp1251",
    "windows-1251": "cp1251",
    "koi8-u": "koi8_u",
}
_DISPLAY = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "cp1251": "Windows-1251",
    "koi8_u": "KOI8-U",
}
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)

# The legacy guess only needs a sample; decoding the whole file twice would double memory.
_SAMPLE_BYTES = 1024 * 1024
# Two consecutive two-byte UTF-8 Cyrillic letters (lead byte D0-D3, then 80-BF): real
# UTF-8 words look like this, Windows-1251 text practically never does. Bytes are mapped
# to classes first so that a plain bytes.find() (C speed) can look for the pattern; a
# regular expression over a 100 MB legacy file takes seconds.
_BYTE_CLASSES = bytes(
    ord("L") if 0xD0 <= byte <= 0xD3 else ord("c") if 0x80 <= byte <= 0xBF else ord(".") for byte in range(256)
)
_UTF8_CYRILLIC_PAIR = b"LcLc"
_MIXED_EXAMPLES = 5
_MIXED_LINES_TRIED = 2000


def canonical_encoding(name: str | None) -> str | None:
    """The codec for an encoding a user chose, or None for "detect it"; rejects the rest."""
    if name is None or not name.strip():
        return None
    codec = _REQUESTABLE.get(name.strip().lower().replace("_", "-"))
    if codec is None:
        raise ImportRejected(
            "encoding.unsupported",
            f"The encoding “{name.strip()[:40]}” is not supported. Choose UTF-8, UTF-16, "
            "Windows-1251 or KOI8-U, or leave the encoding empty to detect it.",
        )
    return codec


def decode_text(data: bytes, *, encoding: str | None) -> tuple[str, str]:
    """Decode a CSV roster and say which codec was used.

    A byte-order mark always wins. Otherwise strict UTF-8 is tried first (a file that
    is valid UTF-8 is UTF-8, whatever was declared; only UTF-16 text, which has NUL
    bytes, skips this step); then the caller's explicit choice, strictly; otherwise
    Windows-1251 or KOI8-U, whichever reads as more plausible Ukrainian/Russian text.
    """
    declared = canonical_encoding(encoding)
    with_bom = _decode_with_bom(data)
    if with_bom is not None:
        return with_bom
    if declared == "utf-16" and b"\x00" in data:
        return _decode_utf16_without_bom(data)
    _reject_nul_bytes(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_error = exc.start
    _reject_mixed(data, first_error)
    if declared in ("utf-8", "utf-8-sig"):
        raise _undecodable(data, first_error, "UTF-8")
    if declared == "utf-16":
        return _decode_utf16_without_bom(data)
    if declared is not None:
        return _decode_declared_legacy(data, declared)
    return _decode_guessed_legacy(data)


def _decode_with_bom(data: bytes) -> tuple[str, str] | None:
    if data.startswith(_UTF32_BOMS):
        raise ImportRejected(
            "encoding.unsupported",
            "The file is saved as UTF-32, which homeward does not read. Save it again as CSV UTF-8.",
        )
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            body_codec = "utf-8" if codec == "utf-8-sig" else codec
            try:
                return body.decode(body_codec), codec
            except UnicodeDecodeError as exc:
                raise _undecodable(body, exc.start, _DISPLAY.get(codec, "UTF-16"), body_codec) from None
    return None


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str]:
    codec, share = _utf16_byte_order(data[:4096])
    if share < 0.5:
        # Latin and Cyrillic text in UTF-16 has 0x00 or 0x04 in every other byte.
        raise ImportRejected(
            "encoding.mismatch",
            "The file was declared as UTF-16 but is not UTF-16 text. "
            "Leave the encoding empty to detect it, or choose the one it was saved in.",
        )
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as exc:
        raise _undecodable(data, exc.start, "UTF-16", codec) from None


def _utf16_byte_order(sample: bytes) -> tuple[str, float]:
    """Little- or big-endian, and how many characters look like Latin or Cyrillic in it."""
    high = (0x00, 0x04)
    odd = sum(1 for byte in sample[1::2] if byte in high)
    even = sum(1 for byte in sample[0::2] if byte in high)
    characters = max(len(sample) // 2, 1)
    if odd >= even:
        return "utf-16-le", odd / characters
    return "utf-16-be", even / characters


def _reject_nul_bytes(data: bytes) -> None:
    position = data.find(b"\x00")
    if position < 0:
        return
    line = _line_of(data, position)
    if _looks_like_utf16(data[:4096]):
        message = (
            f"The file looks like UTF-16 text without a byte-order mark (NUL bytes from line {line}). "
            "Save it again as CSV UTF-8, or choose UTF-16 as the encoding."
        )
    else:
        message = (
            f"The file contains a NUL byte on line {line}, so it is not a text CSV file. "
            "Export the roster again as CSV UTF-8 or as .xlsx."
        )
    raise ImportRejected("file.nul_byte", message, line=line)


def _looks_like_utf16(sample: bytes) -> bool:
    halves = (sample[0::2], sample[1::2])
    return any(half.count(0) * 3 > len(half) * 2 for half in halves if half)


def _reject_mixed(data: bytes, first_error: int) -> None:
    """Refuse a file where some lines are UTF-8 Cyrillic and others are not UTF-8 at all.

    Such files come from concatenating exports; any single decoding garbles part of them.
    """
    utf8_lines = _utf8_cyrillic_lines(data)
    if not utf8_lines:
        return
    other_lines = _non_utf8_lines(data, first_error)
    raise ImportRejected(
        "encoding.mixed",
        "The file is not valid UTF-8 and not a single legacy encoding: "
        f"{_describe_lines(utf8_lines)} UTF-8 but {_describe_lines(other_lines)} not. "
        "Save it again as UTF-8.",
        line=other_lines[0],
    )


def _utf8_cyrillic_lines(data: bytes) -> list[int]:
    classes = data.translate(_BYTE_CLASSES)
    found: list[int] = []
    position = 0
    for _ in range(_MIXED_LINES_TRIED):
        at = classes.find(_UTF8_CYRILLIC_PAIR, position)
        if at < 0:
            break
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        end = len(data) if end < 0 else end
        if _is_utf8_text(data[start:end]):
            found.append(_line_of(data, start))
            if len(found) == _MIXED_EXAMPLES:
                break
        position = end + 1
    return found


def _is_utf8_text(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _non_utf8_lines(data: bytes, first_error: int) -> list[int]:
    view = memoryview(data)
    found = [_line_of(data, first_error)]
    position = first_error
    while len(found) < _MIXED_EXAMPLES:
        next_line = data.find(b"\n", position)
        if next_line < 0:
            break
        try:
            codecs.utf_8_decode(view[next_line + 1 :], "strict", True)
        except UnicodeDecodeError as exc:
            position = next_line + 1 + exc.start
            found.append(_line_of(data, position))
        else:
            break
    view.release()
    return found


def _describe_lines(numbers: list[int]) -> str:
    """Line numbers for a sentence ("line 7 is", "lines 2–4 and 9 are"), runs collapsed."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    if len(numbers) == 1:
        return f"line {listed} is"
    return f"lines {listed} are"


def _decode_declared_legacy(data: bytes, codec: str) -> tuple[str, str]:
    text = _decode_strictly(data, codec)
    other = LEGACY_ENCODINGS[1] if codec == LEGACY_ENCODINGS[0] else LEGACY_ENCODINGS[0]
    sample = data[:_SAMPLE_BYTES]
    chosen = plausibility(sample.decode(codec, errors="replace"))
    alternative = plausibility(sample.decode(other, errors="replace"))
    if chosen.is_clearly_worse_than(alternative):
        # Importing names as mojibake would poison matching for good; say which code page fits.
        raise ImportRejected(
            "encoding.mismatch",
            f"The file was declared as {_DISPLAY[codec]} but its text reads as {_DISPLAY[other]}. "
            f"Choose {_DISPLAY[other]}, or leave the encoding empty to detect it.",
        )
    return text, codec


def _decode_guessed_legacy(data: bytes) -> tuple[str, str]:
    sample = data[:_SAMPLE_BYTES]
    scored = {codec: plausibility(sample.decode(codec, errors="replace")) for codec in LEGACY_ENCODINGS}
    codec = max(LEGACY_ENCODINGS, key=lambda name: scored[name].score)
    if not scored[codec].is_plausible:
        raise ImportRejected(
            "encoding.undecodable",
            "The file is not text in UTF-8, Windows-1251 or KOI8-U. Export the roster again as CSV UTF-8 or as .xlsx.",
        )
    return _decode_strictly(data, codec), codec


def _decode_strictly(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise _undecodable(data, exc.start, _DISPLAY[codec]) from None


def _undecodable(data: bytes, position: int, shown: str, codec: str | None = None) -> ImportRejected:
    line = _line_of(data, position, codec)
    return ImportRejected(
        "encoding.undecodable",
        f"The file is not valid {shown}: line {line} contains bytes that are not text in it. "
        "Save it again as CSV UTF-8, or choose the encoding it was saved in.",
        line=line,
    )


def _line_of(data: bytes, position: int, codec: str | None = None) -> int:
    """1-based line of a byte offset; UTF-16 needs decoding to count its newlines."""
    if codec is None or not codec.startswith("utf-16"):
        return data.count(b"\n", 0, position) + 1
    return data[:position].decode(codec, errors="replace").count("\n") + 1


# ---- how Ukrainian/Russian a decoding looks ---------------------------------------------

# Letter frequencies of Ukrainian and Russian running text, averaged (per cent).
_LETTER_PERCENT: dict[str, float] = {
    "о": 10.2,
    "а": 7.6,
    "е": 6.7,
    "н": 6.6,
    "и": 6.7,
    "т": 5.8,
    "і": 3.0,
    "р": 4.7,
    "в": 5.0,
    "с": 4.8,
    "л": 4.0,
    "к": 3.5,
    "м": 3.1,
    "д": 3.0,
    "у": 3.0,
    "п": 2.9,
    "я": 2.1,
    "з": 2.0,
    "г": 1.5,
    "б": 1.6,
    "ь": 1.6,
    "ч": 1.3,
    "й": 1.2,
    "х": 1.1,
    "ы": 1.0,
    "ж": 0.9,
    "ц": 0.7,
    "ш": 0.8,
    "ю": 0.5,
    "ї": 0.3,
    "є": 0.2,
    "щ": 0.4,
    "ф": 0.2,
    "э": 0.2,
    "ё": 0.05,
    "ъ": 0.03,
    "ґ": 0.02,
}
_LETTER_LOG = {letter: math.log(percent / 100) for letter, percent in _LETTER_PERCENT.items()}
# Typography both legacy code pages can carry in real rosters.
_USUAL_SYMBOLS = frozenset("\u00a0«»—–’‘“”„№…•°·§")
_SYMBOL_LOG = math.log(0.01)
_ODD_LOG = -12.0  # box drawing, Serbian letters, C1 controls: wrong code page
_CASE_FLIP_LOG = -6.0  # "кОВАЛЕНКО": the wrong code page swaps the case of letters
_CASE_FLIP = re.compile("[а-яіїєґё][А-ЯІЇЄҐЁ]")
# Names and headers start with a capital: an all-lowercase word is usually an all-caps
# roster read through the wrong code page (which swaps the case of every letter).
_LOWER_WORD_START_LOG = -3.0
_LOWER_WORD_START = re.compile(r"\b[а-яіїєґё]")


@dataclass(frozen=True, slots=True)
class Plausibility:
    """How much a decoded sample looks like Ukrainian/Russian text (per non-ASCII character)."""

    score: float
    letters: int
    odd_share: float

    @property
    def is_plausible(self) -> bool:
        return self.odd_share <= 0.25

    def is_clearly_worse_than(self, other: Plausibility) -> bool:
        # Short samples can fool letter statistics; only a wide gap on real text counts.
        return self.letters >= 30 and other.is_plausible and other.score - self.score > 0.5


def plausibility(text: str) -> Plausibility:
    """Score `text` by Cyrillic letter frequencies, odd characters and flipped letter case."""
    counts = Counter(text)
    total = letters = odd = 0
    log_likelihood = 0.0
    for char, count in counts.items():
        if char < "\x80":
            continue
        total += count
        letter_log = _LETTER_LOG.get(char.lower())
        if letter_log is not None:
            letters += count
            log_likelihood += count * letter_log
        elif char in _USUAL_SYMBOLS:
            log_likelihood += count * _SYMBOL_LOG
        else:
            odd += count
    if total == 0:
        return Plausibility(score=0.0, letters=0, odd_share=0.0)
    log_likelihood += odd * _ODD_LOG
    log_likelihood += len(_CASE_FLIP.findall(text)) * _CASE_FLIP_LOG
    log_likelihood += len(_LOWER_WORD_START.findall(text)) * _LOWER_WORD_START_LOG
    return Plausibility(score=log_likelihood / total, letters=letters, odd_share=odd / total)
