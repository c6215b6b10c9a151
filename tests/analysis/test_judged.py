"""The judged table (issue 22): the right year or none, verdicts that never contradict,
composites whole, coverage named."""

from __future__ import annotations

import pandas as pd
import pytest

from childlabour_metrics.analysis.judged import VERDICTS, judged_period, judged_table
from childlabour_metrics.analysis.progress import assess_series
from childlabour_metrics.analysis.targets import assess, attainment, judge
from childlabour_metrics.reference.plans import load_plan

PLAN = load_plan("hai-duong-2021")


def _obs(rows):
    return pd.DataFrame(rows, columns=["unit_code", "period", "indicator", "numerator",
                                       "denominator"])


def _a1(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["ref"] == "A1"].set_index("unit_code")


def test_a_2025_target_is_judged_on_2025_or_on_nothing():
    obs = _obs([("a", "2024", "CL01", 14, 1000), ("a", "2025", "CL01", 9, 1000),
                ("b", "2024", "CL01", 14, 1000), ("b", "2025H1", "CL01", 12, 1000)])
    units = judge(obs, PLAN)
    a1 = _a1(judged_table(PLAN, units.iloc[:0], units))
    assert a1.loc["a", ["period", "status", "reason"]].tolist() == ["2025", "met",
                                                                    "target_year"]
    # b has no 2025 yearly report: no verdict for 2025, its 2025H1 beside, labelled
    assert a1.loc["b", ["period", "status", "reason"]].tolist() == ["2025", "no_data",
                                                                    "no_value"]
    assert a1.loc["b", "earlier_period"] == "2025H1"
    assert a1.loc["b", "earlier_value"] == pytest.approx(1.2)
    assert set(units["status"]) <= set(VERDICTS)


def test_before_its_year_a_target_is_on_track_or_not_yet_never_met():
    assert judged_period("2025", 2030) == "2025"
    assert judged_period("2025H1", 2025) == "2025H1"
    obs = _obs([("a", "2025", "CL01", 9, 1000), ("a", "2025H1", "CL01", 12, 1000)])
    att = attainment(obs, PLAN)
    a12 = att[att["ref"] == "A12"].set_index("period")  # "< 1 %" due 2030
    assert a12.loc["2025", "status"] == "on_track"
    a1 = att[att["ref"] == "A1"].set_index("period")  # "≤ 1 %" due 2025
    assert a1.loc["2025H1", "status"] == "not_yet"  # its year not over
    assert a1.loc["2025", "status"] == "met"


def test_after_its_year_the_verdict_is_attainment_alone():
    obs = _obs([("a", "2021", "CL01", 30, 1000), ("a", "2025", "CL01", 12, 1000)])
    att, prog = judge(obs, PLAN), assess(obs, PLAN)
    table = judged_table(PLAN, att.iloc[:0], att, prog)
    a1, a12 = _a1(table).loc["a"], table[table["ref"] == "A12"].iloc[0]
    assert a1["status"] == "not_met" and pd.isna(a1["progress"])
    assert a12["status"] == "not_yet" and a12["progress_method"] == "sdg"


def test_progress_never_says_achieved_where_attainment_says_not_met():
    # 1 child in 200,000 against "≤ 0": not met; sdg-build's 0.001 is for growth only
    a = assess_series([2021, 2025], [0.003, 0.0005], direction="decrease", target=0,
                      target_year=2030, operator="<=")
    assert a.status != "target_achieved"
    obs = _obs([("a", "2021", "CL02", 6, 200000), ("a", "2025", "CL02", 1, 200000)])
    att = attainment(obs, PLAN)
    assert att.loc[att["ref"] == "A13", "met"].tolist() == [False, False]
    prog = assess(obs, PLAN)
    assert prog.loc[prog["ref"] == "A13", "status"].item() != "target_achieved"


def test_projections_stay_within_what_a_rate_can_be():
    up = assess_series([2021, 2023], [90.0, 99.0], direction="increase", target=100,
                       target_year=2030)
    down = assess_series([2021, 2023], [3.0, 1.0], direction="decrease", target=0.5,
                         target_year=2030, method="trajectory")
    assert up.projection == 100.0 and down.projection == 0.0


def test_a_composite_missing_a_component_gets_no_verdict():
    plan = load_plan("van-son-2026")
    obs = _obs([("07621", "2026", "CL12", 45, 50), ("07621", "2026", "CL13", None, None)])
    b8 = attainment(obs, plan).set_index("ref").loc["B8"]
    assert b8["status"] == "incomplete" and b8["reason"] == "missing_component"
    assert pd.isna(b8["met"])
    whole = _obs([("07621", "2026", "CL12", 48, 50), ("07621", "2026", "CL13", 95, 100)])
    assert attainment(whole, plan).set_index("ref").loc["B8", "status"] == "on_track"


def test_coverage_names_the_units_that_did_not_report():
    obs = _obs([("a", "2025", "CL01", 9, 1000), ("b", "2025", "CL01", 20, 1000)])
    scope = _obs([("30", "2025", "CL01", 29, 2000)])
    expected = pd.DataFrame({"unit_code": ["a", "b", "c"], "period": ["2025"] * 3,
                             "received": [True, True, False]})
    table = judged_table(PLAN, judge(scope, PLAN), judge(obs, PLAN), expected=expected)
    a1 = _a1(table)
    assert a1.loc["c", "status"] == "not_reported"
    row = a1.loc["30"]
    assert (row["n_reported"], row["n_expected"], row["units_met"]) == (2, 3, 1)
    assert row["not_reported"] == ("c",)
