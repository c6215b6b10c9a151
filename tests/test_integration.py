"""The whole flow on the bundled sample: read → validate → attainment → progress → completeness."""

from pathlib import Path

import pandas as pd
import pytest

import childlabour_metrics as clm

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture(scope="module")
def result():
    return clm.read_reports(SAMPLE, units=clm.sample_units(), plan="hai-duong-2021", workers=1)


def test_sample_observations_pass_the_schema(result):
    clm.validate_observations(result.observations)
    assert (result.observations["status"] == "error").sum() >= 1  # planted errors kept, marked


def test_every_observation_traces_to_a_cell(result):
    obs = result.observations
    for col in ("source_file", "sheet", "numerator_cell", "denominator_cell"):
        assert obs[col].notna().all(), col
    assert obs["numerator_cell"].str.fullmatch(r"[A-Z]+\d+").all()


def test_three_calls_answer_the_province_question(result):
    plan = clm.load_plan("hai-duong-2021")
    units = clm.sample_units()
    prog = clm.progress(result.observations, plan, method="sdg", units=units, level="province")
    comp = clm.completeness(result, units, plan, level="commune")
    rates = clm.completeness_rates(comp, units, level="province")
    # the communes' rates (district reports nobody asked for are a row of their own)
    rates = rates[(rates["parent_code"] == "30") & (rates["level"] == "commune")]
    a1 = prog[(prog["unit_code"] == "30") & (prog["ref"] == "A1")].iloc[0]
    assert a1["method"] == "sdg" and a1["latest_year"] == 2025
    assert a1["status"] in set(clm.STATUS_LABELS)
    assert (rates["expected"] == 36).all()  # 12 districts x 3 communes, every period
    # the consolidated form of Nam Sách names its three communes: none of them is missing
    nam_sach = comp[comp["parent_code"] == "291"]
    assert (nam_sach["status"] != "missing").all()
    # the duplicate submission is counted, not capped
    dup = rates[rates["period"] == "2023H1"]
    assert dup["duplicates"].item() == 1


def test_province_value_is_ratio_of_commune_sums(result):
    units = clm.sample_units()
    agg = clm.aggregate(result.observations, units, level="province")
    row = agg[(agg["unit_code"] == "30") & (agg["period"] == "2024") & (agg["indicator"] == "CL01")]
    usable = result.observations[
        result.observations["status"].isin(["ok", "warning"])
        & (result.observations["period"] == "2024")
        & (result.observations["indicator"] == "CL01")
    ].dropna(subset=["numerator", "denominator"])
    expected = 100 * usable["numerator"].sum() / usable["denominator"].sum()
    assert row["value"].item() == pytest.approx(expected)
    assert row["n_reporting"].item() == usable["unit_code"].nunique()


def test_attainment_on_sample_has_a_row_per_unit_period_and_target(result):
    att = clm.attainment(result.observations, "hai-duong-2021", year=2025)
    assert not att.duplicated(["unit_code", "period", "ref"]).any()
    # issue 22: 2025H1 rows and the 2030 targets on 2025 data are "not yet" / "on track"
    assert set(att["status"]) <= {"met", "not_met", "no_data", "no_target", "on_track",
                                  "not_yet", "incomplete"}
    h1 = att[att["period"] == "2025H1"]
    assert set(h1["status"]) <= {"on_track", "not_yet", "no_data", "no_target"}
    assert pd.api.types.is_float_dtype(att["value"])


def test_report_date_out_of_range_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "typo.xlsx"
    clm.write_template(path, "10507", "2024", plan="hai-duong-2021")
    clm.fill_template(path, {"CL01": (10, 1000)}, report_date="10/6/2024")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.worksheets[0]
    cell = next(c for row in ws.iter_rows() for c in row if str(c.value) == "10/6/2024"
                or getattr(c.value, "year", None) == 2024)
    cell.value = "10/6/2924"
    wb.save(path)
    result = clm.read_reports([path, SAMPLE / "2024"], workers=1)
    assert "BAD_REPORT_DATE" in set(result.problems["code"])
    assert len(result.files) > 1  # the other files were still read
