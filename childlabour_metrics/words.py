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
_READER: dict[str, tuple[str, str]] = {
    # check-form: how one workbook was understood
    "check_file": ("Tệp: {value}", "File: {value}"),
    "check_format": ("Định dạng: {value}", "Format: {value}"),
    "check_sheet": ("Trang đã đọc: {value}", "Sheet read: {value}"),
    "check_other_sheets": ("Các trang khác (không có bảng chỉ tiêu hoặc không đọc): {value}",
                           "Other sheets (no indicator table, or not read): {value}"),
    "check_form_single": ("Mẫu biểu: báo cáo của một đơn vị", "Form: one unit's report"),
    "check_form_consolidated": ("Mẫu biểu: tổng hợp nhiều đơn vị (mỗi dòng một đơn vị)",
                                "Form: consolidated (a row per unit)"),
    "check_meta": ("Đơn vị: {unit} {name} · Kỳ báo cáo: {period} · Ngày báo cáo: {date}",
                   "Unit: {unit} {name} · Period: {period} · Report date: {date}"),
    "check_encoding_unicode": ("Bảng mã: Unicode", "Encoding: Unicode"),
    "check_encoding_legacy": ("Bảng mã: {value} (phông cũ), đã chuyển sang Unicode",
                              "Encoding: {value} (legacy font), converted to Unicode"),
    "check_rows": ("Dòng chỉ tiêu đã đọc: {n}", "Indicator rows read: {n}"),
    "check_by_code": ("theo mã", "by its code"),
    "check_by_label": ("theo tên: {value}", "by its label: {value}"),
    "check_row": ("  dòng {row}: {indicator} ({how}) · tử số {num_cell} = {num} · "
                  "mẫu số {den_cell} = {den} · {status}",
                  "  row {row}: {indicator} ({how}) · numerator {num_cell} = {num} · "
                  "denominator {den_cell} = {den} · {status}"),
    "check_problems": ("Vấn đề: {n}", "Problems: {n}"),
    "check_problem": ("  [{severity}] {cell} {message}", "  [{severity}] {cell} {message}"),
    "check_none": ("(không có)", "(none)"),
    "check_verdict_ok": ("Kết luận: đọc được biểu mẫu, không có lỗi.",
                         "Verdict: the form reads, without errors."),
    "check_verdict_errors": ("Kết luận: đọc được biểu mẫu nhưng có {n} lỗi cần sửa.",
                             "Verdict: the form reads, but {n} errors need fixing."),
    "check_verdict_unread": ("Kết luận: không đọc được biểu mẫu.",
                             "Verdict: the form could not be read."),
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
