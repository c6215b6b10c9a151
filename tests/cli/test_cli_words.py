"""The command line speaks one language (issue 11 item 9), run in-process."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from childlabour_metrics.cli import COLUMNS, _emit, main
from tests.fixtures.io_forms import ROWS, single_form
from tests.support import FIXTURES_DIR, REPO

FIXTURES = FIXTURES_DIR


def _form_with(tmp_path: Path, cell: str, text: str) -> Path:
    rows = [r if r[0] != "CL06" else ("CL06", "nhiều", 1500) for r in ROWS]
    path = single_form(tmp_path / "r.xlsx", rows=rows)
    book = openpyxl.load_workbook(path)
    book.active[cell].value = text
    book.active[cell].data_type = "s"
    book.save(path)
    return path


def test_table_has_the_vocabulary_headings_and_words(tmp_path, capsys) -> None:
    path = single_form(tmp_path / "r.xlsx", rows=[r if r[0] != "CL06" else ("CL06", "x", 1)
                                                  for r in ROWS])
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Mức độ" in out and "Nội dung" in out and "Lỗi" in out
    assert "severity" not in out and "message" not in out and " error " not in out
    assert main(["validate", str(path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "Severity" in out and "Error" in out and "Mức độ" not in out
    assert "Cell E12" in out


def test_table_rounds_numbers(tmp_path, capsys) -> None:
    path = single_form(tmp_path / "r.xlsx", unit="10507", period="Năm 2025", date="10/12/2025",
                       rows=[("CL01", 1, 3000)])
    assert main(["attainment", str(path), "--plan", "hai-duong-2021",
                 "--target-year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "0,03" in out and "0.0333" not in out
    # issue 22: one name per thing, as the report heads it ("Trạng thái")
    assert "Trạng thái" in out and "Đạt" in out and "met" not in out.split()


def test_csv_has_bom_and_neutralised_formulas(tmp_path, capsys) -> None:
    path = _form_with(tmp_path, "C3", '=HYPERLINK("http://x","y")')
    main(["validate", str(path), "--format", "csv"])
    out = capsys.readouterr().out
    assert out.startswith("\ufeff" + ",".join(COLUMNS["validate"]))
    assert "'=HYPERLINK" in out or "=HYPERLINK" not in out
    for line in out.splitlines()[1:]:
        for field in line.split(","):
            assert not field.startswith(("=", "+", "@")), line


def test_terminal_output_strips_escape_sequences(capsys) -> None:
    # An .xlsx cannot hold ESC (openpyxl refuses it) but a CSV registry or an .ods can.
    frame = pd.DataFrame({"file": ["\x1b]0;title\x07a.xlsx"], "message": ["\x1b[31mđỏ\x1b[0m"],
                          "severity": ["error"]})
    _emit(frame, "table", "vi", ["file", "message", "severity"], "validate")
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "đỏ" in out


def test_usage_errors_are_vietnamese(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["plans", "--format", "xml"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "lỗi: tham số --format: giá trị 'xml' không hợp lệ" in err
    assert "invalid choice" not in err
    with pytest.raises(SystemExit):
        main(["plans", "--format", "xml", "--lang", "en"])
    assert "error: argument --format: invalid choice" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["validate"])
    assert "thiếu tham số bắt buộc: PATHS" in capsys.readouterr().err


def test_missing_path_and_bad_period_are_vietnamese(tmp_path, capsys) -> None:
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    assert "lỗi: không có tệp hoặc thư mục" in capsys.readouterr().err


def test_bad_registry_names_the_file_and_line(tmp_path, capsys) -> None:
    registry = tmp_path / "units.csv"
    registry.write_text("code,name,level,parent_code\n30,Hải Dương,province,\n"
                        "288,TP,district,30\n10507,Xã, A,commune,288\n", encoding="utf-8")
    path = single_form(tmp_path / "r.xlsx")
    assert main(["validate", str(path), "--units", str(registry)]) == 2
    err = capsys.readouterr().err
    assert f"{registry}, dòng 4" in err
    assert "tokenizing" not in err


@pytest.mark.parametrize(("lang", "said", "unsaid"), [
    ("vi", "cần số nguyên", "int"), ("en", "invalid whole number value", "số")])
def test_a_bad_number_argument_is_named_in_words(capsys, lang, said, unsaid) -> None:
    with pytest.raises(SystemExit):
        main(["attainment", ".", "--plan", "hai-duong-2021", "--year", "abc", "--lang", lang])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert said in err and unsaid not in err.split(": ", 2)[-1].replace("'abc'", "")


def test_why_a_report_was_not_expected_is_a_word(capsys) -> None:
    root = REPO / "data"
    args = ["completeness", str(root / "sample-nghe-an" / "reports"), "--plan", "nghe-an-2021",
            "--units", str(root / "sample" / "units.csv")]
    assert main([*args, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "unit code not in the registry" in out and "unknown_unit" not in out
    assert main(args) == 0
    assert "mã đơn vị không có trong danh mục" in capsys.readouterr().out


def test_help_speaks_the_run_language(capsys) -> None:
    # Vietnamese first: the help an officer reads first, argparse's own headings too.
    with pytest.raises(SystemExit) as done:
        main(["report", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("cách dùng: childlabour-metrics report")
    assert "tùy chọn:" in out and "hiện trợ giúp này rồi thoát" in out
    assert "thư mục để ghi vào" in out and "ngôn ngữ của báo cáo" in out
    assert "usage:" not in out and "options:" not in out and "folder to write" not in out
    assert out.count("tùy chọn:") == 1  # the shared arguments join the same group
    with pytest.raises(SystemExit):
        main(["report", "--help", "--lang", "en"])
    out = capsys.readouterr().out
    assert out.startswith("usage: childlabour-metrics report")
    assert "options:" in out and "folder to write into" in out and "tùy chọn" not in out
