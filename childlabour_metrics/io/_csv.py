"""Reading a form saved as ``.csv`` (issue 13, item 4).

A clerk who saves the form as CSV sends one sheet of text: UTF-8 (with or
without the BOM Excel writes), Windows-1258 (Vietnamese Windows), or
Windows-1252 holding TCVN3 text.  The encoding is found from the bytes, the
delimiter from the first lines, and the sheet goes to the form reader like
any other (counts are text; the reader parses "1.234" and "1 500" anyway).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import PurePath
from typing import Any

from ..language.problems import OpenError
from ._legacy import detect
from ._limits import check_dimension

__all__ = ["decode_text", "read_csv"]


def decode_text(data: bytes) -> str:
    r"""The text of a CSV's bytes: UTF-8 (BOM or not), else TCVN3 in cp1252, else cp1258.

    Examples
    --------
    >>> decode_text("Mã đơn vị".encode("utf-8-sig")), decode_text(b"Ma\xde \xf0\xf5n vi\xf2")
    ('Mã đơn vị', 'Mã đơn vị')
    >>> decode_text("M· ®¬n vÞ;Kú b¸o c¸o".encode("cp1252"))  # TCVN3: converted later
    'M· ®¬n vÞ;Kú b¸o c¸o'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    latin = data.decode("cp1252", errors="replace")
    # TCVN3/VNI text is Latin-1 bytes; cp1258 would turn its marks into combining ones.
    if detect(latin.replace(";", "\n").replace(",", "\n").splitlines()) is not None:
        return latin
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def read_csv(data: bytes, path: str) -> tuple[list[str], list[Any]]:
    """(sheet names, sheets) of a CSV form: one sheet, named after the file.

    Examples
    --------
    >>> read_csv("Mã;Tử số;Mẫu số\\nCL01;1.234;5000\\n".encode(), "bc.csv")
    (['bc'], [[['Mã', 'Tử số', 'Mẫu số'], ['CL01', '1.234', '5000']]])
    """

    text = decode_text(data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            rows.append(row)
            check_dimension(len(rows), len(row), PurePath(path).name)
    except csv.Error as exc:
        raise OpenError("FILE_UNREADABLE", f"CSV: {exc}"[:120]) from exc
    return [PurePath(path).stem], [rows]
