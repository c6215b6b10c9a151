"""Legacy fonts in rich-text runs (.xlsx) and in an .ods's styles (issue 24, carried over
from issue 13: "rich-text runs and .ods fonts are not read for legacy detection")."""

from __future__ import annotations

from typing import Any

import pytest

from childlabour_metrics.io._fonts import SheetFonts, convert_by_font, legacy_cells
from childlabour_metrics.io._legacy import convert_rows
from childlabour_metrics.io._open import open_workbook
from tests.fixtures.io_forms import EXPECTED, LABELS
from tests.fixtures.io_forms import read as _read
from tests.fixtures.io_forms import values as _values
from tests.support import FIXTURES_DIR

FORMS = FIXTURES_DIR / "forms"


def _legacy(result: Any) -> tuple[str, str]:
    found = result.problems[result.problems["code"] == "LEGACY_ENCODING"]
    assert len(found) == 1, result.problems.to_string()
    return found["detail"].item(), found["value"].item()


@pytest.mark.parametrize("name", ["legacy_rich_inline.xlsx", "legacy_rich_shared.xlsx",
                                  "legacy_rich.ods"])
def test_labels_typed_in_a_legacy_run_are_converted_by_the_runs_font(name: str) -> None:
    path = FORMS / name
    book = open_workbook(path)
    try:
        rows = book.rows(0)
        assert book.legacy_fonts is not None  # only the runs name a legacy font
    finally:
        book.close()
    # By their characters alone, four label cells among the Unicode ones are no legacy
    # sheet: the text would leave them garbled, and the rows unread.
    assert convert_rows(rows) == (rows, None)
    result = _read(path)
    assert result.problems["code"].tolist() == ["LEGACY_ENCODING"]
    assert _values(result) == EXPECTED
    assert _legacy(result) == ("TCVN3", "font")
    labels = result.observations["label_match"].str.split(" ≈ ").str[0].tolist()
    # The numbering was a run in a Unicode font: kept as typed; the words were TCVN3.
    assert labels[0] == LABELS["CL01"]
    assert labels[3] == "b) TỶ LỆ TRẺ EM ĐƯỢC CUNG CẤP THÔNG TIN, KIẾN THỨC"  # ".VnTimeH"


def test_a_run_in_a_unicode_font_is_never_converted() -> None:
    sheet = ('<c r="B2" t="inlineStr"><is><r><rPr><rFont val=".VnTime"/></rPr>'
             '<t>Hµ Néi</t></r><r><rPr><rFont val="Arial"/></rPr><t> - Tû lÖ</t></r></is></c>'
             ).encode()
    fonts = legacy_cells(None, [("s", sheet)])
    assert fonts is not None
    rows = [[None, None], [None, "Hµ Néi - Tû lÖ"]]
    converted, encoding = convert_by_font(rows, fonts["s"])
    assert converted[1][1] == "Hà Nội - Tû lÖ" and encoding == "TCVN3"


def test_runs_are_converted_only_where_they_are_the_text_calamine_gave() -> None:
    fonts = SheetFonts(runs={(0, 0): (("Hµ", "TCVN3"), (" Néi", "TCVN3"))})
    assert convert_by_font([["Hµ Néi"]], fonts) == ([["Hà Nội"]], "TCVN3")
    assert convert_by_font([["Hµ Néi (sửa)"]], fonts) == ([["Hµ Néi (sửa)"]], None)


def test_shared_strings_without_legacy_runs_leave_the_text_to_decide() -> None:
    shared = '<sst><si><r><rPr><rFont val="Arial"/></rPr><t>Báo cáo</t></r></si></sst>'.encode()
    assert legacy_cells(None, [("s", b'<c r="A1" t="s"><v>0</v></c>')], shared) is None


@pytest.mark.parametrize(("name", "unit"), [("legacy_tcvn3.ods", "Xã Thử Nghiệm"),
                                            ("legacy_font_short.ods", "Hà Nội")])
def test_an_ods_cell_style_font_decides(name: str, unit: str) -> None:
    result = _read(FORMS / name)
    assert _values(result) == EXPECTED
    assert result.observations["unit_name"].unique().tolist() == [unit]
    # "Hµ Néi" alone is too short for its characters to say TCVN3: its font did.
    assert _legacy(result) == ("TCVN3", "font")


def test_an_ods_without_a_legacy_font_names_none() -> None:
    book = open_workbook(FORMS / "single_two_row.ods")
    try:
        assert book.legacy_fonts is None
    finally:
        book.close()
