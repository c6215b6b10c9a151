"""The head of a send-back sheet: title, unit, periods and what to do, above its table.

One writer for both send-back sheets (the reader's problems,
:mod:`~childlabour_metrics.output.forms`, and the data-quality review's flags,
:mod:`~childlabour_metrics.output._sendback_quality`): the page a clerk reads first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
from openpyxl.styles import Alignment, Font

from ..language.words import word
from ._safe import xml_text

__all__ = ["write_head"]

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
