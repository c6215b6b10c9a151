"""The single-unit report form, written part by part.

:func:`build_single` lays the form of ``report-form.md`` out on a sheet, one
part after another, each a function of its own:

1. :func:`notes_sheet` — a clerk's notes sheet before the form (a variant only);
2. :func:`title_block` — the title and the plan it reports under;
3. :func:`unit_period_block` — unit code and name, period, report date;
4. :func:`clerk_lines` — lines a clerk adds above the table (a variant only);
5. :func:`table_header` — the two header rows, "Kết quả thực hiện" over
   "Tử số" and "Mẫu số";
6. :func:`indicator_table` — a section row per objective, a row per
   indicator, with the count cells, their input rules and the rate formula;
7. :func:`signature_block` — who prepared the form and the head of unit;
8. :func:`finish` — the report date's input rule, the lock and the panes.

Every word comes from the vocabulary (``template_*``, ``objective_*``,
``uom_*``), in the form's language; the look comes from
:mod:`._template_style`.  :class:`Layout` holds the switches the sample
generator and the benchmark use to write the legitimate variants real files
show.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from ..language.errors import InputTypeError
from ..language.words import LANGS, WORDS, check_lang, word
from ..reference.indicators import indicators
from ..reference.periods import Period, parse_period
from . import _template_style as style
from ._sheet import first_sheet

__all__ = ["CountValue", "Layout", "build_single", "catalogue", "count_cell_value",
           "period_label", "rate", "texts"]

CountValue = int | str | None

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}

# Unit of measure of the counts (what one numerator unit is): the key of its word
# ``uom_<kind>``.  By hand: the catalogue has no such column.
_UOM_OF = {
    "CL01": "child", "CL02": "child", "CL03": "child", "CL04": "child", "CL07": "child",
    "CL05": "person", "CL06": "person", "CL09": "person", "CL10": "person", "CL11": "person",
    "CL08": "establishment", "CL12": "establishment", "CL13": "establishment",
}


@functools.cache
def _texts(lang: str) -> dict[str, str]:
    return {key.removeprefix("template_"): word(key, lang)
            for key in WORDS if key.startswith("template_")}


def texts(lang: str) -> dict[str, str]:
    """The form's words in ``lang``, by their key without ``template_``."""
    return _texts(check_lang(lang))


def period_label(period: Period | str, lang: str = "vi") -> str:
    """Write a period the way the form shows it.

    Parameters
    ----------
    period : Period or str
        Any spelling :func:`~childlabour_metrics.reference.periods.parse_period` reads.
    lang : {"vi", "en"}
        Language of the label.

    Returns
    -------
    str

    Examples
    --------
    >>> period_label("2024H1"), period_label("2024H2"), period_label("2024")
    ('6 tháng đầu năm 2024', '6 tháng cuối năm 2024', 'Năm 2024')
    >>> period_label("2024H1", lang="en")
    'First half of 2024'
    """
    p = parse_period(period)
    return word(f"period_{p.kind}", check_lang(lang), year=p.year)


def catalogue() -> dict[str, dict[str, Any]]:
    """Indicator names and objectives by code, from the bundled catalogue."""
    frame = indicators()
    keys = [f"{what}_{lang}" for what in ("name", "numerator", "denominator") for lang in LANGS]
    return {
        str(row["code"]): {**{k: str(row[k]) for k in keys}, "objective": int(row["objective"])}
        for row in frame.to_dict("records")
    }


@dataclass(frozen=True)
class Layout:
    """How a generated workbook departs from the plain form (sample data, tests).

    Real files drift from the form; the sample generator and the benchmark
    use these switches to produce the legitimate variants the reader must take.
    """

    sheet_title: str | None = None  # None: "Báo cáo" / "Report"
    notes_sheet: bool = False  # an extra sheet before the report sheet
    extra_rows: int = 0  # rows inserted between the metadata block and the table
    inline_meta: bool = False  # "Mã đơn vị: 30101" in one cell
    period_text: str | None = None  # the period as the clerk typed it
    protect: bool = True
    validation: bool = True


def count_cell_value(value: CountValue) -> CountValue:
    """A count as its cell holds it: a whole number, a text typed as it is, or blank."""
    if value is None or isinstance(value, str):
        return unicodedata.normalize("NFC", value) if isinstance(value, str) else None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputTypeError("err_input_bad_count", value=repr(value))
    return value


def rate(num: CountValue, den: CountValue) -> float | str:
    """The value Excel caches for the rate formula ('' when it shows nothing)."""
    if isinstance(num, int) and isinstance(den, int) and den > 0:
        return num / den * 100
    return ""


def _rate_formula(row: int) -> str:
    e, f = f"{style.COL['num']}{row}", f"{style.COL['den']}{row}"
    # Blank is missing, not zero: show nothing unless both counts are numbers.
    return f'=IF(AND(ISNUMBER({e}),ISNUMBER({f}),{f}>0),{e}/{f}*100,"")'


# --------------------------------------------------------------------------- the parts


def notes_sheet(wb: Workbook, lang: str) -> Any:
    """Turn the first sheet into a clerk's notes; return a new sheet for the form."""
    t = texts(lang)
    notes = first_sheet(wb)
    notes.title = t["notes_sheet"]
    notes["A1"] = t["notes_title"]
    notes["A2"] = t["notes_text"]
    notes.column_dimensions["A"].width = 80
    return wb.create_sheet()


def title_block(ws: Any, lang: str, plan_name: str | None) -> None:
    """The column widths, the title (row 1) and the plan reported under (row 2)."""
    t = texts(lang)
    style.set_widths(ws, style.WIDTHS)
    ws["A1"] = t["title"]
    ws["A1"].font = style.title_font()
    ws["A1"].alignment = style.CENTER
    ws.merge_cells("A1:H1")
    ws.row_dimensions[1].height = 33
    if plan_name:
        ws["A2"] = t["plan"].format(plan=plan_name)
        ws["A2"].font = style.ITALIC
        ws["A2"].alignment = style.CENTER
        ws.merge_cells("A2:H2")


def _write_meta(
    ws: Any, row: int, label: str, value: Any, *, inline: bool, number_format: str | None = None
) -> Any:
    """Write one metadata line; return the cell holding (or to hold) the value."""
    label_cell = ws.cell(row=row, column=2)
    if inline and value is not None and not isinstance(value, dt.date):
        label_cell.value = f"{label} {value}"
        label_cell.number_format = "@"
        return label_cell
    if inline and isinstance(value, dt.date):
        label_cell.value = f"{label} {value.day:02d}/{value.month:02d}/{value.year}"
        return label_cell
    label_cell.value = label
    label_cell.font = style.BOLD
    value_cell = ws.cell(row=row, column=3)
    value_cell.value = value
    if number_format is not None:
        value_cell.number_format = number_format
    return value_cell


def unit_period_block(
    ws: Any,
    lang: str,
    *,
    unit_code: str,
    unit_name: str | None,
    period: Period,
    report_date: dt.date | str | None,
    layout: Layout,
) -> Any:
    """Rows 4–7: unit code, unit name, period, report date; return the report date's cell."""
    t = texts(lang)
    inline = layout.inline_meta
    code_cell = _write_meta(ws, 4, t["unit_code"], str(unit_code), inline=inline,
                            number_format="@")
    code_cell.number_format = "@"  # keep leading zeros: "00412" is not 412
    name_cell = _write_meta(ws, 5, t["unit_name"], unit_name, inline=inline)
    if unit_name is None:
        style.input_cell(name_cell)
    _write_meta(ws, 6, t["period"], layout.period_text or period_label(period, lang),
                inline=inline)
    date_value: Any = report_date
    if isinstance(report_date, dt.datetime):
        date_value = report_date.date()
    date_cell = _write_meta(ws, 7, t["date"], date_value,
                            inline=inline and report_date is not None,
                            number_format="@" if isinstance(date_value, str) else "dd/mm/yyyy")
    date_cell.protection = style.UNLOCKED
    if not inline:
        date_cell.fill = style.INPUT_FILL
        date_cell.alignment = style.LEFT
    return date_cell


def clerk_lines(ws: Any, lang: str, n: int) -> None:
    """``n`` lines a clerk adds above the table (the reader must look past them)."""
    t = texts(lang)
    for i in range(n):
        ws.cell(row=8 + i, column=2).value = t["clerk_line_1"] if i == 0 else t["clerk_line_2"]


def table_header(ws: Any, lang: str, h1: int) -> int:
    """The two header rows from row ``h1``; return the second one's number."""
    t = texts(lang)
    col = style.COL
    h2 = h1 + 1
    for key in ("stt", "code", "name", "uom", "rate", "note"):
        ws[f"{col[key]}{h1}"] = t[key]
        ws.merge_cells(f"{col[key]}{h1}:{col[key]}{h2}")
    ws[f"{col['num']}{h1}"] = t["result"]
    ws.merge_cells(f"{col['num']}{h1}:{col['den']}{h1}")
    ws[f"{col['num']}{h2}"] = t["num"]
    ws[f"{col['den']}{h2}"] = t["den"]
    style.bold_centred(ws, f"A{h1}:H{h2}", heading=True)
    return h2


def _section_row(ws: Any, row: int, objective: int, lang: str) -> None:
    ws[f"A{row}"] = _ROMAN.get(objective, str(objective))
    ws[f"C{row}"] = word(f"objective_{objective}", lang)
    for col in "AC":
        ws[f"{col}{row}"].font = style.BOLD
    style.box(ws, f"A{row}:H{row}")


def _count_rule(t: Mapping[str, str], what: str, info: Mapping[str, Any],
                lang: str) -> DataValidation:
    """A whole number ≥ 0, with a prompt that says what to count (one rule per cell)."""
    return DataValidation(
        type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
        showErrorMessage=True, errorStyle="stop", errorTitle=t["error_title"],
        error=t["error"], showInputMessage=True,
        promptTitle=t[f"prompt_{what[:3]}"][:32],
        prompt=info[f"{what}_{lang}"][:250],
    )


def _indicator_row(
    ws: Any,
    row: int,
    serial: int,
    code: str,
    info: Mapping[str, Any],
    counts: tuple[CountValue, CountValue],
    lang: str,
    layout: Layout,
) -> float | str:
    """One indicator's row; return the rate Excel would cache for it."""
    t = texts(lang)
    col = style.COL
    num, den = (count_cell_value(v) for v in counts)
    ws[f"A{row}"] = serial
    ws[f"A{row}"].alignment = style.CENTER
    ws[f"B{row}"] = code
    ws[f"B{row}"].alignment = style.CENTER
    ws[f"C{row}"] = info[f"name_{lang}"]
    ws[f"C{row}"].alignment = style.WRAP
    ws[f"D{row}"] = word(f"uom_{_UOM_OF.get(code, 'person')}", lang)
    ws[f"D{row}"].alignment = style.CENTER
    for key, value, what in (("num", num, "numerator"), ("den", den, "denominator")):
        cell = ws[f"{col[key]}{row}"]
        cell.value = value
        style.input_cell(cell)
        cell.number_format = "@" if isinstance(value, str) else "#,##0"
        if layout.validation:
            rule = _count_rule(t, what, info, lang)
            ws.add_data_validation(rule)
            rule.add(cell.coordinate)
    rate_ref = f"{col['rate']}{row}"
    ws[rate_ref] = _rate_formula(row)
    ws[rate_ref].number_format = "0.00"
    ws[f"{col['note']}{row}"].protection = style.UNLOCKED
    style.box(ws, f"A{row}:H{row}")
    return rate(num, den)


def indicator_table(
    ws: Any,
    first_row: int,
    codes: Sequence[str],
    values: Mapping[str, tuple[CountValue, CountValue]],
    lang: str,
    layout: Layout,
) -> tuple[int, dict[str, float | str]]:
    """Section and indicator rows from ``first_row``; return the next row and cached rates.

    ``codes`` come ordered by objective, so each objective's section row heads
    its indicators, numbered from 1 under it.
    """
    info = catalogue()
    cached: dict[str, float | str] = {}
    row, objective, serial = first_row, None, 0
    for code in codes:
        if info[code]["objective"] != objective:
            objective = info[code]["objective"]
            _section_row(ws, row, objective, lang)
            row, serial = row + 1, 0
        serial += 1
        cached[f"{style.COL['rate']}{row}"] = _indicator_row(
            ws, row, serial, code, info[code], values.get(code, (None, None)), lang, layout)
        row += 1
    return row, cached


def signature_block(ws: Any, lang: str, sign: int) -> None:
    """Who prepared the form (column C) and the head of unit (F–H), from row ``sign``."""
    t = texts(lang)
    ws[f"C{sign}"] = t["preparer"]
    ws[f"F{sign}"] = t["head"]
    ws[f"C{sign + 1}"] = t["preparer_sign"]
    ws[f"F{sign + 1}"] = t["head_sign"]
    for ref in (f"C{sign}", f"F{sign}"):
        ws[ref].font = style.BOLD
        ws[ref].alignment = style.CENTRED_LINE
    for ref in (f"C{sign + 1}", f"F{sign + 1}"):
        ws[ref].font = style.ITALIC
        ws[ref].alignment = style.CENTRED_LINE
    ws.merge_cells(f"F{sign}:H{sign}")
    ws.merge_cells(f"F{sign + 1}:H{sign + 1}")


def finish(ws: Any, lang: str, date_cell: Any, first_data_row: int, layout: Layout) -> None:
    """The report date's input rule, the sheet's lock, and the panes frozen above the data."""
    t = texts(lang)
    if layout.validation and not layout.inline_meta:
        date_rule = DataValidation(
            type="date", operator="greaterThan", formula1="36526", allow_blank=True,
            showErrorMessage=True, errorTitle=t["error_title"], error=t["date_error"],
        )
        ws.add_data_validation(date_rule)
        date_rule.add(date_cell.coordinate)
    if layout.protect:
        style.protect(ws)
    style.freeze_below(ws, f"A{first_data_row}")


# --------------------------------------------------------------------------- the form


def build_single(
    unit_code: str,
    period: Period,
    codes: Sequence[str],
    *,
    unit_name: str | None,
    lang: str,
    plan_name: str | None = None,
    values: Mapping[str, tuple[CountValue, CountValue]] | None = None,
    report_date: dt.date | str | None = None,
    layout: Layout | None = None,
) -> tuple[Workbook, int, dict[str, float | str]]:
    """Build the single-unit form; return (workbook, report sheet index, cached rates).

    ``unit_code`` and ``unit_name`` are written as given: resolving them
    through a registry is the caller's
    (:func:`~childlabour_metrics.output.template.write_template`).
    """
    layout = layout or Layout()
    wb = Workbook()
    ws = first_sheet(wb)
    sheet_index = 0
    if layout.notes_sheet:
        ws, sheet_index = notes_sheet(wb, lang), 1
    ws.title = layout.sheet_title or texts(lang)["sheet"]
    title_block(ws, lang, plan_name)
    date_cell = unit_period_block(ws, lang, unit_code=unit_code, unit_name=unit_name,
                                  period=period, report_date=report_date, layout=layout)
    clerk_lines(ws, lang, layout.extra_rows)
    h2 = table_header(ws, lang, style.HEADER_ROW + layout.extra_rows)
    end, cached = indicator_table(ws, h2 + 1, codes, values or {}, lang, layout)
    signature_block(ws, lang, end + 1)  # a blank row ends the table first
    finish(ws, lang, date_cell, h2 + 1, layout)
    wb.active = sheet_index
    return wb, sheet_index, cached
