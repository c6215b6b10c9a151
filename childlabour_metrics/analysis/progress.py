"""Progress toward a plan's targets: is each unit on its way to 2025 and 2030?

Attainment (:mod:`childlabour_metrics.analysis.attainment`) asks whether a value meets its
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
ratios of sums computed by :func:`childlabour_metrics.analysis.values.values`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..language.errors import InputError, InputKeyError, choices
from ..language.words import WORDS, word
from ..reference.crosswalk import with_predecessors
from ..reference.periods import period_parts
from ..reference.plans import Plan, targets_due
from ..reference.schemas import check_observations, usable
from ..reference.scope import plan_scope
from .values import (
    prepare,
    rolled_for_plan,
    sorted_codes,
    sum_counts,
    target_observations,
)

__all__ = [
    "METHODS",
    "STATUSES",
    "STATUS_LABELS",
    "Assessment",
    "assess_series",
    "progress_table",
    "status_label",
]

#: Assessment methods.
METHODS: tuple[str, ...] = ("sdg", "trajectory")

#: Stable status keys → (Vietnamese, English) labels, a view of the vocabulary
#: (:mod:`childlabour_metrics.language.words`, keys ``progress_<status>``).  The sdg-build
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
        raise InputKeyError("err_input_bad_status", value=repr(status),
                            allowed=choices(STATUSES))
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


#: What a rate can be (percent): a projection never runs past it (105,3 % coverage).
_BOUNDS = (0.0, 100.0)


def _clamp(value: float | None) -> float | None:
    """A projected rate within what a rate can be (0 to 100 %)."""
    if value is None:
        return None
    return min(max(value, _BOUNDS[0]), _BOUNDS[1])


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
        raise InputError("err_input_lengths_differ", years=len(years), values=len(values))
    pairs: dict[int, float] = {}
    for year, value in zip(years, values, strict=True):
        if value is None or pd.isna(value) or year is None or pd.isna(year):
            continue  # sdg-build: "remove any NA values from data"
        y = int(year)
        if y in pairs:
            # sdg-build raises on duplicate years too ("Duplicate value for year").
            raise InputError("err_input_duplicate_year", year=y)
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

    - target 0 → 0.001, base value 0 → 0.001, in the growth computation
      only: whether the target is achieved is judged on the target as given,
      with the plan's operator (0.0005 % does not meet "≤ 0");
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
      (target_year − latest_year)``, kept within 0–100 % (what a rate can be).

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
        raise InputError("err_input_bad_direction", field="direction", value=repr(direction),
                         allowed=choices(_DIRECTIONS))
    if method not in METHODS:
        raise InputError("err_input_bad_method", field="method", value=repr(method),
                         allowed=choices(METHODS))
    if operator is not None and operator not in _OPERATORS:
        raise InputError("err_input_bad_operator", field="operator", value=repr(operator),
                         allowed=choices(_OPERATORS))
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
    # The achievement test applies the plan's operator to the target as written:
    # 0.0005 % is not "≤ 0".  sdg-build's 0.001 stands in only in the growth formula.
    achieved = target is not None and _achieved(v, target, base["direction"], operator)
    if target is not None and target == 0:
        target = _ZERO  # sdg-build: "Calculating progress with target = 0.001 instead."
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
                projection = _clamp(_project(v, cagr_o, target_year - t))
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
        projection = _clamp(v + slope_obs * (target_year - t))
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
# Many series at once: the arithmetic of assess_series on arrays

_OPERATOR_CODES: dict[Any, int] = {"<": 1, "<=": 2, ">": 3, ">=": 4}
_ASSESS_COLUMNS = [
    "status", "ratio", "score", "base_year", "latest_year", "base_value", "latest_value",
    "cagr_observed", "cagr_required", "projection", "expected", "gap", "reason", "n_years",
]


def _achieved_many(latest: np.ndarray, target: np.ndarray, decrease: np.ndarray,
                   operator: np.ndarray) -> np.ndarray:
    """:func:`_achieved` per element; False where the target is NaN (none).

    ``operator`` holds codes of :data:`_OPERATOR_CODES` (0: none, the
    direction's "at or beyond" rule).
    """
    with np.errstate(invalid="ignore"):
        by_direction = np.where(decrease, latest <= target, latest >= target)
        out = np.select(
            [operator == 1, operator == 2, operator == 3, operator == 4],
            [latest < target, latest <= target, latest > target, latest >= target],
            by_direction,
        )
    return out & ~np.isnan(target)


def _growth_many(current: np.ndarray, base: np.ndarray, years: np.ndarray,
                 where: np.ndarray) -> np.ndarray:
    """:func:`_growth` per element where ``where`` holds; NaN where it is None.

    ``years`` is ``t1 − t0`` (never 0 where ``where`` holds).
    """
    out = np.full(len(current), np.nan)
    with np.errstate(all="ignore"):
        quotient = current / base
        ok = where & (base != 0) & ~(quotient < 0)
        # the same operations in the same order as the scalar rule, so the same floats
        out[ok] = quotient[ok] ** (1 / years[ok]) - 1
    return out


def _sdg_score_many(value: np.ndarray, with_target: np.ndarray) -> np.ndarray:
    """:func:`_sdg_score` per element (NaN in, NaN out)."""
    t, n = _THRESHOLDS_TARGET, _THRESHOLDS_NO_TARGET
    with np.errstate(invalid="ignore"):
        no_target = np.select(
            [value < n["low"], value >= n["high"], value >= n["med"]],
            [np.maximum(125 * value - 2.5, -5.0), np.minimum(500 * value - 5, 5.0),
             250 * value - 1.25],
            500 * value - 2.5,
        )
        target = np.where(value >= t["med"], np.minimum(7.1429 * value - 4.2857, 5.0),
                          np.maximum(4.1667 * value - 2.5, -5.0))
    return np.where(np.isnan(value), np.nan, np.where(with_target, target, no_target))


def _sdg_status_many(ratio: np.ndarray, with_target: np.ndarray) -> np.ndarray:
    """:func:`_sdg_status` per element, the achieved case left to the caller."""
    t, n = _THRESHOLDS_TARGET, _THRESHOLDS_NO_TARGET
    high = np.where(with_target, t["high"], n["high"])
    med = np.where(with_target, t["med"], n["med"])
    low = np.where(with_target, t["low"], n["low"])
    with np.errstate(invalid="ignore"):
        return np.select(
            [np.isnan(ratio), ratio >= high, ratio >= med, ratio >= low],
            ["not_available", "substantial_progress", "moderate_progress", "limited_progress"],
            "deterioration",
        ).astype(object)


def _series_ends(group: np.ndarray, year: np.ndarray, value: np.ndarray, n_groups: int,
                 base_year: int | None) -> dict[str, np.ndarray]:
    """Base and latest year and value of each group of a (group, year)-sorted table.

    The base is the first year at or after ``base_year`` (the first year when
    None), as :func:`assess_series` picks it; NaN where there is none.
    """
    n_years = np.bincount(group, minlength=n_groups)
    end = np.cumsum(n_years)
    first = end - n_years
    has = n_years > 0
    last = np.where(has, end - 1, 0)
    rows = np.arange(len(year))
    if base_year is None:
        base = first
    else:
        candidate = np.where(year >= int(base_year), rows, len(year))
        base = np.full(n_groups, len(year))
        if len(year):
            # groups' rows are contiguous, so a min over each group's slice
            base[has] = np.minimum.reduceat(candidate, first[has])
    found = has & (base < end)
    pick = np.where(found, base, 0)
    nan = np.full(n_groups, np.nan)
    return {
        "n_years": n_years,
        "latest_year": np.where(has, year[last], nan) if len(year) else nan,
        "latest_value": np.where(has, value[last], nan) if len(year) else nan,
        "base_year": np.where(found, year[pick], nan) if len(year) else nan,
        "base_value": np.where(found, value[pick], nan) if len(year) else nan,
    }


def _assess_many(series: pd.DataFrame, params: pd.DataFrame, *, method: str = "sdg",
                 base_year: int | None = None) -> pd.DataFrame:
    """:func:`assess_series` for many series at once, with array operations.

    Parameters
    ----------
    series : DataFrame
        ``group`` (0 … ``len(params) − 1``), ``year``, ``value``: one row per
        group and year; NA values are dropped, as :func:`assess_series` does.
    params : DataFrame
        One row per group, in group order: ``direction``, ``target`` (NaN
        for none), ``target_year``, ``operator`` (None for the default rule).
    method : {"sdg", "trajectory"}
        As in :func:`assess_series`.
    base_year : int, optional
        As in :func:`assess_series`, for every group.

    Returns
    -------
    DataFrame
        One row per group (``params``'s index): the :class:`Assessment`
        fields that vary (NaN where the scalar gives None) and ``n_years``.
        Equal to :func:`assess_series` called per group (a test compares them).

    Examples
    --------
    >>> series = pd.DataFrame({"group": [0, 0, 1], "year": [2020, 2022, 2021],
    ...                        "value": [10.0, 8.0, 3.0]})
    >>> params = pd.DataFrame({"direction": ["decrease", "increase"], "target": [4.0, np.nan],
    ...                        "target_year": [2030, 2030], "operator": [None, None]})
    >>> _assess_many(series, params)[["status", "ratio", "reason"]].round(3)
                     status  ratio                reason
    0  substantial_progress  1.206                   NaN
    1         not_available    NaN  fewer_than_two_years
    """
    if method not in METHODS:
        raise InputError("err_input_bad_method", field="method", value=repr(method),
                         allowed=choices(METHODS))
    bad = set(params["direction"]) - set(_DIRECTIONS)
    if bad:
        raise InputError("err_input_bad_direction", field="direction",
                         value=repr(sorted(bad)[0]), allowed=choices(_DIRECTIONS))
    n_groups = len(params)
    group = series["group"].to_numpy(dtype=np.int64)
    year = series["year"].to_numpy(dtype=float, na_value=np.nan)
    value = series["value"].to_numpy(dtype=float, na_value=np.nan)
    keep = ~np.isnan(year) & ~np.isnan(value)  # sdg-build: "remove any NA values from data"
    group, year, value = group[keep], year[keep], value[keep]
    # a rate below a billionth of a percent is zero (see _clean_series)
    value = np.where(np.abs(value) < 1e-9, 0.0, value)
    order = np.lexsort((year, group))
    group, year, value = group[order], year[order], value[order]
    twice = (group[1:] == group[:-1]) & (year[1:] == year[:-1])
    if twice.any():
        raise InputError("err_input_duplicate_year", year=int(year[1:][twice][0]))
    ends = _series_ends(group, year, value, n_groups, base_year)
    b_year, b_value = ends["base_year"], ends["base_value"]
    t, v = ends["latest_year"], ends["latest_value"]
    target = params["target"].to_numpy(dtype=float, na_value=np.nan)
    with_target = ~np.isnan(target)
    t_year = params["target_year"].to_numpy(dtype=float)
    decrease = params["direction"].to_numpy(dtype=object) == "decrease"
    d_sign = np.where(decrease, -1, 1)
    operator = params["operator"].map(_OPERATOR_CODES).fillna(0).to_numpy(dtype=np.int64)
    has = ends["n_years"] > 0
    reason = np.full(n_groups, None, dtype=object)
    reason[~has] = "no_data"
    reason[has & np.isnan(b_year)] = "base_year_after_data"
    two = has & ~np.isnan(b_year) & (t - b_year >= 1)
    reason[has & ~np.isnan(b_year) & ~two] = "fewer_than_two_years"
    dt = np.where(two, t - b_year, 1.0)
    out = dict(ends)
    if method == "sdg":
        out.update(_sdg_many(v, b_value, b_year, t, dt, two, target, with_target, t_year,
                             decrease, d_sign, operator, reason))
    else:
        out.update(_trajectory_many(v, b_value, b_year, t, dt, two, target, with_target,
                                    t_year, decrease, operator, reason))
    frame = pd.DataFrame(out, index=params.index)
    return frame.reindex(columns=_ASSESS_COLUMNS)


def _sdg_many(v: np.ndarray, b_value: np.ndarray, b_year: np.ndarray, t: np.ndarray,
              dt: np.ndarray, two: np.ndarray, target: np.ndarray, with_target: np.ndarray,
              t_year: np.ndarray, decrease: np.ndarray, d_sign: np.ndarray,
              operator: np.ndarray, reason: np.ndarray) -> dict[str, np.ndarray]:
    """:func:`_assess_sdg` on arrays (``reason`` holds the reasons found so far)."""
    n = len(v)
    goal = np.where(target == 0, _ZERO, target)  # sdg-build: target 0 → 0.001
    # achieved by the plan's operator on the target as written (0.001 is for growth only)
    achieved = ~np.isnan(v) & _achieved_many(v, target, decrease, operator)
    sign = np.where(b_value < 0, -1, 1)
    b_eff = np.where(b_value == 0, _ZERO, b_value)
    with np.errstate(invalid="ignore"):
        opposite = two & (((b_eff > 0) & (v < 0)) | ((b_eff < 0) & (v > 0)))
    reason[opposite] = "opposite_signs"
    grow = two & ~opposite
    cagr_o = _growth_many(v, b_eff, dt, grow)
    with np.errstate(all="ignore"):
        # Python raises on 0 ** −n and on overflow; both give None (NaN) here
        power = (1 + cagr_o) ** (t_year - t)
        projection = np.where(np.isnan(cagr_o) | np.isinf(power), np.nan,
                              np.clip(v * power, *_BOUNDS))
    ratio = np.where(grow & ~with_target, (sign * d_sign) * cagr_o, np.nan)
    late = grow & with_target & (t_year <= b_year)
    reason[late] = "target_year_not_after_base_year"
    required = grow & with_target & ~late
    cagr_r = _growth_many(goal, b_eff, np.where(required, t_year - b_year, 1.0), required)
    reason[required & np.isnan(cagr_r)] = "target_opposite_sign"
    flat = required & (cagr_r == 0)  # the target is the base value: judged directly
    with np.errstate(all="ignore"):
        moved_away = (v - b_eff) * d_sign < 0
        ratio = np.where(required & ~np.isnan(cagr_r) & ~flat,
                         (sign * d_sign) * cagr_o / np.abs(cagr_r), ratio)
    status = _sdg_status_many(ratio, with_target)
    status[flat] = np.where(moved_away[flat], "deterioration", "limited_progress")
    status[achieved] = "target_achieved"
    score = _sdg_score_many(ratio, with_target)
    # the scores of sdg-build's ratio −inf (moved away) and 0 (did not move)
    score[flat] = np.where(moved_away[flat], -5.0, max(4.1667 * 0.0 - 2.5, -5.0))
    score[achieved] = 5.0
    reason[achieved | flat | ~np.isnan(ratio)] = None
    nan = np.full(n, np.nan)
    return {"status": status, "ratio": ratio, "score": score, "cagr_observed": cagr_o,
            "cagr_required": cagr_r, "projection": projection, "expected": nan,
            "gap": nan, "reason": reason}


def _trajectory_many(v: np.ndarray, b_value: np.ndarray, b_year: np.ndarray, t: np.ndarray,
                     dt: np.ndarray, two: np.ndarray, target: np.ndarray,
                     with_target: np.ndarray, t_year: np.ndarray, decrease: np.ndarray,
                     operator: np.ndarray, reason: np.ndarray) -> dict[str, np.ndarray]:
    """:func:`_assess_trajectory` on arrays (``reason`` holds the reasons found so far)."""
    achieved = ~np.isnan(v) & _achieved_many(v, target, decrease, operator)
    with np.errstate(all="ignore"):
        slope = (v - b_value) / dt
        projection = np.where(two, np.clip(v + slope * (t_year - t), *_BOUNDS), np.nan)
    cagr_o = _growth_many(v, b_value, dt, two)
    reason[two & ~with_target] = "no_target"
    late = two & with_target & (t_year <= b_year)
    reason[late] = "target_year_not_after_base_year"
    line = two & with_target & ~late
    span = np.where(line, t_year - b_year, 1.0)
    cagr_r = _growth_many(target, b_value, span, line)
    with np.errstate(all="ignore"):
        expected = np.where(line, b_value + (target - b_value) * dt / span, np.nan)
        gap = v - expected
        ratio = np.where(line & (expected != b_value),
                         (v - b_value) / (expected - b_value), np.nan)
        beyond = np.where(decrease, v <= expected, v >= expected)
    status = np.where(beyond, "on_track", "off_track").astype(object)
    status[~line] = "insufficient_data"
    status[achieved] = "target_achieved"
    reason[status != "insufficient_data"] = None
    return {"status": status, "ratio": ratio, "score": np.full(len(v), np.nan),
            "cagr_observed": cagr_o, "cagr_required": cagr_r, "projection": projection,
            "expected": expected, "gap": gap, "reason": reason}


# ---------------------------------------------------------------------------
# Table level

PROGRESS_COLUMNS = [
    "unit_code", "ref", "label", "indicators", "target_year", "operator", "target",
    "direction", "method", "base_year", "latest_year", "latest_value", "status", "ratio", "score",
    "projection", "cagr_observed", "cagr_required", "n_years", "latest_period",
]
_PROGRESS_DTYPES: dict[str, Any] = {
    "unit_code": "str", "ref": "str", "label": "str", "indicators": object, "target_year": "Int64",
    "operator": "str", "target": "Float64", "direction": "str", "method": "str",
    "base_year": "Int64", "latest_year": "Int64", "latest_value": "Float64", "status": "str",
    "ratio": "Float64", "score": "Float64", "projection": "Float64",
    "cagr_observed": "Float64", "cagr_required": "Float64", "n_years": "Int64",
    "reason": "str", "latest_period": "str",
}
_TRAJECTORY_EXTRA = {"expected": "Float64", "gap": "Float64"}


def _usable(observations: pd.DataFrame) -> pd.DataFrame:
    # The one check of a table; it also writes "Cả năm 2024" as "2024", one period.
    return usable(check_observations(observations)).copy()


def _yearly_table(obs: pd.DataFrame, keys: Sequence[tuple[str, ...]]) -> pd.DataFrame:
    """Each key's yearly series per unit (yearly value, else H1), all keys in one pass.

    A key is a target's indicators; its value in a period is the ratio of the
    sums over them (:func:`childlabour_metrics.analysis.values.values`).  The rows of
    every key are gathered into one table and summed by one group-by.

    Returns
    -------
    DataFrame
        ``key`` (position in ``keys``), ``unit_code``, ``year``, ``value``,
        sorted by key, unit and year; only years with a value.

    Examples
    --------
    >>> obs = pd.DataFrame({"unit_code": ["a", "a", "a", "b"],
    ...     "period": ["2021", "2022H1", "2022H1", "2021"],
    ...     "indicator": ["CL01", "CL01", "CL02", "CL02"], "numerator": [1, 2, 3, 4],
    ...     "denominator": [10, 10, 10, 10]})
    >>> _yearly_table(obs, [("CL01",), ("CL01", "CL02")])
       key unit_code  year  value  half
    0    0         a  2021   10.0     0
    1    0         a  2022   20.0     1
    2    1         a  2021   10.0     0
    3    1         a  2022   25.0     1
    4    1         b  2021   40.0     0
    """
    parts = period_parts(obs["period"])
    kind = parts["kind"].to_numpy(dtype=object)
    # A yearly report covers the whole year; H1 stands in only for a year that
    # has no usable yearly figure (e.g. the current year before its report).
    rank = np.select([kind == "year", kind == "H1"], [0, 1], -1)
    periods = obs.assign(year=parts["year"].to_numpy(dtype=float, na_value=np.nan), rank=rank)
    part = target_observations(periods[rank >= 0], pd.DataFrame({"indicators": list(keys)}))
    # integer group keys: a group-by on codes, not on ~1 M strings
    part = part.assign(key=part["_target"], year=part["year"].astype(np.int64))
    prepared = prepare(part, coerce=False)  # _usable coerced them
    units, unit_names = sorted_codes(prepared["unit_code"])
    prepared = prepared.assign(unit=units)
    summed = sum_counts(prepared, ["key", "unit", "year", "rank"])
    summed = summed[summed["value"].notna()]
    key, unit, year = (summed[c].to_numpy() for c in ("key", "unit", "year"))
    # rows are sorted by key, unit, year, rank: the first of each year is wanted
    first = np.r_[True, (key[1:] != key[:-1]) | (unit[1:] != unit[:-1])
                  | (year[1:] != year[:-1])][:len(key)]
    return pd.DataFrame({
        "key": key[first],
        "unit_code": pd.array(unit_names[unit[first]], dtype="str"),
        "year": pd.array(year[first], dtype="Int64"),
        "value": summed["value"].to_numpy(dtype=float)[first],
        # 1 where the year's value is its first half's (no yearly report)
        "half": summed["rank"].to_numpy(dtype=np.int64)[first],
    })


def _yearly_series(obs: pd.DataFrame, indicators: tuple[str, ...]) -> pd.DataFrame:
    """unit_code, year, value for one target's indicators (yearly, else H1)."""
    return _yearly_table(obs, [tuple(indicators)]).drop(columns=["key", "half"])


def _assess_targets(obs: pd.DataFrame, targets: pd.DataFrame, *, method: str,
                    base_year: int | None, default_year: Any) -> pd.DataFrame:
    """The progress table: every unit's series against every target, in one pass.

    The series of all targets come from one :func:`_yearly_table`; the
    measure of every unit × target from one :func:`_assess_many`.  Rows are
    in target order, units sorted within a target.
    """
    dtypes = dict(_PROGRESS_DTYPES)
    if method == "trajectory":
        dtypes.update(_TRAJECTORY_EXTRA)
    indicators = [tuple(i) for i in targets["indicators"]]
    # Targets on the same indicators (a 2025 and a 2030 one) share their series.
    keys = list(dict.fromkeys(indicators))
    table = _yearly_table(obs, keys)
    key_of_target = np.array([keys.index(i) for i in indicators], dtype=np.int64)
    # each target takes its key's rows: the key's slice of the key-sorted table
    bounds = np.searchsorted(table["key"].to_numpy(), np.arange(len(keys) + 1))
    lengths = (bounds[1:] - bounds[:-1])[key_of_target]
    rows = np.concatenate([np.arange(bounds[k], bounds[k + 1]) for k in key_of_target]
                          or [np.array([], dtype=np.int64)])
    if not len(rows):
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    target_of_row = np.repeat(np.arange(len(targets)), lengths)
    unit = table["unit_code"].to_numpy(dtype=object)[rows]
    new = np.r_[True, (target_of_row[1:] != target_of_row[:-1]) | (unit[1:] != unit[:-1])]
    group = np.cumsum(new) - 1
    tgt = targets.iloc[target_of_row[new]].reset_index(drop=True)
    has_value = (tgt["operator"].notna() & tgt["value"].notna()).to_numpy(dtype=bool)
    years = tgt["year"].astype("Float64")
    if years.isna().any():
        years = years.fillna(int(default_year))
    t_year = years.astype(int).to_numpy()
    operator = tgt["operator"].astype(object).where(has_value, None)
    params = pd.DataFrame({
        "direction": tgt["direction"].astype(object).map(str),
        "target": np.where(has_value, tgt["value"].to_numpy(dtype=float, na_value=np.nan),
                           np.nan),
        "target_year": t_year, "operator": operator,
    })
    series = pd.DataFrame({"group": group, "year": table["year"].to_numpy()[rows],
                           "value": table["value"].to_numpy()[rows]})
    res = _assess_many(series, params, method=method, base_year=base_year)
    # The period the latest value comes from: "2025H1" when the year had no yearly report
    # (a progress sheet said "latest year 2025" of a first half).
    last = np.r_[new[1:], True]
    half = table["half"].to_numpy()[rows][last]
    latest_year = table["year"].to_numpy()[rows][last].astype(np.int64)
    latest_period = np.where(half == 1, np.char.add(latest_year.astype(str), "H1"),
                             latest_year.astype(str))
    ref = tgt["ref"] if "ref" in tgt.columns else tgt["label"]
    columns: dict[str, Any] = {
        "unit_code": unit[new], "ref": ref, "label": tgt["label"],
        "indicators": pd.Series([tuple(i) for i in tgt["indicators"]], dtype=object),
        "target_year": t_year, "operator": operator, "target": params["target"],
        "direction": params["direction"], "method": method,
        "latest_period": latest_period,
        **{c: res[c] for c in ("base_year", "latest_year", "latest_value", "status", "ratio",
                               "score", "projection", "cagr_observed", "cagr_required",
                               "n_years", "reason", "expected", "gap")},
    }
    out = pd.DataFrame({c: columns[c] for c in dtypes})
    for col, dtype in dtypes.items():
        if dtype is object:
            continue
        if dtype == "str":
            out[col] = out[col].astype(object).astype("str")
        else:
            # NaN (the arrays' None) becomes NA
            out[col] = pd.array(out[col].to_numpy(dtype=object), dtype=dtype)
    return out


def progress_table(
    observations: pd.DataFrame,
    plan: Plan,
    *,
    method: str = "sdg",
    level: str | None = None,
    units: pd.DataFrame | None = None,
    base_year: int | None = None,
    target_year: int | None = None,
    mapping: pd.DataFrame | None = None,
    checked: bool = False,
) -> pd.DataFrame:
    """Assess every unit's progress toward every target: the core of ``clm.progress``.

    It takes a loaded plan and registry only; the public function
    (:mod:`~childlabour_metrics.analysis.targets`) normalises them once and
    dispatches owned targets.

    Parameters
    ----------
    observations : DataFrame
        Needs ``unit_code, period, indicator, numerator, denominator``;
        ``status`` is honoured when present (``error`` and ``superseded`` rows
        are left out).
    plan : Plan
        A loaded :class:`~childlabour_metrics.reference.plans.Plan`.
    method : {"sdg", "trajectory"}
        See :func:`assess_series`.
    level : str, optional
        Keep only units at this level (needs ``units``).  With ``units`` and
        a level, counts are first rolled up to that level by
        :func:`childlabour_metrics.analysis.values.aggregate`.
    units : DataFrame, optional
        Unit registry (:func:`~childlabour_metrics.reference.units.load_units`).  With
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
        from its predecessors (:func:`~childlabour_metrics.reference.crosswalk.with_predecessors`):
        new Xã Vân Sơn's 2025 from old Vân Sơn and Hữu Sản.  The default
        base year is then the year before the plan starts (its baseline).
    checked : bool
        The observations are a table :func:`~childlabour_metrics.check_observations`
        returned: not checked again (the report checks its table once).

    Returns
    -------
    DataFrame
        One row per unit and target: ``unit_code, label, indicators,
        target_year, operator, target, direction, method, base_year,
        latest_year, latest_value, status, ratio, score, projection,
        cagr_observed, cagr_required, n_years, reason`` (why a status is
        ``not_available``/``insufficient_data``), ``latest_period`` (the
        period of the latest value: ``2025H1`` when the year had no yearly
        report) (+ ``expected, gap`` for the
        trajectory method).  Values are per year: the yearly report's value,
        or the first half-year's when a year has no yearly report.  A target
        on several indicators is assessed on Σ numerators / Σ denominators.
        A target without a number gets the no-target rule of
        :func:`assess_series`.  With ``mapping``: ``crosswalked`` is True on
        a unit whose series has a year built from its predecessors, and
        ``approximate`` where a divided unit's share is in it.

    Examples
    --------
    >>> from childlabour_metrics.reference.plans import Plan
    >>> plan = Plan(id="t", name_vi="t", name_en="t", issuer="", document="",
    ...     scope_code="P", scope_name="", scope_level="province", start=2021, end=2025,
    ...     horizon=2030, parent=None, report_levels=("commune",),
    ...     calendar=pd.DataFrame(), targets=pd.DataFrame({"label": ["T1"],
    ...     "indicators": [("CL01",)], "year": [2025], "operator": ["<="],
    ...     "value": [1.0], "direction": ["decrease"]}))
    >>> obs = pd.DataFrame({"unit_code": ["a", "a"], "period": ["2021", "2023"],
    ...     "indicator": ["CL01", "CL01"], "numerator": [4, 2], "denominator": [100, 100]})
    >>> progress_table(obs, plan)[["unit_code", "label", "status", "n_years"]]
      unit_code label                status  n_years
    0         a    T1  substantial_progress        2
    """
    if method not in METHODS:
        raise InputError("err_input_bad_method", field="method", value=repr(method),
                         allowed=choices(METHODS))
    obs = usable(observations).copy() if checked else _usable(observations)
    if level is not None:
        obs = rolled_for_plan(obs, units, level, plan, checked=True)
    # before the scope filter: the predecessors are outside the new unit's scope
    obs = with_predecessors(obs, plan.scope_code, mapping)
    flagged = obs[obs["crosswalked"]]
    if units is not None:
        # A plan covers its scope unit and the units below it, nothing else.
        obs = obs[obs["unit_code"].isin(plan_scope(plan, units))]
    start: int | None = base_year if base_year is not None else plan.start
    if base_year is None and start is not None and not flagged.empty:
        start = int(start) - 1  # the baseline the predecessors give
    targets = targets_due(plan, target_year)
    out = _assess_targets(obs, targets, method=method, base_year=start,
                          default_year=plan.end)
    if out.empty and mapping is not None:
        return out.assign(crosswalked=pd.Series(dtype="bool"),
                          approximate=pd.Series(dtype="bool"))
    if mapping is not None:
        out["crosswalked"] = out["unit_code"].isin(set(flagged["unit_code"]))
        out["approximate"] = out["unit_code"].isin(
            set(flagged.loc[flagged["approximate"], "unit_code"]))
    return out.reset_index(drop=True)
