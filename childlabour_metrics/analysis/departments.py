"""Departments' reporting: completeness judged against each department's own deadline.

A department (``sở``, ``ban``, ``ngành``, a mass organisation such as the
youth or women's union) is a unit of the registry at level ``department``
whose parent is the province, district or commune it serves.  It has no
official code: codes are the user's own.  A department's ``kind`` says what
it is (``labour``, ``education`` …) so that a plan can name the owner of a
target, or the calendar entry of a kind of reporter, without knowing the
user's codes.  Departments report like any other unit but are never summed
into the values of the area they serve.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..reference.plans import Plan, load_plan
from ..reference.scope import departments
from ..reference.units import DEPARTMENT, as_registry
from .completeness import completeness_table, judge_timeliness

__all__ = ["department_completeness", "level_deadlines"]


def level_deadlines(table: pd.DataFrame, plan: Plan, units: pd.DataFrame) -> pd.DataFrame:
    """Re-judge a completeness table against the deadline of each unit's own level.

    ``completeness`` judges every report against the plan's one deadline per
    period; a plan whose calendar has entries per level or unit kind (a
    province's summary due later than its departments' reports) needs each
    row's own.  This takes the ``completeness`` table and recomputes
    ``deadline, on_time, late`` and ``status`` from
    :meth:`~childlabour_metrics.reference.plans.Plan.deadlines` with the unit's level
    and kind, in one vectorised pass.

    Parameters
    ----------
    table : DataFrame
        A :func:`~childlabour_metrics.analysis.completeness.completeness` table.
    plan : Plan or str
        The plan whose calendar is used.
    units : DataFrame
        The unit registry (its ``kind`` column, when present, gives kinds).

    Returns
    -------
    DataFrame
        The table with ``deadline, on_time, late, status`` recomputed.

    Examples
    --------
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["51", "51-LD"],
    ...     "name": ["Tỉnh Quảng Ngãi", "Sở LĐTBXH"], "level": ["province", "department"],
    ...     "parent_code": ["", "51"]}))
    >>> table = pd.DataFrame({"unit_code": ["51", "51-LD"], "level": ["province", "department"],
    ...     "period": ["2024", "2024"], "received": [True, True],
    ...     "report_date": pd.to_datetime(["2024-12-05", "2024-12-05"]),
    ...     "missing": [False, False], "unexpected": [False, False], "status": ["", ""]})
    >>> from childlabour_metrics.reference.plans import load_plan
    >>> level_deadlines(table, load_plan("quang-ngai-2024"), units)[["unit_code", "status"]]
      unit_code   status
    0        51  on_time
    1     51-LD     late
    """
    # A code kept through a re-organisation has one level: the latest row says it.
    info = units.drop_duplicates("code", keep="last").set_index("code")
    codes = table["unit_code"].astype("str")
    kinds = codes.map(info["kind"]) if "kind" in info.columns else None
    out = table.copy()
    out["deadline"] = plan.deadlines(table["period"], codes.map(info["level"]), kinds).to_numpy()
    judge_timeliness(out)  # on_time, late and status, as completeness() judges them
    return out


def department_completeness(result: Any, units: Any, plan: Plan | str) -> pd.DataFrame:
    """Completeness of the departments' reports, each against its level's deadline.

    Departments are listed apart from the administrative hierarchy: only
    units at level ``department`` in the plan's scope are expected.

    Parameters
    ----------
    result : ReadResult or DataFrame
        What :func:`~childlabour_metrics.read_reports` returned, or an
        observations table (see :func:`~childlabour_metrics.analysis.completeness.completeness`).
    units : DataFrame
        The unit registry with the departments.
    plan : Plan or str
        The plan (its calendar and scope).

    Returns
    -------
    DataFrame
        The completeness table of the departments (``unit_code, unit_name,
        period, deadline, status`` …), plus ``kind``.
    """
    plan, units = load_plan(plan), as_registry(units)
    table = completeness_table(result, units, plan, level=DEPARTMENT)
    table = table[(table["level"] == DEPARTMENT) | table["expected"]]
    out = level_deadlines(table.reset_index(drop=True), plan, units)
    kinds = departments(units).set_index("code")["kind"]
    out["kind"] = out["unit_code"].map(kinds).astype("str")
    return out
