"""The report at national scale (issue 10 item 3): the country by province, units ranked."""

from __future__ import annotations

import pytest
from PIL import Image

from benchmarks.report_scale import PROVINCES, synthetic
from childlabour_metrics.analysis.report_data import MANY_UNITS
from childlabour_metrics.output.report import build_report

COMMUNES = 400  # above MANY_UNITS: the report is laid out as at 3,321 communes


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    data = synthetic(COMMUNES)
    out = tmp_path_factory.mktemp("national")
    result = build_report(data["observations"], data["plan"], out, units=data["units"],
                          lang="vi", svg=True)  # the SVGs hold the figures' text
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
    # one folded section per province, and the data-quality review's list by province
    assert page.count("<details>") == PROVINCES + 1
    assert page.count("<details><summary>") == page.count("</details>")
    assert (out / "report.html").stat().st_size < 8_000_000


def test_overview_has_a_row_per_province(national):
    from childlabour_metrics.analysis.report_data import analyse

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
        assert ws.column_dimensions["B"].width == 28  # unit names, wrapped
        assert ws["B5"].alignment.wrap_text
        assert ws["D5"].number_format.endswith("%")
    for ws in wb.worksheets:
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0  # as many pages tall as the rows need
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_options.horizontalCentered
        assert ws.oddFooter.center.text == "&P / &N"
        off_paper = ws.print_area is not None and ":" not in str(ws.print_area)
        if ws.max_row > 50 and not off_paper:  # a table: its header on every printed page
            assert ws.print_title_rows and ws.freeze_panes, ws.title


def test_target_sheets_list_the_provinces_then_the_communes(national):
    # issue 10 item 3: the plan asks provinces to report; at scale each target sheet
    # gives the province rows (the overview) first, then the communes
    import openpyxl

    _, out = national
    plan = synthetic(COMMUNES)["plan"]
    wb = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    for ref in plan.targets["ref"]:
        rows = list(wb[str(ref)].iter_rows(min_row=5, values_only=True))
        levels = [row[2] for row in rows if row[0] != plan.scope_code]
        n_provinces = levels.count("Tỉnh")
        assert n_provinces == PROVINCES, ref
        assert set(levels[:n_provinces]) == {"Tỉnh"}
        assert set(levels[n_provinces:]) == {"Xã"} and len(levels) - n_provinces >= COMMUNES
        provinces = [row for row in rows if row[2] == "Tỉnh"]
        # a province's judged value is its communes' counts summed, shown as a fraction
        # (then its verdict, the latest earlier value where it has none, and the gap)
        value = provinces[0][-4]
        assert isinstance(value, float) and 0 <= value <= 1
        assert provinces[0][-5] >= provinces[0][-6] > 0  # denominator ≥ numerator
    wb.close()


def test_completeness_at_scale_is_each_province_s_share_of_units(national):
    """Not the provinces' own reports alone (which would read "missing" everywhere)."""
    _, out = national
    svg = (out / "figures" / "completeness.svg").read_text(encoding="utf-8")
    assert "Tỷ lệ đơn vị đã nộp báo cáo" in svg
    assert "100%" in svg  # the early rounds: every commune reported
    assert "Chưa nộp" not in svg
