"""Progress toward a plan's targets: is each unit on its way to 2025 and 2030?

Attainment (:mod:`childlabour_metrics.compute`) asks whether a value meets its
target now; this module asks whether the *trend* will get there in time.  Two
methods are offered, and every output names the one used:

``"sdg"`` (default)
    The Open SDG / Statistics Canada progress measure as implemented in
    sdg-build's ``sdg/ProgressMeasure.py``: the observed compound annual growth
    rate (CAGR) since the base year, set against the rate required to reach
    the target by the target year.
``"trajectory"``
    A straight line from the base value to the target at the target year; the
    latest value is on track when it is at or beyond the line.

The module never reads workbooks and never changes its inputs; values are
ratios of sums computed by :func:`childlabour_metrics.compute.values`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from .baseline import with_predecessors
from .compute import aggregate, plan_scope, values
from .periods import PeriodError, parse_period
from .plans import load_plan, targets_due
from .schemas import coerce_observations, usable
from .words import WORDS, word

__all__ = [
    "METHODS",
    "STATUSES",
    "STATUS_LABELS",
    "Assessment",
    "assess_series",
    "progress",
    "status_label",
]

#: Assessment methods.
METHODS: tuple[str, ...] = ("sdg", "trajectory")

#: Stable status keys → (Vietnamese, English) labels, a view of the vocabulary
#: (:mod:`childlabour_metrics.words`, keys ``progress_<status>``).  The sdg-build
#: keys are kept verbatim so that outputs can be fed to an Open SDG site.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    code: WORDS[f"progress_{code}"]
    for code in (
        "target_achieved", "substantial_progress", "moderate_progress", "limited_progress",
        "deterioration", "not_available", "on_track", "off_track", "insufficient_data",
    )
}
STATUSES: tuple[str, ...] = tuple(STATUS_LABELS)

# sdg-build: "progress_thresholds = {'high': 0.95, 'med': 0.6, 'low': 0}" (with a
# target) and "{'high': 0.015, 'med': 0.005, 'low': 0}" (without one).
_THRESHOLDS_TARGET = {"high": 0.95, "med": 0.6, "low": 0.0}
_THRESHOLDS_NO_TARGET = {"high": 0.015, "med": 0.005, "low": 0.0}
# sdg-build replaces a zero base value or target by this constant.
_ZERO = 0.001
_DIRECTIONS = ("increase", "decrease")
_OPERATORS = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def status_label(status: str, lang: str = "vi") -> str:
    """Human label of a status key, Vietnamese by default.

    Examples
    --------
    >>> status_label("on_track"), status_label("on_track", lang="en")
    ('Đúng lộ trình', 'On track')
    """
    if status not in STATUS_LABELS:
        raise KeyError(status)
    return word(f"progress_{status}", lang)


@dataclass(frozen=True, slots=True)
class Assessment:
    """The assessment of one series against one target.

    Attributes
    ----------
    status : str
        A key of :data:`STATUS_LABELS`.
    ratio : float or None
        ``sdg``: the progress value (CAGR ratio with a target, observed CAGR
        without one).  ``trajectory``: progress made / progress expected.
    score : float or None
        ``sdg`` only: the −5..+5 score of sdg-build (5 when the target is
        achieved).
    method : str
        ``"sdg"`` or ``"trajectory"``.
    base_year, latest_year : int or None
        Years the comparison runs between.
    base_value, latest_value : float or None
        Values in those years (the base value as observed, before any 0.001
        replacement).
    target, target_year, direction :
        As given.
    cagr_observed, cagr_required : float or None
        Compound annual growth rates (fractions: 0.05 is 5 % a year).
    projection : float or None
        Value expected at ``target_year`` if the current trend continues
        (compound for ``sdg``, straight line through base and latest values
        for ``trajectory``).
    expected, gap : float or None
        ``trajectory`` only: the value on the line at the latest year, and
        ``latest_value − expected`` (percentage points).
    reason : str or None
        Why the status is ``not_available``/``insufficient_data`` (English
        snake_case key), else None.
    """

    status: str
    ratio: float | None
    score: float | None
    method: str
    base_year: int | None
    latest_year: int | None
    base_value: float | None
    latest_value: float | None
    target: float | None
    target_year: int
    direction: str
    cagr_observed: float | None = None
    cagr_required: float | None = None
    projection: float | None = None
    expected: float | None = None
    gap: float | None = None
    reason: str | None = None

    def label(self, lang: str = "vi") -> str:
        """The status as text (Vietnamese by default)."""
        return status_label(self.status, lang)

    def to_dict(self) -> dict[str, Any]:
        """The assessment as a plain dict."""
        return asdict(self)


def _growth(current: float, base: float, t1: float, t0: float) -> float | None:
    """CAGR as sdg-build's ``growth_calculation``: ``(v1/v0) ** (1/(t1-t0)) - 1``."""
    if t1 == t0 or base == 0:
        return None
    quotient = current / base
    if quotient < 0:
        return None  # a real root does not exist; sdg-build excludes this case earlier
    return quotient ** (1 / (t1 - t0)) - 1


def _project(value: float, growth: float, years: float) -> float | None:
    """``value · (1 + growth) ** years``; None where it does not exist or overflows.

    A series that fell to 0 has growth −1, and a target year before the latest
    year gives a negative exponent: 0 ** −1 has no value (sdg-build divides by zero).
    """
    try:
        return value * (1 + growth) ** years
    except (ZeroDivisionError, OverflowError):
        return None


def _sdg_score(value: float, method: int, th: dict[str, float]) -> float:
    """sdg-build ``get_score`` (no ``limit``, so its coefficient is 1)."""
    high, med, low = th["high"], th["med"], th["low"]
    if method == 1:
        if value < low:
            return max(125 * value - 2.5, -5.0)
        if value >= high:
            return min(500 * value - 5, 5.0)
        if value >= med:
            return 250 * value - 1.25
        return 500 * value - 2.5
    if value >= med:  # sdg-build uses the same line for its 'high' and 'med' branches
        return min(7.1429 * value - 4.2857, 5.0)
    return max(4.1667 * value - 2.5, -5.0)


def _sdg_status(value: float | None, th: dict[str, float], achieved: bool) -> str:
    """sdg-build ``get_progress_status``."""
    if achieved:
        return "target_achieved"
    if value is None:
        return "not_available"
    if value >= th["high"]:
        return "substantial_progress"
    if value >= th["med"]:
        return "moderate_progress"
    if value >= th["low"]:
        return "limited_progress"
    return "deterioration"


def _clean_series(years: Sequence[Any], values: Sequence[Any]) -> list[tuple[int, float]]:
    if len(years) != len(values):
        raise ValueError(f"years ({len(years)}) and values ({len(values)}) differ in length")
    pairs: dict[int, float] = {}
    for year, value in zip(years, values, strict=True):
        if value is None or pd.isna(value) or year is None or pd.isna(year):
            continue  # sdg-build: "remove any NA values from data"
        y = int(year)
        if y in pairs:
            # sdg-build raises on duplicate years too ("Duplicate value for year").
            raise ValueError(f"duplicate value for year {y}")
        v = float(value)
        # A rate below a billionth of a percent is zero: dividing by a subnormal
        # float overflows to inf, and the measure would come out NaN.
        pairs[y] = 0.0 if abs(v) < 1e-9 else v
    return sorted(pairs.items())


def _achieved(latest: float, target: float, direction: str, operator: str | None) -> bool:
    if operator is not None:
        return bool(_OPERATORS[operator](latest, target))
    # sdg-build is_target_achieved: "current_value <= target" (negative direction)
    # or "current_value >= target" (positive direction).
    return latest <= target if direction == "decrease" else latest >= target


def assess_series(
    years: Sequence[Any],
    values: Sequence[Any],
    *,
    direction: str,
    target: float | None = None,
    target_year: int = 2030,
    base_year: int | None = None,
    method: str = "sdg",
    operator: str | None = None,
) -> Assessment:
    """Assess one yearly series against a target.

    Parameters
    ----------
    years, values : sequences
        The series; NA values are dropped (sdg-build does the same).
    direction : {"increase", "decrease"}
        The desired direction (sdg-build's ``positive``/``negative``).
    target : float, optional
        Target value; None for an indicator without a numeric target.
    target_year : int
        Year the target is due (sdg-build default 2030).
    base_year : int, optional
        First year of the comparison.  When it has no data the first later
        year with data is used (sdg-build's rule).  Default: the first year
        with data (sdg-build's default is 2015).
    method : {"sdg", "trajectory"}
        See the module docstring.
    operator : {"<", "<=", ">=", ">"}, optional
        When given, "target achieved" uses this comparison (a plan's
        "dưới 1 %" is strict); by default the sdg-build rule "at or beyond
        the target" applies.

    Returns
    -------
    Assessment

    Notes
    -----
    ``method="sdg"`` follows sdg-build's ``SeriesProgress``
    (``sdg/ProgressMeasure.py``, the class-based implementation behind Open
    SDG 2.4.0's progress statuses) line by line.  Of its revisions, this is
    the one that replaces a zero base value by 0.001 and scores an achieved
    target 5 before looking at the progress value (an earlier revision gave
    ``not_available`` for a zero base and no score when the value was
    missing):

    - target 0 → 0.001, base value 0 → 0.001 (the base value only for the
      growth computation);
    - the base year is the requested one, or the first later year with data;
      the latest year is the last year with data;
    - ``not_available`` when there are no data, when the base year is not
      before the latest year (fewer than two years), or when base and latest
      values have opposite signs;
    - ``target_achieved`` (score 5) when the latest value is at or beyond
      the target, checked first, so a single value past the target is
      already "achieved";
    - with a target: ratio = sign · direction · CAGR_observed /
      |CAGR_required|; statuses at 0.95, 0.6 and 0; score
      ``min(7.1429·r − 4.2857, 5)`` for r ≥ 0.6, else
      ``max(4.1667·r − 2.5, −5)``;
    - without a target: ratio = sign · direction · CAGR_observed; statuses at
      0.015, 0.005 and 0; score ``max(125·r − 2.5, −5)`` below 0,
      ``500·r − 2.5`` below 0.005, ``250·r − 1.25`` below 0.015, else
      ``min(500·r − 5, 5)``.

    Where this function differs, and why:

    - sdg-build *raises* (or divides by zero) when the base year is after the
      last data and when the target year equals the base year; here these
      give ``not_available`` with a ``reason``, so one bad series does not
      stop a whole table.  When the target equals the base value (a 0 % or
      100 % target; required growth 0) sdg-build divides by zero; here the
      series is judged directly: ``deterioration`` (score −5) when it moved
      away from the target, ``limited_progress`` (score −2.5, sdg-build's for
      a ratio of 0) when it did not move, ``target_achieved`` when it is
      there.  A projection that does not exist (a series fallen to 0,
      projected backwards) is None, where sdg-build divides by zero.  A
      target year at or before the base year, and a target of the opposite
      sign to the base value, are also ``not_available``
      (sdg-build would compute a meaningless, or complex, rate).
    - the default base year is the first year with data, not 2015: the
      programme's series start in 2021 or later.
    - sdg-build's ``limit`` option (thresholds shrunk near a natural limit)
      and user-configured thresholds are not offered.
    - the optional ``operator`` lets a strict target ("below 1 %") be judged
      strictly; sdg-build has no operators.
    - ``projection`` is an addition: ``latest · (1 + CAGR_observed) **
      (target_year − latest_year)``.

    ``method="trajectory"``: the line runs from the base value (base year as
    above) to the target at ``target_year``; ``expected`` is its value at the
    latest year, ``gap = latest − expected``, ``ratio`` = progress made /
    progress expected; statuses ``target_achieved`` (checked first, as
    above), ``on_track`` (latest at or beyond the line), ``off_track``, and
    ``insufficient_data`` (no target, fewer than two years, or the target
    year not after the base year).  ``score`` is None.

    Examples
    --------
    The published national child labour rates against the 2025 target:

    >>> a = assess_series([2012, 2018, 2023], [9.6, 5.4, 1.31], direction="decrease",
    ...                   target=4.9, target_year=2025)
    >>> a.status, a.score
    ('target_achieved', 5)

    A series falling from 10 % to 8 % in two years, target 4 % in 2030:

    >>> a = assess_series([2020, 2022], [10, 8], direction="decrease", target=4)
    >>> a.status, round(a.ratio, 3), round(a.cagr_observed, 4), round(a.cagr_required, 4)
    ('substantial_progress', 1.206, -0.1056, -0.0876)
    >>> t = assess_series([2020, 2022], [10, 8], direction="decrease", target=4,
    ...                   method="trajectory")
    >>> t.status, t.expected, round(t.ratio, 3)
    ('on_track', 8.8, 1.667)
    """
    if direction not in _DIRECTIONS:
        raise ValueError(f"direction must be one of {_DIRECTIONS}, not {direction!r}")
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if operator is not None and operator not in _OPERATORS:
        raise ValueError(f"operator must be one of {tuple(_OPERATORS)}, not {operator!r}")
    if target is not None and pd.isna(target):
        target = None
    target_year = int(target_year)
    series = _clean_series(years, values)
    base: dict[str, Any] = {
        "method": method,
        "target": None if target is None else float(target),
        "target_year": target_year,
        "direction": direction,
    }
    empty_status = "not_available" if method == "sdg" else "insufficient_data"
    if not series:
        return Assessment(status=empty_status, ratio=None, score=None, base_year=None,
                          latest_year=None, base_value=None, latest_value=None,
                          reason="no_data", **base)
    latest_year, latest_value = series[-1]
    data = dict(series)
    if base_year is None:
        b_year: int | None = series[0][0]
    elif int(base_year) in data:
        b_year = int(base_year)
    else:
        later = [y for y, _ in series if y > int(base_year)]
        b_year = later[0] if later else None
    b_value = data.get(b_year) if b_year is not None else None
    base.update(base_year=b_year, latest_year=latest_year, base_value=b_value,
                latest_value=latest_value)
    if method == "sdg":
        return _assess_sdg(base, target, operator)
    return _assess_trajectory(base, target, operator)


def _assess_sdg(base: dict[str, Any], target: float | None, operator: str | None) -> Assessment:
    direction_sign = 1 if base["direction"] == "increase" else -1
    target_year = base["target_year"]
    b_year, b_value = base["base_year"], base["base_value"]
    t, v = base["latest_year"], base["latest_value"]
    if target is not None and target == 0:
        target = _ZERO  # sdg-build: "Calculating progress with target = 0.001 instead."
    achieved = target is not None and _achieved(v, target, base["direction"], operator)
    th = _THRESHOLDS_NO_TARGET if target is None else _THRESHOLDS_TARGET
    reason = None
    judged: str | None = None
    ratio = cagr_o = cagr_r = projection = None
    if b_year is None:
        reason = "base_year_after_data"
    elif t - b_year < 1:
        reason = "fewer_than_two_years"
    else:
        sign = -1 if b_value < 0 else 1
        b_eff = _ZERO if b_value == 0 else b_value  # sdg-build: "base value = 0.001 instead"
        if (b_eff > 0 and v < 0) or (b_eff < 0 and v > 0):
            reason = "opposite_signs"
        else:
            cagr_o = _growth(v, b_eff, t, b_year)
            if cagr_o is not None:
                projection = _project(v, cagr_o, target_year - t)
            if target is None:
                ratio = sign * direction_sign * cagr_o if cagr_o is not None else None
            elif target_year <= b_year:
                reason = "target_year_not_after_base_year"
            else:
                cagr_r = _growth(target, b_eff, target_year, b_year)
                if cagr_r is None:
                    reason = "target_opposite_sign"
                elif cagr_r == 0:
                    # The target is the base value (a 0 % or 100 % target): no rate is
                    # required, so no ratio.  sdg-build divides by zero (−inf: deterioration)
                    # here; the series is judged directly instead.
                    moved = (v - b_eff) * direction_sign
                    judged = "deterioration" if moved < 0 else "limited_progress"
                elif cagr_o is not None:
                    ratio = sign * direction_sign * cagr_o / abs(cagr_r)
    status = judged if judged and not achieved else _sdg_status(ratio, th, achieved)
    if achieved:
        score: float | None = 5
    elif judged:
        # The scores of sdg-build's ratio −inf (moved away) and 0 (did not move).
        score = -5.0 if judged == "deterioration" else _sdg_score(0.0, 2, th)
    elif ratio is None:
        score = None
    else:
        score = _sdg_score(ratio, 1 if target is None else 2, th)
    return Assessment(
        status=status, ratio=ratio, score=score, cagr_observed=cagr_o, cagr_required=cagr_r,
        projection=projection,
        reason=None if achieved or judged or ratio is not None else reason,
        **base,
    )


def _assess_trajectory(
    base: dict[str, Any], target: float | None, operator: str | None
) -> Assessment:
    target_year = base["target_year"]
    b_year, b_value = base["base_year"], base["base_value"]
    t, v = base["latest_year"], base["latest_value"]
    achieved = target is not None and _achieved(v, target, base["direction"], operator)
    cagr_o = cagr_r = projection = expected = gap = ratio = None
    reason = None
    if b_year is None:
        reason = "base_year_after_data"
    elif t - b_year < 1:
        reason = "fewer_than_two_years"
    else:
        slope_obs = (v - b_value) / (t - b_year)
        projection = v + slope_obs * (target_year - t)
        cagr_o = _growth(v, b_value, t, b_year)
        if target is None:
            reason = "no_target"
        elif target_year <= b_year:
            reason = "target_year_not_after_base_year"
        else:
            cagr_r = _growth(target, b_value, target_year, b_year)
            expected = b_value + (target - b_value) * (t - b_year) / (target_year - b_year)
            gap = v - expected
            if expected != b_value:
                ratio = (v - b_value) / (expected - b_value)
    if achieved:
        status = "target_achieved"
    elif expected is None:
        status = "insufficient_data"
    else:
        beyond = v <= expected if base["direction"] == "decrease" else v >= expected
        status = "on_track" if beyond else "off_track"
    return Assessment(
        status=status, ratio=ratio, score=None, cagr_observed=cagr_o, cagr_required=cagr_r,
        projection=projection, expected=expected, gap=gap,
        reason=reason if status == "insufficient_data" else None, **base,
    )


# ---------------------------------------------------------------------------
# Table level

PROGRESS_COLUMNS = [
    "unit_code", "ref", "label", "indicators", "target_year", "operator", "target",
    "direction", "method", "base_year", "latest_year", "latest_value", "status", "ratio", "score",
    "projection", "cagr_observed", "cagr_required", "n_years",
]
_PROGRESS_DTYPES: dict[str, Any] = {
    "unit_code": "str", "ref": "str", "label": "str", "indicators": object, "target_year": "Int64",
    "operator": "str", "target": "Float64", "direction": "str", "method": "str",
    "base_year": "Int64", "latest_year": "Int64", "latest_value": "Float64", "status": "str",
    "ratio": "Float64", "score": "Float64", "projection": "Float64",
    "cagr_observed": "Float64", "cagr_required": "Float64", "n_years": "Int64",
    "reason": "str",
}
_TRAJECTORY_EXTRA = {"expected": "Float64", "gap": "Float64"}


def _values(obs: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Ratio-of-sums values, by :func:`childlabour_metrics.compute.values`."""
    return values(obs, by=by)


def _usable(observations: pd.DataFrame) -> pd.DataFrame:
    obs = usable(coerce_observations(observations)).copy()
    # "Cả năm 2024" and "2024" are one period: group them together.
    canonical = {}
    for text in obs["period"].dropna().unique():
        try:
            canonical[text] = str(parse_period(text))
        except PeriodError:
            canonical[text] = text
    obs["period"] = obs["period"].map(canonical).astype("str")
    return obs


def _period_parts(period: pd.Series) -> pd.DataFrame:
    """Year and kind of each period text (NA for a text that is not a period).

    Each distinct text is parsed once and the results taken back to the rows:
    a national decade holds ~1 M period cells but some twenty distinct ones.

    Examples
    --------
    >>> _period_parts(pd.Series(["2024", "2024H1", "x", None, "2024"]))
       year  kind
    0  2024  year
    1  2024    H1
    2  <NA>   NaN
    3  <NA>   NaN
    4  2024  year
    """
    codes, uniques = pd.factorize(period.to_numpy(dtype=object), use_na_sentinel=True)
    years: list[int | None] = []
    kinds: list[str | None] = []
    for text in uniques:  # distinct values only
        try:
            p = parse_period(text)
        except PeriodError:
            years.append(None)
            kinds.append(None)
            continue
        years.append(p.year)
        kinds.append(p.kind)
    # Code -1 (a missing text) takes the appended "not a period" entry.
    take = np.where(codes < 0, len(uniques), codes)
    return pd.DataFrame({"year": pd.array([*years, None], dtype="Int64").take(take),
                         "kind": pd.array([*kinds, None], dtype="str").take(take)},
                        index=period.index)


def _yearly_series(obs: pd.DataFrame, indicators: tuple[str, ...]) -> pd.DataFrame:
    """unit_code, year, value for a target's indicators (yearly, else H1)."""
    part = obs[obs["indicator"].isin(indicators)]
    if part.empty:
        return pd.DataFrame({"unit_code": pd.Series(dtype="str"),
                             "year": pd.Series(dtype="Int64"),
                             "value": pd.Series(dtype="Float64")})
    part = part.join(_period_parts(part["period"]))
    part = part[part["kind"].isin(["year", "H1"])]
    vals = _values(part.drop(columns=["year", "kind"]), ["unit_code", "period"])
    vals = vals.join(_period_parts(vals["period"]))
    vals = vals[vals["value"].notna()]
    # A yearly report covers the whole year; H1 stands in only for a year that
    # has no usable yearly figure (e.g. the current year before its report).
    vals = vals.assign(_rank=(vals["kind"] != "year").astype(int))
    vals = vals.sort_values(["unit_code", "year", "_rank"])
    vals = vals.drop_duplicates(["unit_code", "year"], keep="first")
    return vals[["unit_code", "year", "value"]].reset_index(drop=True)


def _unit_series(series: pd.DataFrame) -> list[tuple[str, list[int], list[float]]]:
    """Each unit's years and values as plain lists, units in sorted order.

    The same series a ``groupby("unit_code", sort=True)`` loop would give, cut
    from three arrays at the unit boundaries: no pandas object per unit (at
    national scale a frame per unit cost 20× the assessment itself).

    Examples
    --------
    >>> _unit_series(pd.DataFrame({"unit_code": ["b", "a", "b"], "year": [2021, 2022, 2022],
    ...                            "value": [1.0, 2.0, 3.0]}))
    [('a', [2022], [2.0]), ('b', [2021, 2022], [1.0, 3.0])]
    """
    units = series["unit_code"].to_numpy(dtype=object)
    if not len(units):
        return []
    order = np.argsort(units, kind="stable")  # sorted units, rows in order within each
    units = units[order]
    years = series["year"].to_numpy(dtype=object, na_value=None)[order].tolist()
    values = series["value"].to_numpy(dtype=object, na_value=None)[order].tolist()
    starts = np.flatnonzero(np.r_[True, units[1:] != units[:-1]])
    ends = [*starts[1:], len(units)]
    return [(units[a], years[a:b], values[a:b]) for a, b in zip(starts, ends, strict=True)]


def progress(
    observations: pd.DataFrame,
    plan: Any,
    *,
    method: str = "sdg",
    level: str | None = None,
    units: pd.DataFrame | None = None,
    base_year: int | None = None,
    target_year: int | None = None,
    mapping: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Assess every unit's progress toward every target of a plan.

    Parameters
    ----------
    observations : DataFrame
        Needs ``unit_code, period, indicator, numerator, denominator``;
        ``status`` is honoured when present (``error`` and ``superseded`` rows
        are left out).
    plan : Plan or str
        A :class:`~childlabour_metrics.plans.Plan` or a plan id.
    method : {"sdg", "trajectory"}
        See :func:`assess_series`.
    level : str, optional
        Keep only units at this level (needs ``units``).  With ``units`` and
        a level, counts are first rolled up to that level by
        :func:`childlabour_metrics.compute.aggregate`.
    units : DataFrame, optional
        Unit registry (:func:`~childlabour_metrics.units.load_units`).  With
        it, only units in the plan's scope (its scope unit and the units
        below) are assessed.
    base_year : int, optional
        Base year of every series; default the plan's start year (or the
        first later year with data).
    target_year : int, optional
        Keep only the targets due in this year.
    mapping : DataFrame, optional
        A crosswalk (:func:`~childlabour_metrics.official_crosswalk`).  With
        it, the plan's scope unit gets its periods from before it existed
        from its predecessors (:func:`~childlabour_metrics.baseline.with_predecessors`):
        new Xã Vân Sơn's 2025 from old Vân Sơn and Hữu Sản.  The default
        base year is then the year before the plan starts (its baseline).

    Returns
    -------
    DataFrame
        One row per unit and target: ``unit_code, label, indicators,
        target_year, operator, target, direction, method, base_year,
        latest_year, latest_value, status, ratio, score, projection,
        cagr_observed, cagr_required, n_years, reason`` (why a status is
        ``not_available``/``insufficient_data``) (+ ``expected, gap`` for the
        trajectory method).  Values are per year: the yearly report's value,
        or the first half-year's when a year has no yearly report.  A target
        on several indicators is assessed on Σ numerators / Σ denominators.
        A target without a number gets the no-target rule of
        :func:`assess_series`.  With ``mapping``: ``crosswalked`` is True on
        a unit whose series has a year built from its predecessors, and
        ``approximate`` where a divided unit's share is in it.

    Examples
    --------
    >>> from childlabour_metrics.plans import Plan
    >>> plan = Plan(id="t", name_vi="t", name_en="t", issuer="", document="",
    ...     scope_code="P", scope_name="", scope_level="province", start=2021, end=2025,
    ...     horizon=2030, parent=None, report_levels=("commune",),
    ...     calendar=pd.DataFrame(), targets=pd.DataFrame({"label": ["T1"],
    ...     "indicators": [("CL01",)], "year": [2025], "operator": ["<="],
    ...     "value": [1.0], "direction": ["decrease"]}))
    >>> obs = pd.DataFrame({"unit_code": ["a", "a"], "period": ["2021", "2023"],
    ...     "indicator": ["CL01", "CL01"], "numerator": [4, 2], "denominator": [100, 100]})
    >>> progress(obs, plan)[["unit_code", "label", "status", "n_years"]]
      unit_code label                status  n_years
    0         a    T1  substantial_progress        2
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if not hasattr(plan, "targets"):
        plan = load_plan(plan)
    from .owners import has_owned_targets, progress_with_owners

    if units is not None and has_owned_targets(plan):
        # Owned targets are judged on their owners' reports (issue 14, owners.py).
        return progress_with_owners(observations, plan, units, method=method, level=level,
                                    base_year=base_year, target_year=target_year)
    obs = _usable(observations)
    if level is not None:
        if units is None:
            raise ValueError("selecting a level needs a unit registry (units=...)")
        rolled = aggregate(obs, units, level=level)
        obs = rolled[["unit_code", "period", "indicator", "numerator", "denominator"]]
    # before the scope filter: the predecessors are outside the new unit's scope
    obs = with_predecessors(obs, plan.scope_code, mapping)
    flagged = obs[obs["crosswalked"]]
    if units is not None:
        # A plan covers its scope unit and the units below it, nothing else.
        obs = obs[obs["unit_code"].isin(plan_scope(plan, units))]
    start = base_year if base_year is not None else getattr(plan, "start", None)
    if base_year is None and start is not None and not flagged.empty:
        start = int(start) - 1  # the baseline the predecessors give
    targets = targets_due(plan, target_year)
    rows: list[dict[str, Any]] = []
    yearly: dict[tuple[str, ...], list[tuple[str, list[int], list[float]]]] = {}
    records: Any = targets.itertuples(index=False)  # stubs type each field as Scalar
    for tgt in records:
        # Targets on the same indicators (a 2025 and a 2030 one) share their series.
        key = tuple(tgt.indicators)
        if key not in yearly:
            yearly[key] = _unit_series(_yearly_series(obs, key))
        has_value = tgt.operator is not None and not pd.isna(tgt.operator) and not pd.isna(
            tgt.value
        )
        t_year = int(tgt.year) if not pd.isna(tgt.year) else int(getattr(plan, "end", 2030))
        for unit_code, years, series_values in yearly[key]:
            res = assess_series(
                years, series_values,
                direction=str(tgt.direction), target=float(tgt.value) if has_value else None,
                target_year=t_year, base_year=start, method=method,
                operator=str(tgt.operator) if has_value else None,
            )
            row = {
                "unit_code": unit_code, "ref": getattr(tgt, "ref", tgt.label),
                "label": tgt.label, "indicators": tuple(tgt.indicators),
                "target_year": t_year, "operator": tgt.operator if has_value else None,
                "target": res.target, "direction": res.direction, "method": method,
                "base_year": res.base_year, "latest_year": res.latest_year,
                "latest_value": res.latest_value, "status": res.status, "ratio": res.ratio,
                "score": res.score, "projection": res.projection,
                "cagr_observed": res.cagr_observed, "cagr_required": res.cagr_required,
                "n_years": len(years), "reason": res.reason,
            }
            if method == "trajectory":
                row.update(expected=res.expected, gap=res.gap)
            rows.append(row)
    dtypes = dict(_PROGRESS_DTYPES)
    if method == "trajectory":
        dtypes.update(_TRAJECTORY_EXTRA)
    if not rows:
        if mapping is not None:
            dtypes.update(crosswalked="bool", approximate="bool")
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    out = pd.DataFrame(rows, columns=list(dtypes))
    for col, dtype in dtypes.items():
        if dtype is object:
            continue
        if dtype == "str":
            out[col] = out[col].astype("str")
        else:
            # None and NaN both become NA (the masked array's constructor treats both
            # as missing): one conversion per column, not an isna per value.
            out[col] = pd.array(out[col].to_numpy(dtype=object), dtype=dtype)
    if mapping is not None:
        out["crosswalked"] = out["unit_code"].isin(set(flagged["unit_code"]))
        out["approximate"] = out["unit_code"].isin(
            set(flagged.loc[flagged["approximate"], "unit_code"]))
    return out.reset_index(drop=True)
