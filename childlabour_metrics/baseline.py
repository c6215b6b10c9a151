"""A plan's earlier periods from its scope unit's predecessors (baselines across 2025).

A plan for a unit formed on 1 July 2025 (new Xã Vân Sơn, 07621, plan
``van-son-2026``) needs figures from before the unit existed: its 2025
baseline.  Those are the sums of its predecessors' counts (old Xã Vân Sơn
07621 and Xã Hữu Sản 07624), taken through a crosswalk by
:func:`~childlabour_metrics.crosswalk.predecessor_series`.  The rows made
this way say so: ``crosswalked`` is True, and ``approximate`` is True where a
divided commune's share is in them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .crosswalk import predecessor_series

__all__ = ["with_predecessors"]

_KEY = ["unit_code", "period", "indicator"]


def with_predecessors(observations: pd.DataFrame, scope_code: str,
                      mapping: pd.DataFrame | None) -> pd.DataFrame:
    """The observations with the scope unit's earlier periods built from its predecessors.

    Parameters
    ----------
    observations : DataFrame
        Usable observations (``unit_code, period, indicator, numerator,
        denominator``) of any units, the predecessors' included.
    scope_code : str
        The plan's scope unit.
    mapping : DataFrame or None
        A crosswalk (:func:`~childlabour_metrics.official_crosswalk`); None
        leaves the observations as they are (with the two flag columns).

    Returns
    -------
    DataFrame
        The observations plus ``crosswalked`` and ``approximate`` (bool).
        For each period the crosswalk reads on the old map (one that began
        before the step, so the year 2025 too), the scope unit's rows are
        replaced by one row per indicator summed over its predecessors,
        flagged ``crosswalked``.  A reused code's own old rows (old Vân Sơn
        kept 07621) are inside that sum, never counted twice.

    Examples
    --------
    >>> obs = pd.DataFrame({"unit_code": ["07621", "07624", "07621"],
    ...     "period": ["2025", "2025", "2026"], "indicator": ["CL01"] * 3,
    ...     "numerator": [4, 2, 5], "denominator": [300, 100, 410]})
    >>> m = pd.DataFrame({"old_code": ["07621", "07624"], "new_code": ["07621", "07621"],
    ...     "effective_date": ["2025-07-01"] * 2})
    >>> out = with_predecessors(obs, "07621", m)
    >>> out[out["unit_code"] == "07621"][["period", "numerator", "denominator", "crosswalked"]]
      period  numerator  denominator  crosswalked
    1   2026          5          410        False
    2   2025          6          400         True
    """
    out = observations.assign(crosswalked=False, approximate=False)
    if mapping is None or out.empty:
        return out
    series = predecessor_series(out[[*_KEY, "numerator", "denominator"]], scope_code, mapping)
    built = series[series["crosswalked"].astype(bool)]
    if built.empty:
        return out
    # the scope code's own rows in those periods are already in the sums
    periods = set(built["period"])
    own: Any = (out["unit_code"] == scope_code) & out["period"].isin(periods)
    rows = pd.DataFrame({
        "unit_code": built["unit_code"].astype("str"), "period": built["period"].astype("str"),
        "indicator": built["indicator"].astype("str"),
        "numerator": built["numerator"], "denominator": built["denominator"],
        "crosswalked": True, "approximate": built["approximate"].astype(bool),
    })
    kept = out[~own].reset_index(drop=True)
    return pd.concat([kept, rows], ignore_index=True)
