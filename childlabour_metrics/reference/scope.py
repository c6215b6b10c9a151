"""What a plan covers in a registry: the one scope rule, and the departments in it.

A plan covers its scope unit and every unit below it (:func:`scope_codes`);
attainment, progress, the reader's plan rules, completeness and the
departments' tables all ask this module, never a rule of their own.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..language.words import word
from .crosswalk import successors
from .plans import Plan
from .units import DEPARTMENT, DEPARTMENT_KINDS, LEVELS, valid_on

__all__ = ["department_kinds", "departments", "plan_scope", "scope_codes", "subtree"]

def subtree(units: pd.DataFrame, code: str) -> set[str]:
    """The codes of a unit and of every unit below it.

    A plan covers its scope unit's subtree; units elsewhere in a registry are
    not assessed against it.

    Examples
    --------
    >>> from childlabour_metrics.reference.units import sample_units
    >>> sorted(subtree(sample_units(), "288"))
    ['10507', '10540', '10543', '288']
    """
    children: dict[str, list[str]] = {}
    for child, parent in zip(units["code"], units["parent_code"], strict=True):
        if isinstance(parent, str):
            children.setdefault(parent, []).append(child)
    found: set[str] = set()
    stack = [code] if code in set(units["code"]) or code in children else []
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(children.get(node, ()))
    return found


def scope_codes(
    units: pd.DataFrame, scope_code: str | None, on: Any = None,
    crosswalk: pd.DataFrame | None = None,
) -> set[str]:
    """The codes of the units a plan covers: its scope unit and every unit below it,
    and, once the scope unit is gone, the units that hold its territory.

    The one scope rule of the library (attainment, progress, the reader's plan
    rules and completeness all ask it).  A unit is in scope when the scope code
    is the unit itself or one of its ancestors by ``parent_code``; the scope
    code may be a parent the registry names without a row of its own.  With no
    scope code (a national plan), or one the registry does not mention at all,
    there is no ground to leave a unit out: every unit is in scope.

    A plan follows its territory when its unit is reorganised: after Tỉnh Hải
    Dương (30) was merged into Hải Phòng on 1 July 2025, Hải Dương's plan
    covers the communes that now hold Hải Dương's territory, not the whole new
    city.  Those are the units the crosswalk maps the scope unit's finest
    units to (the units of its subtree on its last day with none below them),
    among the registry's units.

    Parameters
    ----------
    units : DataFrame
        A unit registry (:func:`load_units`).
    scope_code : str or None
        The plan's scope unit (``Plan.scope_code``); None for the whole registry.
    on : date-like, optional
        The scope on that day: the scope unit's subtree among the units that
        existed then (:func:`valid_on`), or, when the scope unit no longer
        existed, the units valid that day that hold its territory.  Default:
        every unit the plan ever covers (the subtree in every period, and the
        successors of its territory).
    crosswalk : DataFrame, optional
        The crosswalk that says where a dissolved unit's territory went
        (``old_code, new_code, effective_date``); default the official one
        (:func:`~childlabour_metrics.official_crosswalk`).

    Returns
    -------
    set of str

    Examples
    --------
    >>> import datetime as dt
    >>> from childlabour_metrics.reference.units import sample_units
    >>> units = sample_units()
    >>> scope = scope_codes(units, "30")
    >>> "10507" in scope, "07621" in scope, "30" in scope
    (True, False, True)
    >>> scope_codes(units, "99") == set(units["code"])
    True

    In December 2025 Hải Dương is gone: its territory is held by Hải Phòng's
    new communes that took its communes, Xã Gia Phúc (11050) among them.

    >>> later = scope_codes(units, "30", on=dt.date(2025, 12, 15))
    >>> len(later), "11050" in later, "10654" in later, "31" in later
    (33, True, False, False)
    """
    codes = units["code"].astype("str")
    parents = units["parent_code"]
    mentioned = scope_code is not None and (
        (codes == scope_code).any() or (parents == scope_code).any()
    )
    if on is not None:
        day = pd.Timestamp(on)
        valid = valid_on(units, day) if _dated(units) else units
        if not mentioned:
            return set(valid["code"].astype("str"))
        found = _below(valid, str(scope_code))
        if str(scope_code) in found or not _dated(units):
            return found
        # the scope unit does not exist that day: its territory's units do
        return found | _successors(units, str(scope_code), valid, day, crosswalk)
    if not mentioned:
        return set(codes)
    found = _below(units, str(scope_code))
    if _dated(units):
        for day in _steps_after(units, str(scope_code), crosswalk):
            found |= _successors(units, str(scope_code), valid_on(units, day), day, crosswalk)
    return found


def _dated(units: pd.DataFrame) -> bool:
    return {"valid_from", "valid_to"} <= set(units.columns)


def _below(units: pd.DataFrame, scope_code: str) -> set[str]:
    """The scope code (when it has a row) and every unit below it, by ``parent_code``."""
    codes = units["code"].astype("str")
    # A code may have several rows (codes are reused across 1 July 2025: old
    # Thị trấn Nam Sách 10606 under district 291, new Xã Nam Sách 10606 under
    # Hải Phòng 31): every (code, parent) edge counts, not one parent per code.
    # Go down one level per pass, every unit at once; a registry is a few levels
    # deep, and the pass count is capped so that a cycle cannot loop forever.
    edges = pd.DataFrame({"code": codes.to_numpy(), "parent": units["parent_code"].to_numpy()})
    found: set[str] = {scope_code} & set(codes)
    frontier: set[str] = {scope_code}
    for _ in range(len(LEVELS) + 8):
        below = set(edges.loc[edges["parent"].isin(frontier), "code"]) - found
        if not below:
            break
        found |= below
        frontier = below
    return found


def _last_day(units: pd.DataFrame, scope_code: str) -> pd.Timestamp | None:
    """The last day the scope unit existed, None while it still exists (or never ends)."""
    ends = units.loc[units["code"].astype("str") == scope_code, "valid_to"]
    if ends.empty or ends.isna().any():
        return None
    return pd.Timestamp(ends.max())


def _steps_after(units: pd.DataFrame, scope_code: str,
                 crosswalk: pd.DataFrame | None) -> list[pd.Timestamp]:
    """The days the registry's units began on after the scope unit ended: the maps its
    territory went through."""
    last = _last_day(units, scope_code)
    if last is None:
        return []
    starts = units["valid_from"].dropna()
    return sorted({pd.Timestamp(d) for d in starts[starts > last].unique()})


def _successors(units: pd.DataFrame, scope_code: str, valid: pd.DataFrame, day: pd.Timestamp,
                crosswalk: pd.DataFrame | None) -> set[str]:
    """The units valid on ``day`` (rows ``valid``) that hold a dissolved scope unit's territory.

    The territory is carried by the scope unit's finest units on its last day
    (those with nothing below them: communes, or the unit itself when the
    registry knows nothing below it); the crosswalk says where each went.
    """
    last = _last_day(units, scope_code)
    if last is None or last >= day:
        return set()
    before = valid_on(units, last)
    subtree = _below(before, scope_code)
    inside = before[before["code"].astype("str").isin(subtree)]
    has_child = set(inside["parent_code"].dropna().astype("str"))
    leaves = set(inside["code"].astype("str")) - has_child
    if not leaves:
        return set()
    went = successors(leaves, since=last, on=day, mapping=crosswalk)
    return set(went["new_code"]) & set(valid["code"].astype("str"))


def plan_scope(plan: Plan, units: pd.DataFrame, on: Any = None,
               crosswalk: pd.DataFrame | None = None) -> set[str]:
    """Codes of the units a plan covers: :func:`~childlabour_metrics.reference.scope.scope_codes`.

    When the registry does not mention the plan's scope unit, every unit counts;
    a plan whose unit was reorganised follows its territory (``on``,
    ``crosswalk``: as :func:`scope_codes`).

    Examples
    --------
    >>> from childlabour_metrics.reference.units import sample_units
    >>> from childlabour_metrics.reference.plans import load_plan
    >>> scope = plan_scope(load_plan("hai-duong-2021"), sample_units())
    >>> "10507" in scope, "07621" in scope, "11050" in scope
    (True, False, True)
    """
    # The one scope rule; a national plan leaves no unit out.
    return scope_codes(units, None if plan.scope_level == "country" else plan.scope_code,
                       on=on, crosswalk=crosswalk)


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


def departments(units: pd.DataFrame, plan: Plan | None = None) -> pd.DataFrame:
    """The rows of a registry that are departments (with a ``kind`` column, NA when unknown).

    The one selection of a registry's departments (the owners of targets and
    the departments' summary use it too).

    Parameters
    ----------
    units : DataFrame
        A unit registry.
    plan : Plan, optional
        With a plan, only the departments in its scope (its scope unit and the
        units below, :func:`~childlabour_metrics.reference.scope.plan_scope`).

    Returns
    -------
    DataFrame
        The registry's department rows, a fresh index.

    Examples
    --------
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["40", "40-LD", "51", "51-LD"],
    ...     "name": ["Tỉnh Nghệ An", "Sở LĐTBXH", "Tỉnh Quảng Ngãi", "Sở LĐTBXH"],
    ...     "level": ["province", "department"] * 2, "parent_code": ["", "40", "", "51"],
    ...     "kind": ["", "labour", "", "labour"]}))
    >>> departments(units)[["code", "kind"]].values.tolist()
    [['40-LD', 'labour'], ['51-LD', 'labour']]
    >>> from childlabour_metrics.reference.plans import load_plan
    >>> departments(units, load_plan("nghe-an-2021"))["code"].tolist()
    ['40-LD']
    """
    out = units[units["level"] == DEPARTMENT]
    if plan is not None:

        out = out[out["code"].isin(plan_scope(plan, units))]
    out = out.copy()
    if "kind" not in out.columns:
        out["kind"] = pd.Series(pd.NA, index=out.index, dtype="str")
    return out.reset_index(drop=True)
