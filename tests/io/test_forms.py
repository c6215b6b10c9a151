"""Every legitimate form variant reads to the same observations."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from childlabour_metrics.io.read import FILE_COLUMNS, OBSERVATION_COLUMNS
from tests.fixtures.io_forms import (
    CONSOLIDATED_EXPECTED,
    CONSOLIDATED_UNITS,
    EXPECTED,
    consolidated_form,
    single_form,
)
from tests.fixtures.io_forms import read as _read
from tests.fixtures.io_forms import values as _values
from tests.support import FIXTURES_DIR

FIXTURES = FIXTURES_DIR
FORMS = FIXTURES / "forms"

VARIANTS: dict[str, dict[str, Any]] = {
    "plain": {},
    "two-row merged header": {"two_row_header": True},
    "metadata in one cell": {"meta_in_one_cell": True},
    "notes sheet first": {"sheet_before": True},
    "column numbers row": {"column_numbers": True, "two_row_header": True},
    "no signature": {"signature": False},
    "renamed sheet": {"sheet_title": "BC 6 thang"},
    "rate column": {"rate": {"CL01": 0.008, "CL02": "0,2%", "CL06": "82,27", "CL07": 80}},
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_single_form_variants(variant: str, tmp_path: Path) -> None:
    result = _read(single_form(tmp_path / "r.xlsx", **VARIANTS[variant]))
    assert result.problems.empty, result.problems.to_string()
    assert _values(result) == EXPECTED
    obs = result.observations
    assert (obs["unit_code"] == "30101").all() and (obs["period"] == "2024H1").all()
    assert (obs["unit_name"] == "Xã Thử Nghiệm").all()
    assert (obs["report_date"] == pd.Timestamp("2024-06-10")).all()
    assert (obs["form"] == "single").all() and (obs["status"] == "ok").all()


def test_cells_rows_and_types(tmp_path: Path) -> None:
    path = single_form(tmp_path / "r.xlsx", sheet_before=True)
    result = _read(path)
    obs = result.observations
    assert list(obs.columns) == OBSERVATION_COLUMNS
    assert obs["numerator_cell"].tolist() == ["E10", "E11", "E12", "E13"]
    assert obs["denominator_cell"].tolist() == ["F10", "F11", "F12", "F13"]
    assert obs["row"].tolist() == [10, 11, 12, 13]
    assert obs["sheet"].unique().tolist() == ["Báo cáo"]
    assert str(obs["numerator"].dtype) == "Int64" and str(obs["row"].dtype) == "Int64"
    assert str(obs["report_date"].dtype) == "datetime64[ns]"
    for col in ("unit_code", "period", "indicator", "status", "source_file", "sheet"):
        assert str(obs[col].dtype) == "str", col
    # The cell named is the cell that holds the value.
    sheet = openpyxl.load_workbook(path)["Báo cáo"]
    assert sheet["E12"].value == "1.234" and sheet["F12"].value == "1 500"
    files = result.files
    assert list(files.columns) == FILE_COLUMNS
    row = files.iloc[0]
    assert (row["format"], row["sheet"], row["other_sheets"], row["form"]) == (
        "xlsx", "Báo cáo", "Hướng dẫn", "single"
    )
    assert (row["unit_code"], row["period"], row["rows_read"], row["status"]) == (
        "30101", "2024H1", 4, "ok"
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("6 tháng đầu năm 2024", "2024H1"), ("6 thang dau nam 2024", "2024H1"),
     ("6 tháng năm 2024", "2024H1"), ("2024-H1", "2024H1"), ("H1/2024", "2024H1"),
     ("6 tháng cuối năm 2024", "2024H2"), ("Cả năm 2024", "2024"), ("NĂM 2024", "2024"),
     (2024, "2024")],
)
def test_period_spellings(typed: Any, expected: str, tmp_path: Path) -> None:
    result = _read(single_form(tmp_path / "r.xlsx", period=typed, date=None))
    assert result.observations["period"].unique().tolist() == [expected]


@pytest.mark.parametrize(
    "typed",
    ["10/6/2024", "10-06-2024", "ngày 10 tháng 6 năm 2024", "Hải Dương, ngày 10 tháng 6 năm 2024",
     "2024-06-10", dt.date(2024, 6, 10), dt.datetime(2024, 6, 10, 9, 30)],
)
def test_report_date_spellings(typed: Any, tmp_path: Path) -> None:
    result = _read(single_form(tmp_path / "r.xlsx", date=typed))
    assert result.files["report_date"].item() == pd.Timestamp("2024-06-10")
    assert result.problems.empty


def test_unit_code_keeps_leading_zeros_and_drops_float_tail(tmp_path: Path) -> None:
    zeros = _read(single_form(tmp_path / "a.xlsx", unit="00412"))
    assert zeros.observations["unit_code"].unique().tolist() == ["00412"]
    number = _read(single_form(tmp_path / "b.xlsx", unit=30101.0))
    assert number.observations["unit_code"].unique().tolist() == ["30101"]


def test_blank_is_missing_never_zero(tmp_path: Path) -> None:
    rows = [("CL01", 12, 1500), ("CL05", None, None), ("CL06", None, 40)]
    result = _read(single_form(tmp_path / "r.xlsx", rows=rows))
    obs = result.observations.set_index("indicator")
    assert obs.loc["CL05", ["numerator", "denominator"]].isna().all()
    assert pd.isna(obs.loc["CL06", "numerator"]) and obs.loc["CL06", "denominator"] == 40
    assert obs.loc["CL05", "status"] == "ok"
    assert result.problems["code"].tolist() == ["MISSING_NUMERATOR"]


def test_table_ends_at_a_run_of_blank_rows(tmp_path: Path) -> None:
    # One blank row is a section separator (issue 9, item 7): the row below it is read.
    path = single_form(tmp_path / "r.xlsx", signature=False)
    wb = openpyxl.load_workbook(path)
    wb.active["C16"] = "CL08"
    wb.active["E16"] = 5
    wb.active["F16"] = 10
    wb.save(path)
    assert _values(_read(path)) == [*EXPECTED, ("CL08", 5, 10)]
    # Three blank rows end the table: what follows is not read, but named.
    wb.active.move_range("C16:F16", rows=2)
    wb.save(path)
    result = _read(path)
    assert _values(result) == EXPECTED
    assert result.problems["code"].tolist() == ["ROWS_BELOW_TABLE"]


def test_xlsm_reads_like_xlsx(tmp_path: Path) -> None:
    path = single_form(tmp_path / "r.xlsx")
    shutil.copy(path, tmp_path / "r.xlsm")
    result = _read(tmp_path / "r.xlsm")
    assert _values(result) == EXPECTED
    assert result.files["format"].item() == "xlsm"


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_committed_legacy_formats_single(fmt: str) -> None:
    result = _read(FORMS / f"single_two_row.{fmt}")
    assert result.problems.empty, result.problems.to_string()
    assert _values(result) == EXPECTED
    assert result.observations["unit_code"].unique().tolist() == ["00412"]
    assert result.observations["numerator_cell"].tolist() == ["E11", "E12", "E13", "E14"]
    assert result.files["format"].item() == fmt


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_committed_legacy_formats_consolidated(fmt: str) -> None:
    result = _read(FORMS / f"consolidated.{fmt}")
    assert result.problems.empty, result.problems.to_string()
    obs = result.observations
    got = list(zip(obs["unit_code"], obs["indicator"], obs["numerator"], obs["denominator"],
                   strict=True))
    assert got == CONSOLIDATED_EXPECTED


@pytest.mark.parametrize("flat", [None, "tu_so", "numerator"])
def test_consolidated_variants(flat: str | None, tmp_path: Path) -> None:
    path = consolidated_form(tmp_path / "c.xlsx", CONSOLIDATED_UNITS, flat=flat,
                             total={"CL01": (15, 1800), "CL02": (3, 1800), "CL06": (300, 500)})
    result = _read(path)
    assert result.problems.empty, result.problems.to_string()
    obs = result.observations
    got = list(zip(obs["unit_code"], obs["indicator"], obs["numerator"], obs["denominator"],
                   strict=True))
    assert got == CONSOLIDATED_EXPECTED
    assert (obs["form"] == "consolidated").all() and (obs["period"] == "2024").all()
    assert obs["unit_name"].tolist()[:2] == ["Xã A", "Xã A"]
    first_data_row = 8 if flat is None else 7
    assert obs["numerator_cell"].iloc[0] == f"D{first_data_row}"
    assert result.files["form"].item() == "consolidated"


def test_total_row_with_label_in_code_column(tmp_path: Path) -> None:
    path = consolidated_form(tmp_path / "c.xlsx", CONSOLIDATED_UNITS,
                             total={"CL01": (15, 1800), "CL02": (3, 1800), "CL06": (300, 500)})
    wb = openpyxl.load_workbook(path)
    wb.active["B10"] = "Tổng cộng"
    wb.active["C10"] = None
    wb.save(path)
    result = _read(path)
    assert result.problems.empty, result.problems.to_string()
    assert set(result.observations["unit_code"]) == {"30101", "30102"}


def test_plan_may_be_any_object_with_deadline_and_codes(tmp_path: Path) -> None:
    class MiniPlan:
        indicator_codes = ("CL01", "CL02", "CL06")

        def deadline(self, period):
            return dt.date(period.year, 6, 1)

    result = _read(single_form(tmp_path / "r.xlsx"), plan=MiniPlan())
    assert sorted(result.problems["code"]) == ["INDICATOR_NOT_IN_PLAN", "LATE_REPORT"]


def test_observations_pass_the_shared_schema(tmp_path: Path) -> None:
    from childlabour_metrics import validate_observations

    single_form(tmp_path / "a.xlsx", two_row_header=True)
    consolidated_form(tmp_path / "c.xlsx", CONSOLIDATED_UNITS)
    result = _read(tmp_path)
    assert set(result.observations["status"]) == {"ok"}
    validated = validate_observations(result.observations)
    assert len(validated) == len(EXPECTED) + len(CONSOLIDATED_EXPECTED)
