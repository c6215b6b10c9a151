"""Reading a form saved as ``.csv`` (issue 13, item 4).

A clerk who saves the form as CSV sends one sheet of text: UTF-8 (with or
without the BOM Excel writes), UTF-16 (Excel's "Unicode Text"; rarely
UTF-32), Windows-1258 (Vietnamese Windows), or Windows-1252 holding TCVN3
text.  The encoding is found from the bytes, the
delimiter from the first lines, and the sheet goes to the form reader like
any other (counts are text; the reader parses "1.234" and "1 500" anyway).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from ..language.problems import OpenError
from ._legacy import detect
from ._limits import LIMITS, GridBudget

__all__ = ["BOMS", "decode_text", "read_csv", "wide_encoding"]


#: Byte order marks and their encodings; UTF-32's before UTF-16's (``FF FE`` starts both).
BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"),
         (b"\xfe\xff", "utf-16-be"))


def wide_encoding(data: bytes) -> str | None:
    r"""UTF-16 or UTF-32 (``"utf-16-le"`` ...) by the BOM or the zero bytes; None otherwise.

    Without a BOM, text in these encodings shows itself by its zero bytes:
    the high byte of every ASCII character (digits, separators, Latin
    letters: most of a form) is zero, and a zero byte is never text in the
    8-bit encodings.  UTF-32 has two zero bytes in every character of the
    Basic Multilingual Plane (all Vietnamese); UTF-16 one in most, and the
    other bytes are not zero.

    Examples
    --------
    >>> text = "Mã;Tử số\r\nCL01;12\r\n"
    >>> [wide_encoding(text.encode(e)) for e in ("utf-16-le", "utf-16-be", "utf-32-le",
    ...                                           "utf-32-be", "utf-8", "utf-16")]
    ['utf-16-le', 'utf-16-be', 'utf-32-le', 'utf-32-be', None, 'utf-16-le']
    """
    for mark, encoding in BOMS[1:]:
        if data.startswith(mark):
            return encoding
    head = data[:4096]
    if b"\x00" not in head:
        return None
    for encoding, unit, zero, other in (("utf-32-le", 4, (2, 3), (0,)),
                                        ("utf-32-be", 4, (0, 1), (3,)),
                                        ("utf-16-le", 2, (1,), (0,)),
                                        ("utf-16-be", 2, (0,), (1,))):
        size = len(head) // unit * unit
        if not size:
            continue
        chars = size // unit
        zeros = [head[at:size:unit].count(0) for at in zero]
        others = [head[at:size:unit].count(0) for at in other]
        # UTF-32: the high bytes zero (but for a rare emoji); UTF-16: a quarter of the
        # high bytes at least (ASCII characters).  A zero low byte is rare in both (a
        # NUL, or U+0300, the grave accent of text written decomposed).
        needed = chars - chars // 50 if unit == 4 else chars // 4
        if min(zeros) >= max(needed, 1) and max(others) <= chars // 50:
            return encoding
    return None


def decode_text(data: bytes) -> str:
    r"""The text of a CSV's bytes: UTF-8 (BOM or not), UTF-16 or UTF-32 (BOM or not), else
    TCVN3 in cp1252, else cp1258.

    Examples
    --------
    >>> decode_text("Mã đơn vị".encode("utf-8-sig")), decode_text(b"Ma\xde \xf0\xf5n vi\xf2")
    ('Mã đơn vị', 'Mã đơn vị')
    >>> decode_text("M· ®¬n vÞ;Kú b¸o c¸o".encode("cp1252"))  # TCVN3: converted later
    'M· ®¬n vÞ;Kú b¸o c¸o'
    >>> decode_text("Mã đơn vị".encode("utf-16")), decode_text("Mã;1".encode("utf-32-be"))
    ('Mã đơn vị', 'Mã;1')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    wide = wide_encoding(data)
    if wide is not None:
        mark = next((mark for mark, encoding in BOMS if encoding == wide), b"")
        start = len(mark) if data.startswith(mark) else 0
        return data[start:].decode(wide, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _is_legacy(data.decode("cp1252", errors="replace")):
        return data.decode("cp1252", errors="replace")
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


# Pieces of text between separators and line ends: what the legacy vote counts (as
# ``str.splitlines`` cuts lines; empty pieces have no vote).
_PIECES = re.compile("[^;,\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def _is_legacy(latin: str) -> bool:
    # TCVN3/VNI text is Latin-1 bytes; cp1258 would turn its marks into combining ones.
    # Piece by piece, never a list of them: a large file has millions.
    return detect(m.group() for m in _PIECES.finditer(latin)) is not None


def _lines(text: str) -> Iterator[str]:
    r"""``text``'s lines, each with its ``\n`` (as ``io.StringIO`` gives them), one at a time.

    Not a StringIO: it would hold the text again, four bytes a character.

    >>> list(_lines("a;b\r\nc\n\nd"))
    ['a;b\r\n', 'c\n', '\n', 'd']
    """
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            if start < len(text):
                yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


#: What ends a field: the delimiters the reader accepts, and line ends.
_SEPARATORS = (",", ";", "\t", "\n", "\r")
_SEPARATOR_BYTES = tuple(mark.encode("ascii") for mark in _SEPARATORS)


def _refuse_many_fields(separators: int, name: str) -> None:
    """Refuse a CSV whose separators could make more fields than a text sheet may hold."""
    if separators + 1 > LIMITS["text_cells"]:
        raise OpenError("FILE_TOO_LARGE", f"{name}: {separators + 1} fields")


def read_csv(data: bytes, path: str) -> tuple[list[str], list[Any]]:
    """(sheet names, sheets) of a CSV form: one sheet, named after the file.

    Sized before it is parsed: a field ends at a separator or a line end,
    so a text with more of them than :data:`._limits.LIMITS` allows cells is
    refused before a field is made (90 MB on one line were 45 million).

    Examples
    --------
    >>> read_csv("Mã;Tử số;Mẫu số\\nCL01;1.234;5000\\n".encode(), "bc.csv")
    (['bc'], [[['Mã', 'Tử số', 'Mẫu số'], ['CL01', '1.234', '5000']]])
    """
    name = PurePath(path).name
    if wide_encoding(data) is None:
        # Single-byte separators (UTF-8, the 8-bit encodings): counted in the bytes,
        # before decoding looks at every piece of text for TCVN3.
        _refuse_many_fields(sum(data.count(mark) for mark in _SEPARATOR_BYTES), name)
        text = decode_text(data)
    else:
        text = decode_text(data)
        _refuse_many_fields(sum(text.count(mark) for mark in _SEPARATORS), name)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[Any]] = []
    budget = GridBudget(name)
    try:
        for row in csv.reader(_lines(text), dialect):
            budget.fits(len(rows) + 1, len(row))
            rows.append(row)
    except csv.Error as exc:
        raise OpenError("FILE_UNREADABLE", f"CSV: {exc}"[:120]) from exc
    return [PurePath(path).stem], [rows]
