"""Vietnam's official administrative units before and after 1 July 2025, and the crosswalk.

:func:`official_units` is the registry (GSO codes as text) of both maps: before
1 July 2025, 63 provinces, 696 districts and 10,035 communes; from 1 July
2025, 34 provinces and 3,321 communes (no districts).  Codes are reused across
the date (Hải Phòng keeps 31; new Xã Đường An takes old Xã Tân Hồng's 10972),
so a unit is a code *and* its validity: rows may share a code with validity
periods that do not overlap.  :func:`official_crosswalk` maps each old
province, each old commune (and the five island districts that had no
communes and became special zones) to the unit(s) it went into, with the
share of it that each one took.

Where the data come from, and why they are shipped rather than imported:
the ``vietnamadminunits`` package (MIT, version and date in
``data/official/provenance.csv``) holds both lists and the old → new mapping,
but importing it pulls shapely and geopy, and its data sit in SQLite and
JSON keyed by folded names.  ``scripts/build_official_units.py`` turns them
into two compact CSVs (about 1 MB) with the codes as keys; the 2025 list was
cross-checked against ``vietnam-provinces`` (the build script prints the
differences; ``data/official/README.md`` records them).

Weights of divided communes (471 old communes went into 2–5 new ones): the
package records, for each part, the new commune it went to, the area of that
new commune and which one is the *default* successor, but not the area of the
part itself.  ``basis="area"`` (the default) shares an old commune between its
successors in proportion to the successors' areas: the only quantity the
data give for every part, and it shares counts among all the communes that
received a part, which is what a series across the date needs (the default
successor alone would give the other parts nothing).  It is an approximation,
and every count that went through a divided commune is marked
``approximate``.  ``basis="default"`` gives the whole old commune to its
default successor (weight 1, the other parts 0).
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from ..language.errors import InputError, choices
from ._resources import data_file
from .units import load_units, valid_on

__all__ = ["REFORM_DATE", "official_crosswalk", "official_units"]

#: The day the 2025 map took effect (Resolutions 202/2025/QH15 and the
#: Standing Committee's resolutions on communes).
REFORM_DATE = pd.Timestamp("2025-07-01")


@functools.cache
def _registry() -> pd.DataFrame:
    with data_file("official/units.csv").open("r", encoding="utf-8") as fh:
        raw = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return load_units(raw)


def official_units(on: Any = None) -> pd.DataFrame:
    """The official unit registry, both sides of 1 July 2025, in the ``load_units`` format.

    Parameters
    ----------
    on : date-like, optional
        Keep only the units valid that day.  Default: every row of both maps
        (rows may then share a code: the old and the new Hải Phòng are both
        ``31``, told apart by ``valid_from``/``valid_to``).

    Returns
    -------
    DataFrame
        ``code, name, level, parent_code, valid_from, valid_to``; a country
        row ``VN`` on top.  Units of the old map have a blank ``valid_from``
        (their start dates are not in the source) and end on 2025-06-30;
        units of the new map begin on 2025-07-01.

    Examples
    --------
    >>> new = official_units(on="2026-01-01")
    >>> new["level"].value_counts().to_dict()
    {'commune': 3321, 'province': 34, 'country': 1}
    >>> old = official_units(on="2025-06-30")
    >>> old["level"].value_counts().to_dict()
    {'commune': 10035, 'district': 696, 'province': 63, 'country': 1}
    >>> old.loc[old["code"] == "07624", "name"].item()
    'Xã Hữu Sản'
    """
    units = _registry()
    if on is not None:
        day = pd.to_datetime(on, errors="coerce", format="ISO8601") if isinstance(on, str) else on
        if day is None or pd.isna(day):
            raise InputError("err_input_bad_day", field="on", value=repr(on))
        units = valid_on(units, pd.Timestamp(day))
    return units.reset_index(drop=True).copy()


@functools.cache
def _crosswalk_table() -> pd.DataFrame:
    with data_file("official/crosswalk.csv").open("r", encoding="utf-8") as fh:
        raw = pd.read_csv(fh, dtype=str, keep_default_na=False)
    raw["effective_date"] = pd.to_datetime(raw["effective_date"], format="ISO8601").astype(
        "datetime64[ns]"
    )
    raw["new_area_km2"] = pd.to_numeric(raw["new_area_km2"], errors="coerce").astype("Float64")
    raw["default_successor"] = raw["default_successor"] == "1"
    return raw


def official_crosswalk(basis: str = "area", level: str | None = None) -> pd.DataFrame:
    """The official old → new crosswalk of 1 July 2025, with weights.

    Parameters
    ----------
    basis : {"area", "default"}
        How an old commune divided between several new ones is shared:
        ``"area"`` in proportion to the successors' areas, ``"default"`` all
        to the default successor (see the module notes).  Whole units have
        weight 1 either way.
    level : {"province", "district", "commune"}, optional
        Keep the rows of one level of the old unit.  Default: all.

    Returns
    -------
    DataFrame
        ``old_code, new_code, effective_date, weight, level, old_name,
        new_name, basis, divided`` (``divided``: the old unit went to several
        new ones).  Weights of each old unit sum to 1.

    Examples
    --------
    >>> cw = official_crosswalk()
    >>> cw.query("old_code == '10972'")[["new_code", "new_name", "weight"]].round(3)
         new_code        new_name  weight
    ...     10972      Xã Đường An   0.515
    ...     10993  Xã Thượng Hồng   0.485
    >>> sorted(cw.query("new_code == '07621' and level == 'commune'")["old_code"])
    ['07621', '07624']
    """
    if basis not in {"area", "default"}:
        raise InputError("err_input_bad_basis", field="basis", value=repr(basis),
                         allowed=choices(("area", "default")))
    raw = _crosswalk_table()
    if level is not None:
        raw = raw[raw["level"] == level]
    parts = raw.groupby("old_code")["new_code"].transform("size")
    if basis == "area":
        area = raw["new_area_km2"].astype("float64")
        weight = area / area.groupby(raw["old_code"]).transform("sum")
        # a part without an area (none in the 2025 data) falls back to the default successor
        no_area = weight.isna().groupby(raw["old_code"]).transform("any")
        weight = weight.mask(no_area, raw["default_successor"].astype("float64"))
        weight = weight.where(parts > 1, 1.0)
    else:
        weight = raw["default_successor"].astype("float64")
    out = pd.DataFrame(
        {
            "old_code": raw["old_code"],
            "new_code": raw["new_code"],
            "effective_date": raw["effective_date"],
            "weight": weight.astype("float64"),
            "level": raw["level"],
            "old_name": raw["old_name"],
            "new_name": raw["new_name"],
            "basis": basis if basis == "default" else "area",
            "divided": (parts > 1).to_numpy(),
        }
    )
    out["basis"] = out["basis"].where(out["divided"], "whole")
    return out.reset_index(drop=True)
