"""The consolidated form: one row per unit, two columns per indicator.

What a district office sends up instead of its communes' own forms.  Private:
the sample generator writes it; clerks get it from the level above.  Its
words are the vocabulary's (``template_*``), its look :mod:`._template_style`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ..reference.periods import Period
from . import _template_style as style
from ._sheet import first_sheet
from ._template_sheet import period_label, texts

__all__ = ["build_consolidated"]

UnitRow = tuple[str, str, Mapping[str, tuple[int | None, int | None]]]


def _meta(ws: Any, lang: str, last: str, sender_name: str, period: Period,
          report_date: dt.date | None) -> None:
    """Title (row 1), sender, period and report date (rows 3–5)."""
    t = texts(lang)
    ws["A1"] = t["consolidated_title"]
    ws["A1"].font = style.title_font()
    ws.merge_cells(f"A1:{last}1")
    ws["B3"], ws["C3"] = t["sender"], sender_name
    ws["B4"], ws["C4"] = t["period"], period_label(period, lang)
    ws["B5"], ws["C5"] = t["date"], report_date
    ws["C5"].number_format = "dd/mm/yyyy"
    ws["C5"].alignment = style.LEFT
    for ref in ("B3", "B4", "B5"):
        ws[ref].font = style.BOLD


def _header(ws: Any, lang: str, last: str, codes: Sequence[str], h1: int) -> int:
    """Two header rows: the indicator code merged over its "Tử số" and "Mẫu số"."""
    t = texts(lang)
    h2 = h1 + 1
    for col, label in ((1, t["stt"]), (2, t["unit_col"]), (3, t["unit_name_col"])):
        ws.cell(row=h1, column=col, value=label)
        ws.merge_cells(start_row=h1, start_column=col, end_row=h2, end_column=col)
    for i, code in enumerate(codes):
        col = 4 + 2 * i
        ws.cell(row=h1, column=col, value=code)
        ws.merge_cells(start_row=h1, start_column=col, end_row=h1, end_column=col + 1)
        ws.cell(row=h2, column=col, value=t["num"])
        ws.cell(row=h2, column=col + 1, value=t["den"])
    style.bold_centred(ws, f"A{h1}:{last}{h2}", heading=True)
    return h2


def _unit_rows(ws: Any, rows: Sequence[UnitRow], codes: Sequence[str], last: str,
               first: int) -> tuple[int, dict[int, int]]:
    """A row per unit from ``first``; return the next row and each column's total."""
    r = first
    totals: dict[int, int] = {}
    for serial, (code, name, counts) in enumerate(rows, start=1):
        ws.cell(row=r, column=1, value=serial)
        ws.cell(row=r, column=2, value=code).number_format = "@"
        ws.cell(row=r, column=3, value=name)
        for i, ind in enumerate(codes):
            for j, value in enumerate(counts.get(ind, (None, None))):
                col = 4 + 2 * i + j
                ws.cell(row=r, column=col, value=value).number_format = "#,##0"
                if value is not None:
                    totals[col] = totals.get(col, 0) + int(value)
        style.box(ws, f"A{r}:{last}{r}")
        r += 1
    return r, totals


def _total_row(ws: Any, lang: str, r: int, last: str, totals: Mapping[int, int]) -> None:
    ws.cell(row=r, column=3, value=texts(lang)["total"]).font = style.BOLD
    for col, total in totals.items():
        cell = ws.cell(row=r, column=col, value=total)
        cell.number_format = "#,##0"
        cell.font = style.BOLD
    style.box(ws, f"A{r}:{last}{r}")


def build_consolidated(
    rows: Sequence[UnitRow],
    period: Period,
    codes: Sequence[str],
    *,
    sender_name: str,
    report_date: dt.date | None,
    lang: str = "vi",
    sheet_title: str | None = None,
) -> Workbook:
    """Build the consolidated form: one row per unit, two columns per indicator.

    The header has two rows: the indicator code merged over its "Tử số" and
    "Mẫu số" columns.  A "Tổng cộng" row (no unit code) closes the table.
    ``sheet_title`` defaults to the form's word ("Tổng hợp" / "Consolidated").
    """
    wb = Workbook()
    ws = first_sheet(wb)
    ws.title = sheet_title or texts(lang)["consolidated_sheet"]
    last_col = 3 + 2 * len(codes)
    last = get_column_letter(last_col)
    _meta(ws, lang, last, sender_name, period, report_date)
    h2 = _header(ws, lang, last, codes, 7)
    r, totals = _unit_rows(ws, rows, codes, last, h2 + 1)
    _total_row(ws, lang, r, last, totals)
    sign = r + 2
    ws.cell(row=sign, column=3, value=texts(lang)["preparer"]).font = style.BOLD
    ws.cell(row=sign, column=max(6, last_col - 4), value=texts(lang)["head"]).font = style.BOLD
    style.set_widths(ws, {"B": 11, "C": 24})
    style.freeze_below(ws, f"D{h2 + 1}")
    return wb
