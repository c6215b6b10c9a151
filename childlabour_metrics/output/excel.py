"""The report's Excel workbook: summary, one sheet per target, progress, completeness,
problems and files read, each sheet printable on A4.

It reads a :class:`~childlabour_metrics.summary.ReportData` and never writes a
spreadsheet formula: text that Excel could read as one (starting with ``=``,
``+``, ``-``, ``@``) is stored as quoted text, because unit names and file
names come from the field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .._html import STATUS_BACKGROUNDS
from ..plans import Plan
from ..summary import STATUS_ORDER, ReportData, _latest, _progress_label
from ._format import (
    LEVEL_ORDER,
    decimals,
    excel_percent_format,
    level_word,
    period_key,
    problems_shown,
)
from ._format import has_report_word as _has
from ._format import report_word as _t
from ._safe import safe_text, writing
from .departments import write_departments_sheet

__all__ = ["write_workbook"]


_PCT = "0.0%"
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_HEADER_FONT = Font(bold=True, color="FFFFFF")


def _put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None) -> Any:
    """Write one cell: numbers as numbers, NA as blank, text never as a formula."""
    if isinstance(value, tuple | list):
        value = " + ".join(str(v) for v in value)
    if value is None or value is pd.NA or value is pd.NaT:
        return ws.cell(row=row, column=col)
    if isinstance(value, float) and value != value:  # NaN
        return ws.cell(row=row, column=col)
    if hasattr(value, "item") and not isinstance(value, str | pd.Timestamp):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
        number_format = number_format or "yyyy-mm-dd"
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        text, risky = safe_text(value)
        cell.value = text
        if risky:
            # Stored as a string cell with Excel's quote prefix: shown as typed,
            # never evaluated, and still text if someone edits the cell.
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def _codes_in_words(codes: pd.Series, kind: str, lang: str) -> pd.Series:
    """Codes of a column (``superseded``, ``not_in_scope``, ``sdg``) as words of ``lang``.

    One language per output: a code with no word is shown as it is, and a
    test fails for any code the library writes that has none.
    """
    distinct = codes.dropna().astype("str").unique()
    table = {c: _t(f"{kind}_{c}", lang) for c in distinct if _has(f"{kind}_{c}")}
    return codes.map(lambda c: table.get(str(c), c), na_action="ignore")


def _header(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for j, text in enumerate(headers, start=1):
        cell = _put(ws, row, j, text)
        cell.fill = _HEADER_FILL
        cell.font = _HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width


def _status_rules(ws: Worksheet, col: int, first: int, last: int,
                  texts: dict[str, str]) -> None:
    """Colour a text status column by its value (conditional formatting)."""
    if last < first:
        return
    letter = get_column_letter(col)
    area = f"{letter}{first}:{letter}{last}"
    for key, text in texts.items():
        colour = STATUS_BACKGROUNDS.get(key)
        if colour is None:
            continue
        escaped = text.replace('"', '""')
        ws.conditional_formatting.add(area, FormulaRule(
            formula=[f'${letter}{first}="{escaped}"'],
            fill=PatternFill("solid", bgColor=colour.lstrip("#").upper())))


def _write_table(ws: Worksheet, frame: pd.DataFrame, start_row: int, lang: str, *,
                 formats: dict[str, str] | None = None, status_col: str | None = None,
                 status_texts: dict[str, str] | None = None,
                 widths: dict[str, float] | None = None) -> int:
    """Write a frame with translated headers, frozen and filterable; return the last row."""
    formats = formats or {}
    headers = [_t(c, lang) if _has(c) else c for c in frame.columns]
    _header(ws, start_row, headers)
    for i, row in enumerate(frame.itertuples(index=False), start=start_row + 1):
        for j, (col, value) in enumerate(zip(frame.columns, row, strict=True), start=1):
            if col == status_col and status_texts and isinstance(value, str):
                value = status_texts.get(value, value)
            _put(ws, i, j, value, formats.get(col))
    last = start_row + len(frame)
    ws.freeze_panes = ws.cell(row=start_row + 1, column=1)
    ws.print_title_rows = f"{start_row}:{start_row}"  # the header on every printed page
    if len(frame):
        ws.auto_filter.ref = f"A{start_row}:{get_column_letter(len(headers))}{last}"
    if status_col is not None and status_texts:
        _status_rules(ws, list(frame.columns).index(status_col) + 1, start_row + 1, last,
                      status_texts)
    widths = widths or {}
    _widths(ws, [widths.get(c, max(10.0, min(40.0, len(h) + 2.0)))
                 for c, h in zip(frame.columns, headers, strict=True)])
    return last


def _sheet_name(text: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "-", text).strip("'")[:31] or "-"
    base, n = name, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def write_workbook(path: Path, data: ReportData) -> None:
    """Write the report workbook to ``path`` (atomically)."""
    lang: str = data.lang
    plan: Plan = data.plan
    names: dict[str, str] = data.names
    levels: dict[str, str] = data.levels
    status_texts = {k: _t(k, lang) for k in STATUS_ORDER}
    wb = Workbook()
    taken: set[str] = set()

    # Summary
    ws = wb.active
    ws.title = _sheet_name(_t("summary_sheet", lang), taken)
    info = [
        (_t("title", lang), None),
        (_t("plan", lang), f"{plan.name(lang)} ({plan.id})"),
        (_t("scope", lang), f"{plan.scope_name} ({plan.scope_code})"),
        (_t("generated", lang), data.generated),
        (_t("files_read", lang), data.n_files),
        (_t("data_rows", lang), len(data.observations)),
        (_t("errors", lang), data.n_errors),
        (_t("warnings", lang), data.n_warnings),
    ]
    for i, (key, value) in enumerate(info, start=1):
        _put(ws, i, 1, key).font = Font(bold=True, size=13 if i == 1 else 11)
        _put(ws, i, 2, value)
    start = len(info) + 2
    summary = data.summary
    last = _write_table(ws, summary.assign(progress=summary["progress"].map(
                            lambda s: _progress_label(str(s), lang), na_action="ignore")),
                        start, lang,
                        formats={"target": _PCT, "value": _PCT, "gap_pp": "0.0"},
                        status_col="status", status_texts=status_texts,
                        widths={"ref": 8, "label": 40, "indicators": 14, "progress": 22})
    value_col = list(summary.columns).index("value") + 1
    digits = decimals((summary["value"].astype("Float64") * 100).to_numpy(float, na_value=np.nan),
                      (summary["target"].astype("Float64") * 100).to_numpy(float, na_value=np.nan))
    for i, d in enumerate(digits, start=start + 1):  # the digits that decide, cell by cell
        ws.cell(row=i, column=value_col).number_format = excel_percent_format(int(d))
    ws.freeze_panes = ws.cell(row=start + 1, column=2)

    # One sheet per target, units as rows and periods as columns
    att_all: pd.DataFrame = data.attainment
    tgt: Any  # a row of the plan's targets (pandas-stubs types its fields as any scalar)
    for tgt in plan.targets.itertuples(index=False):
        ws = wb.create_sheet(_sheet_name(str(tgt.ref), taken))
        title = f"{tgt.ref} — {tgt.label} — {' + '.join(tgt.indicators)}"
        if not pd.isna(tgt.value):
            title += f" — {_t('target', lang)} {tgt.year}: {tgt.operator} {tgt.value:g}%"
        _put(ws, 1, 1, title).font = Font(bold=True, size=12)
        _put(ws, 2, 1, tgt.source_text).alignment = Alignment(wrap_text=False)
        rows = att_all[att_all["ref"] == tgt.ref]
        periods = sorted(set(rows["period"]), key=period_key)
        headers = ["unit_code", "unit_name", "level", *periods, "latest_period",
                   "numerator", "denominator", "value", "status", "gap_pp"]
        _header(ws, 4, [_t(h, lang) if _has(h) else h for h in headers])
        codes = sorted(set(rows["unit_code"]),
                       key=lambda c: (c != plan.scope_code,
                                      LEVEL_ORDER.get(levels.get(c, ""), 9), c))
        # one dict lookup per unit: a .loc per row costs ~1 ms, minutes at national scale
        latest = _latest(rows.assign(ref=rows["unit_code"])).set_index("ref").to_dict("index")
        digits = decimals(rows["value"].astype("Float64").to_numpy(float, na_value=np.nan),
                          rows["target"].astype("Float64").to_numpy(float, na_value=np.nan))
        by_cell = {(u, p): (v, d) for u, p, v, d in zip(
            rows["unit_code"], rows["period"], rows["value"], digits, strict=True)}
        for i, code in enumerate(codes, start=5):
            _put(ws, i, 1, code)
            _put(ws, i, 2, names.get(code, ""))
            _put(ws, i, 3, level_word(levels.get(code, ""), lang))
            for j, period in enumerate(periods, start=4):
                value, d = by_cell.get((code, period), (None, 1))
                _put(ws, i, j, None if value is None or pd.isna(value) else float(value) / 100,
                     excel_percent_format(int(d)))
            col = 4 + len(periods)
            if code in latest:
                hit = latest[code]
                _put(ws, i, col, hit["period"])
                _put(ws, i, col + 1, hit["numerator"], "#,##0")
                _put(ws, i, col + 2, hit["denominator"], "#,##0")
                _put(ws, i, col + 3, float(hit["value"]) / 100,
                     excel_percent_format(int(by_cell[(code, hit["period"])][1])))
                _put(ws, i, col + 4, status_texts.get(hit["status"], hit["status"]))
                _put(ws, i, col + 5, hit["gap_pp"], "0.0")
        last = 4 + len(codes)
        ws.freeze_panes = "D5"
        ws.print_title_rows = "4:4"
        if codes:
            ws.auto_filter.ref = f"A4:{get_column_letter(len(headers))}{last}"
            _status_rules(ws, len(headers) - 1, 5, last, status_texts)
            if not pd.isna(tgt.value):
                early = {4 + k for k, p in enumerate(periods) if int(p[:4]) < int(tgt.year)}
                _value_rules(ws, 4, 4 + len(periods) + 3, 5, last, str(tgt.operator),
                             float(tgt.value) / 100, skip=range(4 + len(periods),
                                                                4 + len(periods) + 3),
                             early=early)
        _widths(ws, [11, 28, 10, *[9] * len(periods), 11, 10, 11, 9, 14, 12])

    # Progress
    prog: pd.DataFrame = data.progress
    ws = wb.create_sheet(_sheet_name(_t("progress_sheet", lang), taken))
    method = (_t(f"method_{data.method}", lang) if _has(f"method_{data.method}")
              else data.method)
    _put(ws, 1, 1, f"{_t('method', lang)}: {method}")
    if not prog.empty:
        shown = prog.assign(
            unit_name=prog["unit_code"].map(lambda c: names.get(c, "")),
            target=prog["target"].astype("Float64") / 100,
            latest_value=prog["latest_value"].astype("Float64") / 100,
            projection=prog["projection"].astype("Float64") / 100,
            status=prog["status"].map(lambda s: _progress_label(str(s), lang)),
            method=_codes_in_words(prog["method"], "method", lang),
        )
        cols = ["unit_code", "unit_name", "ref", "target_year", "operator", "target",
                "method", "base_year", "latest_year", "latest_value", "status", "ratio",
                "score", "projection"]
        _write_table(ws, shown[cols], 3, lang,
                     formats={"target": _PCT, "latest_value": _PCT, "projection": _PCT,
                              "ratio": "0.00", "score": "0.0"},
                     widths={"unit_name": 28, "status": 22})
        words = {k: _progress_label(k, lang) for k in STATUS_BACKGROUNDS}
        _status_rules(ws, cols.index("status") + 1, 4, 3 + len(shown), words)

    # Completeness
    comp: pd.DataFrame | None = data.completeness
    ws = wb.create_sheet(_sheet_name(_t("completeness_sheet", lang), taken))
    if comp is None:
        _put(ws, 1, 1, _t("no_registry", lang))
    else:
        cols = [c for c in ("unit_code", "unit_name", "level", "parent_code", "parent_name",
                            "period", "deadline", "n_reports", "report_date", "status", "note",
                            "files")
                if c in comp.columns]
        texts = {k: _t(k, lang) for k in ("on_time", "late", "received", "missing",
                                          "unexpected")}
        shown = comp[cols].assign(level=comp["level"].map(lambda v: level_word(v, lang)),
                                  note=_codes_in_words(comp["note"], "note", lang))
        _write_table(ws, shown, 1, lang, status_col="status", status_texts=texts,
                     widths={"unit_name": 28, "files": 40})
        rates = data.rates
        if rates is not None and not rates.empty:
            ws = wb.create_sheet(_sheet_name(_t("rates_sheet", lang), taken))
            _write_table(ws, rates, 1, lang,
                         formats={c: _PCT for c in ("rate_received", "rate_on_time")},
                         widths={"parent_name": 28})

    write_departments_sheet(wb, data, taken)  # issue 14: nothing without departments

    # Problems
    ws = wb.create_sheet(_sheet_name(_t("problems_sheet", lang), taken))
    problems = problems_shown(data.problems, lang)
    texts = {k: _t(k, lang) for k in ("error", "warning", "info")}
    _write_table(ws, problems, 1, lang, status_col="severity", status_texts=texts,
                 widths={"file": 30, "message": 80})

    files: pd.DataFrame = data.files
    if files is not None and not files.empty:
        ws = wb.create_sheet(_sheet_name(_t("files_sheet", lang), taken))
        shown = files.assign(**{c: _codes_in_words(files[c], c, lang)
                                for c in ("form", "status") if c in files.columns})
        _write_table(ws, shown, 1, lang, widths={"file": 40})
    for sheet in wb.worksheets:
        _print_setup(sheet)
    with writing(path, lang) as tmp:
        wb.save(tmp)


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, fitted to one page wide, long labels wrapped: printable as it is."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "&P / &N"
    for col, dim in ws.column_dimensions.items():
        if (dim.width or 0) >= 28:  # a label column: wrap rather than run off the page
            for cell in ws[col][1:]:
                if isinstance(cell.value, str):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _fill(status: str) -> PatternFill:
    return PatternFill("solid", bgColor=STATUS_BACKGROUNDS[status].lstrip("#").upper())


def _value_rules(ws: Worksheet, first_col: int, last_col: int, first_row: int, last_row: int,
                 operator: str, target: float, skip: range, early: Sequence[int] | set[int] = ()
                 ) -> None:
    """Colour value cells met / not met against the target (blank cells untouched).

    Columns in ``early`` are periods before the target year: coloured "on
    track" / "not yet", never "not met".
    """
    for col in range(first_col, last_col + 1):
        if col in skip:
            continue
        met = _fill("on_track" if col in early else "met")
        not_met = _fill("not_yet" if col in early else "not_met")
        letter = get_column_letter(col)
        top = f"{letter}{first_row}"
        area = f"{top}:{letter}{last_row}"
        ok = f"{top}{operator}{target!r}"
        ws.conditional_formatting.add(area, FormulaRule(
            formula=[f"AND(ISNUMBER({top}),{ok})"], fill=met))
        ws.conditional_formatting.add(area, FormulaRule(
            formula=[f"AND(ISNUMBER({top}),NOT({ok}))"], fill=not_met))
