"""Outliers across units: each rate against the rates of the other units of its parent.

A cross-section is the units of one parent (the registry's parent in the
period, or the ancestor at a chosen level), of one registry level, in one
period, for one indicator.  Each rate in it gets two scores, as the WHO DQR
toolkit and DHIS2's outlier detection compute them:

* the **modified z-score** ``0.6745 (x − median) / MAD`` (Iglewicz and
  Hoaglin 1993), MAD being the median of the absolute deviations from the
  median.  When more than half the units share one rate (a commune with no
  child labourer is common), the MAD is 0; the score then uses the mean
  absolute deviation instead, ``(x − median) / (1.2533 × mean AD)`` (a
  normal's mean AD is √(2/π) σ, as its MAD is 0.6745 σ; IBM SPSS's rule).
  When both are 0 every unit has the median's rate: no score is above 0;
* the **z-score** ``(x − mean) / SD`` (SD with n − 1).

Units whose denominator is below the minimum are left out and counted;
a cross-section with fewer units than the minimum is not compared, and
:func:`outliers` says why in its sections table.  Grouped, vectorised: one
group-by per statistic over all cross-sections at once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...reference._arrays import groups
from ._base import Base, flag_frame, tally
from .options import QualityThresholds

__all__ = ["SECTION_COLUMNS", "outliers"]

#: Ratio of a normal's MAD to its SD (Φ⁻¹(0.75)).
MAD_SCALE = 0.6745
#: Ratio of a normal's SD to its mean absolute deviation (√(π/2)).
MEAN_AD_SCALE = 1.253314
#: Columns of the sections table (one row per cross-section).
SECTION_COLUMNS: list[str] = [
    "parent_code", "level", "period", "indicator", "n_units", "n_left_out", "n_compared",
    "compared", "reason", "median", "mad", "mad_zero", "mean", "sd",
]


def _by_group(values: np.ndarray, group: np.ndarray, n: int, how: str) -> np.ndarray:
    """A statistic of ``values`` per group ``0..n-1`` (NaN for a group without values)."""
    stats = getattr(pd.Series(values).groupby(group), how)()
    return stats.reindex(range(n)).to_numpy(dtype="float64", na_value=np.nan)


def outliers(base: Base, t: QualityThresholds) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Rates far from the other units' of their parent, by modified z-score and z-score.

    Parameters
    ----------
    base : Base
        The review's base.
    t : QualityThresholds
        ``modified_z``, ``z``, ``min_denominator`` and ``min_units``.

    Returns
    -------
    flags : DataFrame
        One row per rate and method beyond its threshold (a rate both methods
        flag has two rows), the farthest first, as DHIS2 orders them:
        ``value`` the rate, ``reference`` the median (``modified_z``) or mean
        (``z``) of its cross-section, ``score`` the signed score, ``n_units``
        the units compared.
    sections : DataFrame
        One row per cross-section (:data:`SECTION_COLUMNS`): units with a
        rate, left out for a small denominator, compared; ``compared`` and,
        when not, ``reason`` (``too_few_units``, or ``no_parent`` for units a
        registry lacks); its median, MAD (``mad_zero`` when the mean absolute
        deviation stood in), mean and SD.
    tally : DataFrame
        Rates compared and flagged per unit and parent.
    """
    at = np.flatnonzero(~np.isnan(base.value))
    n_levels, n_periods = len(base.level_names) + 1, len(base.period_names)
    n_indicators = len(base.indicator_names)
    key = (((base.parent[at] + 1) * n_levels + base.level[at] + 1) * n_periods
           + base.period[at]) * n_indicators + base.indicator[at]
    sections, first, back = groups(key)
    n = len(sections)
    small = base.denominator[at] < t.min_denominator
    n_units = np.bincount(back, minlength=n)
    n_left = np.bincount(back, weights=small, minlength=n).astype(np.int64)
    n_compared = n_units - n_left
    lost = (base.parent[at][first] < 0) & base.has_registry  # not in the registry
    compared = (n_compared >= t.min_units) & ~lost
    used = ~small & compared[back]
    x, group, rows = base.value[at][used], back[used], at[used]

    median = _by_group(x, group, n, "median")
    deviation = x - median[group]
    mad = _by_group(np.abs(deviation), group, n, "median")
    mean_ad = _by_group(np.abs(deviation), group, n, "mean")
    mean = _by_group(x, group, n, "mean")
    sd = _by_group(x, group, n, "std")
    with np.errstate(divide="ignore", invalid="ignore"):
        modified = np.where(mad[group] > 0, MAD_SCALE * deviation / mad[group],
                            np.where(mean_ad[group] > 0,
                                     deviation / (MEAN_AD_SCALE * mean_ad[group]), 0.0))
        z = np.where(sd[group] > 0, (x - mean[group]) / sd[group], 0.0)
    over_modified = np.abs(modified) >= t.modified_z
    over_z = np.abs(z) >= t.z

    # Both methods' flags in one table, the farthest first (the modified z-score's
    # before the z-score's at equal distance), ordered before the table is built.
    which = np.concatenate([np.zeros(over_modified.sum(), dtype=np.int64),
                            np.ones(over_z.sum(), dtype=np.int64)])
    pick = np.concatenate([np.flatnonzero(over_modified), np.flatnonzero(over_z)])
    score = np.where(which == 0, modified[pick], z[pick])
    order = np.lexsort((which, -np.abs(score)))
    which, pick, score = which[order], pick[order], score[order]
    entries = rows[pick]
    flags = flag_frame("outliers", {
        **base.texts(entries), **base.provenance(entries),
        "method": np.array(["modified_z", "z"], dtype=object)[which],
        "reason": np.where(score > 0, "outlier_high", "outlier_low"),
        "severity": "warning", "value": base.value[entries],
        "reference": np.where(which == 0, median[group[pick]], mean[group[pick]]),
        "score": score, "threshold": np.array([t.modified_z, t.z])[which],
        "numerator": base.numerator[entries], "denominator": base.denominator[entries],
        "n_units": n_compared[group[pick]]}, len(pick))

    entry = at[first]
    parents = np.append(base.parent_names, [None])
    levels = np.append(base.level_names, [None])
    reason = np.full(n, None, dtype=object)
    reason[~compared] = "too_few_units"
    reason[lost] = "no_parent"
    mad_zero = np.where(compared, (mad == 0) & (mean_ad > 0), False)
    table = pd.DataFrame({
        "parent_code": pd.array(parents[base.parent[entry]], dtype="str"),
        "level": pd.array(levels[base.level[entry]], dtype="str"),
        "period": pd.array(base.period_names[base.period[entry]], dtype="str"),
        "indicator": pd.array(base.indicator_names[base.indicator[entry]], dtype="str"),
        "n_units": n_units.astype(np.int64), "n_left_out": n_left,
        "n_compared": np.where(compared, n_compared, 0).astype(np.int64),
        "compared": compared, "reason": pd.array(reason, dtype="str"),
        **{name: pd.array(np.where(compared, stat, np.nan), dtype="Float64")
           for name, stat in (("median", median), ("mad", mad))},
        "mad_zero": mad_zero.astype(bool),
        **{name: pd.array(np.where(compared, stat, np.nan), dtype="Float64")
           for name, stat in (("mean", mean), ("sd", sd))},
    })
    table = table.sort_values(["parent_code", "level", "period", "indicator"],
                              kind="stable").reset_index(drop=True)
    checked = tally(base.unit[rows], base.parent[rows], over_modified | over_z, base)
    return flags, table[SECTION_COLUMNS], checked
