"""Departments: the provincial (or commune) offices that report as units.

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

from .words import word

__all__ = [
    "DEPARTMENT",
    "DEPARTMENT_KINDS",
    "department_completeness",
    "department_kinds",
    "departments",
    "level_deadlines",
]

#: The registry level of a department.
DEPARTMENT = "department"

#: Kinds of department the bundled plans name, in the order the plans list them.
DEPARTMENT_KINDS: tuple[str, ...] = (
    "labour",
    "education",
    "health",
    "justice",
    "culture",
    "tourism",
    "information",
    "home_affairs",
    "finance",
    "transport",
    "ethnic",
    "police",
    "court",
    "procuracy",
    "front",
    "youth_union",
    "women_union",
    "labour_federation",
    "media",
)


def department_kinds(lang: str = "vi") -> pd.DataFrame:
    """The department kinds with their names in ``lang``.

    Examples
    --------
    >>> kinds = department_kinds("en")
    >>> kinds.loc[kinds["kind"] == "labour", "name"].item()
    'Department of Labour, Invalids and Social Affairs'
    """
    return pd.DataFrame(
        {
            "kind": pd.Series(DEPARTMENT_KINDS, dtype="str"),
            "name": pd.Series([word(f"dept_{k}", lang) for k in DEPARTMENT_KINDS], dtype="str"),
        }
    )


def departments(units: pd.DataFrame, plan: Any = None) -> pd.DataFrame:
    """The rows of a registry that are departments (with a ``kind`` column, NA when unknown).

    The one selection of a registry's departments (the owners of targets and
    the departments' summary use it too).

    Parameters
    ----------
    units : DataFrame
        A unit registry.
    plan : Plan or str, optional
        With a plan, only the departments in its scope (its scope unit and the
        units below, :func:`~childlabour_metrics.compute.plan_scope`).

    Returns
    -------
    DataFrame
        The registry's department rows, a fresh index.

    Examples
    --------
    >>> from childlabour_metrics.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["40", "40-LD", "51", "51-LD"],
    ...     "name": ["Tỉnh Nghệ An", "Sở LĐTBXH", "Tỉnh Quảng Ngãi", "Sở LĐTBXH"],
    ...     "level": ["province", "department"] * 2, "parent_code": ["", "40", "", "51"],
    ...     "kind": ["", "labour", "", "labour"]}))
    >>> departments(units)[["code", "kind"]].values.tolist()
    [['40-LD', 'labour'], ['51-LD', 'labour']]
    >>> departments(units, "nghe-an-2021")["code"].tolist()
    ['40-LD']
    """
    out = units[units["level"] == DEPARTMENT]
    if plan is not None:
        from .compute import plan_scope  # lazy: compute needs the registry's modules first
        from .plans import load_plan

        out = out[out["code"].isin(plan_scope(load_plan(plan), units))]
    out = out.copy()
    if "kind" not in out.columns:
        out["kind"] = pd.Series(pd.NA, index=out.index, dtype="str")
    return out.reset_index(drop=True)


def level_deadlines(table: pd.DataFrame, plan: Any, units: pd.DataFrame) -> pd.DataFrame:
    """Re-judge a completeness table against the deadline of each unit's own level.

    ``completeness`` judges every report against the plan's one deadline per
    period; a plan whose calendar has entries per level or unit kind (a
    province's summary due later than its departments' reports) needs each
    row's own.  This takes the ``completeness`` table and recomputes
    ``deadline, on_time, late`` and ``status`` from
    :meth:`~childlabour_metrics.plans.Plan.deadlines` with the unit's level
    and kind, in one vectorised pass.

    Parameters
    ----------
    table : DataFrame
        A :func:`~childlabour_metrics.completeness.completeness` table.
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
    >>> from childlabour_metrics.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["51", "51-LD"],
    ...     "name": ["Tỉnh Quảng Ngãi", "Sở LĐTBXH"], "level": ["province", "department"],
    ...     "parent_code": ["", "51"]}))
    >>> table = pd.DataFrame({"unit_code": ["51", "51-LD"], "level": ["province", "department"],
    ...     "period": ["2024", "2024"], "received": [True, True],
    ...     "report_date": pd.to_datetime(["2024-12-05", "2024-12-05"]),
    ...     "missing": [False, False], "unexpected": [False, False], "status": ["", ""]})
    >>> level_deadlines(table, "quang-ngai-2024", units)[["unit_code", "status"]]
      unit_code   status
    0        51  on_time
    1     51-LD     late
    """
    from .completeness import judge_timeliness
    from .plans import load_plan

    plan = load_plan(plan)
    # A code kept through a re-organisation has one level: the latest row says it.
    info = units.drop_duplicates("code", keep="last").set_index("code")
    codes = table["unit_code"].astype("str")
    kinds = codes.map(info["kind"]) if "kind" in info.columns else None
    out = table.copy()
    out["deadline"] = plan.deadlines(table["period"], codes.map(info["level"]), kinds).to_numpy()
    judge_timeliness(out)  # on_time, late and status, as completeness() judges them
    return out


def department_completeness(result: Any, units: pd.DataFrame, plan: Any) -> pd.DataFrame:
    """Completeness of the departments' reports, each against its level's deadline.

    Departments are listed apart from the administrative hierarchy: only
    units at level ``department`` in the plan's scope are expected.

    Parameters
    ----------
    result : ReadResult or DataFrame
        What :func:`~childlabour_metrics.read_reports` returned, or an
        observations table (see :func:`~childlabour_metrics.completeness.completeness`).
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
    from .completeness import completeness

    table = completeness(result, units, plan, level=DEPARTMENT)
    table = table[(table["level"] == DEPARTMENT) | table["expected"]]
    out = level_deadlines(table.reset_index(drop=True), plan, units)
    kinds = departments(units).set_index("code")["kind"]
    out["kind"] = out["unit_code"].map(kinds).astype("str")
    return out
