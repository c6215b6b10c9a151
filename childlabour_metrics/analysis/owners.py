"""Owners of targets: which unit's reports a target is judged on.

A plan's target may name its owner (``owner = "labour"`` in the plan file):
a unit code of the registry, or a department kind (see
:mod:`childlabour_metrics.analysis.departments`).  The attainment and progress of an
owned target use the owner's reports only: the labour department's count of
children supported is not mixed with the districts' counts.  Targets without
an owner are untouched: they keep the usual rules (every unit in scope).

Functions here go from tables to tables; the one loop (``_per_owner``, behind
:func:`owned_attainment` and :func:`owned_progress`) runs once per owner (a
handful), never per row.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pandas as pd

from ..language.errors import InputError
from ..reference.plans import Plan, load_plan
from ..reference.scope import departments
from ..reference.units import as_registry
from .attainment import ATTAINMENT_COLUMNS, attainment_table
from .progress import progress_table
from .values import target_observations

__all__ = [
    "OWNER_UNIT_COLUMNS",
    "SUMMARY_COLUMNS",
    "department_report",
    "department_summary",
    "has_owned_targets",
    "in_plan_order",
    "owned_attainment",
    "owned_observations",
    "owned_progress",
    "owner_units",
    "split_owned",
]

#: Columns of :func:`owner_units`.
OWNER_UNIT_COLUMNS = ["ref", "owner", "unit_code"]
#: Columns of :func:`department_summary`.
SUMMARY_COLUMNS = [
    "unit_code", "unit_name", "kind", "owns", "n_owned", "periods_reported", "reported",
    "n_met", "n_not_met", "n_no_target", "met_all",
]


def has_owned_targets(plan: Plan) -> bool:
    """Whether any target of a plan names an owner.

    Examples
    --------
    >>> has_owned_targets(load_plan("nghe-an-2021")), has_owned_targets(load_plan("hai-duong-2021"))
    (True, False)
    """
    targets = getattr(plan, "targets", None)
    return bool(
        targets is not None and "owner" in targets.columns and targets["owner"].notna().any()
    )


def split_owned(plan: Plan) -> tuple[Plan, Plan]:
    """The plan cut in two: its targets without an owner, and its owned targets.

    This is the one selection step that :func:`~childlabour_metrics.attainment`
    and :func:`~childlabour_metrics.progress` share (in
    :mod:`~childlabour_metrics.analysis.targets`, where owned targets are
    dispatched).

    Examples
    --------
    >>> unowned, owned = split_owned(load_plan("nghe-an-2021"))
    >>> len(unowned.targets), owned.targets["owner"].notna().all()
    (0, np.True_)
    """
    owned = plan.targets["owner"].notna() if "owner" in plan.targets.columns else None
    if owned is None:
        return plan, dataclasses.replace(plan, targets=plan.targets.iloc[:0])
    return (dataclasses.replace(plan, targets=plan.targets[~owned]),
            dataclasses.replace(plan, targets=plan.targets[owned]))


def in_plan_order(frame: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The rows in the plan's target order, then each part's own order (a stable sort)."""
    order = {ref: i for i, ref in enumerate(plan.targets["ref"])}
    key = frame["ref"].map(order)
    return frame.iloc[key.argsort(kind="stable")].reset_index(drop=True)


def owner_units(plan: Plan, units: pd.DataFrame) -> pd.DataFrame:
    """The units that own each owned target of a plan.

    An owner that is a code of the registry is that unit; otherwise it is a
    department kind and means every department of that kind in the plan's
    scope.  An owner matching nothing gives no row (its target has no
    reports to judge).

    Parameters
    ----------
    plan : Plan
        A loaded plan.
    units : DataFrame
        A unit registry (see :func:`~childlabour_metrics.reference.units.load_units`);
        a ``kind`` column names departments' kinds.

    Returns
    -------
    DataFrame
        ``ref, owner, unit_code``, one row per owned target and owner unit.

    Examples
    --------
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["40", "40-LD", "40-GD"],
    ...     "name": ["Tỉnh Nghệ An", "Sở LĐTBXH", "Sở GD&ĐT"],
    ...     "level": ["province", "department", "department"],
    ...     "parent_code": ["", "40", "40"], "kind": ["", "labour", "education"]}))
    >>> owner_units(load_plan("nghe-an-2021"), units).query("ref in ['D1', 'D5']").values.tolist()
    [['D1', 'labour', '40-LD'], ['D5', 'education', '40-GD']]
    """
    owned = plan.targets.loc[plan.targets["owner"].notna(), ["ref", "owner"]]
    by_code = owned.merge(
        units[["code"]].rename(columns={"code": "unit_code"}),
        left_on="owner", right_on="unit_code", how="inner",
    )
    depts = departments(units, plan)[["code", "kind"]]
    by_kind = owned[~owned["owner"].isin(units["code"])].merge(
        depts.rename(columns={"code": "unit_code", "kind": "owner"}), on="owner", how="inner"
    )
    out = pd.concat([by_code, by_kind], ignore_index=True)[OWNER_UNIT_COLUMNS]
    return out.astype("str").sort_values(["ref", "unit_code"]).reset_index(drop=True)


def owned_observations(
    observations: pd.DataFrame, plan: Plan, units: pd.DataFrame
) -> pd.DataFrame:
    """The owners' observations of the indicators of the targets they own.

    Parameters
    ----------
    observations : DataFrame
        The observations table (``unit_code, period, indicator, numerator,
        denominator`` and any other columns, kept).
    plan : Plan
        A loaded plan.
    units : DataFrame
        A unit registry.

    Returns
    -------
    DataFrame
        The observation rows of owner units for their targets' indicators,
        with ``ref`` and ``owner`` in front; a row used by two targets
        appears twice, once per target.

    Examples
    --------
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["40", "40-LD", "40-GD"],
    ...     "name": ["Tỉnh Nghệ An", "Sở LĐTBXH", "Sở GD&ĐT"],
    ...     "level": ["province", "department", "department"],
    ...     "parent_code": ["", "40", "40"], "kind": ["", "labour", "education"]}))
    >>> obs = pd.DataFrame({"unit_code": ["40-LD", "40-GD", "40-GD"],
    ...     "period": ["2021"] * 3, "indicator": ["CL01", "CL01", "CL05"],
    ...     "numerator": [3, 9, 40], "denominator": [100, 100, 50]})
    >>> owned_observations(obs, load_plan("nghe-an-2021"), units)[["ref", "unit_code", "indicator"]]
      ref unit_code indicator
    0  D1     40-LD      CL01
    1  D5     40-GD      CL05
    """
    pairs = owner_units(plan, units)
    obs = observations.assign(unit_code=observations["unit_code"].astype("str"))
    rows = target_observations(obs, plan.targets)
    rows = rows.assign(ref=plan.targets["ref"].to_numpy()[rows.pop("_target").to_numpy()])
    out = pairs.merge(rows, on=["ref", "unit_code"], how="inner")
    front = ["ref", "owner"]
    return out[front + [c for c in obs.columns if c not in front]].reset_index(drop=True)


def owned_attainment(
    observations: pd.DataFrame, plan: Plan, units: pd.DataFrame, **options: Any
) -> pd.DataFrame:
    """Attainment of the owned targets, each on its owner's reports only.

    Parameters
    ----------
    observations : DataFrame
        The observations table.
    plan : Plan
        A loaded plan.
    units : DataFrame
        A unit registry.
    **options
        Passed to :func:`~childlabour_metrics.analysis.attainment.attainment_table` (``year``,
        ``target_year``); ``level`` is not allowed (owners are not rolled up).

    Returns
    -------
    DataFrame
        The attainment columns plus ``owner``: one row per owner unit,
        period and owned target it reported on.  Unowned targets are left
        to :func:`~childlabour_metrics.attainment`.

    Examples
    --------
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["40", "40-LD"],
    ...     "name": ["Tỉnh Nghệ An", "Sở LĐTBXH"], "level": ["province", "department"],
    ...     "parent_code": ["", "40"], "kind": ["", "labour"]}))
    >>> obs = pd.DataFrame({"unit_code": ["40-LD", "40"], "period": ["2021", "2021"],
    ...     "indicator": ["CL01", "CL01"], "numerator": [3, 50], "denominator": [100, 100]})
    >>> att = owned_attainment(obs, load_plan("nghe-an-2021"), units)
    >>> att[["ref", "unit_code", "value", "status"]]
      ref unit_code  value     status
    0  D1     40-LD    3.0  no_target
    """
    frames = _per_owner(attainment_table, observations, plan, units, options)
    if not frames:
        empty = pd.DataFrame(columns=[*ATTAINMENT_COLUMNS, "owner"])
        return empty.astype({"unit_code": "str", "period": "str", "ref": "str", "owner": "str"})
    return pd.concat(frames, ignore_index=True).reset_index(drop=True)


def owned_progress(
    observations: pd.DataFrame, plan: Plan, units: pd.DataFrame, **options: Any
) -> pd.DataFrame:
    """Progress toward the owned targets, each on its owner's reports only.

    Parameters
    ----------
    observations, plan, units
        As :func:`owned_attainment`.
    **options
        Passed to :func:`~childlabour_metrics.analysis.progress.progress_table` (``method``,
        ``base_year``, ``target_year``); ``level`` is not allowed.

    Returns
    -------
    DataFrame
        The progress columns plus ``owner``: one row per owner unit and
        owned target.

    Examples
    --------
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["40", "40-LD"],
    ...     "name": ["Tỉnh Nghệ An", "Sở LĐTBXH"], "level": ["province", "department"],
    ...     "parent_code": ["", "40"], "kind": ["", "labour"]}))
    >>> obs = pd.DataFrame({"unit_code": ["40-LD", "40"], "period": ["2021", "2021"],
    ...     "indicator": ["CL01", "CL01"], "numerator": [3, 50], "denominator": [100, 100]})
    >>> owned_progress(obs, load_plan("nghe-an-2021"), units)[["ref", "unit_code", "latest_value"]]
      ref unit_code  latest_value
    0  D1     40-LD           3.0
    """
    frames = _per_owner(progress_table, observations, plan, units, options)
    if not frames:
        return progress_table(observations.iloc[:0], plan, **options).assign(
            owner=pd.Series(dtype="str"))
    return pd.concat(frames, ignore_index=True).reset_index(drop=True)


def _per_owner(
    core: Callable[..., pd.DataFrame], observations: pd.DataFrame, plan: Plan,
    units: pd.DataFrame, options: dict[str, Any],
) -> list[pd.DataFrame]:
    """``core`` (attainment's or progress's) once per owner, with an ``owner`` column.

    Each owner is judged on its own units' rows and on the targets it owns
    only.  The one loop of :func:`owned_attainment` and :func:`owned_progress`:
    one pass per owner (a handful), never per row.  ``level`` is refused:
    owners are not rolled up.
    """
    if options.get("level") is not None:
        raise InputError("err_input_owned_level", field="level")
    frames = []
    for owner, group in owner_units(plan, units).groupby("owner", sort=True):
        targets = plan.targets[plan.targets["ref"].isin(group["ref"])]
        mine = observations[observations["unit_code"].astype("str").isin(group["unit_code"])]
        result = core(mine, dataclasses.replace(plan, targets=targets), **options)
        frames.append(result.assign(owner=owner))
    return frames


def department_summary(
    observations: pd.DataFrame, plan: Plan | str, units: Any
) -> pd.DataFrame:
    """Per department of the plan's scope: what it owns, what it reported, whether it met.

    Parameters
    ----------
    observations : DataFrame
        The observations table.
    plan : Plan or str
        A plan or a bundled plan id.
    units : DataFrame or path
        A unit registry with departments.

    Returns
    -------
    DataFrame
        One row per department in scope: ``unit_code, unit_name, kind,
        owns`` (the refs of the targets it owns, ``", "``-joined), ``n_owned,
        periods_reported`` (the periods it reported any owned indicator
        for), ``reported`` (whether it did at all), ``n_met, n_not_met,
        n_no_target`` (owned targets by their latest status), ``met_all``
        (True when every owned target with a value was met at its latest
        period; NA when it owns none with a value or has no data).

    Examples
    --------
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["40", "40-LD", "40-YT"],
    ...     "name": ["Tỉnh Nghệ An", "Sở LĐTBXH", "Sở Y tế"],
    ...     "level": ["province", "department", "department"],
    ...     "parent_code": ["", "40", "40"], "kind": ["", "labour", "health"]}))
    >>> obs = pd.DataFrame({"unit_code": ["40-LD"], "period": ["2021"],
    ...     "indicator": ["CL01"], "numerator": [3], "denominator": [100]})
    >>> department_summary(obs, "nghe-an-2021", units)[["unit_code", "owns", "reported"]]
      unit_code              owns  reported
    0     40-LD  D1, D2, D3, D4      True
    1     40-YT                     False
    """
    plan = load_plan(plan)
    units = as_registry(units)
    depts = departments(units, plan).rename(columns={"code": "unit_code", "name": "unit_name"})
    pairs = owner_units(plan, units)
    owns = pairs.groupby("unit_code")["ref"].agg(lambda r: ", ".join(_by_ref(r)))
    n_owned = pairs.groupby("unit_code")["ref"].nunique()
    # What it reported: any usable row of the department, owned indicator or not.
    used = observations.assign(unit_code=observations["unit_code"].astype("str"))
    used = used[used["unit_code"].isin(depts["unit_code"])]
    if "status" in used.columns:
        used = used[used["status"].astype("str").isin(["ok", "warning"]) | used["status"].isna()]
    periods = used.groupby("unit_code")["period"].agg(
        lambda p: ", ".join(sorted(set(p), key=_period_key))
    )
    att = owned_attainment(observations, plan, units)
    latest = _latest_status(att)
    counts = pd.crosstab(latest["unit_code"], latest["status"])
    out = depts[["unit_code", "unit_name", "kind"]].copy()
    out["owns"] = out["unit_code"].map(owns).fillna("").astype("str")
    out["n_owned"] = out["unit_code"].map(n_owned).fillna(0).astype("Int64")
    out["periods_reported"] = out["unit_code"].map(periods).fillna("").astype("str")
    out["reported"] = (out["periods_reported"] != "").astype("boolean")
    for status in ("met", "not_met", "no_target"):
        col = counts[status] if status in counts.columns else pd.Series(dtype="int64")
        out[f"n_{status}"] = out["unit_code"].map(col).fillna(0).astype("Int64")
    judged = out["n_met"] + out["n_not_met"]
    met_all = pd.array([pd.NA] * len(out), dtype="boolean")
    has = (judged > 0).to_numpy(dtype=bool)
    met_all[has] = (out["n_not_met"] == 0).to_numpy(dtype=bool)[has]
    out["met_all"] = met_all
    out["kind"] = out["kind"].astype("str")
    return out[SUMMARY_COLUMNS].sort_values("unit_code").reset_index(drop=True)


def department_report(
    observations: pd.DataFrame, plan: Plan, units: pd.DataFrame | None
) -> pd.DataFrame | None:
    """The report's departments table, or None when the report has no departments section.

    The section exists when the plan has owned targets or the registry has
    departments (and there is a registry to find them in).

    Examples
    --------
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["30"], "name": ["Tỉnh Hải Dương"],
    ...     "level": ["province"], "parent_code": [""]}))
    >>> obs = pd.DataFrame({"unit_code": ["30"], "period": ["2024"], "indicator": ["CL01"],
    ...     "numerator": [1], "denominator": [100]})
    >>> department_report(obs, load_plan("hai-duong-2021"), units) is None
    True
    >>> department_report(obs, load_plan("nghe-an-2021"), units).empty
    True
    """
    if units is None or not (has_owned_targets(plan) or not departments(units).empty):
        return None
    return department_summary(observations, plan, units)


def _by_ref(refs: pd.Series) -> list[str]:
    # "D2" before "D10": the letter, then the number.
    return sorted(set(refs), key=lambda r: (r.rstrip("0123456789"), len(r), r))


def _latest_status(att: pd.DataFrame) -> pd.DataFrame:
    """Per owner unit and target, the status at the latest period it reported."""
    if att.empty:
        return pd.DataFrame({"unit_code": pd.Series(dtype="str"),
                             "status": pd.Series(dtype="str")})
    ordered = att.assign(_k=att["period"].map(_period_key)).sort_values(["unit_code", "ref", "_k"])
    return ordered.groupby(["unit_code", "ref"], sort=False).tail(1)[["unit_code", "status"]]



def _period_key(period: str) -> str:
    # 2021H1 < 2021H2 < 2021 (the year's report closes the year).
    return period[:4] + {"H1": "1", "H2": "2"}.get(period[4:], "9")
