"""The public attainment and progress: plan and registry normalised once, owned targets dispatched.

:func:`attainment` and :func:`progress` are the doors users call with a plan
id, a path or a :class:`~childlabour_metrics.reference.plans.Plan`, and a
registry or its path.  They turn these into a loaded plan and registry once,
split a plan whose targets name owners (:mod:`~childlabour_metrics.analysis.owners`),
and call the cores (:func:`~childlabour_metrics.analysis.attainment.attainment_table`,
:func:`~childlabour_metrics.analysis.progress.progress_table`), which take
loaded objects only and never call back up here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from ..language.errors import InputError, choices
from ..reference.plans import Plan, load_plan
from ..reference.units import as_registry
from .attainment import attainment_table
from .owners import has_owned_targets, in_plan_order, owned_attainment, owned_progress, split_owned
from .progress import METHODS, progress_table

__all__ = ["assess", "attainment", "judge", "progress"]


def _dispatched(
    plan: Plan,
    units: pd.DataFrame | None,
    whole: Callable[[Plan], pd.DataFrame],
    owned: Callable[[Plan, pd.DataFrame], pd.DataFrame],
) -> pd.DataFrame:
    """The one dispatch of :func:`judge` and :func:`assess`: ``whole`` on the unowned
    targets, ``owned`` on the owned ones (each on its owner's reports), in the plan's order.

    Without a registry, or without owned targets, ``whole`` takes the plan as it is.
    """
    if units is None or not has_owned_targets(plan):
        return whole(plan)
    unowned, mine = split_owned(plan)
    return _combined(plan, whole(unowned), owned(mine, units))


def _combined(plan: Plan, rest: pd.DataFrame, mine: pd.DataFrame) -> pd.DataFrame:
    """One table of the unowned targets' rows and the owned ones', in the plan's order.

    ``mine`` (the owners' rows) loses its ``owner`` column: the result has
    ``rest``'s columns.
    """
    mine = mine.drop(columns="owner")
    parts = [p for p in (rest, mine) if not p.empty]
    if not parts:
        return rest
    return in_plan_order(pd.concat(parts, ignore_index=True)[list(rest.columns)], plan)


def attainment(
    observations: pd.DataFrame,
    plan: Plan | str | Path,
    year: int | None = None,
    *,
    target_year: int | None = None,
    units: pd.DataFrame | str | Path | None = None,
    level: str | None = None,
    mapping: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Compare each unit's value in each period with each of a plan's targets.

    Parameters
    ----------
    observations : DataFrame
        The observations table.
    plan : Plan, str or path
        A plan, a bundled plan id or a plan file.
    year : int, optional
        Keep only periods of this year (both halves and the year).
    target_year : int, optional
        Keep only targets for this year (e.g. 2025 or 2030).
    units : DataFrame or path, optional
        A unit registry.  With it, only units in the plan's scope (its scope
        unit and the units below) are compared: a commune of another province
        is not assessed against this province's plan; and a target that
        names its owner (``owner =`` in the plan) is judged on its owner
        units' own reports only.
    level : str, optional
        With ``units``, counts are first rolled up to ``level`` (see
        :func:`~childlabour_metrics.aggregate`) and units at that level are
        compared (owned targets are never rolled up).
    mapping : DataFrame, optional
        A crosswalk (:func:`~childlabour_metrics.official_crosswalk`): the
        plan's scope unit gets its periods from before it existed from its
        predecessors (:func:`~childlabour_metrics.reference.crosswalk.with_predecessors`).

    Returns
    -------
    DataFrame
        One row per unit, period and target for which the unit reported at
        least one of the target's indicators: ``unit_code, period, label,
        indicators, target_year, direction, value, operator, target, met``
        (True, False or NA: the value against the target), ``status``
        (``met``, ``not_met``; ``on_track``, ``not_yet`` where the period is
        before the target's year, or its first half; ``incomplete`` where a
        target on several indicators lacks one; ``no_data``,
        ``no_target``), ``gap_pp`` (signed distance in percentage points,
        positive when the value is beyond the target in the good direction),
        ``pct_of_target`` (100 × value / target when higher is better,
        100 × target / value when lower is better), ``numerator,
        denominator, reason``; with ``mapping``, ``crosswalked`` (the row was
        built from the unit's predecessors) and ``approximate`` (a divided
        unit's share is in it).  A target on several indicators uses the sum
        of their numerators over the sum of their denominators.

    Examples
    --------
    >>> obs = pd.DataFrame({"unit_code": ["x", "x"], "period": ["2025", "2025"],
    ...     "indicator": ["CL01", "CL12"], "numerator": [1, 45], "denominator": [100, 50]})
    >>> att = attainment(obs, "hai-duong-2021", target_year=2025)
    >>> att[["ref", "value", "operator", "target", "met", "gap_pp"]]
       ref  value operator  target    met  gap_pp
    0    A1    1.0       <=     1.0  True     0.0
    1   A10   90.0       >=    95.0  False   -5.0

    A department owns a target of Nghệ An's plan: it is judged on the
    department's own report, not on the province's.

    >>> import childlabour_metrics as clm
    >>> units = clm.load_units(pd.DataFrame({"code": ["40", "40-LD"],
    ...     "name": ["Tỉnh Nghệ An", "Sở LĐTBXH"], "level": ["province", "department"],
    ...     "parent_code": ["", "40"], "kind": ["", "labour"]}))
    >>> obs = pd.DataFrame({"unit_code": ["40-LD", "40"], "period": ["2021", "2021"],
    ...     "indicator": ["CL01", "CL01"], "numerator": [3, 50], "denominator": [100, 100]})
    >>> attainment(obs, "nghe-an-2021", units=units)[["ref", "unit_code", "value"]]
      ref unit_code  value
    0  D1     40-LD    3.0
    """
    return judge(observations, load_plan(plan), year, target_year=target_year,
                 units=as_registry(units), level=level, mapping=mapping)


def judge(
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
    """:func:`attainment` on a loaded plan and registry: owned targets dispatched, no loading.

    What the analysis layer calls once it has normalised its arguments
    (:func:`~childlabour_metrics.analysis.report_data.analyse` does).

    Parameters
    ----------
    plan : Plan
        A loaded plan.
    units : DataFrame, optional
        A loaded registry.
    observations, year, target_year, level, mapping
        As :func:`attainment`.
    checked : bool
        ``observations`` is a table :func:`~childlabour_metrics.check_observations`
        returned: the cores do not check it again.

    Returns
    -------
    DataFrame
        The table :func:`attainment` returns.
    """
    def whole(part: Plan) -> pd.DataFrame:
        return attainment_table(observations, part, year, target_year=target_year,
                                units=units, level=level, mapping=mapping, checked=checked)

    def owned(part: Plan, registry: pd.DataFrame) -> pd.DataFrame:
        return owned_attainment(observations, part, registry, year=year,
                                target_year=target_year, checked=checked)

    return _dispatched(plan, units, whole, owned)


def progress(
    observations: pd.DataFrame,
    plan: Plan | str | Path,
    *,
    method: str = "sdg",
    level: str | None = None,
    units: pd.DataFrame | str | Path | None = None,
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
    plan : Plan, str or path
        A plan, a bundled plan id or a plan file.
    method : {"sdg", "trajectory"}
        See :func:`~childlabour_metrics.assess_series`.
    level : str, optional
        Keep only units at this level (needs ``units``): counts are first
        rolled up to that level by :func:`~childlabour_metrics.aggregate`.
    units : DataFrame or path, optional
        Unit registry (:func:`~childlabour_metrics.load_units`).  With it,
        only units in the plan's scope are assessed, and owned targets on
        their owners' reports only.
    base_year : int, optional
        Base year of every series; default the plan's start year (or the
        first later year with data).
    target_year : int, optional
        Keep only the targets due in this year.
    mapping : DataFrame, optional
        A crosswalk (:func:`~childlabour_metrics.official_crosswalk`): the
        plan's scope unit gets its periods from before it existed from its
        predecessors; the default base year is then the year before the plan
        starts (its baseline).

    Returns
    -------
    DataFrame
        One row per unit and target; the columns of
        :func:`~childlabour_metrics.analysis.progress.progress_table`.

    Examples
    --------
    >>> obs = pd.DataFrame({"unit_code": ["a", "a"], "period": ["2021", "2023"],
    ...     "indicator": ["CL01", "CL01"], "numerator": [4, 2], "denominator": [100, 100]})
    >>> progress(obs, "hai-duong-2021", target_year=2025)[["unit_code", "ref", "status"]].head(1)
      unit_code ref                status
    0         a  A1  substantial_progress
    """
    if method not in METHODS:
        raise InputError("err_input_bad_method", field="method", value=repr(method),
                         allowed=choices(METHODS))
    return assess(observations, load_plan(plan), method=method, level=level,
                  units=as_registry(units), base_year=base_year, target_year=target_year,
                  mapping=mapping)


def assess(
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
    """:func:`progress` on a loaded plan and registry: owned targets dispatched, no loading.

    Parameters
    ----------
    plan : Plan
        A loaded plan.
    units : DataFrame, optional
        A loaded registry.
    observations, method, level, base_year, target_year, mapping
        As :func:`progress`.
    checked : bool
        As :func:`judge`.

    Returns
    -------
    DataFrame
        The table :func:`progress` returns.
    """
    options: dict[str, Any] = {"method": method, "base_year": base_year,
                               "target_year": target_year, "checked": checked}

    def whole(part: Plan) -> pd.DataFrame:
        return progress_table(observations, part, level=level, units=units, mapping=mapping,
                              **options)

    def owned(part: Plan, registry: pd.DataFrame) -> pd.DataFrame:
        return owned_progress(observations, part, registry, **options)

    return _dispatched(plan, units, whole, owned)
