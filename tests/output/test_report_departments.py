"""The report's departments section and sheet, built from the Nghệ An sample (issue 14)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

import childlabour_metrics as clm
from childlabour_metrics.analysis.report_data import analyse
from childlabour_metrics.language.words import word
from childlabour_metrics.output.departments import departments_html
from tests.support import REPO

ROOT = REPO
SAMPLE = ROOT / "data" / "sample-nghe-an"
PLAN = "nghe-an-2021"


def _build(tmp_path: Path, lang: str) -> Path:
    units = clm.load_units(SAMPLE / "units.csv")
    out = tmp_path / lang
    clm.build_report(SAMPLE / "reports", PLAN, out, units=units, lang=lang)
    return out


def _sheet_rows(out: Path, lang: str) -> dict[str, dict[str, object]]:
    book = load_workbook(next(out.glob("*.xlsx")), read_only=True)
    assert word("dept_sheet", lang) in book.sheetnames
    rows = list(book[word("dept_sheet", lang)].iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == word("dept_col_unit_code", lang)
    return {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}


def test_vietnamese_report_has_the_departments_section_and_sheet(tmp_path):
    out = _build(tmp_path, "vi")
    page = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert word("dept_section", "vi") in page
    section = page.split(word("dept_section", "vi"))[1]
    assert "Sở Giáo dục và Đào tạo" in section and word("dept_police", "vi") in section
    assert word("dept_result_no_data", "vi") in section  # the police sent nothing
    rows = _sheet_rows(out, "vi")
    assert set(rows) == {"40-LDTBXH", "40-GDDT", "40-YT", "40-DL", "40-CA"}
    col = word("dept_col_owns", "vi")
    assert rows["40-LDTBXH"][col] == "D1, D2, D3, D4" and rows["40-GDDT"][col] == "D5"
    result = word("dept_col_result", "vi")
    assert rows["40-CA"][result] == word("dept_result_no_data", "vi")
    # The plan sets no numbers: the labour department reported, nothing to judge.
    assert rows["40-LDTBXH"][result] == word("dept_result_no_target", "vi")
    assert rows["40-GDDT"][word("dept_col_periods_reported", "vi")] == "2021H1, 2021"
    assert rows["40-CA"][word("dept_col_reported", "vi")] == word("bool_False", "vi")


def test_english_report_has_the_departments_section_and_sheet(tmp_path):
    out = _build(tmp_path, "en")
    page = next(out.glob("*.html")).read_text(encoding="utf-8")
    section = page.split(word("dept_section", "en"))[1]
    assert word("dept_tourism", "en") in section
    assert word("dept_section", "vi") not in page and "Chưa gửi báo cáo" not in page
    rows = _sheet_rows(out, "en")
    assert rows["40-YT"][word("dept_col_kind", "en")] == "Department of Health"
    assert rows["40-YT"][word("dept_col_owns", "en")] in ("", None)
    assert rows["40-DL"][word("dept_col_n_no_target", "en")] == 1


def test_a_report_without_departments_has_no_such_section():
    data = analyse(ROOT / "data" / "sample", "hai-duong-2021", lang="en")
    assert data.departments is None
    assert departments_html(data) == ""


def test_section_judges_owned_targets_with_a_number(tmp_path):
    """A department that misses a numbered target it owns is shown as not met."""
    import pandas as pd

    plan_path = tmp_path / "p.toml"
    plan_path.write_text(
        'id = "p"\nname_vi = "Kế hoạch"\nscope_code = "40"\nscope_level = "province"\n'
        'start = 2021\nend = 2021\nreport_levels = ["department"]\n\n'
        '[[calendar]]\nperiod = "year"\ndeadline = "11-10"\n\n'
        '[[targets]]\nref = "T1"\nlabel = "Giáo viên"\nindicators = ["CL05"]\nyear = 2021\n'
        'operator = ">="\nvalue = 95.0\nobjective = 1\nowner = "education"\n',
        encoding="utf-8")
    units = clm.load_units(SAMPLE / "units.csv")
    obs = clm.read_reports(SAMPLE / "reports", units=units).observations
    data = analyse(obs, plan_path, units=units, lang="en")
    table = data.departments.set_index("unit_code")
    education = table.index[table["kind"] == "education"][0]
    assert table.loc[education, "n_not_met"] == 1  # 11300/12600 < 95 %
    assert word("dept_result_not_met", "en") in departments_html(data)
    assert isinstance(data.departments, pd.DataFrame)
