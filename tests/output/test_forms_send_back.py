"""Send-back workbooks (issue 21, item 6): a run leaves only its own, removing those an
earlier run wrote for units that have since fixed their forms, never a user's files."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from childlabour_metrics.language.problems import label
from childlabour_metrics.output.forms import MANIFEST, write_problem_workbooks
from tests.fixtures.io_forms import single_form
from tests.support import run_cli


def test_a_second_validation_removes_the_workbooks_of_fixed_forms(tmp_path: Path) -> None:
    first, second, out = tmp_path / "round1", tmp_path / "round2", tmp_path / "send-back"
    first.mkdir()
    second.mkdir()
    for unit in ("30101", "30102"):  # both with an error in the first round
        single_form(first / f"{unit}.xlsx", unit=unit, rows=[("CL01", 20, 10)])
    single_form(second / "30101.xlsx", unit="30101", rows=[("CL01", 20, 10)])
    single_form(second / "30102.xlsx", unit="30102")  # fixed
    out.mkdir()
    (out / "ghi-chu.xlsx").write_bytes(b"the user's own")
    (out / "notes.txt").write_text("mine")
    assert run_cli("validate", first, "--problems-out", out, "--lang", "en").returncode == 1
    made = sorted(p.name for p in out.glob("problems_*.xlsx"))
    assert made == ["problems_30101.xlsx", "problems_30102.xlsx"]
    assert run_cli("validate", second, "--problems-out", out, "--lang", "vi").returncode == 1
    # Vietnamese names now; the English ones of the first run are the run's own: removed.
    mine = f"{label('file_prefix', 'vi')}_30101.xlsx"
    assert sorted(p.name for p in out.iterdir()) == sorted([
        MANIFEST, "ghi-chu.xlsx", mine, "notes.txt"])
    assert (out / "ghi-chu.xlsx").read_bytes() == b"the user's own"
    book = openpyxl.load_workbook(out / mine).active
    assert book["D7"].value == "30101"  # under the head (issue 22)


def test_a_run_without_problems_leaves_no_workbook_of_its_own(tmp_path: Path) -> None:
    reports, out = tmp_path / "reports", tmp_path / "send-back"
    reports.mkdir()
    single_form(reports / "a.xlsx", unit="30101", rows=[("CL01", 20, 10)])
    run_cli("validate", reports, "--problems-out", out)
    assert len(list(out.glob("*.xlsx"))) == 1
    (reports / "a.xlsx").unlink()
    single_form(reports / "a.xlsx", unit="30101")
    assert run_cli("validate", reports, "--problems-out", out).returncode == 0
    assert list(out.glob("*.xlsx")) == []


def test_a_manifest_names_only_files_of_its_folder(tmp_path: Path) -> None:
    outside = tmp_path / "keep.xlsx"
    outside.write_bytes(b"x")
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_text(f"../keep.xlsx\n{outside}\nnot-a-workbook.txt\n")
    (out / "not-a-workbook.txt").write_text("x")
    write_problem_workbooks(pd.DataFrame(columns=["file", "sheet", "cell", "unit_code",
                                                  "period", "indicator", "code",
                                                  "severity", "message"]), out, "en")
    assert outside.exists() and (out / "not-a-workbook.txt").exists()
