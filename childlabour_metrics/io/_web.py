"""Web exports named ``.xls``: an HTML table or SpreadsheetML 2003 XML (issue 13, item 3).

Government web systems "export to Excel" by writing an HTML page, or Excel
2003's XML, under an ``.xls`` name; Excel opens both, calamine neither.
Both are read here into sheets of rows like any workbook's, safely: HTML
with the standard library's parser (it fetches nothing and expands no
external entity), XML with expat, element by element, refusing any DTD (so
no entity is ever declared), and every sheet held to the same size limits
as a workbook's, checked before each row, cell or merged cell is made.
"""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser
from typing import Any
from xml.parsers import expat

from ..language.problems import OpenError
from ._csv import decode_text
from ._limits import LIMITS, GridBudget, check_dimension

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


def _count(text: str | None) -> int | None:
    """A count written in an attribute (``ss:Index``, ``colspan``), or None if it is none.

    Digits only; a count too long to be one is any count beyond every limit
    (and never a string of thousands of digits made into an int).

    >>> _count("12"), _count("x"), _count("9" * 5000) > 10**9
    (12, None, True)
    """
    if not text or not text.isdigit():
        return None
    return int(text) if len(text) <= 12 else 10**12


class _Tables(HTMLParser):
    """Rows of every table, in order, and lines of text between them."""

    def __init__(self, max_cols: int, name: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[Any]] = []
        self.max_cols = max_cols
        self.budget = GridBudget(name)
        self.row: list[Any] | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.loose: list[str] = []
        self.depth = 0  # tables open
        self.skip = 0  # inside <script>/<style>

    def _flush_loose(self) -> None:
        text = " ".join("".join(self.loose).split())
        if text:
            self.budget.fits(len(self.rows) + 1, 1)
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
        if len(self.row) + self.span > self.max_cols:
            raise OpenError("FILE_TOO_LARGE", f"{len(self.row) + self.span} columns")
        # Sized before the merged cell's columns are made (colspan amplifies).
        self.budget.fits(len(self.rows) + 1, len(self.row) + self.span)
        self.row.append(" ".join("".join(self.cell).split()))
        self.row.extend([""] * (self.span - 1))  # a merged cell keeps the columns after it
        self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            self.budget.fits(len(self.rows) + 1)  # a row without cells is a row too
            self.rows.append(self.row)
            self.row = None


def _html_sheets(data: bytes, name: str, check: Any) -> tuple[list[str], list[Any]]:

    parser = _Tables(LIMITS["cols"], name)
    # Fed whole: the size checks run as each row and cell is made (:class:`GridBudget`),
    # and a parser fed in pieces scans an unfinished tag again with each piece (a
    # 100 MB tag that never closes took it 40 minutes).
    parser.feed(_text(data))
    parser.close()
    parser._end_row()
    parser._flush_loose()
    width = max((len(row) for row in parser.rows), default=0)
    check(len(parser.rows), width, name)
    return [name], [parser.rows]


_WORKSHEET, _ROW, _CELL, _DATA = (f"{_SS}}}{local}" for local in ("Worksheet", "Row", "Cell",
                                                                   "Data"))
_NAME, _INDEX, _TYPE, _ACROSS = (f"{_SS}}}{local}" for local in ("Name", "Index", "Type",
                                                                 "MergeAcross"))


class _Workbook2003:
    """SpreadsheetML 2003's sheets as rows, read element by element (expat), sized first.

    As Excel places them: a row or a cell at its ``ss:Index`` (1-based; the
    rows or cells before it are blank), a cell merged ``ss:MergeAcross``
    columns to its right keeps them blank.  Each row, cell and merge is sized
    (:class:`GridBudget`) before it is made, rows without cells included; all
    the workbook's sheets share one budget of cells, as they are held together.
    Elements are streamed, never kept as a tree: a tree of 90 MB of ``<Row/>``
    is gigabytes.  Worksheets, rows or cells inside one another (no writer
    nests them) are refused.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.sheets: list[list[list[Any]]] = []
        self.budget: GridBudget | None = None
        self.rows: list[list[Any]] | None = None
        self.cells: list[Any] | None = None
        self.cell: list[Any] | None = None  # [value, MergeAcross, depth, Data read]
        self.data: list[str] | None = None  # the text of the cell's Data, while in it
        self.number = False
        self.depth = 0  # elements open
        self.data_depth = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if name == _WORKSHEET:
            if self.rows is not None:
                raise OpenError("FILE_UNREADABLE", "Worksheet inside a Worksheet")
            self.names.append(attrs.get(_NAME, f"Sheet{len(self.names) + 1}"))
            spent = sum(len(rows) * len(rows[0]) for rows in self.sheets if rows)
            self.budget = GridBudget(self.names[-1], spent)
            self.rows = []
        elif name == _ROW and self.rows is not None and self.budget is not None:
            if self.cells is not None:
                raise OpenError("FILE_UNREADABLE", "Row inside a Row")
            index = _count(attrs.get(_INDEX))
            if index is not None and index - 1 > len(self.rows):
                self.budget.fits(index)  # before the blank rows above it are made
                self.rows.extend([] for _ in range(index - 1 - len(self.rows)))
            self.budget.fits(len(self.rows) + 1)  # a row without cells is a row too
            self.cells = []
        elif name == _CELL and self.cells is not None and self.budget is not None:
            if self.cell is not None:
                raise OpenError("FILE_UNREADABLE", "Cell inside a Cell")
            at = _count(attrs.get(_INDEX))
            if at is not None and at - 1 > len(self.cells):
                self.budget.fits(len(self.rows or ()) + 1, at)
                self.cells.extend([""] * (at - 1 - len(self.cells)))
            self.cell = ["", _count(attrs.get(_ACROSS)), self.depth, False]
        elif (name == _DATA and self.cell is not None and not self.cell[3]
              and self.depth == self.cell[2] + 1):
            # The cell's first Data child: its text, that of elements inside included.
            self.cell[3] = True
            self.data, self.data_depth = [], self.depth
            self.number = attrs.get(_TYPE) == "Number"

    def end(self, name: str) -> None:
        if self.data is not None and self.depth == self.data_depth:
            value: Any = "".join(self.data)
            if self.number:
                with contextlib.suppress(ValueError):
                    value = float(value)
            if self.cell is not None:
                self.cell[0] = value
            self.data = None
        self.depth -= 1
        if name == _CELL and self.cell is not None and self.cells is not None:
            value, across, _, _ = self.cell
            self.cell = None
            width = len(self.cells) + 1 + (across or 0)
            if self.budget is not None:
                self.budget.fits(len(self.rows or ()) + 1, width)
            self.cells.append(value)
            if across:
                self.cells.extend([""] * across)
        elif name == _ROW and self.cells is not None and self.rows is not None:
            self.rows.append(self.cells)
            self.cells = None
        elif name == _WORKSHEET and self.rows is not None:
            width = max((len(r) for r in self.rows), default=0)
            self.sheets.append([r + [""] * (width - len(r)) for r in self.rows])
            self.rows = self.budget = None

    def text(self, data: str) -> None:
        if self.data is not None:
            self.data.append(data)


def _xml_sheets(data: bytes) -> tuple[list[str], list[Any]]:
    book = _Workbook2003()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = book.start
    parser.EndElementHandler = book.end
    parser.CharacterDataHandler = book.text

    def refuse(*_: Any) -> None:  # a DTD is how entity bombs start; never in an export
        raise OpenError("FILE_UNREADABLE", "XML DTD")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        for start in range(0, len(data), 1 << 20):  # a view per piece, not a copy
            parser.Parse(memoryview(data)[start:start + (1 << 20)], False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:  # worded as ElementTree words it
        raise OpenError("FILE_UNREADABLE", f"ParseError: {exc}"[:120]) from exc
    return book.names, book.sheets


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
            names, sheets = _xml_sheets(data)
            return "xml2003", names, sheets
        names, sheets = _html_sheets(data, name, check_dimension)
        return "html", names, sheets
    except OpenError:
        raise
    except Exception as exc:  # parse errors, absurd spans
        raise OpenError("FILE_UNREADABLE", f"{type(exc).__name__}: {exc}"[:120]) from exc
