"""How many decimals a value needs so that what is shown never contradicts its verdict.

Against "≤ 1 %", 1.006 % and 0.993 % both round to "1,0": one is not met, the
other met, and a reader sees the target figure under both verdicts.  Every
output (heatmap, bars, Excel number formats, HTML) asks :func:`decimals` how
many digits to show, so the displayed figure is never the target unless the
value is the target, and always lies on the value's side of it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["BASE_DECIMALS", "MOST_DECIMALS", "STATUS_ORDER", "decimals",
           "excel_percent_format", "verdict"]

#: Attainment statuses as shown, best first: ``on_track`` and ``not_yet`` are a
#: target judged before its year (a 2030 target on 2025 data is not "not met").
STATUS_ORDER: tuple[str, ...] = ("met", "on_track", "not_yet", "not_met", "no_data",
                                 "no_target")

#: Decimals shown by default (percentages as the plans write them).
BASE_DECIMALS = 1
#: Decimals never exceeded: beyond this the difference is noise of the counts.
MOST_DECIMALS = 4


def decimals(values: Any, targets: Any = None, base: int = BASE_DECIMALS,
             most: int = MOST_DECIMALS) -> np.ndarray:
    """The fewest decimals (at least ``base``) that keep each value on its side of the target.

    Parameters
    ----------
    values : array-like of float
        The values as shown (e.g. percent).
    targets : array-like of float or float, optional
        The target each value is judged against, in the same unit; NaN or
        None where there is none.
    base, most : int
        The least and the most decimals.

    Returns
    -------
    numpy.ndarray of int
        One count per value.

    Examples
    --------
    >>> decimals([1.006, 0.993, 0.5, 1.0], 1.0).tolist()
    [2, 2, 1, 1]
    >>> decimals([95.04, 94.96], [95.0, 95.0]).tolist()
    [2, 2]
    >>> decimals([3.0, float("nan")]).tolist()
    [1, 1]
    """
    v = np.atleast_1d(np.asarray(values, dtype=float))
    t = np.broadcast_to(np.asarray(np.nan if targets is None else targets, dtype=float),
                        v.shape)
    out = np.full(v.shape, base, dtype=int)
    todo = np.isfinite(v) & np.isfinite(t) & (v != t)
    side = np.sign(v - t)
    # A loop over digit counts (at most a handful), never over values.
    for k in range(base, most + 1):
        shown = np.round(v, k)
        fine = (shown != t) & (np.sign(shown - t) == side)
        out[todo & fine] = k
        todo &= ~fine
        if not todo.any():
            break
    out[todo] = most
    return out


def excel_percent_format(n: int) -> str:
    """Excel number format of a fraction shown as percent with ``n`` decimals.

    Examples
    --------
    >>> excel_percent_format(1), excel_percent_format(0)
    ('0.0%', '0%')
    """
    return "0" + ("." + "0" * n if n > 0 else "") + "%"


def verdict(status: pd.Series, period: pd.Series, target_year: pd.Series) -> pd.Series:
    """The status to show: a target judged on data from before its year is not yet due.

    Parameters
    ----------
    status : Series of str
        Attainment status (``met``, ``not_met``, ``no_data``, ``no_target``).
    period : Series of str
        The period the value is for (``2025``, ``2025H1``).
    target_year : Series of int
        The year the target is due.

    Returns
    -------
    Series of str
        ``met`` becomes ``on_track`` and ``not_met`` becomes ``not_yet``
        where the period is before the target year; other rows unchanged.

    Examples
    --------
    >>> verdict(pd.Series(["met", "not_met", "not_met"]), pd.Series(["2025", "2025H1", "2030"]),
    ...         pd.Series([2030, 2030, 2030])).tolist()
    ['on_track', 'not_yet', 'not_met']
    """
    year = pd.to_numeric(period.astype("str").str[:4], errors="coerce")
    due = pd.to_numeric(target_year, errors="coerce")
    ahead = pd.Series((year < due).fillna(False).to_numpy(bool), index=status.index)
    shown = status.astype("str")
    shown = shown.mask(ahead & (shown == "met"), "on_track")
    return shown.mask(ahead & (shown == "not_met"), "not_yet")
