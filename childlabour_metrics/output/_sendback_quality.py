"""The data-quality review's warnings in the send-back workbooks: what a unit is asked to
check and explain.

:func:`~childlabour_metrics.output.forms.write_problem_workbooks` writes one
workbook per unit with the reader's problems; given the review
(:func:`~childlabour_metrics.data_quality`), each figure it flags for a unit
goes into that unit's workbook too, on a sheet of its own ("Cần giải trình"):
the file, sheet and cells the figure was read from, why it is flagged, what
the unit is asked, and a blank column for the unit's answer.  A unit with
flags and no problem gets a workbook with that sheet alone.

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

__all__ = ["SENT_BACK", "quality_rows", "write_quality_sheet"]

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
