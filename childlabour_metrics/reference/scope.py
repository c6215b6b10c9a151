"""What a plan covers in a registry: the one scope rule, and the departments in it.

A plan covers its scope unit and every unit below it (:func:`scope_codes`);
attainment, progress, the reader's plan rules, completeness and the
departments' tables all ask this module, never a rule of their own.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..language.words import word
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
    units: pd.DataFrame, scope_code: str | None, on: dt.date | None = None
) -> set[str]:
    """The codes of the units a plan covers: its scope unit and every unit below it.

    The one scope rule of the library (attainment, progress, the reader's plan
    rules and completeness all ask it).  A unit is in scope when the scope code
    is the unit itself or one of its ancestors by ``parent_code``; the scope
    code may be a parent the registry names without a row of its own.  With no
    scope code (a national plan), or one the registry does not mention at all,
    there is no ground to leave a unit out: every unit is in scope.

    Parameters
    ----------
    units : DataFrame
        A unit registry (:func:`load_units`).
    scope_code : str or None
        The plan's scope unit (``Plan.scope_code``); None for the whole registry.
    on : datetime.date, optional
        Keep only the units that existed on that day (:func:`valid_on`).

    Returns
    -------
    set of str

    Examples
    --------
    >>> from childlabour_metrics.reference.units import sample_units
    >>> scope = scope_codes(sample_units(), "30")
    >>> "10507" in scope, "07621" in scope, "30" in scope
    (True, False, True)
    >>> scope_codes(sample_units(), "99") == set(sample_units()["code"])
    True
    """
    if on is not None:
        units = valid_on(units, on)
    codes = units["code"].astype("str")
    parents = units["parent_code"]
    mentioned = scope_code is not None and (
        (codes == scope_code).any() or (parents == scope_code).any()
    )
    if not mentioned:
        return set(codes)
    # A code may have several rows (codes are reused across 1 July 2025: old
    # Thị trấn Nam Sách 10606 under district 291, new Xã Nam Sách 10606 under
    # Hải Phòng 31): every (code, parent) edge counts, not one parent per code.
    # Go down one level per pass, every unit at once; a registry is a few levels
    # deep, and the pass count is capped so that a cycle cannot loop forever.
    edges = pd.DataFrame({"code": codes.to_numpy(), "parent": parents.to_numpy()})
    found: set[str] = {str(scope_code)} & set(codes)
    frontier: set[str] = {str(scope_code)}
    for _ in range(len(LEVELS) + 8):
        below = set(edges.loc[edges["parent"].isin(frontier), "code"]) - found
        if not below:
            break
        found |= below
        frontier = below
    return found


def plan_scope(plan: Plan, units: pd.DataFrame) -> set[str]:
    """Codes of the units a plan covers: :func:`~childlabour_metrics.reference.scope.scope_codes`.

    When the registry does not mention the plan's scope unit, every unit counts.

    Examples
    --------
    >>> from childlabour_metrics.reference.units import sample_units
    >>> from childlabour_metrics.reference.plans import load_plan
    >>> scope = plan_scope(load_plan("hai-duong-2021"), sample_units())
    >>> "10507" in scope, "07621" in scope
    (True, False)
    """
    # The one scope rule; a national plan leaves no unit out.
    return scope_codes(units, None if plan.scope_level == "country" else plan.scope_code)


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
