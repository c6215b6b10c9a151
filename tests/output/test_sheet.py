"""The streamed sheet (issue 10 item 3): rows written as XML read back as openpyxl wrote them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from childlabour_metrics.output._sheet import Sheet, cell_values, save

FRAME = pd.DataFrame({
    "code": ["=1+1", "Xã An & <Bình>", " lề ", "", None],
    "count": pd.array([3, None, 1200, 0, 7], dtype="Int64"),
    "share": pd.array([0.25, 0.0125, None, 1.0, 0.5], dtype="Float64"),
    "flag": [True, False, True, False, True],
    "date": pd.to_datetime(["2024-06-30", None, "2025-01-02", "2024-12-31", "2024-01-01"]),
})


def _write(wb, path=None):
    sheet = Sheet(wb, "T", [30, 12, 9, 9, 12], freeze="A3", title_rows="2:2")
    sheet.append([sheet.text("Tiêu đề", 0, font=Font(bold=True, size=12))])
    sheet.header(list(FRAME.columns))
    sheet.rows_of([
        sheet.column(cell_values(FRAME["code"]), 0),
        sheet.column(cell_values(FRAME["count"]), 1, "#,##0"),
        sheet.column(cell_values(FRAME["share"]), 2, ["0.0%", "0.00%", "0.0%", "0%", None]),
        sheet.column(cell_values(FRAME["flag"]), 3),
        sheet.column(cell_values(FRAME["date"]), 4),
    ])
    return sheet


def _cells(ws):
    return [[(c.value, c.data_type, c.number_format, c.quotePrefix, c.font.b,
              c.alignment.wrap_text, c.alignment.vertical, c.fill.fgColor.rgb)
             for c in row] for row in ws.iter_rows(min_row=1, max_row=7, max_col=5)]


@pytest.fixture
def books(tmp_path):
    normal = Workbook()
    normal.remove(normal.active)
    _write(normal)
    normal.save(tmp_path / "normal.xlsx")
    streamed = Workbook(write_only=True)
    _write(streamed)
    save(streamed, tmp_path / "streamed.xlsx")
    return (openpyxl.load_workbook(tmp_path / "normal.xlsx")["T"],
            openpyxl.load_workbook(tmp_path / "streamed.xlsx")["T"])


def test_streamed_rows_read_back_as_the_cells_openpyxl_writes(books):
    normal, streamed = books
    assert _cells(streamed) == _cells(normal)


def test_streamed_rows_keep_text_numbers_dates_and_formats(books):
    _, ws = books
    assert ws["A1"].value == "Tiêu đề" and ws["A1"].font.b
    assert [c.value for c in ws[2]] == list(FRAME.columns)
    risky = ws["A3"]
    assert risky.value == "=1+1" and risky.data_type == "s" and risky.quotePrefix
    assert ws["A4"].value == "Xã An & <Bình>" and ws["A4"].alignment.wrap_text  # a wide column
    assert ws["A5"].value == " lề "  # spaces kept
    assert ws["B3"].value == 3 and ws["B3"].number_format == "#,##0"
    assert ws["B4"].value is None
    assert ws["C4"].value == pytest.approx(0.0125) and ws["C4"].number_format == "0.00%"
    assert ws["D3"].value is True and ws["D4"].value is False
    assert ws["E3"].value == dt.datetime(2024, 6, 30) and ws["E3"].number_format == "yyyy-mm-dd"
    assert ws["E4"].value is None


def test_streamed_sheet_keeps_its_layout_and_print_setup(books):
    _, ws = books
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$2:$2"
    assert ws.column_dimensions["A"].width == 30
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.oddFooter.center.text == "&P / &N"


def test_rows_with_wrapped_text_are_tall_enough_to_print(tmp_path):
    """LibreOffice does not grow a row to its wrapped text: the file gives the height."""
    from openpyxl import Workbook, load_workbook

    from childlabour_metrics.output._sheet import Sheet, save

    for write_only in (True, False):
        wb = Workbook(write_only=write_only)
        sheet = Sheet(wb, "S", [10, 30], title_rows="2:2")
        sheet.append(["Tiêu đề của trang, không xuống dòng dù dài hơn cột rất nhiều lần"])
        sheet.header(["Mã", "Chỉ tiêu"])
        long = "Tỷ lệ trẻ em có nguy cơ, lao động trẻ em được tiếp cận giáo dục, đào tạo nghề"
        sheet.rows_of([["A1", "A2"], sheet.column([long, "Ngắn"], 1)])
        path = tmp_path / f"s{write_only}.xlsx"
        save(wb, path) if write_only else wb.save(path)
        ws = load_workbook(path)["S"]
        assert ws.row_dimensions[1].height is None  # the title row is not wrapped
        assert ws.row_dimensions[3].height >= 45  # 80 characters in a 30-wide column
        assert ws.row_dimensions[4].height is None  # one line: left to the program
        # In the tall row the code sits at the top, level with the label's first line.
        assert ws["A3"].value == "A1" and ws["A3"].alignment.vertical == "top"
        assert ws["B3"].alignment.vertical == "top"


# A column may be handed over as a frame's column: the cells are the same as from its
# cell_values, and the column is left as it was.
SERIES = {
    "text": pd.Series(["Xã An", "=SUM(A1)", "Xã An", " lề ", "a & <b>"]),  # str, no NA
    "text_na": pd.Series(["Xã An", None, "", "Phường B", None]),
    "mixed": pd.Series([("CL12", "CL13"), None, np.int64(4), "x", 2.5], dtype=object),
    "count": pd.array([3, None, 1200, 0, 7], dtype="Int64"),
    "share": pd.Series([0.25, np.nan, -0.0, 1e-7, 0.1 + 0.2]),
    "date": pd.to_datetime(["2024-06-30", None, "2025-01-02", "2024-06-30", "2024-01-01"]),
}


def _sheet_xml(columns_of):
    wb = Workbook(write_only=True)
    sheet = Sheet(wb, "T", [30, 9, 9, 9, 9, 9])
    sheet.rows_of(columns_of(sheet))
    return b"".join(row if isinstance(row, bytes) else row.encode() for row in sheet._xml)


@pytest.mark.parametrize("formats", [None, "0.0%", ["0%", None, "0.00%", "0%", None]])
def test_a_frame_column_makes_the_cells_of_its_cell_values(formats):
    frame = pd.DataFrame(SERIES)
    before = frame.copy()
    from_series = _sheet_xml(lambda s: [s.column(frame[c], j, formats)
                                        for j, c in enumerate(frame.columns)])
    from_lists = _sheet_xml(lambda s: [s.column(cell_values(frame[c]), j, formats)
                                       for j, c in enumerate(frame.columns)])
    assert from_series == from_lists
    pd.testing.assert_frame_equal(frame, before)  # never written into


def test_streamed_rows_of_frame_columns_read_back_as_openpyxl_writes_them(tmp_path):
    frame = pd.DataFrame(SERIES)
    paths = []
    for write_only in (True, False):
        wb = Workbook(write_only=write_only)
        if not write_only:
            wb.remove(wb.active)
        sheet = Sheet(wb, "T", [30, 9, 9, 9, 9, 9])
        sheet.header(list(frame.columns))
        sheet.rows_of([sheet.column(frame[c], j, "0.0%" if c == "share" else None)
                       for j, c in enumerate(frame.columns)])
        paths.append(tmp_path / f"{write_only}.xlsx")
        save(wb, paths[-1]) if write_only else wb.save(paths[-1])
    streamed, normal = (openpyxl.load_workbook(p)["T"] for p in paths)
    assert _cells(streamed) == _cells(normal)
    assert streamed["C4"].value == 4 and streamed["C2"].value == "CL12 + CL13"
    assert streamed["B3"].value is None and streamed["A3"].quotePrefix
    assert streamed["F2"].value == dt.datetime(2024, 6, 30)
    assert streamed["F2"].number_format == normal["F2"].number_format == "yyyy-mm-dd"
