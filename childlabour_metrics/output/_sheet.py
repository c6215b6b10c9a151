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

from collections.abc import Iterable, Sequence
from copy import copy
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ._safe import safe_text

__all__ = ["HEADER_FILL", "HEADER_FONT", "WIDE", "Sheet", "cell_values"]

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
#: Columns this wide (characters) or wider hold labels: their text is wrapped.
WIDE = 28.0
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_WRAP_CENTER = Alignment(wrap_text=True, vertical="center")


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
    values = column.tolist()  # numpy scalars become Python scalars, datetimes Timestamps
    if column.dtype == object:
        values = [_plain(v) for v in values]
    return [None if m else v for v, m in zip(values, missing, strict=True)]


def _plain(value: Any) -> Any:
    """One value of a mixed column as a cell takes it."""
    if isinstance(value, tuple | list):
        return " + ".join(str(v) for v in value)
    if isinstance(value, np.generic):
        return value.item()
    return value


class Sheet:
    """A worksheet laid out up front and written row by row.

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
        self._styles: dict[tuple[Any, ...], Any] = {}
        # all of this is written before the rows in write-only mode: set it now
        for j, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = width
        if freeze is not None:
            ws.freeze_panes = freeze
        if title_rows is not None:
            ws.print_title_rows = title_rows  # the header on every printed page
        _print_setup(ws)

    def cell(self, value: Any, *, number_format: str | None = None, font: Font | None = None,
             fill: PatternFill | None = None, alignment: Alignment | None = None,
             quote: bool = False) -> Any:
        """A styled cell; each distinct style is built once and copied."""
        key = (number_format, font, fill, alignment, quote)
        style = self._styles.get(key)
        if style is None:
            proto = WriteOnlyCell(self.ws)
            if number_format is not None:
                proto.number_format = number_format
            if font is not None:
                proto.font = font
            if fill is not None:
                proto.fill = fill
            if alignment is not None:
                proto.alignment = alignment
            if quote:
                proto.quotePrefix = True
            style = self._styles[key] = proto._style
        cell = WriteOnlyCell(self.ws, value)
        cell._style = copy(style)  # the style's indices, as openpyxl itself copies them
        if quote:
            # Stored as a string cell with Excel's quote prefix: shown as typed,
            # never evaluated, and still text if someone edits the cell.
            cell.data_type = "s"
        return cell

    def text(self, value: str, col: int, **style: Any) -> Any:
        """Text from anywhere as a cell of column ``col`` (0-based): never a formula."""
        text, risky = safe_text(value)
        if col in self.wide and self.rows > 0 and "alignment" not in style:
            style["alignment"] = _WRAP_TOP
        if not (risky or style):
            return text
        return self.cell(text, quote=risky, **style)

    def append(self, row: Iterable[Any]) -> None:
        """Append one row (values or cells)."""
        self.ws.append(list(row))
        self.rows += 1

    def header(self, headers: Sequence[str]) -> None:
        """Append the header row: white bold text on dark blue, wrapped."""
        # a wide column's header below the first row wraps at the top, like its text
        self.append(self.text(h, j, font=HEADER_FONT, fill=HEADER_FILL,
                              alignment=_WRAP_TOP if j in self.wide and self.rows > 0
                              else _WRAP_CENTER)
                    for j, h in enumerate(headers))

    def column(self, values: Sequence[Any], col: int,
               formats: str | Sequence[str | None] | None = None) -> list[Any]:
        """Cells of one column (0-based ``col``): text made safe, numbers formatted.

        ``formats`` is one number format for the column or one per value;
        blank cells get none.
        """
        per_value = (formats if formats is not None and not isinstance(formats, str)
                     else [formats] * len(values))
        wide = col in self.wide
        texts: dict[str, Any] = {}
        out: list[Any] = []
        for value, fmt in zip(values, per_value, strict=True):
            if value is None:
                out.append(None)
            elif isinstance(value, str):
                # a text repeats (statuses, levels): made safe once per column
                shown = texts.get(value)
                if shown is None:
                    text, risky = safe_text(value)
                    shown = texts[value] = (text, risky) if (risky or wide) else text
                if isinstance(shown, tuple):
                    out.append(self.cell(shown[0], quote=shown[1],
                                         alignment=_WRAP_TOP if wide else None))
                else:
                    out.append(shown)
            elif isinstance(value, pd.Timestamp):
                out.append(self.cell(value.to_pydatetime(), number_format=fmt or "yyyy-mm-dd"))
            elif fmt is not None:
                out.append(self.cell(value, number_format=fmt))
            else:
                out.append(value)
        return out

    def rows_of(self, columns: Sequence[Sequence[Any]]) -> None:
        """Append the rows of these columns of cells."""
        for row in zip(*columns, strict=True):
            self.ws.append(list(row))
        self.rows += len(columns[0]) if columns else 0


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, fitted to one page wide: printable as it is."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "&P / &N"
