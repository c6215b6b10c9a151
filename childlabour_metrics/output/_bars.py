"""The units compared target by target, as HTML bars: text that reads on a phone and prints.

Each target of the plan gets a table of its units, best first: the unit's
name, a bar as long as its value and coloured by its verdict, a red line at
the target, the value with the digits that decide, and the verdict in words
("chưa nộp" where the unit sent nothing).  Drawn as HTML rather than as a
picture: a dozen bar charts of a province's communes were most of the
report's time (each of some eighty labels laid out and rasterised), and their
labels printed at about 5 points; as text they cost nothing and print as
text.  At national scale the units are ranked (the best and the worst
:data:`RANK_TOP`, the others counted) after the level below the plan's unit
(34 provinces).  :func:`~childlabour_metrics.output.charts.plot_comparison`
draws the same bars as a figure, for notebooks and ``svg=True``.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from ..analysis.report_data import ReportData
from ..language.words import number, word
from ..reference.indicators import indicator_name
from ._format import pct_texts, target_text, verdict_words
from ._format import report_word as _t
from ._html import STATUS_BACKGROUNDS

__all__ = ["BARS_CSS", "RANK_TOP", "bars_html", "shown_judged"]

#: A ranking at scale: the best and the worst this many units.
RANK_TOP = 15

#: Bar colours: the figures' status colours, strong enough to read as bars.
_BAR_COLOURS = {"met": "#1b9e77", "on_track": "#7fc9b0", "not_yet": "#f2c57c",
                "not_met": "#d95f02", "incomplete": "#c2a5cf"}

BARS_CSS = """
table.bars { border-collapse: collapse; font-size: 12px; width: 100%; max-width: 900px; }
table.bars caption { text-align: left; font-weight: bold; padding: 8px 0 4px; }
table.bars td { padding: 1px 6px; vertical-align: middle; white-space: nowrap; }
table.bars td.name { max-width: 14em; overflow: hidden; text-overflow: ellipsis; }
table.bars td.bar { width: 55%; position: relative; }
table.bars td.bar i { display: block; height: 11px; }
table.bars td.bar b { position: absolute; top: 0; bottom: 0; border-left: 2px solid #c0392b; }
table.bars td.v { text-align: right; font-variant-numeric: tabular-nums; }
table.bars td.w { color: #444; font-size: 11px; }
table.bars tr.more td { color: #777; font-style: italic; }
@media (max-width: 600px) { table.bars td.w { display: none; } table.bars td.bar { width: 40%; } }
@media print {
  table.bars { font-size: 9px; page-break-inside: avoid; break-inside: avoid; }
  table.bars td.bar i, table.bars td.bar b { print-color-adjust: exact;
                                             -webkit-print-color-adjust: exact; }
}
"""


def shown_judged(data: ReportData) -> pd.DataFrame:
    """The judged rows the unit figures show: the units, or the plan's unit alone (a
    commune's own plan has no units below it)."""
    judged = data.judged
    if judged is None:
        return pd.DataFrame()
    units = judged[~judged["is_scope"]]
    return units if not units.empty else judged.assign(is_scope=False)


def _order(rows: pd.DataFrame) -> pd.DataFrame:
    """Best first (lowest first for a falling rate); units without a value last."""
    decreasing = bool((rows["direction"] == "decrease").any())
    has = rows["value"].notna()
    return rows.assign(_has=has).sort_values(
        ["_has", "value", "unit_code"], ascending=[False, decreasing, True],
        kind="stable", na_position="last").drop(columns="_has")


def _table(rows: pd.DataFrame, title: str, names: dict[str, str], lang: str,
           top: int | None = None) -> str:
    esc = html.escape
    rows = _order(rows)
    rest = 0
    if top is not None and len(rows) > 2 * top + 1:
        valued = rows[rows["value"].notna()]
        keep = pd.concat([valued.head(top), valued.tail(top)]) if len(valued) > 2 * top \
            else valued
        rest = len(rows) - len(keep)
        rows = keep
    value = rows["value"].astype("Float64").to_numpy(float, na_value=np.nan)
    target = rows["target"].astype("Float64").to_numpy(float, na_value=np.nan)
    goal = float(target[0]) if len(target) and target[0] == target[0] else np.nan
    top_value = np.nanmax([*value, goal, 1.0]) * 1.05
    widths = np.where(np.isnan(value), 0.0, 100 * value / top_value)
    texts = pct_texts(rows["value"], rows["target"], lang)
    # no value: say why in the value's place too (the verdict column is off a phone's screen)
    texts = [word("chart_cell_not_reported", lang) if st == "not_reported" else
             (t or "–") for t, st in zip(texts, rows["status"], strict=True)]
    words = verdict_words(rows, lang).tolist()
    line = (f'<b style="left:{100 * goal / top_value:.2f}%"></b>' if goal == goal else "")
    body = []
    for k, (code, status, width, text, said) in enumerate(zip(
            rows["unit_code"].astype(str), rows["status"], widths, texts, words,
            strict=True)):
        if rest and k == min(top or 0, len(rows) // 2):
            body.append(f'<tr class="more"><td colspan="4">'
                        f"{esc(word('chart_others', lang).format(n=number(rest, lang, 0)))}"
                        "</td></tr>")
        colour = _BAR_COLOURS.get(str(status))
        bar = (f'<i style="width:{width:.2f}%;background:{colour}"></i>' if colour and width
               else "<i></i>")
        cell = STATUS_BACKGROUNDS.get(str(status), "#ffffff")
        body.append(f'<tr><td class="name">{esc(names.get(code, code))}</td>'
                    f'<td class="bar">{bar}{line}</td><td class="v">{esc(text)}</td>'
                    f'<td class="w" style="background:{cell}">{esc(said)}</td></tr>')
    return (f'<table class="bars"><caption>{esc(title)}</caption>'
            f"{''.join(body)}</table>")


def _title(rows: pd.DataFrame, ref: str, period: Any, lang: str, ranking: bool) -> str:
    codes: tuple[str, ...] = tuple(rows["indicators"].iloc[0]) if len(rows) else ()
    what = (f"{codes[0]} · {indicator_name(codes[0], lang)}" if len(codes) == 1
            else " + ".join(codes))
    target = target_text(rows["operator"].iloc[0], rows["target"].iloc[0], lang) if len(
        rows) else ""
    head = f"{ref} — {word('chart_ranking', lang)}" if ranking else ref
    return f"{head} — {what}, {period}" + (f" ({_t('target', lang)} {target})" if target
                                           else "")


def bars_html(data: ReportData) -> str:
    """Every numeric target's units compared, as HTML tables of bars (see the module)."""
    judged = data.judged
    shown = shown_judged(data)
    if judged is None or shown.empty or len(set(shown["unit_code"])) < 2:
        return ""  # one bar compares nothing
    lang, names = data.lang, data.names
    parts = []
    overview = data.overview
    for ref in data.plan.targets.loc[data.plan.targets["value"].notna(), "ref"]:
        rows = shown[shown["ref"] == ref]
        if not rows["value"].notna().any():
            continue
        period = rows["period"].dropna().iloc[0] if rows["period"].notna().any() else ""
        if overview is not None:
            over = overview[(overview["ref"] == ref) & (overview["period"] == period)]
            if not over.empty:
                parts.append(_table(over, _title(over, ref, period, lang, False), names,
                                    lang))
            parts.append(_table(rows, _title(rows, ref, period, lang, True), names, lang,
                                top=RANK_TOP))
        else:
            parts.append(_table(rows, _title(rows, ref, period, lang, False), names, lang))
    return "\n".join(parts)
