"""The report's HTML page: one self-contained file, figures embedded, no external
requests; readable on a phone (value and status first, wide tables scroll in
their box) and printable on A4 (headings kept with their figures).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from ..analysis.report_data import ReportData, _progress_label
from ..language.words import number, percent, word
from ..reference.plans import Plan
from ._bars import BARS_CSS, bars_html
from ._format import (
    coverage_texts,
    earlier_texts,
    level_word,
    pct_texts,
    problems_shown,
    target_text,
    verdict_words,
)
from ._format import has_report_word as _has
from ._format import report_word as _t
from ._headline import headline_text
from ._html import STATUS_BACKGROUNDS, TABLE_CSS, frame_to_html
from ._safe import writing, xml_text
from .departments import departments_html
from .quality_section import SECTIONS_CSS, quality_html
from .survey_section import survey_html

__all__ = ["SECTION_WRITERS", "summary_frame", "summary_html", "write_html"]


def _pct_texts(values: pd.Series, targets: pd.Series | None, lang: str) -> list[str]:
    """Fractions as percent text, each with the digits that decide its verdict."""
    v = values.astype("Float64") * 100
    t = None if targets is None else targets.astype("Float64") * 100
    return pct_texts(v, t, lang)


def summary_frame(summary: pd.DataFrame, lang: str, level: str | None = None) -> pd.DataFrame:
    """The summary as people read it (HTML, notebooks): words for codes, digits that decide.

    Value and verdict come right after the target's name, so that on a phone
    they are on screen without scrolling sideways; the value's period, the
    latest earlier value where the period has none, and the coverage follow.
    """
    target = summary["target"].astype("Float64") * 100
    earlier = summary.assign(earlier_value=summary["earlier_value"].astype("Float64") * 100,
                             target=target)
    shown = pd.DataFrame({
        "ref": summary["ref"], "label": summary["label"],
        "value": _pct_texts(summary["value"], summary["target"], lang),
        "status": verdict_words(summary, lang),
        "target": [target_text(op, x, lang) for op, x in zip(summary["operator"], target,
                                                              strict=True)],
        "target_year": summary["target_year"],
        "judged_period": summary["period"],
        "earlier": earlier_texts(earlier, lang),
        "coverage": coverage_texts(summary, level, lang),
        "units_met": summary["units_met"],
        "progress": summary["progress"].map(lambda s: _progress_label(str(s), lang),
                                            na_action="ignore"),
        "gap_pp": [number(x, lang, 1) for x in summary["gap_pp"]],
        "indicators": summary["indicators"],
    })
    # a column with nothing in it (no earlier value, no progress after the target year)
    # only pushes the verdict off a phone's screen
    optional = ["earlier", "progress", "units_met", "coverage"]
    empty = [c for c in optional
             if shown[c].astype(object).map(lambda v: pd.isna(v) or v == "").all()]
    shown = shown.drop(columns=empty)
    return shown.rename(columns={c: _t(c, lang) for c in shown.columns if _has(c)})


def summary_html(summary: pd.DataFrame, lang: str, level: str | None = None) -> str:
    """The summary table in HTML: the plan unit's judged rows, words and colours by verdict."""
    shown = summary_frame(summary, lang, level)
    return frame_to_html(shown, status_col=_t("status", lang), max_rows=200,
                         include_css=False, decimal_comma=lang == "vi",
                         status_codes=list(summary["status"]),
                         num_cols={_t(c, lang) for c in ("target", "value", "gap_pp")})


_PAGE_CSS = """
body { font: 14px 'DejaVu Sans', Arial, sans-serif; margin: 24px; color: #222; max-width: 1200px; }
h1 { font-size: 22px; color: #1f4e79; } h2 { font-size: 18px; color: #1f4e79; margin-top: 32px; }
img { max-width: 100%; height: auto; border: 1px solid #eee; margin: 8px 0; }
.meta td { padding: 2px 12px 2px 0; } .summary { font-size: 16px; font-weight: bold; }
.note { color: #555; font-size: 12px; }
section { margin: 0; }
details { margin: 4px 0; } summary { cursor: pointer; font-weight: bold; }
div.wide { overflow-x: auto; } td.v { text-align: right; }
table.clm td.num { white-space: nowrap; }
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
  /* bar charts one to a row, two to a page: at half width their labels printed at
     about 5 pt (issue 22); at full width they stay readable */
  div.cmp figure { display: block; width: 100%; }
  div.cmp img { max-height: 180mm; }
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
    if "level" in shown.columns:  # "Xã", never "commune", in a Vietnamese page
        shown["level"] = shown["level"].map(lambda v: level_word(v, lang))
    shown = shown.rename(columns={c: _t(c, lang) for c in shown.columns if _has(c)})
    return frame_to_html(shown, max_rows=len(shown) + 1, include_css=False,
                         decimal_comma=lang == "vi",
                         num_cols={_t("rate_received", lang), _t("rate_on_time", lang)})


def groups_html(data: ReportData) -> str:
    """At scale, one folded section per unit of the level below (each province by commune).

    A table per group: each unit's judged value on every target, the cell
    coloured by its verdict ("chưa nộp" where the unit sent nothing); no
    figure per unit, so the page stays small at 3,321 communes.  Empty when
    the report is not at scale.
    """
    judged = data.judged
    if data.groups is None or judged is None:
        return ""
    lang, esc = data.lang, html.escape
    att = judged[~judged["is_scope"]]
    if att.empty:
        return ""
    refs = list(dict.fromkeys(data.plan.targets["ref"]))
    text = pd.Series(_pct_texts(att["value"] / 100, att["target"] / 100, lang), index=att.index)
    missing = att["status"] == "not_reported"
    text = text.mask(att["value"].isna(), "–").mask(missing, _t("not_reported", lang))
    cells = ('<td class="v" style="background:' + att["status"].map(STATUS_BACKGROUNDS)
             .fillna("#ffffff") + '">' + text.map(esc) + "</td>")
    grid = pd.DataFrame({"unit_code": att["unit_code"].astype("str"), "ref": att["ref"],
                         "cell": cells}).drop_duplicates(["unit_code", "ref"])
    grid = grid.pivot_table(index="unit_code", columns="ref", values="cell", aggfunc="first")
    grid = grid.reindex(columns=[r for r in refs if r in grid.columns]).fillna("<td>–</td>")
    codes = grid.index.to_series()
    group = codes.map(data.groups).fillna("")
    name = pd.Series([esc(str(data.names.get(c, c))) for c in codes], index=codes.index)
    rows = ("<tr><td>" + name + "</td>" + grid.apply("".join, axis=1) + "</tr>")
    head = ("<tr><th>" + esc(_t("unit_name", lang)) + "</th>"
            + "".join(f"<th>{esc(str(r))}</th>" for r in grid.columns) + "</tr>")
    parts = [f"<h2>{esc(_t('by_group', lang))} ({esc(data.period or '')})</h2>"]
    for code, block in rows.groupby(group, sort=False):
        title = esc(data.names.get(code, code) if code else _t("none", lang))
        parts.append(f"<details><summary>{title} ({len(block)})</summary>"
                     f'<div class="wide"><table class="clm">{head}{"".join(block)}'
                     "</table></div></details>")
    return "\n".join(parts)


#: Sections other parts of the library add to the page (``ReportData.sections``):
#: name -> a function of the report data, the section's object and the page's
#: figures (PNG as base64 by kind), giving HTML.  A section without a writer here is
#: left out of the page.
SECTION_WRITERS: dict[str, Callable[[ReportData, Any, dict[str, Any]], str]] = {
    "survey": survey_html,
    "quality": quality_html,
}


def _method_note(data: ReportData) -> str:
    """How the verdicts were reached: attainment by the plan's operator; progress's method."""
    lang = data.lang
    method = (_t(f"method_{data.method}", lang) if _has(f"method_{data.method}")
              else data.method)
    return word("report_method_note", lang, method=method)


def write_html(path: Path, data: ReportData, images: dict[str, Any],
               headline: str | None = None) -> None:
    """Write the report page to ``path`` (atomically), its headline on top."""
    lang: str = data.lang
    line = headline if headline is not None else headline_text(data)
    plan: Plan = data.plan
    esc = html.escape
    parts = [
        "<!DOCTYPE html>", f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(_t('title', lang))} — {esc(plan.scope_name)}</title>",
        f"<style>{_PAGE_CSS}{TABLE_CSS}{BARS_CSS}{SECTIONS_CSS}</style></head><body>",
        f"<h1>{esc(_t('title', lang))}</h1>",
        f'<p class="summary">{esc(line)}</p>',
        '<table class="meta">',
    ]
    for key, value in ((_t("plan", lang), f"{plan.name(lang)} ({plan.id})"),
                       (_t("scope", lang), f"{plan.scope_name} ({plan.scope_code})"),
                       (_t("generated", lang), data.generated)):
        parts.append(f"<tr><td><b>{esc(key)}</b></td><td>{esc(str(value))}</td></tr>")
    parts.append("</table>")
    parts.append(f"<h2>{esc(_t('summary_sheet', lang))}</h2>")
    parts.append(summary_html(data.summary, lang, data.headline.level if data.headline
                              else None))
    parts.append(f'<p class="note">{esc(_method_note(data))}</p>')
    # A heading and its figure form one section, never split across pages.
    if "dashboard" in images:
        parts.append(f'<section class="fig"><h2>{esc(_t("dashboard", lang))}: '
                     f"{esc(plan.scope_name)}</h2>"
                     f"{_img(images['dashboard'], _t('dashboard', lang))}</section>")
    if "heatmap" in images:
        parts.append(f'<section class="fig"><h2>{esc(_t("heatmap", lang))} '
                     f"({esc(data.period or '')})</h2>"
                     f"{_img(images['heatmap'], _t('heatmap', lang))}</section>")
    bars = bars_html(data)  # text, not pictures: reads on a phone, prints as text
    if bars:
        parts.append(f'<h2>{esc(_t("comparison", lang))}</h2><div class="wide">{bars}</div>')
    parts.append(groups_html(data))  # at scale: each group's units, folded
    if "completeness" in images:
        parts.append(f'<section class="fig"><h2>{esc(_t("completeness", lang))}</h2>'
                     f"{_img(images['completeness'], _t('completeness', lang))}</section>")
    else:
        parts.append(f"<h2>{esc(_t('completeness', lang))}</h2>")
    if data.rates is not None and not data.rates.empty:
        parts.append(_rates_html(data.rates, lang))
    elif data.completeness is None:
        parts.append(f"<p>{esc(_t('no_registry', lang))}</p>")
    parts.append(departments_html(data))  # issue 14: "" without departments
    for name, section in data.sections:  # sections other parts add (quality, survey)
        writer = SECTION_WRITERS.get(name)
        if writer is not None:
            parts.append(writer(data, section, images))
    parts.append(f"<h2>{esc(_t('problems_sheet', lang))}</h2>")
    problems = problems_shown(data.problems, lang)
    if problems.empty:
        parts.append(f"<p>{esc(_t('none', lang))}</p>")
    else:
        shown = problems.rename(columns={c: _t(c, lang) for c in problems.columns if _has(c)})
        parts.append(frame_to_html(
            shown, status_col=_t("severity", lang), max_rows=100, include_css=False,
            labels={k: _t(k, lang) for k in ("error", "warning", "info")},
            more=_t("rows_shown", lang).format(shown=100, total=len(problems))))
    parts.append("</body></html>")
    with writing(path, lang) as tmp:
        # Every piece cleaned once: control characters and undecodable file names.
        tmp.write_text(xml_text("\n".join(parts)), encoding="utf-8")
