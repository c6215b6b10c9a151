"""Every problem code the reader names: a fixture each, with its cell, severity and status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from childlabour_metrics import load_plan, load_units
from childlabour_metrics.io import PROBLEM_CODES, PROBLEMS, read_reports
from childlabour_metrics.language.problems import (
    PROBLEM_COLUMNS,
    problem_message,
    problems_markdown,
)
from childlabour_metrics.output.forms import write_problems
from tests.fixtures.hostile_files import uncalculated_formulas
from tests.fixtures.io_forms import ROWS, consolidated_form, single_form
from tests.fixtures.make_bad_files import CORPUS
from tests.support import FIXTURES_DIR, REPO

FIXTURES = FIXTURES_DIR

#: Codes of form recognition (issue 13 and issue 9, items 7, 8, 10, 11, 18).
FORM_READING_CODES = {"ROWS_BELOW_TABLE", "CELL_ERROR", "UNKNOWN_INDICATOR_LABEL",
                      "CODE_LABEL_MISMATCH", "LEGACY_ENCODING", "SHEET_SKIPPED", "FILE_SKIPPED"}

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    return load_units(
        pd.DataFrame(
            {
                "code": ["VN", "30", "288", "30101", "30102", "00412", "30103"],
                "name": ["Việt Nam", "Hải Dương", "TP Hải Dương", "Xã A", "Xã B", "Xã C",
                         "Phường A"],
                "level": ["country", "province", "district", "commune", "commune", "commune",
                          "commune"],
                "parent_code": ["", "VN", "30", "288", "288", "288", "288"],
                "valid_from": ["", "", "", "", "2025-07-01", "", ""],
                "valid_to": ["", "2025-06-30", "2025-06-30", "2025-06-30", "", "", ""],
            }
        )
    )


def _rows(**changes: tuple[Any, Any]) -> list[tuple[str, Any, Any]]:
    rows = {code: (num, den) for code, num, den in ROWS}
    rows.update(changes)
    return [(code, *values) for code, values in rows.items()]


def _one(tmp: Path, **kwargs: Any) -> list[Path]:
    return [single_form(tmp / "r.xlsx", **kwargs)]


# case name -> (builder(tmp) -> paths, expected code, expected cell, read options)
def _formula(tmp: Path) -> list[Path]:
    path = single_form(tmp / "f.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Báo cáo"]["E13"] = "=E12*1"  # openpyxl writes no cached value
    wb.save(path)
    return [path]


def _duplicate_report(tmp: Path) -> list[Path]:
    # The later report date wins whatever the file order: b.xlsx is the older one.
    return [
        single_form(tmp / "a.xlsx", date="20/6/2024"),
        single_form(tmp / "b.xlsx", date="10/6/2024"),
    ]


def _jump(tmp: Path) -> list[Path]:
    return [
        single_form(tmp / "2023.xlsx", period="6 tháng đầu năm 2023", date="10/6/2023"),
        single_form(tmp / "2024.xlsx", rows=_rows(CL01=(12, 3100), CL02=(3, 3100))),
    ]


def _consolidated_total(tmp: Path) -> list[Path]:
    return [
        consolidated_form(
            tmp / "c.xlsx",
            [("30101", "Xã A", {"CL01": (10, 1000), "CL02": (2, 1000)}),
             ("30102", "Xã B", {"CL01": (5, 800), "CL02": (1, 800)})],
            total={"CL01": (16, 1800), "CL02": (3, 1800)},
        )
    ]


def _consolidated_no_unit(tmp: Path) -> list[Path]:
    return [
        consolidated_form(
            tmp / "c.xlsx",
            [("30101", "Xã A", {"CL01": (10, 1000), "CL02": (2, 1000)}),
             (None, "Xã B", {"CL01": (5, 800), "CL02": (1, 800)})],
        )
    ]


CASES: dict[str, tuple[Any, str, str | None, dict[str, Any]]] = {
    "missing unit": (lambda t: _one(t, unit=None), "MISSING_UNIT_CODE", None, {}),
    "missing unit, consolidated": (_consolidated_no_unit, "MISSING_UNIT_CODE", "B9", {}),
    "no rows": (lambda t: _one(t, rows=[]), "NO_ROWS", None, {}),
    "missing period": (lambda t: _one(t, period=None), "MISSING_PERIOD", None, {}),
    "bad period": (lambda t: _one(t, period="quý 3 năm 2024"), "BAD_PERIOD", "C5", {}),
    "missing date": (lambda t: _one(t, date=None), "MISSING_REPORT_DATE", None, {}),
    "bad date": (lambda t: _one(t, date="sớm"), "BAD_REPORT_DATE", "C6", {}),
    "unknown unit": (lambda t: _one(t, unit="99999"), "UNKNOWN_UNIT", "C3", {"units": True}),
    # issue 21 (15): without a registry, a path is not a unit code
    "bad unit code": (lambda t: _one(t, unit="../../../../tmp/pwn"), "BAD_UNIT_CODE", "C3", {}),
    "lost zeros": (lambda t: _one(t, unit=412), "UNIT_CODE_LOST_ZEROS", "C3", {"units": True}),
    "code from name": (lambda t: _one(t, unit=None, unit_name="x. C"), "UNIT_CODE_FROM_NAME",
                       None, {"units": True}),
    "ambiguous name": (lambda t: _one(t, unit="99998", unit_name="a"), "UNIT_NAME_AMBIGUOUS",
                       "C3", {"units": True, "skip_codes": {"UNKNOWN_UNIT"}}),
    "ambiguous name, no code": (lambda t: _one(t, unit=None, unit_name="A"),
                                "UNIT_NAME_AMBIGUOUS", None, {"units": True}),
    "unit not valid": (
        lambda t: _one(t, unit="30102"), "UNIT_NOT_VALID_IN_PERIOD", "C3", {"units": True}
    ),
    "future": (lambda t: _one(t, period="Năm 2027", date=None), "PERIOD_IN_FUTURE", None,
               {"skip_codes": {"MISSING_REPORT_DATE"}}),
    "late": (lambda t: _one(t, date="20/6/2024"), "LATE_REPORT", "C6", {"plan": True}),
    "duplicate report": (_duplicate_report, "DUPLICATE_REPORT", "C6", {}),
    "unknown indicator": (
        lambda t: _one(t, rows=[*ROWS, ("CL99", 1, 2)]), "UNKNOWN_INDICATOR", "C14", {}
    ),
    "not in plan": (
        lambda t: _one(t, rows=[*ROWS, ("CL11", 1, 2)]), "INDICATOR_NOT_IN_PLAN", "C14",
        {"plan": True},
    ),
    "duplicate indicator": (
        lambda t: _one(t, rows=[*ROWS, ("CL07", 800, 1000)]), "DUPLICATE_INDICATOR", "C14", {}
    ),
    "not a number": (lambda t: _one(t, rows=_rows(CL06=("nhiều", 1500))), "NOT_A_NUMBER",
                     "E12", {}),
    "count beyond 64 bits": (lambda t: _one(t, rows=_rows(CL06=(1e20, 1500))),
                             "NUMBER_TOO_LARGE", "E12", {}),
    "formula never calculated": (lambda t: [uncalculated_formulas(t / "g.xlsx")],
                                 "FORMULA_NOT_CALCULATED", "E11", {}),
    "fraction": (lambda t: _one(t, rows=_rows(CL06=("12,5", 1500))), "FRACTIONAL_COUNT",
                 "E12", {}),
    "negative": (lambda t: _one(t, rows=_rows(CL06=(-3, 1500))), "NEGATIVE_COUNT", "E12", {}),
    "formula": (_formula, "FORMULA_NO_VALUE", "E13", {}),
    "no denominator": (lambda t: _one(t, rows=_rows(CL06=(5, None))), "MISSING_DENOMINATOR",
                       "F12", {}),
    "no numerator": (lambda t: _one(t, rows=_rows(CL06=(None, 9))), "MISSING_NUMERATOR",
                     "E12", {}),
    "num > den": (lambda t: _one(t, rows=_rows(CL06=(16, 14))), "NUMERATOR_GT_DENOMINATOR",
                  "E12", {}),
    "zero den": (lambda t: _one(t, rows=_rows(CL06=(5, 0))), "ZERO_DENOMINATOR", "F12", {}),
    "cl02 > cl01": (lambda t: _one(t, rows=_rows(CL02=(30, 1500))), "CL02_GT_CL01", "E11", {}),
    "cl01/cl02 den": (lambda t: _one(t, rows=_rows(CL02=(3, 1400))), "CL01_CL02_DENOMINATOR",
                      "F11", {}),
    "rate": (lambda t: _one(t, rate={"CL01": "5%", "CL07": "80,0"}), "RATE_MISMATCH", "G10", {}),
    "total": (_consolidated_total, "TOTAL_MISMATCH", "D10", {}),
    "jump": (_jump, "VALUE_JUMP", "F10", {}),
    # issue 22: a returned template, every count blank, is an error, not a report
    "empty form": (lambda t: _one(t, rows=[(code, None, None) for code, *_ in ROWS]),
                   "EMPTY_FORM", None, {"skip_codes": {"MISSING_VALUE"}}),
}
ROW_SEVERITY_STATUS = {"error": "error", "warning": "warning", "info": "ok"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_problem_case(case: str, tmp_path: Path, units: pd.DataFrame) -> None:
    build, code, cell, options = CASES[case]
    paths = build(tmp_path)
    result = read_reports(
        paths,
        units=units if options.get("units") else None,
        plan=load_plan("hai-duong-2021") if options.get("plan") else None,
        progress=False,
        today=TODAY,
    )
    problems = result.problems[~result.problems["code"].isin(options.get("skip_codes", set()))]
    assert problems["code"].tolist() == [code], problems.to_string()
    found = problems.iloc[0]
    assert found["severity"] == PROBLEMS[code].severity
    if cell is not None:
        assert found["cell"] == cell
    assert found["message"] and "?" not in found["message"]  # every placeholder filled
    statuses = set(result.observations["status"])
    if code == "DUPLICATE_REPORT":
        assert statuses == {"ok", "superseded"}
        assert result.files.set_index("file").loc[str(paths[1]), "status"] == "superseded"
    elif code not in ("TOTAL_MISMATCH", "NO_ROWS"):
        assert ROW_SEVERITY_STATUS[PROBLEMS[code].severity] in statuses


def test_every_code_has_a_fixture() -> None:
    covered = {code for _, code, _, _ in CASES.values()} | set(CORPUS.values())
    covered |= {"FILE_NOT_FOUND", "FILE_TOO_LARGE"}  # tested in test_io_badfiles
    covered |= {"MISSING_REPORT", "UNEXPECTED_REPORT"}  # completeness's: tests/test_problems.py
    covered |= FORM_READING_CODES  # tested in test_io_form_drift and test_io_labels
    covered |= {"INDICATORS_NOT_IN_PLAN"}  # the report's summary line: test_report_story
    assert covered == set(PROBLEMS)


def test_clean_report_has_no_problems(tmp_path: Path, units: pd.DataFrame) -> None:
    result = read_reports(single_form(tmp_path / "r.xlsx"), units=units,
                          plan=load_plan("hai-duong-2021"), progress=False, today=TODAY)
    assert result.problems.empty
    assert (result.observations["status"] == "ok").all()


def test_file_errors_keep_rows_marked(tmp_path: Path) -> None:
    result = read_reports(single_form(tmp_path / "r.xlsx", unit=None), progress=False)
    obs = result.observations
    assert len(obs) == len(ROWS)
    assert (obs["status"] == "error").all()
    assert obs["unit_code"].isna().all()
    assert obs["numerator"].tolist() == [12, 3, 1234, 800]
    assert result.files["status"].item() == "error"


def test_row_error_excludes_only_that_row(tmp_path: Path) -> None:
    result = read_reports(single_form(tmp_path / "r.xlsx", rows=_rows(CL06=(16, 14))),
                          progress=False)
    status = result.observations.set_index("indicator")["status"]
    assert status.to_dict() == {"CL01": "ok", "CL02": "ok", "CL06": "error", "CL07": "ok"}
    assert result.files["status"].item() == "warning"


def test_duplicate_report_later_date_wins_not_path_order(tmp_path: Path) -> None:
    paths = _duplicate_report(tmp_path)
    result = read_reports(paths, progress=False)
    winner = result.observations[result.observations["status"] == "ok"]
    assert set(winner["source_file"]) == {str(paths[0])}
    assert str(paths[0]) in result.problems["message"].item()


def test_plan_rules_only_inside_plan_scope(tmp_path: Path) -> None:
    # The registry holds the plan's province (30) too: one that does not mention the
    # scope unit at all gives no ground to leave a unit out (units.scope_codes).
    outside = load_units(pd.DataFrame({
        "code": ["VN", "27", "30", "07621"], "name": ["VN", "Bắc Ninh", "Hải Dương", "Vân Sơn"],
        "level": ["country", "province", "province", "commune"],
        "parent_code": ["", "VN", "VN", "27"],
    }))
    path = single_form(tmp_path / "r.xlsx", unit="07621", date="20/6/2024",
                       rows=[*ROWS, ("CL11", 1, 2)])
    result = read_reports(path, units=outside, plan="hai-duong-2021", progress=False)
    assert result.problems.empty


def test_messages_vi_by_default_en_on_request(tmp_path: Path) -> None:
    path = single_form(tmp_path / "r.xlsx", rows=_rows(CL06=("nhiều", 1500)))
    vi = read_reports(path, progress=False).problems["message"].item()
    en = read_reports(path, lang="en", progress=False).problems["message"].item()
    assert vi == 'Ô E12 có giá trị "nhiều", không phải là số.'
    assert en == 'Cell E12 holds "nhiều", which is not a number.'
    with pytest.raises(ValueError, match="lang"):
        read_reports(path, lang="fr")


def test_problems_table_columns_and_types(tmp_path: Path) -> None:
    result = read_reports(single_form(tmp_path / "r.xlsx", unit=None), progress=False)
    assert list(result.problems.columns) == PROBLEM_COLUMNS
    assert all(str(t) == "str" for t in result.problems.dtypes)
    assert result.problems["cell"].isna().all()


def test_problem_codes_table_and_docs() -> None:
    assert list(PROBLEM_CODES.columns) == [
        "code", "severity", "message_vi", "message_en", "action_vi", "action_en"
    ]
    assert set(PROBLEM_CODES["severity"]) <= {"error", "warning", "info"}
    assert PROBLEM_CODES["code"].is_unique
    assert PROBLEM_CODES["code"].str.fullmatch(r"[A-Z0-9_]+").all()
    docs = REPO / "docs" / "problems.md"
    assert docs.read_text(encoding="utf-8") == problems_markdown()


def test_message_with_missing_field_still_renders() -> None:
    assert problem_message("NOT_A_NUMBER", lang="en") == 'Cell ? holds "?", which is not a number.'


def _set_text(path: Path, ref: str, text: str) -> Path:
    """Write text beginning with "=" as text (openpyxl would make it a formula)."""
    wb = openpyxl.load_workbook(path)
    cell = wb.worksheets[0][ref]
    cell.value = text
    cell.data_type = "s"
    wb.save(path)
    return path


def test_write_problems_one_workbook_per_unit(tmp_path: Path) -> None:
    a = _set_text(single_form(tmp_path / "a.xlsx", unit="30101"), "E12", "=1+1")
    paths = [
        a,
        single_form(tmp_path / "b.xlsx", unit="30102", rows=_rows(CL06=(16, 14))),
        tmp_path / "missing.xlsx",
    ]
    result = read_reports(paths, progress=False)
    written = write_problems(result, tmp_path / "out")
    assert sorted(p.name for p in written) == [
        "van_de_30101.xlsx", "van_de_30102.xlsx", "van_de_missing.xlsx"
    ]
    book = openpyxl.load_workbook(tmp_path / "out" / "van_de_30101.xlsx")
    sheet = book.active
    # issue 22: a title, the unit, the period and what to do come first, then the table
    head = [sheet.cell(r, 1).value for r in range(1, 5)]
    assert head[0] == "Các vấn đề cần sửa trong báo cáo đã gửi"
    assert head[1].startswith("Đơn vị: ") and "30101" in head[1]
    assert head[2].startswith("Kỳ báo cáo: ") and head[3].startswith("Việc cần làm: ")
    top = _table_row(sheet)
    header = [c.value for c in sheet[top]]
    assert header[:3] == ["Tệp", "Trang tính", "Ô"]
    values = [c.value for c in sheet[top + 1]]
    assert values[6] == "NOT_A_NUMBER"
    assert "=1+1" in values[8]
    # No cell anywhere became a formula.
    for path in written:
        for row in openpyxl.load_workbook(path).active.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def test_write_problems_text_beginning_with_equals_is_text(tmp_path: Path) -> None:
    path = single_form(tmp_path / "a.xlsx", rows=_rows(CL06=(16, 14)))
    result = read_reports(_set_text(path, "C3", '=HYPERLINK("x")'), progress=False)
    written = write_problems(result, tmp_path / "out")
    sheet = openpyxl.load_workbook(written[0]).active
    cell = sheet.cell(_table_row(sheet) + 1, 4)
    assert cell.value == '=HYPERLINK("x")'
    assert cell.data_type == "s"


def _table_row(sheet) -> int:
    """The row of the send-back table's header, under the workbook's head."""
    return next(r for r in range(1, sheet.max_row + 1)
                if sheet.cell(r, 1).value in ("Tệp", "File"))


def test_repr_html(tmp_path: Path) -> None:
    result = read_reports(single_form(tmp_path / "a.xlsx", rows=_rows(CL06=("<b>", 1500))),
                          progress=False)
    html = result._repr_html_()
    assert "1 tệp, 4 dòng số liệu, 1 vấn đề." in html
    assert "&lt;b&gt;" in html and "<b>\"" not in html
    assert repr(result) == "ReadResult(1 files, 4 observations, 1 problems)"


def test_unit_read_from_its_name(tmp_path: Path, units: pd.DataFrame) -> None:
    # blank code, name "x. C" in any spelling: read for 00412 with a warning, nothing lost
    result = read_reports(single_form(tmp_path / "r.xlsx", unit=None, unit_name="X.  c"),
                          units=units, progress=False, today=TODAY)
    assert set(result.observations["unit_code"]) == {"00412"}
    assert set(result.observations["status"]) == {"warning"}
    problem = result.problems.iloc[0]
    assert (problem["code"], problem["unit_code"]) == ("UNIT_CODE_FROM_NAME", "00412")
    assert "00412" in problem["message"] and "X.  c" in problem["message"]
