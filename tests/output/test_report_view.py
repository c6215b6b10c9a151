"""What an officer sees in the report never misleads (issue 11, the report half).

One Vietnamese and one English report of a small batch, built once: values
near the target, a target not yet due, consolidated and duplicated reports,
then what the HTML page and the workbook show.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from childlabour_metrics.language.words import WORDS
from childlabour_metrics.output.report import build_report
from childlabour_metrics.reference.units import sample_units


def _obs() -> pd.DataFrame:
    # CL01 against A1 "≤ 1 %" due 2025: 1.006 % (not met) and 0.993 % (met),
    # both "1,0" at one decimal; in 2024 the target was not yet due.
    rows = [("10507", "2025", 1006, 100000), ("10543", "2025", 993, 100000),
            ("10507", "2024", 2000, 100000), ("10543", "2024", 500, 100000)]
    obs = pd.DataFrame(rows, columns=["unit_code", "period", "numerator", "denominator"])
    obs["indicator"] = "CL01"
    obs["source_file"] = obs["unit_code"] + "_" + obs["period"] + ".xlsx"
    obs["report_date"] = pd.to_datetime(obs["period"] + "-12-01")
    obs["status"] = "ok"
    return obs


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, object]:
    out = {}
    for lang in ("vi", "en"):
        folder = tmp_path_factory.mktemp(f"report_{lang}")
        out[lang] = build_report(_obs(), "hai-duong-2021", folder, units=sample_units(),
                                 lang=lang, progress=False)
    return out


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.metas: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            self.metas.append(dict(attrs))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


def _page(result) -> _Page:
    page = _Page()
    page.feed(result.html.read_text(encoding="utf-8"))
    return page


def _workbook_texts(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]


def test_html_reads_on_a_phone_and_prints_on_a4(built):
    page = _page(built["vi"])
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in page.metas
    assert "@media print" in page.style and "size: A4 landscape" in page.style
    assert "break-inside: avoid" in page.style       # charts not split
    assert "break-after: avoid" in page.style        # headings kept with their content
    assert "overflow-x: auto" in page.style and "position: sticky" in page.style
    # a cell narrower than a path breaks the path, not the layout (at 390 px the file
    # names overlapped the next column)
    assert re.search(r"table\.clm td \{[^}]*overflow-wrap: break-word", page.style)
    html = built["vi"].html.read_text(encoding="utf-8")
    # Value and status right after the target's name: on screen at 390 px.
    head = re.search(r"<thead><tr>(.*?)</tr></thead>", html).group(1)
    assert re.findall(r"<th>(.*?)</th>", head)[:4] == ["Ký hiệu", "Chỉ tiêu", "Giá trị",
                                                        "Trạng thái"]


def test_no_absolute_path_of_the_machine_in_any_output(built):
    for result in built.values():
        root = str(result.out_dir.resolve())
        assert root not in result.summary and result.summary.endswith("report.html")
        assert root not in result.html.read_text(encoding="utf-8")
        assert not any(root in t for t in _workbook_texts(result.xlsx))
        for svg in result.out_dir.glob("figures/*.svg"):
            assert root not in svg.read_text(encoding="utf-8")


def test_the_digits_that_decide_in_excel_and_html(built):
    wb = openpyxl.load_workbook(built["vi"].xlsx)
    ws = wb["A1"]
    header = [c.value for c in ws[4]]
    col = header.index("2025") + 1
    cells = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=col)
             for r in range(5, ws.max_row + 1)}
    # 1.006 % and 0.993 % would both show "1.0%" against "≤ 1 %"
    assert cells["10507"].value == pytest.approx(0.01006)
    assert cells["10507"].number_format == "0.00%"
    assert cells["10543"].number_format == "0.00%"
    html = built["vi"].html.read_text(encoding="utf-8")
    # the province's 0.9995 % must not read "1,0%" next to its verdict
    summary = built["vi"].summary_table.set_index("ref").loc["A1"]
    assert summary["status"] == "met" and summary["value"] == pytest.approx(0.009995)
    assert "0,9995%" in html


def test_a_target_before_its_year_is_not_yet_not_not_met(built):
    att = built["en"].attainment
    a1 = att[(att["ref"] == "A1") & (att["unit_code"] == "10507")].set_index("period")
    assert a1.loc["2024", "status"] == "not_yet" and a1.loc["2025", "status"] == "not_met"
    texts = _workbook_texts(built["en"].xlsx)
    assert "Not yet (target year ahead)" in texts


def test_summary_counts_units_only_where_there_are_units(built, tmp_path):
    summary = built["vi"].summary_table.set_index("ref")
    assert summary.loc["A1", "units_with_data"] == 2 and summary.loc["A1", "units_met"] == 1
    # A commune's own plan: no units below it, so no "0 units met / 0 with data".
    obs = _obs()
    obs["unit_code"] = "07621"
    obs["source_file"] = "07621_" + obs["period"] + ".xlsx"
    obs = obs.drop_duplicates(["unit_code", "period"])
    result = build_report(obs, "van-son-2026", tmp_path, lang="en", progress=False)
    row = result.summary_table.iloc[0]
    assert pd.isna(row["units_met"]) and pd.isna(row["units_with_data"])


def test_completeness_rates_table_is_whole_named_and_in_percent(built):
    html = built["vi"].html.read_text(encoding="utf-8")
    rates = built["vi"].completeness  # one row per unit-period expected or received
    assert not rates.empty
    section = html[html.index("Tình hình nộp báo cáo"):html.index("Lỗi và cảnh báo")]
    assert "Tên đơn vị cấp trên" in section and "Thành phố Hải Dương" in section
    assert re.search(r"<td class=\"num\">\d+,\d%</td>", section)   # percent, not 0,67
    assert not re.search(r"<caption>\d+ / \d+</caption>", html)    # no bare "100 / 141"
    # the province does not report to itself
    assert "30" not in set(rates["unit_code"])


_CODES = ("not_in_scope", "superseded", "single", "consolidated", "sdg", "error", "warning",
          "not_met", "on_time", "no_data")


def test_one_language_per_output(built):
    vi_words = {vi for vi, en in WORDS.values() if vi != en and len(vi) > 6}
    en_words = {en for vi, en in WORDS.values() if vi != en and len(en) > 6}
    vi_text = " ".join(_page(built["vi"]).text) + " ".join(_workbook_texts(built["vi"].xlsx))
    en_text = " ".join(_page(built["en"]).text) + " ".join(_workbook_texts(built["en"].xlsx))
    assert not [w for w in en_words if w in vi_text]
    assert not [w for w in vi_words if w in en_text]
    for texts in (_workbook_texts(built["vi"].xlsx), _page(built["vi"]).text):
        assert not set(_CODES) & {t.strip() for t in texts}


def test_every_status_and_code_the_report_shows_has_a_word_in_both_languages():
    from childlabour_metrics.analysis.completeness import completeness
    from childlabour_metrics.analysis.report_data import STATUS_ORDER
    from childlabour_metrics.language.words import has_word, word

    notes = ("unknown_unit", "unit_not_valid", "not_in_scope", "level_not_reporting",
             "period_not_expected")
    keys = ([f"report_{s}" for s in STATUS_ORDER] + [f"chart_{s}" for s in STATUS_ORDER]
            + [f"report_note_{n}" for n in notes]
            + [f"report_form_{f}" for f in ("single", "consolidated")]
            + [f"report_status_{s}" for s in ("ok", "warning", "error", "superseded")]
            + [f"report_method_{m}" for m in ("sdg", "trajectory")]
            + [f"chart_{s}" for s in ("on_time", "late", "received", "missing", "unexpected",
                                      "not_expected")])
    assert not [k for k in keys if not has_word(k)]
    assert all(word(k, "vi") and word(k, "en") for k in keys)
    assert completeness.__doc__ and all(n in completeness.__doc__ for n in notes)
