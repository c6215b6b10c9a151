"""Owners wired into ``clm.attainment`` and ``clm.progress`` (issue 14)."""

from __future__ import annotations

import pandas as pd
import pytest

import childlabour_metrics as clm
from childlabour_metrics.analysis.owners import owned_attainment, owner_units
from tests.support import REPO

SAMPLE = REPO / "data" / "sample-nghe-an"
PLAN = "nghe-an-2021"


@pytest.fixture(scope="module")
def nghe_an():
    units = clm.load_units(SAMPLE / "units.csv")
    result = clm.read_reports(SAMPLE / "reports", units=units, plan=PLAN)
    return units, result.observations


def test_attainment_of_owned_targets_uses_the_owners_reports(nghe_an):
    units, obs = nghe_an
    att = clm.attainment(obs, PLAN, units=units)
    pairs = owner_units(clm.load_plan(PLAN), units)
    owner_of = dict(zip(pairs["ref"], pairs["unit_code"], strict=True))
    # Every row is the owner's own: the health department reports CL06 too,
    # but D2 (CL06) is the labour department's target.
    assert (att["unit_code"] == att["ref"].map(owner_of)).all()
    d2 = att[(att["ref"] == "D2") & (att["period"] == "2021")]
    labour = obs[(obs["unit_code"] == owner_of["D2"]) & (obs["period"] == "2021")
                 & (obs["indicator"] == "CL06")]
    assert d2["value"].item() == pytest.approx(
        100 * labour["numerator"].item() / labour["denominator"].item())
    pooled = clm.attainment(obs, PLAN)  # no registry: today's rule, every unit
    assert len(pooled) > len(att)
    assert set(pooled.loc[pooled["ref"] == "D2", "unit_code"]) > {owner_of["D2"]}


def test_attainment_with_owners_is_owned_attainment_in_plan_order(nghe_an):
    units, obs = nghe_an
    att = clm.attainment(obs, PLAN, units=units)
    owned = owned_attainment(obs, clm.load_plan(PLAN), units).drop(columns="owner")
    key = ["ref", "unit_code", "period"]
    pd.testing.assert_frame_equal(att.sort_values(key).reset_index(drop=True),
                                  owned.sort_values(key).reset_index(drop=True))
    refs = clm.load_plan(PLAN).targets["ref"].tolist()
    positions = att["ref"].map(refs.index)
    assert positions.is_monotonic_increasing
    assert list(att.columns) == list(clm.attainment(obs, "hai-duong-2021").columns)


def test_attainment_year_and_level_options_still_apply(nghe_an):
    units, obs = nghe_an
    assert set(clm.attainment(obs, PLAN, 2021, units=units)["period"]) == {"2021H1", "2021"}
    assert clm.attainment(obs, PLAN, 2022, units=units).empty
    # level= rolls up the unowned targets only; owned ones stay on their owners.
    rolled = clm.attainment(obs, PLAN, units=units, level="province")
    assert set(rolled["unit_code"]) == set(clm.attainment(obs, PLAN, units=units)["unit_code"])


def test_progress_of_owned_targets_uses_the_owners_reports(nghe_an):
    units, obs = nghe_an
    prog = clm.progress(obs, PLAN, units=units)
    pairs = owner_units(clm.load_plan(PLAN), units)
    owner_of = dict(zip(pairs["ref"], pairs["unit_code"], strict=True))
    assert (prog["unit_code"] == prog["ref"].map(owner_of)).all()
    assert set(prog["ref"]) == {"D1", "D2", "D3", "D4", "D5", "D6"}
    pooled = clm.progress(obs, PLAN)
    assert len(pooled) > len(prog)


MIXED = """\
id = "mixed"
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
ref = "T3"
label = "Cha mẹ được cung cấp thông tin"
indicators = ["CL06"]
year = 2024
operator = ">="
value = 50.0
objective = 2
"""


@pytest.fixture
def mixed(tmp_path):
    path = tmp_path / "mixed.toml"
    path.write_text(MIXED, encoding="utf-8")
    units = clm.load_units(pd.DataFrame({
        "code": ["40", "4001", "40-LD", "40-YT", "41", "41-LD"],
        "name": ["Tỉnh", "Xã", "Sở LĐTBXH", "Sở Y tế", "Tỉnh khác", "Sở khác"],
        "level": ["province", "commune", "department", "department", "province", "department"],
        "parent_code": ["", "40", "40", "40", "", "41"],
        "kind": ["", "", "labour", "health", "", "labour"],
    }))
    obs = pd.DataFrame({
        "unit_code": ["40-LD", "4001", "40-YT", "4001", "41-LD", "40-LD"],
        "period": ["2024"] * 6,
        "indicator": ["CL03", "CL03", "CL06", "CL06", "CL03", "CL06"],
        "numerator": [95, 10, 30, 70, 1, 60],
        "denominator": [100] * 6,
    })
    return clm.load_plan(path), units, obs


def test_unowned_targets_keep_todays_rule(mixed):
    plan, units, obs = mixed
    att = clm.attainment(obs, plan, units=units)
    t1 = att[att["ref"] == "T1"]
    assert t1["unit_code"].tolist() == ["40-LD"] and t1["met"].tolist() == [True]
    # T3 has no owner: every unit of the scope that reported CL06, as before.
    t3 = att[att["ref"] == "T3"].set_index("unit_code")["value"]
    assert t3.to_dict() == {"4001": 70.0, "40-LD": 60.0, "40-YT": 30.0}
    prog = clm.progress(obs, plan, units=units)
    assert set(prog.loc[prog["ref"] == "T1", "unit_code"]) == {"40-LD"}
    assert set(prog.loc[prog["ref"] == "T3", "unit_code"]) == {"4001", "40-LD", "40-YT"}


def test_owner_matching_no_unit_gives_no_row(mixed):
    plan, units, obs = mixed
    no_labour = units[units["kind"].astype("str") != "labour"]
    att = clm.attainment(obs, plan, units=no_labour)
    assert "T1" not in set(att["ref"]) and "T3" in set(att["ref"])
