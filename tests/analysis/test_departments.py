"""Departments as units, calendars per level, the Nghệ An department sample (issue 14)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import childlabour_metrics as clm
from childlabour_metrics.analysis.departments import department_completeness, level_deadlines
from childlabour_metrics.analysis.values import aggregate
from childlabour_metrics.output.template import fill_template, write_template
from childlabour_metrics.reference.plans import PlanError, load_plan
from childlabour_metrics.reference.scope import department_kinds, departments
from childlabour_metrics.reference.units import (
    DEPARTMENT_KINDS,
    UnitRegistryError,
    ancestor_map,
    load_units,
)
from tests.support import REPO, raises_en

ROOT = REPO
SAMPLE = ROOT / "data" / "sample-nghe-an"


def _registry(**extra: list[str]) -> pd.DataFrame:
    frame = {
        "code": ["40", "401", "40101", "40102", "40-LD", "40-GD", "40101-VH"],
        "name": ["Tỉnh Nghệ An", "Huyện A", "Xã A1", "Xã A2", "Sở LĐTBXH", "Sở GD&ĐT",
                 "Văn phòng xã A1"],
        "level": ["province", "district", "commune", "commune", "department", "department",
                  "department"],
        "parent_code": ["", "40", "401", "401", "40", "40", "40101"],
        "kind": ["", "", "", "", "labour", "education", ""],
    }
    frame.update(extra)
    return pd.DataFrame(frame)


# ---------------------------------------------------------------- plans, item 1


def test_list_plans_has_both_child_work_plans():
    plans = clm.list_plans().set_index("plan_id")
    assert {"nghe-an-2021", "quang-ngai-2024"} <= set(plans.index)
    assert plans.loc["nghe-an-2021", "scope_code"] == "40"
    assert plans.loc["quang-ngai-2024", "scope_code"] == "51"
    # Objectives without numbers: tracked, never counted as numbered targets.
    assert plans.loc["nghe-an-2021", "n_targets"] == 0
    assert plans.loc["quang-ngai-2024", "n_targets"] == 0


def test_child_work_plans_name_an_owner_for_every_target():
    for pid in ("nghe-an-2021", "quang-ngai-2024"):
        plan = load_plan(pid)
        assert plan.targets["owner"].notna().all(), pid
        assert set(plan.targets["owner"]) <= set(DEPARTMENT_KINDS), pid
        assert plan.targets["value"].isna().all(), pid
        assert set(plan.owners["owner"]) <= set(DEPARTMENT_KINDS), pid
    owners = load_plan("nghe-an-2021").owners.set_index("owner")["npa_indicators"]
    assert owners["health"] == tuple(range(3, 13))


def test_owner_is_optional_and_missing_on_older_plans():
    assert load_plan("hai-duong-2021").targets["owner"].isna().all()
    assert load_plan("hai-duong-2021").owners.empty


# ---------------------------------------------------------------- calendars, item 2


def test_nghe_an_deadlines_are_10_may_and_10_november():
    plan = load_plan("nghe-an-2021")
    assert plan.deadline("2021H1") == dt.date(2021, 5, 10)
    assert plan.deadline("2021") == dt.date(2021, 11, 10)
    # Every level falls back on the entries for every reporter.
    assert plan.deadline("2021", level="department", kind="labour") == dt.date(2021, 11, 10)


def test_quang_ngai_deadlines_differ_by_level():
    plan = load_plan("quang-ngai-2024")
    assert plan.deadline("2024H1") == dt.date(2024, 5, 31)
    assert plan.deadline("2024H1", level="department") == dt.date(2024, 5, 31)
    assert plan.deadline("2024") == dt.date(2024, 11, 30)
    assert plan.deadline("2024", level="department") == dt.date(2024, 11, 30)
    assert plan.deadline("2024", level="province") == dt.date(2024, 12, 10)
    # No H1 entry for the province: the general one applies.
    assert plan.deadline("2024H1", level="province") == dt.date(2024, 5, 31)
    assert "31/5" in plan.notes and "30/11" in plan.notes


def test_deadline_by_kind_wins_over_level(tmp_path):
    plan_file = tmp_path / "p.toml"
    plan_file.write_text(
        'id = "p"\nname_vi = "P"\nscope_code = "40"\nscope_level = "province"\n'
        "start = 2024\nend = 2024\n"
        '[[calendar]]\nperiod = "year"\ndeadline = "11-30"\n'
        '[[calendar]]\nperiod = "year"\ndeadline = "12-05"\nlevel = "department"\n'
        '[[calendar]]\nperiod = "year"\ndeadline = "12-20"\nunit_kind = "labour"\n'
        '[[calendar]]\nperiod = "year"\ndeadline = "01-15"\nyear_offset = 1\n'
        'level = "province"\n'
        # a plan needs a target (plans are validated strictly)
        '[[targets]]\nref = "X1"\nlabel = "x"\nindicators = "CL01"\nyear = 2024\n'
        'operator = "<="\nvalue = 1.0\nsource_text = "x"\n',
        encoding="utf-8",
    )
    plan = load_plan(plan_file)
    assert plan.deadline("2024") == dt.date(2024, 11, 30)
    assert plan.deadline("2024", level="department") == dt.date(2024, 12, 5)
    assert plan.deadline("2024", level="department", kind="labour") == dt.date(2024, 12, 20)
    assert plan.deadline("2024", level="department", kind="health") == dt.date(2024, 12, 5)
    assert plan.deadline("2024", level="province") == dt.date(2025, 1, 15)
    assert plan.deadline("2024H1") is None


def test_deadlines_vectorised_matches_deadline_one_by_one():
    plan = load_plan("quang-ngai-2024")
    periods = pd.Series(["2024H1", "2024", "2024", "2024H2", "2023", "2024"],
                        index=[5, 3, 9, 1, 0, 2])
    levels = pd.Series(["department", "department", "province", "province", "district", None],
                       index=periods.index)
    got = plan.deadlines(periods, levels)
    assert list(got.index) == list(periods.index)
    for i in periods.index:
        level = levels[i] if isinstance(levels[i], str) else None
        expected = plan.deadline(periods[i], level=level)
        assert (pd.isna(got[i]) and expected is None) or got[i].date() == expected


@pytest.mark.parametrize(
    ("entry", "message"),
    [('level = "ward"', "level 'ward'"), ('unit_kind = "bank"', "department kind 'bank'")],
)
def test_calendar_entry_for_an_unknown_level_or_kind_is_refused(tmp_path, entry, message):
    plan_file = tmp_path / "bad.toml"
    plan_file.write_text(
        'id = "bad"\nname_vi = "B"\nscope_code = "40"\nscope_level = "province"\n'
        f'start = 2024\nend = 2024\n[[calendar]]\nperiod = "year"\ndeadline = "11-30"\n{entry}\n',
        encoding="utf-8",
    )
    with raises_en(PlanError, message) as err:
        load_plan(plan_file)
    assert "bad.toml" in str(err.value) and "[[calendar]] #1" in str(err.value)


def test_level_deadlines_judges_each_row_by_its_level():
    units = load_units(pd.DataFrame({
        "code": ["51", "51-LD", "51-GD"], "name": ["Quảng Ngãi", "Sở LĐTBXH", "Sở GD&ĐT"],
        "level": ["province", "department", "department"], "parent_code": ["", "51", "51"]}))
    table = pd.DataFrame({
        "unit_code": ["51", "51-LD", "51-GD"], "period": ["2024"] * 3,
        "received": [True, True, False],
        "report_date": pd.to_datetime(["2024-12-08", "2024-12-01", None]),
        "missing": [False, False, True], "unexpected": [False, False, False],
        "status": ["late", "late", "missing"]})
    out = level_deadlines(table, clm.load_plan("quang-ngai-2024"), units)
    assert out["status"].tolist() == ["on_time", "late", "missing"]
    assert out["deadline"].dt.date.tolist() == [dt.date(2024, 12, 10), dt.date(2024, 11, 30),
                                                dt.date(2024, 11, 30)]


# ---------------------------------------------------------------- departments, item 3


def test_a_department_registry_loads_with_kinds():
    units = load_units(_registry())
    depts = departments(units)
    assert depts["code"].tolist() == ["40-LD", "40-GD", "40101-VH"]
    assert depts["kind"].tolist()[:2] == ["labour", "education"]
    assert pd.isna(depts["kind"].iloc[2])


def test_registry_without_kind_column_keeps_todays_columns():
    units = load_units(_registry().drop(columns="kind"))
    assert "kind" not in units.columns
    assert departments(units)["kind"].isna().all()


def test_department_names_in_both_languages():
    assert len(department_kinds("vi")) == len(DEPARTMENT_KINDS)
    names = department_kinds("vi").set_index("kind")["name"]
    assert names["labour"] == "Sở Lao động - Thương binh và Xã hội"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"parent_code": ["", "40", "401", "401", "40-GD", "40", "40101"]}, "parent not above"),
        ({"parent_code": ["", "40", "401", "401", "", "40", "40101"]}, 'need a "parent_code"'),
        ({"kind": ["", "", "", "", "labor", "education", ""]}, "unknown kind"),
    ],
)
def test_bad_departments_are_refused_with_their_codes(change, message):
    with raises_en(UnitRegistryError, message) as err:
        load_units(_registry(**change))
    assert "40-LD" in str(err.value)


def test_departments_are_never_summed_into_the_province():
    units = load_units(_registry())
    obs = pd.DataFrame({
        "unit_code": ["40101", "40102", "40-LD", "40-GD", "40101-VH"],
        "period": ["2021"] * 5, "indicator": ["CL01"] * 5,
        "numerator": [2, 3, 500, 700, 90], "denominator": [100, 100, 1000, 1000, 100]})
    out = aggregate(obs, units, level="province")
    row = out[(out["unit_code"] == "40") & (out["indicator"] == "CL01")].iloc[0]
    assert (row["numerator"], row["denominator"], row["n_expected"]) == (5, 200, 2)
    # Department reports alone: nothing at a map level to sum, so no value.
    only = aggregate(obs[obs["unit_code"].str.contains("-")], units, level="province")
    assert only["numerator"].isna().all() or only.empty
    # A department still lies in its province's scope (plan scope, ancestor map).
    assert ancestor_map(units, "province")["40-LD"] == "40"


def test_department_form_made_by_cli_template_is_read_back(tmp_path):
    form = tmp_path / "round" / "40-LD_2021H1.xlsx"
    # A department is in no bundled registry: the form is written through one's own
    # (issue 23: without one, the code was written unchecked).
    registry = tmp_path / "units.csv"
    _registry().to_csv(registry, index=False)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "childlabour_metrics", "template", "--unit", "40-LD",
         "--period", "2021H1", "--plan", "nghe-an-2021", "--units", str(registry),
         "-o", str(form)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    fill_template(form, {"CL01": (12, 900), "CL06": (40, 80)}, dt.date(2021, 5, 11))
    units = load_units(_registry())
    result = clm.read_reports(form.parent, units=units, plan="nghe-an-2021")
    obs = result.observations.set_index("indicator")
    assert set(obs["unit_code"]) == {"40-LD"}
    assert obs.loc["CL01", "numerator"] == 12 and obs.loc["CL06", "denominator"] == 80
    table = department_completeness(result, units, "nghe-an-2021")
    mine = table[(table["unit_code"] == "40-LD") & (table["period"] == "2021H1")].iloc[0]
    assert mine["status"] == "late"  # 11 May, one day after the 10 May deadline
    other = table[(table["unit_code"] == "40-GD") & (table["period"] == "2021H1")].iloc[0]
    assert other["status"] == "missing"


def test_template_for_a_department_in_python(tmp_path):
    # Issue 23: resolved through the user's registry, whose name is written (a
    # unit_name of its own, "Sở Giáo dục và Đào tạo", would name another unit).
    path = write_template(tmp_path / "gd.xlsx", "40-GD", "2021", "nghe-an-2021",
                          units=_registry())
    assert load_workbook(path).active["C5"].value == "Sở GD&ĐT"
    fill_template(path, {"CL05": (10, 20)}, dt.date(2021, 11, 1))
    result = clm.read_reports(path, units=load_units(_registry()), plan="nghe-an-2021")
    row = result.observations.set_index("indicator").loc["CL05"]
    assert (row["unit_code"], row["numerator"], row["denominator"]) == ("40-GD", 10, 20)


# ---------------------------------------------------------------- sample, item 6


@pytest.fixture(scope="module")
def sample():
    units = load_units(SAMPLE / "units.csv")
    result = clm.read_reports(SAMPLE / "reports", units=units, plan="nghe-an-2021")
    return units, result


def test_sample_registry_is_a_province_and_its_departments(sample):
    units, _ = sample
    assert set(units["level"]) == {"province", "department"}
    assert set(departments(units)["kind"]) == {"labour", "education", "health", "tourism",
                                               "police"}


def test_sample_completeness_of_departments(sample):
    units, result = sample
    table = department_completeness(result, units, "nghe-an-2021")
    status = table.set_index(["unit_code", "period"])["status"]
    assert status[("40-GDDT", "2021")] == "late"
    assert status[("40-CA", "2021H1")] == status[("40-CA", "2021")] == "missing"
    assert (status.drop(index=[("40-GDDT", "2021"), ("40-CA", "2021H1"), ("40-CA", "2021")])
            == "on_time").all()
    assert len(table) == 10  # five departments, two periods
    assert set(table["level"]) == {"department"}


def test_sample_is_what_the_script_makes(tmp_path):
    from scripts import make_sample_nghe_an  # lazy: only this test runs the script
    make_sample_nghe_an.write(tmp_path)
    for path in sorted((SAMPLE / "reports").iterdir()):
        assert (tmp_path / "reports" / path.name).read_bytes() == path.read_bytes(), path.name
    assert (tmp_path / "units.csv").read_bytes() == (SAMPLE / "units.csv").read_bytes()


def test_readme_department_lines_print_what_they_say(tmp_path):
    import contextlib
    import io
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Departments that report")
    end = text.find("\n## ", start + 1)
    section = text[start: end if end != -1 else None]
    blocks = re.findall(r"```(?:python)?\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 4  # two examples, each with what it prints
    # Run where the README's relative paths work, without writing into the repository.
    (tmp_path / "data").symlink_to(ROOT / "data")
    cwd = Path.cwd()
    os.chdir(tmp_path)
    scope: dict[str, object] = {}
    try:
        for code, printed in zip(blocks[::2], blocks[1::2], strict=True):
            assert "from childlabour_metrics." not in code  # the public API only
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(code, "README.md", "exec"), scope)
            lines = [line.rstrip() for line in out.getvalue().strip().splitlines()]
            assert lines == printed.strip().splitlines()
    finally:
        os.chdir(cwd)
    assert (tmp_path / "export" / "attainment.csv").exists()


def test_deadlines_of_text_that_is_not_a_period_are_missing():
    plan = load_plan("nghe-an-2021")
    got = plan.deadlines(pd.Series(["2021H1", "abc", None, "2021Q3"]))
    assert got.iloc[0].date() == dt.date(2021, 5, 10)
    assert got.iloc[1:].isna().all()
