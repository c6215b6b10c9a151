"""Web exports named ``.xls``: an HTML table or SpreadsheetML 2003 XML (issue 13, item 3).

Government web systems "export to Excel" by writing an HTML page, or Excel
2003's XML, under an ``.xls`` name; Excel opens both, calamine neither.
Both are read here into sheets of rows like any workbook's, safely: HTML
with the standard library's parser (it fetches nothing and expands no
external entity), XML with defusedxml (no DTD, no entities), and every
sheet held to the same size limits as a workbook's.
"""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser
from typing import Any

from defusedxml import ElementTree as SafeET

from ..language.problems import OpenError
from ._csv import decode_text
from ._limits import LIMITS, check_dimension

__all__ = ["is_spreadsheet_xml", "read_web"]

_SS = "urn:schemas-microsoft-com:office:spreadsheet"
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""")
# Text outside a table (a title, "Mã đơn vị: 30101") ends at these tags.
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "br", "li", "table",
                     "caption"})


def is_spreadsheet_xml(head: bytes) -> bool:
    """Whether a file's first bytes are SpreadsheetML 2003 (Excel's XML workbook)."""
    return _SS.encode() in head or b"<?mso-application progid=\"Excel.Sheet\"" in head


def _text(data: bytes) -> str:

    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return decode_text(data)


class _Tables(HTMLParser):
    """Rows of every table, in order, and lines of text between them."""

    def __init__(self, max_cols: int) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[Any]] = []
        self.max_cols = max_cols
        self.row: list[Any] | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.loose: list[str] = []
        self.depth = 0  # tables open
        self.skip = 0  # inside <script>/<style>

    def _flush_loose(self) -> None:
        text = " ".join("".join(self.loose).split())
        if text:
            self.rows.append([text])
        self.loose = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            self._flush_loose()
            self.depth += 1
        elif tag == "tr" and self.depth:
            self._end_row()
            self.row = []
        elif tag in ("td", "th") and self.depth:
            if self.row is None:
                self.row = []
            self._end_cell()
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.span = min(int(span), self.max_cols) if span.isdigit() and span != "0" else 1
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")
        elif tag in _BLOCKS and not self.depth:
            self._flush_loose()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table":
            self._end_row()
            self.depth = max(0, self.depth - 1)
        elif tag in _BLOCKS and not self.depth:
            self._flush_loose()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif not self.depth:
            self.loose.append(data)

    def _end_cell(self) -> None:
        if self.cell is None or self.row is None:
            return
        self.row.append(" ".join("".join(self.cell).split()))
        self.row.extend([""] * (self.span - 1))  # a merged cell keeps the columns after it
        self.cell = None
        if len(self.row) > self.max_cols:

            raise OpenError("FILE_TOO_LARGE", f"{len(self.row)} columns")

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            self.rows.append(self.row)
            self.row = None


def _html_sheets(data: bytes, name: str, check: Any) -> tuple[list[str], list[Any]]:

    parser = _Tables(LIMITS["cols"])
    text = _text(data)
    # Fed in pieces so the size checks run while reading, not after.
    for start in range(0, len(text), 65_536):
        parser.feed(text[start:start + 65_536])
        check(len(parser.rows), 1, name)
    parser.close()
    parser._end_row()
    parser._flush_loose()
    width = max((len(row) for row in parser.rows), default=0)
    check(len(parser.rows), width, name)
    return [name], [parser.rows]


def _xml_sheets(data: bytes, check: Any) -> tuple[list[str], list[Any]]:
    root = SafeET.fromstring(data, forbid_dtd=True)
    names: list[str] = []
    sheets: list[Any] = []
    for sheet in root.iter(f"{{{_SS}}}Worksheet"):
        names.append(sheet.get(f"{{{_SS}}}Name", f"Sheet{len(names) + 1}"))
        rows: list[list[Any]] = []
        for row in sheet.iter(f"{{{_SS}}}Row"):
            index = row.get(f"{{{_SS}}}Index")
            if index and index.isdigit():
                rows.extend([] for _ in range(int(index) - 1 - len(rows)))
            cells: list[Any] = []
            for cell in row.iter(f"{{{_SS}}}Cell"):
                at = cell.get(f"{{{_SS}}}Index")
                if at and at.isdigit():
                    cells.extend([""] * (int(at) - 1 - len(cells)))
                value: Any = ""
                item = cell.find(f"{{{_SS}}}Data")
                if item is not None:
                    value = "".join(item.itertext())
                    if item.get(f"{{{_SS}}}Type") == "Number":
                        with contextlib.suppress(ValueError):
                            value = float(value)
                cells.append(value)
                across = cell.get(f"{{{_SS}}}MergeAcross")
                if across and across.isdigit():
                    cells.extend([""] * int(across))
                check(len(rows) + 1, len(cells), names[-1])
            rows.append(cells)
        width = max((len(r) for r in rows), default=0)
        sheets.append([r + [""] * (width - len(r)) for r in rows])
    return names, sheets


def read_web(data: bytes, name: str) -> tuple[str, list[str], list[Any]]:
    """(format, sheet names, sheets) of an HTML or SpreadsheetML 2003 export.

    Examples
    --------
    >>> page = ("<html><body><p>Mã đơn vị: 30101</p><table><tr><th>Mã</th><th>Tử số</th>"
    ...         "<th>Mẫu số</th></tr><tr><td>CL01</td><td>1.234</td><td>5000</td></tr>"
    ...         "</table></body></html>").encode()
    >>> read_web(page, "bc")
    ('html', ['bc'], [[['Mã đơn vị: 30101'], ['Mã', 'Tử số', 'Mẫu số'], ['CL01', '1.234', '5000']]])
    """

    try:
        if is_spreadsheet_xml(data[:4096]):
            names, sheets = _xml_sheets(data, check_dimension)
            return "xml2003", names, sheets
        names, sheets = _html_sheets(data, name, check_dimension)
        return "html", names, sheets
    except OpenError:
        raise
    except Exception as exc:  # defusedxml's refusals, parse errors, absurd spans
        raise OpenError("FILE_UNREADABLE", f"{type(exc).__name__}: {exc}"[:120]) from exc
