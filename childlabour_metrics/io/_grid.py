"""The size of the grid calamine would build from a sheet's XML, found before it does.

calamine materialises a sheet as a dense grid spanning its cells' positions,
and a grid too large to allocate aborts the process (there is no exception to
catch).  A few kilobytes of XML can ask for hundreds of gigabytes: two cells
far apart, cells placed one after another without a reference, a cell
repeated across columns in an ODS.  These functions find the grid's size
first, erring on the large side.

The usual worksheet (every cell written the way office suites write them,
with its reference first, within A1:BZ9999) is recognised by two regular
expressions.  Anything
else is read with expat, a real XML parser, whose view of elements and
attributes matches calamine's XML reader where a regular expression would
not (comments, quoting, prefixes, character references); a sheet expat
cannot parse, or whose references calamine would read differently, is
refused rather than guessed at.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple
from xml.parsers import expat

from ..language.errors import GridError
from ._text import col_index

__all__ = ["GridError", "OdsSize", "ods_grid_size", "ods_size", "sheet_grid_size"]


#: The fast path's bound: a sheet whose every cell matches the usual writing
#: (its reference first, within A1:BZ9999) spans at most this grid.
FAST_BOUND = (9_999, 78)

# A cell start tag not written the usual way: "<c r="B12" s="3" t="s">", the reference
# first and only these attributes (a second r, or any other, is unusual).  "&" is
# excluded from values: a character reference could spell anything.  Rows need no
# check here: they only place cells that have no reference, and every cell has one.
# One pass; the literal "<c" lets the engine skip ahead.
_UNUSUAL_CELL = re.compile(
    rb'<c(?=[\s>/])(?! r="[AB]?[A-Z][1-9]\d{0,3}"(?: (?:s|t|cm|vm|ph)="[^"<>&]{0,16}")* ?/?>)'
)
# A prefixed cell ("<x:c", "<é:c"): calamine matches elements by their local name.
_PREFIXED = re.compile(rb":c[\s>/]")
# A cell reference as calamine reads one (letters then row number; nothing else).
_A1 = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
# A row number or a repeat count as calamine reads one (no sign, no leading zero).
_COUNT = re.compile(r"[1-9][0-9]{0,6}")
# The count of a repeated space (``text:c``): digits, of any size (the budget decides).
_SPACES = re.compile(r"[0-9]{1,30}")


def sheet_grid_size(xml: bytes) -> tuple[int, int]:
    """Rows and columns (at most) of the grid calamine builds from a worksheet's XML.

    Examples
    --------
    >>> sheet_grid_size(b'<sheetData><row r="1"><c r="A1" t="n"><v>1</v></c></row></sheetData>')
    (9999, 78)
    >>> sheet_grid_size(b'<x:sheetData><x:row r="40000"><x:c r="AB40000"><x:v>1</x:v></x:c>'
    ...                 b'</x:row></x:sheetData>')
    (40000, 28)
    >>> sheet_grid_size(b'<sheetData><row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c>'
    ...                 b'<c/></row><row><c><v>4</v></c></row></sheetData>')
    (4, 3)
    """
    _refuse_other_encodings(xml)
    if _UNUSUAL_CELL.search(xml) is None and _PREFIXED.search(xml) is None:
        return FAST_BOUND
    return _parse(xml, _SheetGrid())


class OdsSize(NamedTuple):
    """What calamine would build from an ODS's content.xml, all tables together."""

    rows: int  #: of the largest table, repeats included, up to its last content
    cols: int  #: of the widest table
    cells: int  #: of all tables' grids together (calamine builds them all at once)
    text: int  #: characters once spaces, repeated cells and rows are expanded (at most)


def ods_size(xml: bytes) -> OdsSize:
    """The size of every table in content.xml and of the text they expand to.

    A file under 1 KB can ask for gigabytes while each table passes the
    per-table limits: twenty tables of an allowed size (calamine loads them
    all), ``<text:s text:c="2000000000"/>`` (two billion spaces), or a long
    text in a cell repeated a million times.

    Examples
    --------
    >>> head = ('<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x">')
    >>> table = ('<table:table><table:table-row table:number-rows-repeated="10">'
    ...          '<table:table-cell table:number-columns-repeated="4"><text:p>ab<text:s '
    ...          'text:c="5"/></text:p></table:table-cell></table:table-row></table:table>')
    >>> ods_size((head + table * 3 + "</office:document-content>").encode())
    OdsSize(rows=10, cols=4, cells=120, text=1080)
    """
    _refuse_other_encodings(xml)
    grid = _OdsGrid()
    rows, cols = _parse(xml, grid)
    return OdsSize(rows, cols, grid.total_cells, grid.total_text)


def ods_grid_size(xml: bytes) -> tuple[int, int]:
    """Rows and columns, repeats included, up to the last content of any table in content.xml.

    LibreOffice writes trailing empty rows and cells as one repeated element
    (a million rows, a thousand cells): harmless, as nothing follows them and
    they hold nothing.  Repeats are counted when content follows or is repeated.

    Examples
    --------
    >>> head = ('<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x">'
    ...         '<table:table>')
    >>> row = '<table:table-row table:number-rows-repeated="{}">{}</table:table-row>'
    >>> cell = '<table:table-cell table:number-columns-repeated="{}"{}>'
    >>> filled = (cell.format(3, ' office:value-type="float"')
    ...           + "<text:p>1</text:p></table:table-cell>")
    >>> empty = cell.format(1000, "/")
    >>> tail = "</table:table></office:document-content>"
    >>> ods_grid_size((head + row.format(5, filled + empty) + row.format(1048000, empty)
    ...                + tail).encode())
    (5, 3)
    >>> ods_grid_size((head + row.format(99000, empty + filled) + tail).encode())
    (99000, 1003)
    """
    _refuse_other_encodings(xml)
    return _parse(xml, _OdsGrid())


def _refuse_other_encodings(xml: bytes) -> None:
    # calamine reads a part's bytes as ASCII-compatible markup.  A part in UTF-16 or
    # UTF-32 (a NUL in every ASCII character) could be text to expat and markup to
    # calamine; no workbook writes one, and calamine reads no cells from a real one.
    if b"\x00" in xml or xml.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise GridError("XML not in UTF-8")


def _parse(xml: bytes, grid: Any) -> tuple[int, int]:
    # Read as calamine's XML reader reads: byte for byte, whatever encoding the part
    # declares or its first bytes suggest (a part can be UTF-16 text to one reader and
    # ASCII markup to another).  ISO-8859-1 maps each byte to one character; names and
    # references are ASCII, so nothing that matters here changes.
    parser = expat.ParserCreate(encoding="ISO-8859-1")
    parser.StartElementHandler = grid.start
    parser.EndElementHandler = grid.end
    parser.CharacterDataHandler = grid.text

    def refuse(*_: Any) -> None:  # a DTD is how entity bombs start; never in a workbook
        raise GridError("XML DTD")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(xml[3:] if xml.startswith(b"\xef\xbb\xbf") else xml, True)
    except expat.ExpatError as exc:
        raise GridError(f"XML: {exc}") from exc
    return grid.rows, grid.cols


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _values(attrs: dict[str, str], local: str) -> list[str]:
    # Every attribute with this local name, whatever its prefix: calamine reads one of
    # them, and the largest reading is the safe one.
    return [value for key, value in attrs.items() if _local(key) == local]


class _SheetGrid:
    """Follows calamine's placing of cells: by reference, or after the previous one.

    A row's ``r`` sets the current row and its end moves to the next; a cell
    without a reference goes one column after the previous cell, and the column
    restarts after a row ends.  Only cells holding something (a child element or
    text) make the grid, but every cell moves the position.
    """

    def __init__(self) -> None:
        self.rows = self.cols = 0
        self.row, self.col = 1, 0  # 1-based position of the current row, last cell
        self.open: list[list[Any]] = []  # cells being read: [row, col, holds something]
        self.in_row = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if self.open:
            # calamine skips what a cell holds; a row or cell in there would move this
            # count and not calamine's.  No writer nests them.
            if local in ("row", "c"):
                raise GridError(f"<{name}> inside a cell")
            self.open[-1][2] = True
        if local == "row":
            if self.in_row:
                raise GridError(f"<{name}> inside a row")
            self.in_row = True
            numbers = _values(attrs, "r")
            for number in numbers:
                if not _COUNT.fullmatch(number):
                    raise GridError(f"row reference {number[:20]!r}")
            if numbers:
                self.row = max(int(number) for number in numbers)
        elif local == "c":
            refs = _values(attrs, "r")
            if refs:
                places = []
                for ref in refs:
                    m = _A1.fullmatch(ref)
                    if m is None:
                        raise GridError(f"cell reference {ref[:20]!r}")
                    places.append((int(m.group(2)), col_index(m.group(1)) + 1))
                row, self.col = max(r for r, _ in places), max(c for _, c in places)
                self.row = max(self.row, row)
            else:
                row, self.col = self.row, self.col + 1
            self.open.append([row, self.col, False])

    def end(self, name: str) -> None:
        local = _local(name)
        if local == "c" and self.open:
            row, col, holds = self.open.pop()
            if holds:
                self.rows, self.cols = max(self.rows, row), max(self.cols, col)
        elif local == "row":
            self.in_row = False
            self.row += 1
            self.col = 0

    def text(self, data: str) -> None:
        if self.open and data.strip():
            self.open[-1][2] = True


class _OdsGrid:
    """Follows calamine's reading of ODS tables: repeated rows and cells, content last.

    Also totals what every table together costs: the cells of each table's
    grid, and the characters of text once spaces (``text:s``), repeated cells
    and repeated rows are expanded (attribute values counted as text too).
    """

    def __init__(self) -> None:
        self.rows = self.cols = 0
        self.done = self.last = 0  # the current table: rows so far, rows to the last content
        self.table_cols = 0  # the current table's width
        self.repeat = self.col = self.filled_to = 0  # the current row
        self.row_text = 0  # characters of the current row's cells, cell repeats included
        self.total_cells = self.total_text = 0
        # Cells being read: [end column, holds something, columns repeated, characters].
        self.cells: list[list[Any]] = []
        self.in_table = self.in_row = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if self.cells:
            # calamine skips what a cell holds; tables, rows or cells in there would
            # move this count and not calamine's.  No writer nests them.
            if local in _ODS_STRUCTURE:
                raise GridError(f"<{name}> inside a cell")
            cell = self.cells[-1]
            cell[1] = True
            if local == "s":
                counts = _values(attrs, "c")
                for count in counts:
                    if not _SPACES.fullmatch(count):
                        raise GridError(f"text:c {count[:20]!r}")
                cell[3] += max((int(count) for count in counts), default=1)
            else:
                cell[3] += 1 + sum(len(value) for value in attrs.values())
        if name == "table:table":  # calamine starts a new sheet on this name only
            if self.in_table:
                raise GridError(f"<{name}> inside a table")
            self.in_table = True
            self.done = self.last = self.table_cols = 0
        elif local == "table-row":
            if self.in_row:
                raise GridError(f"<{name}> inside a row")
            self.in_row = True
            self.repeat = _repeats(attrs, "number-rows-repeated")
            self.col = self.filled_to = self.row_text = 0
        elif local in ("table-cell", "covered-table-cell"):
            repeat = _repeats(attrs, "number-columns-repeated")
            self.col += repeat
            holds = any("value" in _local(key) or "formula" in _local(key) for key in attrs)
            text = sum(len(value) for value in attrs.values())
            self.cells.append([self.col, holds, repeat, text])

    def end(self, name: str) -> None:
        local = _local(name)
        if name == "table:table":
            self.in_table = False
            self.total_cells += self.last * self.table_cols
        if local in ("table-cell", "covered-table-cell") and self.cells:
            col, holds, repeat, text = self.cells.pop()
            if holds:
                self.filled_to = max(self.filled_to, col)
                self.row_text += repeat * text
        elif local == "table-row":
            self.in_row = False
            if self.filled_to:
                self.last = self.done + self.repeat
                self.rows = max(self.rows, self.last)
                self.cols = max(self.cols, self.filled_to)
                self.table_cols = max(self.table_cols, self.filled_to)
                self.total_text += self.repeat * self.row_text
            self.done += self.repeat
            self.repeat, self.filled_to, self.row_text = 1, 0, 0

    def text(self, data: str) -> None:
        if self.cells:
            self.cells[-1][3] += len(data)
            if data.strip():
                self.cells[-1][1] = True


_ODS_STRUCTURE = frozenset({"table", "table-row", "table-cell", "covered-table-cell"})


def _repeats(attrs: dict[str, str], local: str) -> int:
    counts = _values(attrs, local)
    for count in counts:
        if not _COUNT.fullmatch(count):
            raise GridError(f"{local} {count[:20]!r}")
    return max((int(count) for count in counts), default=1)
