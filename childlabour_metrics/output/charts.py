"""Charts of attainment, progress and completeness, for reports and notebooks.

Every function builds a :class:`matplotlib.figure.Figure` directly (never
through ``pyplot``), so nothing here opens a window, touches global figure
state or needs a display: the caller shows, saves or embeds the figure.
Labels are Vietnamese by default and English with ``lang="en"``; the font is
DejaVu Sans, which has every Vietnamese glyph.  Values are always computed as
the ratio of summed counts (100 × Σ numerator / Σ denominator), never as the
mean of percentages, and rows marked ``error`` or ``superseded`` are left out.
This module never reads workbooks and never changes its inputs.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..analysis.report_data import STATUS_ORDER
from ..analysis.values import values
from ..language.errors import InputError, InputKeyError
from ..language.words import check_lang, has_word, number, percent, word
from ..reference.indicators import INDICATOR_CODES, indicator_name
from ..reference.periods import fold_text, parse_period
from ..reference.plans import Plan, load_plan
from ._format import decimals, verdict_word
from ._safe import chart_text

__all__ = [
    "RATE_BANDS",
    "STATUS_COLORS",
    "attainment_status",
    "plot_comparison",
    "plot_completeness",
    "plot_completeness_rates",
    "plot_dashboard",
    "plot_heatmap",
    "plot_progress",
]

#: rcParams every chart is drawn with: a font with all Vietnamese glyphs and
#: no dependence on the user's matplotlibrc, so figures look the same anywhere.
CHART_RC: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    # Titles sit where they are put (1.0: on the axes, plus their pad), not where a
    # search of every tick label's box would move them: that search cost a third of
    # a second over the sample's figures (issue 22); a chart whose ticks are on top
    # (the heatmap) pads its title above them itself.
    "axes.titley": 1.0,
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "svg.fonttype": "none",
    "svg.hashsalt": "childlabour_metrics",
    "path.simplify": True,
}

#: Colour of each attainment / reporting status (colour-blind safe pairs).
STATUS_COLORS: dict[str, str] = {
    "met": "#1b9e77",
    "on_track": "#7fc9b0",
    "not_yet": "#f2c57c",
    "not_met": "#d95f02",
    "no_data": "#cccccc",
    "no_target": "#9db9d3",
    "incomplete": "#c2a5cf",
    "not_reported": "#bcbddc",
    "on_time": "#1b9e77",
    "late": "#e6ab02",
    "missing": "#d95f02",
    "unexpected": "#7570b3",
    "received": "#66a61e",
    "not_expected": "#f2f2f2",
}


_USABLE = ("ok", "warning")
_KEY = ("unit_code", "period", "indicator")


def _t(key: str, lang: str) -> str:
    """A word of the figures (the ``chart_`` keys of :mod:`.words`)."""
    return word(f"chart_{key}", lang)


def _fmt_lang(value: float, lang: str, digits: int = 1) -> str:
    """A number as the language writes it (Vietnamese: ``1,4``), by :func:`.words.number`."""
    return number(value, lang, digits)


@functools.lru_cache(maxsize=4096)
def _tick_text(value: float, lang: str) -> str:
    """An axis tick in the labels' number format: no needless zeros, ``0,25`` not ``0.25``."""
    digits = next((d for d in range(4) if round(value, d) == round(value, 6)), 4)
    return number(value, lang, digits)


def _axis_numbers(axis: Any, lang: str) -> None:
    """Write an axis' ticks with :func:`.words.number`, as the labels are written."""
    # a partial, not a lambda: the figure must pickle to be saved by a worker process
    axis.set_major_formatter(FuncFormatter(functools.partial(_tick_at, lang=lang)))


def _tick_at(v: float, _pos: Any, lang: str) -> str:
    return _tick_text(v, lang)


def _value_texts(values: pd.Series, targets: pd.Series | None, lang: str) -> list[str]:
    """Each value with the digits that decide its verdict (see :func:`.output._format.decimals`)."""
    v = values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    t = (targets.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
         if targets is not None else None)
    digits = decimals(v, t)
    return [number(x, lang, int(d)) for x, d in zip(v, digits, strict=True)]


_BEATS = {"<=": np.less_equal, ">=": np.greater_equal, "<": np.less, ">": np.greater}


def _x_of(period: str) -> float:
    """Position of a period on a time axis: a year on its tick, halves either side."""
    p = parse_period(period)
    return p.year + {None: 0.0, 1: -0.25, 2: 0.25}[p.half]


def _usable(table: pd.DataFrame) -> pd.DataFrame:
    if "status" in table.columns:
        return table[table["status"].isin(_USABLE) | table["status"].isna()]
    return table


def _ref_col(frame: pd.DataFrame) -> str:
    """Short target id column: ``ref`` ("A1", "B4a") when the table has it, else ``label``."""
    return "ref" if "ref" in frame.columns else "label"


def _target_rows(plan: Plan, target_or_code: str
                 ) -> tuple[tuple[str, ...], pd.DataFrame, pd.Series | None]:
    """Indicator codes, plan targets on them, and the chosen target, for a ref, label or code."""
    targets = plan.targets
    chosen = None
    for col in ("ref", "label"):
        if col in targets.columns and target_or_code in set(targets[col]):
            chosen = targets[targets[col] == target_or_code].iloc[0]
            break
    if chosen is not None:
        codes = tuple(chosen["indicators"])
    elif target_or_code in INDICATOR_CODES:
        codes = (target_or_code,)
    else:
        known = ", ".join([*targets[_ref_col(targets)], *INDICATOR_CODES])
        raise InputKeyError("err_input_unknown_target", value=repr(target_or_code),
                            plan=plan.id, known=known)
    same = targets[targets["indicators"].map(lambda inds: tuple(inds) == codes)]
    return codes, same, chosen


def _target_title(codes: Sequence[str], chosen: pd.Series | None, lang: str) -> str:
    """"A1 — CL01 · <indicator name>"; a plan's own wording when it says more than a number."""
    title = _codes_title(codes, lang)
    if chosen is None:
        return title
    ref = str(chosen.get("ref", chosen["label"]))
    label = str(chosen["label"])
    if label != ref and not fold_text(label).startswith("chi tieu") and lang == "vi":
        return f"{ref} — {label}"
    return f"{ref} — {title}"


def _series(table: pd.DataFrame, unit_code: str, codes: Sequence[str]) -> pd.DataFrame:
    """One unit's value per period for one indicator or a sum of indicators.

    Takes observations or a values table (both carry numerator and
    denominator); a table with only ``value`` works for a single indicator.
    """
    return _panel_series(table, unit_code, [codes])[0]


def _panel_series(table: pd.DataFrame, unit_code: str, panels: Sequence[Sequence[str]]
                  ) -> list[pd.DataFrame]:
    """:func:`_series` of each panel (indicator or sum of indicators) of one unit, at once.

    The dashboard's twelve panels were twelve calls of ``values``, most of whose cost
    is per call (the table's check, the group-by's set-up): each row is paired with
    every panel that sums its indicator, and the one call groups by panel and period.
    """
    wanted = list(dict.fromkeys(c for codes in panels for c in codes))
    rows = table[(table["unit_code"].astype("str") == unit_code)
                 & table["indicator"].isin(wanted)]
    member = pd.DataFrame([(i, c) for i, codes in enumerate(panels)
                           for c in dict.fromkeys(codes)], columns=["_panel", "indicator"])
    member = member.astype({"indicator": rows["indicator"].dtype})
    if {"numerator", "denominator"} <= set(rows.columns):
        keep = [c for c in (*_KEY, "numerator", "denominator", "status") if c in rows.columns]
        paired = rows[keep].merge(member, on="indicator", how="inner")
        # compute.values applies the library's one rule (ratio of sums over
        # usable rows that have both counts), also for a sum of indicators.
        found = values(paired, by=["_panel", "period"])
    elif "value" in rows.columns and all(len(codes) == 1 for codes in panels):
        found = _usable(rows).merge(member, on="indicator", how="inner")
    else:
        raise InputError("err_input_chart_columns", field="numerator")
    out = found[["_panel", "period", "value"]].astype({"period": "str", "value": "Float64"})
    out = out.dropna(subset=["value"])
    parsed = {p: parse_period(p) for p in pd.unique(out["period"])}  # once per period
    out["x"] = out["period"].map({p: _x_of(p) for p in parsed}).astype(float)
    out["is_year"] = out["period"].map({p: q.is_year for p, q in parsed.items()}).astype(bool)
    out = out.sort_values(["_panel", "x"], kind="stable")
    parts = dict(tuple(out.groupby("_panel", sort=False)))
    empty = out.iloc[:0]
    return [parts.get(i, empty).drop(columns="_panel").reset_index(drop=True)
            for i in range(len(panels))]


def _op_text(operator: str, value: float, lang: str) -> str:
    symbol = {"<=": "≤", ">=": "≥", "<": "<", ">": ">"}[operator]
    return f"{symbol} {_fmt_lang(value, lang, 1 if value % 1 else 0)}%"


def _codes_title(codes: Sequence[str], lang: str) -> str:
    if len(codes) == 1:
        return f"{codes[0]} · {indicator_name(codes[0], lang)}"
    return " + ".join(codes)


def _wrap(text: str, width: int) -> str:
    words, lines, line = text.split(), [], ""
    for token in words:
        if line and len(line) + 1 + len(token) > width:
            lines.append(line)
            line = token
        else:
            line = f"{line} {token}".strip()
    lines.append(line)
    return "\n".join(lines)


def _empty(ax: Axes, lang: str) -> None:
    ax.text(0.5, 0.5, _t("no_rows", lang), ha="center", va="center",
            transform=ax.transAxes, color="#777777")
    ax.set_xticks([])
    ax.set_yticks([])


def _path(xs: list[float], ys: list[float], method: str) -> tuple[list[float], list[float]]:
    """The path a method measures progress against, through the baseline and the targets.

    ``trajectory``: straight lines.  ``sdg``: the compound growth each stretch
    requires (what the SDG measure's required rate is), a target of 0 taken as
    0.001 as the measure takes it.
    """
    if method != "sdg":
        return xs, ys
    out_x, out_y = [xs[0]], [ys[0]]
    for (x0, y0), (x1, y1) in zip(zip(xs, ys, strict=True), zip(xs[1:], ys[1:], strict=True),
                                  strict=False):
        a, b = (y0 or 0.001), (y1 or 0.001)
        steps = np.linspace(0, 1, 13)[1:]
        out_x += list(x0 + (x1 - x0) * steps)
        out_y += list(a * (b / a) ** steps) if a > 0 and b > 0 else list(
            y0 + (y1 - y0) * steps)
    return out_x, out_y


def _decision_limits(values: list[float]) -> tuple[float, float]:
    """A value axis around the values and targets: the gap that decides is seen.

    A fixed 0–100 axis made 99,1 % against "≥ 100 %" look like 90,2 % against
    "≥ 90 %"; the axis spans the figures and the targets with a margin, from 0
    only where they come near it.
    """
    lo, hi = min(values), max(values)
    pad = max((hi - lo) * 0.15, 0.02 * max(abs(hi), 1.0), 0.05)
    bottom = lo - pad if lo - pad > 0.25 * hi else 0.0
    return bottom, hi + pad


def _empty_corner(ax: Axes, points: Sequence[tuple[float, float]]) -> tuple[bool, bool]:
    """The corner of the panel with the fewest points and targets: (right, top)."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    best, least = (False, True), None
    for right, top in ((False, True), (True, True), (False, False), (True, False)):
        count = 0
        for x, y in points:
            fx = (x - x0) / (x1 - x0) if x1 != x0 else 0.5
            fy = (y - y0) / (y1 - y0) if y1 != y0 else 0.5
            count += (fx > 0.45 if right else fx < 0.55) and (fy > 0.6 if top else fy < 0.4)
        if least is None or count < least:
            best, least = (right, top), count
    return best


def _verdict_marks(ax: Axes, verdicts: Sequence[tuple[int, str, str]], compact: bool,
                   corner: tuple[bool, bool]) -> None:
    """Each target's verdict on the panel, in its colour: "2025: Chưa đạt", in the corner
    the series and the targets leave empty."""
    right, top = corner
    x, ha = (0.99, "right") if right else (0.01, "left")
    for k, (year, text, status) in enumerate(verdicts):
        colour = STATUS_COLORS.get(status, "#cccccc")
        y = 0.97 - 0.13 * k if top else 0.03 + 0.13 * (len(verdicts) - 1 - k)
        ax.text(x, y, f"{year}: {text}", transform=ax.transAxes,
                ha=ha, va="top" if top else "bottom", fontsize=6.5 if compact else 8,
                color="#222222",
                bbox={"boxstyle": "round,pad=0.2", "facecolor": colour, "edgecolor": "none",
                      "alpha": 0.9})


#: Points between two targets' lines below which their labels would share a line.
_LABEL_POINTS = 11.0
#: A character's mean width in ems (DejaVu Sans, Vietnamese text with digits).
_CHAR_EM = 0.6


def _target_labels(ax: Axes, numeric: pd.DataFrame, last_x: float, lang: str,
                   compact: bool) -> None:
    """Each target's label by its star; labels that would overlap are stacked.

    A1's 2025 "≤ 1 %" and 2030 "< 1 %" drew two labels on one line, over each
    other and over the series' last point.  Targets whose labels would meet
    (lines closer than a label's height, texts crossing) get their labels one
    above the other at the last star, past the series.
    """
    if numeric.empty:
        return
    size = 7 if compact else 8
    low, high = ax.get_ylim()
    left, right = ax.get_xlim()
    fig = ax.get_figure(root=True)
    box = ax.get_position()
    inches = ((fig.get_figwidth(), fig.get_figheight()) if isinstance(fig, Figure)
              else (6.0, 4.0))
    y_points = box.height * inches[1] * 72 / (high - low) if high > low else 0.0
    x_points = box.width * inches[0] * 72 / (right - left) if right > left else 0.0

    def span(year: int, text: str) -> tuple[float, float]:
        """Where a label lies across the panel, in points (by its length in characters)."""
        width = len(text) * size * _CHAR_EM
        x = year * x_points
        return (x - width, x) if year >= last_x and compact else (x - width / 2, x + width / 2)

    def label(year: int, value: float, operator: str) -> str:
        return f"{_t('target', lang)} {year}: {_op_text(operator, value, lang)}"

    rows = [(int(r["year"]), float(r["value"]), str(r["operator"]))
            for _, r in numeric.sort_values("year").iterrows()]
    groups: list[list[tuple[int, float, str]]] = []
    for row in rows:
        a = span(row[0], label(*row))
        near = [g for g in groups if abs(g[-1][1] - row[1]) * y_points < _LABEL_POINTS
                and (b := span(g[-1][0], label(*g[-1])))[0] < a[1] + 4 and a[0] < b[1] + 4]
        if near:
            near[0].append(row)
        else:
            groups.append([row])
    for group in groups:
        year, value, operator = group[-1]
        if len(group) == 1:
            ax.annotate(label(year, value, operator), (year, value), xytext=(0, 7),
                        textcoords="offset points",
                        # the last year's label ends at its star: inside the panel
                        ha="right" if year >= last_x and compact else "center",
                        fontsize=size, color="#c0392b")
            continue
        # one line per target, stacked above the last star: the panel's right end, past
        # the series, is where nothing else is drawn
        text = "\n".join(label(*row) for row in group)
        ax.annotate(text, (year, value), xytext=(0, 7), textcoords="offset points",
                    ha="right" if year >= last_x and compact else "center", va="bottom",
                    linespacing=1.15, fontsize=size, color="#c0392b")


def _draw_progress(ax: Axes, table: pd.DataFrame, plan: Plan, unit_code: str,
                   indicator_or_label: str, lang: str, *, compact: bool = False,
                   method: str = "trajectory",
                   verdicts: Sequence[tuple[int, str, str]] = (),
                   series: pd.DataFrame | None = None,
                   target: tuple[tuple[str, ...], pd.DataFrame, pd.Series | None] | None = None
                   ) -> None:
    """One unit's series on one target into ``ax``.

    ``target`` and ``series``: :func:`_target_rows`'s and :func:`_series`'s, when the
    caller has them (the dashboard computes every panel's at once).
    """
    codes, targets, chosen = target or _target_rows(plan, indicator_or_label)
    if series is None:
        series = _series(table, unit_code, codes)
    numeric = targets.dropna(subset=["value", "year"]).sort_values("year")
    if series.empty and numeric.empty:
        _empty(ax, lang)
    elif series.empty:  # a target nobody reported on (e.g. CL09 from communes)
        ax.text(0.5, 0.4, _t("no_data", lang), ha="center", va="center",
                transform=ax.transAxes, color="#777777")
    halves, years = series[~series["is_year"]], series[series["is_year"]]
    if not halves.empty:
        ax.plot(halves["x"], halves["value"], marker="s", ms=4, lw=1, color="#7f7f7f",
                label=_t("half_series", lang))
    if not years.empty:
        ax.plot(years["x"], years["value"], marker="o", ms=5, lw=2, color="#1f4e79",
                label=_t("year_series", lang))
    # The trajectory starts from the plan's baseline: the yearly value of the
    # start year, else the first value reported (as the progress module does).
    base = years if not years.empty else series
    if not base.empty and not numeric.empty:
        at_start = base[base["x"] <= plan.start]
        first = at_start.iloc[-1] if not at_start.empty else base.iloc[0]
        # A target the starting value already meets needs no path toward it:
        # a line rising from 0.8 % to "< 4 %" would point the wrong way.
        ahead = numeric[[not _BEATS[op](float(first["value"]), float(v))
                         for op, v in zip(numeric["operator"], numeric["value"], strict=True)]]
        xs = [float(first["x"]), *ahead["year"].astype(float)]
        ys = [float(first["value"]), *ahead["value"].astype(float)]
        keep = [0] + [i for i in range(1, len(xs)) if xs[i] > xs[0]]
        if len(keep) > 1:
            px, py = _path([xs[i] for i in keep], [ys[i] for i in keep], method)
            ax.plot(px, py, ls="--", lw=1, color="#555555",
                    label=_t("path_sdg" if method == "sdg" else "trajectory", lang))
    last_x = max([*series["x"], *numeric["year"].astype(float)], default=0.0)
    for _, row in numeric.iterrows():
        year, value = int(row["year"]), float(row["value"])
        ax.axhline(value, color="#c0392b", lw=0.6, ls=":", zorder=0)
        ax.plot([year], [value], marker="*", ms=11, color="#c0392b", ls="none", zorder=5,
                clip_on=False)
    xs_all = [*series["x"], *numeric["year"].astype(float)]
    if xs_all:
        lo, hi = math.floor(min(xs_all)), math.ceil(max(xs_all))
        ax.set_xlim(lo - 0.5, hi + 0.5)
        # A small panel names every other year, ending on the last target's: each tick
        # is a label to measure and draw, a tenth of the dashboard's time
        step = 1 if hi - lo <= (4 if compact else 10) else 2
        ax.set_xticks(list(range(hi, lo - 1, -step))[::-1])
    ys_all = [*series["value"].astype(float), *numeric["value"].astype(float)]
    if ys_all:
        low, high = _decision_limits(ys_all)
        ax.set_ylim(low, high)
        if compact:
            # The ticks Matplotlib's automatic locator chose for a panel's height, but
            # only those in view: it also made one or two beyond each end, each a tick
            # object to make and format at every draw (the dashboard's layout is fixed)
            ticks = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
            ax.set_yticks([v for v in ticks if low <= v <= high])
    _target_labels(ax, numeric, last_x, lang, compact)
    points = [*zip(series["x"], series["value"].astype(float), strict=True),
              *zip(numeric["year"].astype(float), numeric["value"].astype(float),
                   strict=True)]
    _verdict_marks(ax, verdicts, compact, _empty_corner(ax, points))
    title = _target_title(codes, chosen, lang)
    ax.set_title(_wrap(title, 45 if compact else 80), loc="left")
    _axis_numbers(ax.yaxis, lang)
    if not compact:
        ax.set_xlabel(_t("year", lang))
        ax.set_ylabel(_t("value_pct", lang))
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="best")
    else:
        _no_axis_labels(ax)
    ax.grid(axis="y", color="#eeeeee", lw=0.6)


def plot_progress(observations_or_values: pd.DataFrame, plan: Plan | str, unit_code: str,
                  indicator_or_label: str, *, lang: str = "vi",
                  ax: Axes | None = None) -> Figure:
    """Plot one unit's series for one indicator (or plan target) with its targets.

    Half-year values are grey squares either side of the year's tick, yearly
    values dark circles on it; each numeric target of the plan on the same
    indicator(s) (e.g. 2025 and 2030) is a red star with a dotted line, and
    the linear trajectory from the baseline (the start year's value, or the
    first value) through the targets is dashed.

    Parameters
    ----------
    observations_or_values : pandas.DataFrame
        Observations (rows with status ``error``/``superseded`` are skipped)
        or a values table: ``unit_code, period, indicator, numerator,
        denominator``.
    plan : Plan or str
        The plan (or its id) whose targets are drawn.
    unit_code : str
        The unit whose series is drawn.
    indicator_or_label : str
        A target of the plan, by ref (``"A1"``) or label (a target on several indicators
        sums their counts) or an indicator code (``"CL01"``).
    lang : {"vi", "en"}
        Language of the labels.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> obs = pd.DataFrame({"unit_code": ["30", "30"], "period": ["2021", "2022"],
    ...                     "indicator": ["CL01", "CL01"], "numerator": [30, 20],
    ...                     "denominator": [1000, 1000]})
    >>> fig = plot_progress(obs, "hai-duong-2021", "30", "CL01")
    >>> fig.axes[0].get_title(loc="left")
    'CL01 · Tỷ lệ lao động trẻ em và người chưa thành niên từ 5 đến 17 tuổi'
    >>> [t.get_text() for t in fig.axes[0].texts]  # the 2025 and 2030 targets
    ['Mục tiêu 2025: ≤ 1%', 'Mục tiêu 2030: < 1%']
    """
    check_lang(lang)
    plan = load_plan(plan)
    with mpl.rc_context(CHART_RC):
        fig, ax = _figure(ax, (8, 4.5))
        _draw_progress(ax, observations_or_values, plan, str(unit_code),
                       indicator_or_label, lang)
    return fig


def attainment_status(attainment: pd.DataFrame) -> pd.Series:
    """Classify attainment rows as ``met``, ``not_met``, ``no_data`` or ``no_target``.

    Parameters
    ----------
    attainment : pandas.DataFrame
        An attainment table: its ``status`` column when present, else
        derived from ``met`` and ``target``.

    Returns
    -------
    pandas.Series
        dtype ``str``, aligned with the input.

    Examples
    --------
    >>> att = pd.DataFrame({"met": pd.array([True, False, None, None], dtype="boolean"),
    ...                     "value": pd.array([1.0, 5.0, None, 3.0], dtype="Float64"),
    ...                     "target": pd.array([2.0, 2.0, 2.0, None], dtype="Float64")})
    >>> attainment_status(att).tolist()
    ['met', 'not_met', 'no_data', 'no_target']
    """
    if "status" in attainment.columns:  # compute.attainment already classifies
        return attainment["status"].astype("str")
    met = attainment["met"].astype("boolean")
    target = attainment["target"] if "target" in attainment else pd.Series(pd.NA, index=met.index)
    status = np.where(
        met.fillna(False).to_numpy(bool), "met",
        np.where((met == False).fillna(False).to_numpy(bool), "not_met",  # noqa: E712
                 np.where(pd.isna(target).to_numpy(bool), "no_target", "no_data")),
    )
    return pd.Series(status, index=attainment.index, dtype="str")


def _unit_names(units: pd.DataFrame | None, codes: Iterable[str],
                table: pd.DataFrame | None = None) -> dict[str, str]:
    names: dict[str, str] = {}
    if table is not None and "unit_name" in table.columns:
        # Each code's first name: one pass in pandas (a national table has 100,000 rows).
        first = table[["unit_code", "unit_name"]].dropna().astype(str).drop_duplicates(
            "unit_code")
        names.update(zip(first["unit_code"], first["unit_name"], strict=True))
    if units is not None:
        names.update(dict(zip(units["code"].astype(str), units["name"].astype(str), strict=True)))
    # Names come from the field: "$" would start mathtext, a control character
    # or an undecodable byte would break the SVG.
    shown = {c: chart_text(names.get(c, c)) for c in codes}
    # A name two units carry (old Phường Tứ Minh 10540 and the new one, 10891, of the
    # 2025 reorganisation) says which it is: two rows of one name read as one unit twice.
    counts = Counter(shown.values())
    return {c: f"{n} ({c})" if counts[n] > 1 and n != c else n for c, n in shown.items()}


def _plan_target(rows: pd.DataFrame) -> tuple[str | None, float | None]:
    rows = rows.dropna(subset=["target"])
    if rows.empty:
        return None, None
    return str(rows["operator"].iloc[0]), float(rows["target"].iloc[0])


def plot_comparison(attainment: pd.DataFrame, label: str, period: str | None = None, *,
                    lang: str = "vi",
                    units: pd.DataFrame | None = None, ax: Axes | None = None,
                    top: int | None = None) -> Figure:
    """Compare units on one target in one period: sorted bars coloured by status.

    Units are sorted best first (lowest value first for a decreasing
    indicator such as the child labour rate); units without a value come
    last, labelled "no data".  The target is a vertical red line.

    Parameters
    ----------
    attainment : pandas.DataFrame
        The judged table (:func:`~childlabour_metrics.judged`; units that did
        not report come last, "chưa nộp"), or an attainment table
        (``unit_code, period, label, value, operator, target, met``;
        ``direction`` and ``unit_name`` are used when present).
    label : str
        The target, by ``ref`` (``"A1"``) or ``label``.
    period : str, optional
        The period, e.g. ``"2024"`` (needed for an attainment table).
    lang : {"vi", "en"}
        Language of the labels.
    units : pandas.DataFrame, optional
        A unit registry, for unit names (else codes are shown).
    ax : matplotlib.axes.Axes, optional
        Draw into this axes instead of a new figure.
    top : int, optional
        A ranking: only the best ``top`` and the worst ``top`` units with a
        value, the others summarised in one row between them ("… 3.281
        other units"); units without a value are counted there too.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> att = pd.DataFrame({"unit_code": ["a", "b"], "period": ["2024", "2024"],
    ...     "label": ["A1", "A1"], "value": pd.array([0.5, 2.0], dtype="Float64"),
    ...     "operator": ["<=", "<="], "target": pd.array([1.0, 1.0], dtype="Float64"),
    ...     "met": pd.array([True, False], dtype="boolean"), "direction": ["decrease"] * 2})
    >>> fig = plot_comparison(att, "A1", "2024", lang="en")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['a', 'b']
    """
    check_lang(lang)
    which = attainment["label"] == label
    if "ref" in attainment.columns:
        which |= attainment["ref"] == label
    if "is_scope" in attainment.columns:  # the judged table: the target's judged period
        rows = _judged_units(attainment[which]).copy()
        if period is None:
            found = rows["period"].dropna()
            period = str(found.iloc[0]) if len(found) else ""
    else:
        period = str(parse_period(period))
        rows = attainment[which & (attainment["period"] == period)].copy()
    rows["status"] = attainment_status(rows) if not rows.empty else pd.Series(dtype="str")
    decreasing = bool("direction" in rows.columns and (rows["direction"] == "decrease").any())
    rows["_has"] = rows["value"].notna()
    rows = rows.sort_values(["_has", "value", "unit_code"], ascending=[False, decreasing, True],
                            kind="stable", na_position="last")
    rest = 0
    if top is not None and len(rows) > 2 * top + 1:
        valued = rows[rows["_has"]]
        keep = pd.concat([valued.head(top), valued.tail(top)]) if len(valued) > 2 * top \
            else valued
        rest = len(rows) - len(keep)
        rows = keep
    names = _unit_names(units, rows["unit_code"].astype(str), attainment)
    with mpl.rc_context(CHART_RC):
        # 10 in wide and 0.17 in a bar: 37 communes fill an A4 landscape page at about the
        # figure's own size, so its 7-point labels print at 7 points, not 5 (issue 22)
        own = ax is None
        fig, ax = _figure(ax, (10, 1.4 + 0.17 * max(len(rows) + (rest > 0), 1)),
                          fixed=True)
        if rows.empty:
            _empty(ax, lang)
            return fig
        ypos = np.arange(len(rows))
        if rest:  # the best above, the worst below, one row between for the others
            half = min(top or 0, len(rows) // 2)
            ypos = np.r_[np.arange(half), np.arange(half, len(rows)) + 1]
        values = rows["value"].astype("Float64").fillna(0).to_numpy(float)
        colors = [STATUS_COLORS[s] for s in rows["status"]]
        ax.barh(ypos, values, color=colors, height=0.7)
        # A value of exactly 0 (often the best units of a "decrease" target) draws no
        # bar: a mark in its status colour says the value is there, unlike "no data".
        zero = (rows["value"] == 0).fillna(False).to_numpy(dtype=bool)
        if zero.any():
            ax.scatter(np.zeros(int(zero.sum())), ypos[zero], marker="D", s=22, zorder=3,
                       c=[colors[i] for i in np.flatnonzero(zero)], clip_on=False)
        shown = _value_texts(rows["value"], rows.get("target"), lang)
        for y, v, text, is_zero, status in zip(ypos, rows["value"], shown, zero,
                                               rows["status"], strict=True):
            text = (_t("cell_not_reported", lang) if status == "not_reported"
                    else _t("no_data", lang) if pd.isna(v) else text)
            ax.text((0 if pd.isna(v) else float(v)), float(y), ("   " if is_zero else " ") + text,
                    va="center", fontsize=7, color="#777777" if pd.isna(v) else "#222222")
        ticks = [float(y) for y in ypos]
        labels = [names[str(c)] for c in rows["unit_code"]]
        if rest:
            middle = min(top or 0, len(rows) // 2)
            ticks.insert(middle, middle)
            labels.insert(middle, _t("others", lang).format(n=number(rest, lang, 0)))
        ax.set_yticks(ticks, labels)
        ax.invert_yaxis()
        operator, target = _plan_target(rows)
        handles: list[Any] = []
        if target is not None:
            handles.append(ax.axvline(
                target, color="#c0392b", lw=1.2,
                label=f"{_t('target', lang)} {_op_text(str(operator), target, lang)}"))
        top = max([*values, target or 0.0, 1.0])
        ax.set_xlim(0, top * 1.18)
        ax.set_xlabel(_t("value_pct", lang))
        _axis_numbers(ax.xaxis, lang)
        codes = tuple(rows["indicators"].iloc[0]) if "indicators" in rows.columns else ()
        title = f"{_t('ranking' if rest else 'comparison', lang)} — {rows[_ref_col(rows)].iloc[0]}"
        if codes:
            title += f" ({' + '.join(codes)})"
        ax.set_title(f"{title}, {period}", loc="left")
        seen = set(rows["status"])
        present = [s for s in STATUS_ORDER if s in seen]
        handles += [Patch(color=STATUS_COLORS[s], label=_t(s, lang)) for s in present]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        if own:
            _margins(fig, max(len(str(t)) for t in labels),
                     max(len(str(h.get_label())) for h in handles))
    return fig


def _no_axis_labels(ax: Axes) -> None:
    """Fix the place of an axes' (empty) axis labels.

    Matplotlib places an axis label below its tick labels by measuring them, and
    their siblings', at every draw, label or not; an axes that shows none tells it
    where they would go, and the measuring is skipped.
    """
    ax.xaxis.set_label_coords(0.5, -0.1)
    ax.yaxis.set_label_coords(-0.1, 0.5)


def _figure(ax: Axes | None, size: tuple[float, float], *, fixed: bool = False
            ) -> tuple[Figure, Axes]:
    """A new figure of ``size`` inches with one axes, or the figure of the given axes.

    ``fixed``: no layout engine; the caller sets the margins (:func:`_margins`).
    """
    if ax is None:
        fig = Figure(figsize=size, layout=None if fixed else "constrained")
        return fig, fig.add_subplot()
    return ax.get_figure(), ax  # type: ignore[return-value]  # given axes sit on a Figure


#: Inches per character of DejaVu Sans at 8 points, a little generous (its mean advance
#: is about 0.55 em): margins reckoned from text lengths, not measured label by label.
_INCH_PER_CHAR_8PT = 0.068


def _margins(fig: Figure, left_chars: int, legend_chars: int, *, top: float = 0.45,
             bottom: float = 0.55) -> None:
    """Margins from the longest tick label and legend entry, without a layout engine.

    Constrained layout measured every tick label of every figure, twice: a
    third of the sample report's time (issue 22).  A bar chart's margins
    follow from the length of its longest unit name and legend entry.
    """
    width, height = fig.get_size_inches()
    left = 0.25 + left_chars * _INCH_PER_CHAR_8PT * 7 / 8  # 7-point... 8-point ticks
    right = 0.55 + legend_chars * _INCH_PER_CHAR_8PT
    left, right = min(left, width * 0.4), min(right, width * 0.35)
    fig.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height,
                        bottom=bottom / height)


def _places(table: pd.DataFrame, rows: Sequence[str], cols: Sequence[str]
            ) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of each line of ``table`` (unit first, column key second) in a grid.

    Found by one index look-up per column, never by a search per line.
    """
    i = pd.Index(rows).get_indexer(pd.Index(table.iloc[:, 0].astype(str)))
    j = pd.Index(cols).get_indexer(pd.Index(table.iloc[:, 1].astype(str)))
    return np.asarray(i, dtype=int), np.asarray(j, dtype=int)


def _sorted_periods(periods: pd.Series) -> list[str]:
    """The distinct periods in time order (2024H1 before 2024)."""
    return sorted(set(periods.astype(str)), key=lambda p: parse_period(p).sort_key)


def _not_expected_patch(lang: str) -> Patch:
    """The legend entry of a grid's cells where no report was expected."""
    return Patch(facecolor=STATUS_COLORS["not_expected"], edgecolor="#bbbbbb",
                 label=_t("not_expected", lang))


def _grid_axes(ax: Axes, grid: np.ndarray, colours: Sequence[str], xlabels: Sequence[str],
               ylabels: Sequence[str], rotate: bool) -> None:
    """Draw a grid of category codes as exact cells (vector, no image resampling), labelled."""
    n = len(colours)
    cmap = mpl.colors.ListedColormap(list(colours))
    norm = mpl.colors.BoundaryNorm(np.arange(-0.5, n), cmap.N)
    rows, cols = grid.shape
    ax.pcolormesh(np.arange(cols + 1) - 0.5, np.arange(rows + 1) - 0.5, grid, cmap=cmap,
                  norm=norm, edgecolors="white", linewidth=1)
    ax.set_xlim(-0.5, cols - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_xticks(range(cols), xlabels, rotation=45 if rotate else 0)
    ax.set_yticks(range(rows), ylabels)
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    _no_axis_labels(ax)  # a grid's ticks name its rows and columns; it has no axis label


def _judged_units(table: pd.DataFrame) -> pd.DataFrame:
    """The unit rows of a judged table (:mod:`~childlabour_metrics.analysis.judged`)."""
    return table[~table["is_scope"].astype(bool)] if "is_scope" in table.columns else table


def _column_head(ref: str, rows: pd.DataFrame, lang: str) -> str:
    """A heatmap column's head: the target's id over its indicators in two words."""
    codes = rows["indicators"].iloc[0] if "indicators" in rows.columns and len(rows) else ()
    if isinstance(codes, str):
        codes = tuple(c.strip() for c in codes.split("+"))
    words = " + ".join(word(f"short_{c}", lang) for c in codes if has_word(f"short_{c}"))
    return f"{ref}\n{_wrap(words, 14)}" if words else str(ref)


def _cell_text(status: str, value: Any, text: str, lang: str) -> str:
    """What a cell of units × targets says: the value, "chưa nộp", or "–"."""
    if status == "not_reported":
        return _t("cell_not_reported", lang)
    return "–" if pd.isna(value) else text


def plot_heatmap(attainment: pd.DataFrame, period: str | None = None, *, lang: str = "vi",
                 units: pd.DataFrame | None = None, ax: Axes | None = None) -> Figure:
    """Units × targets, each cell coloured by its verdict with its value.

    Parameters
    ----------
    attainment : pandas.DataFrame
        The judged table (:func:`~childlabour_metrics.judged`): each unit on
        each target in the period that judges it, units that did not report
        as "chưa nộp" cells; or an attainment table (``unit_code, period,
        label, value, target, met``), of which ``period``'s rows are shown.
    period : str, optional
        The period shown (needed for an attainment table), e.g. ``"2024"``.
    lang : {"vi", "en"}
        Language of the labels.
    units : pandas.DataFrame, optional
        A unit registry, for unit names.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> att = pd.DataFrame({"unit_code": ["a", "a"], "period": ["2024", "2024"],
    ...     "label": ["A1", "A2"], "value": pd.array([0.5, None], dtype="Float64"),
    ...     "target": pd.array([1.0, 100.0], dtype="Float64"),
    ...     "met": pd.array([True, None], dtype="boolean")})
    >>> fig = plot_heatmap(att, "2024")
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['0,5', '–']
    """
    check_lang(lang)
    judged = "is_scope" in attainment.columns
    if judged:
        rows = _judged_units(attainment).copy()
        if period is None and len(rows):
            period = max(pd.unique(rows["period"].dropna().astype(str)),
                         key=lambda p: parse_period(p).sort_key)
    else:
        if period is None:
            raise InputError("err_input_chart_columns", field="period")
        period = str(parse_period(period))
        rows = attainment[attainment["period"] == period].copy()
    key = _ref_col(rows)  # short ids ("A1") fit a column head, plan wording does not
    labels = list(dict.fromkeys(rows[key]))  # plan order, as the table lists them
    codes = sorted(set(rows["unit_code"].astype(str)))
    names = _unit_names(units, codes, attainment)
    with mpl.rc_context(CHART_RC):
        # room for unit names on the left and the legend on the right
        own = ax is None
        fig, ax = _figure(ax, (3.2 + 0.85 * max(len(labels), 1) + 2.4,
                               1.9 + 0.32 * max(len(codes), 1)), fixed=True)
        if rows.empty:
            _empty(ax, lang)
            return fig
        rows["status"] = attainment_status(rows)
        order = {s: i for i, s in enumerate(STATUS_ORDER)}
        grid = np.full((len(codes), len(labels)), order["no_data"], dtype=float)
        at_i, at_j = _places(rows[["unit_code", key]], codes, labels)
        grid[at_i, at_j] = rows["status"].map(order).fillna(order["no_data"]).to_numpy(float)
        filled = set(zip(rows["unit_code"].astype(str), rows[key], strict=True))
        for i, code in enumerate(codes):  # a unit that did not report on a target
            for j, label in enumerate(labels):
                if (code, label) not in filled:
                    ax.text(j, i, "–", ha="center", va="center", fontsize=7, color="#333333",
                            clip_on=False)
        shown = _value_texts(rows["value"], rows.get("target"), lang)
        for i, j, status, value, text in zip(
                at_i, at_j, rows["status"], rows["value"], shown, strict=True):
            # inside its cell: no clipping to set up for each of the grid's texts
            ax.text(j, i, _cell_text(status, value, text, lang), ha="center", va="center",
                    fontsize=7, color="white" if status in ("met", "not_met") else "#333333",
                    clip_on=False)
        heads = [_column_head(str(lab), rows[rows[key] == lab], lang) for lab in labels]
        _grid_axes(ax, grid, [STATUS_COLORS[s] for s in order], heads,
                   [names[c] for c in codes], rotate=False)
        ax.xaxis.tick_top()
        ax.tick_params(axis="x", labelsize=7)
        # above the column heads (ticks on top): 34 points hold a head of three lines
        lines = max(h.count("\n") + 1 for h in heads)
        ax.set_title(f"{_t('heatmap', lang)}, {period}", loc="left",
                     pad=34 + 8.5 * max(lines - 3, 0))
        present = [s for s in order if s in set(rows["status"])]
        ax.legend(handles=[Patch(color=STATUS_COLORS[s], label=_t(s, lang)) for s in present],
                  loc="upper left", bbox_to_anchor=(1.0, 1.0))
        if own:
            _margins(fig, max(len(names[c]) for c in codes) + 2,
                     max(len(_t(s, lang)) for s in present), top=1.05, bottom=0.2)
    return fig


def plot_completeness(completeness_table: pd.DataFrame, *, lang: str = "vi",
                      units: pd.DataFrame | None = None, ax: Axes | None = None) -> Figure:
    """Who reported what and when: units × periods, each cell coloured by status.

    Parameters
    ----------
    completeness_table : pandas.DataFrame
        The output of ``completeness``: one row per unit and period with
        ``unit_code``, ``period`` and ``status`` (``on_time``, ``late``,
        ``received`` (undated), ``missing`` or ``unexpected``); when
        ``n_reports`` is present, a cell with several reports shows their
        number (a duplicate to resolve).  Unknown statuses show as received.
    lang : {"vi", "en"}
        Language of the labels.
    units : pandas.DataFrame, optional
        A unit registry, for unit names.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> comp = pd.DataFrame({"unit_code": ["a", "a", "b"],
    ...     "period": ["2024H1", "2024H2", "2024H1"], "status": ["on_time", "late", "missing"]})
    >>> fig = plot_completeness(comp, lang="en")
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['2024H1', '2024H2']
    """
    check_lang(lang)
    table = completeness_table
    statuses = ("on_time", "late", "received", "unexpected", "missing")
    periods = _sorted_periods(table["period"])
    codes = sorted(set(table["unit_code"].astype(str)))
    names = _unit_names(units, codes, table)
    with mpl.rc_context(CHART_RC):
        own = ax is None
        fig, ax = _figure(ax, (3.5 + 0.55 * max(len(periods), 1) + 2.2,
                               1.4 + 0.28 * max(len(codes), 1)), fixed=True)
        if table.empty:
            _empty(ax, lang)
            return fig
        index = {s: i for i, s in enumerate(statuses)}
        # A cell with no row is a unit not expected to report in that period
        # (not yet created, merged away): shown as such, never as missing.
        grid = np.full((len(codes), len(periods)), float(len(statuses)))
        at_i, at_j = _places(table[["unit_code", "period"]], codes, periods)
        grid[at_i, at_j] = table["status"].astype(str).map(index).fillna(
            index["received"]).to_numpy(float)
        _grid_axes(ax, grid, [STATUS_COLORS[s] for s in (*statuses, "not_expected")], periods,
                   [names[c] for c in codes], rotate=len(periods) > 6)
        if "n_reports" in table.columns:
            several = (table["n_reports"].astype("Int64").fillna(0) > 1).to_numpy(bool)
            for i, j, n in zip(at_i[several], at_j[several], table.loc[several, "n_reports"],
                               strict=True):
                ax.text(j, i, f"×{int(n)}", ha="center", va="center", fontsize=7, clip_on=False,
                        color="white", weight="bold")
        ax.set_title(_t("completeness", lang), loc="left")
        present = [s for s in statuses if s in set(table["status"].astype(str))]
        handles: list[Any] = [Patch(color=STATUS_COLORS[s], label=_t(s, lang)) for s in present]
        if (grid == len(statuses)).any():
            handles.append(_not_expected_patch(lang))
        if "n_reports" in table.columns and (table["n_reports"].astype("Int64") > 1).any():
            handles.append(Patch(color="white", label=f"×n: {_t('duplicated', lang)}"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        if own:
            _margins(fig, max(len(names[c]) for c in codes) + 2,
                     max(len(str(h.get_label())) for h in handles),
                     bottom=0.8 if len(periods) > 6 else 0.5)
    return fig


#: Bands of the share of expected units that reported: (key, lowest share, colour).
RATE_BANDS: tuple[tuple[str, float, str], ...] = (
    ("rate_all", 1.0, "#1b9e77"),
    ("rate_most", 0.9, "#7fc9b0"),
    ("rate_half", 0.5, "#e6ab02"),
    ("rate_few", 0.0, "#d95f02"),
)


def _share_text(share: float, lang: str) -> str:
    """A share in percent, with a decimal where rounding would claim 0 % or 100 %."""
    pct = share * 100
    places = 1 if round(pct) in (0, 100) and pct not in (0.0, 100.0) else 0
    return percent(pct, lang, places)


def plot_completeness_rates(rates: pd.DataFrame, *, lang: str = "vi",
                            units: pd.DataFrame | None = None,
                            ax: Axes | None = None) -> Figure:
    """The share of each parent's expected units that reported, per period.

    At national scale a row per commune is unreadable: a row per province,
    each cell the share of its expected communes whose report was received,
    written in the cell and coloured by band, so that a province with a gap
    is seen at once.

    Parameters
    ----------
    rates : pandas.DataFrame
        The output of ``completeness_rates``: ``parent_code``, ``period``,
        ``expected``, ``received`` and ``rate_received``.
    lang : {"vi", "en"}
        Language of the labels.
    units : pandas.DataFrame, optional
        A unit registry, for unit names.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> rates = pd.DataFrame({"parent_code": ["P", "P", "Q"], "period": ["2024H1", "2024", "2024"],
    ...     "expected": [10, 10, 4], "received": [10, 9, 0],
    ...     "rate_received": [1.0, 0.9, 0.0]})
    >>> fig = plot_completeness_rates(rates, lang="en")
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['0%', '100%', '90%']
    """
    check_lang(lang)
    table = rates[rates["expected"].fillna(0).to_numpy(float) > 0]
    periods = _sorted_periods(table["period"])
    codes = sorted(set(table["parent_code"].astype(str)))
    names = _unit_names(units, codes, table.rename(columns={"parent_code": "unit_code",
                                                            "parent_name": "unit_name"}))
    with mpl.rc_context(CHART_RC):
        # margins from the longest name and legend entry (:func:`_margins`), not from
        # constrained layout, which measured every tick label twice
        own = ax is None
        fig, ax = _figure(ax, (3.5 + 0.7 * max(len(periods), 1),
                               1.4 + 0.28 * max(len(codes), 1)), fixed=True)
        if table.empty:
            _empty(ax, lang)
            return fig
        share = table["rate_received"].astype("Float64").fillna(0).to_numpy(float)
        lowest = np.array([low for _key, low, _colour in RATE_BANDS])
        band = np.argmax(share[:, None] >= lowest[None, :] - 1e-12, axis=1)
        grid = np.full((len(codes), len(periods)), float(len(RATE_BANDS)))
        at_i, at_j = _places(table.rename(columns={"parent_code": "unit_code"})[
            ["unit_code", "period"]], codes, periods)
        grid[at_i, at_j] = band
        colours = [colour for _key, _low, colour in RATE_BANDS]
        _grid_axes(ax, grid, [*colours, STATUS_COLORS["not_expected"]], periods,
                   [names[c] for c in codes], rotate=len(periods) > 6)
        for i, j, value in zip(at_i, at_j, share, strict=True):
            ax.text(j, i, _share_text(float(value), lang), ha="center", va="center", fontsize=7,
                    clip_on=False,
                    color="black" if value >= 0.9 and value < 1 else "white")
        ax.set_title(_t("completeness_rates", lang), loc="left")
        handles: list[Any] = [Patch(color=colour, label=_t(key, lang))
                              for key, _low, colour in RATE_BANDS]
        if (grid == len(RATE_BANDS)).any():
            handles.append(_not_expected_patch(lang))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        if own:
            _margins(fig, max(len(names[c]) for c in codes) + 2,
                     max(len(str(h.get_label())) for h in handles),
                     bottom=0.8 if len(periods) > 6 else 0.5)
    return fig


def _panel_verdicts(judged: pd.DataFrame | None, refs: set[str], unit_code: str,
                    lang: str) -> list[tuple[int, str, str]]:
    """(year, words, status) of each target a panel draws (``refs``), from the judged table."""
    if judged is None or judged.empty:
        return []
    rows = judged[judged["ref"].isin(refs)]
    rows = rows[rows["unit_code"].astype(str) == unit_code] if unit_code in set(
        rows["unit_code"].astype(str)) else rows
    rows = rows[rows["target"].notna()].drop_duplicates("ref").sort_values("target_year")
    return [(int(y), verdict_word(st, r, p, lang), str(st)) for y, st, r, p in
            zip(rows["target_year"], rows["status"], rows["reason"], rows["period"],
                strict=True)]


def plot_dashboard(observations_or_values: pd.DataFrame, plan: Plan | str,
                   unit_code: str | None = None, *, lang: str = "vi",
                   unit_name: str | None = None, judged: pd.DataFrame | None = None,
                   method: str = "trajectory") -> Figure:
    """One page of small multiples: the unit's progress on every target group of a plan.

    One panel per distinct indicator (or sum of indicators) the plan sets a
    numeric target on, each with all its target years.  For a province, pass
    its own rows or the aggregate of its units (see ``aggregate``).

    Parameters
    ----------
    observations_or_values : pandas.DataFrame
        Observations or values with the unit's rows.
    plan : Plan or str
        The plan (or its id): one panel per indicator group it targets.
    unit_code : str, optional
        Defaults to the plan's scope unit.
    lang : {"vi", "en"}
        Language of the labels.
    unit_name : str, optional
        Name shown in the title (else the plan's scope name, or the code).
    judged : pandas.DataFrame, optional
        The judged table (:func:`~childlabour_metrics.judged`): each panel
        marks its targets' verdicts ("2025: Chưa đạt"), in their colours.
    method : {"trajectory", "sdg"}
        The path each panel draws from the baseline to the targets: the
        straight line of the trajectory method, or the compound growth the
        SDG measure requires; the report draws the method its verdicts use.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> obs = pd.DataFrame({"unit_code": ["30"], "period": ["2022"], "indicator": ["CL01"],
    ...                     "numerator": [3], "denominator": [100]})
    >>> fig = plot_dashboard(obs, "hai-duong-2021", lang="en")
    >>> sum(ax.get_visible() for ax in fig.axes)  # one panel per indicator targeted
    12
    """
    check_lang(lang)
    plan = load_plan(plan)
    unit_code = str(unit_code or plan.scope_code)
    if unit_name is None:
        unit_name = plan.scope_name if unit_code == plan.scope_code else unit_code
    groups: list[str] = []
    seen: set[tuple[str, ...]] = set()
    targets = plan.targets[[_ref_col(plan.targets), "indicators", "value"]]
    for label, codes, value in targets.itertuples(index=False):
        if pd.isna(value) or tuple(codes) in seen:
            continue
        seen.add(tuple(codes))
        groups.append(label)
    if not groups:  # a plan without numbers: show the indicators it tracks
        groups = list(plan.indicator_codes)
    ncols = 3 if len(groups) > 4 else 2 if len(groups) > 1 else 1
    nrows = max(1, math.ceil(len(groups) / ncols))
    with mpl.rc_context(CHART_RC):
        height = 1.2 + 2.6 * nrows
        fig = Figure(figsize=(11.7, height))
        # Fixed spacing for two-line panel titles and the legend below, rather than
        # constrained layout, which measured every tick label of the twelve panels.
        fig.subplots_adjust(left=0.045, right=0.985, top=1 - 0.95 / height,
                            bottom=0.7 / height, hspace=0.62, wspace=0.2)
        # only the cells of the grid a panel fills: an empty axes still made its ticks
        grid = fig.add_gridspec(nrows, ncols)
        axes = [fig.add_subplot(grid[k // ncols, k % ncols]) for k in range(len(groups))]
        panels = [_target_rows(plan, label) for label in groups]
        every = _panel_series(observations_or_values, unit_code,
                              [codes for codes, _same, _chosen in panels])
        if judged is not None and "is_scope" in judged.columns:
            judged = judged[judged["is_scope"]]  # once, not per panel
        for ax, label, target, series in zip(axes, groups, panels, every, strict=True):
            refs = set(target[1][_ref_col(target[1])].astype(str))
            _draw_progress(ax, observations_or_values, plan, unit_code, label, lang,
                           compact=True, method=method, series=series, target=target,
                           verdicts=_panel_verdicts(judged, refs, unit_code, lang))
        handles, names = [], []
        for ax in axes:
            for h, n in zip(*ax.get_legend_handles_labels(), strict=True):
                if n not in names:
                    handles.append(h)
                    names.append(n)
        if handles:
            fig.legend(handles, names, loc="lower center", ncols=len(handles),
                       bbox_to_anchor=(0.5, 0.0))
        title = f"{_t('dashboard', lang)}: {chart_text(unit_name)} — {plan.name(lang)}"
        fig.suptitle(_wrap(title, 130), fontsize=11, ha="left", va="top", x=0.01,
                     y=1 - 0.08 / height)
    return fig
