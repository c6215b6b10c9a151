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


# ------------------------------------ a plan whose unit was reorganised (issue 22)

def _small_registry() -> pd.DataFrame:
    """Hải Dương (30) with Nam Sách district's two communes until 30 June 2025; from
    1 July new Xã Nam Sách (10606, the official crosswalk's successor of both) under
    Hải Phòng (31), and Xã Gia Phúc (11050), which took none of them."""
    from childlabour_metrics.reference.units import load_units

    end, start = "2025-06-30", "2025-07-01"
    return load_units(pd.DataFrame({
        "code": ["VN", "30", "291", "10606", "10654", "31", "10606", "11050"],
        "name": ["VN", "Tỉnh Hải Dương", "Huyện Nam Sách", "Thị trấn Nam Sách",
                 "Xã Hồng Phong", "Thành phố Hải Phòng", "Xã Nam Sách", "Xã Gia Phúc"],
        "level": ["country", "province", "district", "commune", "commune", "province",
                  "commune", "commune"],
        "parent_code": ["", "VN", "30", "291", "291", "VN", "31", "31"],
        "valid_from": ["", "", "", "", "", start, start, start],
        "valid_to": ["", end, end, end, end, "", "", ""],
    }))


def test_after_its_unit_is_gone_a_plan_expects_and_judges_the_successors():
    from childlabour_metrics.analysis.report_data import analyse

    obs = _obs([("10606", "2024", "CL01", 20, 1000), ("10654", "2024", "CL01", 10, 1000),
                ("10606", "2025H1", "CL01", 18, 1000),
                ("10606", "2025", "CL01", 30, 2000), ("11050", "2025", "CL01", 1, 1000)])
    data = analyse(obs, "hai-duong-2021", units=_small_registry())
    expected = data.completeness[data.completeness["expected"]]
    by_period = expected.groupby("period")["unit_code"].agg(lambda c: sorted(set(c)))
    # H1 (due 15 June): the old district and communes; the year (15 December): Xã Nam Sách
    assert by_period["2025H1"] == ["10606", "10654", "291"]
    assert by_period["2025"] == ["10606"]
    a1 = _a1(data.judged)
    scope = a1.loc["30"]
    assert scope["period"] == "2025" and scope["value"] == pytest.approx(1.5)  # 30/2000
    assert (scope["n_reported"], scope["n_expected"], scope["not_reported"]) == (1, 1, ())
    assert "11050" not in a1.index and "10654" not in a1.index  # neither is a 2025 unit
    assert data.headline.expected == 1 and data.headline.reported == 1


def test_the_sample_judges_2025_on_the_successor_communes():
    """The sample's yearly 2025 round comes from the 33 new communes holding Hải Dương's
    territory: 28 sent it; the province's 2025 value is the sum of their counts."""
    from childlabour_metrics.analysis.report_data import analyse
    from tests.support import REPO

    sample = REPO / "data" / "sample"
    data = analyse(sample, "hai-duong-2021", units=sample / "units.csv", progress=False)
    obs = data.observations
    year = obs[(obs["period"] == "2025") & (obs["indicator"] == "CL01")
               & (obs["status"] == "ok")]
    assert year["source_file"].str.startswith("2025/hai-phong/").all() and len(year) == 28
    a1 = _a1(data.judged)
    scope = a1.loc["30"]
    assert scope["period"] == "2025" and (scope["n_reported"], scope["n_expected"]) == (28, 33)
    assert scope["value"] == pytest.approx(
        100 * year["numerator"].sum() / year["denominator"].sum(), rel=1e-12)
    missing = set(a1.index[a1["status"] == "not_reported"])
    assert set(scope["not_reported"]) == missing and len(missing) == 5
    assert missing == set(data.headline.missing)
    units = pd.read_csv(sample / "units.csv", dtype=str, keep_default_na=False)
    new = set(units.loc[units["valid_from"] == "2025-07-01", "code"])
    assert set(a1.index) - {"30"} <= new  # no dissolved commune is judged on 2025
