"""The chart of survey estimates: each domain's rate with its confidence interval.

One panel per estimate table (by province, by sex, by age group …): a point
at each domain's rate and a bar from the interval's lower to its upper limit,
with the plan's target as a vertical line, so that a reader sees at once which
domains are clear of the target and which the survey cannot tell apart from
it.  Built on :class:`matplotlib.figure.Figure` directly, as every chart of the
library (:mod:`childlabour_metrics.output.charts`): nothing opens a window.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..language.errors import InputKeyError, choices
from ..language.words import check_lang, has_word, number, word
from ..survey.estimate import ESTIMATE_COLUMNS
from ._format import target_text
from ._safe import chart_text
from .charts import CHART_RC, _axis_numbers

__all__ = ["plot_survey"]

_POINT = "#1f4e79"
_TARGET = "#c0392b"


def _label(column: str, lang: str) -> str:
    key = f"col_{column}"
    return word(key, lang) if has_word(key) else column


def _domain_texts(table: pd.DataFrame, domains: list[str], lang: str) -> list[str]:
    if not domains:
        return [word("survey_chart_total", lang)] * len(table)
    parts = [table[c].astype("str").fillna("") for c in domains]
    text = parts[0]
    for part in parts[1:]:
        text = text + " · " + part
    return [chart_text(t) for t in text]


def plot_survey(
    estimates: pd.DataFrame | Sequence[pd.DataFrame],
    *,
    target: float | None = None,
    target_year: int | None = None,
    operator: str | None = None,
    rules: str = "sdg-8.7.1",
    level: float = 0.95,
    lang: str = "vi",
) -> Figure:
    """Survey estimates and their confidence intervals, one panel per table.

    Parameters
    ----------
    estimates : DataFrame or list of DataFrame
        Tables of :func:`childlabour_metrics.survey.estimate` (one per
        domain variable: province, sex, age group); each is a panel, its
        domains in the table's order.
    target : float, optional
        The target in percent (a plan's CL01 value), drawn as a vertical line.
    target_year : int, optional
        The target's year, for its label.
    operator : str, optional
        The target's operator (``"<="``, ``"<"``...), for its label: the plan's
        "≤ 1%" rather than a bare "1,0%".
    rules : str
        The rule set the estimates were classified by, for the title.
    level : float
        The intervals' confidence level, for the title.
    lang : {"vi", "en"}
        Language of the words.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> est = pd.DataFrame({"sex": ["Nam", "Nữ"], "value": [4.1, 3.2],
    ...     "ci_low": [3.0, 2.3], "ci_high": [5.6, 4.4]})
    >>> fig = plot_survey(est, target=4.9, target_year=2025, lang="en")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Nam', 'Nữ']
    """
    check_lang(lang)
    tables = [estimates] if isinstance(estimates, pd.DataFrame) else list(estimates)
    for table in tables:
        missing = [c for c in ("value", "ci_low", "ci_high") if c not in table.columns]
        if missing:
            raise InputKeyError("err_survey_estimate_columns", field=missing[0],
                                columns=choices(missing))
    heights = [max(len(t), 1) for t in tables]
    with mpl.rc_context(CHART_RC):
        fig = Figure(figsize=(7.5, 1.2 + 0.32 * sum(heights) + 0.45 * len(tables)),
                     layout="constrained")
        axes = fig.subplots(len(tables), 1, sharex=True, squeeze=False,
                            gridspec_kw={"height_ratios": heights})[:, 0]
        top = max([float(np.nanmax(t["ci_high"].to_numpy(dtype=float, na_value=np.nan),
                                   initial=0.0)) for t in tables] + [target or 0.0, 1.0])
        for ax, table in zip(axes, tables, strict=True):
            domains = [c for c in table.columns if c not in ESTIMATE_COLUMNS]
            value = table["value"].to_numpy(dtype=float, na_value=np.nan)
            low = table["ci_low"].to_numpy(dtype=float, na_value=np.nan)
            high = table["ci_high"].to_numpy(dtype=float, na_value=np.nan)
            y = np.arange(len(table))
            ax.hlines(y, low, high, color=_POINT, lw=2.2, alpha=0.45)
            ax.plot(value, y, "o", color=_POINT, ms=5)
            for yi, v in zip(y, value, strict=True):
                if not np.isnan(v):
                    ax.annotate(number(v, lang, 1), (v, yi), xytext=(0, 5),
                                textcoords="offset points", ha="center", fontsize=7)
            ax.set_yticks(y, _domain_texts(table, domains, lang))
            ax.set_ylim(len(table) - 0.5, -0.7)
            ax.set_title(" · ".join(_label(c, lang) for c in domains)
                         or word("survey_chart_total", lang), loc="left")
            if target is not None:
                text = word("survey_chart_target", lang,
                            year="" if target_year is None else target_year,
                            value=target_text(operator, target, lang) if operator
                            else number(target, lang, 1) + "%")
                ax.axvline(target, color=_TARGET, lw=1.2, ls="--", label=text)
        axes[0].set_xlim(0, top * 1.1)
        axes[-1].set_xlabel(word("survey_chart_axis", lang))
        _axis_numbers(axes[-1].xaxis, lang)
        if target is not None:
            fig.legend(handles=axes[0].get_lines()[-1:], loc="outside upper right")
        fig.suptitle(word("survey_chart_title", lang, rules=rules,
                          level=number(100 * level, lang, 0)), x=0.01, ha="left")
    return fig
