"""Survey estimates against a plan's child labour target, and beside the routine rate.

A survey estimate (:func:`childlabour_metrics.survey.estimate`) carries its
confidence interval, so a target is judged on the interval, not the point:
``met`` when the whole interval meets the target, ``not_met`` when none of
it does, ``indistinguishable`` when the interval straddles the target (the
survey cannot tell the rate apart from it).  Tables carry these codes; words
(``survey_judge_<code>``) are chosen at the output edge.

The routine rate of the same area comes from the programme's reports
(:func:`~childlabour_metrics.values` or :func:`~childlabour_metrics.aggregate`):
communes' administrative counts sit far below a survey's measure, and the
comparison says by how much.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..language.errors import InputError, InputKeyError, choices
from ..reference.plans import Plan, load_plan, targets_due
from ..reference.units import as_registry
from ..survey.estimate import ESTIMATE_COLUMNS
from ..survey.rules import rule_set
from .values import aggregate, values, with_territories

__all__ = ["JUDGE_STATUSES", "SURVEY_JUDGE_COLUMNS", "survey_attainment", "survey_vs_routine"]

#: The judgements of a survey estimate against a target, as codes.
JUDGE_STATUSES: tuple[str, ...] = ("met", "not_met", "indistinguishable", "no_data")
#: The columns of :func:`survey_attainment`, after the estimates' domain columns.
SURVEY_JUDGE_COLUMNS: list[str] = [
    "ref", "label", "target_year", "operator", "target", "measure", "value", "ci_low",
    "ci_high", "status", "gap_pp",
]
_COMPARE = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}
_INDICATOR = "CL01"


def _domains(estimates: pd.DataFrame) -> list[str]:
    missing = [c for c in ("value", "ci_low", "ci_high") if c not in estimates.columns]
    if missing:
        raise InputKeyError("err_survey_estimate_columns", field=missing[0],
                            columns=choices(missing))
    return [c for c in estimates.columns if c not in ESTIMATE_COLUMNS]


def _cl01_targets(plan: Plan, target_year: int | None) -> pd.DataFrame:
    targets = targets_due(plan, target_year)
    chosen = targets[targets["indicators"].map(lambda codes: tuple(codes) == (_INDICATOR,))
                     & targets["operator"].notna()]
    if chosen.empty:
        year = "" if target_year is None else f" ({int(target_year)})"
        raise InputError("err_survey_no_target", field="plan", plan=plan.id, year=year)
    return chosen.reset_index(drop=True)


def survey_attainment(
    estimates: pd.DataFrame,
    plan: str | Path | Plan,
    target_year: int | None = None,
    *,
    rules: str | None = None,
) -> pd.DataFrame:
    """Judge each survey estimate against the plan's CL01 targets, on its interval.

    Parameters
    ----------
    estimates : DataFrame
        A table of :func:`childlabour_metrics.survey.estimate` (``value,
        ci_low, ci_high`` and its domain columns).
    plan : str, Path or Plan
        A bundled plan id, a plan file, or a loaded plan.
    target_year : int, optional
        Only the targets of this year (a year the plan lacks is an error).
    rules : str, optional
        The rule set the estimates were classified by: a target that names
        another rule set as its ``measure`` is then an error, not a judgement
        of one measure against another's target.

    Returns
    -------
    DataFrame
        One row per estimate and CL01 target with a number: the domain
        columns, then ``ref, label, target_year, operator, target, measure,
        value, ci_low, ci_high``, ``status`` ("met": the whole interval meets
        the target; "not_met": none of it does; "indistinguishable": the
        interval straddles the target; "no_data": no estimate or interval)
        and ``gap_pp`` (target − value for a rate that must fall, in
        percentage points: positive is better than the target).

    Examples
    --------
    >>> est = pd.DataFrame({"province": ["A", "B", "C"], "value": [3.0, 5.5, 4.6],
    ...                     "ci_low": [2.1, 5.0, 3.9], "ci_high": [4.2, 6.1, 5.4]})
    >>> survey_attainment(est, "vn-782-2021", 2025)[["province", "target", "status"]]
      province  target             status
    0        A     4.9                met
    1        B     4.9            not_met
    2        C     4.9  indistinguishable
    """
    plan = load_plan(plan)
    domains = _domains(estimates)
    targets = _cl01_targets(plan, target_year)
    if rules is not None:
        name = rule_set(rules).name
        other = targets[targets["measure"].notna() & (targets["measure"] != name)]
        if not other.empty:
            first = other.iloc[0]
            raise InputError("err_survey_measure_mismatch", field="rules",
                             target=str(first["ref"]), measure=f'"{first["measure"]}"',
                             value=f'"{name}"')
    n_est, n_tgt = len(estimates), len(targets)
    e = np.repeat(np.arange(n_est), n_tgt)  # every estimate against every target
    t = np.tile(np.arange(n_tgt), n_est)
    value = pd.to_numeric(estimates["value"]).to_numpy(dtype=float, na_value=np.nan)[e]
    low = pd.to_numeric(estimates["ci_low"]).to_numpy(dtype=float, na_value=np.nan)[e]
    high = pd.to_numeric(estimates["ci_high"]).to_numpy(dtype=float, na_value=np.nan)[e]
    goal = targets["value"].to_numpy(dtype=float, na_value=np.nan)[t]
    operator = targets["operator"].to_numpy(dtype=object)[t]
    low_ok = np.zeros(len(e), dtype=bool)
    high_ok = np.zeros(len(e), dtype=bool)
    for op, compare in _COMPARE.items():  # four operators, each over every row at once
        rows = operator == op
        low_ok[rows] = compare(low[rows], goal[rows])
        high_ok[rows] = compare(high[rows], goal[rows])
    status = np.where(low_ok & high_ok, 0, np.where(~low_ok & ~high_ok, 1, 2))
    status[np.isnan(value) | np.isnan(low) | np.isnan(high)] = 3
    decrease = (targets["direction"] == "decrease").to_numpy(dtype=bool)[t]
    out = estimates[domains].iloc[e].reset_index(drop=True)
    picked = targets.iloc[t].reset_index(drop=True)
    out = out.assign(
        ref=picked["ref"], label=picked["label"], target_year=picked["year"],
        operator=picked["operator"], target=picked["value"], measure=picked["measure"],
        value=value, ci_low=low, ci_high=high,
        status=pd.array(np.asarray(JUDGE_STATUSES, dtype=object)[status], dtype="str"),
        gap_pp=np.where(decrease, goal - value, value - goal))
    return out[[*domains, *SURVEY_JUDGE_COLUMNS]]


def _area_codes(values_: pd.Series, codes: Mapping[Any, str] | None,
                units: pd.DataFrame | None, level: str | None) -> pd.Series:
    """The registry code of each survey area: a mapping, the registry's names, or as is."""
    text = values_.astype("str")
    if codes is not None:
        return values_.map(dict(codes)).astype("str")
    if units is not None:  # a registry code as it is, else a registry name's code, else NA
        at = units if level is None else units[units["level"] == level]
        codes_ = at["code"].astype("str")
        names = dict(zip(at["name"].astype("str"), codes_, strict=False))
        return text.where(text.isin(set(codes_)), text.map(names)).astype("str")
    return text


def survey_vs_routine(
    estimates: pd.DataFrame,
    observations: pd.DataFrame,
    *,
    area: str | None = None,
    units: pd.DataFrame | str | Path | None = None,
    level: str | None = None,
    period: str | Sequence[str] | None = None,
    codes: Mapping[Any, str] | None = None,
) -> pd.DataFrame:
    """Put survey estimates beside the routine CL01 rate of the same area.

    Parameters
    ----------
    estimates : DataFrame
        A table of :func:`childlabour_metrics.survey.estimate`.
    observations : DataFrame
        The routine observations (``unit_code, period, indicator, numerator,
        denominator``).
    area : str, optional
        The estimates' domain column naming the area (province).  None: the
        estimates are of the whole area the observations cover, compared
        with the sum of all their counts.
    units : DataFrame or path, optional
        A unit registry (a table or a file): with ``level``, the observations are rolled up to
        that level (:func:`~childlabour_metrics.aggregate`); the areas may then
        be the registry's names (a survey's value labels) rather than codes.
    level : str, optional
        The level the areas are at (``province``).
    period : str or list of str, optional
        The routine periods to compare with (the survey's year): default all.
    codes : mapping, optional
        ``{survey area: unit code}``, when the survey's codes are its own.

    Returns
    -------
    DataFrame
        One row per estimate and routine period: the domain columns,
        ``unit_code, period, survey_value, survey_ci_low, survey_ci_high,
        routine_value, routine_numerator, routine_denominator,
        difference_pp`` (routine − survey) and ``routine_in_ci`` (whether the
        routine rate lies inside the survey's interval).  An area without
        routine counts keeps its row, with the routine columns NA.  An area
        whose unit was reorganised away (Hải Dương after 1 July 2025) is
        compared, for the periods after its end, with the counts of the units
        that hold its territory (:func:`~childlabour_metrics.analysis.values.territory_counts`),
        as a plan of that area is judged.

    Examples
    --------
    >>> est = pd.DataFrame({"value": [3.7], "ci_low": [2.9], "ci_high": [4.6]})
    >>> obs = pd.DataFrame({"unit_code": ["a", "b"], "period": ["2025", "2025"],
    ...     "indicator": ["CL01", "CL01"], "numerator": [10, 3], "denominator": [900, 100]})
    >>> survey_vs_routine(est, obs)[["period", "survey_value", "routine_value", "difference_pp"]]
      period  survey_value  routine_value  difference_pp
    0   2025           3.7            1.3           -2.4
    """
    domains = _domains(estimates)
    units = as_registry(units)
    if area is not None and area not in estimates.columns:
        raise InputKeyError("err_survey_estimate_columns", field=area, columns=choices([area]))
    if level is not None:
        if units is None:
            raise InputError("err_input_needs_units", field="units", level=repr(level))
        routine = aggregate(observations, units, level=level)
        if area is not None:
            wanted_codes = set(_area_codes(estimates[area], codes, units, level))
            routine = with_territories(routine, observations, units, wanted_codes)
    elif area is None:
        routine = values(observations, by=["period", "indicator"])
    else:
        routine = values(observations)
    routine = routine[routine["indicator"] == _INDICATOR]
    if period is not None:
        wanted = [period] if isinstance(period, str) else list(period)
        routine = routine[routine["period"].isin(wanted)]
    survey = estimates[domains].assign(
        survey_value=estimates["value"], survey_ci_low=estimates["ci_low"],
        survey_ci_high=estimates["ci_high"])
    routine = routine.assign(
        routine_value=routine["value"].astype("Float64").astype(float),
        routine_numerator=routine["numerator"], routine_denominator=routine["denominator"])
    keep = ["period", "routine_value", "routine_numerator", "routine_denominator"]
    if area is None:
        merged = survey.merge(routine[keep], how="cross")
        merged.insert(len(domains), "unit_code",
                      pd.Series(pd.NA, index=merged.index, dtype="str"))
    else:
        survey.insert(len(domains), "unit_code",
                      _area_codes(estimates[area], codes, units, level).to_numpy())
        merged = survey.merge(routine[["unit_code", *keep]], on="unit_code", how="left")
    low = merged["survey_ci_low"].to_numpy(dtype=float, na_value=np.nan)
    high = merged["survey_ci_high"].to_numpy(dtype=float, na_value=np.nan)
    rate = merged["routine_value"].to_numpy(dtype=float, na_value=np.nan)
    inside = pd.array((rate >= low) & (rate <= high), dtype="boolean")
    inside[np.isnan(rate) | np.isnan(low) | np.isnan(high)] = pd.NA
    merged["difference_pp"] = rate - merged["survey_value"].to_numpy(dtype=float)
    merged["routine_in_ci"] = inside
    merged["period"] = merged["period"].astype("str")
    cols = [*domains, "unit_code", "period", "survey_value", "survey_ci_low", "survey_ci_high",
            "routine_value", "routine_numerator", "routine_denominator", "difference_pp",
            "routine_in_ci"]
    return merged[cols].reset_index(drop=True)
