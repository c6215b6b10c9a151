"""The batch report: one call turns a folder of unit workbooks and a plan into
the files a provincial office forwards — an Excel workbook, the figures (PNG
and SVG) and a self-contained HTML page.

``build_report`` reads the reports (or takes a reader result or an
observations table), computes attainment, progress and completeness with the
library's functions, and writes::

    out_dir/report.xlsx      summary, one sheet per target, progress,
                             completeness, problems, files read
    out_dir/report.html      one file: figures embedded, no external requests
    out_dir/figures/*.png, *.svg

It never changes its inputs, never writes outside ``out_dir`` and never
writes a spreadsheet formula: text that Excel could read as one (starting
with ``=``, ``+``, ``-``, ``@``) is stored as quoted text, because unit names
and file names come from the field.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import os
import re
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from . import charts
from ._html import STATUS_BACKGROUNDS, TABLE_CSS, frame_to_html
from .compute import aggregate, attainment
from .output._format import STATUS_ORDER, decimals, excel_percent_format, verdict
from .output._safe import atomic_write, safe_text, shown_name, xml_text
from .periods import fold_text, parse_period
from .plans import Plan, load_plan
from .words import has_word, number, percent, word

__all__ = ["ReportResult", "build_report", "safe_text"]

_SYMBOLS = {"<=": "≤", ">=": "≥", "<": "<", ">": ">"}
_LEVEL_ORDER = {"country": 0, "province": 1, "district": 2, "commune": 3}
_PCT = "0.0%"
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_FIGURE_DPI = 120


def _t(key: str, lang: str) -> str:
    """A word of the report (the ``report_`` keys of :mod:`.words`)."""
    return word(f"report_{key}", lang)


def _has(key: str) -> bool:
    return has_word(f"report_{key}")


def _level(level: Any, lang: str) -> str:
    return _t(level, lang) if level in _LEVEL_ORDER else ("" if pd.isna(level) else str(level))


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


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_text(text)).strip("-") or "x"


def _period_key(period: str) -> tuple[int, int]:
    return parse_period(period).sort_key


@dataclass
class ReportResult:
    """What :func:`build_report` wrote and the tables behind it.

    Attributes
    ----------
    out_dir, xlsx, html : Path
        The report folder, workbook and HTML page.
    figures : list of Path
        Every PNG and SVG written.
    summary : str
        The one-line summary (also ``str(result)``).
    summary_table : DataFrame
        One row per target: the plan unit's latest value and status, units
        meeting it, progress.
    observations, problems, files, attainment, progress, completeness : DataFrame
        The tables the report was made from (``completeness`` is None without
        a unit registry).
    """

    out_dir: Path
    xlsx: Path
    html: Path
    figures: list[Path]
    summary: str
    summary_table: pd.DataFrame = field(repr=False)
    observations: pd.DataFrame = field(repr=False)
    problems: pd.DataFrame = field(repr=False)
    files: pd.DataFrame = field(repr=False)
    attainment: pd.DataFrame = field(repr=False)
    progress: pd.DataFrame = field(repr=False)
    completeness: pd.DataFrame | None = field(repr=False, default=None)
    lang: str = "vi"

    def __str__(self) -> str:
        return self.summary

    def _repr_html_(self) -> str:
        head = (f"<p><b>{html.escape(self.summary)}</b><br>"
                f"<code>{html.escape(str(self.html))}</code>, "
                f"<code>{html.escape(str(self.xlsx))}</code></p>")
        return head + _summary_html(self.summary_table, self.lang)


def _pct_texts(values: pd.Series, targets: pd.Series | None, lang: str) -> list[str]:
    """Fractions as percent text, each with the digits that decide its verdict."""
    v = (values.astype("Float64") * 100).to_numpy(dtype=float, na_value=np.nan)
    t = (None if targets is None
         else (targets.astype("Float64") * 100).to_numpy(dtype=float, na_value=np.nan))
    return [percent(x, lang, int(d)) for x, d in zip(v, decimals(v, t), strict=True)]


def _summary_html(summary: pd.DataFrame, lang: str) -> str:
    """The summary table in HTML: percent as the page writes it, words translated.

    Value and status come right after the target's name, so that on a phone
    they are on screen without scrolling sideways.
    """
    target = (summary["target"].astype("Float64") * 100).to_numpy(dtype=float, na_value=np.nan)
    ops = summary["operator"].map(_SYMBOLS, na_action="ignore").fillna("")
    shown = summary.assign(
        # targets as the plans write them ("≤ 1%", "≥ 99,5%")
        target=[f"{op} {percent(x, lang, 0 if x == round(x) else 1)}".strip() if x == x
                else "" for op, x in zip(ops, target, strict=True)],
        value=_pct_texts(summary["value"], summary["target"], lang),
        gap_pp=[number(x, lang, 1) for x in summary["gap_pp"]])
    order = ["ref", "label", "value", "status", "target", "target_year", "latest_period",
             "progress", "units_met", "units_with_data", "gap_pp", "indicators"]
    shown = shown[[c for c in order if c in shown.columns]]
    shown = shown.rename(columns={c: _t(c, lang) for c in shown.columns if _has(c)})
    words = {k: _t(k, lang) for k in STATUS_ORDER}
    return frame_to_html(shown, status_col=_t("status", lang), max_rows=200,
                         include_css=False, labels=words, decimal_comma=lang == "vi",
                         num_cols={_t(c, lang) for c in ("target", "value", "gap_pp")})


# --------------------------------------------------------------------------- inputs


def _empty_problems() -> pd.DataFrame:
    cols = ["file", "sheet", "cell", "unit_code", "period", "indicator", "code", "severity",
            "message"]
    return pd.DataFrame({c: pd.Series(dtype="str") for c in cols})


def _read(paths: Any, plan: Plan, units: pd.DataFrame | None, lang: str,
          progress: bool | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, Any]:
    """Observations, problems, files, and what completeness() should count."""
    if isinstance(paths, pd.DataFrame):
        return paths, _empty_problems(), pd.DataFrame(), paths
    if hasattr(paths, "observations"):
        files = getattr(paths, "files", None)
        problems = getattr(paths, "problems", None)
        return (paths.observations, problems if problems is not None else _empty_problems(),
                files if files is not None else pd.DataFrame(), paths)
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    missing = [str(p) for p in items if not Path(p).exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    from .io import read_reports

    result = read_reports(items, units=units, plan=plan, lang=lang, progress=progress)
    return result.observations, result.problems, result.files, result


def _registry(units: Any, observations: pd.DataFrame | None) -> pd.DataFrame | None:
    from .units import load_units, sample_units

    if units is not None or observations is None:
        return units if isinstance(units, pd.DataFrame) and "level" in units else load_units(units)
    # The bundled sample registry is used only when it knows every reporting unit.
    sample = sample_units()
    codes = set(observations["unit_code"].astype("str"))
    return sample if codes and codes <= set(sample["code"]) else None


# --------------------------------------------------------------------------- tables


def _scope_counts(obs: pd.DataFrame, plan: Plan, registry: pd.DataFrame | None) -> pd.DataFrame:
    """The plan unit's counts: rolled up from the units below, else its own reports."""
    own = obs[obs["unit_code"].astype("str") == plan.scope_code]
    if registry is not None and plan.scope_code in set(registry["code"]):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # unknown units are problems already
            rolled = aggregate(obs, registry, level=plan.scope_level)
        rolled = rolled[(rolled["unit_code"] == plan.scope_code) & (rolled["n_rows"] > 0)]
        if not rolled.empty:
            return rolled[["unit_code", "period", "indicator", "numerator", "denominator"]]
    return own


def _in_scope(obs: pd.DataFrame, plan: Plan, registry: pd.DataFrame | None) -> pd.DataFrame:
    """Rows of the units the plan covers (all rows when there is no registry to tell)."""
    if registry is None or plan.scope_code not in set(registry["code"]):
        return obs
    from .units import ancestor_map

    amap = ancestor_map(registry, plan.scope_level)
    return obs[obs["unit_code"].astype("str").map(amap) == plan.scope_code]


def _latest(att: pd.DataFrame) -> pd.DataFrame:
    """Per target (``ref``), the row of the latest period that has a value."""
    rows = att[att["value"].notna()]
    if rows.empty:
        return rows
    rows = rows.assign(_k=rows["period"].map(_period_key))
    rows = rows.sort_values(["ref", "_k"]).groupby("ref", sort=False).tail(1)
    return rows.drop(columns="_k")


def _judged(att: pd.DataFrame) -> pd.DataFrame:
    """Attainment with the status a person sees: a target before its year is "not yet"."""
    if att.empty:
        return att
    return att.assign(status=verdict(att["status"], att["period"], att["target_year"]))


def _with_refs(plan: Plan) -> Plan:
    """The plan with a ``ref`` per target (short id such as "A1"; the label if none)."""
    if "ref" in plan.targets.columns:
        return plan
    from dataclasses import replace

    return replace(plan, targets=plan.targets.assign(ref=plan.targets["label"]))


def _add_ref(table: pd.DataFrame, refs: dict[str, str]) -> pd.DataFrame:
    if "ref" in table.columns or "label" not in table.columns:
        return table
    return table.assign(ref=table["label"].map(refs).astype("str"))


def _summary_table(plan: Plan, att_scope: pd.DataFrame, att_units: pd.DataFrame,
                   prog_scope: pd.DataFrame, lang: str) -> pd.DataFrame:
    latest = _latest(att_scope).set_index("ref")
    prog = prog_scope.set_index("ref") if not prog_scope.empty else prog_scope
    rows = []
    for tgt in plan.targets.itertuples(index=False):
        row: dict[str, Any] = {
            "ref": tgt.ref, "label": tgt.label, "indicators": " + ".join(tgt.indicators),
            "target_year": tgt.year, "operator": tgt.operator,
            "target": None if pd.isna(tgt.value) else float(tgt.value) / 100,
            "latest_period": None, "value": None, "status": "no_data" if not pd.isna(
                tgt.value) else "no_target", "gap_pp": None, "units_met": None,
            "units_with_data": None, "progress": None,
        }
        if tgt.ref in latest.index:
            hit = latest.loc[tgt.ref]
            row.update(latest_period=hit["period"], value=float(hit["value"]) / 100,
                       status=hit["status"],
                       gap_pp=None if pd.isna(hit["gap_pp"]) else float(hit["gap_pp"]))
            same = att_units[(att_units["ref"] == tgt.ref)
                             & (att_units["period"] == hit["period"])
                             & att_units["value"].notna()]
            if not att_units.empty:  # a commune's own plan has no units below it
                row.update(units_met=int(same["status"].isin(("met", "on_track")).sum()),
                           units_with_data=len(same))
        if not prog_scope.empty and tgt.ref in prog.index:
            row["progress"] = _progress_label(str(prog.loc[tgt.ref, "status"]), lang)
        rows.append(row)
    out = pd.DataFrame(rows)
    out["status"] = verdict(out["status"], out["latest_period"], out["target_year"])
    return out.astype({"ref": "str", "label": "str", "indicators": "str", "target_year": "Int64",
                       "operator": "str", "target": "Float64", "latest_period": "str",
                       "value": "Float64", "status": "str", "gap_pp": "Float64",
                       "units_met": "Int64", "units_with_data": "Int64", "progress": "str"})


def _progress_label(status: str, lang: str) -> str:
    try:
        from .progress import status_label
    except ImportError:  # progress module not installed in this build
        return status
    try:
        return status_label(status, lang=lang)
    except KeyError:
        return status


# --------------------------------------------------------------------------- workbook


def _write_workbook(path: Path, ctx: dict[str, Any]) -> None:
    lang: str = ctx["lang"]
    plan: Plan = ctx["plan"]
    names: dict[str, str] = ctx["names"]
    levels: dict[str, str] = ctx["levels"]
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
        (_t("generated", lang), ctx["generated"]),
        (_t("files_read", lang), ctx["n_files"]),
        (_t("data_rows", lang), len(ctx["observations"])),
        (_t("errors", lang), ctx["n_errors"]),
        (_t("warnings", lang), ctx["n_warnings"]),
    ]
    for i, (key, value) in enumerate(info, start=1):
        _put(ws, i, 1, key).font = Font(bold=True, size=13 if i == 1 else 11)
        _put(ws, i, 2, value)
    start = len(info) + 2
    summary = ctx["summary"]
    last = _write_table(ws, summary, start, lang,
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
    att_all: pd.DataFrame = ctx["att_all"]
    for tgt in plan.targets.itertuples(index=False):
        ws = wb.create_sheet(_sheet_name(str(tgt.ref), taken))
        title = f"{tgt.ref} — {tgt.label} — {' + '.join(tgt.indicators)}"
        if not pd.isna(tgt.value):
            title += f" — {_t('target', lang)} {tgt.year}: {tgt.operator} {tgt.value:g}%"
        _put(ws, 1, 1, title).font = Font(bold=True, size=12)
        _put(ws, 2, 1, tgt.source_text).alignment = Alignment(wrap_text=False)
        rows = att_all[att_all["ref"] == tgt.ref]
        periods = sorted(set(rows["period"]), key=_period_key)
        headers = ["unit_code", "unit_name", "level", *periods, "latest_period",
                   "numerator", "denominator", "value", "status", "gap_pp"]
        _header(ws, 4, [_t(h, lang) if _has(h) else h for h in headers])
        codes = sorted(set(rows["unit_code"]),
                       key=lambda c: (c != plan.scope_code,
                                      _LEVEL_ORDER.get(levels.get(c, ""), 9), c))
        latest = _latest(rows.assign(ref=rows["unit_code"])).set_index("ref")
        digits = decimals(rows["value"].astype("Float64").to_numpy(float, na_value=np.nan),
                          rows["target"].astype("Float64").to_numpy(float, na_value=np.nan))
        by_cell = {(u, p): (v, d) for u, p, v, d in zip(
            rows["unit_code"], rows["period"], rows["value"], digits, strict=True)}
        for i, code in enumerate(codes, start=5):
            _put(ws, i, 1, code)
            _put(ws, i, 2, names.get(code, ""))
            _put(ws, i, 3, _level(levels.get(code, ""), lang))
            for j, period in enumerate(periods, start=4):
                value, d = by_cell.get((code, period), (None, 1))
                _put(ws, i, j, None if value is None or pd.isna(value) else float(value) / 100,
                     excel_percent_format(int(d)))
            col = 4 + len(periods)
            if code in latest.index:
                hit = latest.loc[code]
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
    prog: pd.DataFrame = ctx["progress"]
    ws = wb.create_sheet(_sheet_name(_t("progress_sheet", lang), taken))
    method = (_t(f"method_{ctx['method']}", lang) if _has(f"method_{ctx['method']}")
              else ctx["method"])
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
    comp: pd.DataFrame | None = ctx["completeness"]
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
        shown = comp[cols].assign(level=comp["level"].map(lambda v: _level(v, lang)),
                                  note=_codes_in_words(comp["note"], "note", lang))
        _write_table(ws, shown, 1, lang, status_col="status", status_texts=texts,
                     widths={"unit_name": 28, "files": 40})
        rates = ctx["rates"]
        if rates is not None and not rates.empty:
            ws = wb.create_sheet(_sheet_name(_t("rates_sheet", lang), taken))
            _write_table(ws, rates, 1, lang,
                         formats={c: _PCT for c in ("rate_received", "rate_on_time")},
                         widths={"parent_name": 28})

    # Problems
    ws = wb.create_sheet(_sheet_name(_t("problems_sheet", lang), taken))
    problems: pd.DataFrame = ctx["problems"]
    texts = {k: _t(k, lang) for k in ("error", "warning", "info")}
    _write_table(ws, problems, 1, lang, status_col="severity", status_texts=texts,
                 widths={"file": 30, "message": 80})

    files: pd.DataFrame = ctx["files"]
    if files is not None and not files.empty:
        ws = wb.create_sheet(_sheet_name(_t("files_sheet", lang), taken))
        shown = files.assign(**{c: _codes_in_words(files[c], c, lang)
                                for c in ("form", "status") if c in files.columns})
        _write_table(ws, shown, 1, lang, widths={"file": 40})
    for sheet in wb.worksheets:
        _print_setup(sheet)
    with _writing(path, lang) as tmp:
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
                 operator: str, target: float, skip: range, early: set[int] = frozenset()
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


# --------------------------------------------------------------------------- figures, HTML


def _save(fig: Figure, folder: Path, name: str, written: list[Path], lang: str) -> str:
    """Save PNG and SVG; return the PNG as base64 for the HTML page."""
    png = folder / f"{name}.png"
    svg = folder / f"{name}.svg"
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_FIGURE_DPI, metadata={"Software": None})
    with _writing(png, lang) as tmp:
        tmp.write_bytes(buffer.getvalue())
    with _writing(svg, lang) as tmp:
        fig.savefig(tmp, format="svg", metadata={"Date": None})
    written += [png, svg]
    return base64.b64encode(buffer.getvalue()).decode("ascii")


_MANIFEST = ".report-figures.txt"
_LOCK = ".report.lock"


@contextmanager
def _writing(path: Path, lang: str) -> Iterator[Path]:
    """:func:`atomic_write`, its failure said in one line naming the file."""
    try:
        with atomic_write(path) as tmp:
            yield tmp
    except OSError as exc:
        raise OSError(_t("write_failed", lang).format(
            file=shown_name(str(path)), why=exc.strerror or exc)) from exc


@contextmanager
def _locked(out: Path, lang: str) -> Iterator[None]:
    """Refuse a folder another report is writing into (a lock file while writing)."""
    out.mkdir(parents=True, exist_ok=True)
    lock = out / _LOCK
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError as exc:
        raise FileExistsError(_t("busy", lang).format(lock=shown_name(str(lock)))) from exc
    os.write(fd, str(os.getpid()).encode("ascii"))
    os.close(fd)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _tidy_figures(folder: Path, written: list[Path], lang: str) -> None:
    """Remove figures an earlier report wrote and this one did not; keep everyone else's.

    Only names listed in the folder's manifest (written by the report
    itself) are ever removed: a user's own ``*.png`` in ``figures/`` stays.
    """
    manifest = folder / _MANIFEST
    before = (set(manifest.read_text(encoding="utf-8").split("\n")) if manifest.is_file()
              else set())
    now = {p.name for p in written}
    for name in sorted(before - now - {""}):
        if "/" not in name and "\\" not in name:  # a name in this folder, nothing else
            (folder / name).unlink(missing_ok=True)
    with _writing(manifest, lang) as tmp:
        tmp.write_text("\n".join(sorted(now)), encoding="utf-8")


_PAGE_CSS = """
body { font: 14px 'DejaVu Sans', Arial, sans-serif; margin: 24px; color: #222; max-width: 1200px; }
h1 { font-size: 22px; color: #1f4e79; } h2 { font-size: 18px; color: #1f4e79; margin-top: 32px; }
img { max-width: 100%; height: auto; border: 1px solid #eee; margin: 8px 0; }
.meta td { padding: 2px 12px 2px 0; } .summary { font-size: 16px; font-weight: bold; }
section { margin: 0; }
table.clm td { max-width: 22em; }
@media (max-width: 600px) {
  body { margin: 8px; font-size: 13px; } h1 { font-size: 18px; } h2 { font-size: 16px; }
  .summary { font-size: 14px; }
  table.clm { font-size: 12px; } table.clm td, table.clm th { padding: 2px 4px; }
  table.clm td { max-width: 11em; } table.clm td:nth-child(2) { min-width: 8em; }
}
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10px; }
  h1 { font-size: 16px; } h2 { font-size: 13px; margin-top: 12px; }
  h1, h2, caption { page-break-after: avoid; break-after: avoid; }
  figure, img, section.fig { page-break-inside: avoid; break-inside: avoid; border: none; }
  img { max-height: 165mm; width: auto; max-width: 100%; }
  figure { margin: 0; }
  /* bar charts two by two: four to a page instead of one */
  div.cmp figure { display: inline-block; width: 49%; vertical-align: top; }
  div.cmp img { max-height: 85mm; }
}
"""


def _img(data: str, alt: str) -> str:
    # A figure keeps its heading: the pair is never split across printed pages.
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'
            "</figure>")


def _rates_html(rates: pd.DataFrame, lang: str) -> str:
    """Every reporting-rate row, parent names beside codes, rates in percent."""
    shown = rates.assign(**{c: [percent(x, lang, 1) for x in rates[c].astype("Float64") * 100]
                            for c in ("rate_received", "rate_on_time")})
    shown = shown.rename(columns={c: _t(c, lang) for c in shown.columns if _has(c)})
    return frame_to_html(shown, max_rows=len(shown) + 1, include_css=False,
                         decimal_comma=lang == "vi",
                         num_cols={_t("rate_received", lang), _t("rate_on_time", lang)})


def _write_html(path: Path, ctx: dict[str, Any], images: dict[str, Any]) -> None:
    lang: str = ctx["lang"]
    plan: Plan = ctx["plan"]
    esc = html.escape
    parts = [
        "<!DOCTYPE html>", f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(_t('title', lang))} — {esc(plan.scope_name)}</title>",
        f"<style>{_PAGE_CSS}{TABLE_CSS}</style></head><body>",
        f"<h1>{esc(_t('title', lang))}</h1>",
        f'<p class="summary">{esc(ctx["line"])}</p>',
        '<table class="meta">',
    ]
    for key, value in ((_t("plan", lang), f"{plan.name(lang)} ({plan.id})"),
                       (_t("scope", lang), f"{plan.scope_name} ({plan.scope_code})"),
                       (_t("generated", lang), ctx["generated"])):
        parts.append(f"<tr><td><b>{esc(key)}</b></td><td>{esc(str(value))}</td></tr>")
    parts.append("</table>")
    parts.append(f"<h2>{esc(_t('summary_sheet', lang))}</h2>")
    parts.append(_summary_html(ctx["summary"], lang))
    # A heading and its figure form one section, never split across pages.
    if "dashboard" in images:
        parts.append(f'<section class="fig"><h2>{esc(_t("dashboard", lang))}: '
                     f"{esc(plan.scope_name)}</h2>"
                     f"{_img(images['dashboard'], _t('dashboard', lang))}</section>")
    if "heatmap" in images:
        parts.append(f'<section class="fig"><h2>{esc(_t("heatmap", lang))} '
                     f"({esc(ctx['period'] or '')})</h2>"
                     f"{_img(images['heatmap'], _t('heatmap', lang))}</section>")
    if images.get("comparison"):
        first, *rest = images["comparison"]
        parts.append(f'<div class="cmp"><section class="fig"><h2>'
                     f"{esc(_t('comparison', lang))}</h2>{_img(first[1], first[0])}</section>")
        parts += [_img(data, ref) for ref, data in rest]
        parts.append("</div>")
    if "completeness" in images:
        parts.append(f'<section class="fig"><h2>{esc(_t("completeness", lang))}</h2>'
                     f"{_img(images['completeness'], _t('completeness', lang))}</section>")
    else:
        parts.append(f"<h2>{esc(_t('completeness', lang))}</h2>")
    if ctx["rates"] is not None and not ctx["rates"].empty:
        parts.append(_rates_html(ctx["rates"], lang))
    elif ctx["completeness"] is None:
        parts.append(f"<p>{esc(_t('no_registry', lang))}</p>")
    parts.append(f"<h2>{esc(_t('problems_sheet', lang))}</h2>")
    problems: pd.DataFrame = ctx["problems"]
    if problems.empty:
        parts.append(f"<p>{esc(_t('none', lang))}</p>")
    else:
        shown = problems.rename(columns={c: _t(c, lang) for c in problems.columns if _has(c)})
        parts.append(frame_to_html(
            shown, status_col=_t("severity", lang), max_rows=100, include_css=False,
            labels={k: _t(k, lang) for k in ("error", "warning", "info")},
            more=_t("rows_shown", lang).format(shown=100, total=len(problems))))
    parts.append("</body></html>")
    with _writing(path, lang) as tmp:
        # Every piece cleaned once: control characters and undecodable file names.
        tmp.write_text(xml_text("\n".join(parts)), encoding="utf-8")


# --------------------------------------------------------------------------- entry point


def _bar(total: int, enabled: bool | None) -> Any:
    from tqdm import tqdm

    show = sys.stderr.isatty() if enabled is None else enabled
    return tqdm(total=total, disable=not show, file=sys.stderr, unit="step", leave=False)


def _shown_path(path: Path) -> str:
    """A path as the report may show it: never an absolute path of this machine."""
    return path.as_posix() if not path.is_absolute() else path.name


def _summary_line(ctx: dict[str, Any], html_path: Path) -> str:
    summary: pd.DataFrame = ctx["summary"]
    numeric = summary[summary["status"] != "no_target"]
    return _t("summary_line", ctx["lang"]).format(
        files=ctx["n_files"], rows=len(ctx["observations"]), errors=ctx["n_errors"],
        warnings=ctx["n_warnings"], scope=ctx["plan"].scope_name,
        met=int(numeric["status"].isin(("met", "on_track")).sum()),
        with_data=int(numeric["value"].notna().sum()), targets=len(numeric),
        html=_shown_path(html_path))


def build_report(paths: Any, plan: Plan | str | Path, out_dir: str | Path, *,
                 units: pd.DataFrame | str | Path | None = None, lang: str = "vi",
                 progress: bool | None = None, method: str = "sdg",
                 echo: bool = False) -> ReportResult:
    """Read a batch of reports and write the Excel, figures and HTML report.

    Parameters
    ----------
    paths : path, list of paths, reader result or DataFrame
        Workbooks or folders (read with ``read_reports``), an existing reader
        result (with ``.observations``, ``.problems``, ``.files``), or an
        observations table.
    plan : Plan, str or Path
        The plan (bundled id or TOML file).
    out_dir : str or Path
        Folder to write into (created if needed); existing report files in it
        are replaced.
    units : DataFrame or path, optional
        Unit registry, for names, the plan unit's totals and completeness.
        By default the bundled sample registry, when it knows every
        reporting unit; otherwise no completeness is computed.
    lang : {"vi", "en"}
        Language of the report.
    progress : bool, optional
        Show a progress bar; by default only when stderr is a terminal.
    method : {"sdg", "trajectory"}
        Progress assessment method (named in the report).
    echo : bool
        Print the one-line summary to stdout at the end.

    Returns
    -------
    ReportResult

    Examples
    --------
    >>> import tempfile
    >>> obs = pd.DataFrame({"unit_code": ["30", "30"], "period": ["2021", "2024"],
    ...     "indicator": ["CL01", "CL01"], "numerator": [30, 12], "denominator": [1000, 1000]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     result = build_report(obs, "hai-duong-2021", tmp, lang="en")
    ...     sorted(p.name for p in Path(tmp).iterdir())
    ['figures', 'report.html', 'report.xlsx']
    >>> row = result.summary_table.iloc[0]
    >>> row["ref"], float(row["value"]), row["status"]  # 1.2 % in 2024; ≤ 1 % due in 2025
    ('A1', 0.012, 'not_yet')
    """
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    plan = _with_refs(load_plan(plan))
    out = Path(out_dir)
    figures_dir = out / "figures"
    with _locked(out, lang), _bar(5, progress) as bar:
        bar.set_description("read")
        registry = _registry(units, None) if units is not None else None
        obs, problems, files, source = _read(paths, plan, registry, lang, progress)
        if registry is None:
            registry = _registry(None, obs)
        bar.update()

        bar.set_description("compute")
        from .progress import progress as assess

        scope_obs = _scope_counts(obs, plan, registry)
        local = _in_scope(obs, plan, registry)
        refs = dict(zip(plan.targets["label"], plan.targets["ref"], strict=True))
        att_units = _add_ref(attainment(
            local[local["unit_code"].astype("str") != plan.scope_code], plan), refs)
        att_scope = (_add_ref(attainment(scope_obs, plan), refs) if not scope_obs.empty
                     else att_units.iloc[:0])
        att_scope, att_units = _judged(att_scope), _judged(att_units)
        att_all = pd.concat([att_scope, att_units], ignore_index=True)
        prog_scope = (_add_ref(assess(scope_obs, plan, method=method), refs)
                      if not scope_obs.empty else pd.DataFrame())
        prog_units = _add_ref(assess(local, plan, method=method), refs)
        parts = [p for p in (prog_scope, prog_units) if not p.empty]
        prog = pd.concat(parts, ignore_index=True) if parts else prog_units
        comp = rates = None
        if registry is not None:
            from .completeness import completeness, completeness_rates

            # Observations name each unit of a consolidated form; the files
            # table has one unit per file, so it would count those units missing.
            comp = completeness(obs if "source_file" in obs.columns else source, registry, plan)
            rates = completeness_rates(comp)
        names: dict[str, str] = {}
        if "unit_name" in obs.columns:
            for code, name in obs[["unit_code", "unit_name"]].dropna().itertuples(index=False):
                names.setdefault(str(code), str(name))
        levels: dict[str, str] = {}
        if registry is not None:
            names.update(dict(zip(registry["code"], registry["name"], strict=True)))
            levels = dict(zip(registry["code"], registry["level"], strict=True))
        names.setdefault(plan.scope_code, plan.scope_name)
        summary = _summary_table(plan, att_scope, att_units, prog_scope, lang)
        severity = problems["severity"] if "severity" in problems else pd.Series(dtype="str")
        # A commune's own plan has no units below it: show the commune itself.
        shown_units = att_units if not att_units.empty else att_scope
        periods = sorted(set(shown_units["period"]), key=_period_key)
        ctx: dict[str, Any] = {
            "lang": lang, "plan": plan, "names": names, "levels": levels,
            "observations": obs, "problems": problems, "files": files,
            "summary": summary, "att_all": att_all, "progress": prog, "method": method,
            "completeness": comp, "rates": rates,
            "n_files": len(files) if len(files) else (
                obs["source_file"].nunique() if "source_file" in obs else 0),
            "n_errors": int((severity == "error").sum()),
            "n_warnings": int((severity == "warning").sum()),
            "generated": dt.date.today().isoformat(),
            "period": periods[-1] if periods else None,
        }
        bar.update()

        bar.set_description("figures")
        figures_dir.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        images: dict[str, Any] = {"comparison": []}
        registry_names = (pd.DataFrame({"code": list(names), "name": list(names.values())})
                          if names else None)
        if not scope_obs.empty:
            fig = charts.plot_dashboard(scope_obs, plan, lang=lang, unit_name=plan.scope_name)
            images["dashboard"] = _save(fig, figures_dir, "dashboard", written, lang)
        if ctx["period"] is not None:
            fig = charts.plot_heatmap(shown_units, ctx["period"], lang=lang,
                                      units=registry_names)
            images["heatmap"] = _save(fig, figures_dir, f"heatmap_{ctx['period']}", written, lang)
            several = len(set(shown_units["unit_code"])) > 1  # one bar compares nothing
            for ref in plan.targets.loc[plan.targets["value"].notna() & several, "ref"]:
                rows = shown_units[(shown_units["ref"] == ref)
                                   & (shown_units["period"] == ctx["period"])]
                if rows.empty:
                    continue
                fig = charts.plot_comparison(shown_units, ref, ctx["period"], lang=lang,
                                             units=registry_names)
                data = _save(fig, figures_dir, f"comparison_{_slug(ref)}", written, lang)
                images["comparison"].append((ref, data))
        if comp is not None and not comp.empty:
            fig = charts.plot_completeness(comp, lang=lang, units=registry_names)
            images["completeness"] = _save(fig, figures_dir, "completeness", written, lang)
        # figures of an earlier run (another period, another plan), and only those
        _tidy_figures(figures_dir, written, lang)
        bar.update()

        bar.set_description("excel")
        xlsx = out / "report.xlsx"
        _write_workbook(xlsx, ctx)
        bar.update()

        bar.set_description("html")
        html_path = out / "report.html"
        ctx["line"] = _summary_line(ctx, html_path)
        _write_html(html_path, ctx, images)
        bar.update()
    result = ReportResult(
        out_dir=out, xlsx=xlsx, html=html_path, figures=written, summary=ctx["line"],
        summary_table=summary, observations=obs, problems=problems, files=files,
        attainment=att_all, progress=prog, completeness=comp, lang=lang,
    )
    if echo:
        print(result.summary)
    return result
