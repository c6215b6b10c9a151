"""The report's Excel workbook: summary, one sheet per target, progress, completeness,
problems and files read, each sheet printable on A4.

It reads a :class:`~childlabour_metrics.analysis.report_data.ReportData` and never writes a
spreadsheet formula: text that Excel could read as one (starting with ``=``,
``+``, ``-``, ``@``) is stored as quoted text, because unit names and file
names come from the field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..analysis.report_data import STATUS_ORDER, ReportData, _progress_label
from ..language.words import word
from ..reference._arrays import groups
from ..reference.periods import parse_period
from ..reference.plans import Plan
from ._format import (
    LEVEL_ORDER,
    MOST_DECIMALS,
    SYMBOLS,
    coverage_texts,
    decimals,
    earlier_texts,
    excel_percent_format,
    level_word,
    period_key,
    problems_shown,
    target_text,
    verdict_words,
)
from ._format import has_report_word as _has
from ._format import report_word as _t
from ._headline import headline_text
from ._html import STATUS_BACKGROUNDS
from ._safe import writing
from ._sheet import Sheet, not_printed, save, sheet_name, status_rules
from .departments import write_departments_sheet
from .quality_section import quality_summary_rows, write_quality_sheet
from .survey_section import survey_summary_rows, write_survey_sheet

__all__ = ["SECTION_WRITERS", "SUMMARY_WRITERS", "write_workbook"]


_PCT = "0.0%"


def _codes_in_words(codes: pd.Series, kind: str, lang: str) -> pd.Series:
    """Codes of a column (``superseded``, ``not_in_scope``, ``sdg``) as words of ``lang``.

    One language per output: a code with no word is shown as it is, and a
    test fails for any code the library writes that has none.
    """
    distinct = codes.dropna().astype("str").unique()
    table = {c: _t(f"{kind}_{c}", lang) for c in distinct if _has(f"{kind}_{c}")}
    return _each_distinct(codes, lambda c: table.get(str(c), c), skip_na=True)


def _each_distinct(values: pd.Series, func: Callable[[Any], Any], *,
                   skip_na: bool = False) -> pd.Series:
    """``values.map(func)`` (``na_action="ignore"`` with ``skip_na``), ``func`` called once
    for each distinct value.

    A column of 33,000 statuses or levels holds a handful of values: a call per
    row was a tenth of the national workbook's time.

    Examples
    --------
    >>> _each_distinct(pd.Series(["a", None, "a"], dtype=object), str.upper, skip_na=True).tolist()
    ['A', None, 'A']
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=skip_na)
    words = np.empty(len(distinct), dtype=object)
    words[:] = [func(v) for v in distinct]
    # a copy for certain: to_numpy(copy=True) hands back a str column's own array
    # when it holds no NA (pandas 3.0), and the caller's table must stay as it is
    out = np.array(values.to_numpy(dtype=object), dtype=object, copy=True)
    has = codes >= 0
    out[has] = words[codes[has]]
    return pd.Series(out, index=values.index, dtype=object)


def _headers(frame: pd.DataFrame, lang: str) -> list[str]:
    return [_t(c, lang) if _has(c) else c for c in frame.columns]


def _table_widths(frame: pd.DataFrame, headers: Sequence[str],
                  widths: dict[str, float] | None) -> list[float]:
    widths = widths or {}
    return [widths.get(c, max(10.0, min(40.0, len(h) + 2.0)))
            for c, h in zip(frame.columns, headers, strict=True)]


def _write_table(sheet: Sheet, frame: pd.DataFrame, headers: Sequence[str], *,
                 formats: dict[str, Any] | None = None, status_col: str | None = None,
                 status_texts: dict[str, str] | None = None) -> int:
    """Append a frame under its header, filterable; return the last row.

    ``formats`` maps a column to one number format or one per row.
    """
    formats = formats or {}
    start_row = sheet.rows + 1
    sheet.header(headers)
    columns = []
    for j, col in enumerate(frame.columns):
        values = frame[col]
        if col == status_col and status_texts:
            values = _each_distinct(
                values, lambda v: status_texts.get(v, v) if isinstance(v, str) else v)
        columns.append(sheet.column(values, j, formats.get(col)))
    sheet.rows_of(columns)
    ws = sheet.ws
    last = start_row + len(frame)
    if len(frame):
        ws.auto_filter.ref = f"A{start_row}:{get_column_letter(len(headers))}{last}"
    if status_col is not None and status_texts:
        status_rules(ws, list(frame.columns).index(status_col) + 1, start_row + 1, last,
                      status_texts)
    return last


def _table_sheet(wb: Any, title: str, frame: pd.DataFrame, lang: str, *,
                 widths: dict[str, float] | None = None, **options: Any) -> Sheet:
    """A sheet holding one table from its first row, header frozen and printed on each page."""
    headers = _headers(frame, lang)
    sheet = Sheet(wb, title, _table_widths(frame, headers, widths), freeze="A2",
                  title_rows="1:1")
    _write_table(sheet, frame, headers, **options)
    return sheet


#: The Excel format of each count of decimals that decide (0 to MOST_DECIMALS).
_PERCENT_FORMATS = np.array([excel_percent_format(d) for d in range(MOST_DECIMALS + 1)],
                            dtype=object)


def _percent_formats(digits: np.ndarray) -> np.ndarray:
    """Excel formats of the digits that decide, one per value (a handful of distinct)."""
    return _PERCENT_FORMATS[np.asarray(digits, dtype=np.intp)]


def _unit_period_grid(rows: pd.DataFrame, codes: list[str], periods: list[str]
                      ) -> tuple[np.ndarray, np.ndarray]:
    """A target's values as a grid, units (``codes``) by ``periods``, with their digits.

    The values are fractions (percent / 100), NaN where there is none; the
    digits are those that decide each against its target (1 where there is no
    value).  Where a unit has two rows of a period the last is kept: a plain
    reshape, no aggregation, placed by position (a reshape through a text
    index took a sixth of the target sheets' time at scale).
    """
    value = rows["value"].astype("Float64").to_numpy(float, na_value=np.nan)
    digits = decimals(value, rows["target"].astype("Float64").to_numpy(float, na_value=np.nan))
    unit = pd.Index(codes).get_indexer(pd.Index(rows["unit_code"]))
    period = pd.Index(periods).get_indexer(pd.Index(rows["period"]))
    place = unit * len(periods) + period
    # the last row of each place: the first in reverse
    first_back = groups(place[::-1])[1]
    last = len(place) - 1 - first_back
    grid = np.full(len(codes) * len(periods), np.nan)
    grid[place[last]] = value[last] / 100
    grid_digits = np.ones(len(codes) * len(periods), dtype=np.intp)
    grid_digits[place[last]] = digits[last]
    shape = (len(codes), len(periods))
    return grid.reshape(shape), grid_digits.reshape(shape)


#: Sections other parts of the library add to the workbook (``ReportData.sections``), as
#: ``html.SECTION_WRITERS`` adds them to the page: name -> a function of the workbook,
#: the report data, the section's object and the sheet names taken, adding its sheet(s)
#: (after the departments, before the problems).  A section without a writer here has
#: no sheet.
SECTION_WRITERS: dict[str, Callable[[Any, ReportData, Any, set[str]], None]] = {
    "survey": write_survey_sheet,
    "quality": write_quality_sheet,
}
#: What a section adds to the summary sheet, below the targets (the page that prints
#: first): name -> a function of the summary :class:`Sheet`, the report data and the
#: section's object, appending rows.
SUMMARY_WRITERS: dict[str, Callable[[Sheet, ReportData, Any], None]] = {
    "survey": survey_summary_rows,
    "quality": quality_summary_rows,
}


def write_workbook(path: Path, data: ReportData) -> None:
    """Write the report workbook to ``path`` (atomically)."""
    lang: str = data.lang
    plan: Plan = data.plan
    status_texts = {k: _t(k, lang) for k in STATUS_ORDER}
    # write-only: rows are streamed to the file, never held as a million cell objects
    wb = Workbook(write_only=True)
    taken: set[str] = set()

    _summary_sheet(wb, data, sheet_name(_t("summary_sheet", lang), taken), status_texts)
    by_ref = {name: _by_ref(getattr(data, name)) for name in ("attainment", "overview", "judged")}
    for tgt in plan.targets.itertuples(index=False):
        _target_sheet(wb, data, tgt, sheet_name(str(tgt.ref), taken), status_texts, by_ref)

    # Progress
    prog: pd.DataFrame = data.progress
    title = sheet_name(_t("progress_sheet", lang), taken)
    method = (_t(f"method_{data.method}", lang) if _has(f"method_{data.method}")
              else data.method)
    if prog.empty:
        sheet = Sheet(wb, title, [])
        sheet.append([sheet.text(f"{_t('method', lang)}: {method}", 0)])
    else:
        names = data.names
        shown = prog.assign(
            unit_name=prog["unit_code"].map(lambda c: names.get(c, "")),
            target=prog["target"].astype("Float64") / 100,
            latest_value=prog["latest_value"].astype("Float64") / 100,
            projection=prog["projection"].astype("Float64") / 100,
            status=_each_distinct(prog["status"], lambda s: _progress_label(str(s), lang)),
            method=_codes_in_words(prog["method"], "method", lang),
            operator=prog["operator"].map(SYMBOLS, na_action="ignore"),
        )
        # the period of the latest value: "2025H1" is not "the latest year 2025"
        cols = ["unit_code", "unit_name", "ref", "target_year", "operator", "target",
                "method", "base_year", "latest_period", "latest_value", "status", "ratio",
                "score", "projection"]
        if "latest_period" not in shown.columns:
            shown["latest_period"] = shown["latest_year"].astype("str")
        headers = _headers(shown[cols], lang)
        sheet = Sheet(wb, title, _table_widths(shown[cols], headers,
                                               {"unit_name": 28, "status": 22,
                                                "method": 30}),
                      freeze="A4", title_rows="3:3")
        sheet.append([sheet.text(f"{_t('method', lang)}: {method}", 0)])
        sheet.append([])
        _write_table(sheet, shown[cols], headers,
                     formats={"target": _PCT, "latest_value": _PCT, "projection": _PCT,
                              "ratio": "0.00", "score": "0.0"})
        not_printed(sheet)  # each unit's series: the summary says the plan's progress
        words = {k: _progress_label(k, lang) for k in STATUS_BACKGROUNDS}
        status_rules(sheet.ws, cols.index("status") + 1, 4, 3 + len(shown), words)

    # Completeness
    comp: pd.DataFrame | None = data.completeness
    title = sheet_name(_t("completeness_sheet", lang), taken)
    if comp is None:
        sheet = Sheet(wb, title, [])
        sheet.append([sheet.text(_t("no_registry", lang), 0)])
    else:
        cols = [c for c in ("unit_code", "unit_name", "level", "parent_code", "parent_name",
                            "period", "deadline", "n_reports", "report_date", "status", "note",
                            "files")
                if c in comp.columns]
        texts = {k: _t(k, lang) for k in ("on_time", "late", "received", "missing",
                                          "unexpected")}
        shown = comp[cols].assign(level=_each_distinct(comp["level"],
                                                       lambda v: level_word(v, lang)),
                                  note=_codes_in_words(comp["note"], "note", lang))
        not_printed(_table_sheet(wb, title, shown, lang, status_col="status",
                                  status_texts=texts, widths={"unit_name": 28, "files": 40}))
        rates = data.rates
        if rates is not None and not rates.empty:
            rates = rates.assign(level=_each_distinct(rates["level"],
                                                      lambda v: level_word(v, lang)))
            not_printed(_table_sheet(
                wb, sheet_name(_t("rates_sheet", lang), taken), rates, lang,
                formats={c: _PCT for c in ("rate_received", "rate_on_time")},
                widths={"parent_name": 28}))

    write_departments_sheet(wb, data, taken)  # issue 14: nothing without departments
    for name, section in data.sections:  # sections other parts add (survey, quality)
        writer = SECTION_WRITERS.get(name)
        if writer is not None:
            writer(wb, data, section, taken)

    # Problems
    problems = problems_shown(data.problems, lang)
    texts = {k: _t(k, lang) for k in ("error", "warning", "info")}
    # a problem code is one unbreakable word: its column as wide as the longest, so that
    # the next cell does not cut it ("MISSING_DE") on screen and on paper
    longest = int(problems["code"].astype("str").str.len().max()) if len(problems) else 0
    _table_sheet(wb, sheet_name(_t("problems_sheet", lang), taken), problems, lang,
                 status_col="severity", status_texts=texts,
                 widths={"file": 30, "message": 80, "code": max(14.0, longest + 2.0)})

    files: pd.DataFrame = data.files
    if files is not None and not files.empty:
        shown = files.assign(**{c: _codes_in_words(files[c], c, lang)
                                for c in ("form", "status") if c in files.columns})
        not_printed(_table_sheet(wb, sheet_name(_t("files_sheet", lang), taken), shown,
                                  lang, widths={"file": 40}))
    with writing(path, lang) as tmp:
        save(wb, tmp)


def _summary_sheet(wb: Any, data: ReportData, title: str,
                   status_texts: dict[str, str]) -> None:
    """The headline, the plan, the batch in numbers, then one row per target (judged)."""
    lang, plan = data.lang, data.plan
    method = (_t(f"method_{data.method}", lang) if _has(f"method_{data.method}")
              else data.method)
    info = [
        (_t("title", lang), None),
        (_t("headline", lang), headline_text(data)),
        (_t("plan", lang), f"{plan.name(lang)} ({plan.id})"),
        (_t("scope", lang), f"{plan.scope_name} ({plan.scope_code})"),
        (_t("generated", lang), data.generated),
        (_t("files_read", lang), data.n_files),
        (_t("data_rows", lang), len(data.observations)),
        (_t("errors", lang), data.n_errors),
        (_t("warnings", lang), data.n_warnings),
        (_t("method", lang), word("report_method_note", lang, method=method)),
    ]
    summary = data.summary
    level = data.headline.level if data.headline else None
    earlier = summary.assign(earlier_value=summary["earlier_value"].astype("Float64") * 100,
                             target=summary["target"].astype("Float64") * 100)
    words = verdict_words(summary, lang)
    shown = pd.DataFrame({
        "ref": summary["ref"], "label": summary["label"], "value": summary["value"],
        "status": words, "operator": summary["operator"].map(SYMBOLS, na_action="ignore"),
        "target": summary["target"], "target_year": summary["target_year"],
        "judged_period": summary["period"], "earlier": earlier_texts(earlier, lang),
        "coverage": coverage_texts(summary, level, lang),
        "units_met": summary["units_met"],
        "progress": summary["progress"].map(lambda s: _progress_label(str(s), lang),
                                            na_action="ignore"),
        "gap_pp": summary["gap_pp"], "indicators": summary["indicators"],
    })
    headers = _headers(shown, lang)
    start = len(info) + 2
    # "ref" also holds the labels of the block above ("Số dòng số liệu"), and a
    # status can be long ("Chưa đạt (chưa đến năm mục tiêu)"): wide enough to print
    sheet = Sheet(wb, title, _table_widths(shown, headers, {"ref": 16, "label": 40,
                                                            "indicators": 14,
                                                            "status": 28, "earlier": 16,
                                                            "progress": 22}),
                  freeze=f"B{start + 1}", title_rows=f"{start}:{start}")
    for i, (key, value) in enumerate(info, start=1):
        bold = Font(bold=True, size=13 if i == 1 else 11)
        cells: Sequence[Any] = sheet.column([_plain_value(value)], 1)
        if i == 2:  # the headline: one line across the page, bold
            cells = [sheet.cell(value, font=Font(bold=True),
                                alignment=Alignment(wrap_text=False, vertical="top"))]
        sheet.append([sheet.text(key, 0, font=bold), *cells])
    sheet.append([])
    # the digits that decide, cell by cell (a blank value keeps its format too)
    digits = decimals((summary["value"].astype("Float64") * 100).to_numpy(float, na_value=np.nan),
                      (summary["target"].astype("Float64") * 100).to_numpy(float, na_value=np.nan))
    value_formats = _percent_formats(digits)
    pairs = list(dict.fromkeys(zip(summary["status"], words, strict=True)))
    last = _write_table(sheet, shown, headers,
                        formats={"target": _PCT, "value": value_formats, "gap_pp": "0.0"})
    status_rules(sheet.ws, list(shown.columns).index("status") + 1, start + 1, last, pairs)
    for name, section in data.sections:  # below the targets: what prints on the first page
        summary_writer = SUMMARY_WRITERS.get(name)
        if summary_writer is not None:
            summary_writer(sheet, data, section)


def _plain_value(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _by_ref(frame: pd.DataFrame | None) -> dict[str, pd.DataFrame] | None:
    """A table's rows by target, split in one pass (None for no table).

    Each target's rows picked by a comparison of the whole ``ref`` column (text,
    compared value by value) took a third of the target sheets' time at scale.
    """
    if frame is None:
        return None
    return {str(ref): rows for ref, rows in frame.groupby("ref", sort=False, observed=True)}


def _of_ref(frame: pd.DataFrame, split: dict[str, pd.DataFrame] | None,
            ref: str) -> pd.DataFrame:
    """``frame``'s rows of target ``ref`` (as ``frame[frame["ref"] == ref]``)."""
    rows = split.get(ref) if split is not None else None
    return frame.iloc[:0] if rows is None else rows


def _target_rows(data: ReportData, ref: str,
                 by_ref: dict[str, dict[str, pd.DataFrame] | None]) -> pd.DataFrame:
    """A target's attainment rows; at scale the level below the plan's unit first.

    The overview (e.g. 34 provinces summed from their communes) is what the
    plan asks of that level: its rows join the sheet unless the unit sent a
    report of its own, which is shown as sent.  ``by_ref``: the report's tables
    split by target (:func:`_by_ref`).
    """
    rows = _of_ref(data.attainment, by_ref["attainment"], ref)
    if data.overview is not None:
        over = _of_ref(data.overview, by_ref["overview"], ref)
        over = over[~over["unit_code"].isin(rows["unit_code"])]
        if not over.empty:
            rows = pd.concat([rows, over], ignore_index=True)
    return rows


#: The judged table's columns a target sheet shows or words (verdict_words, earlier_texts).
_JUDGED_SHOWN = ("unit_code", "period", "value", "numerator", "denominator", "status", "reason",
                 "gap_pp", "target", "earlier_value", "earlier_period")


def _judged_rows(data: ReportData, ref: str, rows: pd.DataFrame, codes: list[str],
                 by_ref: dict[str, dict[str, pd.DataFrame] | None]) -> pd.DataFrame:
    """Each unit's judged row for a target (the judged table), in ``codes`` order.

    A unit the judged table does not hold (at scale, a province summed from its
    communes) is judged by its attainment row of the target's judged period.
    """
    judged = data.judged
    mine = (_of_ref(judged, by_ref["judged"], ref) if judged is not None else pd.DataFrame())
    # only what the sheet shows: reindexing the table's 28 columns cost three times this
    mine = mine[[c for c in _JUDGED_SHOWN if c in mine.columns]]
    mine = mine.drop_duplicates("unit_code").set_index("unit_code")
    period = mine["period"].dropna().iloc[0] if len(mine) and mine["period"].notna().any() \
        else None
    out = mine.reindex(codes)
    wanted = pd.Index(codes)
    lacking = wanted[~wanted.isin(mine.index)]
    if len(lacking) and period is not None:
        extra = rows[rows["unit_code"].isin(lacking) & (rows["period"] == period)]
        extra = extra.drop_duplicates("unit_code").set_index("unit_code")
        # the few lacking units' cells filled in place (a column through where() and
        # reindex for a few dozen cells was half of this function's time at scale)
        at = wanted.get_indexer(extra.index)
        for col in ("value", "numerator", "denominator", "status", "gap_pp", "target"):
            if col in extra.columns:
                cells = out[col].to_numpy(dtype=object, copy=True)
                blank = pd.isna(cells[at])
                cells[at[blank]] = extra[col].to_numpy(dtype=object)[blank]
                out[col] = pd.Series(cells, index=out.index, dtype=object)
        out["period"] = out["period"].fillna(period)
        out["reason"] = out["reason"].fillna("target_year")
    return out


def _target_sheet(wb: Any, data: ReportData, tgt: Any, title: str,
                  status_texts: dict[str, str],
                  by_ref: dict[str, dict[str, pd.DataFrame] | None]) -> None:
    """One target: units as rows (the plan's unit, then by level), periods as columns,
    then the judged period's value and verdict (the judged table)."""
    lang, plan = data.lang, data.plan
    names, levels = data.names, data.levels
    rows = _target_rows(data, str(tgt.ref), by_ref)
    judged = data.judged
    # distinct codes and periods through pandas' hash table: set() of a text column
    # iterates it value by value (33,000 a target at national scale)
    judged_codes = ([] if judged is None else
                    _of_ref(judged, by_ref["judged"], str(tgt.ref))["unit_code"].astype("str")
                    .unique().tolist())
    periods = sorted(rows["period"].unique().tolist(), key=period_key)
    headers = ["unit_code", "unit_name", "level", *periods, "judged_period",
               "numerator", "denominator", "value", "status", "earlier", "gap_pp"]
    # The status column fits "Chưa đạt (chưa đến năm mục tiêu)" on one printed line.
    sheet = Sheet(wb, title, [11, 28, 10, *[9] * len(periods), 11, 10, 11, 9, 30, 16, 12],
                  freeze="D5", title_rows="4:4")
    head = f"{tgt.ref} — {tgt.label} — {' + '.join(tgt.indicators)}"
    if not pd.isna(tgt.value):
        head += (f" — {_t('target', lang)} {tgt.year}: "
                 f"{target_text(tgt.operator, tgt.value, lang)}")
    sheet.append([sheet.text(head, 0, font=Font(bold=True, size=12))])
    sheet.append([sheet.text(str(tgt.source_text), 0,
                             alignment=Alignment(wrap_text=False))])
    sheet.append([])
    sheet.header([_t(h, lang) if _has(h) else h for h in headers])
    codes = sorted(set(rows["unit_code"].unique().tolist()) | set(judged_codes),
                   key=lambda c: (c != plan.scope_code, LEVEL_ORDER.get(levels.get(c, ""), 9), c))
    grid, grid_digits = _unit_period_grid(rows, codes, periods)
    # each level worded once, not once a unit
    level_words = {level: level_word(level, lang) for level in {*levels.values(), ""}}
    columns: list[Sequence[Any]] = [
        sheet.column(codes, 0),
        sheet.column([names.get(c, "") for c in codes], 1),
        sheet.column([level_words[levels.get(c, "")] for c in codes], 2),
    ]
    for j in range(len(periods)):
        values = grid[:, j]
        formats = _PERCENT_FORMATS[grid_digits[:, j]]  # a copy (fancy indexing)
        formats[np.isnan(values)] = None  # a blank cell has none
        columns.append(sheet.column(pd.Series(values), j + 3, formats))
    # each unit's judged row: the target's period, never an earlier one judged as it
    now = _judged_rows(data, str(tgt.ref), rows, codes, by_ref)
    value = pd.to_numeric(now["value"], errors="coerce").astype("Float64")
    target = pd.to_numeric(now["target"], errors="coerce").astype("Float64")
    now_digits = decimals(value.to_numpy(float, na_value=np.nan),
                          target.to_numpy(float, na_value=np.nan))
    words = verdict_words(now.assign(status=now["status"].fillna("no_data")), lang) \
        if len(now) else pd.Series(dtype="str")
    words = words.where(now["period"].notna().to_numpy(bool), None)
    earlier = now.assign(earlier_value=pd.to_numeric(now["earlier_value"], errors="coerce"),
                         target=target) if "earlier_value" in now.columns else None
    col = 3 + len(periods)
    columns += [
        sheet.column(now["period"], col),
        sheet.column(pd.to_numeric(now["numerator"], errors="coerce").astype("Int64"),
                     col + 1, "#,##0"),
        sheet.column(pd.to_numeric(now["denominator"], errors="coerce").astype("Int64"),
                     col + 2, "#,##0"),
        sheet.column(value / 100, col + 3, _percent_formats(now_digits)),
        sheet.column(words, col + 4),
        sheet.column(_earlier_cells(earlier, len(codes), lang), col + 5),
        sheet.column(pd.to_numeric(now["gap_pp"], errors="coerce").astype("Float64"),
                     col + 6, "0.0"),
    ]
    sheet.rows_of(columns)
    if not rows["value"].notna().any():  # no figure anywhere: say why, not just "no data"
        sheet.append([sheet.text(word("report_target_no_rows", lang,
                                      codes=" + ".join(tgt.indicators)), 0)])
    ws = sheet.ws
    last = 4 + len(codes)
    if codes:
        ws.auto_filter.ref = f"A4:{get_column_letter(len(headers))}{last}"
        # each status and its words once, in order of first use
        shown_pairs = pd.DataFrame({"k": now["status"].fillna("no_data").to_numpy(object),
                                    "w": words.fillna("").to_numpy(object)}).drop_duplicates()
        pairs = [(str(k), str(w)) for k, w in zip(shown_pairs["k"], shown_pairs["w"],
                                                  strict=True) if w]
        status_rules(ws, len(headers) - 2, 5, last, pairs)
        if not pd.isna(tgt.value):
            early = {4 + k for k, p in enumerate(periods) if _early(p, int(tgt.year))}
            _value_rules(ws, 4, 4 + len(periods) + 3, 5, last, str(tgt.operator),
                         float(tgt.value) / 100, skip=range(4 + len(periods),
                                                            4 + len(periods) + 3),
                         early=early)


def _earlier_cells(earlier: pd.DataFrame | None, n: int, lang: str) -> np.ndarray:
    """"2024: 1,4%" where a unit has an earlier value (worded for those rows only), else blank."""
    cells = np.full(n, None, dtype=object)
    if earlier is not None:
        has = (earlier["earlier_value"].notna() & earlier["earlier_period"].notna()
               ).to_numpy(bool)
        if has.any():
            cells[has] = [t or None for t in earlier_texts(earlier[has], lang)]
    return cells


def _early(period: str, year: int) -> bool:
    """A period before the target's year, or its first half: not yet judged."""
    p = parse_period(period)
    return p.year < year or (p.year == year and not p.is_year)


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
