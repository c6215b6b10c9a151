"""The report at national scale (issue 10 item 3): the country by province, units ranked."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image

from childlabour_metrics.output.report import build_report
from childlabour_metrics.summary import MANY_UNITS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from report_scale import PROVINCES, synthetic

COMMUNES = 400  # above MANY_UNITS: the report is laid out as at 3,321 communes


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    data = synthetic(COMMUNES)
    out = tmp_path_factory.mktemp("national")
    result = build_report(data["observations"], data["plan"], out, units=data["units"],
                          lang="vi")
    return result, out


def test_scale_threshold_is_below_the_synthetic_round():
    assert COMMUNES > MANY_UNITS


def test_heatmap_is_the_country_by_province(national):
    _, out = national
    heatmaps = sorted((out / "figures").glob("heatmap_*.png"))
    assert len(heatmaps) == 1
    width, height = Image.open(heatmaps[0]).size
    # 34 rows: a legible figure, not 127,694 px tall
    assert height < 2200 and width < 2000


def test_every_figure_is_bounded(national):
    _, out = national
    for png in (out / "figures").glob("*.png"):
        width, height = Image.open(png).size
        assert width * height < 4_000_000, png.name


def test_rankings_show_top_and_bottom_with_the_rest_summarised(national):
    _, out = national
    rankings = sorted((out / "figures").glob("comparison_*_ranking.svg"))
    assert rankings
    text = rankings[0].read_text(encoding="utf-8")
    assert "đơn vị khác" in text  # "… 370 đơn vị khác"


def test_html_has_a_section_per_province_and_a_sensible_size(national):
    _, out = national
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("<details>") == PROVINCES
    assert (out / "report.html").stat().st_size < 8_000_000


def test_overview_has_a_row_per_province(national):
    from childlabour_metrics.summary import analyse

    data = synthetic(COMMUNES)
    report = analyse(data["observations"], data["plan"], units=data["units"])
    assert report.overview is not None
    latest = report.overview[report.overview["period"] == "2025"]
    assert latest["unit_code"].nunique() == PROVINCES
    assert len(set(report.groups.values())) == PROVINCES


def test_workbook_at_scale_has_every_sheet_printable(national):
    # issue 10 item 3: the fast writer keeps the sheets, rows and page setup
    import openpyxl

    _, out = national
    plan = synthetic(COMMUNES)["plan"]
    wb = openpyxl.load_workbook(out / "report.xlsx")
    names = wb.sheetnames
    assert names[0] == "Tổng hợp"
    for ref in plan.targets["ref"]:
        assert str(ref) in names
        ws = wb[str(ref)]
        # a row per unit reported on: every commune at least
        assert ws.max_row - 4 >= COMMUNES
        assert ws.freeze_panes == "D5"
        assert ws.print_title_rows == "$4:$4"
    for ws in wb.worksheets:
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
