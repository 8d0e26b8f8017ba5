"""Hardened readers for roster files that parties upload (CSV and XLSX).

They run before any row validation: hostile or broken bytes either become a
header and rows of text, or an ImportRejected with a stable code and a sentence
the uploader can act on. No Django here.
"""

from .encodings import decode_text
from .errors import ERROR_CODES, ImportRejected
from .limits import ImportLimits
from .table import Row, Table, open_table

__all__ = [
    "ERROR_CODES",
    "ImportLimits",
    "ImportRejected",
    "Row",
    "Table",
    "decode_text",
    "open_table",
]
