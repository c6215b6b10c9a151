"""Attainment: each unit's value against each target of a plan, with the plan's operator.

The core of :func:`~childlabour_metrics.attainment`: it takes a loaded
:class:`~childlabour_metrics.reference.plans.Plan` and registry only (the
public function in :mod:`~childlabour_metrics.analysis.targets` normalises
them once and dispatches owned targets), and never reads files or words.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

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
    texts,
)

__all__ = ["ATTAINMENT_COLUMNS", "STATUSES", "attainment_table"]

_COMPARE = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
}


ATTAINMENT_COLUMNS = [
    "unit_code", "period", "ref", "label", "indicators", "target_year", "direction", "value",
    "operator", "target", "met", "status", "gap_pp", "pct_of_target", "numerator",
    "denominator", "reason",
]


def attainment_table(
    observations: pd.DataFrame,
    plan: Plan,
    year: int | None = None,
    *,
    target_year: int | None = None,
    units: pd.DataFrame | None = None,
    level: str | None = None,
    mapping: pd.DataFrame | None = None,
    checked: bool = False,
) -> pd.DataFrame:
    """Attainment of a loaded plan: the core of :func:`~childlabour_metrics.attainment`.

    It takes a loaded :class:`~childlabour_metrics.reference.plans.Plan` and,
    optionally, a loaded registry (:func:`~childlabour_metrics.reference.units.as_registry`),
    never an id or a path, and leaves owned targets to the caller.  Its
    parameters, columns and statuses are documented once, on the public door
    :func:`~childlabour_metrics.analysis.targets.attainment`.  ``checked``: the
    observations are a table :func:`~childlabour_metrics.check_observations`
    returned, not checked again (the report checks its table once).

    Examples
    --------
    >>> from childlabour_metrics.reference.plans import load_plan
    >>> obs = pd.DataFrame({"unit_code": ["x"], "period": ["2025"], "indicator": ["CL01"],
    ...     "numerator": [1], "denominator": [100]})
    >>> attainment_table(obs, load_plan("hai-duong-2021"), target_year=2025)[["ref", "status"]]
      ref status
    0  A1    met
    """
    obs = observations
    if level is not None:
        # the roll-up is a new table: it is checked below as the door's table is
        obs, checked = rolled_for_plan(obs, units, level, plan, checked=checked), False
    # before the scope filter: the predecessors are outside the new unit's scope
    # The one check of a table (as the reader's of a file): marked rows are never judged.
    obs = with_predecessors(usable(obs if checked else check_observations(obs)),
                            plan.scope_code, mapping)
    prepared = prepare(obs, coerce=False)  # checked above
    if units is not None:
        prepared = prepared[prepared["unit_code"].isin(plan_scope(plan, units))]
    if year is not None:
        prepared = prepared[prepared["period"].str[:4] == str(int(year))]
    targets = targets_due(plan, target_year)
    rows = target_observations(prepared, targets)
    if rows.empty:
        return _empty_attainment()
    # One group-by for every target, on integer codes; sorted codes keep the
    # order of a string group-by, a missing code last as there.
    unit, unit_names = sorted_codes(rows["unit_code"])
    period, period_names = sorted_codes(rows["period"])
    keyed = rows.assign(_u=unit, _p=period)
    summed = sum_counts(keyed, ["_target", "_u", "_p"])
    summed["_parts"] = _components(keyed, summed)
    out = _compare(summed.assign(unit_code=texts(unit_names, summed["_u"].to_numpy()),
                                 period=texts(period_names, summed["_p"].to_numpy())),
                   targets)[ATTAINMENT_COLUMNS]
    if mapping is not None:
        flags = obs.groupby(["unit_code", "period"])[["crosswalked", "approximate"]].any()
        key = pd.MultiIndex.from_arrays([out["unit_code"], out["period"]])
        for col in ("crosswalked", "approximate"):
            out[col] = flags[col].reindex(key).fillna(False).to_numpy(dtype=bool)
    return out.reset_index(drop=True)


#: Every status of an attainment row.  ``on_track`` / ``not_yet``: the value meets / does
#: not meet the target, but its period is before the target's (a 2030 target on 2025
#: data; a 2025 target on 2025H1 data, the year not over); ``incomplete``: a target on
#: several indicators lacks one of them (no verdict from half a composite).
STATUSES: tuple[str, ...] = ("met", "not_met", "no_data", "no_target", "on_track", "not_yet",
                             "incomplete")
_STATUSES = STATUSES


def _components(rows: pd.DataFrame, summed: pd.DataFrame) -> np.ndarray:
    """How many distinct indicators with both counts each summed group holds.

    ``rows`` are the target rows keyed by ``_target, _u, _p`` (with
    ``_complete``), ``summed`` their sums (sorted by the same keys).
    """
    complete = rows[rows["_complete"].to_numpy(dtype=bool)]
    parts = complete.groupby(["_target", "_u", "_p"], sort=True)["indicator"].nunique()
    key = pd.MultiIndex.from_frame(summed[["_target", "_u", "_p"]])
    return parts.reindex(key).fillna(0).to_numpy(dtype=np.int64)


def _before(period: pd.Series, target_year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each period is before its target's year, or in it with the year not over.

    Each distinct period is parsed once.
    """
    parts = period_parts(period)
    year = parts["year"].to_numpy(dtype=float, na_value=np.nan)
    whole = (parts["kind"] == "year").to_numpy(dtype=bool, na_value=True)
    due = np.asarray(target_year, dtype=float)
    with np.errstate(invalid="ignore"):
        early = year < due
        partial = (year == due) & ~whole
    return early, partial


def _compare(summed: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Each summed row against its target (``summed["_target"]``, a position in ``targets``).

    Each target's fields are read once and taken to its rows by position.
    """
    t = summed["_target"].to_numpy()
    summed = summed.reset_index(drop=True)
    value = summed["value"].to_numpy(dtype=float, na_value=np.nan)
    operators = targets["operator"].astype(object)
    has = operators.notna().to_numpy()
    op_code = operators.map({op: i for i, op in enumerate(_COMPARE, start=1)}).fillna(0)
    op_code = op_code.to_numpy(dtype=np.int64)[t]
    has_target = has[t]
    goal = np.where(has, targets["value"].to_numpy(dtype=float, na_value=np.nan), np.nan)[t]
    decrease = (targets["direction"] == "decrease").to_numpy(dtype=bool)[t]
    with np.errstate(invalid="ignore", divide="ignore"):
        compared = np.select([op_code == i for i in range(1, len(_COMPARE) + 1)],
                             [compare(value, goal) for compare in _COMPARE.values()], False)
        gap = np.where(decrease, goal - value, value - goal)
        pct = np.where(decrease, 100 * goal / np.where(value != 0, value, np.nan),
                       100 * value / np.where(goal != 0, goal, np.nan))
    no_value = np.isnan(value)
    n_parts = targets["indicators"].map(len).to_numpy(dtype=np.int64)[t]
    parts = (summed["_parts"].to_numpy(dtype=np.int64) if "_parts" in summed.columns
             else n_parts)
    incomplete = ~no_value & (parts < n_parts)
    target_year = targets["year"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)[t]
    early, partial = _before(summed["period"].astype("str"), target_year)
    met = pd.array(compared, dtype="boolean")
    met[no_value | ~has_target | incomplete] = pd.NA
    status = np.where(compared, 0, 1)
    # A target before its year is judged "on track" / "not yet", never "not met".
    status[(early | partial) & compared] = 4
    status[(early | partial) & ~compared] = 5
    status[incomplete] = 6
    status[no_value] = 2
    status[~has_target] = 3
    reason = summed["reason"].astype("str")
    free = reason.isna().to_numpy()
    reason = reason.mask(free & ~has_target, "no_target")
    reason = reason.mask(free & has_target & incomplete, "missing_component")
    free = reason.isna().to_numpy()
    reason = reason.mask(free & has_target & decrease & (value == 0), "value_zero")
    reason = reason.mask(free & has_target & ~decrease & (goal == 0), "target_zero")
    return pd.DataFrame(
        {
            "unit_code": summed["unit_code"].astype("str"),
            "period": summed["period"].astype("str"),
            "ref": texts(targets["ref"].astype(object), t),
            "label": texts(targets["label"].astype(object), t),
            "indicators": pd.Series(targets["indicators"].to_numpy(dtype=object)[t],
                                    dtype=object),
            "target_year": targets["year"].astype("Int64").array.take(t),
            "direction": texts(targets["direction"].astype(object), t),
            "value": pd.array(value, dtype="Float64"),
            "operator": texts(operators.where(has, None), t),
            "target": pd.array(goal, dtype="Float64"),
            "met": met,
            "status": texts(_STATUSES, status),
            "gap_pp": pd.array(np.where(has_target, gap, np.nan), dtype="Float64"),
            "pct_of_target": pd.array(np.where(has_target, pct, np.nan), dtype="Float64"),
            "numerator": summed["numerator"],
            "denominator": summed["denominator"],
            "reason": reason,
        }
    )


def _empty_attainment() -> pd.DataFrame:
    dtypes: dict[str, Any] = {
        "unit_code": "str", "period": "str", "ref": "str", "label": "str", "indicators": object,
        "target_year": "Int64", "direction": "str", "value": "Float64", "operator": "str",
        "target": "Float64", "met": "boolean", "status": "str", "gap_pp": "Float64",
        "pct_of_target": "Float64", "numerator": "Int64", "denominator": "Int64",
        "reason": "str",
    }
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
