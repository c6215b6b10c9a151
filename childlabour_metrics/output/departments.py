"""The report's departments: per department, what it owns, what it reported, whether it met.

One section of the HTML page (:func:`departments_html`) and one sheet of the
workbook (:func:`write_departments_sheet`), both from the
``ReportData.departments`` table (:func:`~childlabour_metrics.analysis.owners.department_report`);
both write nothing when the report has no such table (a plan without owned
targets and a registry without departments).  The module is self-contained
so that the rest of the report can change around it: ``html.py`` and
``excel.py`` each make one call.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import pandas as pd
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from ..language.words import word
from ..reference.units import DEPARTMENT_KINDS
from ._html import STATUS_BACKGROUNDS, frame_to_html
from ._sheet import Sheet, cell_values

__all__ = ["RESULTS", "department_table", "departments_html", "write_departments_sheet"]

#: A department's result, best first: it met every target it owns that has a
#: value; it missed one; it reported but owns nothing with a value to judge;
#: it sent no report.
RESULTS: tuple[str, ...] = ("met", "not_met", "no_target", "no_data")

# The columns shown, in order (the summary's own codes; headings from the vocabulary).
_SHOWN = ["unit_code", "unit_name", "kind", "owns", "periods_reported", "reported", "n_met",
          "n_not_met", "n_no_target", "result"]


def _result(summary: pd.DataFrame) -> pd.Series:
    """met / not_met / no_target / no_data per department (see :data:`RESULTS`)."""
    met_all = summary["met_all"].astype("boolean")
    reported = summary["reported"].astype("boolean").fillna(False)
    out = pd.Series("no_target", index=summary.index, dtype="str")
    out = out.mask(met_all.fillna(False), "met")
    out = out.mask((~met_all).fillna(False), "not_met")
    return out.mask(~reported, "no_data")


def department_table(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The departments' table as the report shows it: words for codes, headings in ``lang``.

    Parameters
    ----------
    summary : DataFrame
        A :func:`~childlabour_metrics.analysis.owners.department_summary` table.
    lang : {"vi", "en"}
        Language of the words and headings.

    Returns
    -------
    DataFrame
        One row per department; the ``result`` column (last) keeps its codes
        (:data:`RESULTS`) so that outputs can colour it, the rest is text.

    Examples
    --------
    >>> summary = pd.DataFrame({"unit_code": ["40-LD"], "unit_name": ["Sở LĐTBXH"],
    ...     "kind": ["labour"], "owns": ["D1, D2"], "n_owned": [2],
    ...     "periods_reported": ["2021H1, 2021"], "reported": [True], "n_met": [1],
    ...     "n_not_met": [1], "n_no_target": [0], "met_all": [False]})
    >>> row = department_table(summary, "en").iloc[0]
    >>> row[["kind", "reported", "result"]].tolist(), int(row["n_not_met"])
    (['Department of Labour, Invalids and Social Affairs', 'Yes', 'not_met'], 1)
    """
    kinds = summary["kind"].astype("str")
    kind_words = {k: word(f"dept_{k}", lang) for k in kinds.dropna().unique()
                  if f"dept_{k}" in _known_kinds()}
    yes_no = {True: word("bool_True", lang), False: word("bool_False", lang)}
    out = summary.assign(
        kind=kinds.map(lambda k: kind_words.get(k, k), na_action="ignore").fillna(""),
        reported=summary["reported"].astype("boolean").fillna(False).map(yes_no),
        result=_result(summary),
    )
    return out[_SHOWN].reset_index(drop=True)


def _known_kinds() -> set[str]:

    return {f"dept_{k}" for k in DEPARTMENT_KINDS}


def _headings(lang: str) -> dict[str, str]:
    return {c: word(f"dept_col_{c}", lang) for c in _SHOWN}


def _results_in_words(lang: str) -> dict[str, str]:
    return {k: word(f"dept_result_{k}", lang) for k in RESULTS}


def departments_html(data: Any) -> str:
    """The departments' section of the report page ("" when the report has none).

    Parameters
    ----------
    data : ReportData
        Its ``departments`` table (None: no section) and ``lang``.

    Returns
    -------
    str
        A heading, one sentence saying how departments are judged, and the table.
    """
    summary = getattr(data, "departments", None)
    if summary is None:
        return ""
    lang = data.lang
    esc = html.escape
    parts = [f"<h2>{esc(word('dept_section', lang))}</h2>",
             f"<p>{esc(word('dept_section_note', lang))}</p>"]
    if summary.empty:
        parts.append(f"<p>{esc(word('dept_none', lang))}</p>")
        return "\n".join(parts)
    shown = department_table(summary, lang).rename(columns=_headings(lang))
    parts.append(frame_to_html(shown, status_col=word("dept_col_result", lang),
                               max_rows=len(shown) + 1, include_css=False,
                               labels=_results_in_words(lang)))
    return "\n".join(parts)


_WIDTHS = {"unit_name": 34.0, "kind": 30.0, "owns": 24.0, "periods_reported": 18.0,
           "result": 30.0}


def write_departments_sheet(wb: Any, data: Any, taken: set[str] | None = None) -> Any:
    """Add the departments' sheet to a report workbook (nothing when the report has none).

    Parameters
    ----------
    wb : openpyxl.Workbook
        The report workbook.
    data : ReportData
        Its ``departments`` table (None: no sheet) and ``lang``.
    taken : set of str, optional
        Lower-case sheet names already used; the new name is added to it.

    Returns
    -------
    Worksheet or None
        The sheet written.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from openpyxl import Workbook
    >>> summary = pd.DataFrame({"unit_code": ["40-YT"], "unit_name": ["Sở Y tế"],
    ...     "kind": ["health"], "owns": [""], "n_owned": [0], "periods_reported": [""],
    ...     "reported": [False], "n_met": [0], "n_not_met": [0], "n_no_target": [0],
    ...     "met_all": [pd.NA]})
    >>> ws = write_departments_sheet(Workbook(), SimpleNamespace(lang="en", departments=summary))
    >>> ws.title, ws["A1"].value, ws["J2"].value
    ('Departments', 'Unit code', 'Sent no report')
    """
    summary = getattr(data, "departments", None)
    if summary is None:
        return None
    lang = data.lang
    taken = set() if taken is None else taken
    title = word("dept_sheet", lang)[:31]
    base, n = title, 2
    while title.lower() in taken:
        title, n = f"{base[:27]} ({n})", n + 1
    taken.add(title.lower())
    shown = department_table(summary, lang)
    headings = _headings(lang)
    sheet = Sheet(wb, title, [_WIDTHS.get(col, 14.0) for col in _SHOWN], freeze="A2",
                  title_rows="1:1")
    sheet.header([headings[col] for col in _SHOWN])
    ws = sheet.ws
    if not len(shown):
        sheet.append([word("dept_none", lang)])
        return ws
    results = _results_in_words(lang)
    fills = {k: PatternFill("solid", fgColor=v.lstrip("#").upper())
             for k, v in STATUS_BACKGROUNDS.items()}
    columns: list[Sequence[Any]] = []
    for j, col in enumerate(_SHOWN):
        values = cell_values(shown[col])
        if col == "result":
            columns.append([sheet.text(results.get(v, v), j, fill=fills[v]) if v in fills
                            else sheet.text(results.get(v, v), j) for v in values])
        else:  # counts and flags as whole numbers
            columns.append(sheet.column([v if v is None or isinstance(v, str) else int(v)
                                         for v in values], j))
    sheet.rows_of(columns)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(_SHOWN))}{len(shown) + 1}"
    return ws
