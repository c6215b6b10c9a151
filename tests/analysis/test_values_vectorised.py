"""The vectorised analysis functions against simple per-group reference loops.

Seeded random observation tables with missing counts, zero denominators,
NA periods and rows in error: ``values``, ``aggregate``, ``attainment`` and
``progress`` (both methods) must give what a plain loop over the groups gives.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from childlabour_metrics.analysis.progress import _yearly_series, assess_series
from childlabour_metrics.analysis.targets import attainment, progress
from childlabour_metrics.analysis.values import aggregate, values
from childlabour_metrics.reference.plans import load_plan
from childlabour_metrics.reference.units import load_units
from tests.support import floats_close, on_a_progress_threshold

SEEDS = range(8)
UNITS = ["10001", "10002", "10003", "10004", "20001", "20002"]


def _observations(seed: int, n: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    periods = np.array(["2021", "2022", "2023H1", "2023", "2024H1", "2025", None], dtype=object)
    den = rng.integers(0, 40, n).astype(object)
    num = (rng.integers(0, 40, n) % (np.array(den, dtype=int) + 1)).astype(object)
    zero = rng.random(n) < 0.25
    den[zero], num[zero] = 0, 0
    num[rng.random(n) < 0.15] = None
    den[rng.random(n) < 0.15] = None
    return pd.DataFrame({
        "unit_code": rng.choice(UNITS, n),
        "period": periods[rng.integers(0, len(periods), n)],
        "indicator": rng.choice(["CL01", "CL03", "CL05", "CL12"], n),
        "numerator": pd.array(num.tolist(), dtype="Int64"),
        "denominator": pd.array(den.tolist(), dtype="Int64"),
        "status": rng.choice(["ok", "ok", "warning", "error", "superseded"], n),
    })


def _ref_values(obs: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """A loop over the groups: sums of the rows having both counts."""
    use = obs[obs["status"].isin(["ok", "warning"])]
    out = []
    for key, group in use.groupby(by, sort=True, dropna=False):
        both = group[group["numerator"].notna() & group["denominator"].notna()]
        num = int(both["numerator"].sum()) if len(both) else None
        den = int(both["denominator"].sum()) if len(both) else None
        if not len(both):
            if (group["numerator"].notna() & group["denominator"].isna()).any():
                reason = "no_denominator"
            elif (group["numerator"].isna() & group["denominator"].notna()).any():
                reason = "no_numerator"
            else:
                reason = "no_data"
        else:
            reason = "zero_denominator" if den == 0 else None
        value = 100 * num / den if num is not None and den else None
        out.append({**dict(zip(by, key, strict=True)), "numerator": num, "denominator": den,
                    "n_rows": len(group), "n_used": len(both), "value": value,
                    "reason": reason})
    return pd.DataFrame(out)


def _same(got: pd.Series, want: pd.Series) -> bool:
    # floats from two implementations: within a few ulp, never bit for bit
    a = [None if pd.isna(v) else v for v in got]
    b = [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in want]
    return all(floats_close(x, y) for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("by", [["unit_code", "period", "indicator"], ["period", "indicator"],
                                ["indicator"]])
def test_values_match_a_loop_over_groups(seed: int, by: list[str]) -> None:
    obs = _observations(seed)
    got = values(obs, by=by)
    want = _ref_values(obs, by)
    assert len(got) == len(want)
    for col in [*by, "numerator", "denominator", "n_rows", "n_used", "value", "reason"]:
        assert _same(got[col], want[col]), col
    assert got["value"].notna().any()
    if len(by) == 3:  # small groups: some with nothing usable or a zero denominator
        assert set(got["reason"].dropna()) & {"zero_denominator", "no_data"}


@pytest.mark.parametrize("seed", SEEDS)
def test_aggregate_matches_a_loop_over_provinces(seed: int) -> None:
    units = load_units(pd.DataFrame({
        "code": ["P1", "P2", *UNITS], "name": ["P1", "P2", *UNITS],
        "level": ["province", "province", *["commune"] * len(UNITS)],
        "parent_code": ["", "", "P1", "P1", "P1", "P1", "P2", "P2"]}))
    obs = _observations(seed)
    obs = obs[obs["period"].notna()]  # aggregate raises on a missing period (as before)
    got = aggregate(obs, units, "province")
    rolled = obs.assign(unit_code=obs["unit_code"].str[0].map({"1": "P1", "2": "P2"}))
    want = _ref_values(rolled, ["unit_code", "period", "indicator"])
    merged = got.merge(want, on=["unit_code", "period", "indicator"], how="left",
                       suffixes=("", "_ref"))
    reported = merged["n_rows_ref"].notna()
    assert reported.sum() == len(want)
    for col in ("numerator", "denominator", "n_rows", "n_used", "value", "reason"):
        assert _same(merged.loc[reported, col], merged.loc[reported, f"{col}_ref"]), col
    assert (merged.loc[~reported, "reason"] == "no_reports").all()


@pytest.mark.parametrize("seed", SEEDS)
def test_attainment_sums_match_a_loop_over_targets_and_groups(seed: int) -> None:
    obs = _observations(seed)
    plan = load_plan("hai-duong-2021")
    got = attainment(obs, plan)
    assert len(got)
    for target in plan.targets.itertuples(index=False):
        part = obs[obs["indicator"].isin(target.indicators)]
        want = _ref_values(part, ["unit_code", "period"])
        mine = got[got["ref"] == target.ref].reset_index(drop=True)
        assert len(mine) == len(want)
        if want.empty:
            continue
        for col in ("unit_code", "period", "numerator", "denominator", "value"):
            assert _same(mine[col], want[col]), (target.ref, col)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("method", ["sdg", "trajectory"])
def test_progress_matches_assess_series_per_unit(seed: int, method: str) -> None:
    obs = _observations(seed, n=600)
    plan = load_plan("hai-duong-2021")
    got = progress(obs, plan, method=method)
    assert len(got)
    usable = obs[obs["status"].isin(["ok", "warning"])]
    rows = []
    for tgt in plan.targets.itertuples(index=False):
        series = _yearly_series(usable, tuple(tgt.indicators))
        has_value = pd.notna(tgt.operator) and pd.notna(tgt.value)
        for unit, part in series.groupby("unit_code", sort=True):
            res = assess_series(
                part["year"].tolist(), part["value"].tolist(), direction=str(tgt.direction),
                target=float(tgt.value) if has_value else None, target_year=int(tgt.year),
                base_year=plan.start, method=method,
                operator=str(tgt.operator) if has_value else None)
            rows.append({"unit_code": unit, "ref": tgt.ref, "n_years": len(part),
                         **res.to_dict()})
    want = pd.DataFrame(rows)
    assert len(got) == len(want)
    for col in ("unit_code", "ref", "n_years", "ratio", "base_year",
                "latest_year", "latest_value", "projection", "cagr_observed", "reason"):
        assert _same(got[col], want[col].astype(object)), col
    # a status and its band's score may differ only where the ratio or gap is on a threshold
    for col in ("status", "score"):
        differ = [i for i in range(len(want)) if not _same(got[col].iloc[[i]],
                                                            want[col].astype(object).iloc[[i]])]
        assert all(on_a_progress_threshold(want["ratio"].iloc[i], want.get("gap", pd.Series(
            [None] * len(want))).iloc[i]) for i in differ), (col, differ[:5])
    assert got["status"].nunique() > 1
