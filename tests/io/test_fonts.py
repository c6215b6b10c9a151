"""Legacy fonts found by the cell's font in an .xlsx (issue 13: "by the cell's font where
the format has it, and by the text itself where it does not")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from childlabour_metrics.io._fonts import (
    SheetFonts,
    convert_by_font,
    font_kind,
    legacy_cells,
    sheet_cells,
    style_kinds,
)
from childlabour_metrics.io._legacy import convert_rows
from childlabour_metrics.io._open import open_workbook
from childlabour_metrics.language.problems import render
from tests.fixtures.io_forms import EXPECTED, consolidated_form, single_form
from tests.fixtures.io_forms import read as _read
from tests.fixtures.io_forms import values as _values
from tests.support import FIXTURES_DIR

FIXTURES = FIXTURES_DIR
FORMS = FIXTURES / "forms"


def _sheet(path: Path) -> tuple[list[list[Any]], SheetFonts | None, dict | None]:
    """The first sheet's rows as calamine gives them, its legacy cells, and all sheets'."""
    book = open_workbook(path)
    try:
        fonts = book.legacy_fonts
        return book.rows(0), None if fonts is None else fonts.get(book.sheet_names[0]), fonts
    finally:
        book.close()


def _legacy_problem(result: Any) -> Any:
    problems = result.problems
    found = problems[problems["code"] == "LEGACY_ENCODING"]
    assert len(found) == 1
    return found.iloc[0]


def test_short_text_in_a_legacy_font_is_converted_by_its_font() -> None:
    path = FORMS / "legacy_font_short.xlsx"
    rows, fonts, _ = _sheet(path)
    typed = [v for row in rows for v in row if v == "Hµ Néi"]
    assert typed == ["Hµ Néi"]
    # Its characters alone cannot tell: one cell of legacy text among Unicode ones.
    assert convert_rows(rows) == (rows, None)
    assert fonts is not None and len(fonts.cells) == 1
    result = _read(path)
    assert result.observations["unit_name"].unique().tolist() == ["Hà Nội"]
    assert _values(result) == EXPECTED
    legacy = _legacy_problem(result)
    assert (legacy["detail"], legacy["value"], legacy["severity"]) == ("TCVN3", "font", "info")
    assert "by the cells' legacy font" in render(result.problems, "en")["message"].iloc[0]
    assert "theo phông chữ cũ của ô" in legacy["message"]


def test_text_in_a_unicode_font_is_never_converted() -> None:
    path = FORMS / "legacy_font_mixed.xlsx"
    rows, fonts, _ = _sheet(path)
    typed = rows[10][1]  # B11: CL02's label, TCVN3 codes in "Times New Roman"
    assert typed.startswith("2. Tû lÖ trÎ em")
    assert fonts is not None and (10, 1) not in fonts.cells
    # By the characters alone the sheet is TCVN3, and the cell would be converted ...
    by_text, encoding = convert_rows(rows)
    assert encoding == "TCVN3" and by_text[10][1].startswith("2. Tỷ lệ trẻ em")
    # ... by the fonts it is not: in Excel it shows garbled, and the reader says so.
    result = _read(path)
    problems = result.problems
    unknown = problems[problems["code"] == "UNKNOWN_INDICATOR_LABEL"]
    assert unknown[["cell", "value"]].values.tolist() == [["B11", typed]]
    obs = result.observations
    assert obs["indicator"].tolist() == ["CL01", typed, "CL06", "CL07"]
    assert obs.loc[obs["indicator"] == "CL07", "status"].item() == "ok"


def test_a_capitals_font_gives_capitals() -> None:
    path = FORMS / "legacy_font_mixed.xlsx"
    rows, fonts, _ = _sheet(path)
    assert rows[3][0] == "t\xaan \xae\xacn v\xde: x\xb7 th\xf6 nghi\xd6m"  # typed in small letters
    assert fonts is not None and fonts.cells[3, 0] == "TCVN3H"
    converted, _ = convert_by_font(rows, fonts)
    assert converted[3][0] == "TÊN ĐƠN VỊ: XÃ THỬ NGHIỆM"  # as ".VnTimeH" shows it
    assert convert_rows(rows)[0][3][0] == "tên đơn vị: xã thử nghiệm"  # the text alone
    result = _read(path)
    assert result.observations["unit_name"].unique().tolist() == ["XÃ THỬ NGHIỆM"]


def test_unicode_text_in_a_legacy_font_cell_is_kept() -> None:
    path = FORMS / "legacy_font_mixed.xlsx"
    rows, fonts, _ = _sheet(path)
    assert fonts is not None and fonts.cells[4, 0] == "TCVN3"
    converted, _ = convert_by_font(rows, fonts)
    assert converted[4][0] == rows[4][0] == "Kỳ báo cáo: 6 tháng đầu năm 2024"
    assert _read(path).observations["period"].unique().tolist() == ["2024H1"]


def test_default_font_of_the_workbook_decides_cells_without_a_style() -> None:
    path = FORMS / "legacy_font_default.xlsx"
    _, fonts, _ = _sheet(path)
    assert fonts is not None and len(fonts.cells) > 20  # every text cell: none has "s"
    result = _read(path)
    assert _values(result) == EXPECTED
    assert result.observations["unit_name"].unique().tolist() == ["xã thử nghiệm"]
    assert _legacy_problem(result)["value"] == "font"


@pytest.mark.parametrize(("name", "encoding"), [("legacy_tcvn3.xlsx", "TCVN3"),
                                                ("legacy_vni.xlsx", "VNI")])
def test_committed_legacy_forms_are_decided_by_their_fonts(name: str, encoding: str) -> None:
    result = _read(FORMS / name)
    assert _values(result) == EXPECTED
    legacy = _legacy_problem(result)
    assert (legacy["detail"], legacy["value"]) == (encoding, "font")


def test_standard_forms_name_no_legacy_font(tmp_path: Path) -> None:
    for path in (single_form(tmp_path / "s.xlsx"),
                 consolidated_form(tmp_path / "c.xlsx", [("30101", "Xã A", {})]),
                 FORMS / "consolidated.ods", FORMS / "consolidated.xls"):
        book = open_workbook(path)
        assert book.legacy_fonts is None, path
        book.close()


def test_text_decides_when_the_styles_name_no_legacy_font(tmp_path: Path) -> None:
    import openpyxl

    # TCVN3 text in Calibri (a file converted by a tool that dropped the fonts):
    # the characters still decide, as for .xls, .ods and .csv.
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["M· ®¬n vÞ:", "30101"], ["Kú b¸o c¸o:", "N¨m 2024"],
                ["Ngµy b¸o c¸o:", "10/1/2025"], ["M·", "Tö sè", "MÉu sè"], ["CL01", 1, 10]]:
        ws.append(row)
    wb.save(tmp_path / "r.xlsx")
    result = _read(tmp_path / "r.xlsx")
    assert result.observations["period"].tolist() == ["2024"]
    legacy = _legacy_problem(result)
    assert (legacy["detail"], legacy["value"]) == ("TCVN3", "text")
    assert "by the characters in the cells" in render(result.problems, "en")["message"].iloc[0]


def test_font_kinds() -> None:
    names = [".VnTime", ".VnTimeH", ".VnArial", ".VnArialH", ".vnTime", "VNI-Times",
             "VNI-Helve", "Times New Roman", "Arial", "", "VnTime"]
    assert [font_kind(n) for n in names] == [
        "TCVN3", "TCVN3H", "TCVN3", "TCVN3H", "TCVN3", "VNI", "VNI", None, None, None, None]


_STYLES = (
    b'<?xml version="1.0"?><x:styleSheet xmlns:x="urn:m"><x:fonts count="3">'
    b'<x:font><x:sz val="11"/><x:name val="Times New Roman"/></x:font>'
    b'<x:font><x:name val=".VnTime"/></x:font><x:font><x:name val="VNI-Times"/></x:font>'
    b'</x:fonts><x:cellXfs><x:xf fontId="0"/><x:xf fontId="1"/><x:xf fontId="2"/>'
    b'<x:xf fontId="9"/><x:xf fontId="x"/></x:cellXfs>'
    b'<x:dxfs><x:dxf><x:font><x:name val=".VnTimeH"/></x:font></x:dxf></x:dxfs></x:styleSheet>'
)


def test_style_kinds_read_the_cell_formats_fonts() -> None:
    # Prefixed elements, a font out of range, a bad index; a dxf's font styles no cell.
    assert style_kinds(_STYLES) == (None, "TCVN3", "VNI", None, None)
    only_dxf = _STYLES.replace(b".VnTime\"", b"Arial\"").replace(b"VNI-Times", b"Arial")
    assert style_kinds(only_dxf) is None
    assert style_kinds(b"<not xml .VnTime") is None
    assert legacy_cells(None, [("s", b"")]) is None


def test_sheet_cells_in_any_attribute_order() -> None:
    xml = (b'<x:row r="3"><x:c r="A3" s="1" t="s"><x:v>0</x:v></x:c>'
           b"<x:c t='inlineStr' s='2' r='AB3'><x:is><x:t>a</x:t></x:is></x:c>"
           b'<x:c r="C3" s="0"><x:v>1</x:v></x:c><x:c r="D3"><x:v>1</x:v></x:c>'
           b'<x:c r="E3" s="99"/><x:cols/></x:row>')
    kinds = (None, "TCVN3", "VNI")
    assert sheet_cells(xml, kinds).cells == {(2, 0): "TCVN3", (2, 27): "VNI"}
    assert legacy_cells(_STYLES, [("p", xml)]) == {"p": SheetFonts({(2, 0): "TCVN3",
                                                                    (2, 27): "VNI"})}


def test_convert_by_font_leaves_other_cells_and_rows() -> None:
    rows = [["B¸o c¸o", 5.0, None], ["Baùo caùo", "x"]]
    fonts = SheetFonts({(0, 0): "TCVN3", (0, 1): "TCVN3", (1, 0): "VNI", (7, 7): "VNI"})
    out, encoding = convert_by_font(rows, fonts)
    assert out == [["Báo cáo", 5.0, None], ["Báo cáo", "x"]] and encoding == "TCVN3, VNI"
    assert rows == [["B¸o c¸o", 5.0, None], ["Baùo caùo", "x"]]  # the input is kept
    assert convert_by_font(rows, SheetFonts()) == (rows, None)
    assert convert_by_font(rows, None) == (rows, None)
