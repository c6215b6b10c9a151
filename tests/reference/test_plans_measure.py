"""A plan target may name the survey rule set it is measured by (issue 26)."""

from __future__ import annotations

import pytest

import childlabour_metrics as clm
from tests.support import raises_en

PLAN = """\
id = "m"
name_vi = "Kế hoạch"
scope_code = "VN"
scope_level = "country"
start = 2021
end = 2025
[[targets]]
ref = "T1"
label = "Tỷ lệ lao động trẻ em"
indicators = ["CL01"]
year = 2025
operator = "<="
value = 4.9
measure = "{measure}"
"""


@pytest.mark.parametrize("measure", ["sdg-8.7.1", "mics6-2017", "mics5", "vn-lc2019"])
def test_a_target_names_its_measure(tmp_path, measure) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN.format(measure=measure), encoding="utf-8")
    plan = clm.load_plan(path)
    assert plan.targets["measure"].tolist() == [measure]
    assert plan.target_records()[0].measure == measure


def test_an_unknown_measure_names_the_file_and_target(tmp_path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN.format(measure="ilo-2017"), encoding="utf-8")
    with raises_en(clm.PlanError, r"T1.*unknown measure 'ilo-2017'.*\"sdg-8\.7\.1\"") as info:
        clm.load_plan(path)
    assert info.value.target == "T1" and info.value.field == "measure"


def test_the_measure_is_optional() -> None:
    plan = clm.load_plan("vn-782-2021")
    assert plan.targets["measure"].isna().all()
    assert plan.target_records()[0].measure is None
