"""analysis.survey: survey estimates judged against CL01 targets, and beside the routine rate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import childlabour_metrics as clm
from tests.support import REPO, raises_en

PLAN_WITH_MEASURE = """\
id = "survey-plan"
name_vi = "Kế hoạch thử"
scope_code = "VN"
scope_level = "country"
start = 2021
end = 2030
[[targets]]
ref = "S1"
label = "Tỷ lệ lao động trẻ em dưới 5%"
indicators = ["CL01"]
year = 2025
operator = "<"
value = 5.0
measure = "sdg-8.7.1"
[[targets]]
ref = "S2"
label = "Tỷ lệ lao động trẻ em không quá 4,5%"
indicators = ["CL01"]
year = 2030
operator = "<="
value = 4.5
[[targets]]
ref = "S3"
label = "Tỷ lệ trẻ được hỗ trợ"
indicators = ["CL03"]
year = 2025
operator = ">="
value = 90.0
"""


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text(PLAN_WITH_MEASURE, encoding="utf-8")
    return path


def _estimates(values, lows, highs, **domains):
    return pd.DataFrame({**domains, "value": values, "se": [0.5] * len(values),
                         "ci_low": lows, "ci_high": highs, "ci_method": ["logit"] * len(values),
                         "deff": [1.5] * len(values), "n": [400] * len(values),
                         "population": [1e5] * len(values), "count": [4e3] * len(values)})


def test_the_interval_decides_met_not_met_or_indistinguishable(plan_file) -> None:
    est = _estimates([3.0, 6.0, 4.8, 4.0, np.nan], [2.0, 5.2, 4.0, 3.1, np.nan],
                     [4.5, 7.1, 5.6, 5.0, np.nan], province=["a", "b", "c", "d", "e"])
    out = clm.survey_attainment(est, plan_file, 2025)
    assert out["status"].tolist() == ["met", "not_met", "indistinguishable",
                                      "indistinguishable", "no_data"]
    # "< 5": an upper limit of exactly 5 does not meet it
    assert out["ref"].unique().tolist() == ["S1"]
    np.testing.assert_allclose(out["gap_pp"][:4], [2.0, -1.0, 0.2, 1.0])
    assert list(out.columns) == ["province", *clm.analysis.survey.SURVEY_JUDGE_COLUMNS]
    assert out["measure"].tolist()[0] == "sdg-8.7.1"


def test_every_cl01_target_with_a_number_without_a_year(plan_file) -> None:
    est = _estimates([4.6], [4.2], [4.9])
    out = clm.survey_attainment(est, plan_file)
    assert out[["ref", "status"]].values.tolist() == [["S1", "met"], ["S2", "indistinguishable"]]


def test_the_measure_guards_against_another_rule_set(plan_file) -> None:
    est = _estimates([3.0], [2.0], [4.0])
    assert clm.survey_attainment(est, plan_file, 2025, rules="sdg-8.7.1")["status"].item() == "met"
    with raises_en(clm.InputError, r'S1 is measured by the rule set "sdg-8.7.1".*"mics5"'):
        clm.survey_attainment(est, plan_file, 2025, rules="mics5")
    with raises_en(clm.InputError, r"rule set 'ilo'"):
        clm.survey_attainment(est, plan_file, 2025, rules="ilo")


def test_a_plan_without_a_cl01_number_is_an_error() -> None:
    est = _estimates([3.0], [2.0], [4.0])
    with raises_en(clm.InputError, r"hai-phong-2021 sets no CL01 target with a number"):
        clm.survey_attainment(est, "hai-phong-2021")
    with raises_en(clm.InputError, r"lacks the column\(s\) \"ci_low\""):
        clm.survey_attainment(est.drop(columns="ci_low"), "vn-782-2021")


def test_judgement_of_the_sample_survey_against_the_national_target() -> None:
    kids = pd.read_csv(REPO / "tests" / "fixtures" / "survey" / "children.csv")
    est = clm.survey.estimate(clm.survey.classify(kids), by="province")
    out = clm.survey_attainment(est, "vn-782-2021", 2025, rules="sdg-8.7.1")
    assert len(out) == 8 and set(out["status"]) <= {"met", "not_met", "indistinguishable"}
    for row in out.itertuples():
        inside = row.ci_low <= 4.9 <= row.ci_high
        assert (row.status == "indistinguishable") == inside


def test_beside_the_routine_rate_of_the_same_province() -> None:
    units = clm.sample_units()
    # 2024: Hải Dương's own year (its yearly 2025 report is Hải Phòng's communes', issue 22)
    obs = pd.DataFrame({"unit_code": ["10507", "10543", "10507"],
                        "period": ["2024", "2024", "2023"], "indicator": ["CL01"] * 3,
                        "numerator": [30, 12, 40], "denominator": [3000, 2400, 3000]})
    est = _estimates([4.2, 2.8], [2.2, 1.4], [7.8, 5.3],
                     province=["Tỉnh Hải Dương", "Thành phố Hà Nội"])
    out = clm.survey_vs_routine(est, obs, area="province", units=units, level="province",
                                period="2024")
    hd = out[out["province"] == "Tỉnh Hải Dương"].iloc[0]
    assert hd["unit_code"] == "30" and hd["period"] == "2024"
    assert hd["routine_value"] == pytest.approx(100 * 42 / 5400)
    assert hd["routine_numerator"] == 42 and hd["routine_denominator"] == 5400
    assert hd["difference_pp"] == pytest.approx(100 * 42 / 5400 - 4.2)
    assert hd["routine_in_ci"] is np.False_ or hd["routine_in_ci"] == False  # noqa: E712
    hn = out[out["province"] == "Thành phố Hà Nội"].iloc[0]
    assert pd.isna(hn["routine_value"]) and pd.isna(hn["routine_in_ci"])


def test_beside_the_routine_rate_with_codes_and_for_the_whole() -> None:
    obs = pd.DataFrame({"unit_code": ["a", "b"], "period": ["2025", "2025"],
                        "indicator": ["CL01", "CL01"], "numerator": [10, 3],
                        "denominator": [900, 100]})
    est = _estimates([2.0, 3.5], [1.0, 2.5], [3.0, 4.5], region=[1, 2])
    out = clm.survey_vs_routine(est, obs, area="region", codes={1: "a", 2: "b"})
    assert out["unit_code"].tolist() == ["a", "b"]
    np.testing.assert_allclose(out["routine_value"], [100 / 90, 3.0])
    assert out["routine_in_ci"].tolist() == [True, True]
    whole = clm.survey_vs_routine(_estimates([3.7], [2.9], [4.6]), obs)
    assert whole["routine_value"].item() == pytest.approx(1.3)
    assert whole["routine_in_ci"].item() == False  # noqa: E712
    with raises_en(clm.InputError, r"units"):
        clm.survey_vs_routine(est, obs, area="region", level="province")


def test_a_dissolved_area_is_compared_with_its_territory() -> None:
    """Hải Dương's 2025 survey beside the reports of the communes that hold its territory
    (issue 22), not NA; before its end, beside its own communes' sums."""
    units = clm.sample_units()
    obs = pd.DataFrame({"unit_code": ["10507", "10507"], "period": ["2024", "2025"],
                        "indicator": ["CL01"] * 2, "numerator": [30, 12],
                        "denominator": [3000, 2000]})
    est = pd.DataFrame({"province": ["30", "30"], "value": [1.1, 0.7],
                        "ci_low": [0.8, 0.5], "ci_high": [1.4, 0.9]})
    got = clm.survey_vs_routine(est, obs, area="province", units=units, level="province")
    by_period = got.drop_duplicates("period").set_index("period")["routine_value"]
    assert by_period["2024"] == pytest.approx(1.0, rel=1e-12)  # its own commune, in 2024
    assert by_period["2025"] == pytest.approx(0.6, rel=1e-12)  # 10507 of Hải Phòng, its heir
    assert set(got["unit_code"]) == {"30"}
