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

import pandas as pd

from .words import word

__all__ = ["DEPARTMENT", "DEPARTMENT_KINDS", "department_kinds", "departments"]

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


def departments(units: pd.DataFrame) -> pd.DataFrame:
    """The rows of a registry that are departments (with a ``kind`` column, NA when unknown).

    Examples
    --------
    >>> from childlabour_metrics.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["40", "40-LD"],
    ...     "name": ["Tỉnh Nghệ An", "Sở LĐTBXH"], "level": ["province", "department"],
    ...     "parent_code": ["", "40"], "kind": ["", "labour"]}))
    >>> departments(units)[["code", "kind"]].values.tolist()
    [['40-LD', 'labour']]
    """
    out = units[units["level"] == DEPARTMENT].copy()
    if "kind" not in out.columns:
        out["kind"] = pd.Series(pd.NA, index=out.index, dtype="str")
    return out.reset_index(drop=True)
