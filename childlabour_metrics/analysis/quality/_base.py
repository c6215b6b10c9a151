"""The review's base: the observations once, as integer codes and arrays, and the flag tables.

Every check reads the same :class:`Base`: one entry per unit, period and
indicator of the usable rows (``ok`` and ``warning``), with its rate, its
parent in the period, the year and kind of its period, and where it was read.
Codes are factorised once, so that the checks group and look up integers,
not ~1 M strings; text is made only for the rows flagged.  The flag tables'
columns are :data:`FLAG_COLUMNS` (common to all) and :data:`EXTRA_COLUMNS`
(each dimension's own), in that order and those types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ...reference._arrays import groups
from ...reference.periods import parse_period
from ...reference.schemas import USABLE_STATUSES, coerce_observations
from ...reference.units import POPULATION, ancestor_in_period, rows_in_period

__all__ = ["DIMENSIONS", "EXTRA_COLUMNS", "FLAG_COLUMNS", "Base", "cells", "flag_frame",
           "tally", "tally_text"]

#: The review's dimensions, in the order every table lists them.
DIMENSIONS: tuple[str, ...] = ("outliers", "over_time", "denominators", "consistency",
                               "external")

#: Columns of every flag table, in this order.
FLAG_COLUMNS: list[str] = [
    "unit_code", "parent_code", "period", "indicator", "dimension", "method", "reason",
    "severity", "value", "reference", "score", "threshold", "numerator", "denominator",
    "source_file", "sheet", "cells",
]
#: Each dimension's own columns, after :data:`FLAG_COLUMNS`.
EXTRA_COLUMNS: dict[str, list[str]] = {
    "outliers": ["n_units"],
    "over_time": ["history_ratio", "parent_ratio", "n_history"],
    "denominators": ["rule", "other_indicator", "n_history", "population"],
    "consistency": ["rule", "other_indicator"],
    "external": ["ci_low", "ci_high", "n_units"],
}
_FLOATS = {"value", "reference", "score", "threshold", "history_ratio", "parent_ratio",
           "ci_low", "ci_high"}
_INTS = {"numerator", "denominator", "n_units", "n_history", "population"}
#: Provenance columns of the observations, read when present.
_PROVENANCE = ("source_file", "sheet", "numerator_cell", "denominator_cell")
_KINDS = ("H1", "H2", "year")


def flag_frame(dimension: str, columns: dict[str, Any], n: int) -> pd.DataFrame:
    """A flag table of ``n`` rows: the documented columns and types, NA where not given.

    Examples
    --------
    >>> flag_frame("outliers", {"unit_code": ["a"], "value": [2.5]}, 1)[
    ...     ["unit_code", "dimension", "value", "n_units"]]
      unit_code dimension  value  n_units
    0         a  outliers    2.5     <NA>
    """
    out: dict[str, Any] = {}
    for col in [*FLAG_COLUMNS, *EXTRA_COLUMNS[dimension]]:
        given: Any = dimension if col == "dimension" else columns.get(col)
        one = isinstance(given, str) or np.ndim(given) == 0  # one value for every row
        if col in _FLOATS or col in _INTS:
            number = np.full(n, np.nan if given is None else given, dtype="float64") if one \
                else np.asarray(pd.array(given, dtype="Float64").to_numpy(
                    dtype="float64", na_value=np.nan))
            out[col] = pd.array(number, dtype="Float64")
            if col in _INTS:
                out[col] = out[col].astype("Int64")
        elif one:  # one text for every row: checked once, then repeated
            out[col] = pd.array([given], dtype="str").take(np.zeros(n, dtype=np.intp))
        else:
            out[col] = pd.array(np.asarray(given, dtype=object), dtype="str")
    return pd.DataFrame(out, index=pd.RangeIndex(n))


def tally_text(units: Any, parents: Any, failed: Any) -> pd.DataFrame:
    """:func:`tally` from unit and parent codes as text (a few thousand checks).

    Examples
    --------
    >>> tally_text(["a", "a", "b"], ["P", "P", None], [True, False, False])
      unit_code parent_code  n_checks  n_failed
    0         a           P         2         1
    1         b         NaN         1         0
    """
    unit, unit_names = _codes(pd.Series(units, dtype="str"))
    parent, parent_names = _codes(pd.Series(parents, dtype="str"))
    return _tally(unit, parent, np.asarray(failed, dtype=bool), unit_names, parent_names)


def tally(unit: np.ndarray, parent: np.ndarray, failed: np.ndarray, base: Base) -> pd.DataFrame:
    """Checks run and failed per unit and parent, from one entry per check (integer codes).

    ``unit`` and ``parent`` index ``base.unit_names`` and ``base.parent_names``
    (−1: none).  Returns ``unit_code, parent_code, n_checks, n_failed``.
    """
    return _tally(unit, parent, failed, base.unit_names, base.parent_names)


def _tally(unit: np.ndarray, parent: np.ndarray, failed: np.ndarray, unit_names: np.ndarray,
           parent_names: np.ndarray) -> pd.DataFrame:
    n_parents = len(parent_names) + 1
    key = unit.astype(np.int64) * n_parents + (parent.astype(np.int64) + 1)
    distinct, _, back = groups(key)
    checks = np.bincount(back, minlength=len(distinct))
    failures = np.bincount(back, weights=failed.astype(np.float64), minlength=len(distinct))
    names = np.append(parent_names, [None])
    return pd.DataFrame({
        "unit_code": pd.array(unit_names[distinct // n_parents], dtype="str"),
        "parent_code": pd.array(names[distinct % n_parents - 1], dtype="str"),
        "n_checks": checks.astype(np.int64),
        "n_failed": failures.astype(np.int64),
    })


@dataclass
class Base:
    """The usable observations as arrays: one entry per unit, period and indicator.

    ``unit``, ``period``, ``indicator``, ``parent`` are integer codes into
    ``unit_names``, ``period_names``, ``indicator_names``, ``parent_names``
    (``parent`` −1: none known).  ``numerator``, ``denominator``, ``value``
    are floats (NaN: missing; ``value`` is ``100 × num / den``, NaN unless
    both counts are there and the denominator is above 0).  ``level`` is the
    unit's registry level code (into ``level_names``, −1 unknown).  ``rows``
    is the observations' frame, ``row`` each entry's (first) row in it, for
    its provenance.
    """

    rows: pd.DataFrame
    row: np.ndarray
    unit: np.ndarray
    period: np.ndarray
    indicator: np.ndarray
    parent: np.ndarray
    level: np.ndarray
    numerator: np.ndarray
    denominator: np.ndarray
    value: np.ndarray
    population: np.ndarray
    unit_names: np.ndarray
    period_names: np.ndarray
    indicator_names: np.ndarray
    parent_names: np.ndarray
    level_names: np.ndarray
    year: np.ndarray  # per period code
    kind: np.ndarray  # per period code: index into ("H1", "H2", "year")
    #: The registry (None: none given) and the level whose ancestor is the parent.
    units: pd.DataFrame | None
    within: str | None
    #: Parent code (None: none) of each distinct (unit_code, period) of the base.
    pairs: pd.Series
    #: Every row of ``rows``: its unit, period and indicator codes (−1: missing), and
    #: whether it was reported (not superseded).
    all_unit: np.ndarray
    all_period: np.ndarray
    all_indicator: np.ndarray
    reported: np.ndarray
    #: The base's distinct (unit, period) pairs (``unit × n_periods + period``, sorted)
    #: and each one's parent code.
    pair_key: np.ndarray
    pair_parent: np.ndarray
    #: Each entry's unit as a history knows it: its code and the registry row valid in
    #: the period.  A code reused by a new unit (Xã Nam Sách kept Thị trấn Nam Sách's
    #: 10606 on 1 July 2025) starts a history of its own: a series never runs from one
    #: unit into another.  Without a registry, the code alone (``unit``).
    history_unit: np.ndarray | None = None

    def series_unit(self) -> np.ndarray:
        """:attr:`history_unit`, or the unit codes when there is none."""
        return self.unit if self.history_unit is None else self.history_unit

    def parent_codes(self, unit: np.ndarray, period: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
        """Parent codes of (unit, period) codes, and the parent names they index.

        Pairs of the base are looked up by number; the few others (a report
        whose every row the reader held) in the registry, their parents added
        to the names.
        """
        n_periods = max(len(self.period_names), 1)
        key = unit.astype(np.int64) * n_periods + period
        if len(self.pair_key):
            at = np.clip(np.searchsorted(self.pair_key, key), 0, len(self.pair_key) - 1)
            found = self.pair_key[at] == key
            parent = np.where(found, self.pair_parent[at], -1)
        else:
            found, parent = np.zeros(len(key), dtype=bool), np.full(len(key), -1)
        names = self.parent_names
        if not found.all():
            lost = np.flatnonzero(~found)
            texts = self.parents_of(pd.Series(self.unit_names[unit[lost]]),
                                    pd.Series(self.period_names[period[lost]]))
            extra, extra_names = _codes(pd.Series(texts, dtype="str"))
            index = pd.Index(names).get_indexer(extra_names)
            new = index < 0
            index[new] = len(names) + np.arange(new.sum())
            names = np.append(names, extra_names[new])
            parent[lost] = np.where(extra >= 0, index[np.clip(extra, 0, None)], -1)
        return parent.astype(np.int64), names

    @property
    def has_registry(self) -> bool:
        """Whether parents come from a registry (without one, all units are one group)."""
        return self.units is not None

    def parents_of(self, codes: pd.Series, periods: pd.Series) -> np.ndarray:
        """The parent code (None: none) of each (unit code, period), looked up once each."""
        asked = pd.MultiIndex.from_arrays([codes.astype("str"), periods.astype("str")])
        at = self.pairs.index.get_indexer(asked)
        out = np.append(self.pairs.to_numpy(dtype=object), [None])[at]  # −1: the None
        new = at < 0
        if new.any():  # pairs only in rows the reader held (errors): a few
            frame = asked[new].to_frame(index=False, name=["unit_code", "period"])
            frame = frame.drop_duplicates().reset_index(drop=True)
            looked = registry_lookup(frame, self.units, self.within)["parent"]
            lookup = pd.Series(looked.to_numpy(dtype=object),
                               index=pd.MultiIndex.from_frame(frame))
            out[new] = lookup.reindex(asked[new]).to_numpy(dtype=object)
        text = pd.Series(pd.array(out, dtype="str"), dtype="str")
        return text.astype(object).where(text.notna(), None).to_numpy(dtype=object)

    @property
    def size(self) -> int:
        """Entries in the base."""
        return len(self.unit)

    def provenance(self, at: np.ndarray) -> dict[str, Any]:
        """``source_file, sheet, cells`` (numerator and denominator cells) of entries ``at``."""
        picked = self.rows.iloc[self.row[at]]
        out: dict[str, Any] = {}
        for col in ("source_file", "sheet"):
            out[col] = picked[col].to_numpy(dtype=object) if col in picked.columns else None
        out["cells"] = cells(picked.get("numerator_cell"), picked.get("denominator_cell"))
        return out

    def texts(self, at: np.ndarray) -> dict[str, Any]:
        """The key columns (unit, parent, period, indicator) of entries ``at`` as text."""
        parents = np.append(self.parent_names, [None])
        return {"unit_code": self.unit_names[self.unit[at]],
                "parent_code": parents[self.parent[at]],
                "period": self.period_names[self.period[at]],
                "indicator": self.indicator_names[self.indicator[at]]}


def cells(*columns: pd.Series | None) -> np.ndarray | None:
    """Cells named by several columns, joined ("E12, F12"); None when no column is given.

    Examples
    --------
    >>> cells(pd.Series(["E12", None]), pd.Series(["F12", "F13"])).tolist()
    ['E12, F12', 'F13']
    """
    given = [c for c in columns if c is not None]
    if not given:
        return None
    parts = [c.astype("str").to_numpy(dtype=object) for c in given]
    joined = [", ".join(p for p in row if isinstance(p, str) and p) or None
              for row in zip(*parts, strict=True)]  # flagged rows only: a few
    return np.asarray(joined, dtype=object)


def _period_parts(names: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Year and kind (index into H1, H2, year) of each distinct period; −1 if unreadable."""
    years = np.full(len(names), -1, dtype=np.int64)
    kinds = np.full(len(names), -1, dtype=np.int64)
    for i, text in enumerate(names):  # distinct periods: a handful
        try:
            period = parse_period(text)
        except ValueError:
            continue
        years[i], kinds[i] = period.year, _KINDS.index(period.kind)
    return years, kinds


def _codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    codes, names = pd.factorize(column)
    return codes.astype(np.int64), np.asarray(names, dtype=object)


def registry_lookup(pairs: pd.DataFrame, units: pd.DataFrame | None,
                    within: str | None) -> pd.DataFrame:
    """Parent, level and population of each (unit_code, period) pair, from the row valid then.

    ``within``: a level, the ancestor at which is the parent; None: the
    registry's parent.  Without a registry every column is NA.
    """
    n = len(pairs)
    if units is None:
        none = pd.array([None] * n, dtype="str")
        return pd.DataFrame({"parent": none, "level": none,
                             POPULATION: pd.array([None] * n, dtype="Int64"),
                             "row_start": pd.array([None] * n, dtype="datetime64[ns]")})
    found = rows_in_period(pairs["unit_code"], pairs["period"], units)
    parent = found["parent_code"]
    if within is not None:
        parent = ancestor_in_period(pairs["unit_code"], pairs["period"], units, within)
        parent = parent.where(parent != pairs["unit_code"].to_numpy())  # itself: none
    population = (found[POPULATION] if POPULATION in found.columns
                  else pd.Series(pd.NA, index=found.index, dtype="Int64"))
    return pd.DataFrame({"parent": parent.astype("str").to_numpy(),
                         "level": found["level"].astype("str").to_numpy(),
                         POPULATION: population.astype("Int64").array,
                         # which of a reused code's rows: the start of the row valid then
                         "row_start": found["valid_from"].astype("datetime64[ns]").to_numpy()})


#: The observations' columns the review reads (others are not copied).
_READ = ("unit_code", "period", "indicator", "numerator", "denominator", "status", "unit_name",
         *_PROVENANCE)


def build_base(observations: pd.DataFrame, units: pd.DataFrame | None,
               within: str | None, scope: set[str] | None,
               coerced: bool = False) -> tuple[Base, pd.DataFrame]:
    """The base of the review, and the observations it read.

    ``scope``: the unit codes the review covers (None: all).  Returns the
    base and the observations (coerced, in scope, the columns the review
    reads; ``base.reported`` says which were not superseded).  Rows of the same unit, period and
    indicator are summed, as :func:`~childlabour_metrics.values` sums them; the
    first row's cells are kept.  Codes are factorised once over all rows
    (the masks then take numbers, not strings).  ``coerced``: the observations are
    a table :func:`~childlabour_metrics.coerce_observations` returned (not again).
    """
    obs = observations[[c for c in _READ if c in observations.columns]]
    if not coerced:
        obs = coerce_observations(obs)
    if scope is not None:
        obs = obs[obs["unit_code"].isin(scope).to_numpy(dtype=bool)].reset_index(drop=True)
    unit, unit_names = _codes(obs["unit_code"])
    period, period_names = _codes(obs["period"])
    indicator, indicator_names = _codes(obs["indicator"])
    codes = (unit, period, indicator)
    placed = (unit >= 0) & (period >= 0) & (indicator >= 0)
    if "status" in obs.columns:
        status = obs["status"]
        reported = (status != "superseded").to_numpy(dtype=bool, na_value=True)
        usable = status.isin(USABLE_STATUSES).to_numpy(dtype=bool) | status.isna().to_numpy()
    else:
        reported = usable = np.ones(len(obs), dtype=bool)
    at = np.flatnonzero(usable & placed)
    unit, period, indicator = unit[at], period[at], indicator[at]
    num = obs["numerator"].to_numpy(dtype="float64", na_value=np.nan)[at]
    den = obs["denominator"].to_numpy(dtype="float64", na_value=np.nan)[at]
    key = (unit * max(len(period_names), 1) + period) * max(len(indicator_names), 1) + indicator
    distinct, first, back = groups(key)
    if len(distinct) < len(key):
        # Several rows of one key: a ratio of sums over the rows with both counts.
        complete = ~np.isnan(num) & ~np.isnan(den)
        used = np.bincount(back, weights=complete, minlength=len(distinct))
        num_sum = np.bincount(back, weights=np.where(complete, num, 0), minlength=len(distinct))
        den_sum = np.bincount(back, weights=np.where(complete, den, 0), minlength=len(distinct))
        num = np.where(used > 0, num_sum, num[first])
        den = np.where(used > 0, den_sum, den[first])
        unit, period, indicator, at = unit[first], period[first], indicator[first], at[first]
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(den > 0, 100 * num / den, np.nan)
    # The registry once per distinct (unit, period), by their integer codes.
    n_periods = max(len(period_names), 1)
    distinct_pairs, _, pair_back = groups(unit * n_periods + period, sort=True)
    pairs = pd.DataFrame({
        "unit_code": pd.array(unit_names[distinct_pairs // n_periods], dtype="str"),
        "period": pd.array(period_names[distinct_pairs % n_periods], dtype="str")})
    looked = registry_lookup(pairs, units, within)
    parent, parent_names = _codes(looked["parent"])
    level, level_names = _codes(looked["level"])
    population = looked[POPULATION].to_numpy(dtype="float64", na_value=np.nan)
    years, kinds = _period_parts(period_names)
    all_unit, all_period, all_indicator = codes
    # a unit as its history knows it: (code, registry row); the code alone without one
    row_start = looked["row_start"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    history = pd.factorize(pd.MultiIndex.from_arrays(
        [distinct_pairs // n_periods, row_start]))[0].astype(np.int64)
    base = Base(rows=obs, row=at, unit=unit, period=period, indicator=indicator,
                parent=parent[pair_back], level=level[pair_back], numerator=num,
                denominator=den, value=value, population=population[pair_back],
                unit_names=unit_names, period_names=period_names,
                indicator_names=indicator_names, parent_names=parent_names,
                level_names=level_names, year=years, kind=kinds, units=units, within=within,
                pairs=pd.Series(looked["parent"].to_numpy(dtype=object),
                                index=pd.MultiIndex.from_frame(pairs)),
                all_unit=all_unit, all_period=all_period, all_indicator=all_indicator,
                reported=reported, pair_key=distinct_pairs, pair_parent=parent,
                history_unit=history[pair_back] if units is not None else None)
    return base, obs
