"""The reader's late-report warning judges each report by its own level's deadline."""

from __future__ import annotations

import datetime as dt

import pandas as pd

import childlabour_metrics as clm
from childlabour_metrics.output.template import fill_template, write_template

PLAN = "quang-ngai-2024"


def _units() -> pd.DataFrame:
    return clm.load_units(pd.DataFrame({
        "code": ["51", "51-LD", "51-GD"],
        "name": ["Tỉnh Quảng Ngãi", "Sở LĐTBXH", "Sở GD&ĐT"],
        "level": ["province", "department", "department"],
        "parent_code": ["", "51", "51"],
        "kind": ["", "labour", "education"],
    }))


def _round(folder, day: dt.date) -> None:
    for code in ("51", "51-LD", "51-GD"):
        path = write_template(folder / f"{code}_2024.xlsx", code, "2024", PLAN, units=_units())
        fill_template(path, {"CL01": (3, 100)}, day)


def _late(result) -> pd.DataFrame:
    problems = result.problems
    return problems[problems["code"] == "LATE_REPORT"].set_index("unit_code")


def test_province_summary_on_5_december_is_on_time_departments_are_late(tmp_path):
    _round(tmp_path, dt.date(2024, 12, 5))
    late = _late(clm.read_reports(tmp_path, units=_units(), plan=PLAN))
    # The labour department's summary to the province is due 10 December; the
    # departments' own yearly reports were due 30 November.
    assert set(late.index) == {"51-LD", "51-GD"}
    assert (late["detail"] == "30/11/2024").all()
    assert (late["value"] == "05/12/2024").all()
    assert late["cell"].notna().all()


def test_province_summary_after_its_own_deadline_is_late(tmp_path):
    _round(tmp_path, dt.date(2024, 12, 11))
    late = _late(clm.read_reports(tmp_path, units=_units(), plan=PLAN))
    assert set(late.index) == {"51", "51-LD", "51-GD"}
    assert late.loc["51", "detail"] == "10/12/2024"


def test_without_a_registry_the_general_deadline_applies(tmp_path):
    _round(tmp_path, dt.date(2024, 12, 5))
    late = _late(clm.read_reports(tmp_path, plan=PLAN))
    assert set(late.index) == {"51", "51-LD", "51-GD"}
    assert (late["detail"] == "30/11/2024").all()


def test_reader_and_completeness_agree_on_lateness(tmp_path):
    _round(tmp_path, dt.date(2024, 12, 5))
    units = _units()
    result = clm.read_reports(tmp_path, units=units, plan=PLAN)
    table = clm.completeness(result, units, PLAN, level="department")
    from childlabour_metrics.analysis.departments import level_deadlines

    judged = level_deadlines(table[table["received"].astype(bool)].reset_index(drop=True),
                             clm.load_plan(PLAN), units)
    assert set(judged["unit_code"]) == {"51", "51-LD", "51-GD"}
    late_units = set(judged.loc[judged["status"] == "late", "unit_code"])
    assert late_units == set(_late(result).index)
