"""Legitimate drift that used to lose rows without a word (issue 9, items 7, 10, 11)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.fixtures.io_forms import EXPECTED as ROWS
from tests.fixtures.io_forms import consolidated_form, single_form
from tests.fixtures.io_forms import read as _read
from tests.fixtures.io_forms import values as _values
from tests.support import FIXTURES_DIR

FIXTURES = FIXTURES_DIR


def _insert_rows(path: Path, before: int, rows: list[list[Any]]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.insert_rows(before, len(rows))
    for i, values in enumerate(rows):
        for c, value in enumerate(values, start=1):
            ws.cell(before + i, c, value)
    wb.save(path)


@pytest.mark.parametrize("separator", [
    [[]],                                     # a blank row between two sections
    [[], ["II", "Mục tiêu 2: Truyền thông"]],  # a blank row, then a section title
    [["II", "Mục tiêu 2"], []],               # a section title, then a blank row
    [[], []],                                 # two blank rows
])
def test_rows_after_blank_rows_inside_the_table_are_read(separator, tmp_path: Path) -> None:
    path = single_form(tmp_path / "r.xlsx")
    _insert_rows(path, 12, separator)  # between CL02 (row 11) and CL06 (row 12)
    result = _read(path)
    assert result.problems.empty, result.problems.to_string()
    assert _values(result) == ROWS
    assert result.files["rows_read"].item() == 4


def test_rows_after_a_run_of_blank_rows_are_named(tmp_path: Path) -> None:
    path = single_form(tmp_path / "r.xlsx", signature=False)
    wb = openpyxl.load_workbook(path)
    wb.active["C18"] = "CL08"  # three blank rows below the table (rows 15-17)
    wb.active["E18"] = 5
    wb.save(path)
    result = _read(path)
    assert _values(result) == ROWS
    problems = result.problems
    assert problems["code"].tolist() == ["ROWS_BELOW_TABLE"]
    assert problems["cell"].item() == "C18"
    assert "C18" in problems["message"].item()


def test_commune_named_cong_hoa_is_not_a_total_row(tmp_path: Path) -> None:
    units = [("30101", "Xã A", {"CL01": (10, 1000)}),
             (None, "Xã Cộng Hòa", {"CL01": (4, 500)}),
             ("30103", "Tổng Hợp", {"CL01": (1, 100)})]
    path = consolidated_form(tmp_path / "c.xlsx", units, codes=("CL01",),
                             total={"CL01": (15, 1600)})
    result = _read(path)
    obs = result.observations
    assert obs["unit_name"].tolist() == ["Xã A", "Xã Cộng Hòa", "Tổng Hợp"]
    assert obs["numerator"].tolist() == [10, 4, 1]
    # The blank code is named on its row; the real total row is checked, not read.
    assert sorted(result.problems["code"]) == ["MISSING_UNIT_CODE"]
    assert result.problems["cell"].item() == "B9"


@pytest.mark.parametrize("label", ["Tổng cộng", "Cộng:", "Toàn tỉnh", "TỔNG SỐ"])
def test_total_row_is_recognised_by_its_whole_label(label: str, tmp_path: Path) -> None:
    units = [("30101", "Xã A", {"CL01": (10, 1000)}), ("30102", "Xã B", {"CL01": (5, 800)})]
    path = consolidated_form(tmp_path / "c.xlsx", units, codes=("CL01",),
                             total={"CL01": (16, 1800)})
    wb = openpyxl.load_workbook(path)
    wb.active["C10"] = label
    wb.save(path)
    result = _read(path)
    assert result.observations["unit_code"].tolist() == ["30101", "30102"]
    assert result.problems["code"].tolist() == ["TOTAL_MISMATCH"]  # 16 ≠ 10 + 5


@pytest.mark.parametrize("error", ["#REF!", "#DIV/0!", "#VALUE!", "#N/A"])
def test_excel_error_cells_are_named(error: str, tmp_path: Path) -> None:
    path = single_form(tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["E10"] = error  # openpyxl writes an error cell (t="e"), as Excel does
    assert wb.active["E10"].data_type == "e"
    wb.save(path)
    result = _read(path)
    problems = result.problems
    assert problems["code"].tolist() == ["CELL_ERROR"]
    assert problems["cell"].item() == "E10" and error in problems["message"].item()
    obs = result.observations.set_index("indicator")
    assert obs.loc["CL01", "status"] == "error" and obs.loc["CL02", "status"] == "ok"


def test_error_cell_from_a_formula_is_named(tmp_path: Path) -> None:
    import zipfile

    path = single_form(tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["F10"] = "=1/0"
    wb.save(path)
    # As Excel saves it: the formula with its cached error value.
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'<c r="F10"[^>]*><f>1/0</f><v ?/?>(</v>)?</c>',
                          b'<c r="F10" t="e"><f>1/0</f><v>#DIV/0!</v></c>', parts[sheet])
    assert b"#DIV/0!" in parts[sheet]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    result = _read(path)
    assert result.problems["code"].tolist() == ["CELL_ERROR"]
    assert result.problems["cell"].item() == "F10"


def _with_copy(path: Path, *, hidden: bool, first: bool, changes: dict[str, Any]) -> Path:
    wb = openpyxl.load_workbook(path)
    copy = wb.copy_worksheet(wb.active)
    copy.title = "Bản cũ"
    for ref, value in changes.items():
        copy[ref] = value
    if first:
        wb.move_sheet(copy, offset=-1)
        wb.active = 1
    if hidden:
        copy.sheet_state = "hidden"
    wb.save(path)
    return path


def test_hidden_stale_sheet_before_the_report_is_not_read(tmp_path: Path) -> None:
    path = _with_copy(single_form(tmp_path / "r.xlsx"), hidden=True, first=True,
                      changes={"E10": 99, "C5": "Năm 2023"})
    result = _read(path)
    assert _values(result) == ROWS
    assert result.observations["sheet"].unique().tolist() == ["Báo cáo"]
    problems = result.problems
    assert problems["code"].tolist() == ["SHEET_SKIPPED"]
    assert "Bản cũ" in problems["message"].item()
    assert result.files["sheet"].item() == "Báo cáo"


def test_second_report_sheet_for_another_period_is_read(tmp_path: Path) -> None:
    path = _with_copy(single_form(tmp_path / "r.xlsx"), hidden=False, first=False,
                      changes={"C5": "6 tháng cuối năm 2024", "C6": "10/12/2024", "E10": 20})
    result = _read(path)
    assert result.problems.empty, result.problems.to_string()
    obs = result.observations
    assert len(obs) == 8
    assert obs.groupby("period")["sheet"].unique().map(list).to_dict() == {
        "2024H1": ["Báo cáo"], "2024H2": ["Bản cũ"]}
    assert obs.loc[obs["period"] == "2024H2", "numerator"].tolist() == [20, 3, 1234, 800]
    files = result.files
    assert files["sheet"].item() == "Báo cáo | Bản cũ"
    assert files["rows_read"].item() == 8


def test_hidden_form_is_read_when_no_visible_sheet_holds_one(tmp_path: Path) -> None:
    path = single_form(tmp_path / "r.xlsx", sheet_before=True)
    wb = openpyxl.load_workbook(path)
    wb.active = 0
    wb["Báo cáo"].sheet_state = "hidden"
    wb.save(path)
    result = _read(path)
    assert _values(result) == ROWS
    assert result.problems.empty
