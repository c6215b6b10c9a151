"""HTML tables for notebooks and the HTML report, with rows coloured by status.

Result objects show themselves in Jupyter through ``_repr_html_``; this module
renders their tables the same way everywhere: escaped text (a unit name is
never markup), numbers right-aligned, a status column coloured.  It returns
strings only and never loads anything from the network.
"""

from __future__ import annotations

import html
import math
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import pandas as pd

__all__ = ["STATUS_BACKGROUNDS", "TABLE_CSS", "frame_to_html"]

#: Background of a status cell, for every status vocabulary of the library
#: (attainment, progress, reporting, row status, problem severity).
STATUS_BACKGROUNDS: dict[str, str] = {
    # attainment
    "met": "#c7e9c0", "not_met": "#fdd0a2", "no_data": "#eeeeee", "no_target": "#deebf7",
    "incomplete": "#e0d4ec", "not_reported": "#fcbba1",
    # a survey estimate whose interval straddles the target
    "indistinguishable": "#fff3b0",
    # progress
    "target_achieved": "#a1d99b", "substantial_progress": "#c7e9c0", "on_track": "#c7e9c0",
    "moderate_progress": "#fff3b0", "limited_progress": "#fdd0a2", "off_track": "#fdd0a2",
    "deterioration": "#fcbba1", "not_available": "#eeeeee", "insufficient_data": "#eeeeee",
    # reporting
    "on_time": "#c7e9c0", "late": "#fff3b0", "received": "#e5f5e0", "missing": "#fcbba1",
    "unexpected": "#dadaeb", "not_yet": "#fff3b0",
    # row status and severity
    "ok": "#ffffff", "warning": "#fff3b0", "error": "#fcbba1", "superseded": "#eeeeee",
    "info": "#deebf7",
}

#: CSS for tables made by :func:`frame_to_html` (included once per page).
TABLE_CSS = """
table.clm { border-collapse: collapse; font: 13px 'DejaVu Sans', Arial, sans-serif; }
table.clm th { background: #1f4e79; color: #fff; padding: 4px 8px; text-align: left; }
table.clm td { padding: 3px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }
/* A file path is one long word: broken inside its cell, never running over the next
   column (on a phone the problems' first column printed into the sheet names). */
table.clm td { overflow-wrap: break-word; }
table.clm td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.clm caption { text-align: left; color: #555; padding: 4px 0; }
/* On a phone a wide table scrolls inside its box, its first column kept in view. */
div.clm-wrap { overflow-x: auto; max-width: 100%; -webkit-overflow-scrolling: touch; }
table.clm th:first-child, table.clm td:first-child { position: sticky; left: 0; z-index: 1; }
table.clm td:first-child { background: #fff; }
@media print {
  div.clm-wrap { overflow: visible; }
  table.clm { font-size: 9px; width: 100%; }
  table.clm thead { display: table-header-group; }
  table.clm tr { page-break-inside: avoid; break-inside: avoid; }
  table.clm th:first-child, table.clm td:first-child { position: static; }
}
"""


def _cell(value: Any, decimals: int, comma: bool = False) -> tuple[str, bool]:
    """Text of a cell and whether it is a number."""
    if isinstance(value, tuple | list):
        return html.escape(" + ".join(str(v) for v in value)), False
    if value is None or value is pd.NA or value is pd.NaT:
        return "", False
    if isinstance(value, float) and math.isnan(value):
        return "", False
    if isinstance(value, bool):
        return ("✓" if value else "✗"), False
    if isinstance(value, int):  # no grouping: years and codes are ints too
        return str(value), True
    if isinstance(value, float):
        text = f"{value:.{decimals}f}"
        return (text.replace(".", ",") if comma else text), True
    if isinstance(value, pd.Timestamp):
        return html.escape(value.strftime("%Y-%m-%d")), False
    return html.escape(str(value)), False


def frame_to_html(frame: pd.DataFrame, status_col: str | None = None, *,
                  max_rows: int = 60, decimals: int = 1, caption: str | None = None,
                  include_css: bool = True, labels: dict[str, str] | None = None,
                  decimal_comma: bool = False, num_cols: Collection[str] = (),
                  more: str | None = None, status_codes: Sequence[str] | None = None,
                  coloured: Mapping[str, Sequence[str]] | None = None) -> str:
    """Render a DataFrame as an HTML table, the status column coloured.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    status_col : str, optional
        Column whose values (``met``, ``late``, ``error`` ...) colour their
        cell; see :data:`STATUS_BACKGROUNDS`.
    max_rows : int
        Rows shown; the caption says how many were left out.
    decimals : int
        Decimals of floating-point numbers.
    caption : str, optional
        Caption above the table.
    include_css : bool
        Prefix a ``<style>`` block (leave out when the page already has it).
    labels : dict, optional
        Display text for status values (e.g. ``{"met": "Đạt"}``); the
        colour still follows the value.
    decimal_comma : bool
        Write decimals with a comma, as Vietnamese does (``12,5``).
    num_cols : collection of str
        Columns of numbers already written as text (right-aligned).
    more : str, optional
        Caption when rows are left out (say how many and where the rest
        is); by default ``shown / total``.
    status_codes : sequence of str, optional
        The status code of each row, where the status column holds words
        already: the colour follows the code, the text is the column's.
    coloured : mapping of str to sequence of str, optional
        Other columns of words coloured the same way: column -> each row's code
        (a survey estimate judged against the 2025 and the 2030 targets).

    Returns
    -------
    str

    Examples
    --------
    >>> df = pd.DataFrame({"unit": ["<b>x</b>"], "value": [1.25], "status": ["met"]})
    >>> out = frame_to_html(df, "status", include_css=False)
    >>> "&lt;b&gt;x&lt;/b&gt;" in out, "#c7e9c0" in out, '<td class="num">1.2</td>' in out
    (True, True, True)
    >>> '<td class="num">1,2</td>' in frame_to_html(df, decimal_comma=True)
    True
    """
    shown = frame.head(max_rows)
    parts = []
    if include_css:
        parts.append(f"<style>{TABLE_CSS}</style>")
    parts.append('<div class="clm-wrap"><table class="clm">')
    notes = []
    if caption:
        notes.append(html.escape(caption))
    if len(frame) > max_rows:
        notes.append(html.escape(more) if more else f"{max_rows} / {len(frame):,}")
    if notes:
        parts.append(f"<caption>{' — '.join(notes)}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
                 + "</tr></thead><tbody>")
    codes = list(status_codes)[:max_rows] if status_codes is not None else None
    others = {c: list(v)[:max_rows] for c, v in (coloured or {}).items()}
    for i, row in enumerate(shown.itertuples(index=False)):
        cells = []
        for col, value in zip(shown.columns, row, strict=True):
            if hasattr(value, "item") and not isinstance(value, str):
                value = value.item()  # numpy scalar → Python
            text, is_num = _cell(value, decimals, decimal_comma)
            style = ""
            if col == status_col and codes is not None:
                colour = STATUS_BACKGROUNDS.get(str(codes[i]))
                if colour:
                    style = f' style="background:{colour}"'
            elif col == status_col and isinstance(value, str):
                colour = STATUS_BACKGROUNDS.get(value)
                if colour:
                    style = f' style="background:{colour}"'
                if labels and value in labels:
                    text = html.escape(labels[value])
            elif col in others:
                colour = STATUS_BACKGROUNDS.get(str(others[col][i]))
                if colour:
                    style = f' style="background:{colour}"'
            cls = ' class="num"' if is_num or col in num_cols else ""
            cells.append(f"<td{cls}{style}>{text}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)
