"""One story in every output (issue 22): the HTML, the workbook, the figures, the command
line and ``export`` all render the judged table, on the three bundled folders.

Each report is built once for the module; every test reads what a person would read
(the page's text, the workbook's cells, the figure's texts, the command's table) and
holds it to :attr:`ReportData.judged`.
"""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest

from childlabour_metrics.analysis.report_data import analyse
from childlabour_metrics.cli import main
from childlabour_metrics.output import charts
from childlabour_metrics.output._bars import shown_judged
from childlabour_metrics.output._format import verdict_words
from childlabour_metrics.output.report import build_report
from tests.support import REPO

SAMPLE = REPO / "data" / "sample"
FOLDERS = {
    "hai-duong": (SAMPLE, "hai-duong-2021", SAMPLE / "units.csv"),
    "van-son": (SAMPLE / "2026", "van-son-2026", None),
    "nghe-an": (REPO / "data" / "sample-nghe-an" / "reports", "nghe-an-2021",
                REPO / "data" / "sample-nghe-an" / "units.csv"),
}


@pytest.fixture(scope="module", params=sorted(FOLDERS))
def built(request, tmp_path_factory):
    folder, plan, units = FOLDERS[request.param]
    data = analyse(folder, plan, units=units, progress=False)
    out = tmp_path_factory.mktemp(request.param)
    result = build_report(data_source(data), plan, out, units=units, progress=False)
    return request.param, data, result


def data_source(data):
    """The read behind ``data``, handed to the report as a reader result (no second read)."""
    class _Read:
        observations, problems, files = data.observations, data.problems, data.files
    return _Read()


def _summary_rows(ws):
    header = next(r for r in ws.iter_rows() if r[0].value == "Ký hiệu")
    heads = [c.value for c in header]
    rows = []
    for r in ws.iter_rows(min_row=header[0].row + 1):  # the table ends at its first blank row
        if not r[0].value:
            break
        rows.append([c.value for c in r])
    return heads, rows


def test_the_summary_is_the_plan_units_judged_rows(built):
    _, data, result = built
    judged = data.judged
    scope = judged[judged["is_scope"]].reset_index(drop=True)
    summary = result.summary_table
    assert list(summary["ref"]) == list(scope["ref"])
    assert list(summary["status"]) == list(scope["status"])
    mine = (summary["value"].astype("Float64") * 100).to_numpy(float, na_value=float("nan"))
    theirs = scope["value"].astype("Float64").to_numpy(float, na_value=float("nan"))
    assert mine.tolist() == pytest.approx(theirs.tolist(), nan_ok=True)


def test_the_workbook_says_the_judged_verdicts(built):
    _, data, result = built
    judged = data.judged
    wb = openpyxl.load_workbook(result.xlsx)
    heads, rows = _summary_rows(wb["Tổng hợp"])
    scope = judged[judged["is_scope"]].reset_index(drop=True)
    words = verdict_words(scope, "vi").tolist()
    assert [r[heads.index("Trạng thái")] for r in rows] == words
    assert [r[heads.index("Kỳ đánh giá")] for r in rows] == scope["period"].tolist()
    # each target sheet: every unit judged in the period that judges the target
    for ref in scope["ref"]:
        ws = wb[str(ref)]
        head = [c.value for c in ws[4]]
        mine = judged[judged["ref"] == ref]
        by_unit = dict(zip(mine["unit_code"], verdict_words(mine, "vi"), strict=True))
        shown = {r[0]: r[head.index("Trạng thái")] for r in ws.iter_rows(
            min_row=5, values_only=True) if r[0] in by_unit}
        assert shown == {c: w for c, w in by_unit.items() if c in shown}, ref
        assert set(mine["unit_code"]) <= set(shown), ref


def test_the_page_says_the_judged_verdicts_and_the_headline(built):
    _, data, result = built
    page = result.html.read_text(encoding="utf-8")
    scope = data.judged[data.judged["is_scope"]]
    for text in verdict_words(scope, "vi"):
        assert f">{text}</td>" in page
    headline = re.search(r'<p class="summary">(.*?)</p>', page).group(1)
    assert result.summary.startswith(headline.replace("&#x27;", "'"))
    assert "0/0" not in headline


def test_the_heatmap_and_bars_show_the_judged_rows(built):
    _, data, _ = built
    shown = shown_judged(data)
    fig = charts.plot_heatmap(shown, data.period)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("chưa nộp") == int((shown["status"] == "not_reported").sum())
    refs = [r for r in dict.fromkeys(shown["ref"]) if shown.loc[shown["ref"] == r,
                                                                 "value"].notna().any()]
    if len(set(shown["unit_code"])) > 1 and refs:
        ax = charts.plot_comparison(shown, refs[0]).axes[0]
        mine = shown[shown["ref"] == refs[0]]
        assert len(ax.get_yticklabels()) == len(mine)


def test_the_command_line_judges_as_the_report(built, capsys, tmp_path):
    name, data, _ = built
    folder, plan, units = FOLDERS[name]
    args = ["attainment", str(folder), "--plan", plan, "--format", "csv"]
    if units is not None:
        args += ["--units", str(units)]
    assert main(args) == 0
    table = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out.lstrip("\ufeff")),
                        dtype=str)
    judged = data.judged[data.judged["value"].notna() & ~data.judged["is_scope"]]
    if judged.empty or table.empty:
        return
    key = ["unit_code", "ref", "period"]
    both = judged[[*key, "status"]].merge(table[[*key, "status"]], on=key,
                                          suffixes=("", "_cli"))
    assert not both.empty
    assert (both["status"] == both["status_cli"]).all()
    assert main(["export", *args[1:4], *args[6:], "--out", str(tmp_path)]) == 0
    exported = pd.read_csv(tmp_path / "judged.csv", dtype=str)
    assert exported["status"].tolist() == data.judged["status"].tolist()


def test_the_national_plan_on_a_provinces_folder_says_how_little_it_covers():
    data = analyse(SAMPLE, "vn-782-2021", units=SAMPLE / "units.csv", progress=False)
    problems = data.problems
    # one line for every row of an indicator the plan does not track, below the errors
    assert (problems["code"] == "INDICATOR_NOT_IN_PLAN").sum() == 0
    summary = problems[problems["code"] == "INDICATORS_NOT_IN_PLAN"]
    assert len(summary) == 1 and summary["message"].item().split()[0].isdigit()
    severities = problems["severity"].tolist()
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    from childlabour_metrics.output._headline import headline_text

    line = headline_text(data)
    assert "chưa đại diện cho Việt Nam" in line and "0/0" not in line


def test_files_are_named_from_the_folder_read(built):
    _, data, _ = built
    for frame, col in ((data.problems, "file"), (data.observations, "source_file")):
        names = frame[col].dropna().astype(str)
        assert not names.str.startswith("/").any()
        assert not names.str.startswith(str(REPO)).any() and not names.str.contains(
            "data/sample").any()


def test_the_page_compares_units_in_bars_that_say_the_judged_verdicts(built):
    _, data, result = built
    page = result.html.read_text(encoding="utf-8")
    shown = shown_judged(data)
    tables = re.findall(r'<table class="bars">(.*?)</table>', page, re.S)
    if len(set(shown["unit_code"])) < 2:
        assert not tables  # one unit compares nothing
        return
    numeric = data.plan.targets.loc[data.plan.targets["value"].notna(), "ref"]
    refs = [r for r in numeric if shown.loc[shown["ref"] == r, "value"].notna().any()]
    assert len(tables) == len(refs)
    for ref, table in zip(refs, tables, strict=True):
        mine = shown[shown["ref"] == ref]
        said = re.findall(r'<td class="w"[^>]*>(.*?)</td>', table)
        assert sorted(said) == sorted(verdict_words(mine, "vi").tolist()), ref
