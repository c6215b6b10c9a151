"""``childlabour-metrics check-form FILE [--units UNITS]`` (issue 13 item 5, issue 23)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import childlabour_metrics as clm
from childlabour_metrics.cli import main
from childlabour_metrics.io.check import describe_form
from childlabour_metrics.output.template import _build_single, _save_with_cache
from childlabour_metrics.reference.periods import parse_period
from tests.fixtures.io_forms import LABELS, label_form, single_form
from tests.support import FIXTURES_DIR, REPO

FIXTURES = FIXTURES_DIR
SAMPLE_UNITS = REPO / "data" / "sample" / "units.csv"
NGHE_AN_UNITS = REPO / "data" / "sample-nghe-an" / "units.csv"


@pytest.fixture(scope="module")
def fixture_units(tmp_path_factory) -> Path:
    """The registry of the fixture forms' synthetic commune 30101 (no real unit has it).

    Issue 23: check-form checks the unit against a registry, the official one by
    default, so the fixtures' made-up code needs its own registry to read clean.
    """
    path = tmp_path_factory.mktemp("units") / "units.csv"
    pd.DataFrame({"code": ["30101"], "name": ["Xã Thử Nghiệm"],
                  "level": ["commune"], "parent_code": [""]}).to_csv(path, index=False)
    return path


def test_check_form_says_how_a_legacy_label_form_was_read(capsys, fixture_units) -> None:
    code = main(["check-form", str(FIXTURES / "forms" / "legacy_tcvn3.xlsx"), "--lang", "en",
                 "--units", str(fixture_units)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Sheet read: Báo cáo" in out
    assert "Encoding: TCVN3" in out
    assert "Indicator rows read: 4" in out
    # Typed in ".VnTimeH", which draws every letter as a capital: "b)" shows as "B)".
    assert "row 13: CL07 (by its label \"B) TỶ LỆ TRẺ EM ĐƯỢC CUNG CẤP" in out
    assert "recognised by the cells' legacy font" in out
    assert "Unit: 30101 Xã Thử Nghiệm · Period: 2024H1" in out
    assert "Verdict: the form reads, without errors." in out


def test_check_form_in_vietnamese_names_problems_and_exits_1(tmp_path: Path, capsys,
                                                             fixture_units) -> None:
    path = label_form(tmp_path / "r.xlsx", {**LABELS, "CL06": "Tỷ lệ được tập huấn"})
    code = main(["check-form", str(path), "--units", str(fixture_units)])
    out = capsys.readouterr().out
    assert code == 1
    assert "Bảng mã: Unicode" in out
    assert "dòng 10: CL01 (theo tên \"1. Tỷ lệ lao động trẻ em" in out
    assert "[Lỗi] B12" in out and "CL12 0.48" in out
    assert "Kết luận: đọc được biểu mẫu nhưng có 1 lỗi cần sửa." in out


def test_check_form_of_a_standard_form_reads_by_code(tmp_path: Path, capsys,
                                                     fixture_units) -> None:
    form = single_form(tmp_path / "r.xlsx", sheet_before=True)
    assert main(["check-form", str(form), "--units", str(fixture_units)]) == 0
    out = capsys.readouterr().out
    assert "dòng 10: CL01 (theo mã)" in out
    assert "Các trang khác (không có bảng chỉ tiêu hoặc không đọc): Hướng dẫn" in out


def test_check_form_of_something_else(tmp_path: Path, capsys) -> None:
    path = tmp_path / "scan.xlsx"
    path.write_bytes(b"%PDF-1.4")
    assert main(["check-form", str(path)]) == 1
    assert "Kết luận: không đọc được biểu mẫu." in capsys.readouterr().out


# --------------------------------------------------------------------------- issue 23
# check-form checks the unit: the registry given, else the official one.


def _slip_form(path: Path, unit_code: str) -> Path:
    """A form as the old ``template`` wrote it for a slip: the typed text in the code cell,
    the name blank (it checked nothing); filled in, so that the unit is its only error."""
    wb, index, cached = _build_single(unit_code, parse_period("2024H1"), ["CL01", "CL02"],
                                      unit_name=None, lang="vi")
    _save_with_cache(wb, path, index, cached)
    return clm.fill_template(path, {"CL01": (3, 1000), "CL02": (1, 1000)},
                             dt.date(2024, 6, 10))


@pytest.mark.parametrize("typed", ["Phường Cẩm Thượng", "99999"])
def test_slip_forms_of_the_old_template_no_longer_pass_check_form(tmp_path: Path, capsys,
                                                                   typed: str) -> None:
    # Issue 23: both passed with "Kết luận: đọc được biểu mẫu, không có lỗi."
    form = _slip_form(tmp_path / "slip.xlsx", typed)
    assert main(["check-form", str(form)]) == 1
    out = capsys.readouterr().out
    assert "không có lỗi" not in out
    assert f'[Lỗi] C4 Mã đơn vị "{typed}" không có trong danh mục đơn vị.' in out
    assert "Danh mục đơn vị: danh mục đơn vị hành chính chính thức" in out
    assert "Kết luận: đọc được biểu mẫu nhưng có 1 lỗi cần sửa." in out
    # the same with a registry given
    assert main(["check-form", str(form), "--units", str(SAMPLE_UNITS), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert f'[Error] C4 Unit code "{typed}" is not in the unit registry.' in out
    assert f"Unit registry: {SAMPLE_UNITS}" in out


def test_check_form_units_checks_against_the_registry_given(tmp_path: Path, capsys) -> None:
    # 00412 is a real commune (official registry) but not one of the sample's.
    form = clm.write_template(tmp_path / "00412.xlsx", "00412", "2024H1",
                              indicators=["CL01"])
    clm.fill_template(form, {"CL01": (3, 100)}, dt.date(2024, 6, 10))
    assert main(["check-form", str(form), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Unit: 00412 Xã Hiền Ninh" in out and "without errors" in out
    assert main(["check-form", str(form), "--units", str(SAMPLE_UNITS), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert 'Unit code "00412" is not in the unit registry.' in out
    # the API: the same verdict, with a registry loaded in a notebook
    text, code = describe_form(str(form), "en", units=clm.sample_units())
    assert code == 1 and 'Unit code "00412" is not in the unit registry.' in text
    assert "Unit registry: <DataFrame>" in text


def test_check_form_of_a_department_needs_its_registry(tmp_path: Path, capsys) -> None:
    form = clm.write_template(tmp_path / "yt.xlsx", "40-YT", "2021", "nghe-an-2021",
                              units=NGHE_AN_UNITS)
    clm.fill_template(form, {"CL05": (3, 10)}, dt.date(2021, 11, 30))
    assert main(["check-form", str(form)]) == 1  # not a unit of the official registry
    assert 'Mã đơn vị "40-YT" không có trong danh mục đơn vị.' in capsys.readouterr().out
    assert main(["check-form", str(form), "--units", str(NGHE_AN_UNITS)]) == 0
    out = capsys.readouterr().out
    assert "Đơn vị: 40-YT Sở Y tế" in out and "không có lỗi" in out


def test_check_form_with_a_missing_registry_is_a_usage_error(tmp_path: Path, capsys) -> None:
    form = _slip_form(tmp_path / "f.xlsx", "10507")
    assert main(["check-form", str(form), "--units", str(tmp_path / "nowhere.csv")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "nowhere.csv" in lines[0] and "lỗi:" in lines[0]


def test_a_lost_leading_zero_is_named_by_check_form(tmp_path: Path, capsys) -> None:
    # The registry's own problem codes: "1" for the official "00001".
    form = _slip_form(tmp_path / "f.xlsx", "1")
    assert main(["check-form", str(form), "--lang", "en"]) == 1
    assert 'probably "00001" with its leading zeros lost' in capsys.readouterr().out


# --------------------------------------------------------------------------- issue 24
def test_check_form_shows_each_rows_label_indicator_score_and_why(tmp_path: Path,
                                                                  fixture_units) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["Mã đơn vị: 30101"], ["Kỳ báo cáo: Năm 2024"], ["Ngày báo cáo: 10/12/2024"],
                ["STT", "Nội dung", "Tử số", "Mẫu số"],
                [1, "Tỷ lệ LĐTE (%)", 3, 1500],
                [2, "Trẻ em được truyền thông", 80, 100],
                [3, "Doanh nghiệp", 5, 9],
                [4, "Công chức, viên chức cấp tỉnh, huyện được tập huấn", 7, 8],
                [5, "Tỷ lệ được tập huấn", 1, 2]]:
        ws.append(row)
    wb.save(tmp_path / "r.xlsx")
    text, code = describe_form(str(tmp_path / "r.xlsx"), "en", units=fixture_units)
    rows = [line for line in text.splitlines() if line.startswith("  row ")]
    assert "row 5: CL01" in rows[0]
    assert "why: once abbreviations and synonyms were spelled out)" in rows[0]
    assert rows[1].startswith('  row 6: CL07 (by its label "Trẻ em được truyền thông" ≈ '
                              "Trẻ em được truyền thông, score 1.00, why: an alias")
    assert rows[2].startswith('  row 7: CL08 (by its label "Doanh nghiệp" ≈ Tỷ lệ doanh '
                              "nghiệp, hợp tác xã, hộ gia đình được cung cấp thông tin, kiến "
                              "thức, score 0.")
    assert "why: the whole form decided: the order of the rows)" in rows[2]
    assert "why: a name in the indicator catalogue)" in rows[3]
    assert rows[4].startswith('  row 9: ? (label "Tỷ lệ được tập huấn" not recognised; it '
                              "could be: CL12 0.48")
    assert code == 1
    vi, _ = describe_form(str(tmp_path / "r.xlsx"), "vi", units=fixture_units)
    assert "vì: cả biểu mẫu quyết định: thứ tự các dòng" in vi
