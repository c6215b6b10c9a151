"""Owners of targets: attainment on the owner's reports, the per-department summary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from childlabour_metrics.analysis.owners import (
    SUMMARY_COLUMNS,
    department_summary,
    owned_attainment,
    owned_observations,
    owner_units,
)
from childlabour_metrics.analysis.targets import attainment
from childlabour_metrics.reference.plans import load_plan
from childlabour_metrics.reference.units import load_units

PLAN = """\
id = "owned"
name_vi = "Kế hoạch thử"
scope_code = "40"
scope_level = "province"
start = 2024
end = 2024
report_levels = ["department", "commune"]

[[calendar]]
period = "year"
deadline = "11-10"

[[targets]]
ref = "T1"
label = "Trẻ em được hỗ trợ"
indicators = ["CL03"]
year = 2024
operator = ">="
value = 90.0
objective = 1
owner = "labour"

[[targets]]
ref = "T2"
label = "Giáo viên được cung cấp thông tin"
indicators = ["CL05"]
year = 2024
operator = ">="
value = 95.0
objective = 2
owner = "40-GD"

[[targets]]
ref = "T3"
label = "Cha mẹ được cung cấp thông tin"
indicators = ["CL06"]
year = 2024
operator = ">="
value = 50.0
objective = 2
"""


@pytest.fixture
def plan(tmp_path: Path):
    path = tmp_path / "owned.toml"
    path.write_text(PLAN, encoding="utf-8")
    return load_plan(path)


@pytest.fixture
def units() -> pd.DataFrame:
    return load_units(pd.DataFrame({
        "code": ["40", "40101", "40-LD", "40-GD", "40-YT", "41", "41-LD"],
        "name": ["Tỉnh", "Xã", "Sở LĐTBXH", "Sở GD&ĐT", "Sở Y tế", "Tỉnh khác",
                 "Sở LĐTBXH tỉnh khác"],
        "level": ["province", "commune", "department", "department", "department",
                  "province", "department"],
        "parent_code": ["", "40", "40", "40", "40", "", "41"],
        "kind": ["", "", "labour", "education", "health", "", "labour"],
    }))


@pytest.fixture
def obs() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_code": ["40-LD", "40101", "40-GD", "40-GD", "40-YT", "41-LD", "40-LD"],
        "period": ["2024", "2024", "2024H1", "2024", "2024", "2024", "2024"],
        "indicator": ["CL03", "CL03", "CL05", "CL05", "CL06", "CL03", "CL06"],
        "numerator": [95, 10, 80, 99, 30, 1, 60],
        "denominator": [100, 100, 100, 100, 100, 100, 100],
    })


def test_owner_by_kind_is_every_department_of_that_kind_in_scope(plan, units):
    pairs = owner_units(plan, units)
    assert pairs.values.tolist() == [["T1", "labour", "40-LD"], ["T2", "40-GD", "40-GD"]]
    # The labour department of another province is not an owner under this plan.
    assert "41-LD" not in set(pairs["unit_code"])


def test_owned_observations_keep_only_the_owners_rows_of_their_indicators(plan, units, obs):
    got = owned_observations(obs, plan, units)
    assert sorted(zip(got["ref"], got["unit_code"], got["period"], strict=True)) == [
        ("T1", "40-LD", "2024"), ("T2", "40-GD", "2024"), ("T2", "40-GD", "2024H1")]
    # The labour department's CL06 row is not T1's, and T3 has no owner.
    assert set(got["indicator"]) == {"CL03", "CL05"}


def test_owned_attainment_uses_the_owners_reports_only(plan, units, obs):
    att = owned_attainment(obs, plan, units)
    t1 = att[att["ref"] == "T1"]
    assert t1["unit_code"].tolist() == ["40-LD"]
    assert t1["value"].tolist() == [95.0] and t1["met"].tolist() == [True]
    # Pooled over every unit in scope, T1 would read 105/200: the owner rule matters.
    in_scope = obs[obs["unit_code"] != "41-LD"]
    pooled = attainment(in_scope.assign(unit_code="40"), plan)
    assert pooled.loc[pooled["ref"] == "T1", "value"].item() == pytest.approx(52.5)
    t2 = att[att["ref"] == "T2"].sort_values("period")
    # 99 in 2024; 80 in 2024H1, its year not over: "not yet", not "not met" (issue 22)
    assert t2["status"].tolist() == ["met", "not_yet"]
    assert set(att["owner"]) == {"labour", "40-GD"}
    with pytest.raises(ValueError, match="level"):
        owned_attainment(obs, plan, units, level="province")


def test_department_summary_says_what_each_owns_reported_and_met(plan, units, obs):
    summary = department_summary(obs, plan, units).set_index("unit_code")
    assert list(summary.reset_index().columns) == SUMMARY_COLUMNS
    assert set(summary.index) == {"40-LD", "40-GD", "40-YT"}  # in scope only
    assert summary.loc["40-LD", "owns"] == "T1"
    assert summary.loc["40-LD", "met_all"]
    # Latest period of T2 is the year (99 ≥ 95): met, though the half was not.
    assert summary.loc["40-GD", "periods_reported"] == "2024H1, 2024"
    assert (summary.loc["40-GD", "n_met"], summary.loc["40-GD", "n_not_met"]) == (1, 0)
    # Health owns nothing but reported: reported, nothing to judge.
    assert summary.loc["40-YT", "reported"] and summary.loc["40-YT", "owns"] == ""
    assert pd.isna(summary.loc["40-YT", "met_all"])


def test_department_that_missed_its_target(plan, units, obs):
    worse = obs.assign(numerator=obs["numerator"].where(obs["unit_code"] != "40-LD", 50))
    summary = department_summary(worse, plan, units).set_index("unit_code")
    assert summary.loc["40-LD", "n_not_met"] == 1
    assert not summary.loc["40-LD", "met_all"]


def test_department_that_sent_nothing(plan, units, obs):
    summary = department_summary(obs[obs["unit_code"] != "40-GD"], plan, units)
    gd = summary.set_index("unit_code").loc["40-GD"]
    assert not gd["reported"] and gd["periods_reported"] == "" and gd["owns"] == "T2"
    assert pd.isna(gd["met_all"])


def test_owned_progress_uses_the_owners_reports_only(plan, units, obs):
    from childlabour_metrics.analysis.owners import owned_progress

    prog = owned_progress(obs, plan, units)
    t1 = prog[prog["ref"] == "T1"]
    assert t1["unit_code"].tolist() == ["40-LD"]
    assert t1["latest_value"].tolist() == [95.0]
    assert set(prog["owner"]) == {"labour", "40-GD"}
    assert "T3" not in set(prog["ref"])  # unowned: left to progress()
