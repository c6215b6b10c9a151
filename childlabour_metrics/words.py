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
_REPORT: dict[str, tuple[str, str]] = {}

# --------------------------------------------------------------------------- reader
# Words of the reader and of the forms it reads and writes (templates,
# problem workbooks sent back to clerks).
_READER: dict[str, tuple[str, str]] = {}

# --------------------------------------------------------------------------- departments
# Departments as reporting units, owners of targets, tidy exports.
_DEPARTMENTS: dict[str, tuple[str, str]] = {
    "level_department": ("Sở, ban, ngành", "Department"),
    "dept_labour": ("Sở Lao động - Thương binh và Xã hội",
                    "Department of Labour, Invalids and Social Affairs"),
    "dept_education": ("Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    "dept_health": ("Sở Y tế", "Department of Health"),
    "dept_justice": ("Sở Tư pháp", "Department of Justice"),
    "dept_culture": ("Sở Văn hóa, Thể thao (và Du lịch)",
                     "Department of Culture and Sports (and Tourism)"),
    "dept_tourism": ("Sở Du lịch", "Department of Tourism"),
    "dept_information": ("Sở Thông tin và Truyền thông",
                         "Department of Information and Communications"),
    "dept_home_affairs": ("Sở Nội vụ", "Department of Home Affairs"),
    "dept_finance": ("Sở Tài chính", "Department of Finance"),
    "dept_transport": ("Sở Giao thông vận tải", "Department of Transport"),
    "dept_ethnic": ("Ban Dân tộc tỉnh", "Provincial Committee for Ethnic Affairs"),
    "dept_police": ("Công an tỉnh", "Provincial Police"),
    "dept_court": ("Tòa án nhân dân tỉnh", "Provincial People's Court"),
    "dept_procuracy": ("Viện Kiểm sát nhân dân tỉnh", "Provincial People's Procuracy"),
    "dept_front": ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
                   "Provincial Committee of the Viet Nam Fatherland Front"),
    "dept_youth_union": ("Tỉnh đoàn", "Provincial Youth Union"),
    "dept_women_union": ("Hội Liên hiệp Phụ nữ tỉnh", "Provincial Women's Union"),
    "dept_labour_federation": ("Liên đoàn Lao động tỉnh", "Provincial Federation of Labour"),
    "dept_media": ("Đài Phát thanh và Truyền hình tỉnh, báo tỉnh",
                   "Provincial radio, television and newspaper"),
    "dept_col_unit_code": ("Mã đơn vị", "Unit code"),
    "dept_col_unit_name": ("Tên đơn vị", "Unit name"),
    "dept_col_kind": ("Loại cơ quan", "Kind of department"),
    "dept_col_owns": ("Chỉ tiêu phụ trách", "Targets owned"),
    "dept_col_n_owned": ("Số chỉ tiêu phụ trách", "Number of targets owned"),
    "dept_col_periods_reported": ("Kỳ đã báo cáo", "Periods reported"),
    "dept_col_reported": ("Đã báo cáo", "Reported"),
    "dept_col_n_met": ("Số chỉ tiêu đạt", "Targets met"),
    "dept_col_n_not_met": ("Số chỉ tiêu chưa đạt", "Targets not met"),
    "dept_col_n_no_target": ("Số chỉ tiêu chưa đặt ngưỡng", "Targets with no value set"),
    "dept_col_met_all": ("Đạt mọi chỉ tiêu có ngưỡng", "Met every target with a value"),
    # Data dictionary of the tidy exports: one description per column name,
    # or per table and column where a name means different things.
    "exp_unit_code": ("Mã đơn vị báo cáo (văn bản, giữ số 0 ở đầu)",
                      "Reporting unit's code (text, leading zeros kept)"),
    "exp_unit_name": ("Tên đơn vị", "Unit name"),
    "exp_level": ("Cấp của đơn vị", "Unit's level"),
    "exp_parent_code": ("Mã đơn vị cấp trên (hoặc địa bàn mà sở, ngành phục vụ)",
                        "Parent unit's code (or the area a department serves)"),
    "exp_period": ("Kỳ báo cáo: năm (2024) hoặc 6 tháng (2024H1, 2024H2)",
                   "Reporting period: a year (2024) or a half (2024H1, 2024H2)"),
    "exp_indicator": ("Mã chỉ số (CL01–CL13)", "Indicator code (CL01–CL13)"),
    "exp_indicators": ("Các mã chỉ số của chỉ tiêu, nối bằng '+'",
                       "The target's indicator codes, joined by '+'"),
    "exp_numerator": ("Tử số: số đếm được báo cáo", "Numerator: the count reported"),
    "exp_denominator": ("Mẫu số: tổng số được báo cáo", "Denominator: the total reported"),
    "exp_status_observations": ("Trạng thái của dòng số liệu", "Status of the data row"),
    "exp_status_attainment": ("Kết quả so với chỉ tiêu", "Result against the target"),
    "exp_status_progress": ("Đánh giá tiến độ", "Progress assessment"),
    "exp_status_completeness": ("Tình trạng báo cáo", "Report status"),
    "exp_report_date": ("Ngày báo cáo", "Report date"),
    "exp_source_file": ("Tệp nguồn", "Source file"),
    "exp_sheet": ("Trang tính nguồn", "Source sheet"),
    "exp_numerator_cell": ("Ô của tử số trong tệp nguồn", "Cell of the numerator in the source"),
    "exp_denominator_cell": ("Ô của mẫu số trong tệp nguồn",
                             "Cell of the denominator in the source"),
    "exp_row": ("Số dòng trong trang tính nguồn", "Row number in the source sheet"),
    "exp_form": ("Loại biểu mẫu", "Kind of form"),
    "exp_ref": ("Số hiệu chỉ tiêu trong kế hoạch", "Target's reference in the plan"),
    "exp_label": ("Tên chỉ tiêu", "Target's label"),
    "exp_target_year": ("Năm của chỉ tiêu", "Target year"),
    "exp_direction": ("Chiều tốt: tăng hay giảm", "Good direction: increase or decrease"),
    "exp_value": ("Giá trị chỉ số (tổng tử số / tổng mẫu số × 100)",
                  "Indicator value (sum of numerators / sum of denominators × 100)"),
    "exp_operator": ("Phép so sánh của chỉ tiêu", "The target's comparison"),
    "exp_target": ("Ngưỡng của chỉ tiêu", "The target's value"),
    "exp_met": ("Đạt chỉ tiêu", "Target met"),
    "exp_gap_pp": ("Khoảng cách tới chỉ tiêu (điểm phần trăm, dương là vượt)",
                   "Distance to the target (percentage points, positive is beyond)"),
    "exp_pct_of_target": ("Phần trăm so với chỉ tiêu", "Percent of the target"),
    "exp_reason": ("Lý do không có giá trị", "Why there is no value"),
    "exp_method": ("Phương pháp đánh giá tiến độ", "Progress method"),
    "exp_base_year": ("Năm gốc", "Base year"),
    "exp_latest_year": ("Năm gần nhất có số liệu", "Latest year with data"),
    "exp_latest_value": ("Giá trị năm gần nhất", "Latest value"),
    "exp_ratio": ("Tỷ số tiến độ", "Progress ratio"),
    "exp_score": ("Điểm tiến độ", "Progress score"),
    "exp_projection": ("Giá trị dự báo ở năm chỉ tiêu", "Projected value in the target year"),
    "exp_cagr_observed": ("Tốc độ thay đổi bình quân đã đạt", "Observed average rate of change"),
    "exp_cagr_required": ("Tốc độ thay đổi bình quân cần có", "Required average rate of change"),
    "exp_n_years": ("Số năm có số liệu", "Years with data"),
    "exp_expected_progress": ("Giá trị cần đạt theo lộ trình", "Value expected on the trajectory"),
    "exp_gap": ("Chênh lệch so với lộ trình", "Gap to the trajectory"),
    "exp_deadline": ("Hạn báo cáo theo lịch của kế hoạch, theo cấp của đơn vị",
                     "Deadline of the plan's calendar for the unit's level"),
    "exp_expected": ("Đơn vị phải báo cáo kỳ này", "The unit is expected to report"),
    "exp_n_reports": ("Số tệp báo cáo nhận được", "Report files received"),
    "exp_received": ("Đã nhận báo cáo", "Report received"),
    "exp_on_time": ("Đúng hạn", "On time"),
    "exp_late": ("Muộn", "Late"),
    "exp_missing": ("Thiếu báo cáo", "Report missing"),
    "exp_duplicated": ("Nhận hơn một tệp", "More than one file received"),
    "exp_unexpected": ("Báo cáo không được yêu cầu", "Report not expected"),
    "exp_note": ("Vì sao báo cáo không được yêu cầu", "Why the report was not expected"),
    "exp_files": ("Các tệp nhận được, nối bằng ';'", "Files received, joined by ';'"),
    "exp_owner": ("Người phụ trách chỉ tiêu (mã đơn vị hoặc loại cơ quan)",
                  "Owner of the target (a unit code or a department kind)"),
    "exp_other": ("Cột khác (không cam kết giữ ổn định)", "Other column (not kept stable)"),
    "export_no_pyarrow": (
        "Không ghi được tệp Parquet {path}: thiếu gói pyarrow. Cài bằng "
        "'pip install childlabour-metrics[parquet]' hoặc xuất CSV (format='csv').",
        "Cannot write the Parquet file {path}: the pyarrow package is missing. Install it "
        "with 'pip install childlabour-metrics[parquet]' or export CSV (format='csv').",
    ),
    "export_unknown_table": (
        "Không có bảng '{table}' để xuất; các bảng được xuất: {known}.",
        "There is no table '{table}' to export; the tables exported are: {known}.",
    ),
    "export_missing_columns": (
        "Bảng '{table}' thiếu cột {columns}; hãy truyền bảng do thư viện tạo ra.",
        "Table '{table}' lacks column(s) {columns}; pass the table the library made.",
    ),
}

_SECTIONS = (_COMMON, _CLI, _ANALYSIS, _REPORT, _READER, _DEPARTMENTS)

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
