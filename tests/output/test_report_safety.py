"""The report's files are safe to write and to open: atomic, tidy, locked, clean text
(issue 9, items 5, 6, 12, 13)."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from childlabour_metrics.cli import main
from childlabour_metrics.output.report import build_report
from childlabour_metrics.reference.units import sample_units

BAD_NAME = os.fsdecode(b"b\xe1o-c\xe1o.xlsx")  # not UTF-8: a surrogate-escaped str


def _batch(name: str = "Phường Cẩm Thượng") -> SimpleNamespace:
    obs = pd.DataFrame({"unit_code": ["10507", "10543"], "period": ["2025", "2025"],
                        "indicator": ["CL01", "CL01"], "numerator": [10, 20],
                        "denominator": [1000, 1000], "status": ["ok", "ok"],
                        "unit_name": [name, "Phường Việt Hòa"],
                        "source_file": [BAD_NAME, "b.xlsx"]})
    obs["report_date"] = pd.Timestamp("2025-12-01")
    problems = pd.DataFrame({
        "file": [BAD_NAME], "sheet": ["Báo cáo\x07"], "cell": ["E12"], "unit_code": ["10507"],
        "period": ["2025"], "indicator": ["CL01"], "code": ["MISSING_VALUE"],
        "severity": ["warning"], "message": ["Thiếu\x00 mẫu số \x1b[31m"]}).astype("str")
    files = pd.DataFrame({"file": [BAD_NAME, "b.xlsx"], "unit_code": ["10507", "10543"],
                          "period": ["2025", "2025"], "status": ["ok", "ok"]})
    return SimpleNamespace(observations=obs, problems=problems, files=files)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    # control characters, mathtext and an undecodable file name all at once
    result = build_report(_batch("Xã $\\frac{1}{0}$\x07 An"), "hai-duong-2021", out,
                          units=sample_units(), progress=False)
    return result


def test_control_characters_mathtext_and_bad_names_never_crash(hostile):
    wb = openpyxl.load_workbook(hostile.xlsx)  # readable: no half-written file
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert "Thiếu\ufffd mẫu số \ufffd[31m" in texts
    assert "b\ufffdo-c\ufffdo.xlsx" in texts
    assert not any("\x07" in t or "\x00" in t for t in texts)
    page = hostile.html.read_text(encoding="utf-8")
    assert "b\ufffdo-c\ufffdo.xlsx" in page and "\x07" not in page


def test_a_unit_name_with_dollars_is_shown_as_typed_in_a_figure():
    import io

    from childlabour_metrics.output import charts

    att = pd.DataFrame({"unit_code": ["a"], "period": ["2025"], "label": ["A1"],
                        "value": pd.array([0.5], dtype="Float64"),
                        "target": pd.array([1.0], dtype="Float64"),
                        "met": pd.array([True], dtype="boolean")})
    units = pd.DataFrame({"code": ["a"], "name": ["Xã $\\frac{1}{0}$\x07"]})
    buffer = io.StringIO()
    charts.plot_heatmap(att, "2025", units=units).savefig(buffer, format="svg")
    assert "Xã $\\frac{1}{0}$\ufffd" in buffer.getvalue()  # as typed, not a fraction


def test_a_failed_write_leaves_the_previous_report_whole(tmp_path, monkeypatch):
    first = build_report(_batch(), "hai-duong-2021", tmp_path, units=sample_units(),
                         progress=False)
    before = first.xlsx.read_bytes()

    def broken(self, filename):
        Path(filename).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(OSError, match=r"report\.xlsx.*No space left.*báo cáo trước đó"):
        build_report(_batch(), "hai-duong-2021", tmp_path, units=sample_units(),
                     progress=False)
    assert first.xlsx.read_bytes() == before
    assert not list(tmp_path.glob("*.part")) and not (tmp_path / ".report.lock").exists()


def test_only_the_reports_own_figures_are_removed(tmp_path):
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "my_map.png").write_bytes(b"mine")
    (figures / "my_map.svg").write_text("<svg/>")
    first = build_report(_batch(), "hai-duong-2021", tmp_path, units=sample_units(),
                         progress=False)
    assert (figures / "heatmap_2025.png").is_file()
    obs = _batch().observations.assign(period="2024")  # another period: another heatmap
    build_report(obs, "hai-duong-2021", tmp_path, units=sample_units(), progress=False)
    assert not (figures / "heatmap_2025.png").exists()   # the report's own, stale
    assert (figures / "heatmap_2024.png").is_file()
    assert (figures / "my_map.png").read_bytes() == b"mine"  # the user's, kept
    assert (figures / "my_map.svg").is_file()
    assert first.out_dir == tmp_path


def test_a_folder_another_report_is_writing_is_refused(tmp_path, capsys):
    # Held by a process that lives (this one): a stale lock would be taken over.
    (tmp_path / ".report.lock").write_text(str(os.getpid()))
    with pytest.raises(FileExistsError, match=r"\.report\.lock"):
        build_report(_batch().observations, "hai-duong-2021", tmp_path, progress=False)
    assert not (tmp_path / "report.xlsx").exists()
    code = main(["report", str(tmp_path), "--plan", "hai-duong-2021", "--out", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "report.lock" in err


def test_problem_workbooks_have_unique_bounded_names_and_clean_text(tmp_path):
    from childlabour_metrics.output.forms import write_problem_workbooks

    codes = ["01/2", "01:2", "9" * 3000, "=cmd"]
    problems = pd.DataFrame({
        "file": [f"f{i}.xlsx" for i in range(4)], "sheet": "S", "cell": "E1",
        "unit_code": codes, "period": "2024", "indicator": "CL01", "code": "MISSING_VALUE",
        "severity": "warning", "message": ["Thiếu\x00 mẫu số", "b", "c", "d"]})
    written = write_problem_workbooks(problems, tmp_path, "vi")
    assert len(written) == len({p.name for p in written}) == 4   # none overwritten
    assert all(len(p.name) < 100 for p in written)
    # No temporary left; the manifest of what was written, beside the workbooks.
    assert sorted(p for p in tmp_path.iterdir() if p.name != ".send-back.txt") == sorted(written)
    # the table sits under the workbook's head (title, unit, period, what to do: issue 22)
    units = {openpyxl.load_workbook(p).active["D7"].value for p in written}
    assert units == set(codes)
    first = openpyxl.load_workbook(next(p for p in written if "01_2" in p.name
                                        and openpyxl.load_workbook(p).active["D7"].value
                                        == "01/2")).active
    assert first["I7"].value == "Thiếu\ufffd mẫu số" and first["H7"].value == "Cảnh báo"
