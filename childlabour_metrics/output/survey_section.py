"""The report's survey section: estimates with their intervals, judged against the CL01
target in words, the routine rate beside them, and their chart.

One section of the HTML page (:func:`survey_html`), one sheet of the workbook
(:func:`write_survey_sheet`), its sentences on the workbook's summary sheet
(:func:`survey_summary_rows`) and one figure (:func:`survey_figure`, drawn by
:func:`~childlabour_metrics.output.survey_charts.plot_survey`), all from the
:class:`~childlabour_metrics.analysis.survey_section.SurveySection` that
:func:`~childlabour_metrics.analysis.report_data.analyse` builds once when the
report is given survey estimates.  The section carries codes; the words are
chosen here, in the report's language.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from openpyxl.styles import Font

from ..language.words import has_word, number, percent, word
from ..reference.periods import period_parts
from ._format import period_phrase, target_text, verdict_word
from ._format import report_word as _t
from ._html import frame_to_html
from ._sheet import Sheet, cell_values, sheet_name
from .survey_charts import plot_survey

__all__ = ["estimates_frame", "judgement_texts", "survey_figure", "survey_html",
           "survey_summary_rows", "write_survey_sheet"]


def _pct(value: Any, lang: str, decimals: int = 1) -> str:
    return percent(float(value), lang, decimals) if pd.notna(value) else ""


def _label(column: str, lang: str) -> str:
    key = f"col_{column}"
    return word(key, lang) if has_word(key) else column


def _targets(section: Any) -> pd.DataFrame:
    """The CL01 targets the estimates were judged against, in year order."""
    judged = section.judged
    if judged.empty or "ref" not in judged.columns:
        return pd.DataFrame()
    return judged.drop_duplicates("ref").sort_values("target_year", kind="stable")


def _verdict(status: Any, year: Any, target_year: Any, lang: str) -> str:
    """A judgement in words; before the target's year it says so, as the judged table's
    progress does (a 2025 survey is not a 2030 target missed)."""
    if pd.isna(status):
        return ""
    text = word(f"survey_judge_{status}", lang)
    if status != "no_data" and pd.notna(year) and int(year) < int(target_year):
        # the judged table's words for a target not yet due: one story in every section
        text = (verdict_word(_AHEAD[status], "before_target_year", None, lang)
                if status in _AHEAD else word(f"survey_judge_ahead_{status}", lang))
    return text


#: A survey judgement before the target's year, as the judged table's status.
_AHEAD = {"met": "on_track", "not_met": "not_yet"}


def _verdicts(section: Any, ref: str, lang: str) -> pd.Series:
    """Each estimate's judgement against the target ``ref``, in words (by row)."""
    mine = section.judged[section.judged["ref"] == ref]
    rows = mine.set_index("row")["status"].reindex(range(len(section.estimates)))
    years = period_parts(section.estimates["period"].astype("str"))["year"]
    due = mine["target_year"].iloc[0] if len(mine) else None
    return pd.Series([_verdict(s, y, due, lang) if due is not None else ""
                      for s, y in zip(rows, years, strict=True)])  # estimates: a few dozen


def _codes(section: Any, ref: str) -> list[str]:
    """Each estimate's judgement code against the target ``ref`` (by row; "" for none)."""
    rows = section.judged[section.judged["ref"] == ref].set_index("row")["status"]
    return [str(s) for s in rows.reindex(range(len(section.estimates))).fillna("")]


def _ci(low: Any, high: Any, lang: str) -> str:
    """An interval as the sentence above the table writes it: each limit in percent."""
    if pd.isna(low) or pd.isna(high):
        return ""
    return f"{_pct(low, lang)}–{_pct(high, lang)}"


def _groups(section: Any, lang: str) -> list[str]:
    """Each estimate's group in words: "Toàn bộ", "Giới tính: Nữ", "Nhóm tuổi: 5-11"."""
    est = section.estimates
    out = []
    for _, row in est[list(section.breakdowns)].iterrows():  # a few dozen estimates
        given = [f"{_label(c, lang)}: {row[c]}" for c in section.breakdowns if pd.notna(row[c])]
        out.append("; ".join(given) or _t("survey_all", lang))
    return out


def estimates_frame(section: Any, lang: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The estimates as the section's table shows them, in words; each row's judgement
    code against the first target (for its colour), and the judgements' columns.

    Columns: the area, the breakdowns ("Toàn bộ" where a row is of all), the
    value, its interval, its standard error and sample size, the judgement
    against each CL01 target, and for a whole area the routine rate beside it
    and the difference.
    """
    est = section.estimates
    level = number(100 * section.ci_level, lang, 0)
    out = pd.DataFrame(index=est.index)
    if len(set(est["unit_code"])) > 1:  # one area: the sentences above name it
        out[_t("survey_area", lang)] = est["area"].astype("str")
    out[_t("survey_group", lang)] = _groups(section, lang)
    out[word("col_survey_value", lang)] = [_pct(v, lang) for v in est["value"]]
    out[word("report_survey_interval", lang, level=level)] = [
        _ci(lo, hi, lang) for lo, hi in zip(est["ci_low"], est["ci_high"], strict=True)]
    if "se" in est.columns:
        out[word("col_se", lang)] = [number(v, lang, 2) for v in est["se"]]
    if "n" in est.columns:
        out[word("col_n", lang)] = [number(v, lang, 0) for v in est["n"]]
    codes: list[str] = [""] * len(est)
    judgements: list[str] = []
    targets = _targets(section)
    for i, target in enumerate(targets.itertuples(index=False)):
        heading = word("report_survey_against", lang, year=str(target.target_year),
                       target=target_text(target.operator, target.target, lang))
        out[heading] = _verdicts(section, str(target.ref), lang).fillna("").to_numpy()
        if i == 0:
            mine = section.judged[section.judged["ref"] == target.ref].set_index("row")
            codes = [str(mine["status"].get(r, "")) for r in range(len(est))]
        judgements.append(heading)
    routine = section.routine
    if not routine.empty and "routine_value" in routine.columns:
        beside = routine.set_index("row").reindex(range(len(est)))
        out[_t("survey_routine_period", lang)] = beside["period"].fillna("").to_numpy()
        out[word("col_routine_value", lang)] = [_pct(v, lang, 2)
                                                 for v in beside["routine_value"]]
        out[word("col_difference_pp", lang)] = [number(v, lang, 1)
                                                 for v in beside["difference_pp"]]
    return out, codes, judgements


def judgement_texts(section: Any, lang: str) -> list[str]:
    """A sentence or two per whole-area estimate: its value and interval, its judgement
    against the first CL01 target, and the routine rate beside it."""
    est = section.estimates
    level = number(100 * section.ci_level, lang, 0)
    targets = _targets(section)
    routine = (section.routine.set_index("row") if "routine_value" in section.routine.columns
               else pd.DataFrame())
    out = []
    years = period_parts(est["period"].astype("str"))["year"]
    for row in np.flatnonzero(est["whole"].to_numpy(dtype=bool)):
        e = est.iloc[row]
        sentence = ""
        if not targets.empty:
            target = targets.iloc[0]
            status = section.judged.loc[(section.judged["row"] == row)
                                        & (section.judged["ref"] == target["ref"]), "status"]
            verdict = (_verdict(status.iloc[0], years.iloc[row], target["target_year"], lang)
                       if len(status) else "")
            sentence = word("report_survey_judgement", lang, area=e["area"],
                            value=_pct(e["value"], lang), level=level,
                            low=_pct(e["ci_low"], lang), high=_pct(e["ci_high"], lang),
                            year=int(target["target_year"]),
                            target=target_text(target["operator"], target["target"], lang),
                            verdict=verdict[:1].lower() + verdict[1:])
        else:
            sentence = (f"{e['area']}: {_pct(e['value'], lang)} "
                        f"({word('report_survey_interval', lang, level=level).lower()}: "
                        f"{_pct(e['ci_low'], lang)}–{_pct(e['ci_high'], lang)}).")
        if row in routine.index:
            r = routine.loc[row]
            phrase = period_phrase(str(r["period"]), lang)
            value = r["routine_value"]
            if pd.isna(value):
                sentence += " " + word("report_survey_routine_none", lang, period=phrase)
            else:
                low, high = float(r["survey_ci_low"]), float(r["survey_ci_high"])
                where = "below" if value < low else "above" if value > high else "inside"
                gap = low - value if where == "below" else value - high
                sentence += " " + word(
                    f"report_survey_routine_{where}", lang, period=phrase,
                    value=_pct(value, lang, 2),
                    children=number(r["routine_denominator"], lang, 0),
                    gap=number(gap, lang, 1))
        out.append(sentence)
    return out


def _notes(data: Any, section: Any) -> list[str]:
    lang = data.lang
    notes = []
    if _targets(section).empty:
        notes.append(_t("survey_no_target", lang))
    if not section.period_given and len(section.estimates):
        period = section.estimates["period"].dropna()
        if len(period):
            notes.append(word("report_survey_period_taken", lang,
                              period=period_phrase(str(period.iloc[0]), lang)))
    if section.left_out:
        notes.append(word("report_survey_left_out", lang,
                          n=number(section.left_out, lang, 0)))
    return notes


def _intro(section: Any, lang: str) -> str:
    return word("report_survey_intro", lang, rules=section.rules,
                level=number(100 * section.ci_level, lang, 0))


def survey_html(data: Any, section: Any, images: dict[str, Any]) -> str:
    """The section of the report page: what the survey says, in words, then the table and
    the chart."""
    lang, esc = data.lang, html.escape
    parts = [f"<h2>{esc(_t('survey_section', lang))}</h2>",
             f"<p>{esc(_intro(section, lang))}</p>"]
    if section.estimates.empty:
        parts.append(f"<p>{esc(_t('survey_none', lang))}</p>")
    parts += [f'<p class="summary">{esc(t)}</p>' for t in judgement_texts(section, lang)]
    parts += [f'<p class="note">{esc(t)}</p>' for t in _notes(data, section)]
    if not section.estimates.empty:
        table, codes, judgements = estimates_frame(section, lang)
        # the numbers' columns right-aligned and kept on one line ("2,2%–7,8%" whole)
        words = {_t("survey_area", lang), _t("survey_group", lang),
                 _t("survey_routine_period", lang), *judgements}
        # every judgement coloured, not the first alone: the 2030 column read as no verdict
        coloured = {heading: _codes(section, str(ref)) for heading, ref in zip(
            judgements, _targets(section)["ref"], strict=True)}
        parts.append('<div class="sec">' + frame_to_html(
            table, status_col=judgements[0] if judgements else None, status_codes=codes,
            max_rows=len(table) + 1, include_css=False, coloured=coloured,
            num_cols={c for c in table.columns if c not in words}) + "</div>")
    if images.get("survey"):
        alt = _t("survey_section", lang)
        parts.append(f'<section class="fig"><figure><img src="data:image/png;base64,'
                     f'{images["survey"]}" alt="{esc(alt)}"></figure></section>')
    return "\n".join(parts)


def survey_summary_rows(sheet: Sheet, data: Any, section: Any) -> None:
    """The survey's sentences on the workbook's summary sheet."""
    lang = data.lang
    lines = judgement_texts(section, lang)
    if not lines:
        return
    sheet.append([])
    sheet.append([sheet.text(_t("survey_section", lang), 0, font=Font(bold=True, size=12))])
    for line in lines:
        sheet.paragraph(line, 1)


def _sheet_table(section: Any, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The estimates for the workbook: numbers as numbers (rates as fractions), words for
    the rest; and each numeric column's number format."""
    est = section.estimates
    words, _, judgements = estimates_frame(section, lang)
    level = number(100 * section.ci_level, lang, 0)
    out = pd.DataFrame(index=est.index)
    formats: dict[str, str] = {}

    def put(name: str, values: Any, fmt: str | None = None) -> None:
        out[name] = values
        if fmt is not None:
            formats[name] = fmt

    if _t("survey_area", lang) in words.columns:
        put(_t("survey_area", lang), words[_t("survey_area", lang)])
    put(_t("survey_group", lang), words[_t("survey_group", lang)])
    put(word("col_survey_value", lang), est["value"].astype("float64") / 100, "0.0%")
    # "Cận dưới khoảng tin cậy (95%)": the limit's own name says it is of the interval
    put(f"{word('col_ci_low', lang)} ({level}%)", est["ci_low"].astype("float64") / 100, "0.0%")
    put(f"{word('col_ci_high', lang)} ({level}%)", est["ci_high"].astype("float64") / 100,
        "0.0%")
    if "se" in est.columns:
        put(word("col_se", lang), est["se"].astype("float64"), "0.00")
    if "n" in est.columns:
        put(word("col_n", lang), pd.to_numeric(est["n"]).astype("Int64"), "#,##0")
    for column in judgements:  # in words
        put(column, words[column])
    routine = section.routine
    if not routine.empty and "routine_value" in routine.columns:
        beside = routine.set_index("row").reindex(range(len(est)))
        put(_t("survey_routine_period", lang), beside["period"].to_numpy())
        put(word("col_routine_value", lang),
            beside["routine_value"].astype("float64").to_numpy() / 100, "0.00%")
        put(word("col_difference_pp", lang), beside["difference_pp"].astype("float64")
            .to_numpy(), "0.0")
    return out, formats


def write_survey_sheet(wb: Any, data: Any, section: Any, taken: set[str]) -> None:
    """The survey's sheet: what it says in words, then every estimate (printed: a page)."""
    lang = data.lang
    table, formats = _sheet_table(section, lang)
    widths = [max(11.0, min(30.0, len(str(c)) * 0.55 + 3)) for c in table.columns]
    widths[0] = 24.0
    sheet = Sheet(wb, sheet_name(_t("survey_sheet", lang), taken), widths)
    sheet.append([sheet.text(_t("survey_section", lang), 0, font=Font(bold=True, size=12))])
    for line in (_intro(section, lang), *judgement_texts(section, lang),
                 *_notes(data, section)):
        sheet.paragraph(line)
    sheet.append([])
    if table.empty:
        sheet.append([sheet.text(_t("survey_none", lang), 0)])
        return
    sheet.header(list(table.columns))
    sheet.rows_of([sheet.column(cell_values(table[c]), j, formats.get(c))
                   for j, c in enumerate(table.columns)])


def _panels(section: Any, plan: Any, levels: dict[str, str]) -> list[pd.DataFrame]:
    """The chart's panels: the areas as a whole, then one per breakdown (sex, age group)."""
    est = section.estimates
    measured = [c for c in ("value", "se", "ci_low", "ci_high") if c in est.columns]
    codes = est["unit_code"].astype("str")
    area_level = (plan.scope_level if section.area_column in (None, "unit_code")
                  else section.area_column)
    if section.area_column == "unit_code" and len(codes):
        area_level = levels.get(codes.iloc[0], area_level)
    area_column = area_level if has_word(f"col_{area_level}") else "province"
    several = len(set(codes)) > 1
    panels = []
    given = est[list(section.breakdowns)].notna() if section.breakdowns else pd.DataFrame(
        index=est.index)
    pattern = given.apply(lambda r: tuple(r.index[r.to_numpy(dtype=bool)]), axis=1) \
        if section.breakdowns else pd.Series([()] * len(est), index=est.index)
    for shape in dict.fromkeys(pattern):
        rows = est[(pattern == shape).to_numpy(dtype=bool)]
        domains = ([area_column] if several or not shape else []) + list(shape)
        panel = pd.DataFrame({c: rows[c].astype("str") for c in shape})
        if area_column in domains:
            panel.insert(0, area_column, rows["area"].astype("str"))
        for c in measured:
            panel[c] = rows[c].astype("float64")
        panels.append(panel[[*domains, *measured]].reset_index(drop=True))
    return panels


def survey_figure(data: Any, section: Any) -> Figure | None:
    """The chart of the estimates and their intervals, the plan's CL01 target drawn."""
    if section.estimates.empty:
        return None
    target = section.target(data.plan)
    return plot_survey(_panels(section, data.plan, data.levels),
                       target=None if target is None else float(target["value"]),
                       target_year=None if target is None else int(target["year"]),
                       operator=None if target is None else str(target["operator"]),
                       rules=section.rules, level=section.ci_level, lang=data.lang)
