"""The report's survey section: survey estimates in the plan's scope, judged and set beside
the routine rate, computed once by :func:`survey_section`.

The report takes survey estimates as :func:`childlabour_metrics.survey.estimate`
returns them (``value, se, ci_low, ci_high, …`` in percent) with their domain
columns, one table or several stacked (a row by province and rows by sex: a
domain column left blank in a row means "all").  This module reads what the
table says of itself:

* the **area** of each row: the column ``unit_code`` (registry codes), else a
  column named after a registry level (``province``, ``district``,
  ``commune``) holding codes or the registry's names (a survey's value
  labels, "Tỉnh Hải Dương"); without either, every row is of the plan's own
  area;
* the **year** compared: a ``period`` or ``year`` column, else the latest
  year of the routine CL01 figures of the plan's area (said in the section);
* optionally ``rules`` (the rule set the children were classified by,
  default ``sdg-8.7.1``) and ``ci_level`` (default 0.95), one value each.

Areas outside the plan's scope are left out and counted (issue 22: a unit
outside the plan never appears in its tables).  Each estimate is judged
against the plan's CL01 targets (:func:`~childlabour_metrics.survey_attainment`),
each whole-area estimate is set beside the routine rate of the same area and
year (:func:`~childlabour_metrics.survey_vs_routine`), and the same whole-area
estimates are the data-quality review's external check.  Tables carry codes;
the words are the output's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..language.errors import InputKeyError, choices
from ..reference.periods import parse_period
from ..reference.plans import Plan
from ..reference.scope import scope_codes
from ..reference.units import LEVELS
from ..survey.estimate import ESTIMATE_COLUMNS
from ..survey.rules import rule_set
from .survey import survey_attainment, survey_vs_routine

__all__ = ["AREA_COLUMNS", "META_COLUMNS", "SurveySection", "survey_section"]

#: Columns that name a row's area, in order of preference: codes, then a level's names.
AREA_COLUMNS: tuple[str, ...] = ("unit_code", "province", "district", "commune")
#: Columns that describe the whole table (one value each), not a domain.
META_COLUMNS: tuple[str, ...] = ("rules", "ci_level")
_PERIOD_COLUMNS = ("period", "year")
_INDICATOR = "CL01"
_DEFAULT_RULES = "sdg-8.7.1"


@dataclass(frozen=True)
class SurveySection:
    """What the report's survey section shows, computed once.

    Attributes
    ----------
    estimates : DataFrame
        One row per estimate in the plan's scope, in the table's order:
        ``unit_code`` (the area's code), ``area`` (the area as the table
        names it, or the plan's area), the breakdown columns (NA: all),
        ``period`` (the year compared), ``whole`` (no breakdown: the area as
        a whole), then the estimate's own columns (``value, se, ci_low,
        ci_high, ci_method, deff, n, population, count`` as given).
    breakdowns : tuple of str
        The domain columns other than the area and the year (``sex``, ``age_group``).
    area_column : str or None
        The column that named the areas (None: the plan's area).
    judged : DataFrame
        :func:`~childlabour_metrics.survey_attainment` of each estimate, ``row``
        its position in ``estimates``: every estimate against every CL01
        target with a number (empty when the plan has none).
    routine : DataFrame
        Each whole-area estimate beside the routine rate of its area and year
        (:func:`~childlabour_metrics.survey_vs_routine`), ``row`` its position.
    external : DataFrame
        The whole-area estimates as the data-quality review's external check
        takes them (``unit_code, period, indicator, value, ci_low, ci_high``).
    rules : str
        The rule set the estimates were classified by.
    ci_level : float
        The intervals' confidence level.
    period_given : bool
        Whether the table gave the year (else the latest routine year was taken).
    left_out : int
        Estimates of areas outside the plan's scope, or that the registry does not know.
    """

    estimates: pd.DataFrame
    breakdowns: tuple[str, ...]
    area_column: str | None
    judged: pd.DataFrame
    routine: pd.DataFrame
    external: pd.DataFrame
    rules: str
    ci_level: float
    period_given: bool
    left_out: int

    def target(self, plan: Plan) -> pd.Series | None:
        """The CL01 target the chart draws: the first due in or after the year compared.

        None when the plan sets no CL01 target with a number.
        """
        judged = self.judged
        if judged.empty:
            return None
        targets = judged.drop_duplicates("ref").sort_values("target_year", kind="stable")
        years = [parse_period(p).year for p in self.estimates["period"].dropna()]
        year = max(years) if years else None
        due = targets[targets["target_year"] >= year] if year is not None else targets
        row = due.iloc[0] if len(due) else targets.iloc[-1]
        return plan.targets.set_index("ref").loc[row["ref"]]


def _meta(table: pd.DataFrame, column: str, default: object) -> object:
    if column not in table.columns:
        return default
    given = table[column].dropna()
    return given.iloc[0] if len(given) else default


def _area(table: pd.DataFrame) -> str | None:
    return next((c for c in AREA_COLUMNS if c in table.columns), None)


def _codes(table: pd.DataFrame, area: str | None, plan: Plan,
           registry: pd.DataFrame | None) -> pd.Series:
    """Each row's area code: the plan's own area, codes as given, or a level's names."""
    if area is None:
        return pd.Series(plan.scope_code, index=table.index, dtype="str")
    text = table[area].astype("str")
    if area == "unit_code" or registry is None:
        return text
    at = registry[registry["level"] == area]
    codes = at["code"].astype("str")
    names = dict(zip(at["name"].astype("str"), codes, strict=False))
    return text.where(text.isin(set(codes)), text.map(names)).astype("str")


def _latest_year(observations: pd.DataFrame, scope: set[str] | None) -> str | None:
    """The latest yearly period of the routine CL01 figures (of the scope's units)."""
    rows = observations[(observations["indicator"] == _INDICATOR).to_numpy(dtype=bool)]
    if scope is not None:
        rows = rows[rows["unit_code"].astype("str").isin(scope).to_numpy(dtype=bool)]
    periods = [parse_period(p) for p in pd.unique(rows["period"].astype("str"))]
    years = [p for p in periods if p.is_year] or periods
    return str(max(years, key=lambda p: p.sort_key)) if years else None


def _routine(shown: pd.DataFrame, observations: pd.DataFrame,
             registry: pd.DataFrame | None) -> pd.DataFrame:
    """The whole-area estimates beside the routine rate of their area and year."""
    whole = shown[shown["whole"].to_numpy(dtype=bool) & shown["period"].notna().to_numpy(
        dtype=bool)]
    empty = pd.DataFrame({"row": pd.Series(dtype="int64")})
    if whole.empty:
        return empty
    levels = (pd.Series(registry["level"].to_numpy(), index=registry["code"].astype("str"))
              .groupby(level=0).last() if registry is not None else None)
    parts = []
    by_level = (whole["unit_code"].map(levels) if levels is not None
                else pd.Series(None, index=whole.index, dtype="object"))
    for level, rows in whole.groupby(by_level.fillna(""), sort=False):
        frame = pd.DataFrame({"row": rows.index.to_numpy(), "area": rows["unit_code"],
                              "value": rows["value"], "ci_low": rows["ci_low"],
                              "ci_high": rows["ci_high"]})
        use_level = str(level) if level in LEVELS and registry is not None else None
        beside = survey_vs_routine(frame, observations, area="area", units=registry,
                                   level=use_level,
                                   period=sorted(set(rows["period"].astype("str"))))
        wanted = pd.DataFrame({"row": rows.index.to_numpy(),
                               "period": rows["period"].astype("str").to_numpy()})
        parts.append(wanted.merge(beside.drop(columns=["area"]), on=["row", "period"],
                                  how="left"))
    out = pd.concat(parts, ignore_index=True).sort_values("row", kind="stable")
    return out.reset_index(drop=True)


def survey_section(estimates: pd.DataFrame, plan: Plan, registry: pd.DataFrame | None,
                   observations: pd.DataFrame) -> SurveySection:
    """The survey section of a report: estimates in scope, judged, beside the routine rate.

    Parameters
    ----------
    estimates : DataFrame
        Survey estimates (see the module's description of the columns it reads).
    plan : Plan
        The report's plan, loaded.
    registry : DataFrame or None
        The report's unit registry: the areas' codes from their names, the
        plan's scope, and the routine rate summed up to each area's level.
    observations : DataFrame
        The routine observations.

    Returns
    -------
    SurveySection

    Examples
    --------
    >>> from childlabour_metrics.reference.plans import load_plan
    >>> est = pd.DataFrame({"value": [3.7], "ci_low": [2.9], "ci_high": [4.6]})
    >>> obs = pd.DataFrame({"unit_code": ["VN"], "period": ["2024"], "indicator": ["CL01"],
    ...     "numerator": [13], "denominator": [1000]})
    >>> section = survey_section(est, load_plan("vn-782-2021"), None, obs)
    >>> row = section.judged.iloc[0]
    >>> str(row["ref"]), float(row["target"]), str(row["status"])
    ('N1', 4.9, 'met')
    >>> float(section.routine["routine_value"].iloc[0]), section.estimates["period"].iloc[0]
    (1.3, '2024')
    """
    missing = [c for c in ("value", "ci_low", "ci_high") if c not in estimates.columns]
    if missing:
        raise InputKeyError("err_survey_estimate_columns", field=missing[0],
                            columns=choices(missing))
    rules = str(_meta(estimates, "rules", _DEFAULT_RULES))
    rule_set(rules)  # an unknown rule set is an error naming the known
    ci_level = float(str(_meta(estimates, "ci_level", 0.95)))
    table = estimates.drop(columns=[c for c in META_COLUMNS if c in estimates.columns])
    table = table.reset_index(drop=True)
    area = _area(table)
    period_column = next((c for c in _PERIOD_COLUMNS if c in table.columns), None)
    measured = [c for c in ESTIMATE_COLUMNS if c in table.columns]
    breakdowns = tuple(c for c in table.columns
                       if c not in ESTIMATE_COLUMNS and c != area and c != period_column)
    codes = _codes(table, area, plan, registry)
    scope: set[str] | None = None
    if registry is not None and plan.scope_code in set(registry["code"]):
        scope = scope_codes(registry, plan.scope_code) | {plan.scope_code}
    keep = codes.notna().to_numpy(dtype=bool)
    if scope is not None:
        keep = keep & codes.isin(scope).to_numpy(dtype=bool)
    if period_column is not None:
        given = table[period_column]
        if pd.api.types.is_numeric_dtype(given):
            given = given.astype("Int64")
        period = given.astype("str")
    else:
        period = pd.Series(_latest_year(observations, scope), index=table.index, dtype="str")
    area_text = (table[area].astype("str") if area is not None
                 else pd.Series(plan.scope_name, index=table.index, dtype="str"))
    whole = (table[list(breakdowns)].isna().all(axis=1).to_numpy(dtype=bool) if breakdowns
             else np.ones(len(table), dtype=bool))
    shown = pd.DataFrame({"unit_code": codes, "area": area_text})
    for column in breakdowns:
        shown[column] = table[column].astype("str")
    shown = shown.assign(period=period, whole=whole)
    for column in measured:
        shown[column] = table[column]
    shown = shown[keep].reset_index(drop=True)
    numeric = plan.targets[plan.targets["indicators"].map(lambda c: tuple(c) == (_INDICATOR,))
                           & plan.targets["value"].notna() & plan.targets["operator"].notna()]
    if numeric.empty or shown.empty:
        judged = pd.DataFrame({"row": pd.Series(dtype="int64"),
                               "status": pd.Series(dtype="str")})
    else:
        frame = shown[["value", "ci_low", "ci_high"]].assign(row=np.arange(len(shown)))
        judged = survey_attainment(frame[["row", "value", "ci_low", "ci_high"]], plan,
                                   rules=rules)
    routine = _routine(shown, observations, registry)
    rows = shown[shown["whole"].to_numpy(dtype=bool) & shown["period"].notna().to_numpy(
        dtype=bool)]
    external = pd.DataFrame({
        "unit_code": rows["unit_code"].astype("str"), "period": rows["period"].astype("str"),
        "indicator": pd.Series(_INDICATOR, index=rows.index, dtype="str"),
        **{c: pd.to_numeric(rows[c], errors="coerce").astype("float64")
           for c in ("value", "ci_low", "ci_high")}}).reset_index(drop=True)
    return SurveySection(estimates=shown, breakdowns=breakdowns, area_column=area,
                         judged=judged.reset_index(drop=True), routine=routine,
                         external=external, rules=rules, ci_level=ci_level,
                         period_given=period_column is not None,
                         left_out=int((~keep).sum()))
