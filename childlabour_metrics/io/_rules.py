"""Validation rules over the raw rows of all files read, run once, vectorised.

Row rules (counts and their pairing) are a pandera model, whose checks are
evaluated once each over all rows (a test holds them to pandera's own lazy
validation), so every failure is collected at once and mapped back to its cell.  Rules that
need a whole report (duplicates, CL01/CL02), the unit registry, the plan, or
several files (superseded reports, jumps from earlier periods) follow.  Each
rule returns a table of the problems it found (:func:`found_problems`), built
column by column; nothing here drops a row or changes a value.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from ..reference.indicators import INDICATOR_CODES
from ..reference.periods import parse_period
from ..reference.plans import Plan
from ..reference.relations import broken, relations
from ..reference.schemas import not_unit_codes, numerator_fits, zero_denominator_fits
from ..reference.scope import plan_scope
from ..reference.units import LEVELS, match_unit_names, rows_in_period, units_valid_in

__all__ = ["RawRows", "JUMP_SHARE", "all_rules"]

#: A denominator changing by more than this share of last year's is a warning.
JUMP_SHARE = 0.5


class RawRows(pa.DataFrameModel):
    """Indicator rows as read, before any rule decided their status.

    Each check is named by the problem code it raises, so a failure case maps
    straight back to a problem row and, through ``numerator_cell`` and
    ``denominator_cell``, to the cell to fix.
    """

    numerator: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    denominator: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    numerator_bad: Series[bool]
    denominator_bad: Series[bool]

    @pa.dataframe_check(name="UNKNOWN_INDICATOR")
    def known_indicator(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """The code cell holds one of CL01–CL13."""
        return df["indicator"].isin(INDICATOR_CODES)

    @pa.dataframe_check(name="MISSING_DENOMINATOR")
    def denominator_present(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """A numerator has its denominator (unless that cell is already in error)."""
        return ~(df["numerator"].notna() & df["denominator"].isna() & ~df["denominator_bad"])

    @pa.dataframe_check(name="MISSING_NUMERATOR")
    def numerator_present(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """A denominator has its numerator (unless that cell is already in error)."""
        return ~(df["denominator"].notna() & df["numerator"].isna() & ~df["numerator_bad"])

    # The count pair's rules are the reference's (the same as every table's).
    @pa.dataframe_check(name="NUMERATOR_GT_DENOMINATOR")
    def numerator_le_denominator(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """A part cannot exceed its whole (a zero denominator is its own rule)."""
        return numerator_fits(df)

    @pa.dataframe_check(name="ZERO_DENOMINATOR")
    def zero_denominator(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """A denominator of zero leaves no room for a non-zero numerator."""
        return zero_denominator_fits(df)

    class Config:
        """Extra columns (cells, provenance) are allowed; types are checked, not coerced."""

        strict = False
        coerce = False


def warm_up() -> None:
    """Build :class:`RawRows`'s schema now (its checks are what :func:`row_rules` runs).

    :func:`~childlabour_metrics.io.read_reports` calls this while worker
    processes read the files.  No validation is run: that registers pandera's
    backends, which import hypothesis (seconds on a busy machine), and the
    rules do not need them.
    """
    _schema()


# Which cell a failure points to, per check.
_CHECK_CELL = {
    "UNKNOWN_INDICATOR": ("code_cell", "indicator_raw"),
    "MISSING_DENOMINATOR": ("denominator_cell", "numerator"),
    "MISSING_NUMERATOR": ("numerator_cell", "denominator"),
    "NUMERATOR_GT_DENOMINATOR": ("numerator_cell", "numerator"),
    "ZERO_DENOMINATOR": ("denominator_cell", "numerator"),
}


def _text(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value)


_WHERE = ["source_file", "sheet", "unit_code", "period", "indicator"]


def _texts(values: pd.Series) -> list[str | None]:
    """:func:`_text` of each value, vectorised (None for missing)."""
    text = values.astype("str")
    return text.astype(object).where(text.notna(), None).tolist()


#: The columns of a table of problems found while reading: one row per problem, in
#: the order found; ``rows`` holds the labels of the raw rows it names (a list each).
#: Rules return such tables, built column by column (not a dict per problem: at
#: national scale, building and reading the dicts was half the rules' time).
FOUND_COLUMNS = ["file", "sheet", "cell", "unit_code", "period", "indicator", "code", "rows",
                 "value", "detail"]


def found_problems(n: int, **columns: Any) -> pd.DataFrame:
    """A table of ``n`` found problems (:data:`FOUND_COLUMNS`), object columns.

    Each column is a sequence of ``n`` values or one value for all; a column
    not given is None throughout.  Object columns keep each value as given,
    so a count shows as ``1234``, not ``1234.0``.

    Examples
    --------
    >>> found_problems(2, code="VALUE_JUMP", rows=[[3], [5]], cell=["D4", "D6"])[
    ...     ["code", "rows", "cell", "value"]]
             code rows cell value
    0  VALUE_JUMP  [3]   D4  None
    1  VALUE_JUMP  [5]   D6  None
    """
    # dtype=object: from object arrays of text alone, pandas would infer its string type.
    return pd.DataFrame({c: _objects(columns.get(c), n) for c in FOUND_COLUMNS}, dtype=object)


def _objects(value: Any, n: int) -> np.ndarray:
    """``n`` objects: ``value``'s items, or ``value`` itself ``n`` times (a scalar).

    A list of lists gives one list per item (numpy fills an object array item
    by item, as its shape is given).
    """
    out = np.empty(n, dtype=object)
    if isinstance(value, str) or value is None or not hasattr(value, "__len__"):
        out[:] = value
    else:  # tolist: a pandas string array yields its items one call each to list()
        out[:] = value.tolist() if hasattr(value, "tolist") else list(value)
    return out


def found_records(records: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The table of problems given as records (dicts; keys outside :data:`FOUND_COLUMNS`
    are not kept, a key missing is None).

    Examples
    --------
    >>> found_records([{"code": "FILE_EMPTY", "file": "a.xlsx"}])[["file", "code", "rows"]]
         file        code  rows
    0  a.xlsx  FILE_EMPTY  None
    """
    return found_problems(len(records),
                          **{c: [r.get(c) for r in records] for c in FOUND_COLUMNS})


def concat_found(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Tables of found problems one after another (a new index)."""
    parts = [part for part in parts if len(part)]
    if not parts:
        return found_problems(0)
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def _problems(raw: pd.DataFrame, index: Any, code: Any, cell: Any, **fields: Any) -> pd.DataFrame:
    """A problem for each row label of ``index``, reading ``raw`` once, as a table.

    Each names the row's file, sheet, unit, period and indicator, the ``code``
    and ``cell``, ``rows`` (the one label) and the ``fields``.

    ``code``, ``cell`` and each field: one value for all rows, or a sequence
    aligned with ``index`` (cells are passed through :func:`_text`).  One
    ``loc`` for all rows, not one per problem.

    Examples
    --------
    >>> raw = pd.DataFrame({"source_file": ["f.xlsx"] * 2, "sheet": ["S"] * 2,
    ...     "unit_code": ["00412", None], "period": ["2024", "2024"],
    ...     "indicator": ["CL01", "CL03"], "c": ["D6", "D7"]}, dtype="str")
    >>> _problems(raw, [1, 0], "VALUE_JUMP", raw["c"].iloc[[1, 0]], detail="x")[
    ...     ["unit_code", "cell", "rows", "detail"]]
      unit_code cell rows detail
    0      None   D7  [1]      x
    1     00412   D6  [0]      x
    """
    labels = list(index)
    n = len(labels)
    if not n:
        return found_problems(0)
    at = raw.loc[labels, _WHERE]
    cells = None if cell is None else _texts(pd.Series(_objects(cell, n)))
    return found_problems(
        n, file=at["source_file"].tolist(), sheet=at["sheet"].tolist(), cell=cells,
        unit_code=_texts(at["unit_code"]), period=_texts(at["period"]),
        indicator=_texts(at["indicator"]), code=code, rows=[[label] for label in labels],
        **fields,
    )


@lru_cache(maxsize=1)
def _schema() -> pa.DataFrameSchema:
    return RawRows.to_schema()


def _failures(raw: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each failure of :class:`RawRows`'s checks: row positions, problem codes, columns.

    The model's own check functions, evaluated once each over all rows (no
    pandera validation run: it post-processed every column of the frame for
    each failing check, and was run twice when rows failed).  In the model's
    order: the dataframe checks one after another, then ``ge=0`` on each count
    column (a missing count passes, as ``nullable=True`` says); rows in order
    within each.

    Examples
    --------
    >>> raw = pd.DataFrame({"indicator": pd.array(["CL01", "XX", "CL03"], dtype="str"),
    ...     "numerator": pd.array([5, -1, 7], dtype="Int64"),
    ...     "denominator": pd.array([4, 3, None], dtype="Int64"),
    ...     "numerator_bad": False, "denominator_bad": False})
    >>> [(int(p), str(c), str(col)) for p, c, col in zip(*_failures(raw))]
    [(1, 'UNKNOWN_INDICATOR', ''), (2, 'MISSING_DENOMINATOR', ''), \
(0, 'NUMERATOR_GT_DENOMINATOR', ''), (1, 'NEGATIVE_COUNT', 'numerator')]
    """
    schema = _schema()
    positions: list[np.ndarray] = []
    checks: list[np.ndarray] = []
    columns: list[np.ndarray] = []

    def add(failed: np.ndarray, check: str, column: str) -> None:
        rows = np.flatnonzero(failed)
        positions.append(rows)
        checks.append(np.full(len(rows), check, dtype=object))
        columns.append(np.full(len(rows), column, dtype=object))

    for check in schema.checks:
        passed = pd.Series(check._check_fn(raw))
        add(~passed.to_numpy(dtype=bool, na_value=True), check.name, "")
    for name, column in schema.columns.items():
        for check in column.checks:
            if check.name != "greater_than_or_equal_to":  # the model has no other
                continue
            low = check.statistics["min_value"]
            add((raw[name] < low).to_numpy(dtype=bool, na_value=False), "NEGATIVE_COUNT",
                name)
    return np.concatenate(positions), np.concatenate(checks), np.concatenate(columns)


def row_rules(raw: pd.DataFrame) -> pd.DataFrame:
    """Each failure of :class:`RawRows`'s checks as a found problem (:func:`found_problems`).

    Problems come in the model's order: unknown indicators, missing
    denominators, missing numerators, numerators above their denominators,
    zero denominators (each in row order), then negative numerators and
    negative denominators.
    """
    if raw.empty:
        return found_problems(0)
    positions, check, column = _failures(raw)
    if not len(positions):
        return found_problems(0)
    negative = check == "NEGATIVE_COUNT"
    labels = raw.index[positions]
    # Column by column over all failures (one ``take``), not a row lookup per failure.
    at = raw.iloc[positions].reset_index(drop=True)
    cell = pd.Series(None, index=at.index, dtype=object)
    value = pd.Series(None, index=at.index, dtype=object)
    for name, (cell_col, value_col) in _CHECK_CELL.items():  # per check, not per failure
        rows = check == name
        if not rows.any():
            continue
        cell[rows] = at.loc[rows, cell_col].astype(object)
        value[rows] = pd.Series(_texts(at[value_col]), dtype=object)[rows].fillna("")
    for name in ("numerator", "denominator"):
        rows = negative & (column == name)
        if not rows.any():
            continue
        cell[rows] = at.loc[rows, f"{name}_cell"].astype(object)
        value[rows] = pd.Series(_texts(at[name]), dtype=object)[rows]
    # A negative count names no denominator.
    detail = pd.Series(_texts(at["denominator"]), dtype=object).where(~negative, None)
    return _problems(raw, labels, check, cell, value=value, detail=detail)


def _group_runs(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``frame``'s row positions grouped by ``keys``, and where each group starts.

    Groups in order of first appearance, rows in order within each (a stable
    sort of the group numbers), as a ``groupby(sort=False)`` loop visits them;
    a row whose key has a missing part is in no group.

    Examples
    --------
    >>> frame = pd.DataFrame({"k": ["b", "a", "b", None, "a"]})
    >>> [p.tolist() for p in _group_runs(frame, ["k"])]
    [[0, 2, 1, 4], [0, 2]]
    """
    group = frame.groupby(keys, sort=False).ngroup().to_numpy()
    order = np.argsort(group, kind="stable")
    order = order[group[order] >= 0]
    grouped = group[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]]) if len(order) else order
    return order, starts


def report_rules(raw: pd.DataFrame) -> pd.DataFrame:
    """Rules within one report: duplicated indicators, CL02 within CL01, shared denominator."""
    problems: list[pd.DataFrame] = []
    keys = ["file_no", "unit_key", "indicator"]
    # Only the columns used below (filtering copies every column it keeps).
    known = raw.loc[raw["indicator"].notna(), [*keys, "numerator", "denominator",
                                               "numerator_cell", "denominator_cell"]]
    duplicated = known.duplicated(keys, keep=False)
    dup = known[duplicated]
    if not dup.empty:
        # Every row of a duplicated key but the first is a problem naming all its rows;
        # groups in order of first appearance, as a group-by loop would give them.
        order, starts = _group_runs(dup, keys)
        labels = dup.index.to_numpy()[order]
        members = np.split(labels, starts[1:])
        later = np.ones(len(labels), dtype=bool)
        later[starts] = False
        first_of = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(labels)]))
        duplicates = _problems(raw, labels[later], "DUPLICATE_INDICATOR",
                               raw.loc[labels[later], "code_cell"])
        members = [group_rows.tolist() for group_rows in members]
        duplicates["rows"] = _objects([members[number] for number in first_of[later]],
                                      len(duplicates))
        problems.append(duplicates)
    # Without duplicates every row is the first of its key (most batches).
    first = known.drop_duplicates(keys) if duplicated.any() else known
    problems.extend(_relation_problems(raw, first))
    return concat_found(problems)


def _relation_problems(raw: pd.DataFrame, first: pd.DataFrame) -> list[pd.DataFrame]:
    """The reader's rules between indicators of one report, one table of problems each.

    The rules are the rows of :func:`~childlabour_metrics.reference.relations.relations`
    that carry a problem code (CL02 within CL01, their shared denominator), in
    the file's order.  A problem is on the left indicator's row, at the cell of
    the count compared, its value that count and its detail the right one's.
    A failed rule holds every row it involves: which of the two cells is wrong
    is unknown, so neither row of that report is used.
    """
    found = []
    keys = ["file_no", "unit_key"]
    for rule in relations(problem=True).itertuples():  # a rule or two, not a row each
        count, other = str(rule.left_count), str(rule.right_count)
        right = first.loc[first["indicator"] == rule.right, [*keys, other, f"{other}_cell"]]
        right = right.rename(columns={other: "_right", f"{other}_cell": "_right_cell"})
        right = right.rename_axis("_index_right").reset_index()
        left = first[first["indicator"] == rule.left].rename_axis("_index").reset_index()
        both = left.merge(right, on=keys, how="inner")
        failed = both[broken(both[count], str(rule.relation), both["_right"])]
        # One _problems call per rule (not a lookup in raw per failed report).
        pairs = _problems(raw, failed["_index"], rule.problem, failed[f"{count}_cell"],
                          value=_texts(failed[count]), detail=_texts(failed["_right"]))
        pairs["rows"] = _objects(failed[["_index", "_index_right"]].to_numpy().tolist(),
                                 len(pairs))
        found.append(pairs)
    return found


_REPORT_COLUMNS = ["file_no", "unit_code", "period", "source_file", "sheet", "report_date",
                   "unit_cell", "date_cell"]


def _reports(raw: pd.DataFrame) -> pd.DataFrame:
    """One row per report (file, unit, period) with its row indices."""
    # Only the columns used: filtering copies every column it keeps.
    placed = raw.loc[raw["unit_code"].notna() & raw["period"].notna(), _REPORT_COLUMNS]
    if placed.empty:
        return pd.DataFrame(columns=["file_no", "unit_code", "period", "rows"])
    grouped = placed.groupby(["file_no", "unit_code", "period"], sort=False)
    reports = grouped.agg(
        source_file=("source_file", "first"),
        sheet=("sheet", "first"),
        report_date=("report_date", "first"),
        unit_cell=("unit_cell", "first"),
        date_cell=("date_cell", "first"),
    ).reset_index()
    positions = grouped.indices
    index = placed.index.to_numpy()
    reports["rows"] = [
        index[positions[key]].tolist()
        for key in zip(reports["file_no"], reports["unit_code"], reports["period"], strict=True)
    ]
    return reports


def _report_problems(reports: pd.DataFrame, code: Any, **fields: Any) -> pd.DataFrame:
    """A problem about each whole report of ``reports`` (rows of :func:`_reports`)."""
    return found_problems(
        len(reports), file=reports["source_file"].tolist(), sheet=reports["sheet"].tolist(),
        unit_code=reports["unit_code"].tolist(), period=reports["period"].tolist(), code=code,
        rows=reports["rows"].tolist(), **fields,
    )


def _period_bounds(periods: pd.Series) -> tuple[pd.Series, pd.Series]:
    # Each distinct period once, then a vectorised lookup (not a Timestamp per row).
    parsed = {p: parse_period(p) for p in periods.unique()}
    start = periods.map({p: pd.Timestamp(v.start) for p, v in parsed.items()})
    end = periods.map({p: pd.Timestamp(v.end) for p, v in parsed.items()})
    return start.astype("datetime64[ns]"), end.astype("datetime64[ns]")


def registry_rules(
    raw: pd.DataFrame, units: pd.DataFrame, reports: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Unknown units and units that did not exist in the period reported.

    ``reports``: :func:`_reports` of ``raw``, when the caller has it already.
    """
    reports = _reports(raw) if reports is None else reports
    if reports.empty:
        return found_problems(0)
    registry = units.drop_duplicates("code").set_index("code")
    known = reports["unit_code"].isin(registry.index)
    start, end = _period_bounds(reports["period"])
    # Codes are reused across 2025 (Hải Phòng keeps 31): a report is valid when
    # any registry row of its code existed during the period.
    rows = pd.DataFrame({"i": pd.RangeIndex(len(reports)),
                         "code": reports["unit_code"].to_numpy(),
                         "start": start.to_numpy(), "end": end.to_numpy()})
    rows = rows.merge(units[["code", "valid_from", "valid_to"]], on="code")
    outside = (rows["valid_from"] > rows["end"]) | (rows["valid_to"] < rows["start"])
    fits = (~outside.fillna(False).astype(bool)).groupby(rows["i"]).any()
    invalid = known & ~pd.Series(fits.reindex(pd.RangeIndex(len(reports)), fill_value=False)
                                 .to_numpy(), index=reports.index)
    # A code typed as a number has lost its leading zeros: "412" for "00412".
    # Of codes alike without their zeros ("01" a province, "00001" a commune), the
    # lowest level's is meant: communes report most.
    depth = registry["level"].map({level: i for i, level in enumerate(LEVELS)}).fillna(-1)
    stripped: dict[str, str] = {}
    for code in depth.sort_values(ascending=False, kind="stable").index:
        if code.startswith("0"):
            stripped.setdefault(code.lstrip("0"), code)
    bad = reports[(~known | invalid).to_numpy(bool)]
    meant = bad["unit_code"].astype("str").map(stripped)
    lost = meant.notna().to_numpy(bool)
    code = np.select([known.loc[bad.index].to_numpy(bool), lost],
                     ["UNIT_NOT_VALID_IN_PERIOD", "UNIT_CODE_LOST_ZEROS"], "UNKNOWN_UNIT"
                     ).astype(object)
    return _report_problems(
        bad, code, cell=_texts(bad["unit_cell"]), value=bad["unit_code"].tolist(),
        detail=meant.astype(object).where(code == "UNIT_CODE_LOST_ZEROS", None),
    )


def code_rules(reports: pd.DataFrame) -> pd.DataFrame:
    """Unit codes that are not codes, when no registry says which codes there are.

    A registry holds codes only (:func:`~childlabour_metrics.load_units` checks
    them), so with one an odd code is an ``UNKNOWN_UNIT``; without one, the rule
    every table obeys (:func:`~childlabour_metrics.reference.schemas.not_unit_codes`)
    names it: a path (``../../tmp/x``), a name typed in the code cell, a NUL.
    """
    if reports.empty:
        return found_problems(0)
    bad = reports[not_unit_codes(reports["unit_code"]).to_numpy(dtype=bool)]
    return _report_problems(bad, "BAD_UNIT_CODE", cell=_texts(bad["unit_cell"]),
                            value=bad["unit_code"].tolist())


def units_from_names(
    raw: pd.DataFrame, problems: pd.DataFrame, units: pd.DataFrame, plan: Plan | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give rows whose unit code is blank or unknown the unit their name names.

    A unit name that matches exactly one unit of the registry valid in the
    period (and in the plan's scope) gives that unit's code, with a
    ``UNIT_CODE_FROM_NAME`` warning replacing ``MISSING_UNIT_CODE``; a name
    matching two or more is a ``UNIT_NAME_AMBIGUOUS`` error listing them.
    Names are matched once per distinct (name, period).  ``problems``: those
    found so far (:func:`found_problems`); returned with these changes.
    """

    known = raw["unit_code"].isin(set(units["code"]))
    todo = raw.loc[~known & raw["unit_name"].notna() & raw["period"].notna(),
                   ["file_no", "unit_code", "unit_name", "period", "unit_cell", "source_file",
                    "sheet"]]
    if todo.empty:
        return raw, problems
    scope = rules_scope(plan, units)
    matched = []
    for period_text, rows in todo.groupby("period", sort=False):  # distinct periods: a handful
        try:
            pool = units_valid_in(units, str(period_text))
        except ValueError:
            continue
        names = pd.Series(rows["unit_name"].unique(), dtype="str")
        match = match_unit_names(names, pool, scope).set_index("name")
        matched.append(rows.join(match, on="unit_name"))
    if not matched:
        return raw, problems
    todo = pd.concat(matched)
    todo = todo[todo["n_candidates"] > 0]
    if todo.empty:  # no name matched a unit
        return raw, problems
    hit = todo[todo["n_candidates"] == 1]
    raw = raw.copy()
    raw.loc[hit.index, "unit_code"] = hit["code"].astype("str")
    if "unit_key" in raw.columns:
        raw.loc[hit.index, "unit_key"] = hit["code"].astype("str")
    # the name's own problem (a warning, or the candidates) replaces the missing code
    problems = problems[~rows_within(problems, "MISSING_UNIT_CODE", set(todo.index))]
    # One problem per (file, name, period), in order of first appearance, naming its rows.
    order, starts = _group_runs(todo, ["file_no", "unit_name", "period"])
    first = todo.iloc[order[starts]]
    one = (first["n_candidates"] == 1).to_numpy(bool)
    # One candidate: its code, in the problem and as the detail; else the candidates.
    code = first["code"].to_numpy(dtype=object)
    named = found_problems(
        len(first), file=first["source_file"].tolist(), sheet=first["sheet"].tolist(),
        cell=_texts(first["unit_cell"]), period=first["period"].tolist(),
        unit_code=np.where(one, code, np.array(_texts(first["unit_code"]), dtype=object)),
        code=np.where(one, "UNIT_CODE_FROM_NAME", "UNIT_NAME_AMBIGUOUS").tolist(),
        rows=[rows.tolist() for rows in np.split(todo.index.to_numpy()[order], starts[1:])],
        value=first["unit_name"].tolist(),
        detail=np.where(one, code, first["candidates"].to_numpy(dtype=object)),
    )
    return raw, concat_found([problems, named])


def rows_within(problems: pd.DataFrame, code: str, rows: set[Any]) -> np.ndarray:
    """Which of ``problems`` have ``code`` and name only rows in ``rows`` (at least one).

    Examples
    --------
    >>> table = found_problems(3, code=["A", "A", "B"], rows=[[1, 2], [2, 9], [1]])
    >>> rows_within(table, "A", {1, 2}).tolist()
    [True, False, False]
    """
    mask = (problems["code"] == code).to_numpy(bool, copy=True)  # written below
    if mask.any():  # the few problems of that code, each checked
        mask[mask] = [bool(r) and set(r) <= rows for r in problems["rows"].to_numpy()[mask]]
    return mask


def rules_scope(plan: Plan | None, units: pd.DataFrame | None) -> set[str] | None:
    """The units a plan's rules judge, by the one scope rule (:func:`.reference.scope.plan_scope`).

    None (every unit, those the registry lacks included) without a registry,
    without a plan, for a national plan, or for a plan-like object that is no
    :class:`~childlabour_metrics.reference.plans.Plan` (``read_reports`` takes
    any object with ``deadline()`` and ``indicator_codes``: it names no scope).
    """
    if not isinstance(plan, Plan) or units is None or plan.scope_level == "country":
        return None
    return plan_scope(plan, units)


def _may_be_future(raw: pd.DataFrame, today: dt.date) -> bool:
    """Whether some report's period may start after its report date or ``today``.

    Conservative: the latest period start against the earliest date of any
    placed row (a report's date is one of its rows' dates, or ``today``).
    """
    placed = raw["unit_code"].notna() & raw["period"].notna()
    if not placed.any():
        return False
    periods = raw.loc[placed, "period"].unique()
    try:
        latest = max(pd.Timestamp(parse_period(p).start) for p in periods)
    except Exception:  # let the full rule meet (and report) whatever this is
        return True
    earliest = pd.Timestamp(today)
    dates = raw.loc[placed, "report_date"]
    first_date = dates.min()
    if pd.notna(first_date):
        earliest = min(earliest, pd.Timestamp(first_date))
    return bool(latest > earliest)


def time_rules(
    raw: pd.DataFrame, plan: Plan | None, today: dt.date, scope: set[str] | None = None,
    units: pd.DataFrame | None = None, reports: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Periods in the future, late reports and indicators the plan does not track.

    Plan rules apply only to units in the plan's ``scope`` (None: every unit):
    a unit outside the plan's area follows its own plan.  A report is late
    against the deadline of its unit's own level and department kind in the
    registry ``units`` (:meth:`~childlabour_metrics.reference.plans.Plan.deadlines`):
    a province's summary may be due after its departments' reports.  Without
    a registry, or for a unit it lacks, the plan's general deadline applies.
    ``reports``: :func:`_reports` of ``raw``, when the caller has it already.
    """
    problems: list[pd.DataFrame] = []
    # Without a plan only future periods matter; when none can be, skip building the
    # reports (a third of this rule's time on a national round).
    if reports is None:
        reports = (_reports(raw) if plan is not None or _may_be_future(raw, today)
                   else raw.iloc[:0])
    if not reports.empty:
        start, _ = _period_bounds(reports["period"])
        date = pd.to_datetime(reports["report_date"]).astype("datetime64[ns]")
        today_ts = pd.Timestamp(today)
        reference = date.where(date < today_ts, today_ts).fillna(today_ts)
        future = (start > reference).astype(bool)
        late = pd.Series(False, index=reports.index)
        deadline = pd.Series(pd.NaT, index=reports.index, dtype="datetime64[ns]")
        if plan is not None:
            if hasattr(plan, "deadlines"):
                levels, kinds = _levels_and_kinds(reports["unit_code"], units)
                deadline = plan.deadlines(reports["period"], levels, kinds)
            else:
                # A plan-like object with deadline(period) only (read_reports takes one):
                # one deadline per period.
                deadlines = {p: plan.deadline(parse_period(p)) for p in reports["period"].unique()}
                deadline = reports["period"].map(
                    {p: pd.NaT if d is None else pd.Timestamp(d) for p, d in deadlines.items()})
            deadline = deadline.astype("datetime64[ns]")
            covered = reports["unit_code"].isin(scope) if scope is not None else True
            late = (~future & covered & (date > deadline)).fillna(False).astype(bool)
        problems.append(_report_problems(reports[future], "PERIOD_IN_FUTURE",
                                         value=reference[future].dt.strftime("%Y-%m-%d")))
        problems.append(_report_problems(reports[late], "LATE_REPORT",
                                         cell=_texts(reports.loc[late, "date_cell"]),
                                         value=date[late].dt.strftime("%d/%m/%Y"),
                                         detail=deadline[late].dt.strftime("%d/%m/%Y")))
    if plan is not None:
        tracked = set(plan.indicator_codes)
        extra = raw[raw["indicator"].notna() & ~raw["indicator"].isin(tracked)]
        extra = extra[extra["indicator"].isin(INDICATOR_CODES)]
        if scope is not None:
            extra = extra[extra["unit_code"].isin(scope)]
        problems.append(_problems(raw, extra.index, "INDICATOR_NOT_IN_PLAN",
                                  raw.loc[extra.index, "code_cell"],
                                  detail=getattr(plan, "id", "")))
    return concat_found(problems)


def _levels_and_kinds(
    codes: pd.Series, units: pd.DataFrame | None
) -> tuple[pd.Series | None, pd.Series | None]:
    """Each reporting unit's level and department kind (NA for a code the registry lacks)."""
    if units is None:
        return None, None
    # A code kept through a re-organisation has one level: the latest row says it.
    info = units.drop_duplicates("code", keep="last").set_index("code")
    levels = codes.map(info["level"])
    kinds = codes.map(info["kind"]) if "kind" in info.columns else None
    return levels, kinds


def superseded(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Any]]:
    """The same unit and period in several files: the latest report date wins.

    Ties (or missing dates) go to the file read last, in path order.  Returns
    the problems and the row indices to mark superseded.
    """
    # One (file, unit, period) triple per report: when no unit and period has two,
    # nothing is superseded and the reports need not be built.
    triples = raw.loc[raw["unit_code"].notna() & raw["period"].notna(),
                      ["file_no", "unit_code", "period"]].drop_duplicates()
    if not triples.duplicated(["unit_code", "period"]).any():
        return found_problems(0), []
    reports = _reports(raw)
    if reports.empty:
        return found_problems(0), []
    reports = reports[reports.duplicated(["unit_code", "period"], keep=False)]
    if reports.empty:
        return found_problems(0), []
    reports = reports.assign(_date=pd.to_datetime(reports["report_date"]))
    reports = reports.sort_values(["_date", "file_no"], na_position="first", kind="stable")
    # Per (unit, period), vectorised: the last report (latest date, then file) wins;
    # every report from another file loses.  Groups in order of first appearance.
    group = reports.groupby(["unit_code", "period"], sort=False).ngroup()
    reports = reports.assign(_g=group.to_numpy())
    last = reports.groupby("_g").cumcount(ascending=False) == 0
    winners = reports.loc[last, ["_g", "file_no", "source_file"]].set_index("_g")
    winner_file = reports["_g"].map(winners["file_no"])
    files = reports.groupby("_g")["file_no"].transform("nunique")
    losers = reports[((files >= 2) & (reports["file_no"] != winner_file)).to_numpy(bool)]
    losers = losers.sort_values("_g", kind="stable")
    winner_source = losers["_g"].map(winners["source_file"]).astype("str").tolist()
    problems = _report_problems(losers, "DUPLICATE_REPORT", cell=_texts(losers["date_cell"]),
                                detail=winner_source)
    rows = list(itertools.chain.from_iterable(losers["rows"]))
    return problems, rows


def jump_rules(raw: pd.DataFrame, usable: pd.Series,
               units: pd.DataFrame | None = None) -> pd.DataFrame:
    """Denominators changing by more than half from the same period a year earlier.

    With a registry, only a unit's own history counts: a code reused by a new
    unit (Xã Nam Sách kept Thị trấn Nam Sách's 10606 on 1 July 2025, with
    Hồng Phong's children added) is another unit on the other side of the date,
    and its denominators are not compared with its predecessor's.
    """
    # CL02 shares CL01's denominator (its own rule checks that): one warning, not two.
    # A jump needs a period and the one a year before it; most batches hold one period.
    with contextlib.suppress(ValueError, TypeError):
        periods = {str(p) for p in raw["period"].dropna().unique()}
        if not any(f"{int(p[:4]) - 1}{p[4:]}" in periods for p in periods):
            return found_problems(0)
    keep = usable & raw["denominator"].notna() & raw["indicator"].notna()
    rows = raw.loc[keep, ["unit_code", "period", "indicator", "denominator"]]
    rows = rows[rows["indicator"] != "CL02"]
    rows = rows[rows["period"].notna() & rows["unit_code"].notna()]
    if rows.empty:
        return found_problems(0)
    rows = rows.drop_duplicates(["unit_code", "period", "indicator"], keep="last")
    # The same period a year earlier, worked out once per distinct period.
    previous_period = {p: f"{int(p[:4]) - 1}{p[4:]}" for p in rows["period"].unique()}
    prev_key = rows["period"].map(previous_period)
    lookup = rows.set_index(["unit_code", "period", "indicator"])["denominator"]
    keys = pd.MultiIndex.from_arrays([rows["unit_code"], prev_key, rows["indicator"]])
    previous = pd.Series(lookup.reindex(keys).to_numpy(), index=rows.index, dtype="Int64")
    current = rows["denominator"]
    jump = (previous > 0) & ((current - previous).abs() > JUMP_SHARE * previous)
    if units is not None and jump.fillna(False).any():
        jump &= _same_unit(rows["unit_code"], rows["period"], prev_key, units)
    jumped = jump.fillna(False).astype(bool).to_numpy()
    labels = rows.index[jumped]
    return _problems(
        raw, labels, "VALUE_JUMP", raw.loc[labels, "denominator_cell"],
        value=_texts(rows["denominator"][jumped]), detail=_texts(previous[jumped]),
    )


def _same_unit(codes: pd.Series, periods: pd.Series, before: pd.Series,
               units: pd.DataFrame) -> pd.Series:
    """Whether each code is the same registry row in ``periods`` and in ``before``
    (a code unknown to the registry is taken as one unit)."""
    now = rows_in_period(codes, periods, units)["valid_from"]
    then = rows_in_period(codes, before, units)["valid_from"]
    same = (now == then) | (now.isna() & then.isna())
    return pd.Series(same.to_numpy(bool), index=codes.index)


def empty_rules(raw: pd.DataFrame) -> pd.DataFrame:
    """EMPTY_FORM: a report (file and unit) whose every count is blank.

    A returned template with nothing filled in passed every other rule (each
    blank row is only a warning) and was counted as received.  One problem per
    such report, naming all its rows, so none of them is used.

    Examples
    --------
    >>> raw = pd.DataFrame({"file_no": [0, 0, 1], "unit_key": ["a", "a", "b"],
    ...     "indicator": ["CL01", "CL02", "CL01"], "numerator": [None, None, 3],
    ...     "denominator": [None, None, 100], "source_file": ["x.xlsx", "x.xlsx", "y.xlsx"],
    ...     "sheet": ["S", "S", "S"], "unit_code": ["a", "a", "b"],
    ...     "period": ["2025", "2025", "2025"]})
    >>> empty_rules(raw)[["file", "code", "rows"]]
         file        code    rows
    0  x.xlsx  EMPTY_FORM  [0, 1]
    """
    cols = ["file_no", "unit_key", "numerator", "denominator", "source_file", "sheet",
            "unit_code", "period"]
    placed = raw.loc[raw["indicator"].notna(), [c for c in cols if c in raw.columns]]
    if placed.empty:
        return found_problems(0)
    blank = placed["numerator"].isna() & placed["denominator"].isna()
    keys = [placed["file_no"], placed["unit_key"].fillna("")]
    empty = blank.groupby(keys, sort=False).all()
    empty = empty[empty.to_numpy(dtype=bool)]
    if empty.empty:
        return found_problems(0)
    groups = placed.groupby(keys, sort=False).indices
    members = [placed.index.to_numpy()[groups[key]].tolist() for key in empty.index]
    first = placed.loc[[m[0] for m in members]]
    return found_problems(
        len(members), file=first["source_file"].tolist(), sheet=first["sheet"].tolist(),
        unit_code=first["unit_code"].tolist(), period=first["period"].tolist(),
        code="EMPTY_FORM", rows=members)


def all_rules(
    raw: pd.DataFrame, units: pd.DataFrame | None, plan: Plan | None, today: dt.date
) -> pd.DataFrame:
    """Every rule except superseding and jumps, which depend on statuses."""
    problems = [row_rules(raw), report_rules(raw), empty_rules(raw)]
    # The reports once, for every rule that needs them.
    reports = _reports(raw)
    if units is not None:
        problems.append(registry_rules(raw, units, reports))
    else:
        problems.append(code_rules(reports))
    problems.append(time_rules(raw, plan, today, rules_scope(plan, units), units, reports))
    return concat_found(problems)
