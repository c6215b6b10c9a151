"""A send-back sheet: its head (title, unit, periods, what to do) and its table.

One writer for both send-back sheets (the reader's problems,
:mod:`~childlabour_metrics.output.forms`, and the data-quality review's flags,
:mod:`~childlabour_metrics.output._sendback_quality`): the head is the page a
clerk reads first; the table prints on A4 landscape with its text whole, every
cell written as text, never as a formula.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..language.words import word
from ._safe import xml_text
from ._sheet import print_setup

__all__ = ["write_head", "write_table"]

_TOP_WRAP = Alignment(wrap_text=True, vertical="top")


def write_head(sheet: Any, unit: str, name: str | None, periods: pd.Series, lang: str, *,
               title: str, todo: str, widths: Sequence[float] | None = None) -> None:
    """Append the head to ``sheet``: ``title``, the unit, its periods, ``todo``, a blank row.

    ``title`` and ``todo`` are vocabulary keys; ``periods`` the table's period
    column (its distinct values are listed, sorted).  With ``widths`` (the
    table's column widths), what to do is merged across the table's width and
    its row made tall enough for the text, so that the page keeps its size.
    Every cell is written as text, never as a formula.
    """
    listed = ", ".join(sorted({str(p) for p in periods.dropna()}))
    rows = [
        (word(title, lang), Font(bold=True, size=14)),
        (word("sendback_unit", lang, unit=f"{name} ({unit})" if name else unit), Font(bold=True)),
        (word("sendback_period", lang, periods=listed or "—"), Font(bold=True)),
        (word(todo, lang), None),
    ]
    for text, font in rows:
        sheet.append([xml_text(text)])
        row = sheet.max_row
        cell = sheet.cell(row, 1)
        cell.data_type = "s"
        if font is not None:
            cell.font = font
        elif widths is not None:  # what to do: wrapped across the table's width
            sheet.merge_cells(start_row=row, start_column=1, end_row=row,
                              end_column=len(widths))
            cell.alignment = _TOP_WRAP
            sheet.row_dimensions[row].height = 15 * math.ceil(len(text) / (sum(widths) * 1.1))
    sheet.append([])


def write_table(sheet: Any, headings: Sequence[str], rows: pd.DataFrame,
                widths: Sequence[float], *, min_lines: int = 1) -> None:
    """Append ``rows`` (their columns in order) under bold ``headings``, and lay the sheet out.

    Each row is as tall as its longest text wrapped in its column's width, and
    at least ``min_lines`` lines (room to answer); the heading row is frozen
    and repeated on every printed page; A4 landscape, one page wide
    (:func:`~childlabour_metrics.output._sheet.print_setup`).
    """
    first = sheet.max_row + 1
    sheet.append(list(headings))
    for cell in sheet[first]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for values in rows.itertuples(index=False):  # a unit's few problems or flags
        texts = ["" if pd.isna(v) else xml_text(str(v)) for v in values]
        sheet.append(texts)
        row = sheet.max_row
        for cell in sheet[row]:
            cell.data_type = "s"  # text, never a formula
            cell.alignment = _TOP_WRAP
        # whole messages in print: the row as tall as its longest wrapped text
        lines = max(math.ceil(len(t) / max(w * 1.1, 1)) for t, w in zip(
            texts, widths, strict=True)) if texts else 1
        if lines > 1 or min_lines > 1:
            sheet.row_dimensions[row].height = 15 * max(lines, min_lines)
    sheet.freeze_panes = f"A{first + 1}"
    sheet.print_title_rows = f"{first}:{first}"
    print_setup(sheet)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
