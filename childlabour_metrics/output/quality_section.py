"""The report's data-quality section: the DQR scorecard and the follow-up list, in words.

One section of the HTML page (:func:`quality_html`), one sheet of the workbook
(:func:`write_quality_sheet`, "Chất lượng số liệu") and a block on the
workbook's summary sheet (:func:`quality_summary_rows`), all from the
:class:`~childlabour_metrics.analysis.quality.DataQuality` that
:func:`~childlabour_metrics.analysis.report_data.analyse` builds once
(``ReportData.sections``).  The review carries codes; the words are chosen
here, in the report's language.

* The **scorecard**, as the WHO DQR summary shows it: per dimension, the
  checks run and failed and the share of units passing (a unit passes when
  none of its checks failed); a dimension not checked says why.  With more
  than one parent (a national report: the provinces), the share of units
  passing per parent too.
* The **follow-up list**: which unit, which figure (file, sheet, cells), why,
  and what to ask.  The page shows its first :data:`HTML_ROWS` rows, the
  sheet its first :data:`SHEET_ROWS` (errors first), each saying where the
  rest is.  The sheet is a long list kept off paper, as the report's other
  lists are; the scorecard prints on the summary sheet's page.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
from openpyxl.styles import Alignment, Font

from ..analysis.quality import DIMENSIONS
from ..analysis.quality._show import follow_up_text
from ..language.words import has_word, number, percent, word
from ._format import level_word
from ._format import report_word as _t
from ._html import STATUS_BACKGROUNDS, frame_to_html
from ._sheet import Sheet, cell_values, not_printed, sheet_name, status_rules

__all__ = ["HTML_ROWS", "SECTIONS_CSS", "SHEET_ROWS", "follow_up_frame", "quality_html",
           "quality_summary_rows", "scorecard_frame", "sheet_title", "write_quality_sheet"]

#: Rows of the follow-up list on the page (the sheet has more).
HTML_ROWS = 100
#: Rows of the follow-up list on the sheet: beyond this the list says the data or the
#: thresholds are wrong, not what to ask, and would be most of the workbook's time.
SHEET_ROWS = 5000
#: The page's rules for the sections' tables (survey and quality): a first column wide
#: enough for a name, and the follow-up list's sentences wide enough to read on a phone
#: (the table scrolls sideways in its box).
SECTIONS_CSS = """
div.sec table.clm td:first-child { min-width: 9em; }
div.qlist table.clm td:nth-child(2), div.qlist table.clm td:nth-child(3) {
  min-width: 15em; max-width: 28em; }
@media print { div.qlist table.clm td:nth-child(2), div.qlist table.clm td:nth-child(3) {
  min-width: 0; } }
"""


_SCORE_COLUMNS = ["dimension", "n_checks", "n_failed", "n_units", "n_units_pass",
                  "pct_units_pass"]


def _heading(column: str, lang: str) -> str:
    """A column's heading: the report's word, else the review's (``col_<column>``)."""
    if has_word(f"report_{column}"):
        return _t(column, lang)
    return word(f"col_{column}", lang) if has_word(f"col_{column}") else column


def sheet_title(lang: str) -> str:
    """The sheet's name: the section's title."""
    return _t("quality_section", lang)[:31]


def _not_checked(review: Any, dimension: str, lang: str) -> str:
    """Why a dimension ran no check, in words."""
    if dimension == "external":
        why = _t("quality_no_survey", lang)
    elif dimension == "outliers" and not review.sections.empty:
        reasons = review.sections["reason"].dropna()
        code = str(reasons.mode().iloc[0]) if len(reasons) else ""
        if not has_word(f"quality_section_{code}"):
            return _t("quality_not_checked", lang)
        t = review.thresholds
        why = word(f"quality_section_{code}", lang, min_units=t.min_units,
                   min_denominator=t.min_denominator)
    else:
        return _t("quality_not_checked", lang)
    return word("report_quality_not_checked_why", lang, why=why)


def scorecard_frame(review: Any, lang: str) -> pd.DataFrame:
    """The scorecard's summary as the report shows it: a row per dimension, in words.

    The counts stay numbers; a dimension that ran no check says why in its
    last column instead of a share.

    Examples
    --------
    >>> import childlabour_metrics as clm
    >>> obs = pd.DataFrame({"unit_code": ["a", "a"], "period": ["2024", "2024"],
    ...     "indicator": ["CL01", "CL02"], "numerator": [20, 30], "denominator": [900, 900]})
    >>> frame = scorecard_frame(clm.data_quality(obs), "en")
    >>> frame.iloc[3].astype(str).tolist()
    ['Consistency between indicators', '1', '1', '1', '0', '0.0%']
    """
    every = _every(review)
    shares = [percent(float(p), lang, 1) if n > 0 else _not_checked(review, d, lang)
              for d, n, p in zip(every.index, every["n_checks"], every["pct_units_pass"],
                                 strict=True)]
    return pd.DataFrame({
        "dimension": [word(f"quality_dim_{d}", lang) for d in every.index],
        **{c: every[c].astype("int64").to_numpy() for c in _SCORE_COLUMNS[1:-1]},
        "pct_units_pass": shares,
    })


def _every(review: Any) -> pd.DataFrame:
    """The scorecard's rows for all units together, one per dimension in order."""
    card = review.scorecard
    return card[card["scope"] == "all"].set_index("dimension").reindex(list(DIMENSIONS))


def _sheet_columns(sheet: Sheet, review: Any, card: pd.DataFrame, first: int) -> list[Any]:
    """The scorecard's cells from column ``first``: counts as numbers and the share of
    units passing as a number formatted in percent, so that a spreadsheet right-aligns,
    sorts and sums it as the by-parent table's; a dimension not checked keeps its why."""
    every = _every(review)
    checked = (every["n_checks"] > 0).to_numpy(dtype=bool)
    shares = [float(p) / 100 if ok else why for p, ok, why in zip(
        every["pct_units_pass"], checked, card["pct_units_pass"], strict=True)]
    columns = [sheet.column(cell_values(card[c]), j)
               for j, c in enumerate(card.columns[:-1], start=first)]
    columns.append(sheet.column(shares, first + len(card.columns) - 1,
                                ["0.0%" if ok else None for ok in checked]))
    return columns


def _counts_in_words(card: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The scorecard's counts as the page writes numbers ("2.331")."""
    return card.assign(**{c: [number(int(v), lang, 0) for v in card[c]]
                          for c in _SCORE_COLUMNS[1:-1]})


def _parents(review: Any, names: dict[str, str]) -> pd.DataFrame:
    """Share of units passing per parent (rows) and dimension (columns), in percent."""
    card = review.scorecard
    rows = card[(card["scope"] == "parent") & (card["n_checks"] > 0)]
    if rows["unit_code"].nunique() < 2:
        return pd.DataFrame()
    grid = rows.pivot_table(index="unit_code", columns="dimension", values="pct_units_pass",
                            aggfunc="first")
    grid = grid.reindex(columns=[d for d in DIMENSIONS if d in grid.columns])
    grid.index = [f"{names.get(str(c), c)} ({c})" for c in grid.index]
    return grid


def _parent_level(review: Any, lang: str) -> str:
    """The parents' level in a sentence ("tỉnh"), or "đơn vị cấp trên"."""
    within = review.within
    if within and has_word(f"level_{within}"):
        return level_word(within, lang).lower()
    return word("quality_scope_parent", lang).lower()


def follow_up_frame(review: Any, names: dict[str, str], lang: str, rows: int) -> pd.DataFrame:
    """The first ``rows`` of the follow-up list with its words, as the report shows it.

    Columns: ``unit_code, unit_name, parent_name`` (the parent unit's name, headed as
    the report's other tables head it: never the plan's "parent"), ``period, indicator,
    dimension, severity`` (its code, for the colour), ``why, ask, file, sheet, cells``.
    """
    head = follow_up_text(review.follow_up.head(rows), lang)
    parent = head["parent_code"].map(lambda c: names.get(str(c), c), na_action="ignore")
    return pd.DataFrame({
        "unit_code": head["unit_code"], "unit_name": head["unit_name"],
        "parent_name": parent,
        "period": head["period"], "indicator": head["indicator"],
        "dimension": head["dimension"].map(lambda d: word(f"quality_dim_{d}", lang)),
        "severity": head["severity"], "why": head["why"], "ask": head["question"],
        "file": head["source_file"], "sheet": head["sheet"], "cells": head["cells"],
    })


def _intro(review: Any, lang: str) -> list[str]:
    card = review.scorecard
    checks = int(card.loc[card["scope"] == "all", "n_checks"].sum())
    within = ("province" if review.within == "province"
              else "parent" if review.n_units and _has_parents(review) else "all")
    return [word("report_quality_intro", lang, units=number(review.n_units, lang, 0),
                 checks=number(checks, lang, 0), flags=number(len(review.follow_up), lang, 0)),
            _t(f"quality_within_{within}", lang)]


def _has_parents(review: Any) -> bool:
    card = review.scorecard
    return bool((card["scope"] == "parent").any())


def quality_html(data: Any, review: Any, images: dict[str, Any] | None = None) -> str:
    """The section of the report page: heading, what was done, the scorecard, the list.

    ``images``: the page's figures (the section draws none).
    """
    lang, esc = data.lang, html.escape
    parts = [f"<h2>{esc(_t('quality_section', lang))}</h2>",
             f"<p>{esc(' '.join(_intro(review, lang)))}</p>",
             f'<p class="note">{esc(_t("quality_scorecard", lang))}</p>']
    card = _counts_in_words(scorecard_frame(review, lang), lang)
    parts.append('<div class="sec">' + frame_to_html(
        card.rename(columns={c: _heading(c, lang) for c in card.columns}),
        max_rows=len(card) + 1, include_css=False,
        num_cols={_heading(c, lang) for c in _SCORE_COLUMNS[1:]}) + "</div>")
    parents = _parents(review, data.names)
    if not parents.empty:
        level = _parent_level(review, lang)
        shown = parents.apply(lambda col: [percent(float(v), lang, 1) if pd.notna(v) else ""
                                           for v in col])
        shown = shown.rename(columns={d: word(f"quality_dim_{d}", lang) for d in shown.columns})
        shown.insert(0, _heading("unit_name", lang), shown.index)
        title = word("report_quality_by_parent", lang, level=level)
        parts.append(f'<details><summary>{esc(title)} ({len(parents)})</summary><div class="sec">'
                     + frame_to_html(shown.reset_index(drop=True), max_rows=len(shown) + 1,
                                     include_css=False, num_cols=set(shown.columns[1:]))
                     + "</div></details>")
    parts.append(f"<h3>{esc(_t('quality_follow_up', lang))}</h3>")
    total = len(review.follow_up)
    if not total:
        parts.append(f"<p>{esc(_t('quality_none', lang))}</p>")
        return "\n".join(parts)
    parts.append(f'<p class="note">{esc(_t("quality_follow_up_note", lang))}</p>')
    listed = follow_up_frame(review, data.names, lang, HTML_ROWS)
    unit = [f"{n} ({c})" if isinstance(n, str) and n else str(c)
            for n, c in zip(listed["unit_name"], listed["unit_code"], strict=True)]
    where = [" · ".join(str(v) for v in (f, s, c) if isinstance(v, str) and v)
             for f, s, c in zip(listed["file"], listed["sheet"], listed["cells"], strict=True)]
    # the sentences next to the unit: on a phone they are what the reader scrolls for
    shown = pd.DataFrame({
        _heading("unit_name", lang): unit,
        _heading("why", lang): listed["why"], _heading("ask", lang): listed["ask"],
        _heading("severity", lang): [word(f"severity_{s}", lang) for s in listed["severity"]],
        _heading("period", lang): listed["period"], _heading("file", lang): where,
    })
    more = word("report_quality_rows_shown", lang, shown=number(len(listed), lang, 0),
                total=number(total, lang, 0), sheet=sheet_title(lang))
    parts.append('<div class="sec qlist">' + frame_to_html(
        shown, status_col=_heading("severity", lang), status_codes=list(listed["severity"]),
        max_rows=HTML_ROWS, include_css=False, more=more) + "</div>")
    return "\n".join(parts)


def quality_summary_rows(sheet: Sheet, data: Any, review: Any) -> None:
    """The scorecard on the workbook's summary sheet (its page is printed; the list is not)."""
    lang = data.lang
    sheet.append([])
    sheet.append([sheet.text(_t("quality_section", lang), 0, font=Font(bold=True, size=12))])
    sheet.paragraph(" ".join(_intro(review, lang)), 1)
    card = scorecard_frame(review, lang)
    # the dimension's words in the wide second column, the counts beside them
    sheet.header(["", *[_heading(c, lang) for c in card.columns]])
    sheet.rows_of([[None] * len(card), *_sheet_columns(sheet, review, card, 1)])
    sheet.paragraph(word("report_quality_pointer", lang,
                         flags=number(len(review.follow_up), lang, 0), sheet=sheet_title(lang)), 1)


_WIDTHS = {"unit_code": 11.0, "unit_name": 24.0, "parent_name": 20.0, "period": 10.0,
           "indicator": 9.0, "dimension": 24.0, "severity": 10.0, "why": 60.0, "ask": 50.0,
           "file": 30.0, "sheet": 12.0, "cells": 10.0}


def write_quality_sheet(wb: Any, data: Any, review: Any, taken: set[str]) -> None:
    """The "Chất lượng số liệu" sheet: the scorecard, by parent, then the follow-up list.

    Kept off paper (its print area a blank cell), as the report's other long lists:
    the summary sheet prints the scorecard.
    """
    lang = data.lang
    columns = list(_WIDTHS)
    sheet = Sheet(wb, sheet_name(sheet_title(lang), taken), [_WIDTHS[c] for c in columns])
    sheet.append([sheet.text(_t("quality_section", lang), 0, font=Font(bold=True, size=12))])
    for line in (*_intro(review, lang), _t("quality_not_printed", lang)):
        sheet.paragraph(line)
    sheet.append([])
    card = scorecard_frame(review, lang)
    sheet.header([_heading(c, lang) for c in card.columns])
    sheet.rows_of(_sheet_columns(sheet, review, card, 0))
    parents = _parents(review, data.names)
    if not parents.empty:
        level = _parent_level(review, lang)
        sheet.append([])
        sheet.append([sheet.text(word("report_quality_by_parent", lang, level=level), 0,
                                 font=Font(bold=True), alignment=Alignment(wrap_text=False))])
        sheet.header([_heading("unit_name", lang),
                      *[word(f"quality_dim_{d}", lang) for d in parents.columns]])
        sheet.rows_of([sheet.column(list(parents.index), 0)]
                      + [sheet.column(cell_values(parents[d].astype("Float64") / 100), j,
                                      "0.0%") for j, d in enumerate(parents.columns, start=1)])
    sheet.append([])
    total = len(review.follow_up)
    sheet.append([sheet.text(_t("quality_follow_up", lang), 0, font=Font(bold=True),
                             alignment=Alignment(wrap_text=False))])
    if not total:
        sheet.append([sheet.text(_t("quality_none", lang), 0)])
        not_printed(sheet)
        return
    note = _t("quality_follow_up_note", lang)
    if total > SHEET_ROWS:
        note += " " + word("report_quality_sheet_capped", lang,
                           shown=number(SHEET_ROWS, lang, 0), total=number(total, lang, 0))
    sheet.paragraph(note)
    listed = follow_up_frame(review, data.names, lang, SHEET_ROWS)
    severity = listed["severity"]
    texts = {s: word(f"severity_{s}", lang) for s in pd.unique(severity.dropna())}
    listed = listed.assign(severity=severity.map(texts))
    first = sheet.rows + 1
    sheet.header([_heading(c, lang) for c in columns])
    sheet.rows_of([sheet.column(cell_values(listed[c]), j) for j, c in enumerate(columns)])
    ws = sheet.ws
    last = first + len(listed)
    ws.auto_filter.ref = f"A{first}:L{last}"
    status_rules(ws, columns.index("severity") + 1, first + 1, last,
                  {k: v for k, v in texts.items() if k in STATUS_BACKGROUNDS})
    not_printed(sheet)
