"""Tests for the command line, run in process (``cli.main``); one test runs ``python -m``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from childlabour_metrics.cli import COLUMNS
from tests.support import REPO, CliRun, run_cli, run_cli_process

ROOT = REPO


def run(*args: str, cwd: Path = ROOT) -> CliRun:
    return run_cli(*args, cwd=cwd)


def _workbook(path: Path, code: str, period: str, date: str, rows: list[tuple]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    for row in [["Mã đơn vị:", code], ["Kỳ báo cáo:", period], ["Ngày báo cáo:", date], [],
                ["Mã", "Tử số", "Mẫu số"], *rows]:
        ws.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """Two communes of the sample registry (Hải Dương), yearly 2024 and 2025."""
    folder = tmp_path_factory.mktemp("reports")
    figures = {  # (code, year): CL01 numerator of 1000, CL03 numerator of 50
        ("10507", 2024): (14, 48), ("10507", 2025): (9, 50),
        ("10543", 2024): (20, 45), ("10543", 2025): (12, 47),
    }
    for (code, year), (cl01, cl03) in figures.items():
        _workbook(folder / f"{code}_{year}.xlsx", code, f"Năm {year}", f"10/12/{year}",
                  [("CL01", cl01, 1000), ("CL03", cl03, 50)])
    return folder


@pytest.fixture(scope="module")
def bad_reports(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    _workbook(folder / "10507_2025.xlsx", "10507", "2025", "10/12/2025",
              [("CL01", 9, 1000), ("CL03", 60, 50)])  # numerator above denominator
    return folder


def _csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # UTF-8 with BOM, for Excel
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_plans_json_has_documented_columns():
    done = run("plans", "--format", "json")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert list(records[0]) == COLUMNS["plans"]
    assert {"hai-duong-2021", "van-son-2026"} <= {r["plan_id"] for r in records}


def test_plans_table_is_readable():
    # the real entry point, as a separate process: Vietnamese survives the pipe
    done = run_cli_process("plans")
    assert done.returncode == 0 and "hai-duong-2021" in done.stdout
    assert "Tỉnh Hải Dương" in done.stdout  # Vietnamese survives the pipe


def test_validate_clean_folder_exits_0(reports):
    done = run("validate", reports, "--plan", "hai-duong-2021", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "\ufeff" + ",".join(COLUMNS["validate"])
    assert "4 tệp" in done.stderr


def test_validate_with_errors_exits_1_and_names_the_cell(bad_reports):
    done = run("validate", bad_reports, "--format", "json", "--lang", "en")
    assert done.returncode == 1, done.stderr
    problems = json.loads(done.stdout)
    hit = [p for p in problems if p["code"] == "NUMERATOR_GT_DENOMINATOR"]
    assert hit and hit[0]["severity"] == "error" and hit[0]["cell"]
    assert "errors" in done.stderr


def test_validate_writes_problem_workbooks_to_send_back(bad_reports, tmp_path):
    out = tmp_path / "send-back"
    done = run("validate", bad_reports, "--problems-out", out)
    assert done.returncode == 1
    written = sorted(out.glob("*.xlsx"))
    assert len(written) == 1 and "10507" in written[0].name
    assert str(out) in done.stderr


def test_attainment_csv(reports):
    done = run("attainment", reports, "--plan", "hai-duong-2021", "--year", "2025",
               "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = _csv(done.stdout)
    assert list(rows[0]) == COLUMNS["attainment"]
    a1 = {r["unit_code"]: r for r in rows if r["ref"] == "A1"}
    assert float(a1["10507"]["value"]) == pytest.approx(0.9)
    assert a1["10507"]["status"] == "met" and a1["10543"]["status"] == "not_met"
    assert {r["period"] for r in rows} == {"2025"}


def test_attainment_rolled_up_to_the_province(reports):
    done = run("attainment", reports, "--plan", "hai-duong-2021", "--level", "province",
               "--target-year", "2025", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    a1 = [r for r in rows if r["ref"] == "A1" and r["period"] == "2025" and r["value"]]
    assert [r["unit_code"] for r in a1] == ["30"]  # other provinces: no reports, no value
    assert a1[0]["value"] == pytest.approx(100 * 21 / 2000)  # ratio of sums


def test_progress_names_its_method(reports):
    done = run("progress", reports, "--plan", "hai-duong-2021", "--method", "trajectory",
               "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows and list(rows[0]) == COLUMNS["progress"]
    assert {r["method"] for r in rows} == {"trajectory"}


def test_completeness_csv_and_rates(reports):
    done = run("completeness", reports, "--plan", "hai-duong-2021", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = _csv(done.stdout)
    assert list(rows[0]) == COLUMNS["completeness"]
    mine = {(r["unit_code"], r["period"]): r["status"] for r in rows}
    assert mine[("10507", "2025")] == "on_time"
    done = run("completeness", reports, "--plan", "hai-duong-2021", "--rates", "--format",
               "csv")
    assert done.returncode == 0 and "rate_received" in done.stdout.splitlines()[0]


def test_template_writes_a_form(tmp_path):
    out = tmp_path / "form.xlsx"
    done = run("template", "--unit", "10507", "--period", "2026H1", "--plan", "hai-duong-2021",
               "-o", out)
    assert done.returncode == 0, done.stderr
    assert out.is_file() and str(out) in done.stderr


def test_report_writes_the_folder_and_prints_one_line(reports, tmp_path):
    out = tmp_path / "report"
    done = run("report", reports, "--plan", "hai-duong-2021", "--out", out, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert (out / "report.xlsx").is_file() and (out / "report.html").is_file()
    assert (out / "figures" / "dashboard.png").is_file()
    lines = done.stdout.splitlines()
    # issue 22: the line is the report's headline, then what was read and written
    assert len(lines) == 1 and "4 files, 8 data rows; report: report.html" in lines[0]
    assert lines[0].startswith("Year ")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("attainment", "{reports}", "--plan", "no-such-plan"), "hai-duong-2021"),
        (("validate", "{missing}"), "lỗi: không có tệp hoặc thư mục"),
        (("template", "--unit", "1", "--period", "2024H3", "--plan", "hai-duong-2021", "-o",
          "x.xlsx"), "kỳ báo cáo '2024H3' không hợp lệ"),
        (("report", "{reports}", "--plan", "hai-duong-2021"), "--out"),
        (("plans", "--format", "xml"), "giá trị 'xml' không hợp lệ"),
        ((), "COMMAND"),
    ],
)
def test_usage_errors_exit_2_with_a_helpful_message(args, expected, reports, tmp_path):
    args = [a.format(reports=reports, missing=tmp_path / "nowhere") for a in args]
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_version():
    done = run("--version")
    assert done.returncode == 0 and done.stdout.startswith("childlabour-metrics ")
