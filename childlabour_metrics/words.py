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
    # Column headings of the tables every output shows (``col_<column>``).
    "col_file": ("Tệp", "File"),
    "col_sheet": ("Trang tính", "Sheet"),
    "col_cell": ("Ô", "Cell"),
    "col_unit_code": ("Mã đơn vị", "Unit code"),
    "col_unit_name": ("Tên đơn vị", "Unit name"),
    "col_period": ("Kỳ báo cáo", "Period"),
    "col_indicator": ("Chỉ tiêu", "Indicator"),
    "col_code": ("Mã vấn đề", "Problem code"),
    "col_severity": ("Mức độ", "Severity"),
    "col_message": ("Nội dung", "Message"),
    "col_action": ("Cách khắc phục", "What to do"),
    "col_value": ("Giá trị", "Value"),
    "col_detail": ("Chi tiết", "Detail"),
    # Severities of problems (``severity_<code>``).
    "severity_error": ("Lỗi", "Error"),
    "severity_warning": ("Cảnh báo", "Warning"),
    "severity_info": ("Thông tin", "Information"),
    # Statuses of observations and files (``status_<code>``).
    "status_ok": ("Hợp lệ", "Valid"),
    "status_warning": ("Cần kiểm tra", "To check"),
    "status_error": ("Bị loại do lỗi", "Excluded: error"),
    "status_superseded": ("Đã bị thay thế", "Superseded"),
    # Forms of a report (``form_<code>``).
    "form_single": ("Báo cáo một đơn vị", "Single-unit report"),
    "form_consolidated": ("Báo cáo tổng hợp", "Consolidated report"),
    # Administrative levels (``level_<code>``).
    "level_province": ("Tỉnh", "Province"),
    "level_district": ("Huyện", "District"),
    "level_commune": ("Xã", "Commune"),
}

# --------------------------------------------------------------------------- cli
_CLI: dict[str, tuple[str, str]] = {}

# --------------------------------------------------------------------------- analysis
# Reasons, progress statuses and methods, completeness statuses.
_ANALYSIS: dict[str, tuple[str, str]] = {
    # Why a report was not expected (``why_<code>``; the UNEXPECTED_REPORT problem).
    "why_unknown_unit": ("mã đơn vị không có trong danh mục", "unit code not in the registry"),
    "why_unit_not_valid": (
        "đơn vị không tồn tại trong kỳ này, ví dụ đã sáp nhập",
        "the unit did not exist in this period, e.g. it was merged",
    ),
    "why_not_in_scope": ("đơn vị ngoài phạm vi kế hoạch", "unit outside the plan's scope"),
    "why_level_not_reporting": (
        "cấp này không phải báo cáo theo kế hoạch",
        "the plan does not ask this level to report",
    ),
    "why_period_not_expected": (
        "kỳ này không có trong lịch báo cáo",
        "the period is not in the reporting calendar",
    ),
}

# --------------------------------------------------------------------------- report
# The batch report, its figures, Excel workbook and HTML page.
_REPORT: dict[str, tuple[str, str]] = {}

# --------------------------------------------------------------------------- reader
# Words of the reader and of the forms it reads and writes (templates,
# problem workbooks sent back to clerks).
_READER: dict[str, tuple[str, str]] = {
    "problems_sheet_title": ("Các vấn đề", "Problems"),
    "problems_file_prefix": ("van_de", "problems"),
    "problems_repr_head": (
        "{files} tệp, {obs} dòng số liệu, {problems} vấn đề.",
        "{files} files, {obs} observations, {problems} problems.",
    ),
}

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
