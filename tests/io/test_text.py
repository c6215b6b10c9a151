"""Reading the values clerks type: counts, rates, dates, unit codes, header labels."""

from __future__ import annotations

import datetime as dt

import pytest

from childlabour_metrics.io._forms import find_header, indicator_code, parse_meta, read_sheet
from childlabour_metrics.io._text import (
    cell_ref,
    parse_count,
    parse_date,
    parse_rate,
    unit_code_text,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [(1234, 1234), (1234.0, 1234), ("1234", 1234), ("1.234", 1234), ("1,234", 1234),
     ("1 234", 1234), ("1\u00a0234", 1234), ("1.234.567", 1234567), (" 0 ", 0), ("-5", -5),
     ("1.234,0", 1234), ("12.0", 12)],
)
def test_counts(typed, expected) -> None:
    assert parse_count(typed) == (expected, None)


@pytest.mark.parametrize(
    ("typed", "code"),
    [("12,5", "FRACTIONAL_COUNT"), (12.5, "FRACTIONAL_COUNT"), ("1.234,5", "FRACTIONAL_COUNT"),
     ("abc", "NOT_A_NUMBER"), ("12 người", "NOT_A_NUMBER"), ("-", "NOT_A_NUMBER"),
     (True, "NOT_A_NUMBER"), (dt.date(2024, 1, 1), "NOT_A_NUMBER"), ("1.23.4", "NOT_A_NUMBER")],
)
def test_bad_counts(typed, code) -> None:
    assert parse_count(typed) == (None, code)


@pytest.mark.parametrize("blank", [None, "", "   ", float("nan")])
def test_blank_is_missing(blank) -> None:
    assert parse_count(blank) == (None, None)


def test_rates() -> None:
    assert parse_rate("12,5%") == ([12.5], pytest.approx(0.05))
    assert parse_rate("12.5")[0] == [12.5]
    assert parse_rate("80%") == ([80.0], pytest.approx(0.5))
    assert parse_rate(0.125)[0] == [0.125, 12.5]
    assert parse_rate("") is None and parse_rate("x") is None


@pytest.mark.parametrize(
    "typed",
    ["10/6/2024", "10/06/2024", "10-6-2024", "10.6.2024", "ngày 10 tháng 6 năm 2024",
     "Ngay 10 thang 06 nam 2024", "2024-06-10", dt.date(2024, 6, 10),
     dt.datetime(2024, 6, 10)],
)
def test_dates_day_first(typed) -> None:
    assert parse_date(typed) == dt.date(2024, 6, 10)


@pytest.mark.parametrize("typed", ["31/2/2024", "soon", 45453, None])
def test_bad_dates(typed) -> None:
    assert parse_date(typed) is None


def test_unit_codes() -> None:
    assert unit_code_text("00412") == "00412"
    assert unit_code_text(" 00412 ") == "00412"
    assert unit_code_text(30101.0) == "30101"
    assert unit_code_text(412) == "412"  # a number has lost its zeros; not guessed back
    assert unit_code_text("") is None


def test_cell_refs() -> None:
    assert cell_ref(0, 0) == "A1"
    assert cell_ref(99, 27) == "AB100"


def test_indicator_codes() -> None:
    assert indicator_code("CL01")[0] == "CL01"
    assert indicator_code("cl-1")[0] == "CL01"
    assert indicator_code(" CL 13 ")[0] == "CL13"
    assert indicator_code("Chỉ tiêu 1")[0] is None


def test_header_labels_any_case_accent_spacing() -> None:
    rows = [["STT", "MÃ CHỈ TIÊU", "tu  so", "Mẫu số (người)", "Tỷ lệ (%)"]]
    header = find_header(rows)
    assert (header.code_col, header.num_col, header.den_col, header.rate_col) == (1, 2, 3, 4)


def test_decomposed_unicode_labels() -> None:
    import unicodedata

    label = unicodedata.normalize("NFD", "Mã chỉ tiêu")
    rows = [["Kỳ báo cáo: 2024", None], [label, "Số đạt", "Tổng số"], ["CL01", 1, 2]]
    got = read_sheet(rows, "S")
    assert got is not None and got.rows[0]["numerator"] == 1


def test_metadata_value_right_or_after_colon() -> None:
    rows = [["Mã đơn vị:", None, "00412"], ["Kỳ báo cáo: 6 tháng cuối năm 2024"],
            ["Report date", dt.datetime(2024, 12, 1)], ["Code", "Numerator", "Denominator"],
            ["CL01", 1, 2]]
    got = read_sheet(rows, "S")
    meta = parse_meta(got.meta)
    assert (meta["unit_code"], meta["period"], meta["report_date"]) == (
        "00412", "2024H2", dt.date(2024, 12, 1)
    )
    assert got.meta_cells == {"unit_code": "C1", "period": "A2", "report_date": "B3"}


def test_no_table() -> None:
    assert read_sheet([["Mã đơn vị: 1"], ["Tử số", "Mẫu số"]], "S") is None
