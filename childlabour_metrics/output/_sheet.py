"""A worksheet written row by row: laid out first, styles made once, cells streamed.

openpyxl's normal mode keeps every cell as an object until the book is saved
(about a million at national scale, most of the report's time).  The report
writes a ``Workbook(write_only=True)`` instead, and write-only sheets take
their layout (column widths, frozen panes, page setup) before the first row
and their rows once, in order.  :class:`Sheet` keeps that order: it is made
with the layout, then rows are appended.  It only uses what both modes offer,
so a caller may also hand it a normal workbook.

Every sheet of the report prints on A4 landscape, one page wide, the header
repeated on each page, and text in its wide columns (label columns, 28
characters or more) wrapped rather than running off the page.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import textwrap
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
from functools import partial
from pathlib import Path
from typing import Any, overload
from weakref import WeakKeyDictionary
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TIME_FORMATS
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..reference._arrays import groups
from ._html import STATUS_BACKGROUNDS
from ._safe import safe_text, xml_text
from ._safety import is_formula_text

__all__ = ["HEADER_FILL", "HEADER_FONT", "WIDE", "Sheet", "cell_values", "not_printed", "save",
           "sheet_name", "status_rules"]

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
#: Columns this wide (characters) or wider hold labels: their text is wrapped.
WIDE = 28.0
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_WRAP_CENTER = Alignment(wrap_text=True, vertical="center")
#: A line of text that runs on across the empty cells beside it, never wrapped.
_ONE_LINE = Alignment(wrap_text=False, vertical="top")
#: Every other styled cell: at the top, like the wrapped labels beside it in a tall row
#: (a cell's default, the bottom, left numbers a line or more below their label).
_TOP = Alignment(vertical="top")


def cell_values(column: pd.Series) -> list[Any]:
    """A column as the values a cell takes: NA as None, Python scalars, lists joined.

    Examples
    --------
    >>> cell_values(pd.Series([1, None], dtype="Int64"))
    [1, None]
    >>> cell_values(pd.Series([("CL01", "CL02"), None, pd.Timestamp("2024-01-31")]))
    ['CL01 + CL02', None, Timestamp('2024-01-31 00:00:00')]
    """
    missing = column.isna().to_numpy(bool)
    kind = _NUMPY_KINDS.get(column.dtype.kind) if isinstance(
        column.dtype, pd.api.extensions.ExtensionDtype) else None
    if kind is not None:
        # a nullable column through numpy: pandas' own iteration takes a microsecond a value
        values = column.to_numpy(dtype=kind[0], na_value=kind[1]).tolist()
    elif isinstance(column.dtype, pd.StringDtype):
        values = column.astype(object).where(~missing, None).tolist()
    else:
        values = column.tolist()  # numpy scalars become Python scalars, datetimes Timestamps
    if column.dtype == object:
        values = [_plain(v) for v in values]
    if not missing.any():
        return values
    return [None if m else v for v, m in zip(values, missing, strict=True)]


#: A nullable column's numpy type and its stand-in for NA (masked again after), by kind.
_NUMPY_KINDS: dict[str, tuple[str, Any]] = {"i": ("int64", 0), "u": ("uint64", 0),
                                            "f": ("float64", 0.0), "b": ("bool", False)}


def _plain(value: Any) -> Any:
    """One value of a mixed column as a cell takes it."""
    if isinstance(value, tuple | list):
        return " + ".join(str(v) for v in value)
    if isinstance(value, np.generic):
        return value.item()
    return value


# A styled value is the pair ``(value, key)``, ``key`` the style's number in its sheet
# (Sheet.style): what Sheet.cell and Sheet.text make, one cell at a time.  A whole
# column (Sheet.column) is kept as arrays instead (_Column): a national workbook has
# about a million cells, and making, testing and serialising them one by one in Python
# was most of its writing time.  Each distinct value is written once (a column of
# statuses, levels or counts holds a few hundred), and the cells are put together by
# numpy, never cell by cell.

#: Each element's type, as an object array (a loop in C).
_TYPE = np.frompyfunc(type, 1, 1)


class _Column(Sequence[Any]):
    """A column of cells made by :meth:`Sheet.column`, kept as arrays.

    ``values``: each cell's value as written (text made safe, a date a ``datetime``,
    None for a blank); ``keys``: its style's number in the sheet, -1 for none;
    ``rests``: the distinct XML of its cells after the style attribute
    (``' t="n"><v>0.5</v></c>'``), each written once, and ``rest_codes`` which is
    each cell's (-1 for a blank); ``lengths``: the length of its text (0 for
    anything else); ``present``: not blank.  Iterated, it gives the cells as values
    or styled ``(value, key)`` pairs, as a list of cells would.
    """

    __slots__ = ("keys", "lengths", "present", "rest_codes", "rests", "values")

    def __init__(self, values: np.ndarray, keys: np.ndarray, rests: list[str],
                 rest_codes: np.ndarray, lengths: np.ndarray, present: np.ndarray) -> None:
        self.values, self.keys, self.rests, self.rest_codes = values, keys, rests, rest_codes
        self.lengths, self.present = lengths, present

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[Any]:
        return (v if k < 0 else (v, k)
                for v, k in zip(self.values.tolist(), self.keys.tolist(), strict=True))

    @overload
    def __getitem__(self, i: int) -> Any: ...
    @overload
    def __getitem__(self, i: slice) -> list[Any]: ...
    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return list(self)[i]
        key = int(self.keys[i])
        return self.values[i] if key < 0 else (self.values[i], key)

    def styled(self, mask: np.ndarray, key: int) -> _Column:
        """This column with the cells of ``mask`` in style ``key``."""
        keys = self.keys.copy()
        keys[mask] = key
        return _Column(self.values, keys, self.rests, self.rest_codes, self.lengths,
                       self.present)


class _Building:
    """The arrays of a column being made, and the styles its cells ask for.

    A style is made when first asked for, in the order of the cells (the
    book's styles are numbered in the order its cells use them, as openpyxl
    numbers them): the asks are kept with their first cell and made at the end.
    """

    def __init__(self, n: int) -> None:
        self.values = np.full(n, None, dtype=object)
        self.keys = np.full(n, -1, dtype=np.int64)
        self.rests: list[str] = []
        self.rest_codes = np.full(n, -1, dtype=np.intp)
        self.lengths = np.zeros(n, dtype=np.int64)
        self.present = np.zeros(n, dtype=bool)
        self.asks: list[tuple[int, dict[str, Any], np.ndarray]] = []

    def ask(self, at: np.ndarray, wanted: np.ndarray | None, style: Callable[[Any], dict[str, Any]]
            ) -> None:
        """Cells ``at`` take the style ``style(w)`` of their ``wanted`` (None: no style)."""
        if not len(at):
            return
        if wanted is None:
            return
        codes, distinct = pd.factorize(wanted)  # None: no style (code -1)
        if not len(distinct):
            return
        firsts = groups(codes)[:2]  # each style's code and its first cell
        for code, first in zip(*firsts, strict=True):
            if code >= 0:
                self.asks.append((int(at[first]), style(distinct[code]), at[codes == code]))

    def rest(self, at: np.ndarray, codes: np.ndarray, rests: list[str]) -> None:
        """Cells ``at`` are written ``rests[codes]`` after their style."""
        self.rest_codes[at] = codes + len(self.rests)
        self.rests.extend(rests)

    def done(self, sheet: Sheet) -> _Column:
        for _, parts, at in sorted(self.asks, key=lambda a: a[0]):
            self.keys[at] = sheet.style(**parts)
        return _Column(self.values, self.keys, self.rests, self.rest_codes, self.lengths,
                       self.present)


def _wanted(formats: np.ndarray | str | None, at: np.ndarray) -> np.ndarray | None:
    """The number formats of cells ``at`` (one for all or one each), None when none."""
    if formats is None:
        return None
    if isinstance(formats, str):
        return np.full(len(at), formats, dtype=object)
    return formats[at]


def _number_rest(made: _Building, at: np.ndarray, values: np.ndarray) -> None:
    """Numbers ``values`` as the cells ``at``: each distinct one written once.

    Floats are told apart by their bits (0.0 and -0.0 are written "0" and "-0",
    as openpyxl writes them); a number that is not finite is written empty.
    """
    if values.dtype.kind == "f":
        values = values.astype(np.float64, copy=False)
        codes, bits = pd.factorize(values.view(np.int64))
        distinct = bits.view(np.float64).tolist()
        texts = [f' t="n"><v>{v:.16g}</v></c>' if v - v == 0 else ' t="n"><v></v></c>'
                 for v in distinct]
    else:
        codes, ints = pd.factorize(values)
        texts = [f' t="n"><v>{v:.16g}</v></c>' for v in ints.tolist()]
    made.present[at] = True
    made.rest(at, codes, texts)
    made.values[at] = values.astype(object)


def _safe_texts(texts: list[str]) -> tuple[list[str], list[bool]]:
    """:func:`safe_text` of each text, those needing no cleaning (nearly all) found at once.

    Joined by a line break (legal in XML, composing with nothing), the texts come
    out of :func:`xml_text` unchanged exactly when each of them does.
    """
    joined = "\n".join(texts)
    if xml_text(joined) == joined:
        return texts, [is_formula_text(t) for t in texts]
    safe = [safe_text(t) for t in texts]
    return [t for t, _ in safe], [r for _, r in safe]


def _text_rests(texts: list[str]) -> list[str]:
    """:func:`_text_rest` of each text; none escaped when none has a character to escape."""
    joined = "".join(texts)
    if any(c in joined for c in "&<>\r"):
        return [_text_rest(t) for t in texts]
    return [f' t="inlineStr"><is><t{_SPACE if t != t.strip() else ""}>{t}</t></is></c>'
            if t else ' t="inlineStr"/>' for t in texts]


_SPACE = ' xml:space="preserve"'


def _text_rest(text: str) -> str:
    """A text cell's XML after its style (openpyxl's inline string)."""
    if text == "":  # kept, as openpyxl keeps it: an empty text cell
        return ' t="inlineStr"/>'
    space = _SPACE if text != text.strip() else ""
    return f' t="inlineStr"><is><t{space}>{escape(text, _ENTITIES)}</t></is></c>'


def _as_bytes(texts: Sequence[str]) -> np.ndarray:
    """Texts as a numpy array of UTF-8 bytes (fixed width, padded with NUL)."""
    try:
        return np.array(texts, dtype="S")  # ASCII (numbers, codes): encoded by numpy
    except UnicodeEncodeError:
        return np.array([t.encode("utf-8") for t in texts], dtype="S")


#: Bytes of rows put side by side at once, at most (a long text in a column widens all).
_BLOCK = 16 << 20


def _side_by_side(pieces: Sequence[np.ndarray | bytes], n: int) -> bytes:
    """``n`` rows, each the pieces' i-th values (a piece of bytes: the same in each row).

    The pieces are the fields of a numpy record, NUL-padded to their widest; the
    records' bytes less the padding are the rows (XML holds no NUL: text is made
    safe by :func:`xml_text`).
    """
    dtype = np.dtype([(f"f{k}", p.dtype if isinstance(p, np.ndarray) else f"S{max(1, len(p))}")
                      for k, p in enumerate(pieces)])
    step = max(1, _BLOCK // max(1, dtype.itemsize))
    out = []
    for start in range(0, n, step):
        stop = min(n, start + step)
        records = np.empty(stop - start, dtype=dtype)
        for k, piece in enumerate(pieces):
            records[f"f{k}"] = piece[start:stop] if isinstance(piece, np.ndarray) else piece
        out.append(records.tobytes().translate(None, b"\x00"))
    return b"".join(out)


def _number_style(number_format: str) -> dict[str, Any]:
    return {"number_format": number_format}


def _text_style(quote: Any, *, wide: bool) -> dict[str, Any]:
    """A text's style: quoted when it could be read as a formula, wrapped in a wide column."""
    return {"quote": bool(quote), "alignment": _WRAP_TOP if wide else None}


def _cell_rest(value: Any) -> str:
    """Any other value's XML after its style (what openpyxl writes for it)."""
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        number = f"{value:.16g}" if math.isfinite(value) else ""
        return f' t="n"><v>{number}</v></c>'
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return f' t="n"><v>{to_excel(value):.16g}</v></c>'
    raise TypeError(f"{type(value).__name__} in a cell")  # a bug, not data


class Sheet:
    """A worksheet laid out up front and written row by row.

    In a write-only workbook the rows are serialised as sheet XML straight
    away (no cell objects: a column of :meth:`column` is kept as arrays, each
    distinct value written once, and its rows put together by numpy) and put
    into the file by :func:`save`; in a normal workbook they become cells as
    usual.

    Parameters
    ----------
    wb : openpyxl.Workbook
        The workbook (write-only or not).
    title : str
        The sheet's name.
    widths : sequence of float
        Column widths, first column first; columns of :data:`WIDE` or more
        wrap their text.
    freeze : str, optional
        The first cell not frozen (``"D5"``).
    title_rows : str, optional
        Rows printed on every page (``"4:4"``).

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> sheet = Sheet(Workbook(), "A1", [10, 30], freeze="A2", title_rows="1:1")
    >>> sheet.header(["Mã", "Tên"])
    >>> sheet.append([sheet.cell(0.25, number_format="0.0%"), sheet.text("=1+1", 1)])
    >>> ws = sheet.ws
    >>> ws["A2"].number_format, ws["B2"].value, ws["B2"].data_type, ws["B2"].quotePrefix
    ('0.0%', '=1+1', 's', True)
    >>> ws.freeze_panes, ws["B2"].alignment.wrap_text  # a wide column wraps its text
    ('A2', True)
    """

    def __init__(self, wb: Any, title: str, widths: Sequence[float], *,
                 freeze: str | None = None, title_rows: str | None = None) -> None:
        ws = wb.create_sheet(title)
        self.ws = ws
        self.rows = 0
        self.wide = frozenset(j for j, w in enumerate(widths) if w >= WIDE)
        self.widths = tuple(widths)
        # each distinct style once: its number by its parts, then by number its
        # openpyxl style, its XML attribute, whether it wraps and whether it is quoted
        self._keys: dict[tuple[Any, ...], int] = {}
        self._styles: list[Any] = []
        self._ids: list[str] = []
        self._wraps: list[bool] = []
        self._quoted: list[bool] = []
        # write-only: rows become XML here, put into the file by save()
        # (a row as text, or rows of a column block as UTF-8 bytes)
        self._xml: list[str | bytes] | None = [] if getattr(wb, "write_only", False) else None
        if self._xml is not None:
            _STREAMED[ws] = self._xml
        # all of this is written before the rows in write-only mode: set it now
        for j, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = width
        if freeze is not None:
            ws.freeze_panes = freeze
        if title_rows is not None:
            ws.print_title_rows = title_rows  # the header on every printed page
        print_setup(ws)

    def cell(self, value: Any, *, number_format: str | None = None, font: Font | None = None,
             fill: PatternFill | None = None, alignment: Alignment | None = None,
             quote: bool = False) -> tuple[Any, int]:
        """A styled value; each distinct style is built once.  Aligned at the top unless
        ``alignment`` says otherwise."""
        return (value, self.style(number_format=number_format, font=font, fill=fill,
                                  alignment=alignment, quote=quote))

    def style(self, *, number_format: str | None = None, font: Font | None = None,
              fill: PatternFill | None = None, alignment: Alignment | None = None,
              quote: bool = False) -> int:
        """The number of a style of this sheet (made the first time it is asked for).

        A caller styling many cells alike asks once and makes ``(value, key)`` pairs.
        """
        if alignment is None:
            alignment = _TOP
        parts = (number_format, font, fill, alignment, quote)
        key = self._keys.get(parts)
        if key is None:
            proto = WriteOnlyCell(self.ws)
            if number_format is not None:
                proto.number_format = number_format
            if font is not None:
                proto.font = font
            if fill is not None:
                proto.fill = fill
            proto.alignment = alignment
            if quote:
                proto.quotePrefix = True
            key = self._keys[parts] = len(self._styles)
            self._styles.append(proto._style)  # type: ignore[attr-defined]
            self._ids.append(f' s="{proto.style_id}"' if proto.has_style else "")
            self._wraps.append(bool(alignment.wrap_text))
            self._quoted.append(quote)
        return key

    def text(self, value: str, col: int, **style: Any) -> Any:
        """Text from anywhere as a cell of column ``col`` (0-based): never a formula."""
        text, risky = safe_text(value)
        if col in self.wide and self.rows > 0 and "alignment" not in style:
            style["alignment"] = _WRAP_TOP
        if not (risky or style):
            return text
        return self.cell(text, quote=risky, **style)

    def append(self, row: Iterable[Any]) -> None:
        """Append one row (values or styled values); an empty row is a blank line."""
        columns = [[v] for v in row]
        if columns:
            self.rows_of(columns)
        else:
            self.rows += 1

    def paragraph(self, text: str, col: int = 0, *, font: Font | None = None,
                  width: float | None = None) -> None:
        """Append a long sentence as lines of their own, each as wide as the table.

        A sentence in one cell runs on across the empty cells beside it: in
        print it widened the page, and every sheet is fitted to one page wide,
        so the whole page shrank.  Cut at the table's width (the columns from
        ``col`` on, or ``width`` characters), each line stays on the page.
        """
        limit = width if width is not None else sum(self.widths[col:]) * _CHARS_PER_WIDTH
        lines = textwrap.wrap(text, max(20, int(limit)), break_long_words=False) or [""]
        style = {"font": font} if font is not None else {}
        for line in lines:
            cell = self.text(line, col, alignment=_ONE_LINE, **style)
            self.append([None] * col + [cell])

    def header(self, headers: Sequence[str]) -> None:
        """Append the header row: white bold text on dark blue, wrapped, centred."""
        # Every heading centred in its row's height: a wide column's at the top stood
        # above the others in print ("Tên đơn vị" a line higher than "Cấp").
        self.append(self.text(h, j, font=HEADER_FONT, fill=HEADER_FILL,
                              alignment=_WRAP_CENTER)
                    for j, h in enumerate(headers))

    def column(self, values: Sequence[Any] | pd.Series | np.ndarray, col: int,
               formats: str | Sequence[str | None] | np.ndarray | None = None) -> _Column:
        """Cells of one column (0-based ``col``): text made safe, numbers formatted.

        ``values`` is a list of cell values or a frame's column (NA blank, as
        :func:`cell_values` makes it); ``formats`` is one number format for the
        column or one per value; blank cells and text get none.
        """
        n = len(values)
        shape: np.ndarray | str | None
        if formats is None or isinstance(formats, str):
            shape = formats
        else:
            if len(formats) != n:
                raise ValueError("one number format per value")  # a bug, not data
            shape = np.asarray(formats, dtype=object)
        made = _Building(n)
        mixed = False
        if isinstance(values, pd.Series):
            if self._typed(made, values, shape):
                return made.done(self)
            mixed = values.dtype == object
            if not (mixed or isinstance(values.dtype, pd.StringDtype)):
                values = cell_values(values)
        if isinstance(values, pd.Series):  # text: NA blank, as cell_values makes it
            # a copy for certain: pandas may hand back a str column's own array
            cells = np.array(values.to_numpy(dtype=object), dtype=object, copy=True)
            cells[values.isna().to_numpy(bool)] = None
        else:
            cells = np.fromiter(values, dtype=object, count=n)
        # the cells by type: a numpy comparison with a class is not element by element
        kinds, distinct = pd.factorize(_TYPE(cells) if n else cells)
        if mixed and any(k in (tuple, list) or issubclass(k, np.generic) for k in distinct):
            # tuples joined, numpy scalars as Python's (cell_values), then typed again
            odd = np.isin(kinds, [c for c, k in enumerate(distinct) if k in (tuple, list)
                                  or issubclass(k, np.generic)])
            cells[odd] = [_plain(v) for v in cells[odd]]
            kinds, distinct = pd.factorize(_TYPE(cells))
        for code, kind in enumerate(distinct.tolist()):
            at = np.arange(n) if len(distinct) == 1 else np.flatnonzero(kinds == code)
            self._of_kind(made, kind, cells[at], at, shape, col)
        return made.done(self)

    def _typed(self, made: _Building, values: pd.Series, formats: np.ndarray | str | None
               ) -> bool:
        """Cells of a numeric or date column straight from its arrays; False for any other."""
        dtype = values.dtype
        if dtype.kind not in "ifM" or (dtype.kind == "M" and not isinstance(dtype, np.dtype)):
            return False  # text, flags, dates with a time zone: cell by cell
        present = values.notna().to_numpy(bool)
        at = np.flatnonzero(present)
        made.present[at] = True
        if dtype.kind == "M":
            codes, distinct = pd.factorize(values[present])
            dates = [d.to_pydatetime() for d in distinct]
            made.rest(at, codes, [f' t="n"><v>{to_excel(d):.16g}</v></c>' for d in dates])
            made.values[at] = np.array(dates, dtype=object)[codes]
            wanted = _wanted(formats, at)
            wanted = (np.full(len(at), "yyyy-mm-dd", dtype=object) if wanted is None
                      else np.where(pd.isna(wanted), "yyyy-mm-dd", wanted))
            made.ask(at, wanted, _number_style)
            return True
        numbers = values.to_numpy(dtype=np.float64 if dtype.kind == "f" else np.int64,
                                  na_value=np.nan if dtype.kind == "f" else 0)[at]
        _number_rest(made, at, numbers)
        made.ask(at, _wanted(formats, at), _number_style)
        return True

    def _of_kind(self, made: _Building, kind: type, cells: np.ndarray, at: np.ndarray,
                 formats: np.ndarray | str | None, col: int) -> None:
        """The cells ``at`` of a column, all of one type, made."""
        if kind is type(None):
            return  # blank, never styled
        if kind is float or kind is int:
            try:
                numbers = np.array(cells.tolist(), dtype=np.float64 if kind is float else np.int64)
            except OverflowError:  # an integer beyond 64 bits: cell by cell
                pass
            else:
                _number_rest(made, at, numbers)
                made.ask(at, _wanted(formats, at), _number_style)
                return
        made.present[at] = True
        wide = col in self.wide
        if kind is str:
            # a text repeats (statuses, levels, names of a few hundred parents): each
            # distinct one made safe and written once
            codes, distinct = pd.factorize(cells)
            texts, risky_ones = _safe_texts(distinct.tolist())
            made.values[at] = np.array(texts, dtype=object)[codes]
            made.rest(at, codes, _text_rests(texts))
            made.lengths[at] = np.fromiter(map(len, texts), dtype=np.int64,
                                           count=len(texts))[codes]
            risky = np.array(risky_ones, dtype=bool)[codes]
            if wide or risky.any():
                quoted = risky.astype(object)
                if not wide:  # only a risky text is styled (quoted)
                    quoted[~risky] = None
                made.ask(at, quoted, partial(_text_style, wide=wide))
            return
        for i, value in zip(at.tolist(), cells.tolist(), strict=True):  # anything else
            fmt = formats if formats is None or isinstance(formats, str) else formats[i]
            style: dict[str, Any] | None = None
            if isinstance(value, str):
                text, quote = safe_text(value)
                made.values[i], made.lengths[i] = text, len(text)
                made.rest(np.array([i]), np.array([0]), [_text_rest(text)])
                if quote or wide:
                    style = _text_style(quote, wide=wide)
            else:
                if isinstance(value, pd.Timestamp):
                    value, fmt = value.to_pydatetime(), fmt or "yyyy-mm-dd"
                elif isinstance(value, dt.date):
                    fmt = fmt or TIME_FORMATS[type(value)]
                made.values[i] = value
                made.rest(np.array([i]), np.array([0]), [_cell_rest(value)])
                if fmt is not None:
                    style = _number_style(fmt)
            if style is not None:
                made.asks.append((i, style, np.array([i])))

    def rows_of(self, columns: Sequence[Sequence[Any]]) -> None:
        """Append the rows of these columns of cells (lists of cells or :meth:`column` s)."""
        n = len(columns[0]) if columns else 0
        first = self.rows + 1
        self.rows += n
        heights = self._heights(columns, n)
        tall = np.flatnonzero(heights)
        if len(tall):
            # A tall row's plain cells are styled too, to sit at the top with its labels.
            columns = [self._at_top(values, tall) for values in columns]
        if self._xml is None:
            for row in zip(*columns, strict=True):
                self.ws.append([self._cell(v) for v in row])
            for offset in np.flatnonzero(heights):
                self.ws.row_dimensions[first + int(offset)].height = float(heights[offset])
            return
        numbers = [str(r) for r in range(first, first + n)]
        opens = [f'<row r="{r}" ht="{h:g}" customHeight="1">' if h else f'<row r="{r}">'
                 for r, h in zip(numbers, heights.tolist(), strict=True)]
        if not any(isinstance(c, _Column) for c in columns):  # a row or a few: cell by cell
            parts = [self._column_xml(get_column_letter(j), numbers, values)
                     for j, values in enumerate(columns, start=1)]
            self._xml.extend([start + "".join(cells) + "</row>"
                              for start, cells in zip(opens, zip(*parts, strict=True),
                                                      strict=True)])
            return
        # Each row is its opening, then for each cell '<c r="B' '7"' ' s="3"' and the
        # rest (nothing for a blank), then its end: UTF-8 pieces put side by side by
        # numpy, never cell by cell in Python.
        ids = _as_bytes([*self._ids, ""])  # key -1: no style
        quoted = _as_bytes([f'{r}"' for r in numbers])
        pieces: list[np.ndarray | bytes] = [_as_bytes(opens)]
        for j, values in enumerate(columns, start=1):
            letter = get_column_letter(j)
            if not isinstance(values, _Column):
                pieces.append(_as_bytes(self._column_xml(letter, numbers, values)))
                continue
            present = values.present
            start = f'<c r="{letter}'.encode()
            if present.all():
                pieces += [start, quoted]
            elif present.any():
                pieces += [np.where(present, start, b""), np.where(present, quoted, b"")]
            else:
                continue
            pieces += [ids[values.keys], _as_bytes([*values.rests, ""])[values.rest_codes]]
        pieces.append(b"</row>")
        self._xml.append(_side_by_side(pieces, n))

    def _heights(self, columns: Sequence[Sequence[Any]], n: int) -> np.ndarray:
        """Each row's height in points where wrapped text needs more than one line (else 0).

        Neither LibreOffice nor every Excel grows a row to its wrapped text
        when the file gives no height, so the printed labels would overlap:
        the lines are estimated from the text's length and the column's width
        (in characters of the default font).
        """
        lines = np.ones(n, dtype=np.int64)
        wraps = self._wraps
        wrapping = np.array([*wraps, False], dtype=bool)  # key -1: no style, no wrap
        for j, values in enumerate(columns):
            if j >= len(self.widths):
                continue
            if isinstance(values, _Column):
                lengths = np.where(wrapping[values.keys], values.lengths, 0)
                if not lengths.any():
                    continue
                lengths = lengths.astype(np.float64)
            else:
                # A narrow column wraps only a cell styled so (a header): look for one
                # before measuring every cell.
                if j not in self.wide and not any(
                        type(v) is tuple and wraps[v[1]] for v in values):
                    continue
                wrapped = [self._wrapped_text(v) for v in values]
                if not any(wrapped):
                    continue
                lengths = np.fromiter((len(t) for t in wrapped), dtype=np.float64, count=n)
            per_line = max(1.0, self.widths[j] * _CHARS_PER_WIDTH)
            lines = np.maximum(lines, np.ceil(lengths / per_line).astype(np.int64))
        return np.where(lines > 1, lines * _LINE_POINTS, 0)

    def _wrapped_text(self, value: Any) -> str:
        """The text a cell wraps: a cell styled to wrap (a wide column's text, a header).

        Text styled not to wrap (the headline, a sentence running across the empty
        cells beside it) is one line whatever its length: counting its lines made
        its row tall and left a gap under it in print.
        """
        if type(value) is tuple and self._wraps[value[1]] and isinstance(value[0], str):
            return str(value[0])
        return ""

    def _at_top(self, values: Sequence[Any], rows: np.ndarray) -> Sequence[Any]:
        """``values`` with those of ``rows`` (positions) styled, when plain."""
        if isinstance(values, _Column):
            mask = np.zeros(len(values), dtype=bool)
            mask[rows] = True
            mask &= values.present & (values.keys < 0)
            return values.styled(mask, self.style()) if mask.any() else values
        plain = [i for i in rows.tolist() if values[i] is not None
                 and type(values[i]) is not tuple]
        if not plain:
            return values
        out = list(values)
        top = self.style()
        for i in plain:
            out[i] = (out[i], top)
        return out

    def _cell(self, value: Any) -> Any:
        """A cell of a normal worksheet."""
        if type(value) is not tuple:
            return value
        value, key = value
        cell = WriteOnlyCell(self.ws, value)
        # the style's indices, as openpyxl copies them (StyleableObject._style: not in the stubs)
        cell._style = copy(self._styles[key])  # type: ignore[attr-defined]
        if self._quoted[key]:
            # Stored as a string cell with Excel's quote prefix: shown as typed,
            # never evaluated, and still text if someone edits the cell.
            cell.data_type = "s"
        return cell

    def _column_xml(self, letter: str, numbers: Sequence[str], values: Sequence[Any]
                    ) -> list[str]:
        """One column's cells as sheet XML (what openpyxl writes for them).

        One pass, the commonest kinds tested first (numbers, then text): a
        national workbook has about a million cells.
        """
        ids = self._ids
        texts: dict[str, str] = {}
        out: list[str] = []
        append = out.append
        at = f'<c r="{letter}'
        for r, value in zip(numbers, values, strict=True):
            kind = type(value)
            if kind is tuple:
                value, key = value
                style = ids[key]
                kind = type(value)
            else:
                style = ""
            if kind is float or kind is int:
                # x - x is 0 for a finite number, NaN for NaN and the infinities
                number = f"{value:.16g}" if value - value == 0 else ""
                append(f'{at}{r}"{style} t="n"><v>{number}</v></c>')
            elif value is None:
                append(f'{at}{r}"{style}/>' if style else "")
            elif isinstance(value, str):
                text = texts.get(value)
                if text is None:  # each distinct text escaped once
                    text = texts[value] = _text_rest(value)
                append(f'{at}{r}"{style}{text}')
            else:
                append(f'{at}{r}"{style}{_cell_rest(value)}')
        return out


#: Characters of body text per unit of column width (measured on LibreOffice's
#: print of the report: about 1.2, less a margin for words that do not break).
_CHARS_PER_WIDTH = 1.1
#: Points per line of 11-point text.
_LINE_POINTS = 15


#: Rows of write-only sheets, as XML, until :func:`save` puts them in the file.
_STREAMED: WeakKeyDictionary[Any, list[str | bytes]] = WeakKeyDictionary()
_ENTITIES = {"\r": "&#13;"}
_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")


def save(wb: Any, path: Path) -> None:
    """Save a workbook of :class:`Sheet` s to ``path``: openpyxl's file, the rows put in.

    openpyxl writes everything but the rows of streamed sheets (styles,
    layout, print setup, conditional formats); each such sheet's empty
    ``<sheetData>`` is then filled with its rows.
    """
    wb.save(path)  # openpyxl's file first: a failure here is openpyxl's, as ever
    raw = io.BytesIO(path.read_bytes())
    streamed = {f"xl/worksheets/sheet{i}.xml": _STREAMED[ws]
                for i, ws in enumerate(wb.worksheets, start=1) if ws in _STREAMED}
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            rows = streamed.get(info.filename)
            if rows is None:
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
                continue
            found = _SHEET_DATA.search(data)
            if found is None:  # openpyxl changed how it writes an empty sheet
                raise ValueError(f"no empty sheetData in {info.filename}")
            with out.open(info.filename, "w") as sheet:
                sheet.write(data[:found.start()] + b"<sheetData>")
                for block in _blocks(rows):  # never one string of it all
                    sheet.write(block)
                sheet.write(b"</sheetData>" + data[found.end():])


def _blocks(rows: list[str | bytes]) -> Iterator[bytes]:
    """The rows of a sheet as UTF-8, rows of text joined 5,000 at a time."""
    texts: list[str] = []
    for row in rows:
        if isinstance(row, bytes):
            if texts:
                yield "".join(texts).encode("utf-8")
                texts = []
            yield row
            continue
        texts.append(row)
        if len(texts) == 5000:
            yield "".join(texts).encode("utf-8")
            texts = []
    if texts:
        yield "".join(texts).encode("utf-8")


def print_setup(ws: Worksheet) -> None:
    """A4 landscape, fitted to one page wide: printable as it is."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    footer = ws.oddFooter.center if ws.oddFooter is not None else None
    if footer is not None:  # always there in openpyxl; its stubs allow None
        footer.text = "&P / &N"


def first_sheet(book: Workbook) -> Worksheet:
    """The first worksheet of a workbook openpyxl made (``Workbook().active``), typed.

    A new workbook always has one worksheet; openpyxl's types allow none or a
    chart sheet, so this says which it is.

    Examples
    --------
    >>> first_sheet(Workbook()).title
    'Sheet'
    """
    sheet = book.active
    if not isinstance(sheet, Worksheet):  # pragma: no cover - openpyxl always makes one
        raise TypeError("a new workbook has a worksheet first")
    return sheet


# --------------------------------------------------------------------------- sheets of a report
# What every sheet of the report shares: its name, a status column's colours, and
# whether it prints.


def status_rules(ws: Worksheet, col: int, first: int, last: int,
                  texts: dict[str, str] | Sequence[tuple[str, str]]) -> None:
    """Colour a text status column by its value (conditional formatting).

    ``texts``: each status code's words, as a dict or as (code, words) pairs
    (a verdict may read "Không có số liệu năm 2025" and "… năm 2024").
    """
    if last < first:
        return
    letter = get_column_letter(col)
    area = f"{letter}{first}:{letter}{last}"
    pairs = texts.items() if isinstance(texts, dict) else texts
    for key, text in pairs:
        colour = STATUS_BACKGROUNDS.get(key)
        if colour is None:
            continue
        escaped = text.replace('"', '""')
        ws.conditional_formatting.add(area, FormulaRule(
            formula=[f'${letter}{first}="{escaped}"'],
            fill=PatternFill("solid", bgColor=colour.lstrip("#").upper())))


def not_printed(sheet: Sheet) -> None:
    """Keep a long list off paper: its print area is one blank cell past the table.

    Spreadsheets skip an empty page, so printing the workbook gives the summary,
    the target sheets and the problems (the sample's on 15 A4 pages), while the
    lists (every report, every file, every rate) stay in the file to filter
    and read on screen.  A sheet printed on purpose prints as it is.
    """
    blank = get_column_letter(max(len(sheet.widths), 1) + 2)
    sheet.ws.print_area = f"{blank}1"
    sheet.ws.print_title_rows = None


def sheet_name(text: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "-", text).strip("'")[:31] or "-"
    base, n = name, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name
