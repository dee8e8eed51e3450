"""Reading a CSV file as Latvian offices save them: the encoding Excel chose and the delimiter it
used. Shared by every upload that is checked whole before anything is saved (the library system's
monthly figures, a book set's list of titles)."""
from __future__ import annotations

import re
import unicodedata


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in: UTF-8 (a BOM or none), UTF-16 with its BOM (Excel's
    "Unicode text"), otherwise Windows-1257, what Excel in Latvia saves as "CSV"."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1257"), "Windows-1257"  # may raise: a byte Windows-1257 does not define


def delimiter_of(first_line: str) -> str:
    return max((";", "\t", ","), key=first_line.count)


def fold(text: str) -> str:
    """A heading as compared: lower case, no diacritics, words joined by one underscore."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.strip().strip('"').lower()) if not unicodedata.combining(c))
    return re.sub(r"[\s_\-.]+", "_", plain).strip("_")
