"""The vectorised reading rules against simple per-problem reference loops.

The references are the loops the rules used before they were vectorised (a
row lookup per problem, a group-by loop, an aligned assignment per problem);
seeded random raw frames, with missing units, periods, counts and dates,
duplicated indicators and reports, must give the same problems and statuses.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from childlabour_metrics.io import _rules
from childlabour_metrics.io.read import _statuses
from childlabour_metrics.language.problems import PROBLEMS


def _problem(row: pd.Series, code: str, cell: Any, **fields: Any) -> dict[str, Any]:
    """One row's problem record, built row by row: the oracle the vectorised rules
    (``_rules._problems``) must agree with."""
    return {
        "file": row["source_file"],
        "sheet": row["sheet"],
        "cell": _rules._text(cell),
        "unit_code": _rules._text(row["unit_code"]),
        "period": _rules._text(row["period"]),
        "indicator": _rules._text(row["indicator"]),
        "code": code,
        "rows": [row.name],
        **fields,
    }

SEEDS = range(12)


def _raw(seed: int, n: int = 400) -> pd.DataFrame:
    """A random raw frame as ``read._raw_frame`` builds it."""
    rng = np.random.default_rng(seed)
    files = rng.integers(0, max(2, n // 8), n)
    units = np.array(["00412", "00413", "10001", "10002", None], dtype=object)
    periods = np.array(["2023", "2024", "2025", "2024-H1", "2025-H1", None], dtype=object)
    codes = np.array(["CL01", "CL02", "CL03", "CL05", None], dtype=object)

    def counts(share_missing: float) -> pd.array:
        values = rng.integers(-3, 60, n).astype(object)
        values[rng.random(n) < share_missing] = None
        return pd.array(values.tolist(), dtype="Int64")

    unit = units[rng.integers(0, len(units), n)]
    indicator = codes[rng.integers(0, len(codes), n)]
    day = pd.to_datetime("2025-01-01") + pd.to_timedelta(rng.integers(0, 5, n), unit="D")
    day = day.where(rng.random(n) > 0.2)
    rows = rng.integers(5, 20, n)
    frame = pd.DataFrame(
        {
            "file_no": pd.array(files, dtype="Int64"),
            "source_file": pd.array([f"f{f:03d}.xlsx" for f in files], dtype="str"),
            "sheet": pd.array(["S"] * n, dtype="str"),
            "unit_code": pd.array(unit.tolist(), dtype="str"),
            "unit_name": pd.array(["X"] * n, dtype="str"),
            "unit_key": pd.array([u or "?1" for u in unit], dtype="str"),
            "unit_cell": pd.array(["B2"] * n, dtype="str"),
            "period": pd.array(periods[rng.integers(0, len(periods), n)].tolist(), dtype="str"),
            "report_date": day.astype("datetime64[ns]"),
            "date_cell": pd.array(["B4"] * n, dtype="str"),
            "form": pd.array(["single"] * n, dtype="str"),
            "row": pd.array(rows, dtype="Int64"),
            "indicator_raw": pd.array([c or "CLX" for c in indicator], dtype="str"),
            "indicator": pd.array(indicator.tolist(), dtype="str"),
            "code_cell": pd.array([f"A{r}" for r in rows], dtype="str"),
            "numerator": counts(0.15),
            "denominator": counts(0.15),
            "numerator_cell": pd.array([f"D{r}" for r in rows], dtype="str"),
            "denominator_cell": pd.array([f"E{r}" for r in rows], dtype="str"),
        }
    )
    frame["numerator_bad"] = rng.random(n) < 0.05
    frame["denominator_bad"] = rng.random(n) < 0.05
    return frame


# -- references: the per-problem loops the rules replaced ---------------------------


def _ref_statuses(raw: pd.DataFrame, problems: list[dict[str, Any]]) -> pd.Series:
    rank = pd.Series(0, index=raw.index, dtype="int64")
    ranks = {"ok": 0, "info": 0, "warning": 1, "error": 2}
    for problem in problems:
        level = ranks[PROBLEMS[problem["code"]].severity]
        if level and problem["rows"]:
            rows = raw.index.isin(problem["rows"])
            rank[rows] = rank[rows].clip(lower=level)
    names = pd.Series(["ok", "warning", "error"])
    return pd.Series(names.to_numpy()[rank.to_numpy()], index=raw.index, dtype="str")


def _ref_superseded(raw: pd.DataFrame) -> tuple[list[dict[str, Any]], list[Any]]:
    reports = _rules._reports(raw)
    if reports.empty:
        return [], []
    reports = reports[reports.duplicated(["unit_code", "period"], keep=False)]
    if reports.empty:
        return [], []
    reports = reports.assign(_date=pd.to_datetime(reports["report_date"]))
    reports = reports.sort_values(["_date", "file_no"], na_position="first", kind="stable")
    problems, rows = [], []
    for _, group in reports.groupby(["unit_code", "period"], sort=False):
        if group["file_no"].nunique() < 2:
            continue
        winner = group.iloc[-1]
        for _, rep in group.iloc[:-1].iterrows():
            if rep["file_no"] == winner["file_no"]:
                continue
            rows.extend(rep["rows"])
            problems.append({
                "file": rep["source_file"], "sheet": rep["sheet"],
                "cell": _rules._text(rep["date_cell"]), "unit_code": rep["unit_code"],
                "period": rep["period"], "indicator": None, "code": "DUPLICATE_REPORT",
                "rows": rep["rows"], "detail": str(winner["source_file"]),
            })
    return problems, rows


def _ref_duplicates(raw: pd.DataFrame) -> list[dict[str, Any]]:
    keys = ["file_no", "unit_key", "indicator"]
    known = raw[raw["indicator"].notna()]
    dup = known[known.duplicated(keys, keep=False)]
    problems = []
    for _, group in dup.groupby(keys, sort=False):
        for index in group.index[1:]:
            row = raw.loc[index]
            problem = _problem(row, "DUPLICATE_INDICATOR", row["code_cell"])
            problem["rows"] = list(group.index)
            problems.append(problem)
    return problems


def _ref_row_problems(raw: pd.DataFrame) -> list[dict[str, Any]]:
    """Per failure pandera's validation finds: the problem :func:`_problem` makes
    from a row lookup."""
    import pandera.pandas as pa

    try:
        _rules.RawRows.validate(raw, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    cases = cases.dropna(subset=["index"]).drop_duplicates(subset=["check", "index", "column"])
    frame_checks = cases["check"].isin(list(_rules._CHECK_CELL))
    cases = pd.concat(
        [cases[frame_checks].drop_duplicates(subset=["check", "index"]), cases[~frame_checks]]
    )
    # pandera lists its failure cases after an unstable sort (by schema context): the
    # rules' order is the model's (its checks in turn, each in row order).
    rank = {check: i for i, check in enumerate(_rules._CHECK_CELL)}
    cases = cases.assign(
        _rank=[rank.get(check, len(rank) + (column == "denominator"))
               for check, column in zip(cases["check"], cases["column"], strict=True)],
        _pos=raw.index.get_indexer(pd.Index(cases["index"]).astype(raw.index.dtype)),
    ).sort_values(["_rank", "_pos"], kind="stable")
    problems = []
    for check, column, index in zip(cases["check"], cases["column"], cases["index"],
                                    strict=True):
        row = raw.loc[index]
        if check in _rules._CHECK_CELL:
            cell_col, value_col = _rules._CHECK_CELL[check]
            problems.append(_problem(
                row, check, row[cell_col], value=_rules._text(row[value_col]) or "",
                detail=_rules._text(row["denominator"])))
        elif str(check).startswith("greater_than_or_equal_to"):
            problems.append(_problem(row, "NEGATIVE_COUNT", row[f"{column}_cell"],
                                            value=_rules._text(row[column])))
    return problems


def _ref_jumps(raw: pd.DataFrame, usable: pd.Series) -> list[dict[str, Any]]:
    keep = usable & raw["denominator"].notna() & raw["indicator"].notna()
    rows = raw.loc[keep, ["unit_code", "period", "indicator", "denominator"]]
    rows = rows[(rows["indicator"] != "CL02") & rows["period"].notna()
                & rows["unit_code"].notna()]
    rows = rows.drop_duplicates(["unit_code", "period", "indicator"], keep="last")
    problems = []
    for index, row in rows.iterrows():
        earlier = rows[(rows["unit_code"] == row["unit_code"]) & (rows["indicator"]
                       == row["indicator"]) & (rows["period"]
                       == f"{int(row['period'][:4]) - 1}{row['period'][4:]}")]
        if earlier.empty:
            continue
        previous = earlier["denominator"].iloc[0]
        if previous > 0 and abs(row["denominator"] - previous) > _rules.JUMP_SHARE * previous:
            full = raw.loc[index]
            problems.append(_problem(
                full, "VALUE_JUMP", full["denominator_cell"],
                value=_rules._text(full["denominator"]), detail=_rules._text(previous)))
    return problems


def _records(problems: pd.DataFrame | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A rule's table of found problems (or the references' records) as records."""
    if isinstance(problems, pd.DataFrame):
        return problems.to_dict("records")
    return problems


def _plain(problems: pd.DataFrame | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Problems with NA spelled one way, so records compare by value (a field left out
    of a record and a field that is NA are the same: an empty cell of the table)."""
    def missing(v: Any) -> bool:
        return v is None or v is pd.NA or (isinstance(v, float) and v != v)

    return [{k: ([int(r) for r in v] if k == "rows" else v) for k, v in p.items()
             if not missing(v)} for p in _records(problems)]


# -- the tests ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_statuses_match_the_per_problem_loop(seed: int) -> None:
    raw = _raw(seed)
    rng = np.random.default_rng(seed + 100)
    codes = ["NUMERATOR_GT_DENOMINATOR", "LATE_REPORT", "VALUE_JUMP", "UNKNOWN_UNIT",
             "DUPLICATE_REPORT"]
    problems = [{"code": codes[rng.integers(len(codes))],
                 "rows": rng.integers(0, len(raw) + 5, rng.integers(0, 6)).tolist()}
                for _ in range(300)]  # some labels past the end name no row
    got = _statuses(raw, _rules.found_records(problems))
    pd.testing.assert_series_equal(got, _ref_statuses(raw, problems))
    assert set(got) >= {"ok", "warning", "error"}


def test_statuses_without_problems_are_ok() -> None:
    raw = _raw(0, n=5)
    assert _statuses(raw, _rules.found_problems(0)).tolist() == ["ok"] * 5
    assert _statuses(raw.iloc[:0], _rules.found_problems(0)).empty


@pytest.mark.parametrize("seed", SEEDS)
def test_superseded_matches_the_group_loop(seed: int) -> None:
    raw = _raw(seed)
    problems, rows = _rules.superseded(raw)
    ref_problems, ref_rows = _ref_superseded(raw)
    assert _plain(problems) == _plain(ref_problems)
    assert sorted(rows) == sorted(ref_rows)
    assert len(problems), "the random frame should hold superseded reports"


@pytest.mark.parametrize("seed", SEEDS)
def test_duplicate_indicators_match_the_group_loop(seed: int) -> None:
    raw = _raw(seed)
    got = [p for p in _records(_rules.report_rules(raw)) if p["code"] == "DUPLICATE_INDICATOR"]
    assert got
    assert _plain(got) == _plain(_ref_duplicates(raw))


@pytest.mark.parametrize("seed", SEEDS)
def test_row_rules_match_the_row_lookup(seed: int) -> None:
    raw = _raw(seed)
    got = _rules.row_rules(raw)
    assert set(got["code"]) >= {"NEGATIVE_COUNT", "NUMERATOR_GT_DENOMINATOR",
                                        "UNKNOWN_INDICATOR"}
    assert _plain(got) == _plain(_ref_row_problems(raw))


@pytest.mark.parametrize("seed", SEEDS)
def test_jumps_match_a_lookup_per_row(seed: int) -> None:
    raw = _raw(seed)
    usable = pd.Series(np.random.default_rng(seed).random(len(raw)) > 0.2, index=raw.index)
    got = _rules.jump_rules(raw, usable)
    assert len(got)
    assert sorted(map(str, _plain(got))) == sorted(map(str, _plain(_ref_jumps(raw, usable))))


@pytest.mark.parametrize("seed", SEEDS)
def test_indicators_not_in_plan_match_the_row_lookup(seed: int) -> None:
    import datetime as dt
    from types import SimpleNamespace

    raw = _raw(seed)
    # time_rules asks the plan for every report's deadline at once (by level and kind).
    plan = SimpleNamespace(id="p", indicator_codes=("CL01", "CL02"),
                           deadlines=lambda periods, levels=None, kinds=None: pd.Series(
                               pd.NaT, index=periods.index, dtype="datetime64[ns]"))
    got = [p for p in _records(_rules.time_rules(raw, plan, dt.date(2030, 1, 1)))
           if p["code"] == "INDICATOR_NOT_IN_PLAN"]
    extra = raw[raw["indicator"].isin(["CL03", "CL05"])]
    want = [_problem(raw.loc[i], "INDICATOR_NOT_IN_PLAN", raw.loc[i, "code_cell"],
                            detail="p") for i in extra.index]
    assert got
    assert _plain(got) == _plain(want)


def _ref_name_problems(todo: pd.DataFrame) -> list[dict[str, Any]]:
    """The group-by loop ``units_from_names`` used: one problem per (file, name, period)."""
    problems = []
    for (_, name, period), rows in todo.groupby(["file_no", "unit_name", "period"],
                                                sort=False):
        first = rows.iloc[0]
        one = first["n_candidates"] == 1
        problems.append({
            "file": first["source_file"], "sheet": first["sheet"],
            "cell": _rules._text(first["unit_cell"]), "period": period, "indicator": None,
            "unit_code": first["code"] if one else _rules._text(first["unit_code"]),
            "code": "UNIT_CODE_FROM_NAME" if one else "UNIT_NAME_AMBIGUOUS",
            "rows": rows.index.tolist(), "value": name,
            "detail": first["code"] if one else first["candidates"],
        })
    return problems


@pytest.mark.parametrize("seed", SEEDS)
def test_unit_names_match_the_group_loop(seed: int) -> None:
    from childlabour_metrics.reference.units import load_units, match_unit_names, units_valid_in

    units = load_units(pd.DataFrame({
        "code": ["P", "00412", "00413", "00414"],
        "name": ["Tỉnh P", "Xã Vân Sơn", "Xã Hữu Sản", "Phường Hữu Sản"],
        "level": ["province", "commune", "commune", "commune"],
        "parent_code": ["", "P", "P", "P"]}))
    raw = _raw(seed)
    rng = np.random.default_rng(seed + 200)
    names = np.array(["x. Vân Sơn", "Hữu Sản", "Xã Khác", None], dtype=object)
    raw["unit_name"] = pd.array(names[rng.integers(0, len(names), len(raw))].tolist(),
                                dtype="str")
    # Some rows' missing codes were named by the files; those the names resolve go.
    blank = raw.index[raw["unit_code"].isna()]
    missing = _rules.found_problems(len(blank), code="MISSING_UNIT_CODE",
                                    rows=[[label] for label in blank])
    got_raw, got = _rules.units_from_names(raw, missing, units, None)

    known = raw["unit_code"].isin(set(units["code"]))
    todo = raw.loc[~known & raw["unit_name"].notna() & raw["period"].notna()]
    matched = []
    for period, rows in todo.groupby("period", sort=False):
        pool = units_valid_in(units, str(period))  # every period of _raw is one
        match = match_unit_names(pd.Series(rows["unit_name"].unique(), dtype="str"), pool)
        matched.append(rows.join(match.set_index("name"), on="unit_name"))
    todo = pd.concat(matched)
    todo = todo[todo["n_candidates"] > 0]
    kept = [p for p in _records(missing) if not set(p["rows"]) <= set(todo.index)]
    assert _plain(got) == _plain(kept + _ref_name_problems(todo))
    assert {"UNIT_CODE_FROM_NAME", "UNIT_NAME_AMBIGUOUS"} <= set(got["code"])
    hit = todo[todo["n_candidates"] == 1]
    assert got_raw.loc[hit.index, "unit_code"].tolist() == hit["code"].tolist()


def test_a_reused_code_is_not_compared_with_its_predecessor() -> None:
    """Issue 22: Xã Nam Sách kept Thị trấn Nam Sách's 10606 on 1 July 2025, with Hồng
    Phong's children added; its yearly 2025 report is not a jump from the old commune's
    2024 one.  A unit compared with itself still is."""
    from childlabour_metrics.reference.units import sample_units

    raw = pd.DataFrame({
        "unit_code": ["10606", "10606", "10507", "10507"],
        "period": ["2024", "2025", "2023", "2024"], "indicator": ["CL01"] * 4,
        "denominator": pd.array([2000, 4100, 2000, 4100], dtype="Int64"),
        "denominator_cell": ["F11"] * 4, "source_file": ["f.xlsx"] * 4, "sheet": ["S"] * 4})
    usable = pd.Series(True, index=raw.index)
    everywhere = _rules.jump_rules(raw, usable)  # without a registry: the code alone
    assert sorted(everywhere["value"]) == ["4100", "4100"]
    jumps = _rules.jump_rules(raw, usable, sample_units())
    assert jumps["value"].tolist() == ["4100"] and list(jumps["rows"].iloc[0]) == [3]
