"""Reading a CSV file as Latvian offices save them: the encoding Excel chose and the delimiter it
used. Shared by every upload that is checked whole before anything is saved (the library system's
monthly figures, a book set's list of titles, a library's population per year)."""
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


MAX_NUMBER = 2**31 - 1  # what an integer column holds
_NUMBER = re.compile(r"([-\u2212]?)(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)")  # any length: a too large one is named so


def parse_number(text: str) -> int | None:
    """A whole number; thousands may be grouped by spaces ("1 234", a no-break space too). Negative
    numbers come back negative, for the caller to name them; one beyond MAX_NUMBER comes back as
    MAX_NUMBER + 1."""
    found = _NUMBER.fullmatch(text.strip())
    if found is None:
        return None
    digits = re.sub(r"\D", "", found[2])
    number = int(digits) if len(digits) <= 18 else MAX_NUMBER + 1  # too large anyway, and int() refuses 4 300 digits
    return -number if found[1] else number
