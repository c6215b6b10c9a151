"""Tests for progress.py: the sdg-build progress measure, the trajectory method, progress()."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from childlabour_metrics.analysis.progress import (
    _THRESHOLDS_NO_TARGET,
    _THRESHOLDS_TARGET,
    STATUS_LABELS,
    _sdg_score,
    _sdg_status,
    assess_series,
)
from childlabour_metrics.analysis.targets import progress
from childlabour_metrics.reference.plans import Plan
from tests.support import raises_en

NATIONAL_YEARS = [2012, 2018, 2023]
NATIONAL_RATES = [9.6, 5.4, 1.31]


# --- the published national series -------------------------------------------------------

@pytest.mark.parametrize("target, target_year", [(4.9, 2025), (4.5, 2030)])
@pytest.mark.parametrize("method", ["sdg", "trajectory"])
def test_national_series_has_achieved_both_targets(target, target_year, method):
    a = assess_series(NATIONAL_YEARS, NATIONAL_RATES, direction="decrease", target=target,
                      target_year=target_year, method=method)
    assert a.status == "target_achieved"  # 1.31 <= 4.9 and 1.31 <= 4.5
    assert a.base_year == 2012 and a.latest_year == 2023
    assert a.latest_value == 1.31
    assert a.method == method
    if method == "sdg":
        assert a.score == 5


def test_national_series_components_by_hand():
    a = assess_series(NATIONAL_YEARS, NATIONAL_RATES, direction="decrease", target=4.9,
                      target_year=2025)
    cagr_o = (1.31 / 9.6) ** (1 / 11) - 1
    cagr_r = (4.9 / 9.6) ** (1 / 13) - 1
    assert a.cagr_observed == pytest.approx(cagr_o)
    assert a.cagr_required == pytest.approx(cagr_r)
    # sign (+1) · direction (−1) · cagr_o / |cagr_r|
    assert a.ratio == pytest.approx(-cagr_o / abs(cagr_r))
    assert a.projection == pytest.approx(1.31 * (1 + cagr_o) ** 2)


def test_national_series_2018_base_is_still_achieved_and_the_2018_figure_alone_is_not():
    a = assess_series([2018], [5.4], direction="decrease", target=4.9, target_year=2025)
    assert a.status == "not_available" and a.reason == "fewer_than_two_years"
    a = assess_series([2012, 2018], [9.6, 5.4], direction="decrease", target=4.9,
                      target_year=2025)
    # Not yet at 4.9: the pace 2012→2018 against the pace needed 2012→2025.
    cagr_o = (5.4 / 9.6) ** (1 / 6) - 1
    cagr_r = (4.9 / 9.6) ** (1 / 13) - 1
    assert a.ratio == pytest.approx(cagr_o / cagr_r)
    assert a.ratio > 0.95 and a.status == "substantial_progress"
    assert a.score == pytest.approx(min(7.1429 * a.ratio - 4.2857, 5))


# --- sdg: statuses and scores at every threshold -----------------------------------------

@pytest.mark.parametrize(
    "value, expected",
    [
        (0.95, "substantial_progress"), (0.9499999, "moderate_progress"),
        (0.6, "moderate_progress"), (0.5999999, "limited_progress"),
        (0.0, "limited_progress"), (-1e-9, "deterioration"), (None, "not_available"),
    ],
)
def test_status_thresholds_with_target(value, expected):
    assert _sdg_status(value, _THRESHOLDS_TARGET, False) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (0.015, "substantial_progress"), (0.0149999, "moderate_progress"),
        (0.005, "moderate_progress"), (0.0049999, "limited_progress"),
        (0.0, "limited_progress"), (-1e-9, "deterioration"),
    ],
)
def test_status_thresholds_without_target(value, expected):
    assert _sdg_status(value, _THRESHOLDS_NO_TARGET, False) == expected


def test_target_achieved_overrides_value():
    assert _sdg_status(-3.0, _THRESHOLDS_TARGET, True) == "target_achieved"
    assert _sdg_status(None, _THRESHOLDS_TARGET, True) == "target_achieved"


@pytest.mark.parametrize(
    "value, score",
    [
        (2.0, 5.0),                      # min(7.1429·2 − 4.2857, 5)
        (0.95, 7.1429 * 0.95 - 4.2857),  # ≈ 2.5
        (0.6, 7.1429 * 0.6 - 4.2857),    # ≈ 0
        (0.3, 4.1667 * 0.3 - 2.5),
        (0.0, -2.5),
        (-0.5, 4.1667 * -0.5 - 2.5),
        (-5.0, -5.0),                    # floor
    ],
)
def test_score_with_target(value, score):
    assert _sdg_score(value, 2, _THRESHOLDS_TARGET) == pytest.approx(score)


@pytest.mark.parametrize(
    "value, score",
    [
        (0.05, 5.0), (0.015, 2.5), (0.01, 1.25), (0.005, 0.0), (0.002, -1.5), (0.0, -2.5),
        (-0.01, -3.75), (-1.0, -5.0),
    ],
)
def test_score_without_target(value, score):
    assert _sdg_score(value, 1, _THRESHOLDS_NO_TARGET) == pytest.approx(score)


def _target_for_ratio(base, latest, years, target_years, ratio, direction):
    """The target that makes the sdg ratio equal ``ratio`` (for edge tests)."""
    cagr_o = (latest / base) ** (1 / years) - 1
    sign = 1 if direction == "increase" else -1
    cagr_r = abs(sign * cagr_o / ratio) * (1 if direction == "increase" else -1)
    return base * (1 + cagr_r) ** target_years


@pytest.mark.parametrize("direction, base, latest", [("decrease", 10.0, 8.0),
                                                     ("increase", 50.0, 60.0)])
@pytest.mark.parametrize(
    "ratio, expected",
    [(0.95 + 1e-6, "substantial_progress"), (0.95 - 1e-6, "moderate_progress"),
     (0.6 + 1e-6, "moderate_progress"), (0.6 - 1e-6, "limited_progress"),
     (0.3, "limited_progress")],
)
def test_series_edges_both_directions(direction, base, latest, ratio, expected):
    target = _target_for_ratio(base, latest, 2, 10, ratio, direction)
    a = assess_series([2020, 2022], [base, latest], direction=direction, target=target,
                      target_year=2030)
    assert a.ratio == pytest.approx(ratio, rel=1e-9)
    assert a.status == expected


def test_exact_ratio_one_on_the_compound_path():
    # 16 → 4 in two years halves each year; 16 → 1 in four years is the same pace.
    a = assess_series([2020, 2022], [16, 4], direction="decrease", target=1, target_year=2024)
    assert a.cagr_observed == -0.5 and a.cagr_required == -0.5
    assert a.ratio == 1.0
    assert a.status == "substantial_progress"
    assert a.score == pytest.approx(7.1429 - 4.2857)
    assert a.projection == pytest.approx(1.0)


def test_no_change_is_limited_progress_and_wrong_way_is_deterioration():
    a = assess_series([2020, 2024], [5, 5], direction="decrease", target=1)
    assert a.ratio == 0 and a.status == "limited_progress" and a.score == pytest.approx(-2.5)
    a = assess_series([2020, 2024], [5, 6], direction="decrease", target=1)
    assert a.ratio < 0 and a.status == "deterioration"
    a = assess_series([2020, 2024], [60, 50], direction="increase", target=90)
    assert a.ratio < 0 and a.status == "deterioration"


def test_increase_target_achieved_at_equality():
    a = assess_series([2021, 2024], [80, 95], direction="increase", target=95)
    assert a.status == "target_achieved" and a.score == 5


def test_operator_makes_a_strict_target_strict():
    a = assess_series([2021, 2024], [3, 1], direction="decrease", target=1, operator="<")
    assert a.status != "target_achieved"
    assert assess_series([2021, 2024], [3, 1], direction="decrease",
                         target=1).status == "target_achieved"


# --- no target -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "values, years, direction, status, score",
    [
        ([100, 97], [2020, 2022], "decrease", "substantial_progress",
         500 * (1 - 0.97 ** 0.5) - 5),
        ([100, 97], [2020, 2022], "increase", "deterioration",
         max(125 * (0.97 ** 0.5 - 1) - 2.5, -5)),
        ([100, 99], [2020, 2021], "decrease", "moderate_progress", 250 * 0.01 - 1.25),
        ([100, 99.8], [2020, 2021], "decrease", "limited_progress", 500 * 0.002 - 2.5),
        ([50, 51], [2020, 2021], "increase", "substantial_progress", 5.0),
    ],
)
def test_no_target_rule(values, years, direction, status, score):
    a = assess_series(years, values, direction=direction)
    assert a.status == status
    assert a.score == pytest.approx(score)
    assert a.cagr_required is None and a.target is None


# --- not available ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "years, values, kwargs, reason",
    [
        ([], [], {}, "no_data"),
        ([2020, 2021], [None, float("nan")], {}, "no_data"),
        ([2024], [3.0], {"target": 1}, "fewer_than_two_years"),
        ([2020, 2022], [-1.0, 2.0], {"target": 1}, "opposite_signs"),
        ([2020, 2022], [4.0, 3.0], {"target": 1, "base_year": 2023}, "base_year_after_data"),
        ([2020, 2022], [4.0, 3.0], {"target": 1, "base_year": 2022}, "fewer_than_two_years"),
        ([2020, 2022], [4.0, 5.0], {"target": 1, "target_year": 2020},
         "target_year_not_after_base_year"),
    ],
)
def test_not_available(years, values, kwargs, reason):
    a = assess_series(years, values, direction="decrease", **kwargs)
    assert a.status == "not_available"
    assert a.reason == reason
    assert a.ratio is None and a.score is None


def test_base_year_rule_uses_first_later_year_with_data():
    a = assess_series([2019, 2021, 2023], [8, 6, 4], direction="decrease", target=2,
                      base_year=2020)
    assert a.base_year == 2021 and a.base_value == 6
    a = assess_series([2019, 2021, 2023], [8, 6, 4], direction="decrease", target=2,
                      base_year=2019)
    assert a.base_year == 2019


def test_zero_target_and_zero_base_become_0001():
    a = assess_series([2020, 2022], [4, 2], direction="decrease", target=0, target_year=2030)
    cagr_r = (0.001 / 4) ** (1 / 10) - 1
    assert a.cagr_required == pytest.approx(cagr_r)
    assert a.ratio == pytest.approx(((2 / 4) ** 0.5 - 1) / cagr_r)
    assert a.target == 0  # reported as given
    a = assess_series([2020, 2022], [0, 10], direction="increase", target=20, target_year=2030)
    assert a.base_value == 0
    assert a.cagr_observed == pytest.approx((10 / 0.001) ** 0.5 - 1)
    assert a.status == "substantial_progress" and a.score == 5
    # A latest value of 0 meets a target of 0 (compared with 0.001, as sdg-build does).
    a = assess_series([2020, 2022], [3, 0], direction="decrease", target=0)
    assert a.status == "target_achieved"


def test_duplicate_years_raise():
    with raises_en(ValueError, "duplicate"):
        assess_series([2020, 2020], [1, 2], direction="decrease")


def test_bad_arguments_raise():
    with pytest.raises(ValueError):
        assess_series([2020], [1], direction="down")
    with pytest.raises(ValueError):
        assess_series([2020], [1], direction="decrease", method="linear")


def test_status_labels_cover_every_status_in_two_languages():
    for key, (vi, en) in STATUS_LABELS.items():
        assert key == key.lower() and " " not in key
        assert vi and en and vi != en
    a = assess_series([2020, 2022], [10, 8], direction="decrease", target=4)
    assert a.label() == "Tiến bộ rõ rệt" and a.label("en") == "Substantial progress"


# --- trajectory ---------------------------------------------------------------------------

def test_trajectory_by_hand():
    # line 10 (2020) → 4 (2030): 9.4 expected in 2021, 8.2 in 2023
    a = assess_series([2020, 2023], [10, 8.5], direction="decrease", target=4,
                      method="trajectory")
    assert a.expected == pytest.approx(8.2)
    assert a.gap == pytest.approx(0.3)
    assert a.ratio == pytest.approx(1.5 / 1.8)
    assert a.status == "off_track"
    assert a.score is None
    assert a.projection == pytest.approx(8.5 - 0.5 * 7)
    a = assess_series([2020, 2023], [10, 8.2], direction="decrease", target=4,
                      method="trajectory")
    assert a.status == "on_track"  # exactly on the line
    a = assess_series([2021, 2023], [50, 62], direction="increase", target=90,
                      target_year=2025, method="trajectory")
    assert a.expected == pytest.approx(70) and a.status == "off_track"


def test_trajectory_insufficient_data():
    for years, values, kwargs in [([2022], [5], {"target": 1}),
                                  ([2020, 2022], [5, 4], {}),
                                  ([], [], {"target": 1})]:
        a = assess_series(years, values, direction="decrease", method="trajectory", **kwargs)
        assert a.status == "insufficient_data"
        assert a.reason is not None


@settings(max_examples=200, deadline=None)
@given(
    base=st.floats(0.5, 100), latest=st.floats(0.5, 100), target=st.floats(0.5, 100),
    span=st.integers(1, 8), horizon=st.integers(1, 10),
    direction=st.sampled_from(["increase", "decrease"]),
)
def test_properties(base, latest, target, span, horizon, direction):
    years = [2020, 2020 + span]
    sdg = assess_series(years, [base, latest], direction=direction, target=target,
                        target_year=2020 + span + horizon)
    achieved = latest <= target if direction == "decrease" else latest >= target
    if achieved:
        assert sdg.status == "target_achieved" and sdg.score == 5
    elif sdg.ratio is not None:
        assert -5 <= sdg.score <= 5
        assert sdg.status == _sdg_status(sdg.ratio, _THRESHOLDS_TARGET, False)
        assert math.copysign(1, sdg.ratio) == math.copysign(1, sdg.cagr_observed * (
            1 if direction == "increase" else -1)) or sdg.ratio == 0
    traj = assess_series(years, [base, latest], direction=direction, target=target,
                         target_year=2020 + span + horizon, method="trajectory")
    if not achieved and traj.ratio is not None:
        beyond = latest <= traj.expected if direction == "decrease" else latest >= traj.expected
        assert traj.status == ("on_track" if beyond else "off_track")


# --- progress() ---------------------------------------------------------------------------

def _plan(targets: list[dict], start: int = 2021) -> Plan:
    frame = pd.DataFrame(targets)
    frame["indicators"] = frame["indicators"].astype(object)
    return Plan(id="t", name_vi="Kế hoạch thử", name_en="Test plan", issuer="", document="",
                scope_code="P", scope_name="", scope_level="province", start=start, end=2025,
                horizon=2030, parent=None, report_levels=("commune",),
                calendar=pd.DataFrame({"period": ["H1", "year"], "deadline": ["06-15", "12-15"],
                                       "year_offset": [0, 0]}),
                targets=frame)


def _obs(rows):
    return pd.DataFrame(rows, columns=["unit_code", "period", "indicator", "numerator",
                                       "denominator", "status"])


def test_progress_table_uses_yearly_values_then_h1_and_sums_indicators():
    plan = _plan([
        {"label": "T1", "indicators": ("CL01",), "year": 2025, "operator": "<=", "value": 1.0,
         "direction": "decrease"},
        {"label": "T2", "indicators": ("CL10", "CL11"), "year": 2030, "operator": ">=",
         "value": 90.0, "direction": "increase"},
        {"label": "T3", "indicators": ("CL01",), "year": 2030, "operator": None,
         "value": None, "direction": "decrease"},
    ])
    obs = _obs([
        ("a", "2021", "CL01", 5, 100, "ok"),
        ("a", "2021H1", "CL01", 50, 100, "ok"),      # ignored: the year has a yearly report
        ("a", "2023", "CL01", 99, 100, "error"),     # excluded
        ("a", "2023", "CL01", 4, 100, "superseded"), # excluded
        ("a", "2023", "CL01", 3, 100, "warning"),
        ("a", "2024H1", "CL01", 2, 100, "ok"),       # stands in for 2024
        ("a", "2021", "CL10", 10, 100, "ok"),
        ("a", "2021", "CL11", 90, 100, "ok"),        # T2 2021: 100/200 = 50 %
        ("a", "2024", "CL10", 60, 100, "ok"),
        ("a", "2024", "CL11", 10, 100, "ok"),        # T2 2024: 70/200 = 35 %
    ])
    out = progress(obs, plan)
    assert list(out.columns[:19]) == [
        "unit_code", "ref", "label", "indicators", "target_year", "operator", "target",
        "direction",
        "method", "base_year", "latest_year", "latest_value", "status", "ratio", "score",
        "projection", "cagr_observed", "cagr_required", "n_years"]
    t1 = out[out["label"] == "T1"].iloc[0]
    assert t1["n_years"] == 3 and t1["base_year"] == 2021 and t1["latest_year"] == 2024
    assert t1["latest_value"] == pytest.approx(2.0)
    expected = assess_series([2021, 2023, 2024], [5.0, 3.0, 2.0], direction="decrease",
                             target=1.0, target_year=2025, operator="<=")
    assert t1["ratio"] == pytest.approx(expected.ratio)
    assert t1["status"] == expected.status
    t2 = out[out["label"] == "T2"].iloc[0]
    assert t2["indicators"] == ("CL10", "CL11")
    assert t2["latest_value"] == pytest.approx(35.0)
    assert t2["status"] == "deterioration"
    t3 = out[out["label"] == "T3"].iloc[0]
    assert pd.isna(t3["target"]) and pd.isna(t3["operator"]) and pd.isna(t3["cagr_required"])
    assert t3["status"] == "substantial_progress"  # 5 % → 2 % in 3 years, no target
    assert out["method"].eq("sdg").all()
    assert str(out["unit_code"].dtype) == "str" and str(out["n_years"].dtype) == "Int64"


def test_progress_trajectory_columns_and_base_year():
    plan = _plan([{"label": "T1", "indicators": ("CL01",), "year": 2025, "operator": "<=",
                   "value": 1.0, "direction": "decrease"}], start=2022)
    obs = _obs([("a", str(y), "CL01", n, 100, "ok")
                for y, n in [(2020, 9), (2022, 5), (2024, 2)]])
    out = progress(obs, plan, method="trajectory")
    row = out.iloc[0]
    assert row["method"] == "trajectory" and row["base_year"] == 2022
    assert row["expected"] == pytest.approx(5 - 4 * 2 / 3)
    assert row["status"] == "on_track"
    assert row["gap"] == pytest.approx(2 - (5 - 8 / 3))


def test_progress_without_data_is_empty_with_columns():
    plan = _plan([{"label": "T1", "indicators": ("CL01",), "year": 2025, "operator": "<=",
                   "value": 1.0, "direction": "decrease"}])
    out = progress(_obs([("a", "2024", "CL02", 1, 10, "ok")]), plan)
    assert out.empty and "status" in out.columns


def test_national_series_against_the_bundled_national_plan():
    # 2012 9.6 %, 2018 5.4 %, 2023 1.31 % as counts (the ratio is computed from them)
    obs = _obs([("VN", "2012", "CL01", 96, 1000, "ok"), ("VN", "2018", "CL01", 54, 1000, "ok"),
                ("VN", "2023", "CL01", 131, 10000, "ok")])
    out = progress(obs, "vn-782-2021", base_year=2012)
    cl01 = out[out["indicators"].map(lambda t: t == ("CL01",))]
    assert sorted(cl01["target_year"].tolist()) == [2025, 2030]
    assert sorted(cl01["target"].tolist()) == [4.5, 4.9]
    assert (cl01["status"] == "target_achieved").all()
    assert (cl01["score"] == 5).all()
    assert (cl01["base_year"] == 2012).all() and (cl01["latest_value"] == 1.31).all()
    # The plan's own base year (its start, 2021) has no data and nothing later
    # than 2023 exists, so the base is 2023 itself: one point, yet achieved.
    own = progress(obs, "vn-782-2021")
    assert (own.loc[own["indicators"].map(lambda t: t == ("CL01",)), "status"]
            == "target_achieved").all()


def test_plan_without_numbers_uses_the_no_target_rule():
    obs = _obs([("31", "2021", "CL01", 30, 1000, "ok"), ("31", "2024", "CL01", 20, 1000, "ok")])
    out = progress(obs, "hai-phong-2021")
    row = out[out["indicators"].map(lambda t: t == ("CL01",))].iloc[0]
    cagr = (2 / 3) ** (1 / 3) - 1
    assert pd.isna(row["target"]) and row["ratio"] == pytest.approx(-cagr)
    assert row["status"] == "substantial_progress"


def test_progress_rolls_communes_up_to_a_level():
    from childlabour_metrics.reference.units import sample_units

    plan = _plan([{"label": "T1", "indicators": ("CL01",), "year": 2025, "operator": "<=",
                   "value": 1.0, "direction": "decrease"}])
    obs = _obs([(c, y, "CL01", n, 100, "ok")
                for c in ("10606", "10654", "10642")
                for y, n in (("2021", 6), ("2023", 3))])
    out = progress(obs, plan, level="district", units=sample_units())
    assert out["unit_code"].tolist() == ["291"]
    assert out["latest_value"].item() == pytest.approx(3.0)  # 9 / 300
    assert out["reason"].isna().all()
    with raises_en(ValueError, "registry"):
        progress(obs, plan, level="district")


def test_period_spellings_are_one_period():
    plan = _plan([{"label": "T1", "indicators": ("CL01",), "year": 2025, "operator": "<=",
                   "value": 1.0, "direction": "decrease"}])
    obs = _obs([("a", "2021", "CL01", 3, 100, "ok"), ("a", "Cả năm 2021", "CL01", 3, 100, "ok"),
                ("a", "2023", "CL01", 2, 100, "ok")])
    row = progress(obs, plan).iloc[0]
    assert row["n_years"] == 2
    assert row["cagr_observed"] == pytest.approx((2 / 3) ** 0.5 - 1)
