"""Related indicators: the rules that must hold between the indicators of one report.

The rules are :func:`~childlabour_metrics.reference.relations.relations`, the
one list the reader reads too (it holds the rows of a report that breaks one
that carries its problem code).  The review checks every rule on every row
not superseded, the reader's errors among them: a table that did not come
through the reader is judged the same way.  Reports and their indicators are
integer codes; each rule pairs its two sides by a sorted search, over all
reports at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...reference._arrays import groups
from ...reference.relations import RELATIONS, relations
from ._base import Base, _tally, cells, flag_frame

__all__ = ["Reports", "related_indicators", "relation_flags", "report_rows"]


@dataclass(frozen=True)
class Reports:
    """The rows the rules compare: of the rules' indicators, the first of each in its report.

    ``row`` are positions in ``base.rows``; ``report`` a code per report (a
    unit, a period and, when the column is there, a ``source_file``).
    """

    row: np.ndarray
    report: np.ndarray
    indicator: np.ndarray


def report_rows(base: Base) -> Reports:
    """:class:`Reports` of the observations not superseded (built once for two dimensions).

    Of an indicator given twice in one report, the first row counts, as the
    reader takes it.
    """
    rules = relations()
    wanted = np.flatnonzero(np.isin(base.indicator_names,
                                    list(set(rules["left"]) | set(rules["right"]))))
    mask = (base.reported & np.isin(base.all_indicator, wanted) & (base.all_unit >= 0)
            & (base.all_period >= 0))
    row = np.flatnonzero(mask)
    n_periods = max(len(base.period_names), 1)
    report = base.all_unit[row] * n_periods + base.all_period[row]
    if "source_file" in base.rows.columns:
        files, names = pd.factorize(base.rows["source_file"].iloc[row])
        report = report * (len(names) + 1) + files + 1
    report = groups(report)[2]
    indicator = base.all_indicator[row]
    key = report * max(len(base.indicator_names), 1) + indicator
    first = np.sort(groups(key)[1])
    return Reports(row=row[first], report=report[first], indicator=indicator[first])


def _count(base: Base, rows: np.ndarray, count: str) -> np.ndarray:
    return base.rows[count].to_numpy(dtype="float64", na_value=np.nan)[rows]


def relation_flags(reports: Reports, base: Base, rules: pd.DataFrame,
                   dimension: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reports that break a rule between indicators, one row per report and rule.

    Parameters
    ----------
    reports : Reports
        :func:`report_rows`.
    base : Base
        The review's base.
    rules : DataFrame
        Rows of :func:`~childlabour_metrics.reference.relations.relations`.
    dimension : str
        The flag table these rows go to.

    Returns
    -------
    flags : DataFrame
        ``indicator`` the rule's left one, ``value`` its count, ``reference``
        the right one's (``other_indicator``), ``score`` value / reference,
        ``reason`` and ``rule`` the rule's id, severity ``error`` (a rule that
        must hold), ``cells`` the two cells compared.
    tally : DataFrame
        Reports checked and failed per unit and parent.
    """
    codes = pd.Index(base.indicator_names)
    flags, units, periods, failures = [], [], [], []
    for rule in rules.itertuples(index=False):  # a rule or three, not a row each
        left_code, right_code = codes.get_indexer([rule.left, rule.right])
        left = np.flatnonzero(reports.indicator == left_code)
        right = np.flatnonzero(reports.indicator == right_code)
        if left_code < 0 or right_code < 0 or not len(left) or not len(right):
            continue
        # Each report has one row per indicator: the right side by a sorted search.
        order = right[np.argsort(reports.report[right], kind="stable")]
        at = np.clip(np.searchsorted(reports.report[order], reports.report[left]), 0,
                     len(order) - 1)
        paired = reports.report[order][at] == reports.report[left]
        left, right = reports.row[left[paired]], reports.row[order[at[paired]]]
        lhs = _count(base, left, str(rule.left_count))
        rhs = _count(base, right, str(rule.right_count))
        known = ~np.isnan(lhs) & ~np.isnan(rhs)  # a missing count breaks no rule
        with np.errstate(invalid="ignore"):
            bad = known & ~RELATIONS[str(rule.relation)](lhs, rhs)
        units.append(base.all_unit[left])
        periods.append(base.all_period[left])
        failures.append(bad)
        pick = np.flatnonzero(bad)
        rows = base.rows.iloc[left[pick]]
        parent, names = base.parent_codes(base.all_unit[left[pick]],
                                          base.all_period[left[pick]])
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(rhs[pick] > 0, lhs[pick] / rhs[pick], np.nan)
        right_cells = base.rows.iloc[right[pick]].get(f"{rule.right_count}_cell")
        flags.append(flag_frame(dimension, {
            "unit_code": base.unit_names[base.all_unit[left[pick]]],
            "parent_code": np.append(names, [None])[parent],
            "period": base.period_names[base.all_period[left[pick]]],
            "indicator": rule.left, "method": "relation", "reason": rule.id,
            "severity": "error", "value": lhs[pick], "reference": rhs[pick], "score": score,
            "numerator": _count(base, left[pick], "numerator"),
            "denominator": _count(base, left[pick], "denominator"),
            "source_file": rows["source_file"].to_numpy(dtype=object)
            if "source_file" in rows.columns else None,
            "sheet": rows["sheet"].to_numpy(dtype=object) if "sheet" in rows.columns else None,
            "cells": cells(rows.get(f"{rule.left_count}_cell"),
                           None if right_cells is None else right_cells.set_axis(rows.index)),
            "rule": rule.id, "other_indicator": rule.right}, len(pick)))
    if not flags:
        return flag_frame(dimension, {}, 0), _tally(*(np.zeros(0, dtype=np.int64),) * 3,
                                                    base.unit_names, base.parent_names)
    table = pd.concat(flags, ignore_index=True)
    table = table.sort_values(["unit_code", "period", "rule"], kind="stable")
    unit, period = np.concatenate(units), np.concatenate(periods)
    parent, names = base.parent_codes(unit, period)
    return table.reset_index(drop=True), _tally(unit, parent, np.concatenate(failures),
                                                base.unit_names, names)


def related_indicators(base: Base, reports: Reports) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The consistency dimension: every rule between indicators but the denominators'."""
    rules = relations()
    return relation_flags(reports, base, rules[rules["dimension"] == "consistency"],
                          "consistency")
