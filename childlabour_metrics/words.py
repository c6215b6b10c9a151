"""Every word and message the library shows a person, in Vietnamese and English.

This is the one vocabulary of the library: column headings, statuses, levels,
chart and report words, command-line messages.  Problem codes and their
messages live in the one problem registry (:mod:`childlabour_metrics.problems`)
and are rendered through :func:`word` too.  Tables carry codes (``met``,
``superseded``, ``commune``); words are chosen only at the output edge, in
the output's language, by calling :func:`word`.  No other module holds
user-facing literals in two languages.

The table is split into sections, one per part of the library, so that a key
is easy to find; keys are unique across sections (a test checks it).  A
message may hold ``{placeholders}``; a placeholder missing from a call is
rendered as ``?`` so that a message never fails to render.

All text is Unicode NFC.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from babel.numbers import format_decimal

__all__ = ["LANGS", "WORDS", "check_lang", "has_word", "number", "percent", "word"]

#: Languages every word exists in; Vietnamese first, the users' language.
LANGS: tuple[str, ...] = ("vi", "en")

# --------------------------------------------------------------------------- common
# Words shared by several outputs: levels, statuses, column headings.
_COMMON: dict[str, tuple[str, str]] = {
    "lang_vi": ("Tiếng Việt", "Vietnamese"),
    "lang_en": ("Tiếng Anh", "English"),
}

# --------------------------------------------------------------------------- cli
_CLI: dict[str, tuple[str, str]] = {}

# --------------------------------------------------------------------------- analysis
# Reasons, progress statuses and methods, completeness statuses.
_ANALYSIS: dict[str, tuple[str, str]] = {}

# --------------------------------------------------------------------------- report
# The batch report, its figures, Excel workbook and HTML page.
_REPORT: dict[str, tuple[str, str]] = {
    # The report: sheet names, headings, column headings, statuses.
    "report_summary_sheet": ("Tổng hợp", "Summary"),
    "report_problems_sheet": ("Lỗi và cảnh báo", "Problems"),
    "report_completeness_sheet": ("Nộp báo cáo", "Completeness"),
    "report_rates_sheet": ("Tỷ lệ nộp báo cáo", "Reporting rates"),
    "report_progress_sheet": ("Tiến độ", "Progress"),
    "report_files_sheet": ("Tệp đã đọc", "Files read"),
    "report_title": (
        "Báo cáo kết quả thực hiện chỉ tiêu phòng ngừa, giảm thiểu lao động trẻ em",
        "Report on the child labour prevention and reduction targets",
    ),
    "report_plan": ("Kế hoạch", "Plan"),
    "report_scope": ("Phạm vi", "Scope"),
    "report_generated": ("Ngày lập", "Generated"),
    "report_files_read": ("Số tệp đã đọc", "Files read"),
    "report_data_rows": ("Số dòng số liệu", "Data rows"),
    "report_errors": ("Lỗi", "Errors"),
    "report_warnings": ("Cảnh báo", "Warnings"),
    "report_ref": ("Ký hiệu", "Ref"),
    "report_label": ("Chỉ tiêu", "Target"),
    "report_indicators": ("Mã chỉ số", "Indicators"),
    "report_indicator_name": ("Tên chỉ số", "Indicator"),
    "report_target_year": ("Năm mục tiêu", "Target year"),
    "report_operator": ("Điều kiện", "Operator"),
    "report_target": ("Mục tiêu", "Target value"),
    "report_period": ("Kỳ báo cáo", "Period"),
    "report_latest_period": ("Kỳ gần nhất", "Latest period"),
    "report_value": ("Giá trị", "Value"),
    "report_status": ("Trạng thái", "Status"),
    "report_gap_pp": ("Chênh lệch (điểm %)", "Gap (pp)"),
    "report_units_met": ("Số đơn vị đạt", "Units meeting it"),
    "report_units_with_data": ("Số đơn vị có số liệu", "Units with data"),
    "report_progress": ("Tiến độ", "Progress"),
    "report_method": ("Phương pháp", "Method"),
    "report_unit_code": ("Mã đơn vị", "Unit code"),
    "report_unit_name": ("Tên đơn vị", "Unit name"),
    "report_level": ("Cấp", "Level"),
    "report_country": ("Quốc gia", "Country"),
    "report_province": ("Tỉnh", "Province"),
    "report_district": ("Huyện", "District"),
    "report_commune": ("Xã", "Commune"),
    "report_format": ("Định dạng", "Format"),
    "report_other_sheets": ("Trang tính khác", "Other sheets"),
    "report_form": ("Mẫu biểu", "Form"),
    "report_rows_read": ("Số dòng đọc được", "Rows read"),
    "report_numerator": ("Tử số", "Numerator"),
    "report_denominator": ("Mẫu số", "Denominator"),
    "report_source_text": ("Nguyên văn", "Source sentence"),
    "report_base_year": ("Năm gốc", "Base year"),
    "report_latest_year": ("Năm gần nhất", "Latest year"),
    "report_latest_value": ("Giá trị gần nhất", "Latest value"),
    "report_ratio": ("Hệ số tiến độ", "Progress ratio"),
    "report_score": ("Điểm", "Score"),
    "report_projection": ("Dự báo năm mục tiêu", "Projection at target year"),
    "report_deadline": ("Hạn nộp", "Deadline"),
    "report_n_reports": ("Số báo cáo", "Reports"),
    "report_report_date": ("Ngày báo cáo", "Report date"),
    "report_note": ("Ghi chú", "Note"),
    "report_files": ("Tệp", "Files"),
    "report_parent_code": ("Đơn vị cấp trên", "Parent unit"),
    "report_expected": ("Phải nộp", "Expected"),
    "report_received": ("Đã nộp", "Received"),
    "report_on_time": ("Đúng hạn", "On time"),
    "report_late": ("Muộn", "Late"),
    "report_missing": ("Chưa nộp", "Missing"),
    "report_duplicates": ("Nộp trùng", "Duplicates"),
    "report_unexpected": ("Không thuộc diện", "Unexpected"),
    "report_rate_received": ("Tỷ lệ đã nộp", "Received rate"),
    "report_rate_on_time": ("Tỷ lệ đúng hạn", "On-time rate"),
    "report_rate_complete": ("Tỷ lệ đầy đủ", "Completeness rate"),
    "report_file": ("Tệp", "File"),
    "report_sheet": ("Trang tính", "Sheet"),
    "report_cell": ("Ô", "Cell"),
    "report_indicator": ("Mã chỉ số", "Indicator"),
    "report_code": ("Mã lỗi", "Problem code"),
    "report_severity": ("Mức độ", "Severity"),
    "report_message": ("Nội dung", "Message"),
    "report_met": ("Đạt", "Met"),
    "report_not_met": ("Chưa đạt", "Not met"),
    "report_summary_line": (
        "{files} tệp, {rows} dòng số liệu, {errors} lỗi, {warnings} cảnh báo; {scope}: đạt "
        "{met}/{with_data} chỉ tiêu có số liệu ({targets} chỉ tiêu); báo cáo: {html}",
        "{files} files, {rows} data rows, {errors} errors, {warnings} warnings; {scope}: "
        "{met} of {with_data} targets with data met ({targets} targets); report: {html}",
    ),
    # Codes of the tables, as the report shows them.
    "report_note_unknown_unit": ("Mã đơn vị không có trong danh mục",
                                 "Unit code not in the registry"),
    "report_note_unit_not_valid": ("Đơn vị không tồn tại trong kỳ này (ví dụ đã sáp nhập)",
                                   "The unit did not exist in this period (e.g. merged)"),
    "report_note_not_in_scope": ("Đơn vị ngoài phạm vi kế hoạch", "Unit outside the plan's scope"),
    "report_note_level_not_reporting": ("Cấp này không phải báo cáo theo kế hoạch",
                                        "The plan does not ask this level to report"),
    "report_note_period_not_expected": ("Kỳ này không có trong lịch báo cáo",
                                        "The period is not in the reporting calendar"),
    "report_form_single": ("Mẫu của một đơn vị", "One unit's form"),
    "report_form_consolidated": ("Mẫu tổng hợp nhiều đơn vị", "Consolidated form"),
    "report_status_ok": ("Đọc được", "Read"),
    "report_status_warning": ("Có cảnh báo", "With warnings"),
    "report_status_error": ("Có lỗi", "With errors"),
    "report_status_superseded": ("Đã được thay thế", "Superseded"),
    "report_method_sdg": ("Thước đo tiến độ SDG (Open SDG)",
                          "SDG progress measure (Open SDG)"),
    "report_method_trajectory": ("Lộ trình tuyến tính", "Linear trajectory"),
    "report_parent_name": ("Tên đơn vị cấp trên", "Parent unit name"),
    "report_reports": ("Số báo cáo nhận được", "Reports received"),
    "report_write_failed": (
        "không ghi được {file} ({why}); báo cáo trước đó vẫn còn nguyên.",
        "could not write {file} ({why}); the previous report is unchanged.",
    ),
    "report_busy": (
        "một báo cáo khác đang ghi vào thư mục này ({lock}). Chờ báo cáo đó xong, hoặc xoá "
        "tệp khoá nếu không còn báo cáo nào đang chạy.",
        "another report is writing into this folder ({lock}). Wait for it to finish, or "
        "delete the lock file if no report is running.",
    ),
    "report_rows_shown": (
        "Hiển thị {shown} trên {total} dòng; danh sách đầy đủ trong tệp Excel.",
        "Showing {shown} of {total} rows; the full list is in the Excel file.",
    ),
    "report_on_track": ("Đang đạt (chưa đến năm mục tiêu)", "On track (target year ahead)"),
    "report_not_yet": ("Chưa đạt (chưa đến năm mục tiêu)", "Not yet (target year ahead)"),
    "report_no_data": ("Không có số liệu", "No data"),
    "report_no_target": ("Không có chỉ tiêu số", "No numeric target"),
    "report_error": ("Lỗi", "Error"),
    "report_warning": ("Cảnh báo", "Warning"),
    "report_info": ("Thông tin", "Information"),
    "report_dashboard": ("Tổng quan tiến độ", "Progress overview"),
    "report_heatmap": ("Kết quả các đơn vị", "Units’ attainment"),
    "report_comparison": ("So sánh các đơn vị theo chỉ tiêu", "Units compared, target by target"),
    "report_completeness": ("Tình hình nộp báo cáo", "Reporting completeness"),
    "report_no_registry": (
        "Không có danh mục đơn vị: không tính được tình hình nộp báo cáo.",
        "No unit registry: reporting completeness was not computed.",
    ),
    "report_problems_more": (
        "Danh sách đầy đủ trong tệp Excel.",
        "The full list is in the Excel file.",
    ),
    "report_none": ("Không có.", "None."),
    # The figures.
    "chart_met": ("Đạt", "Met"),
    "chart_not_met": ("Chưa đạt", "Not met"),
    "chart_on_track": ("Đang đạt (chưa đến năm mục tiêu)", "On track (target year ahead)"),
    "chart_not_yet": ("Chưa đạt (chưa đến năm mục tiêu)", "Not yet (target year ahead)"),
    "chart_not_expected": ("Không phải nộp", "Not expected to report"),
    "chart_no_data": ("Không có số liệu", "No data"),
    "chart_no_target": ("Không có chỉ tiêu số", "No numeric target"),
    "chart_on_time": ("Đúng hạn", "On time"),
    "chart_late": ("Muộn", "Late"),
    "chart_missing": ("Chưa nộp", "Missing"),
    "chart_unexpected": ("Không thuộc diện báo cáo", "Not expected"),
    "chart_duplicated": ("Số báo cáo nộp trùng", "Reports sent twice or more"),
    "chart_received": ("Đã nộp", "Received"),
    "chart_target": ("Mục tiêu", "Target"),
    "chart_trajectory": ("Lộ trình tuyến tính", "Linear trajectory"),
    "chart_year_series": ("Số liệu cả năm", "Yearly value"),
    "chart_half_series": ("Số liệu 6 tháng", "Half-year value"),
    "chart_value_pct": ("Tỷ lệ (%)", "Rate (%)"),
    "chart_year": ("Năm", "Year"),
    "chart_unit": ("Đơn vị", "Unit"),
    "chart_period": ("Kỳ báo cáo", "Period"),
    "chart_comparison": ("So sánh các đơn vị", "Units compared"),
    "chart_heatmap": ("Kết quả thực hiện các chỉ tiêu", "Attainment of the targets"),
    "chart_completeness": ("Tình hình nộp báo cáo", "Reporting completeness"),
    "chart_dashboard": ("Tổng quan", "Overview"),
    "chart_no_rows": ("Không có số liệu để vẽ", "Nothing to plot"),
}

# --------------------------------------------------------------------------- reader
# Words of the reader and of the forms it reads and writes (templates,
# problem workbooks sent back to clerks).
_READER: dict[str, tuple[str, str]] = {}

_SECTIONS = (_COMMON, _CLI, _ANALYSIS, _REPORT, _READER)

#: Every word: key -> (Vietnamese, English).
WORDS: dict[str, tuple[str, str]] = {}
for _section in _SECTIONS:
    _clash = WORDS.keys() & _section.keys()
    if _clash:  # pragma: no cover - caught by the tests at once
        raise RuntimeError(f"words defined twice: {sorted(_clash)}")
    WORDS.update(_section)


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language, else raise ``ValueError``.

    Examples
    --------
    >>> check_lang("en")
    'en'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be 'vi' or 'en', not 'fr'
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    return lang


def has_word(key: str) -> bool:
    """Whether ``key`` has a word in the vocabulary.

    Examples
    --------
    >>> has_word("lang_vi"), has_word("no such key")
    (True, False)
    """
    return key in WORDS


def word(key: str, lang: str = "vi", **fields: Any) -> str:
    """The word or message for ``key`` in ``lang``, NFC, placeholders filled.

    Parameters
    ----------
    key : str
        A key of :data:`WORDS`.
    lang : {"vi", "en"}
        Language of the output.
    **fields
        Values for the message's ``{placeholders}``; a missing one shows "?".

    Returns
    -------
    str

    Raises
    ------
    KeyError
        When ``key`` has no word: every code shown to a person must have one.

    Examples
    --------
    >>> word("lang_vi"), word("lang_vi", "en")
    ('Tiếng Việt', 'Vietnamese')
    """
    vi, en = WORDS[key]
    text = en if check_lang(lang) == "en" else vi
    if fields:
        clean = {k: ("?" if v is None else v) for k, v in fields.items()}
        text = text.format_map(_Blank(clean))
    return unicodedata.normalize("NFC", text)


def number(value: Any, lang: str = "vi", decimals: int = 0) -> str:
    """A number as a person reads it in ``lang``: grouping and decimal marks by Babel.

    The one number format of every output (tables, charts, the command line).
    A missing value is an empty string, never "nan".

    Parameters
    ----------
    value : float, int or None
        The number; None, NaN and ``pd.NA`` are missing.
    lang : {"vi", "en"}
        Language of the output: Vietnamese writes ``1.234,5``, English ``1,234.5``.
    decimals : int
        Digits after the decimal mark, always shown.

    Returns
    -------
    str

    Examples
    --------
    >>> number(1234.56, "vi", 1), number(1234.56, "en", 1), number(None)
    ('1.234,6', '1,234.6', '')
    """
    try:
        if value is None or math.isnan(float(value)):
            return ""
    except (TypeError, ValueError):
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return str(format_decimal(float(value), format=pattern, locale=check_lang(lang)))


def percent(value: Any, lang: str = "vi", decimals: int = 1) -> str:
    """A value already in percent (``12.5`` is 12.5 %) with its sign, as ``lang`` writes it.

    Examples
    --------
    >>> percent(12.5), percent(12.5, "en"), percent(None)
    ('12,5%', '12.5%', '')
    """
    text = number(value, lang, decimals)
    if not text:
        return ""
    # Vietnamese documents write "1%" as the plans do ("xuống 1%"), not "1 %".
    return f"{text}%"
