"""Tests for childlabour_metrics.output.report: the Excel workbook, figures and HTML page."""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from childlabour_metrics.output._safe import safe_text
from childlabour_metrics.output.report import build_report
from childlabour_metrics.reference.units import load_units
from tests.support import REPO

EVIL_NAME = "=HYPERLINK(\"http://evil.example\",\"bấm vào\")"


@pytest.fixture
def toy_units() -> pd.DataFrame:
    return load_units(pd.DataFrame({
        "code": ["P1", "C1", "C2", "C3"],
        "name": ["Tỉnh Thử", "Xã An Bình", "Phường Đông Hải", "Xã Vân Sơn"],
        "level": ["province", "commune", "commune", "commune"],
        "parent_code": ["", "P1", "P1", "P1"],
    }))


@pytest.fixture
def communes(toy_observations) -> pd.DataFrame:
    obs = toy_observations[toy_observations["unit_code"] != "P1"].copy()
    obs["source_file"] = obs["unit_code"] + "_" + obs["period"] + ".xlsx"
    obs["report_date"] = pd.to_datetime(obs["period"].str[:4] + "-06-10")
    return obs


@pytest.fixture
def reader_result(communes) -> SimpleNamespace:
    """What read_reports returns, made by hand: observations, problems, files."""
    obs = communes.copy()
    obs.loc[obs["unit_code"] == "C2", "unit_name"] = EVIL_NAME
    problems = pd.DataFrame({
        "file": ["+C2_2024.xlsx", "C3_2024.xlsx"], "sheet": ["Báo cáo", "Báo cáo"],
        "cell": ["E12", "E10"], "unit_code": ["C2", "C3"], "period": ["2024", "2024"],
        "indicator": ["CL03", "CL01"], "code": ["NUMERATOR_GT_DENOMINATOR", "MISSING_VALUE"],
        "severity": ["error", "warning"],
        "message": ["-Tử số lớn hơn mẫu số", "@Thiếu mẫu số"],
    }).astype("str")
    files = pd.DataFrame({"file": sorted(set(obs["source_file"]))}).astype("str")
    return SimpleNamespace(observations=obs, problems=problems, files=files)


def _cells(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    return ws, [[c for c in row] for row in ws.iter_rows()]


def test_writes_the_three_outputs_and_a_summary_line(tmp_path, reader_result, toy_plan,
                                                      toy_units):
    result = build_report(reader_result, toy_plan, tmp_path / "out", units=toy_units,
                          progress=False, svg=True)
    assert result.xlsx.is_file() and result.html.is_file()
    names = {p.name for p in result.figures}
    assert {"dashboard.png", "dashboard.svg", "completeness.png", "heatmap_2025.png",
            "comparison_a1.png", "comparison_a3.svg"} <= names
    assert all(p.stat().st_size > 1000 for p in result.figures)
    assert "\n" not in result.summary and str(result) == result.summary
    # issue 22: the line is the report's headline, then what was read and written
    assert result.summary == ("Năm 2025: Tỉnh Thử, đạt 0/4 chỉ tiêu; 3/3 xã đã nộp; "
                              "1 lỗi cần sửa; 30 tệp, 120 dòng số liệu; báo cáo: report.html")


def test_figures_are_png_only_unless_svg_is_asked_for(tmp_path, communes, toy_plan,
                                                       toy_units):
    result = build_report(communes, toy_plan, tmp_path, units=toy_units, progress=False)
    assert result.figures and {p.suffix for p in result.figures} == {".png"}


def test_summary_sheet_numbers_are_numbers_with_percent_format(tmp_path, communes, toy_plan,
                                                               toy_units):
    result = build_report(communes, toy_plan, tmp_path, units=toy_units, progress=False)
    wb = openpyxl.load_workbook(result.xlsx)
    assert wb.sheetnames[:5] == ["Tổng hợp", "A1", "A2", "A3", "A12"]
    assert {"Tiến độ", "Nộp báo cáo", "Tỷ lệ nộp báo cáo", "Lỗi và cảnh báo"} <= set(
        wb.sheetnames)
    ws = wb["Tổng hợp"]
    header_row = next(r for r in ws.iter_rows() if r[0].value == "Ký hiệu")
    headers = [c.value for c in header_row]
    first = header_row[0].row + 1
    value = ws.cell(first, headers.index("Giá trị") + 1)
    target = ws.cell(first, headers.index("Mục tiêu") + 1)
    # A1 for the province: communes' counts summed, 2025: (17 + 18 + 19) / 3000.
    assert isinstance(value.value, float) and value.value == pytest.approx(54 / 3000)
    assert value.number_format == "0.0%" and target.value == pytest.approx(0.01)
    assert ws.cell(first, headers.index("Trạng thái") + 1).value == "Chưa đạt"
    assert ws.freeze_panes == f"B{first}"
    assert ws.conditional_formatting  # status coloured


def test_target_sheet_has_units_as_rows_and_conditional_colours(tmp_path, communes, toy_plan,
                                                                toy_units):
    result = build_report(communes, toy_plan, tmp_path, units=toy_units, progress=False,
                          lang="en")
    ws = openpyxl.load_workbook(result.xlsx)["A1"]
    assert ws.freeze_panes == "D5"
    codes = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)]
    assert codes == ["P1", "C1", "C2", "C3"]  # the plan's unit first
    headers = [c.value for c in ws[4]]
    col_2021 = headers.index("2021") + 1
    cell = ws.cell(6, col_2021)  # C1 2021: 41 / 1000
    assert cell.value == pytest.approx(0.041) and cell.number_format == "0.0%"
    formulas = [rule.formula[0] for rng in ws.conditional_formatting for rule in rng.rules]
    assert any("<=0.01" in f and "ISNUMBER" in f for f in formulas)
    assert "Phấn đấu giảm" in ws["A2"].value  # the source sentence


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path, reader_result, toy_plan):
    result = build_report(reader_result, toy_plan, tmp_path, progress=False)
    wb = openpyxl.load_workbook(result.xlsx)
    risky = [c for ws in wb for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    values = {c.value for c in risky}
    # (a known code's message is rendered from the registry in the report's language,
    # so the fixture's "-Tử số lớn hơn mẫu số" is not shown as it was typed)
    assert {EVIL_NAME, "+C2_2024.xlsx", "@Thiếu mẫu số"} <= values
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    with zipfile.ZipFile(result.xlsx) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any("<f>" in zf.read(n).decode("utf-8") for n in sheets)


def test_safe_text_flags_each_formula_prefix():
    assert [safe_text(t)[1] for t in ("=1", "+1", "-1", "@x", "\t=1", "Xã", "1-2")] == [
        True, True, True, True, True, False, False]
    decomposed = "Xa\u0303"
    assert safe_text(decomposed)[0] == "Xã"


def test_problems_sheet_lists_every_problem(tmp_path, reader_result, toy_plan):
    result = build_report(reader_result, toy_plan, tmp_path, progress=False, lang="en")
    ws = openpyxl.load_workbook(result.xlsx)["Problems"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("File", "Sheet", "Cell", "Unit code", "Period", "Indicator",
                       "Problem code", "Severity", "Message")
    assert [r[6] for r in rows[1:]] == ["NUMERATOR_GT_DENOMINATOR", "MISSING_VALUE"]
    assert [r[7] for r in rows[1:]] == ["Error", "Warning"]
    # each code whole in its column (the severity beside it cut it short in print)
    assert ws.column_dimensions["G"].width >= max(len(r[6]) for r in rows[1:])


def test_every_column_of_the_problems_table_has_a_heading_in_words():
    """The report's problems sheet and section head each column with a word: a column
    without one showed its code name ("detail") in a Vietnamese report."""
    from childlabour_metrics.language.problems import PROBLEM_COLUMNS
    from childlabour_metrics.output._format import has_report_word

    assert [c for c in PROBLEM_COLUMNS if not has_report_word(c)] == []


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [v or "" for k, v in attrs if k in ("src", "href")]


def test_html_is_self_contained(tmp_path, reader_result, toy_plan, toy_units):
    reader_result.problems.loc[1, "message"] = "<script src='http://x.example/a.js'></script>"
    result = build_report(reader_result, toy_plan, tmp_path, units=toy_units, progress=False)
    text = result.html.read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(text)
    assert parser.refs and all(r.startswith("data:image/png;base64,") for r in parser.refs)
    assert not any("http" in r for r in parser.refs)
    assert "script" not in parser.tags and "link" not in parser.tags
    assert '<html lang="vi">' in text and "Tổng hợp" in text and "Chưa đạt" in text
    # text from the field is shown as text, never as markup
    assert "&lt;script src=&#x27;http://x.example/a.js&#x27;&gt;" in text


def test_html_in_english(tmp_path, communes, toy_plan, toy_units):
    result = build_report(communes, toy_plan, tmp_path, units=toy_units, progress=False,
                          lang="en")
    text = result.html.read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "Summary" in text and "Not met" in text
    assert "Tổng hợp" not in text
    assert "met" in result.summary


def test_without_registry_completeness_is_skipped_and_said(tmp_path, communes, toy_plan):
    result = build_report(communes, toy_plan, tmp_path, progress=False, lang="en")
    assert result.completeness is None
    ws = openpyxl.load_workbook(result.xlsx)["Completeness"]
    assert ws["A1"].value.startswith("No unit registry")
    # without a registry the province total cannot be made: no dashboard
    assert "dashboard.png" not in {p.name for p in result.figures}


def test_missing_path_is_a_clear_error(tmp_path, toy_plan):
    with pytest.raises(FileNotFoundError, match="no-such-folder") as info:
        build_report(tmp_path / "no-such-folder", toy_plan, tmp_path / "out", progress=False)
    # Said in the user's language (Vietnamese first), with what to do.
    assert str(info.value).startswith("không có tệp hoặc thư mục:")
    assert info.value.message("en").endswith("check the path.")


def test_no_progress_bar_when_not_a_terminal(tmp_path, communes, toy_plan, capsys):
    build_report(communes, toy_plan, tmp_path, echo=True)
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.count("\n") == 1 and "báo cáo:" in captured.out


def test_repr_html_shows_the_summary_table(tmp_path, communes, toy_plan, toy_units):
    result = build_report(communes, toy_plan, tmp_path, units=toy_units, progress=False)
    out = result._repr_html_()
    assert "<table" in out and "A12" in out and "Chưa đạt" in out
    assert "#fdd0a2" in out  # not met, coloured


def test_plan_without_numbers_still_reports(tmp_path, communes, toy_units):
    from childlabour_metrics.reference.plans import load_plan

    text = "\n".join([
        'id = "no-numbers"', 'name_vi = "Kế hoạch không có số"', 'scope_code = "P1"',
        'scope_name = "Tỉnh Thử"', 'scope_level = "province"', "start = 2021", "end = 2025",
        "horizon = 2030",  # a 2030 target must lie in the plan (strict plans)
        'report_levels = ["commune"]',
        "[[targets]]", 'label = "Không để xảy ra lao động trẻ em"', 'indicators = ["CL01"]',
        "year = 2030", 'source_text = "không để xảy ra hiện tượng trẻ em lao động"',
    ])
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    result = build_report(communes, load_plan(path), tmp_path / "out", units=toy_units,
                          progress=False, lang="en")
    assert result.summary_table["status"].tolist() == ["no_target"]
    assert result.summary_table["value"].notna().all()  # tracked and shown all the same
    assert {"dashboard.png", "heatmap_2025.png"} <= {p.name for p in result.figures}
    # issue 22: nothing judged reads "—", never "0 of 0"
    assert "no target judged: —" in result.summary and "0 of 0" not in result.summary


ROOT = REPO


def test_reads_a_folder_with_the_reader(tmp_path):
    """The commune's own plan on the sample's Vân Sơn report: read, computed, drawn."""
    result = build_report(ROOT / "data" / "sample" / "2026", "van-son-2026", tmp_path / "out",
                          progress=False)
    assert len(result.files) == 1 and len(result.observations) > 0
    assert "Xã Vân Sơn" in result.summary
    names = {p.name for p in result.figures}
    assert {"dashboard.png", "heatmap_2026.png"} <= names
    assert not any(n.startswith("comparison_") for n in names)  # one unit: nothing to compare
    b8 = result.summary_table.set_index("ref").loc["B8"]
    # issue 22: the summary names the period its value comes from "period"
    assert b8["indicators"] == "CL12 + CL13" and b8["period"] == "2026"


def test_a_folder_of_bad_files_still_gives_a_report(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "broken.xlsx").write_bytes(b"not a workbook")
    result = build_report(folder, "hai-duong-2021", tmp_path / "out", progress=False,
                          lang="en")
    assert result.html.is_file() and result.xlsx.is_file()
    assert len(result.problems) >= 1 and (result.problems["severity"] == "error").any()
    assert result.summary.endswith("1 errors to fix; 1 files, 0 data rows; report: report.html")


def test_a_target_without_data_says_so_on_its_sheet(tmp_path, communes, toy_plan, toy_units):
    # A header alone (no unit sent CL03) left the printed page looking cut off.
    without = communes[communes["indicator"] != "CL03"]
    result = build_report(without, toy_plan, tmp_path, units=toy_units, progress=False)
    wb = openpyxl.load_workbook(result.xlsx)
    texts = [c.value for row in wb["A2"].iter_rows(min_row=5) for c in row if c.value]
    assert texts[-1] == ("Không có số liệu: không báo cáo nào đã đọc có chỉ số CL03 với số "
                         "liệu dùng được.")
    # issue 22: every unit is listed all the same, judged "no data for 2025"
    assert texts.count("Không có số liệu năm 2025") == 4
    # A target with data has none of it.
    assert not any("Không có số liệu:" in str(c.value) for row in wb["A1"].iter_rows()
                   for c in row)
