"""The vectorised progress measure against :func:`assess_series`, series by series.

``progress`` assesses every unit × target series at once with array
operations (``_assess_many``); ``assess_series`` is the one-series reference
that follows sdg-build line by line.  Both must give the same floats on
random series that include the edge cases: zeros, 100 % values, NaN,
subnormal values, one-point series, negative values, targets equal to the
base value, target years at or before the base year, both directions and
every operator.

The two are two implementations (Python's ``**`` against numpy's ``power``,
whose SIMD kernels differ between CPUs: AVX-512 rounds the last bit otherwise),
so computed floats are compared within a few ulp (``conftest.FLOAT_RTOL``), never bit for
bit; a status or score may differ only where the value that decides it lies
within that tolerance of its threshold.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from childlabour_metrics.analysis.progress import _assess_many, assess_series
from tests.support import floats_close, on_a_progress_threshold, raises_en

#: Fields taken from the input or decided by comparisons of input values: identical.
EXACT = ["base_year", "latest_year", "base_value", "latest_value", "reason"]
#: Fields computed by arithmetic (powers, quotients): equal within a few ulp.
COMPUTED = ["ratio", "cagr_observed", "cagr_required", "projection", "expected", "gap"]


def _random_case(seed: int, n_series: int = 400) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    rows, params = [], []
    for g in range(n_series):
        n = int(rng.choice([0, 1, 1, 2, 3, 4, 6]))
        years = np.sort(rng.choice(np.arange(2016, 2027), size=n, replace=False))
        kind = rng.random(n)
        values = np.where(kind < 0.15, 0.0, np.where(kind < 0.25, 100.0, rng.uniform(0, 30, n)))
        values[rng.random(n) < 0.1] = np.nan
        values[rng.random(n) < 0.05] = 1e-12  # below a billionth of a percent: zero
        if rng.random() < 0.1:
            values = -values  # a series below zero (opposite signs with a positive target)
        rows += [{"group": g, "year": int(y), "value": float(v)} for y, v in
                 zip(years, values, strict=True)]
        choice = rng.random()
        finite = values[~np.isnan(values)]
        if choice < 0.15:
            target = np.nan
        elif choice < 0.3:
            target = 0.0
        elif choice < 0.4:
            target = 100.0
        elif choice < 0.6 and len(finite):
            target = float(finite[0])  # the base value itself: no rate required
        else:
            target = float(rng.uniform(0, 30))
        params.append({
            "direction": str(rng.choice(["increase", "decrease"])),
            "target": target,
            "target_year": int(rng.choice([2017, 2020, 2025, 2030])),
            "operator": rng.choice([None, "<", "<=", ">", ">="]),
        })
    return (pd.DataFrame(rows, columns=["group", "year", "value"]), pd.DataFrame(params))


def _reference(series: pd.DataFrame, params: pd.DataFrame, method: str,
               base_year: int | None) -> pd.DataFrame:
    out = []
    by_group = {g: (part["year"].tolist(), part["value"].tolist())
                for g, part in series.groupby("group")}
    for g, p in params.iterrows():
        years, values = by_group.get(g, ([], []))
        res = assess_series(years, values,
                            direction=p["direction"],
                            target=None if math.isnan(p["target"]) else p["target"],
                            target_year=int(p["target_year"]), base_year=base_year,
                            method=method,
                            operator=p["operator"] if isinstance(p["operator"], str) else None)
        out.append(res.to_dict())
    return pd.DataFrame(out)


def _missing(a: object) -> bool:
    return a is None or a is pd.NA or (isinstance(a, float) and math.isnan(a))


def _same(a: object, b: object) -> bool:
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    return a == b


_close = floats_close


def _on_a_threshold(row: pd.Series) -> bool:
    """Whether the value that decides this row's status lies within tolerance of its threshold."""
    return on_a_progress_threshold(row["ratio"], row["gap"])


def _compare(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Assert the vectorised table equals the reference, floats within tolerance."""
    for field in EXACT:
        mine, ref = got[field].astype(object).tolist(), want[field].astype(object).tolist()
        bad = [i for i, (x, y) in enumerate(zip(mine, ref, strict=True)) if not _same(x, y)]
        assert not bad, (field, bad[:5], [mine[i] for i in bad[:5]], [ref[i] for i in bad[:5]])
    for field in COMPUTED:
        mine, ref = got[field].astype(object).tolist(), want[field].astype(object).tolist()
        bad = [i for i, (x, y) in enumerate(zip(mine, ref, strict=True)) if not _close(x, y)]
        assert not bad, (field, bad[:5], [mine[i] for i in bad[:5]], [ref[i] for i in bad[:5]])
    # A status (and the score of its band) may differ only on a threshold.
    for field, same in (("status", _same), ("score", _close)):
        mine, ref = got[field].astype(object).tolist(), want[field].astype(object).tolist()
        bad = [i for i, (x, y) in enumerate(zip(mine, ref, strict=True))
               if not same(x, y) and not _on_a_threshold(want.iloc[i])]
        assert not bad, (field, bad[:5], [mine[i] for i in bad[:5]], [ref[i] for i in bad[:5]])


def test_the_comparison_can_fail() -> None:
    # a difference of a millionth is no rounding: the comparison names it
    series, params = _random_case(1)
    want = _reference(series, params, "sdg", None)
    moved = want.copy()
    hit = moved["ratio"].notna() & moved["ratio"].abs().gt(0.1)
    moved.loc[hit.idxmax(), "ratio"] *= 1 + 1e-6
    with pytest.raises(AssertionError):
        _compare(moved, want)
    flipped = want.copy()
    far = ~want.apply(_on_a_threshold, axis=1) & want["status"].eq("deterioration")
    flipped.loc[far.idxmax(), "status"] = "substantial_progress"
    with pytest.raises(AssertionError):
        _compare(flipped, want)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("method", ["sdg", "trajectory"])
@pytest.mark.parametrize("base_year", [None, 2019, 2021])
def test_assess_many_equals_assess_series(seed: int, method: str, base_year: int | None) -> None:
    series, params = _random_case(seed)
    got = _assess_many(series, params, method=method, base_year=base_year)
    want = _reference(series, params, method, base_year)
    assert len(got) == len(want) == len(params)
    _compare(got, want)
    n_years = series.dropna().groupby("group").size().reindex(params.index, fill_value=0)
    assert got["n_years"].tolist() == n_years.tolist()
    # the random cases reach the edge rules, so the comparison means something
    statuses = set(want["status"])
    reasons = set(want["reason"].dropna())
    if method == "sdg":
        assert {"target_achieved", "deterioration", "not_available"} <= statuses
        assert {"no_data", "fewer_than_two_years", "target_year_not_after_base_year"} <= reasons
    else:
        assert {"target_achieved", "on_track", "off_track", "insufficient_data"} <= statuses
        assert {"no_data", "no_target"} <= reasons


def test_edge_rules_are_reached_by_the_random_cases() -> None:
    # target equal to base (judged directly) and opposite signs occur in the sample
    series, params = _random_case(0, n_series=2000)
    want = _reference(series, params, "sdg", None)
    got = _assess_many(series, params, method="sdg")
    flat = want["cagr_required"].eq(0)
    assert flat.any()
    assert set(want.loc[flat & want["status"].ne("target_achieved"), "status"]) <= {
        "deterioration", "limited_progress"}
    assert (want["reason"] == "opposite_signs").any()
    _compare(got, want)


def test_duplicate_year_is_refused_like_assess_series() -> None:
    series = pd.DataFrame({"group": [0, 0], "year": [2021, 2021], "value": [1.0, 2.0]})
    params = pd.DataFrame({"direction": ["decrease"], "target": [1.0], "target_year": [2025],
                           "operator": [None]})
    with raises_en(ValueError, "duplicate value for year 2021"):
        _assess_many(series, params)
    with raises_en(ValueError, "duplicate value for year 2021"):
        assess_series([2021, 2021], [1.0, 2.0], direction="decrease", target=1.0)


def test_bad_direction_is_refused() -> None:
    series = pd.DataFrame({"group": [0], "year": [2021], "value": [1.0]})
    params = pd.DataFrame({"direction": ["down"], "target": [1.0], "target_year": [2025],
                           "operator": [None]})
    with raises_en(ValueError, "direction 'down' is not one of \"increase\", \"decrease\""):
        _assess_many(series, params)
