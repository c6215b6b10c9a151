"""The judged table: every unit against every target, judged once, for every output.

One row per unit and target of a plan, for the period that judges the target:

- the target's year once the report's data reach its yearly report (a 2025
  target is judged on 2025, never on 2024 or on 2025H1);
- before that, the latest period of the report (a 2030 target on 2025 data is
  "on track" or "not yet", never "met" or "not met").

Each row says the value and the period it comes from; the verdict
(``status``), the method that gave it and the reason behind it; the latest
earlier value, labelled with its period, where the judged period has none;
progress (the report's method) only before the target's year; and, on the
plan unit's rows, the coverage: how many units the value rests on, of how
many expected, and which did not report.

The HTML page, the workbook, the figures, the command line, ``export`` and
the notebooks render this table (:func:`judged`,
:attr:`~childlabour_metrics.analysis.report_data.ReportData.judged`); none of
them judges anything.  Tables carry codes; words are chosen at the output.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..reference.periods import Period, PeriodError, parse_period, period_parts
from ..reference.plans import Plan

__all__ = ["JUDGED_COLUMNS", "REASONS", "VERDICTS", "judged_period", "judged_table"]

#: Every verdict, best first (the order of legends and colour keys).
VERDICTS: tuple[str, ...] = ("met", "on_track", "not_yet", "not_met", "incomplete",
                             "not_reported", "no_data", "no_target")

#: Why a row has its verdict.
REASONS: tuple[str, ...] = (
    "target_year",         # judged on the target year's own (yearly) data
    "before_target_year",  # the data's period is before the target's year
    "year_not_over",       # the target's year has only its first half so far
    "missing_component",   # a target on several indicators lacks one of them
    "not_reported",        # the unit was expected and sent no report for the period
    "no_value",            # a report, but no usable figure for the target's indicators
    "no_target",           # the plan sets no number
)

JUDGED_COLUMNS = [
    "unit_code", "is_scope", "ref", "label", "indicators", "target_year", "direction",
    "operator", "target", "period", "value", "numerator", "denominator", "status", "reason",
    "method", "gap_pp", "earlier_period", "earlier_value", "progress", "progress_method",
    "progress_ratio", "projection", "base_year", "n_reported", "n_expected", "not_reported",
    "units_met",
]


def _key(period: Any) -> int:
    """A period's place in time as one integer (2024H1 before 2024 before 2025H1)."""
    try:
        year, rank = parse_period(period).sort_key
    except (PeriodError, TypeError, ValueError):
        return -1
    return int(year) * 10 + int(rank)


def judged_period(as_of: str | None, target_year: Any) -> str | None:
    """The period that judges a target due in ``target_year``, in a report up to ``as_of``.

    Examples
    --------
    >>> judged_period("2025", 2025), judged_period("2026", 2025), judged_period("2025", 2030)
    ('2025', '2025', '2025')
    >>> judged_period("2025H1", 2025)  # the year is not over: the half-year, not yet judged
    '2025H1'
    """
    if as_of is None:
        return None
    if target_year is None or pd.isna(target_year):
        return as_of
    p = parse_period(as_of)
    year = int(target_year)
    if p.year > year or (p.year == year and p.is_year):
        return str(Period(year))
    return str(p)


def _earlier(att: pd.DataFrame, when: pd.DataFrame) -> pd.DataFrame:
    """Per unit and target, the latest value from before that target's judged period."""
    rows = att[att["value"].notna()][["unit_code", "ref", "period", "value"]]
    if rows.empty:
        return pd.DataFrame({"unit_code": pd.Series(dtype="str"), "ref": pd.Series(dtype="str"),
                             "earlier_period": pd.Series(dtype="str"),
                             "earlier_value": pd.Series(dtype="Float64")})
    # Integer codes, each distinct period and target looked up once: a map of ~300,000
    # texts through a dict cast every result back one by one.
    period_at, periods = pd.factorize(rows["period"].astype("str"))
    key = np.append(np.array([_key(p) for p in periods], dtype=float), np.nan)[period_at]
    judged_key = when.drop_duplicates("ref")
    ref_at = pd.Index(judged_key["ref"]).get_indexer(rows["ref"])
    limit = np.append(judged_key["_judged_key"].to_numpy(dtype=float), np.nan)[ref_at]
    before = key < limit  # NaN (no period, no such target): not before
    rows, key, ref_at = rows[before], key[before], ref_at[before]
    # the latest per unit and target: a stable sort on the period's key, the last row of
    # each pair kept
    pair = pd.factorize(rows["unit_code"])[0].astype(np.int64) * (len(judged_key) + 1) + ref_at
    order = np.argsort(key, kind="stable")
    last = ~pd.Series(pair[order]).duplicated(keep="last").to_numpy()
    rows = rows.iloc[order[last]]
    return rows.rename(columns={"period": "earlier_period", "value": "earlier_value"})[
        ["unit_code", "ref", "earlier_period", "earlier_value"]]


def judged_table(plan: Plan, scope_att: pd.DataFrame, unit_att: pd.DataFrame,
                 progress: pd.DataFrame | None = None, *,
                 expected: pd.DataFrame | None = None, as_of: str | None = None,
                 method: str = "sdg", owned: set[str] | None = None) -> pd.DataFrame:
    """Judge every unit on every target once: value, period, verdict, reason, coverage.

    Parameters
    ----------
    plan : Plan
        The plan, its targets with a ``ref``.
    scope_att, unit_att : DataFrame
        Attainment (every period) of the plan's unit and of the units below
        it (:func:`~childlabour_metrics.analysis.targets.judge`); an owned
        target's rows in ``scope_att`` are its owners'.
    progress : DataFrame, optional
        Progress of the plan's unit and of each unit (``unit_code, ref``).
    expected : DataFrame, optional
        The units expected to report (``unit_code, period, received``), from
        the completeness table; without it, the units are those with data.
    as_of : str, optional
        The report's latest period; by default the latest with a value.
    method : str
        The progress method named on the rows.
    owned : set of str, optional
        Refs of targets their owners report on: their units are their owners,
        never the expected communes.

    Returns
    -------
    DataFrame
        :data:`JUDGED_COLUMNS`: the plan unit's row (``is_scope``) and each
        unit's, per target, in plan order.  ``status`` is one of
        :data:`VERDICTS`, ``reason`` one of :data:`REASONS`; ``method`` is
        ``attainment`` (the value against the target by the plan's
        operator); ``progress`` (a status of the progress ``method``) only
        before the target's year.  Coverage (``n_reported`` units with a
        value / ``n_expected``, ``not_reported`` codes, ``units_met``) is on
        the plan unit's rows.  Values are in percent.

    Examples
    --------
    >>> from childlabour_metrics.reference.plans import load_plan
    >>> from childlabour_metrics.analysis.targets import judge
    >>> plan = load_plan("hai-duong-2021")
    >>> obs = pd.DataFrame({"unit_code": ["a", "a", "b"], "period": ["2024", "2025", "2024"],
    ...     "indicator": ["CL01"] * 3, "numerator": [14, 9, 5], "denominator": [1000] * 3})
    >>> units = judge(obs, plan, target_year=2025)
    >>> table = judged_table(plan, units.iloc[:0], units)
    >>> a1 = table[table["ref"] == "A1"]
    >>> a1[["unit_code", "period", "value", "status", "earlier_period", "earlier_value"]]
      unit_code period  value   status earlier_period  earlier_value
    0         a   2025    0.9      met            NaN           <NA>
    1         b   2025   <NA>  no_data           2024            0.5
    """
    targets = plan.targets
    owned = owned or set()
    att = pd.concat([scope_att.assign(_scope=True), unit_att.assign(_scope=False)],
                    ignore_index=True) if not scope_att.empty else unit_att.assign(_scope=False)
    if as_of is None:
        with_value = att.loc[att["value"].notna(), "period"].astype("str")
        as_of = max(pd.unique(with_value), key=_key) if len(with_value) else None
    scope_code = plan.scope_code
    when = pd.DataFrame({
        "ref": targets["ref"].astype("str").to_numpy(),
        "period": [judged_period(as_of, y) for y in targets["year"]],
    })
    when["_judged_key"] = when["period"].map(_key)
    # The units judged on each target: the plan's unit, then its units (the owners
    # of an owned target), those with data and those expected in the judged period.
    grid = _grid(att, when, expected, owned, scope_code, scope_att.empty)
    grid = grid.merge(when[["ref", "period"]], on="ref", how="left")
    # An owned target's plan row is its owner's: the scope rows of att carry the owner code.
    hit_scope = att[att["_scope"]].drop(columns="unit_code").assign(unit_code=scope_code)
    cols = ["unit_code", "ref", "period", "value", "numerator", "denominator", "status",
            "reason", "gap_pp"]
    # only the rows of each target's judged period can meet the grid: the others are
    # left before the ~400,000 rows are deduplicated and merged
    judged_at = np.append(when["period"].to_numpy(dtype=object), [None])[
        pd.Index(when["ref"]).get_indexer(att["ref"])]
    period = att["period"].to_numpy(dtype=object)
    same = (pd.isna(period) & pd.isna(judged_at)) | (period == judged_at)
    att_scope, att_units = att["_scope"].to_numpy(dtype=bool), ~att["_scope"].to_numpy(dtype=bool)
    found = pd.concat([hit_scope.loc[same[att_scope], cols].assign(is_scope=True),
                       att.loc[same & att_units, cols].assign(is_scope=False)],
                      ignore_index=True)
    found = found.drop_duplicates(["unit_code", "ref", "period", "is_scope"], keep="first")
    out = grid.merge(found.rename(columns={"status": "_status", "reason": "_reason"}),
                     on=["unit_code", "ref", "period", "is_scope"], how="left")
    info = targets.set_index("ref")
    out["label"] = out["ref"].map(info["label"]).astype("str")
    out["indicators"] = out["ref"].map(info["indicators"]).map(
        lambda i: tuple(i) if isinstance(i, tuple | list) else ()).astype(object)
    out["target_year"] = out["ref"].map(info["year"]).astype("Int64")
    out["direction"] = out["ref"].map(info["direction"]).astype("str")
    has_number = info["value"].notna() & info["operator"].notna()
    out["operator"] = out["ref"].map(info["operator"].where(has_number)).astype("str")
    out["target"] = out["ref"].map(info["value"].where(has_number)).astype("Float64")
    out["method"] = "attainment"
    # Earlier values: scope rows under the plan's code.
    earlier = pd.concat([
        _earlier(hit_scope, when).assign(is_scope=True),
        _earlier(att[att_units], when).assign(is_scope=False)],
        ignore_index=True)
    out = out.merge(earlier, on=["unit_code", "ref", "is_scope"], how="left")
    # beside a missing value only: a value of the judged period needs no other
    out[["earlier_period", "earlier_value"]] = out[["earlier_period", "earlier_value"]].where(
        out["value"].isna(), None)
    out = _verdicts(out, expected, owned)
    out = _with_progress(out, progress, method, scope_code)
    out = _coverage(out, expected, owned)
    order = {ref: i for i, ref in enumerate(targets["ref"])}
    out = out.assign(_o=out["ref"].map(order), _s=~out["is_scope"])
    out = out.sort_values(["_o", "_s", "unit_code"], kind="stable").drop(columns=["_o", "_s"])
    return _typed(out[JUDGED_COLUMNS].reset_index(drop=True))


def _grid(att: pd.DataFrame, when: pd.DataFrame, expected: pd.DataFrame | None,
          owned: set[str], scope_code: str, no_scope: bool) -> pd.DataFrame:
    """The units judged on each target: ``unit_code, ref, is_scope``, target by target.

    Per target: the plan's unit (when it has rows, or no unit has), then its units
    in code order: those with data, or, where the units expected in the judged
    period are known (not for an owned target), those expected and those with data
    in that period.  All targets at once (pairs of codes), not a pass per target
    over ~400,000 rows.
    """
    refs = when["ref"].astype("str").to_numpy(dtype=object)
    period_of = pd.Series(when["period"].to_numpy(dtype=object), index=refs)
    units = att.loc[~att["_scope"].to_numpy(dtype=bool), ["ref", "unit_code", "period"]]
    units = units[units["ref"].isin(refs).to_numpy(dtype=bool)]
    units = units.assign(unit_code=units["unit_code"].astype("str"))
    by_expected = np.array([expected is not None and ref not in owned and period is not None
                            for ref, period in zip(refs, when["period"], strict=True)],
                           dtype=bool)  # a handful of targets
    pairs = [units.loc[~units["ref"].isin(refs[by_expected]).to_numpy(dtype=bool),
                       ["ref", "unit_code"]]]
    if by_expected.any():
        assert expected is not None
        mine = units[units["ref"].isin(refs[by_expected]).to_numpy(dtype=bool)]
        here = (mine["period"].astype(object).to_numpy()
                == period_of.to_numpy()[pd.Index(period_of.index).get_indexer(mine["ref"])])
        pairs.append(mine.loc[here, ["ref", "unit_code"]])
        due = pd.DataFrame({"ref": refs[by_expected],
                            "period": period_of[refs[by_expected]].to_numpy(dtype=object)})
        due = due.merge(pd.DataFrame({"unit_code": expected["unit_code"].astype("str"),
                                      "period": expected["period"].astype(object)}),
                        on="period")
        pairs.append(due[["ref", "unit_code"]])
    found = pd.concat(pairs, ignore_index=True).drop_duplicates()
    found = found[(found["unit_code"] != scope_code).to_numpy(dtype=bool)]
    with_units = set(found["ref"])
    scope_refs = [ref for ref in refs if not no_scope or ref not in with_units]
    order = {ref: i for i, ref in enumerate(refs)}
    grid = pd.DataFrame({
        "unit_code": pd.array([scope_code] * len(scope_refs)
                              + found["unit_code"].tolist(), dtype="str"),
        "ref": pd.array(scope_refs + found["ref"].tolist(), dtype="str"),
        "is_scope": np.r_[np.ones(len(scope_refs), dtype=bool),
                          np.zeros(len(found), dtype=bool)],
    })
    grid = grid.assign(_o=grid["ref"].map(order), _s=~grid["is_scope"])
    return grid.sort_values(["_o", "_s", "unit_code"], kind="stable").drop(
        columns=["_o", "_s"]).reset_index(drop=True)


def _verdicts(out: pd.DataFrame, expected: pd.DataFrame | None,
              owned: set[str]) -> pd.DataFrame:
    """Status and reason of each row from its attainment row (or its absence)."""
    status = out["_status"].astype("str")
    has_value = out["value"].notna()
    no_target = out["target"].isna()
    # Where the unit was expected in the period and sent nothing: "not reported".
    sent = pd.Series(True, index=out.index)
    if expected is not None:
        key = expected.assign(unit_code=expected["unit_code"].astype("str"))
        received = key.drop_duplicates(["unit_code", "period"]).set_index(
            ["unit_code", "period"])["received"].astype("boolean")
        got = received.reindex(pd.MultiIndex.from_arrays(
            [out["unit_code"].astype("str"), out["period"].astype("str")]))
        sent = pd.Series(got.fillna(True).to_numpy(dtype=bool), index=out.index)
        sent |= out["is_scope"].to_numpy(dtype=bool) | out["ref"].isin(owned).to_numpy(bool)
    parts = period_parts(out["period"])
    year = parts["year"].astype("Float64")
    whole = (parts["kind"] == "year").fillna(True).astype(bool)
    due = out["target_year"].astype("Float64")
    early = (year < due).fillna(False).astype(bool)
    partial = ((year == due) & ~whole).fillna(False).astype(bool)
    final = status.where(status.notna(), "no_data")
    final = final.mask(~has_value & ~sent, "not_reported")
    final = final.mask(no_target, "no_target")
    reason = pd.Series("target_year", index=out.index, dtype="str")
    reason = reason.mask(early, "before_target_year").mask(partial, "year_not_over")
    reason = reason.mask(final == "incomplete", "missing_component")
    reason = reason.mask(final == "no_data", "no_value")
    reason = reason.mask(final == "not_reported", "not_reported")
    reason = reason.mask(final == "no_target", "no_target")
    return out.assign(status=final, reason=reason).drop(columns=["_status", "_reason"])


def _with_progress(out: pd.DataFrame, progress: pd.DataFrame | None, method: str,
                   scope_code: str) -> pd.DataFrame:
    """The progress status where the target is not yet due (or has no number); nothing
    after its year."""
    cols = {"progress": "str", "progress_method": "str", "progress_ratio": "Float64",
            "projection": "Float64", "base_year": "Int64"}
    if progress is None or progress.empty:
        return out.assign(**{c: pd.Series(pd.NA, index=out.index, dtype=t)
                             for c, t in cols.items()})
    prog = progress.drop_duplicates(["unit_code", "ref"], keep="first")
    prog = prog.assign(unit_code=prog["unit_code"].astype("str"))
    table = prog.set_index(["unit_code", "ref"])
    key = pd.MultiIndex.from_arrays([out["unit_code"].astype("str"), out["ref"].astype("str")])
    ahead = out["reason"].isin(["before_target_year", "year_not_over"]) | (
        out["status"].isin(["not_reported", "no_data"])
        & (period_parts(out["period"])["year"].astype("Float64")
           < out["target_year"].astype("Float64")).fillna(False).astype(bool))
    shown = {
        "progress": table["status"].reindex(key),
        "progress_method": pd.Series(method, index=key),
        "progress_ratio": table["ratio"].reindex(key),
        "projection": table["projection"].reindex(key),
        "base_year": table["base_year"].reindex(key),
    }
    for col, dtype in cols.items():
        values = pd.Series(shown[col].to_numpy(), index=out.index).astype(dtype)  # type: ignore[call-overload]
        # after its year a target's verdict is attainment alone; a target without a
        # number has no verdict, and its trend is all there is to show
        out[col] = values.where(ahead.to_numpy(dtype=bool) | out["target"].isna().to_numpy(bool))
    out["progress_method"] = out["progress_method"].where(out["progress"].notna())
    return out


def _coverage(out: pd.DataFrame, expected: pd.DataFrame | None,
              owned: set[str]) -> pd.DataFrame:
    """On the plan unit's rows: units with a value / expected, those not reporting, met."""
    units = out[~out["is_scope"]]
    valued = units[units["value"].notna()].groupby("ref").size()
    met = units[units["status"].isin(["met", "on_track"])].groupby("ref").size()
    n_units = units.groupby("ref").size()
    lacking = units[units["value"].isna() & (units["status"] != "no_target")]
    missing = {ref: tuple(sorted(codes)) for ref, codes in
               lacking.groupby("ref")["unit_code"]}
    scope = out["is_scope"].to_numpy(dtype=bool)
    ref = out["ref"]
    has_units = ref.map(n_units).fillna(0).to_numpy() > 0
    on = scope & has_units
    out["n_reported"] = pd.array(np.where(on, ref.map(valued).fillna(0), np.nan),
                                 dtype="Float64").astype("Int64")
    if expected is not None:
        out["n_expected"] = pd.array(np.where(on, ref.map(n_units).fillna(0), np.nan),
                                     dtype="Float64").astype("Int64")
    else:
        out["n_expected"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["units_met"] = pd.array(np.where(on, ref.map(met).fillna(0), np.nan),
                                dtype="Float64").astype("Int64")
    out["not_reported"] = pd.Series(
        [missing.get(r, ()) if on_row else () for r, on_row in zip(ref, on, strict=True)],
        index=out.index, dtype=object)
    return out


def _typed(out: pd.DataFrame) -> pd.DataFrame:
    dtypes: dict[str, Any] = {
        "unit_code": "str", "is_scope": "bool", "ref": "str", "label": "str",
        "target_year": "Int64", "direction": "str", "operator": "str", "target": "Float64",
        "period": "str", "value": "Float64", "numerator": "Int64", "denominator": "Int64",
        "status": "str", "reason": "str", "method": "str", "gap_pp": "Float64",
        "earlier_period": "str", "earlier_value": "Float64", "progress": "str",
        "progress_method": "str", "progress_ratio": "Float64", "projection": "Float64",
        "base_year": "Int64", "n_reported": "Int64", "n_expected": "Int64", "units_met": "Int64",
    }
    return out.astype(dtypes)
