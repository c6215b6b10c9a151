"""Consistency over time: each value against the mean of its previous periods, and its parent's.

As the WHO DQR toolkit's "consistency over time": a unit's value is divided
by the mean of its values in up to three previous periods of the same kind
(years against years, first halves against first halves), and that ratio is
set against the same ratio of its parent (the parent's counts summed from
its units by :func:`~childlabour_metrics.aggregate`, a ratio of sums).  A unit
whose ratio differs from its parent's by more than the threshold (±33 %) is
flagged: a province-wide fall is a trend, one commune falling alone is a
question.  A unit whose parent has no ratio to give (no history, or only this
unit reported in the period: the parent's ratio would be the unit's) is not
judged: a trend alone is not a question, and with a few units per parent
(a district's communes before 2025) ``within="province"`` compares more.  A
unit the registry gives no parent is held to its own history: its ratio
against 1.  Without a registry the "parent" is all the units together.

A rate on a denominator below the minimum is neither judged nor used as
history.  The periods are laid out as one dense array per series (unit,
indicator, kind) × year, so every mean is a few whole-array operations.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ...reference._arrays import groups
from ...reference.units import LEVELS
from ..values import aggregate, values
from ._base import Base, flag_frame, tally
from .options import QualityThresholds

__all__ = ["history_means", "over_time", "parent_values"]


def history_means(series: np.ndarray, year: np.ndarray, values: np.ndarray, history: int,
                  shape: tuple[int, int] | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each entry's value in a dense (series × year) layout, and its history's mean and count.

    ``series`` are codes ``0..S-1``, ``year`` offsets ``0..Y-1``; the history
    is the same series' values in the ``history`` years before (NaN values
    are not counted).  ``shape``: (S, Y), default from the largest codes.

    Examples
    --------
    >>> mean, count, _ = history_means(np.array([0, 0, 0, 0]), np.array([0, 1, 2, 3]),
    ...                                np.array([1.0, 2.0, np.nan, 6.0]), 3)
    >>> mean.tolist(), count.tolist()
    ([[nan, 1.0, 1.5, 1.5]], [[0, 1, 2, 2]])
    """
    if shape is None:
        shape = (int(series.max()) + 1 if len(series) else 0,
                 int(year.max()) + 1 if len(year) else 0)
    n_series, n_years = shape
    dense = np.full((n_series, n_years), np.nan)
    dense[series, year] = values
    total = np.zeros_like(dense)
    count = np.zeros(dense.shape, dtype=np.int64)
    for k in range(1, history + 1):  # a few shifts of the whole array, not a row each
        if k >= n_years:
            break
        before = dense[:, :-k]
        known = ~np.isnan(before)
        total[:, k:] += np.where(known, before, 0.0)
        count[:, k:] += known
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(count > 0, total / count, np.nan)
    return mean, count, dense


def parent_values(observations: pd.DataFrame, base: Base,
                  rolled: Mapping[tuple[str, str], pd.DataFrame] | None = None) -> pd.DataFrame:
    """Each parent's counts and value, summed from its units by :func:`aggregate`.

    One call per pair of levels present (the units', their parents'); without
    a registry the "parent" is every unit together (``unit_code`` NA).
    ``rolled``: roll-ups of ``observations`` the caller has made already
    (:func:`aggregate`'s tables by ``(from_level, level)``), taken, not made again.
    Returns ``unit_code, period, indicator, value, denominator, n_reporting``.
    """
    columns = ["unit_code", "period", "indicator", "value", "denominator", "n_reporting"]
    if not base.has_registry:
        total = values(observations, by=["period", "indicator"])
        return total.assign(unit_code=pd.array([None] * len(total), dtype="str"),
                            n_reporting=total["n_used"])[columns]
    units = base.units
    assert units is not None
    latest = units.drop_duplicates("code", keep="last").set_index("code")["level"]
    levels = np.append(base.level_names, [None])[base.level]
    parent_level = (pd.Series(np.append(base.parent_names, [None])[base.parent])
                    .map(latest).to_numpy(dtype=object))
    pairs = pd.DataFrame({"unit": levels, "parent": parent_level}).dropna().drop_duplicates()
    parts = []
    for unit_level, level in pairs.itertuples(index=False):  # one or two pairs of levels
        if unit_level not in LEVELS or level not in LEVELS:
            continue  # a department's reports are not summed into its area's
        if LEVELS.index(unit_level) <= LEVELS.index(level):
            continue
        made = (rolled or {}).get((unit_level, level))
        if made is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # unknown units: not summed
                made = aggregate(observations, units, level=level, from_level=unit_level)
        parts.append(made[made["unit_code"].isin(set(base.parent_names))][columns])
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
    return pd.concat(parts, ignore_index=True)


def over_time(base: Base, parents: pd.DataFrame,
              t: QualityThresholds) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Values whose change from their previous periods' mean is not their parent's.

    Parameters
    ----------
    base : Base
        The review's base.
    parents : DataFrame
        :func:`parent_values`.
    t : QualityThresholds
        ``over_time``, ``history`` and ``min_denominator``.

    Returns
    -------
    flags : DataFrame
        One row per value flagged, the farthest first: ``value`` the rate,
        ``reference`` the mean of its previous periods (``n_history`` of
        them), ``history_ratio`` value / reference, ``parent_ratio`` the
        parent's same ratio, ``score`` their quotient (method
        ``ratio_to_parent``) or the history ratio alone (``ratio_to_history``),
        flagged when ``|score − 1| > threshold``.
    tally : DataFrame
        Values judged and flagged per unit and parent.
    """
    n_kinds = 3
    n_ind = len(base.indicator_names)
    year, kind = base.year[base.period], base.kind[base.period]
    dated = np.flatnonzero(year >= 0)
    first_year = int(year[dated].min()) if len(dated) else 0
    series_key = (base.series_unit()[dated] * n_ind + base.indicator[dated]) * n_kinds + kind[
        dated]
    series = groups(series_key)[2]
    offset = year[dated] - first_year
    big = base.denominator[dated] >= t.min_denominator
    current = np.where(big, base.value[dated], np.nan)
    mean, count, _ = history_means(series, offset, current, t.history)
    reference, n_history = mean[series, offset], count[series, offset]

    # The parent's ratio, laid out the same way (parent slot 0: none, or all units).
    slot = np.full(len(dated), -1, dtype=np.int64)
    parent_ratio = np.full(len(dated), np.nan)
    if len(parents):
        p_slot = pd.Index(base.parent_names).get_indexer(parents["unit_code"].astype("str")) + 1
        if not base.has_registry:
            p_slot = np.zeros(len(parents), dtype=np.int64)
        p_period = pd.Index(base.period_names).get_indexer(parents["period"].astype("str"))
        p_ind = pd.Index(base.indicator_names).get_indexer(parents["indicator"].astype("str"))
        keep = (p_slot >= 0) & (p_period >= 0) & (p_ind >= 0)
        keep[keep] = base.year[p_period[keep]] >= first_year
        p_period, p_ind, p_slot = p_period[keep], p_ind[keep], p_slot[keep]
        p_key = (p_slot * n_ind + p_ind) * n_kinds + base.kind[p_period]
        p_value = np.where(parents["denominator"].to_numpy(dtype="float64", na_value=np.nan)
                           >= t.min_denominator,
                           parents["value"].to_numpy(dtype="float64", na_value=np.nan),
                           np.nan)[keep]
        p_units = parents["n_reporting"].to_numpy(dtype="float64", na_value=0)[keep]
        p_keys, _, p_series = groups(p_key, sort=True)
        p_offset = base.year[p_period] - first_year
        n_years = int(max(offset.max(initial=0), p_offset.max(initial=0))) + 1
        p_mean, _, p_dense = history_means(p_series, p_offset, p_value,
                                           t.history, (len(p_keys), n_years))
        # A parent of whose units only this one reported moves as it does: no comparison.
        p_units_dense = np.zeros(p_dense.shape)
        p_units_dense[p_series, p_offset] = p_units
        mine = ((base.parent[dated] + 1) * n_ind + base.indicator[dated]) * n_kinds + kind[dated]
        if base.has_registry:
            mine = np.where(base.parent[dated] >= 0, mine, -1)
        at = np.searchsorted(p_keys, mine)
        found = (at < len(p_keys)) & (p_keys[np.clip(at, 0, len(p_keys) - 1)] == mine)
        slot = np.where(found, at, -1)
        if p_dense.size:
            rows, cols = np.flatnonzero(found), offset[found]
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = p_dense[slot[rows], cols] / p_mean[slot[rows], cols]
            ratio = np.where(p_units_dense[slot[rows], cols] >= 2, ratio, np.nan)
            parent_ratio[rows] = np.where(np.isfinite(ratio) & (ratio > 0), ratio, np.nan)

    with np.errstate(divide="ignore", invalid="ignore"):
        history_ratio = current / reference
    # A unit with a parent is judged against the parent's ratio, or not at all when the
    # parent has none to give (only this unit reported): a trend alone is no question.
    has_parent = slot >= 0 if base.has_registry else np.ones(len(dated), dtype=bool)
    to_parent = ~np.isnan(parent_ratio)
    judged = (np.isfinite(history_ratio) & (reference > 0)
              & (to_parent | ~(has_parent & (base.parent[dated] >= 0))))
    to_parent &= judged
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(to_parent, history_ratio / parent_ratio, history_ratio)
    flagged = judged & (np.abs(score - 1) > t.over_time)
    pick = np.flatnonzero(flagged)
    with np.errstate(divide="ignore"):
        pick = pick[np.argsort(-np.abs(np.log(score[pick])), kind="stable")]  # farthest first
    entries = dated[pick]
    up = score[pick] > 1
    reason = np.where(to_parent[pick], np.where(up, "rise_vs_parent", "fall_vs_parent"),
                      np.where(up, "rise", "fall"))
    flags = flag_frame("over_time", {
        **base.texts(entries), **base.provenance(entries),
        "method": np.where(to_parent[pick], "ratio_to_parent", "ratio_to_history"),
        "reason": reason, "severity": "warning", "value": base.value[entries],
        "reference": reference[pick], "score": score[pick], "threshold": t.over_time,
        "numerator": base.numerator[entries], "denominator": base.denominator[entries],
        "history_ratio": history_ratio[pick], "parent_ratio": parent_ratio[pick],
        "n_history": n_history[pick]}, len(pick))
    rows = dated[judged]
    return flags, tally(base.unit[rows], base.parent[rows], flagged[judged], base)
