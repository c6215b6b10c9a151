"""Indicator values as ratios of sums, and their aggregation up the hierarchy.

Every value is a ratio of sums, ``100 × Σ numerator / Σ denominator``,
computed last: counts travel up the hierarchy, percentages never do.  Missing
is not zero: a row lacking its numerator or its denominator contributes to
neither sum (it would otherwise bias the ratio), and a group with nothing
usable, or with a zero denominator, gets no value but a reason.  Rows marked
``error`` or ``superseded`` by the reader are never used.

Functions here take tables and return new tables; they never mutate input.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from ..language.errors import InputError, choices
from ..language.words import WORDS, word
from ..reference.periods import PeriodError, parse_period
from ..reference.plans import Plan
from ..reference.schemas import check_observations, usable
from ..reference.scope import scope_codes
from ..reference.units import LEVELS, ancestor_in_period, ancestor_map, rows_in_period

__all__ = [
    "KEY",
    "REASONS",
    "aggregate",
    "aggregate_checked",
    "describe_reason",
    "prepare",
    "rolled_for_plan",
    "sorted_codes",
    "sum_counts",
    "summed_level",
    "target_observations",
    "territory_counts",
    "texts",
    "with_territories",
    "with_territory",
    "values",
]

#: Why a value or a comparison is missing: the stable codes.
REASON_CODES: tuple[str, ...] = (
    "no_data",
    "no_numerator",
    "no_denominator",
    "zero_denominator",
    "no_reports",
    "no_target",
    "target_zero",
    "value_zero",
    "no_period",
    "missing_component",
)
#: Why a value or a comparison is missing: stable code → (Vietnamese, English);
#: a view of the vocabulary (:mod:`childlabour_metrics.language.words`, keys ``reason_<code>``).
REASONS: dict[str, tuple[str, str]] = {code: WORDS[f"reason_{code}"] for code in REASON_CODES}

#: The key of an observation: one row per unit, period and indicator.
KEY = ["unit_code", "period", "indicator"]


def describe_reason(code: str | None, lang: str = "vi") -> str:
    """Human text for a reason code (empty for none).

    Examples
    --------
    >>> describe_reason("zero_denominator"), describe_reason("no_target", lang="en")
    ('Mẫu số bằng 0', 'No target set')
    """
    if code is None or code is pd.NA or (isinstance(code, float) and np.isnan(code)):
        return ""
    return word(f"reason_{code}", lang)


def prepare(observations: pd.DataFrame, coerce: bool = True) -> pd.DataFrame:
    # coerce=False: the caller has checked them (a second pass costs ~0.3 s a million rows);
    # otherwise the one check of every door: malformed tables raise, bad rows are marked.
    obs = usable(check_observations(observations) if coerce else observations)
    complete = obs["numerator"].notna() & obs["denominator"].notna()
    return obs.assign(
        _complete=complete,
        _num_only=obs["numerator"].notna() & obs["denominator"].isna(),
        _den_only=obs["numerator"].isna() & obs["denominator"].notna(),
        _num=obs["numerator"].where(complete),
        _den=obs["denominator"].where(complete),
    )


def _ratio(grouped: pd.DataFrame) -> pd.DataFrame:
    """Add value and reason to a frame of summed counts and completeness flags."""
    num = grouped["numerator"].astype("Float64")
    den = grouped["denominator"].astype("Float64")
    reason = pd.Series(pd.NA, index=grouped.index, dtype="str")
    nothing = grouped["n_used"] == 0
    reason = reason.mask(nothing & (grouped["n_num_only"] > 0), "no_denominator")
    reason = reason.mask(nothing & (grouped["n_den_only"] > 0) & reason.isna(), "no_numerator")
    reason = reason.mask(nothing & reason.isna(), "no_data")
    reason = reason.mask(~nothing & (den == 0), "zero_denominator")
    value = (100 * num / den.where(den > 0)).where(~nothing)
    return grouped.assign(value=value.astype("Float64"), reason=reason)


def sum_counts(obs: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    # Native group sums only: a Python function per group is ~200× slower at national
    # scale.  ``min_count=1`` keeps "missing is not zero": a group with no complete row
    # sums to NA, not 0 (``_num``/``_den`` are NA on rows lacking either count).
    grouped = obs.groupby(by, sort=True, dropna=False, observed=True)
    sums = grouped[["_num", "_den"]].sum(min_count=1)
    flags = grouped[["_complete", "_num_only", "_den_only"]].sum()
    counts = pd.DataFrame(
        {
            "numerator": sums["_num"].astype("Int64"),
            "denominator": sums["_den"].astype("Int64"),
            "n_rows": grouped.size().astype("Int64"),
            "n_used": flags["_complete"].astype("Int64"),
            "n_num_only": flags["_num_only"].astype("Int64"),
            "n_den_only": flags["_den_only"].astype("Int64"),
        }
    ).reset_index()
    return _ratio(counts)


def values(observations: pd.DataFrame, by: Sequence[str] | None = None) -> pd.DataFrame:
    """Indicator values as ratios of sums, per group.

    Parameters
    ----------
    observations : DataFrame
        The observations table (``unit_code, period, indicator, numerator,
        denominator`` and optionally ``status``).
    by : list of str, optional
        Grouping columns; default ``["unit_code", "period", "indicator"]``.

    Returns
    -------
    DataFrame
        ``by`` + ``numerator, denominator`` (sums over rows that have both),
        ``n_rows`` (rows in the group), ``n_used`` (rows with both counts),
        ``value`` (``100 × Σnum / Σden``, NA when undefined) and ``reason``
        (``no_data``, ``no_numerator``, ``no_denominator``,
        ``zero_denominator`` or NA).

    Examples
    --------
    Two communes: 10 of 100 and 1 of 900 children.  The ratio of sums is
    1.1 %, not the 5.06 % that averaging the two rates would give.

    >>> obs = pd.DataFrame({"unit_code": ["a", "b"], "period": ["2024", "2024"],
    ...     "indicator": ["CL01", "CL01"], "numerator": [10, 1], "denominator": [100, 900]})
    >>> values(obs, by=["period", "indicator"])[["numerator", "denominator", "value"]]
       numerator  denominator  value
    0         11         1000    1.1
    """
    by = list(by) if by is not None else list(KEY)
    out = sum_counts(prepare(observations), by)
    return out.drop(columns=["n_num_only", "n_den_only"])


def aggregate(
    observations: pd.DataFrame,
    units: pd.DataFrame,
    level: str = "province",
    from_level: str | None = None,
) -> pd.DataFrame:
    """Roll counts up the hierarchy to ``level`` and compute values there.

    A parent's counts are the sums of its children's.  Only reports made at
    ``from_level`` are summed, so a district's own consolidated figures and
    its communes' reports are never counted twice.

    Parameters
    ----------
    observations : DataFrame
        The observations table.
    units : DataFrame
        A registry from :func:`~childlabour_metrics.load_units`.
    level : str
        Level to aggregate to (``country``, ``province``, ``district``,
        ``commune``).
    from_level : str, optional
        Level whose reports are summed; default the lowest level that
        reported.

    Returns
    -------
    DataFrame
        ``unit_code, unit_name, period, indicator, numerator, denominator,
        n_rows, n_used, n_reporting`` (units below that reported both counts),
        ``n_expected`` (units at ``from_level`` under it that existed in the
        period), ``value, reason``.  Every unit at ``level`` with units
        expected below it gets a row for each period and indicator seen, with
        reason ``no_reports`` when none reported.  Rows without a period are
        not lost: they are summed apart, per unit and indicator, in rows with
        an empty period, no ``n_expected``, no value and reason ``no_period``
        (and a warning).

    Examples
    --------
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["P", "a", "b"], "name": ["P", "A", "B"],
    ...     "level": ["province", "commune", "commune"], "parent_code": ["", "P", "P"]}))
    >>> obs = pd.DataFrame({"unit_code": ["a", "b"], "period": ["2024", "2024"],
    ...     "indicator": ["CL01", "CL01"], "numerator": [10, 1], "denominator": [100, 900]})
    >>> aggregate(obs, units, "province")[["unit_code", "numerator", "denominator",
    ...     "n_reporting", "n_expected", "value"]]
      unit_code  numerator  denominator  n_reporting  n_expected  value
    0         P         11         1000            2           2    1.1
    """
    _check_level(level)
    # the door checks the table once; the core takes it checked
    return aggregate_checked(check_observations(observations), units, level, from_level)


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise InputError("err_input_bad_level", value=repr(level), levels=choices(LEVELS))


def aggregate_checked(
    checked: pd.DataFrame,
    units: pd.DataFrame,
    level: str = "province",
    from_level: str | None = None,
) -> pd.DataFrame:
    """:func:`aggregate` of a table :func:`~childlabour_metrics.check_observations` returned.

    The core under the door: the analysis checks its observations once and
    rolls them up to several levels without checking them again (a check is
    ~0.1 s on a national round).  Same parameters and result as :func:`aggregate`.

    Examples
    --------
    >>> from childlabour_metrics.reference.schemas import check_observations
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["P", "a"], "name": ["P", "A"],
    ...     "level": ["province", "commune"], "parent_code": ["", "P"]}))
    >>> obs = check_observations(pd.DataFrame({"unit_code": ["a"], "period": ["2024"],
    ...     "indicator": ["CL01"], "numerator": [10], "denominator": [100]}))
    >>> aggregate_checked(obs, units, "province")[["unit_code", "value"]]
      unit_code  value
    0         P   10.0
    """
    _check_level(level)
    obs = prepare(checked, coerce=False)
    # Integer codes for the keys: every lookup runs once per distinct value and
    # the group-bys run on integers, not on ~1 M strings.
    unit, unit_index = pd.factorize(obs["unit_code"])
    period, period_index = pd.factorize(obs["period"])
    indicator, indicator_names = pd.factorize(obs["indicator"])
    unit_names = np.asarray(unit_index, dtype=object)
    period_names = np.asarray(period_index, dtype=object)
    name_level = _code_levels(units, unit_names)
    unknown = sorted(unit_names[pd.isna(name_level)])
    if unknown:
        warnings.warn(
            f"{len(unknown)} unit code(s) not in the registry are left out of the "
            f"aggregation: {unknown[:10]}",
            stacklevel=3,
        )
    if from_level is None:
        from_level = _finest(name_level, level)
    if LEVELS.index(from_level) < LEVELS.index(level):
        raise InputError("err_input_from_level_above", from_level=repr(from_level),
                         level=repr(level))
    rows = np.flatnonzero((unit >= 0) & (np.append(name_level, [None])[unit] == from_level))
    target = _ancestors(unit[rows], period[rows], unit_names, period_names, units, level)
    found = target >= 0  # a unit with no ancestor at the level is not summed
    rows, target = rows[found], target[found]
    target_names = np.asarray(units["code"].drop_duplicates(), dtype=object)
    keyed = obs.iloc[rows].assign(_t=target, _p=period[rows], _i=indicator[rows], _u=unit[rows])
    summed = sum_counts(keyed, ["_t", "_p", "_i"])
    complete = keyed[keyed["_complete"].to_numpy(dtype=bool)]
    reporting = (complete[["_t", "_p", "_i", "_u"]].drop_duplicates()
                 .groupby(["_t", "_p", "_i"]).size().rename("n_reporting").reset_index())
    summed = summed.merge(reporting, on=["_t", "_p", "_i"], how="left")
    summed = summed.assign(
        _target=pd.array(target_names[summed["_t"].to_numpy()], dtype="str"),
        period=pd.array(np.append(period_names, [None])[summed["_p"].to_numpy()], dtype="str"),
        indicator=pd.array(np.asarray(indicator_names, dtype=object)[summed["_i"].to_numpy()],
                           dtype="str"),
    ).drop(columns=["_t", "_p", "_i"])
    dated = summed["period"].notna().to_numpy()
    seen = summed.loc[dated, ["period", "indicator"]].drop_duplicates()
    expected = _expected_counts(units, level, from_level, sorted(seen["period"].unique()))
    # Every unit with units expected below it gets a row per period and indicator seen.
    grid = expected.merge(seen, on="period")
    out = grid.merge(summed[dated], on=["_target", "period", "indicator"], how="left")
    out["reason"] = out["reason"].astype("str").mask(out["n_rows"].isna(), "no_reports")
    undated = summed[~dated]
    if len(undated):
        # Rows without a period are kept apart, counted but given no value: a value
        # of no known period compares with nothing (reason no_period).
        warnings.warn(word("aggregate_no_period", "en", n=int(undated["n_rows"].sum())),
                      stacklevel=3)
        undated = undated.assign(value=cast(Any, pd.NA), reason="no_period",
                                 n_expected=pd.array([pd.NA] * len(undated), dtype="Int64"))
        out = pd.concat([out, undated], ignore_index=True)
    for col in ("n_rows", "n_used", "n_reporting"):
        out[col] = out[col].fillna(0).astype("Int64")
    out["value"] = out["value"].astype("Float64")
    out = out.rename(columns={"_target": "unit_code"})
    names = rows_in_period(out["unit_code"], out["period"].astype("str"), units)["name"]
    latest = units.sort_values("valid_from", na_position="first").drop_duplicates(
        "code", keep="last").set_index("code")["name"]
    names = names.fillna(out["unit_code"].map(latest))
    out.insert(1, "unit_name", names.astype("str"))
    cols = ["unit_code", "unit_name", "period", "indicator", "numerator", "denominator",
            "n_rows", "n_used", "n_reporting", "n_expected", "value", "reason"]
    return out[cols].sort_values(["unit_code", "period", "indicator"]).reset_index(drop=True)


def _code_levels(units: pd.DataFrame, codes: np.ndarray) -> np.ndarray:
    """The registry level of each code (its latest row's), None for an unknown code."""
    code_level = pd.Series(units["level"].to_numpy(), index=units["code"].to_numpy())
    code_level = code_level[~code_level.index.duplicated(keep="last")]
    return code_level.reindex(codes).to_numpy(dtype=object)


def _finest(levels: np.ndarray, level: str) -> str:
    # Departments report but are not a map level: never a level to sum from.
    present = set(pd.Series(levels).dropna()) & set(LEVELS)
    return max(present, key=LEVELS.index) if present else level


def summed_level(checked: pd.DataFrame, units: pd.DataFrame, level: str) -> str:
    """The level whose reports :func:`aggregate_checked` sums by default: the finest that reported.

    For a caller that rolls up once and names the roll-up by its levels (the
    report shares its roll-up to provinces with the quality review).

    Examples
    --------
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["P", "D", "a"], "name": ["P", "D", "A"],
    ...     "level": ["province", "district", "commune"], "parent_code": ["", "P", "D"]}))
    >>> obs = pd.DataFrame({"unit_code": ["D", "a"], "status": ["ok", "error"]})
    >>> summed_level(obs, units, "province")
    'district'
    """
    codes = pd.unique(usable(checked)["unit_code"])
    return _finest(_code_levels(units, np.asarray(codes, dtype=object)), level)


def territory_counts(observations: pd.DataFrame, units: pd.DataFrame, code: str, *,
                     crosswalk: pd.DataFrame | None = None) -> pd.DataFrame:
    """A dissolved unit's counts after its end: the sums of the units that hold its territory.

    :func:`aggregate` sums a unit's counts while the unit exists.  A plan
    outlives a reorganisation of its unit: Hải Dương's 2021–2025 plan judges
    2025 after Hải Dương was merged into Hải Phòng on 1 July 2025.  For each
    period that ends after the unit's last day, its counts are the sums of the
    reports of the units that hold its territory on the period's last day
    (:func:`~childlabour_metrics.reference.scope.scope_codes`), at the finest
    level among them, under the unit's code.

    Parameters
    ----------
    observations : DataFrame
        The observations table.
    units : DataFrame
        A registry with validity dates.
    code : str
        The unit (a plan's scope unit).
    crosswalk : DataFrame, optional
        Where the territory went; default the official crosswalk.

    Returns
    -------
    DataFrame
        ``unit_code, period, indicator, numerator, denominator, n_rows,
        n_used, value, reason`` (as :func:`values`), for the periods after the
        unit's end only; empty for a unit that still exists.

    Examples
    --------
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["P", "a", "Q", "x", "z"],
    ...     "name": list("PaQxz"), "level": ["province", "commune", "province", "commune",
    ...     "commune"], "parent_code": ["", "P", "", "Q", "Q"],
    ...     "valid_from": ["", "", "2025-07-01", "2025-07-01", ""],
    ...     "valid_to": ["2025-06-30", "2025-06-30", "", "", ""]}))
    >>> cw = pd.DataFrame({"old_code": ["P", "a"], "new_code": ["Q", "x"],
    ...     "effective_date": ["2025-07-01"] * 2})
    >>> obs = pd.DataFrame({"unit_code": ["a", "x", "z"], "period": ["2024", "2025", "2025"],
    ...     "indicator": ["CL01"] * 3, "numerator": [3, 2, 9], "denominator": [100] * 3})
    >>> territory_counts(obs, units, "P", crosswalk=cw)[["unit_code", "period", "numerator"]]
      unit_code period  numerator
    0         P   2025          2
    """
    columns = ["unit_code", "period", "indicator", "numerator", "denominator", "n_rows",
               "n_used", "value", "reason"]
    ends = units.loc[units["code"].astype("str") == code, "valid_to"]
    periods = observations["period"].dropna().astype("str").unique()
    parts = []
    if len(ends) and not ends.isna().any():
        last = pd.Timestamp(ends.max())
        for text in periods:  # distinct periods: a handful
            try:
                end = pd.Timestamp(parse_period(text).end)
            except PeriodError:
                continue
            if end <= last:
                continue
            held = scope_codes(units, code, on=end, crosswalk=crosswalk) - {code}
            rows = observations[(observations["period"].astype("str") == text)
                                & observations["unit_code"].astype("str").isin(held)]
            if rows.empty:
                continue
            level = rows_in_period(rows["unit_code"].astype("str"),
                                   rows["period"].astype("str"), units)["level"]
            present = [lv for lv in LEVELS if lv in set(level.dropna())]
            if present:  # the finest level's reports only: never a unit and its parts
                parts.append(rows[(level == present[-1]).to_numpy(bool)])
    rows = pd.concat(parts, ignore_index=True) if parts else observations.iloc[:0]
    summed = values(rows, by=["period", "indicator"])
    return summed.assign(unit_code=pd.Series(code, index=summed.index, dtype="str"))[
        columns].reset_index(drop=True)


def with_territory(rolled: pd.DataFrame, observations: pd.DataFrame, units: pd.DataFrame,
                   code: str, *, crosswalk: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts rolled up by :func:`aggregate`, with a dissolved unit's later periods added.

    ``rolled``'s rows (``unit_code, period, indicator, numerator, denominator``,
    those with reports), and for each period in which ``code`` no longer
    existed and has no row, its :func:`territory_counts`: what a plan whose
    unit was reorganised is judged on (Hải Dương's 2025).

    Examples
    --------
    A commune of Hải Dương (30) reports for 2025, after the province was merged
    into Hải Phòng (31): the 2025 counts stand for both (see :func:`with_territories`).

    >>> from childlabour_metrics.reference.units import sample_units
    >>> obs = pd.DataFrame({"unit_code": ["10507"], "period": ["2025"], "indicator": ["CL01"],
    ...     "numerator": [12], "denominator": [3000]})
    >>> units = sample_units()
    >>> rolled = aggregate(obs, units, "province")
    >>> with_territory(rolled, obs, units, "30")[["unit_code", "period", "numerator"]]
      unit_code period  numerator
    0        31   2025         12
    1        30   2025         12
    """
    cols = ["unit_code", "period", "indicator", "numerator", "denominator"]
    if "n_rows" in rolled.columns:
        rolled = rolled[(rolled["n_rows"] > 0).to_numpy(bool)]
    return with_territories(rolled, observations, units, {code}, crosswalk=crosswalk)[cols]


def rolled_for_plan(observations: pd.DataFrame, units: pd.DataFrame | None, level: str,
                    plan: Plan, *, checked: bool = False) -> pd.DataFrame:
    """Counts rolled up to ``level`` to be judged against ``plan``: the ``level=`` of the cores.

    :func:`aggregate`'s counts at ``level``; at the plan's own level, a plan
    unit that was reorganised gets its territory's counts
    (:func:`with_territory`: Hải Dương's 2025).  The one roll-up of
    attainment, progress and the report's scope counts.

    ``checked``: ``observations`` is a table
    :func:`~childlabour_metrics.check_observations` returned (not checked again).

    Returns
    -------
    DataFrame
        ``unit_code, period, indicator, numerator, denominator``.

    Raises
    ------
    InputError
        Without ``units``: there is nothing to roll up with.

    Examples
    --------
    >>> from childlabour_metrics.reference.plans import load_plan
    >>> from childlabour_metrics.reference.units import sample_units
    >>> obs = pd.DataFrame({"unit_code": ["10507", "10507"], "period": ["2024", "2025"],
    ...     "indicator": ["CL01"] * 2, "numerator": [30, 12], "denominator": [3000] * 2})
    >>> plan = load_plan("hai-duong-2021")
    >>> rolled_for_plan(obs, sample_units(), "province", plan)["unit_code"].tolist()
    ['30', '31', '30']
    """
    if units is None:
        raise InputError("err_input_needs_units", field="units", level=repr(level))
    _check_level(level)
    rolled = aggregate_checked(observations if checked else check_observations(observations),
                               units, level=level)
    if level == plan.scope_level:  # a reorganised plan unit: its territory's counts
        rolled = with_territory(rolled, observations, units, plan.scope_code)
    return rolled[[*KEY, "numerator", "denominator"]]


def with_territories(rolled: pd.DataFrame, observations: pd.DataFrame, units: pd.DataFrame,
                     codes: set[str], *, crosswalk: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`aggregate`'s table with, for each of ``codes`` no longer valid, its territory.

    For each period in which such a unit has no reports, its
    :func:`territory_counts` replace its row (``n_reporting`` is then the number
    of reports summed).  What a plan, a survey comparison or the data-quality
    review's external check sees of Hải Dương's 2025.  A loop over the
    dissolved units asked for (a plan's one, a survey's provinces), not rows.

    Examples
    --------
    >>> from childlabour_metrics.reference.units import sample_units
    >>> obs = pd.DataFrame({"unit_code": ["10507", "10507"], "period": ["2024", "2025"],
    ...     "indicator": ["CL01"] * 2, "numerator": [30, 12], "denominator": [3000] * 2})
    >>> units = sample_units()
    >>> rolled = aggregate(obs, units, "province").query("n_rows > 0")
    >>> with_territories(rolled, obs, units, {"30"})[["unit_code", "period", "n_reporting"]]
      unit_code period  n_reporting
    0        30   2024            1
    1        31   2025            1
    2        30   2025            1
    """
    valid_to = units["valid_to"] if "valid_to" in units.columns else pd.Series(dtype=object)
    ended = set(units.loc[valid_to.notna().to_numpy(bool), "code"].astype("str")) & set(codes)
    parts = []
    for code in sorted(ended):
        later = territory_counts(observations, units, code, crosswalk=crosswalk)
        held = rolled.loc[(rolled["unit_code"] == code).to_numpy(bool)
                          & (rolled["n_rows"] > 0).to_numpy(bool), "period"]
        later = later[~later["period"].isin(set(held)).to_numpy(bool)]
        if "n_reporting" in rolled.columns:
            later = later.assign(n_reporting=later["n_used"])
        parts.append(later[[c for c in rolled.columns if c in later.columns]])
    if not any(len(part) for part in parts):
        return rolled
    added = pd.concat(parts, ignore_index=True)
    # an emptied row of the unit (no reports in that period) gives way to its territory's
    replaced = pd.MultiIndex.from_frame(added[["unit_code", "period", "indicator"]])
    mine = pd.MultiIndex.from_frame(rolled[["unit_code", "period", "indicator"]].astype("str"))
    return pd.concat([rolled[~mine.isin(replaced)], added], ignore_index=True)


def _ancestors(unit: np.ndarray, period: np.ndarray, unit_names: np.ndarray,
               period_names: np.ndarray, units: pd.DataFrame, level: str) -> np.ndarray:
    """Each row's ancestor at ``level`` as a position in the registry's distinct codes.

    The row valid in the period gives the ancestor (codes are reused across
    2025); a row without a period takes its code's latest row.  Each distinct
    (unit, period) is looked up once; −1 where there is no ancestor.
    """
    codes = pd.Index(units["code"].drop_duplicates())
    n_periods = len(period_names) + 1
    pair = unit.astype(np.int64) * n_periods + (period + 1)  # period −1 (none) → 0
    # pandas' hash table, not np.unique's sort (numpy 2.4: 0.1 s a national round)
    back, distinct = pd.factorize(pair)
    distinct = np.asarray(distinct)
    p_unit, p_period = distinct // n_periods, distinct % n_periods - 1
    found = pd.Series(pd.NA, index=range(len(distinct)), dtype="str")
    dated = p_period >= 0
    if dated.any():
        found[dated] = ancestor_in_period(
            pd.Series(unit_names[p_unit[dated]], dtype="str"),
            pd.Series(period_names[p_period[dated]], dtype="str"), units, level).to_numpy()
    if (~dated).any():
        found[~dated] = ancestor_map(units, level).reindex(unit_names[p_unit[~dated]]).to_numpy()
    return codes.get_indexer(found.to_numpy(dtype=object))[back]


def _expected_counts(
    units: pd.DataFrame, level: str, from_level: str, periods: list[str]
) -> pd.DataFrame:
    """Units at ``from_level`` under each unit at ``level`` that existed in each period.

    Every (unit, period) in which the unit existed is looked up in one call to
    :func:`~childlabour_metrics.reference.units.ancestor_in_period`, not one per period.

    Examples
    --------
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["P", "a", "b"], "name": ["P", "A", "B"],
    ...     "level": ["province", "commune", "commune"], "parent_code": ["", "P", "P"],
    ...     "valid_from": ["", "", "2025-07-01"], "valid_to": ["", "", ""]}))
    >>> _expected_counts(units, "province", "commune", ["2024", "2026"])
      _target period  n_expected
    0       P   2024           1
    1       P   2026           2
    """
    below = units[units["level"] == from_level]
    if not periods or below.empty:
        return pd.DataFrame({"_target": pd.Series(dtype="str"), "period": pd.Series(dtype="str"),
                             "n_expected": pd.Series(dtype="Int64")})
    spans = [parse_period(p) for p in periods]  # distinct periods, a handful
    start = pd.DatetimeIndex([pd.Timestamp(p.start) for p in spans]).to_numpy()
    end = pd.DatetimeIndex([pd.Timestamp(p.end) for p in spans]).to_numpy()
    valid_from = below["valid_from"].to_numpy(dtype="datetime64[ns]")[:, None]
    valid_to = below["valid_to"].to_numpy(dtype="datetime64[ns]")[:, None]
    # as units_valid_in: existed during any part of the period (NaT: open-ended)
    existed = ((np.isnat(valid_from) | (valid_from <= end[None, :]))
               & (np.isnat(valid_to) | (valid_to >= start[None, :])))
    row, col = np.nonzero(existed)
    period = pd.Series(np.asarray(periods, dtype=object)[col], dtype="str")
    ancestor = ancestor_in_period(
        pd.Series(below["code"].to_numpy(dtype=object)[row], dtype="str"), period, units, level)
    counts = (pd.DataFrame({"_target": ancestor, "period": period}).dropna()
              .groupby(["_target", "period"], sort=True).size())
    return pd.DataFrame({"_target": counts.index.get_level_values(0).astype("str"),
                         "period": counts.index.get_level_values(1).astype("str"),
                         "n_expected": pd.array(counts.to_numpy(), dtype="Int64")})


def target_observations(observations: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """The observation rows of each target's indicators, one copy per target.

    The one place where a target picks its rows: attainment, progress and the
    owners' tables (:mod:`childlabour_metrics.analysis.owners`) all start here.

    Parameters
    ----------
    observations : DataFrame
        Observations (any columns, ``indicator`` among them).
    targets : DataFrame
        Targets with an ``indicators`` column (tuples of codes), e.g. a
        plan's ``targets``.

    Returns
    -------
    DataFrame
        The rows of the first target's indicators (in their order), then the
        second's, and so on, with ``_target``, the target's position in
        ``targets``; a row whose indicator two targets share appears twice.

    Examples
    --------
    >>> obs = pd.DataFrame({"indicator": ["CL01", "CL02", "CL03"], "numerator": [1, 2, 3]})
    >>> targets = pd.DataFrame({"indicators": [("CL01", "CL02"), ("CL02",)]})
    >>> target_observations(obs, targets)
      indicator  numerator  _target
    0      CL01          1        0
    1      CL02          2        0
    1      CL02          2        1
    """
    codes, names = pd.factorize(observations["indicator"].to_numpy(dtype=object))
    names = np.asarray(names, dtype=object)
    takes = []
    for indicators in targets["indicators"]:  # one pass per target (a handful), not per row
        member = np.append(np.isin(names, list(indicators)), False)  # code −1 (none): False
        takes.append(np.flatnonzero(member[codes]))
    take = np.concatenate(takes) if takes else np.array([], dtype=np.int64)
    return observations.iloc[take].assign(
        _target=np.repeat(np.arange(len(takes)), [len(t) for t in takes]))


def sorted_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes in the sort order of the values, a missing value last (its own code)."""
    codes, index = pd.factorize(column, sort=True)
    names = np.append(np.asarray(index, dtype=object), [None])
    return np.where(codes < 0, len(names) - 1, codes), names


def texts(names: Any, codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``names[codes]`` as text: the few names are checked once, then taken (fast)."""
    return pd.array(np.asarray(names, dtype=object), dtype="str").take(codes)

