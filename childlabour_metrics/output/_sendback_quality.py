"""The data-quality review's warnings in the send-back workbooks: what a unit is asked to
check and explain.

:func:`~childlabour_metrics.output.forms.write_problem_workbooks` writes one
workbook per unit with the reader's problems; given the review
(:func:`~childlabour_metrics.data_quality`), each figure it flags for a unit
goes into that unit's workbook too, on a sheet of its own ("Cần giải trình"):
the file, sheet and cells the figure was read from, why it is flagged, what
the unit is asked, and a blank column for the unit's answer.  A unit with
flags and no problem gets a workbook with that sheet alone.  A figure the
problems sheet already asks the unit to fix (the same file and cell) is not
asked again: an error is fixed, not explained.

The external check (an area's rate summed from many reports against a
survey) is the officer's question about the counting, not one a commune can
answer: it stays in the report's follow-up list and is not sent back.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from ..analysis.quality._show import follow_up_text
from ..language.problems import label
from ..language.words import word
from ._sendback_sheet import write_head, write_table

__all__ = ["SENT_BACK", "not_asked_twice", "quality_rows", "write_quality_sheet"]

#: The review's dimensions a unit can answer for (its own figures).
SENT_BACK: tuple[str, ...] = ("outliers", "over_time", "denominators", "consistency")
_COLUMNS = ("source_file", "sheet", "cells", "period", "indicator", "severity", "why",
            "question", "answer")
_WIDTHS = (24, 10, 9, 9, 8, 9, 42, 38, 32)


def quality_rows(quality: Any, lang: str) -> pd.DataFrame:
    """The flags to send back, one row per figure, with their words (``why``, ``question``).

    ``quality``: a :class:`~childlabour_metrics.analysis.quality.DataQuality`, or its
    ``follow_up`` table.  Columns: the follow-up list's, ``why`` and ``question``.
    """
    table = getattr(quality, "follow_up", quality)
    mine = table[table["dimension"].isin(SENT_BACK).to_numpy(dtype=bool)
                 & table["unit_code"].notna().to_numpy(dtype=bool)]
    return follow_up_text(mine.reset_index(drop=True), lang)


def not_asked_twice(flags: pd.DataFrame, problems: pd.DataFrame) -> pd.DataFrame:
    """The flags but those on a cell the unit's problems already ask it to fix.

    The reader's problems (CL02 above CL01 at E13) and the review's consistency
    checks can name the same figure; the unit is asked once, to fix it, on the problems
    sheet: a figure that cannot be right is never also asked to be explained.

    Examples
    --------
    >>> flags = pd.DataFrame({"unit_code": ["1", "1"], "source_file": ["a.xlsx", "a.xlsx"],
    ...                       "cells": ["E13, E12", "F18"]})
    >>> problems = pd.DataFrame({"unit_code": ["1"], "file": ["a.xlsx"], "cell": ["E13"]})
    >>> not_asked_twice(flags, problems)["cells"].tolist()
    ['F18']
    """
    if flags.empty or problems.empty:
        return flags
    cells = (flags[["unit_code", "source_file", "cells"]].astype("string")
             .assign(cell=lambda t: t["cells"].str.split(","))
             .explode("cell"))
    cells["cell"] = cells["cell"].str.strip()
    fixed = problems[["unit_code", "file", "cell"]].astype("string").dropna().drop_duplicates()
    met = cells.reset_index().merge(fixed, left_on=["unit_code", "source_file", "cell"],
                                    right_on=["unit_code", "file", "cell"])["index"]
    return flags[~flags.index.isin(met)]


def _headings(lang: str) -> list[str]:
    heads = {"source_file": label("file", lang), "sheet": label("sheet", lang),
             "cells": word("col_cells", lang), "period": label("period", lang),
             "indicator": label("indicator", lang), "severity": label("severity", lang),
             "why": word("col_why", lang), "question": word("sendback_request", lang),
             "answer": word("sendback_answer", lang)}
    return [heads[c] for c in _COLUMNS]


def write_quality_sheet(sheet: Worksheet, unit: str, name: str | None, rows: pd.DataFrame,
                        lang: str) -> None:
    """Fill ``sheet`` with a unit's flags: a head (title, unit, periods, what to do), then
    one row per flagged figure, printable on A4 with its text whole."""
    sheet.title = word("sendback_quality_sheet", lang)[:31]
    write_head(sheet, unit, name, rows["period"], lang, title="sendback_quality_title",
               todo="sendback_quality_todo", widths=_WIDTHS)
    severity = {s: word(f"severity_{s}", lang) for s in ("error", "warning", "info")}
    shown = rows.assign(severity=rows["severity"].map(severity), answer="")
    # room to answer: every row at least three lines tall
    write_table(sheet, _headings(lang), shown[list(_COLUMNS)], _WIDTHS, min_lines=3)
