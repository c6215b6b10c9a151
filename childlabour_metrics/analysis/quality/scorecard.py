"""The review's summaries: the scorecard (checks failed per unit, parent and dimension) and
the follow-up list (which unit, which figure, why, what to ask).

As the WHO DQR toolkit's summary: per dimension, the share of units that pass
(no check failed), and per unit and per parent the count and share of checks
failed.  The follow-up list carries codes (``reason``, ``ask``); the words
are chosen at the output edge (:mod:`~childlabour_metrics.analysis.quality._show`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ...language.problems import SEVERITIES
from ...reference.relations import relations
from ._base import DIMENSIONS

__all__ = ["FOLLOW_UP_COLUMNS", "SCORECARD_COLUMNS", "SCOPES", "follow_up", "scorecard"]

#: Rows of the scorecard: every unit together, each parent's units, each unit.
SCOPES: tuple[str, ...] = ("all", "parent", "unit")
#: Columns of the scorecard, in this order.
SCORECARD_COLUMNS: list[str] = [
    "scope", "unit_code", "dimension", "n_checks", "n_failed", "pct_failed", "n_units",
    "n_units_pass", "pct_units_pass",
]
#: Columns of the follow-up list, in this order.
FOLLOW_UP_COLUMNS: list[str] = [
    "unit_code", "unit_name", "parent_code", "period", "indicator", "figure", "dimension",
    "method", "reason", "ask", "severity", "value", "reference", "score", "other_indicator",
    "ci_low", "ci_high", "source_file", "sheet", "cells",
]
# What to ask, by dimension and method (the vocabulary's ``quality_ask_<code>``).
_ASK = {"outliers": "outlier", "over_time": "change", "external": "survey",
        "relation": "relation", "change": "denominator", "population": "population"}
_METHOD_RANK = {"modified_z": 0, "z": 1}


def _pct(part: pd.Series, whole: pd.Series) -> pd.Series:
    share = 100 * part.astype("Float64") / whole.astype("Float64")
    return share.where(whole > 0).astype("Float64")


def scorecard(tallies: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Checks run and failed, and units passing, per dimension: all units, each parent, each unit.

    Parameters
    ----------
    tallies : dict
        Per dimension, ``unit_code, parent_code, n_checks, n_failed`` (a unit
        under two parents, across a reorganisation, has a row under each).

    Returns
    -------
    DataFrame
        :data:`SCORECARD_COLUMNS`: ``scope`` (``all``, ``parent``, ``unit``),
        ``unit_code`` (the parent's or the unit's; NA for ``all``), the
        dimension, ``n_checks``, ``n_failed``, ``pct_failed`` (percent),
        ``n_units`` (units checked), ``n_units_pass`` (units with no check
        failed) and ``pct_units_pass``.  Every dimension has an ``all`` row,
        with no checks when it was not run (no survey given).

    Examples
    --------
    >>> t = pd.DataFrame({"unit_code": ["a", "b"], "parent_code": ["P", "P"],
    ...                   "n_checks": [4, 4], "n_failed": [1, 0]})
    >>> card = scorecard({"outliers": t})
    >>> card.loc[card["dimension"] == "outliers", ["scope", "unit_code", "n_failed",
    ...          "pct_failed", "n_units_pass", "pct_units_pass"]]
        scope unit_code  n_failed  pct_failed  n_units_pass  pct_units_pass
    0     all       NaN         1        12.5             1            50.0
    5  parent         P         1        12.5             1            50.0
    6    unit         a         1        25.0             0             0.0
    7    unit         b         0         0.0             1           100.0
    """
    parts = [t.assign(dimension=d) for d, t in tallies.items() if len(t)]
    empty = pd.DataFrame({"unit_code": pd.Series(dtype="str"),
                          "parent_code": pd.Series(dtype="str"),
                          "n_checks": pd.Series(dtype="int64"),
                          "n_failed": pd.Series(dtype="int64"),
                          "dimension": pd.Series(dtype="str")})
    checks = pd.concat(parts, ignore_index=True) if parts else empty
    per_unit = (checks.groupby(["dimension", "unit_code"], sort=False)[["n_checks", "n_failed"]]
                .sum().reset_index())
    units = per_unit.assign(scope="unit", n_units=1,
                            n_units_pass=(per_unit["n_failed"] == 0).astype("int64"))
    in_parent = (checks.dropna(subset=["parent_code"])
                 .groupby(["dimension", "parent_code", "unit_code"], sort=False)
                 [["n_checks", "n_failed"]].sum().reset_index())
    in_parent["passed"] = (in_parent["n_failed"] == 0).astype("int64")
    parents = (in_parent.groupby(["dimension", "parent_code"], sort=False)
               .agg(n_checks=("n_checks", "sum"), n_failed=("n_failed", "sum"),
                    n_units=("unit_code", "size"), n_units_pass=("passed", "sum"))
               .reset_index().rename(columns={"parent_code": "unit_code"})
               .assign(scope="parent"))
    every = (units.groupby("dimension", sort=False)
             .agg(n_checks=("n_checks", "sum"), n_failed=("n_failed", "sum"),
                  n_units=("n_units", "sum"), n_units_pass=("n_units_pass", "sum"))
             .reindex(list(DIMENSIONS), fill_value=0).rename_axis("dimension").reset_index()
             .assign(scope="all", unit_code=None))
    table = pd.concat([every, parents, units], ignore_index=True)
    for col in ("n_checks", "n_failed", "n_units", "n_units_pass"):
        table[col] = table[col].astype("int64")
    table["pct_failed"] = _pct(table["n_failed"], table["n_checks"])
    table["pct_units_pass"] = _pct(table["n_units_pass"], table["n_units"])
    table["unit_code"] = table["unit_code"].astype("str")
    table["scope"] = table["scope"].astype("str")
    table["dimension"] = table["dimension"].astype("str")
    rank = {d: i for i, d in enumerate(DIMENSIONS)}
    scope_rank = {s: i for i, s in enumerate(SCOPES)}
    # Scope, then the parent's or unit's code, then the dimension: each unit's rows together.
    order = np.lexsort((table["dimension"].map(rank).to_numpy(),
                        table["unit_code"].fillna("").to_numpy(dtype=object).astype(str),
                        table["scope"].map(scope_rank).to_numpy()))
    return table.iloc[order][SCORECARD_COLUMNS].reset_index(drop=True)


def follow_up(tables: dict[str, pd.DataFrame], names: pd.Series) -> pd.DataFrame:
    """The list to follow up: one row per unit, period, indicator and reason flagged.

    Parameters
    ----------
    tables : dict
        The flag tables, by dimension.
    names : Series
        Unit names by code.

    Returns
    -------
    DataFrame
        :data:`FOLLOW_UP_COLUMNS`: the unit (code, name, parent), the figure
        (``period``, ``indicator`` and ``figure``: ``value`` the rate,
        ``numerator`` or ``denominator``), why (``dimension``, ``method``,
        ``reason``), what to ask (``ask``, a code of the vocabulary's
        ``quality_ask_<ask>``), ``severity``, the numbers compared and the
        cells.  Errors first, then by unit, period and indicator; a rate both
        outlier methods flag is listed once (modified z-score first).
    """
    counts = relations().set_index("id")["left_count"]
    parts = []
    for dimension in DIMENSIONS:
        table = tables[dimension]
        if table.empty:
            continue
        method = table["method"].to_numpy(dtype=object)
        # The figure to look at and what to ask: one each per dimension, but for the
        # denominators and the rules, whose methods differ (a rule names its count).
        figure = np.where(np.isin(method, ["change", "population"]), "denominator", "value")
        if (method == "relation").any():
            left = pd.Series(table["reason"].to_numpy(dtype=object)).map(counts).to_numpy()
            figure = np.where(method == "relation", left, figure)
        if dimension in ("denominators", "consistency"):
            ask = np.select([method == m for m in _ASK], list(_ASK.values()), "")
        else:
            ask = np.full(len(table), _ASK[dimension], dtype=object)
        # The list's columns only, typed as the list has them (a national round flags
        # ~350,000 figures: the flag tables' other columns are not copied).
        n = len(table)
        extra: dict[str, Any] = {
            "other_indicator": (table["other_indicator"].astype("str")
                                if "other_indicator" in table.columns
                                else pd.array([None] * n, dtype="str")),
            **{c: (table[c].astype("Float64") if c in table.columns
                   else pd.array(np.full(n, np.nan), dtype="Float64"))
               for c in ("ci_low", "ci_high")}}
        kept = table[[c for c in FOLLOW_UP_COLUMNS if c in table.columns and c not in extra]]
        parts.append(kept.assign(figure=pd.array(figure.astype(object), dtype="str"),
                                 ask=pd.array(ask.astype(object), dtype="str"),
                                 _dim=DIMENSIONS.index(dimension), **extra))
    if not parts:
        out = pd.DataFrame({c: pd.Series(dtype="str") for c in FOLLOW_UP_COLUMNS})
        return out
    rows = pd.concat(parts, ignore_index=True)
    # A rate both outlier methods flag is one row (the modified z-score's); every other
    # flag is one figure of one report already.
    outlier = (rows["dimension"] == "outliers").to_numpy(dtype=bool)
    if outlier.any():
        ranked = rows[outlier].iloc[np.argsort(
            rows.loc[outlier, "method"].map(_METHOD_RANK).to_numpy(), kind="stable")]
        ranked = ranked.drop_duplicates(["unit_code", "period", "indicator", "reason"])
        rows = pd.concat([ranked, rows[~outlier]], ignore_index=True)
    unit, uniques = pd.factorize(rows["unit_code"], sort=True)
    named = names.reindex(pd.Index(uniques)).to_numpy(dtype=object)
    rows["unit_name"] = pd.array(np.append(named, [None])[unit], dtype="str")
    key = [pd.factorize(rows[c], sort=True)[0] for c in ("indicator", "period")]
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    severity_at, severities = pd.factorize(rows["severity"], sort=True)
    severity = np.array([rank[s] for s in severities])
    # Errors first, then by unit, period, indicator and dimension (codes of a few texts).
    order = np.lexsort((rows["_dim"].to_numpy(), key[0], key[1], unit, severity[severity_at]))
    out = rows[FOLLOW_UP_COLUMNS].iloc[order].reset_index(drop=True)
    for col in ("ci_low", "ci_high"):
        out[col] = out[col].astype("Float64")
    for col in ("other_indicator", "figure", "ask"):
        out[col] = out[col].astype("str")
    return out
