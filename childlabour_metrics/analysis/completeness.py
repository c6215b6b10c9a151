"""Completeness and timeliness of reporting: who was expected to report, who did, and when.

Expected reports are counted from the unit registry (units valid during the
period, at the levels the plan says report, inside the plan's scope) times
the periods of the plan's reporting calendar.  The plan's own unit is not
expected to report to itself (a province plan expects its districts and
communes, not the province).  Received reports are the distinct files
(``unit_code, period, source_file``); a consolidated form, which a district
fills with its communes' rows, is also the district's own report.  A report
is on time when dated by the plan's deadline for its period.

A rate never hides a gap: ``received`` counts distinct expected units that
reported, so a duplicated report cannot make up for a missing commune (DHIS2
counts reports and caps at 100 %, and its users cannot tell a complete round
from one with a missing commune and a duplicated one).  Duplicates and
reports nobody expected (from a unit that had closed, say) are counted in
their own columns and listed as problems.  This module never
reads workbooks and never changes its inputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..language.errors import InputError, InputKeyError, InputTypeError
from ..language.problems import PROBLEMS, render
from ..reference._arrays import groups
from ..reference.periods import Period, PeriodError, parse_period
from ..reference.plans import Plan, load_plan
from ..reference.schemas import check_code_column
from ..reference.scope import scope_codes
from ..reference.units import (
    ancestor_in_period,
    ancestor_map,
    as_registry,
    rows_in_period,
)

__all__ = [
    "COMPLETENESS_COLUMNS",
    "RATE_COLUMNS",
    "completeness",
    "completeness_problems",
    "completeness_table",
    "in_plan_scope",
    "completeness_rates",
]

COMPLETENESS_COLUMNS = [
    "unit_code", "unit_name", "level", "parent_code", "parent_name", "period", "deadline",
    "expected", "n_reports", "received", "report_date", "on_time", "late", "missing", "duplicated",
    "unexpected", "status", "note", "files",
]
RATE_COLUMNS = [
    "parent_code", "parent_name", "level", "period", "expected", "received", "on_time", "late",
    "missing", "duplicates", "unexpected", "reports", "rate_received", "rate_on_time",
]
PROBLEM_COLUMNS = [
    "file", "sheet", "cell", "unit_code", "period", "indicator", "code", "severity", "message",
]



def _reports(source: Any) -> pd.DataFrame:
    """Distinct reports: unit_code, period, file, report_date (earliest)."""
    files = getattr(source, "files", None)
    table = getattr(source, "observations", source)
    if not isinstance(table, pd.DataFrame):
        raise InputTypeError("err_input_bad_source", value=type(source).__name__)
    table = table.rename(columns={"source_file": "file"})
    if isinstance(files, pd.DataFrame) and {"unit_code", "period", "file"} <= set(files.columns):
        # Observations name every unit of a consolidated form; the files table
        # adds the files that gave no rows at all (an error file still arrived).
        seen = set(table["file"].dropna()) if "file" in table.columns else set()
        extra = files[~files["file"].isin(seen)]
        keep = [c for c in ("unit_code", "period", "file", "report_date", "form")
                if c in extra.columns]
        table = pd.concat([table, extra[keep]], ignore_index=True)
    missing = [c for c in ("unit_code", "period") if c not in table.columns]
    if missing:
        raise InputKeyError("err_input_missing_columns", field=missing[0],
                            columns=", ".join(missing), expected="unit_code, period")
    # A malformed code or period is named below (an unexpected report); codes read as
    # numbers with decimals are no codes at all (the one rule of every door: schemas).
    check_code_column(table["unit_code"])
    table = table.copy()
    if "file" not in table.columns:
        table["file"] = pd.NA
    if "report_date" not in table.columns:
        table["report_date"] = pd.NaT
    table = table[table["unit_code"].notna() & table["period"].notna()]
    # Each raw (unit, period, file) numbered once, in order of appearance: the blank
    # forms and the first row of each report are found on these integers.
    group: np.ndarray = table.groupby(["unit_code", "period", "file"], sort=False,
                                      dropna=False).ngroup().to_numpy(dtype=np.int64)
    if {"numerator", "denominator"} <= set(table.columns):
        # A returned template with every count blank is no report (EMPTY_FORM): its
        # unit is still missing.  A file with no rows at all still arrived.  (A blank
        # file name and a missing one are one file here.)
        counted = (table["numerator"].notna() | table["denominator"].notna()).to_numpy(bool)
        blank_key: np.ndarray = group
        if table["file"].isin([""]).any():  # else the same groups as above
            by = [table["unit_code"], table["period"], table["file"].fillna("")]
            blank_key = pd.Series(counted, index=table.index).groupby(by, sort=False).ngroup(
                ).to_numpy(dtype=np.int64)
        filled = np.bincount(blank_key, weights=counted,
                             minlength=blank_key.max(initial=-1) + 1)[blank_key] > 0
        rows_of_file = table["indicator"].notna() if "indicator" in table.columns else (
            pd.Series(True, index=table.index))
        kept = filled | ~rows_of_file.to_numpy(bool)
        table, group = table[kept], group[kept]
    # An observation table holds one row per indicator, a dozen per report: keep the
    # first row of each raw (unit, period, file) and its earliest date, so that the
    # cleaning below runs once per report, not once per row.
    _, first, group = groups(group)  # numbered again in order of appearance
    dates = pd.to_datetime(table["report_date"]).astype("datetime64[ns]")
    earliest = dates.groupby(group, sort=True).min()
    table = table.iloc[first].assign(report_date=earliest.to_numpy())
    out = pd.DataFrame(
        {
            "unit_code": table["unit_code"].astype("str").str.strip(),
            "period": _canonical_periods(table["period"]),
            "file": table["file"].astype("str"),
            "report_date": pd.to_datetime(table["report_date"]).astype("datetime64[ns]"),
            "form": (table["form"].astype("str").fillna("single") if "form" in table.columns
                     else pd.Series("single", index=table.index, dtype="str")),
        }
    )
    out["period"] = out["period"].astype("str")
    out["_file_key"] = out["file"].fillna("")
    grouped = out.groupby(["unit_code", "period", "_file_key"], sort=True, dropna=False).agg(
        file=("file", "first"), report_date=("report_date", "min"), form=("form", "first")
    )
    return grouped.reset_index().drop(columns="_file_key")


def _credit_consolidated(reports: pd.DataFrame, registry: pd.DataFrame,
                         scope: set[str]) -> pd.DataFrame:
    """Add each consolidated form as the report of the unit that filled it in.

    A district's consolidated form lists its communes; the district sent it,
    so it is the district's own report too.  The sender is the one parent
    all the form's units share, when that parent is in the plan's scope;
    a form mixing units of several parents credits nobody extra.
    """
    forms = reports[reports["form"] == "consolidated"]
    if forms.empty:
        return reports
    # the parent valid in the form's period: codes are reused across 1 July 2025
    parent = rows_in_period(forms["unit_code"], forms["period"], registry)["parent_code"]
    per_file = forms.assign(_parent=parent).groupby(["period", "file"], sort=False).agg(
        _n=("_parent", "nunique"), unit_code=("_parent", "first"),
        report_date=("report_date", "min"))
    senders = per_file[(per_file["_n"] == 1) & per_file["unit_code"].isin(scope)]
    senders = senders.reset_index().drop(columns="_n").assign(form="consolidated")
    both = pd.concat([reports, senders[reports.columns]], ignore_index=True)
    return both.drop_duplicates(["unit_code", "period", "file"]).reset_index(drop=True)


def _canonical_period(text: Any) -> str:
    try:
        return str(parse_period(text))
    except PeriodError:
        return str(text)


def _canonical_periods(periods: pd.Series) -> pd.Series:
    """Each period as the library writes it; every distinct text parsed once."""
    distinct = pd.unique(periods.astype("str"))
    canon = {p: _canonical_period(p) for p in distinct}
    return periods.astype("str").map(canon)


def _periods(reports: pd.DataFrame, plan: Plan, periods: Iterable[Any] | None) -> list[Period]:
    if periods is not None:
        return sorted({parse_period(p) for p in periods})
    seen = []
    for text in pd.unique(reports["period"].astype("str")):  # each distinct period once
        try:
            seen.append(parse_period(text))
        except PeriodError:
            continue
    kinds = _calendar_kinds(plan)
    if not kinds:
        return sorted(set(seen))
    years = sorted({p.year for p in seen})
    out = []
    for year in years:
        for kind in kinds:
            out.append(Period(year) if kind == "year" else Period(year, int(kind[1])))
    return sorted(out)


def _calendar_kinds(plan: Plan) -> list[str]:
    calendar = plan.calendar
    if "period" not in calendar.columns:
        return []
    return [k for k in ("H1", "H2", "year") if k in set(calendar["period"].astype("str"))]


def _deadlines(plan: Plan, periods: pd.Series, levels: pd.Series,
               kinds: pd.Series | None = None) -> pd.Series:
    """The deadline of each row, judged at its unit's own level (and department kind).

    Each distinct (period, level, kind) is asked once.
    """
    keys = pd.DataFrame({"period": periods.astype("str"), "level": levels.astype("str"),
                         "kind": (kinds.astype("str") if kinds is not None
                                  else pd.Series(pd.NA, index=periods.index, dtype="str"))})
    distinct = keys.drop_duplicates().reset_index(drop=True)
    canon = distinct["period"].map(lambda p: _canonical_period(p))
    valid = canon.map(_parses).astype(bool)
    found = pd.Series(pd.NaT, index=distinct.index, dtype="datetime64[ns]")
    if valid.any():
        got = plan.deadlines(canon[valid], distinct.loc[valid, "level"],
                             distinct.loc[valid, "kind"])
        found[valid] = pd.to_datetime(got).astype("datetime64[ns]").to_numpy()
    distinct["deadline"] = found
    merged = keys.merge(distinct, on=["period", "level", "kind"], how="left")
    return pd.Series(merged["deadline"].to_numpy(), index=periods.index,
                     dtype="datetime64[ns]")


def _years(periods: pd.Series) -> np.ndarray:
    """The year of each period text (a large number for one that is not a period: kept)."""
    distinct = pd.unique(periods.astype("str"))
    years = {}
    for text in distinct:
        try:
            years[text] = parse_period(text).year
        except PeriodError:
            years[text] = 10**6
    return periods.astype("str").map(years).to_numpy(dtype=np.int64)


def in_plan_scope(table: pd.DataFrame) -> pd.DataFrame:
    """A completeness table without the reports of units outside the plan's scope.

    What a plan's own tables show (its report, the command line): a commune of
    another province is not part of its story, not even as "unexpected".

    Examples
    --------
    >>> table = pd.DataFrame({"unit_code": ["a", "z"], "note": [None, "not_in_scope"]})
    >>> in_plan_scope(table)["unit_code"].tolist()
    ['a']
    """
    return table[(table["note"] != "not_in_scope").to_numpy(dtype=bool)].reset_index(drop=True)


def _parses(period: str) -> bool:
    try:
        parse_period(period)
    except PeriodError:
        return False
    return True


def completeness(
    result_or_observations: Any,
    units: Any,
    plan: Plan | str,
    *,
    periods: Iterable[Any] | None = None,
    level: str | None = None,
    crosswalk: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Expected, received, on-time, late, missing, duplicated and unexpected reports.

    Parameters
    ----------
    result_or_observations : DataFrame or object
        The observations table (``unit_code, period`` and, when known,
        ``source_file, report_date, status``), a files table (``file,
        unit_code, period, report_date, status``), or a reader result with
        ``.observations`` and optionally ``.files`` (which adds the files that
        gave no rows).  A superseded file still arrived: it counts as a second
        report of its unit and period (``duplicated``), never silently dropped.
    units : DataFrame or path
        Unit registry with validity dates (see
        :func:`~childlabour_metrics.reference.units.load_units`).
    plan : Plan, str or path
        A plan, a bundled plan id or a plan file; gives ``report_levels``,
        ``scope_code``, the calendar's period kinds and its deadlines.
    periods : iterable, optional
        Periods to count.  Default: every calendar period (H1, H2, year as
        the plan's calendar lists them) of every year in which a unit of the
        plan reported, from the plan's first year on (reports from before it,
        a baseline, are no round of the plan and are left out).
    level : str, optional
        Count only this level instead of the plan's ``report_levels``.
    crosswalk : DataFrame, optional
        Where a dissolved unit's territory went (``old_code, new_code,
        effective_date``); default the official crosswalk.  A round is
        expected of the units valid at its deadline: after 1 July 2025,
        Hải Dương's plan expects its yearly 2025 report from the communes
        that hold Hải Dương's territory
        (:func:`~childlabour_metrics.reference.scope.scope_codes`).

    Returns
    -------
    DataFrame
        One row per expected unit and period, plus one per unit and period
        that reported without being expected: ``unit_code, unit_name, level,
        parent_code, period, deadline, expected, n_reports, received,
        report_date`` (earliest), ``on_time, late`` (NA when the report or
        the calendar has no date), ``missing, duplicated`` (more than one
        file), ``unexpected, status`` (``on_time``, ``late``, ``received``
        (undated), ``missing`` or ``unexpected``), ``note`` (why a report
        was unexpected: ``unknown_unit``, ``unit_not_valid``,
        ``not_in_scope``, ``level_not_reporting``, ``period_not_expected``)
        and ``files`` (tuple of file names).

    Examples
    --------
    >>> from childlabour_metrics.reference.units import load_units
    >>> units = load_units(pd.DataFrame({"code": ["P", "a", "b", "c"],
    ...     "name": ["P", "A", "B", "C"], "level": ["province", *["commune"] * 3],
    ...     "parent_code": ["", "P", "P", "P"], "valid_to": ["", "", "", "2024-06-30"]}))
    >>> plan = Plan(id="p", name_vi="P", name_en="P", issuer="", document="", scope_code="P",
    ...     scope_name="P", scope_level="province", start=2021, end=2025, horizon=2030,
    ...     parent=None, report_levels=("commune",), targets=pd.DataFrame(),
    ...     calendar=pd.DataFrame({"period": ["year"], "deadline": ["12-15"], "year_offset": [0],
    ...                            "description_vi": [""], "level": [None], "unit_kind": [None]}))
    >>> obs = pd.DataFrame({"unit_code": ["a", "b", "c"], "period": ["2024"] * 3,
    ...     "source_file": ["a.xlsx", "b.xlsx", "c.xlsx"],
    ...     "report_date": pd.to_datetime(["2024-12-10", "2024-12-20", "2024-12-01"])})
    >>> completeness(obs, units, plan)[["unit_code", "expected", "status", "note"]]
      unit_code  expected      status            note
    0         a      True     on_time             NaN
    1         b      True        late             NaN
    2         c     False  unexpected  unit_not_valid

    c closed in June: the yearly report, due on 15 December, is not expected of it.
    """
    registry = as_registry(units)
    if registry is None:
        raise InputError("err_input_needs_units", field="units", level="completeness")
    return completeness_table(result_or_observations, registry, load_plan(plan),
                              periods=periods, level=level, crosswalk=crosswalk)


def completeness_table(
    result_or_observations: Any,
    registry: pd.DataFrame,
    plan: Plan,
    *,
    periods: Iterable[Any] | None = None,
    level: str | None = None,
    crosswalk: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The core of :func:`completeness`: a loaded registry and plan only.

    Parameters
    ----------
    registry : DataFrame
        A loaded registry (:func:`~childlabour_metrics.reference.units.as_registry`).
    plan : Plan
        A loaded plan.
    result_or_observations, periods, level, crosswalk
        As :func:`completeness`.

    Returns
    -------
    DataFrame
        The table :func:`completeness` returns.
    """
    reports = _reports(result_or_observations)
    levels = (level,) if level is not None else tuple(plan.report_levels or ())
    scope_code = plan.scope_code
    # Every unit the plan ever covers (every (code, parent) edge: codes are reused),
    # the units that took its territory after a reorganisation included.
    scope = scope_codes(registry, scope_code, crosswalk=crosswalk)
    if scope_code in scope and len(scope) > 1:
        # The plan's unit does not report to itself: its units report to it.
        scope = scope - {scope_code}
    reports = _credit_consolidated(reports, registry, scope)
    # The rounds: the years the plan's own units reported in, not another area's (a
    # commune of another province reporting for 2026 makes no 2026 round of this plan).
    ours = reports["unit_code"].isin(scope | {scope_code})
    wanted = _periods(reports[ours.to_numpy(bool)], plan, periods)
    if periods is None and plan.start is not None:
        # No round before the plan's first year is expected of anyone, and the
        # reports from before it (a baseline) are no round of this plan (issue 22).
        wanted = [p for p in wanted if p.year >= int(plan.start)]
        reports = reports[_years(reports["period"]) >= int(plan.start)]
    expected_frames = []
    territory: dict[pd.Timestamp, set[str]] = {}  # the scope on each deadline, asked once
    for period in wanted:
        codes = _expected_codes(registry, plan, period, scope, levels, territory, crosswalk)
        expected_frames.append(pd.DataFrame({"unit_code": codes, "period": str(period)}))
    if expected_frames:
        expected = pd.concat(expected_frames, ignore_index=True)
    else:
        expected = pd.DataFrame({"unit_code": pd.Series(dtype="str"),
                                 "period": pd.Series(dtype="str")})
    expected["expected"] = True
    per_unit = _per_unit(reports)
    out = expected.merge(per_unit, on=["unit_code", "period"], how="outer")
    out["expected"] = out["expected"].astype("boolean").fillna(False)
    out["n_reports"] = out["n_reports"].fillna(0).astype("Int64")
    out["received"] = (out["n_reports"] > 0).astype("boolean")
    out["missing"] = (out["expected"] & ~out["received"]).astype("boolean")
    out["duplicated"] = (out["n_reports"] > 1).astype("boolean")
    out["unexpected"] = (~out["expected"] & out["received"]).astype("boolean")
    # Codes are reused across 2025: names, levels and parents from the row valid then.
    periods = out["period"].astype("str")
    info = rows_in_period(out["unit_code"], periods, registry)
    # each unit judged against its own level's deadline (a department against its own)
    out["deadline"] = _deadlines(plan, periods, info["level"],
                                 info["kind"] if "kind" in info.columns else None)
    judge_timeliness(out)  # on_time, late and status
    out["note"] = _unexpected_notes(out, registry, scope, levels, {str(p) for p in wanted},
                                    own=scope_code, level=info["level"])
    out["unit_name"] = info["name"].astype("str")
    out["level"] = info["level"].astype("str")
    out["parent_code"] = info["parent_code"].astype("str")
    out["parent_name"] = rows_in_period(out["parent_code"], periods, registry)["name"].astype(
        "str")
    out["files"] = out["files"].where(out["files"].notna(), pd.Series(
        [()] * len(out), index=out.index, dtype=object)).astype(object)
    out["unit_code"] = out["unit_code"].astype("str")
    out["period"] = out["period"].astype("str")
    out["report_date"] = out["report_date"].astype("datetime64[ns]")
    order = _sort_keys(out["period"])
    out = out.assign(_order=order).sort_values(["_order", "unit_code"]).drop(columns="_order")
    return out[COMPLETENESS_COLUMNS].reset_index(drop=True)


def _expected_codes(registry: pd.DataFrame, plan: Plan, period: Period, scope: set[str],
                    levels: tuple[str, ...], territory: dict[pd.Timestamp, set[str]],
                    crosswalk: pd.DataFrame | None) -> pd.Series:
    """Codes expected to report for a period: the units valid at its deadline.

    Each unit's deadline is its own level's (and department kind's) in the
    plan's calendar, the period's last day where the calendar has none.  A
    unit is expected when it exists on its deadline, at a level that reports,
    inside the plan's scope on that day: its scope unit's subtree then, or,
    once the scope unit is gone, the units holding its territory
    (:func:`~childlabour_metrics.reference.scope.scope_codes`): a commune
    dissolved on 1 July 2025 is not expected to send the yearly 2025 report
    due in December, its successors are.
    """
    rows = registry if not levels else registry[registry["level"].isin(levels)]
    if rows.empty:
        return pd.Series(dtype="str")
    n = len(rows)
    kinds = rows["kind"] if "kind" in rows.columns else None
    due = plan.deadlines(pd.Series([str(period)] * n, index=rows.index), rows["level"], kinds)
    end = pd.Timestamp(period.end)
    day = due.astype("datetime64[ns]").fillna(end)
    valid = _valid_at(rows, day)
    keep = np.zeros(n, dtype=bool)
    codes = rows["code"].astype("str").to_numpy()
    for when in pd.unique(day[valid]):  # one or two deadlines a period
        when = pd.Timestamp(when)
        if when not in territory:
            held = scope_codes(registry, plan.scope_code, on=when, crosswalk=crosswalk)
            if plan.scope_code in held and len(held) > 1:
                held = held - {plan.scope_code}  # the plan's unit does not report to itself
            territory[when] = held & scope if scope else held
        on_day = valid & (day == when).to_numpy(bool)
        # a hash lookup: np.isin sorts object arrays (0.17 s a deadline nationally)
        keep |= on_day & pd.Index(codes).isin(territory[when])
    return pd.Series(codes[keep], dtype="str").drop_duplicates().reset_index(drop=True)


def _valid_at(rows: pd.DataFrame, day: pd.Series) -> np.ndarray:
    """Whether each registry row existed on its day."""
    began = rows["valid_from"].isna() | (rows["valid_from"] <= day)
    not_ended = rows["valid_to"].isna() | (rows["valid_to"] >= day)
    return (began & not_ended).to_numpy(bool)


def _per_unit(reports: pd.DataFrame) -> pd.DataFrame:
    """Per (unit, period): number of reports, earliest date, and the sorted file names.

    Native group-bys; the tuples of file names are cut from one sorted array
    (one tuple per group is what the column holds, no per-group function).
    """
    keys = ["unit_code", "period"]
    grouped = reports.groupby(keys, sort=True)
    out = pd.DataFrame({"n_reports": grouped.size(),
                        "report_date": grouped["report_date"].min()}).reset_index()
    named = reports[reports["file"].notna()]
    named = named.assign(_f=named["file"].astype("str")).sort_values([*keys, "_f"])
    starts = np.flatnonzero(np.r_[True, (named["unit_code"].to_numpy()[1:]
                                         != named["unit_code"].to_numpy()[:-1])
                                  | (named["period"].to_numpy()[1:]
                                     != named["period"].to_numpy()[:-1])]) if len(named) else (
        np.empty(0, dtype=np.intp))
    names = named["_f"].to_numpy(dtype=object)
    bounds = [*starts[1:], len(names)] if len(named) else []
    files = pd.DataFrame({"unit_code": named["unit_code"].to_numpy()[starts] if len(named)
                          else pd.Series(dtype="str"),
                          "period": named["period"].to_numpy()[starts] if len(named)
                          else pd.Series(dtype="str"),
                          "files": pd.Series([tuple(names[a:b]) for a, b in zip(
                              starts, bounds, strict=True)], dtype=object)})
    out = out.merge(files, on=keys, how="left")
    return out


def _sort_keys(periods: pd.Series) -> pd.Series:
    """:func:`_sort_key` of every row, each distinct period parsed once."""
    distinct = pd.unique(periods.astype("str"))
    keys = {p: _sort_key(p) for p in distinct}
    return periods.astype("str").map(keys)


def _sort_key(period: str) -> tuple[int, int, str]:
    try:
        key = parse_period(period).sort_key
    except PeriodError:
        return (9999, 9, period)
    return (key[0], key[1], "")


def _unexpected_notes(
    out: pd.DataFrame,
    registry: pd.DataFrame,
    scope: set[str],
    levels: tuple[str, ...],
    periods: set[str],
    own: str | None = None,
    level: pd.Series | None = None,
) -> pd.Series:
    code = out["unit_code"].astype("str")
    unexpected = out["unexpected"].fillna(False).to_numpy(bool)
    known = code.isin(set(registry["code"])).to_numpy(bool)
    # the level of the row valid in the period (codes are reused across 2025); the
    # caller's when it has looked the rows up already
    if level is None:
        level = rows_in_period(code, out["period"].astype("str"), registry)["level"]
    wrong_level = (~level.isin(levels)).to_numpy(bool) if levels else np.zeros(len(out), bool)
    # first matching reason wins, in this order
    note = np.select(
        [~unexpected, ~known, (code == own).to_numpy(bool), ~code.isin(scope).to_numpy(bool),
         wrong_level, ~out["period"].astype("str").isin(periods).to_numpy(bool)],
        ["", "unknown_unit", "level_not_reporting", "not_in_scope", "level_not_reporting",
         "period_not_expected"], default="unit_not_valid")
    # "" stands for "no note" (np.select needs one type): missing in the table
    return pd.Series(note, index=out.index, dtype="str").replace("", None)


def completeness_rates(
    table: pd.DataFrame,
    units: pd.DataFrame | None = None,
    *,
    level: str | None = None,
) -> pd.DataFrame:
    """Reporting rates per parent unit (or ancestor at ``level``) and period.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`completeness`.
    units : DataFrame, optional
        Unit registry; needed with ``level``.
    level : str, optional
        Group by each unit's ancestor at this level (e.g. ``"province"``)
        instead of its direct parent.

    Returns
    -------
    DataFrame
        ``parent_code, parent_name`` (the unit the rates are for),
        ``level`` (of the units reporting to it: a province's departments
        and its communes are rated apart), ``period``, ``expected``
        (unit-periods), ``received`` (distinct expected units that
        reported), ``on_time, late`` (expected unit-periods, judged by their
        first report), ``missing``, ``duplicates`` (extra reports from
        expected units), ``unexpected`` (reports from units not expected),
        ``reports`` (every report counted), ``rate_received = received /
        expected`` and ``rate_on_time = on_time / expected``.  Rates are
        fractions (1.0 = 100 %), NA when nothing was expected.  No gap is
        hidden: ``received + missing = expected`` and ``reports = received +
        duplicates + unexpected``.

    Examples
    --------
    >>> table = pd.DataFrame({"unit_code": ["a", "b", "c"], "parent_code": ["P", "P", "P"],
    ...     "period": ["2024"] * 3, "expected": [True, True, False],
    ...     "n_reports": [2, 0, 1], "on_time": [True, pd.NA, True],
    ...     "late": [False, pd.NA, False], "missing": [False, True, False]})
    >>> completeness_rates(table)[["expected", "received", "missing", "duplicates",
    ...     "unexpected", "reports", "rate_received"]]
       expected  received  missing  duplicates  unexpected  reports  rate_received
    0         2         1        1           1           1        3            0.5
    """
    data = table.copy()
    if level is not None:
        if units is None:
            raise InputError("err_input_needs_units", field="units", level=repr(level))
        registry = as_registry(units)
        if "period" in data.columns:
            # the ancestor of the row valid in each period: codes are reused across 2025
            data["parent_code"] = ancestor_in_period(
                data["unit_code"], data["period"].astype("str"), registry, level
            ).astype("str")
        else:
            data["parent_code"] = data["unit_code"].map(ancestor_map(registry, level)).astype("str")
    expected = data["expected"].astype("boolean").fillna(False)
    n = data["n_reports"].astype("Int64").fillna(0)
    data = data.assign(
        _expected=expected.astype("Int64"),
        # Distinct expected units that reported: a duplicate never fills a gap.
        _received=((n > 0) & expected).astype("Int64"),
        # Timeliness is judged on expected reports only: a closed unit's punctual
        # report must not lift the rate of the units that were asked.
        _on_time=(data["on_time"].astype("boolean").fillna(False) & expected).astype("Int64"),
        _late=(data["late"].astype("boolean").fillna(False) & expected).astype("Int64"),
        _missing=data["missing"].astype("boolean").fillna(False).astype("Int64"),
        _duplicates=(n - 1).clip(lower=0).where(expected, 0).astype("Int64"),
        _unexpected=n.where(~expected, 0).astype("Int64"),
        _reports=n,
    )
    cols = ["_expected", "_received", "_on_time", "_late", "_missing", "_duplicates",
            "_unexpected", "_reports"]
    if "level" not in data.columns:
        data["level"] = pd.Series(pd.NA, index=data.index, dtype="str")
    # Parent AND level: a province's departments and its communes are two rates.
    out = data.groupby(["parent_code", "level", "period"], sort=True, dropna=False)[cols].sum()
    out = out.reset_index().rename(columns={c: c[1:] for c in cols})
    exp = out["expected"].astype("Float64")
    exp = exp.where(exp > 0)
    out["rate_received"] = (out["received"] / exp).astype("Float64")
    out["rate_on_time"] = (out["on_time"] / exp).astype("Float64")
    for col in ("expected", "received", "on_time", "late", "missing", "duplicates",
                "unexpected", "reports"):
        out[col] = out[col].astype("Int64")
    out["parent_code"] = out["parent_code"].astype("str")
    out["parent_name"] = out["parent_code"].map(_names(table, units)).astype("str")
    out["period"] = out["period"].astype("str")
    out["level"] = out["level"].astype("str")
    # Codes of different lengths in number order (30, 31, 288, 300: not 288, 30, 300),
    # by padding them to one width; codes of letters keep their text order.
    width = int(out["parent_code"].fillna("").str.len().max()) if len(out) else 0
    out = out.assign(_order=_sort_keys(out["period"]),
                     _parent=out["parent_code"].str.zfill(width))
    out = out.sort_values(["_parent", "level", "_order"], na_position="last")
    return out[RATE_COLUMNS].reset_index(drop=True)


def _names(table: pd.DataFrame, units: pd.DataFrame | None) -> pd.Series:
    """Unit names by code, from the registry if given, else from the table itself."""
    if units is not None:
        return units.drop_duplicates("code").set_index("code")["name"].astype("str")
    names = pd.Series(dtype="str")
    if {"unit_code", "unit_name"} <= set(table.columns):
        names = table.drop_duplicates("unit_code").set_index("unit_code")["unit_name"]
    if {"parent_code", "parent_name"} <= set(table.columns):
        parents = table.drop_duplicates("parent_code").set_index("parent_code")["parent_name"]
        names = parents.combine_first(names) if len(names) else parents
    return names.astype("str")


def judge_timeliness(table: pd.DataFrame) -> pd.DataFrame:
    """``on_time``, ``late`` and ``status`` of a completeness table, set in place.

    From its ``received``, ``report_date``, ``deadline``, ``missing`` and
    ``unexpected`` columns: a report received by its deadline is on time, one
    received after it late (unknown without a date or a deadline); a status
    says the most telling of received, on time, late, missing, unexpected.
    :func:`completeness` and :func:`~childlabour_metrics.analysis.departments.level_deadlines`
    (which changes the deadlines) both judge so.

    Examples
    --------
    >>> table = pd.DataFrame({"received": [True, True, False, True],
    ...     "report_date": pd.to_datetime(["2024-12-01", "2024-12-20", None, None]),
    ...     "deadline": pd.to_datetime(["2024-12-10"] * 4),
    ...     "missing": [False, False, True, False], "unexpected": [False] * 4})
    >>> judge_timeliness(table)[["on_time", "status"]]
       on_time    status
    0     True   on_time
    1    False      late
    2     <NA>   missing
    3     <NA>  received
    """
    received = table["received"].astype("boolean").fillna(False)
    dated = received & table["report_date"].notna() & table["deadline"].notna()
    on_time = pd.array([pd.NA] * len(table), dtype="boolean")
    on_time[dated.to_numpy()] = (table["report_date"] <= table["deadline"])[dated].to_numpy()
    table["on_time"] = on_time
    table["late"] = ~table["on_time"]
    status = pd.Series("received", index=table.index, dtype="str")
    status = status.mask(table["on_time"].fillna(False), "on_time")
    status = status.mask(table["late"].fillna(False), "late")
    status = status.mask(table["missing"].astype("boolean").fillna(False), "missing")
    status = status.mask(table["unexpected"].astype("boolean").fillna(False), "unexpected")
    table["status"] = status
    return table


def completeness_problems(
    table: pd.DataFrame, *, lang: str = "vi", include_missing: bool = False
) -> pd.DataFrame:
    """Problems for duplicated and unexpected reports (and, optionally, missing ones).

    Parameters
    ----------
    table : DataFrame
        The output of :func:`completeness`.
    lang : {"vi", "en"}
        Language of the messages.
    include_missing : bool
        Also list each missing report (severity ``info``).

    Returns
    -------
    DataFrame
        The contract's problems table: ``file, sheet, cell, unit_code,
        period, indicator, code, severity, message``; one row per file of a
        duplicated or unexpected report (codes ``DUPLICATE_REPORT``,
        ``UNEXPECTED_REPORT``, severity ``warning``).

    Examples
    --------
    >>> table = pd.DataFrame({"unit_code": ["a"], "period": ["2024"], "n_reports": [2],
    ...     "duplicated": [True], "unexpected": [False], "missing": [False], "note": [None],
    ...     "files": [("a1.xlsx", "a2.xlsx")]})
    >>> completeness_problems(table, lang="en")[["file", "code", "severity"]]
          file              code severity
    0  a1.xlsx  DUPLICATE_REPORT  warning
    1  a2.xlsx  DUPLICATE_REPORT  warning
    """
    # One row per file of each flagged report; the registry renders the messages.
    files = table["files"].map(lambda f: tuple(f or ()) or (None,))
    each = table.assign(file=files).explode("file")
    flag = {col: each[col].astype("boolean").fillna(False).to_numpy(bool)
            for col in ("unexpected", "duplicated", "missing")}
    unexpected = each[flag["unexpected"]].assign(code="UNEXPECTED_REPORT", detail=lambda d:
                                                  d["note"])
    duplicated = each[flag["duplicated"]]
    # the other files of the same report (a handful per flagged report)
    others = [", ".join(str(f) for f in fs if f != f0)
              for fs, f0 in zip(duplicated["files"], duplicated["file"], strict=True)]
    duplicated = duplicated.assign(code="DUPLICATE_REPORT", detail=others)
    parts = [unexpected, duplicated]
    if include_missing:
        missing = table[table["missing"].astype("boolean").fillna(False).to_numpy(bool)]
        parts.append(missing.assign(file=None, code="MISSING_REPORT", detail=None))
    rows = pd.concat([p[["file", "unit_code", "period", "code", "detail"]] for p in parts],
                     ignore_index=True)
    rows = rows.assign(sheet=None, cell=None, indicator=None, value=None,
                       severity=rows["code"].map({c: PROBLEMS[c].severity for c in
                                                  ("UNEXPECTED_REPORT", "DUPLICATE_REPORT",
                                                   "MISSING_REPORT")}))
    frame = render(rows, lang)[PROBLEM_COLUMNS]
    return frame.astype(dict.fromkeys(PROBLEM_COLUMNS, "str"))


