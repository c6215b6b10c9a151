"""Reading the values clerks type: counts, rates, dates, codes and labels.

Vietnamese writes the thousands separator as a dot ("1.234") and the decimal
separator as a comma ("12,5"); clerks also type "1 234" and "1,234".  These
helpers turn one cell's value into a number or date, or say why they cannot.
They never guess a missing value: a blank cell is ``None``, never 0.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache

from ..reference.periods import fold_text

__all__ = [
    "cell_ref",
    "col_index",
    "col_letters",
    "is_blank",
    "parse_count",
    "parse_date",
    "parse_rate",
    "text_of",
    "unit_code_text",
]

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f\u2007']+")
_PLAIN = re.compile(r"[+-]?\d+")
_GROUPED_DOT = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")
_GROUPED_COMMA = re.compile(r"[+-]?\d{1,3}(,\d{3})+")
_DECIMAL = re.compile(r"[+-]?\d*[.,]\d+")
_VN_DECIMAL = re.compile(r"[+-]?\d{1,3}(\.\d{3})+,\d+")
_EN_DECIMAL = re.compile(r"[+-]?\d{1,3}(,\d{3})+\.\d+")
#: Excel's error values, as a cell shows them (and as CSV or HTML exports write them).
CELL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                         "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!",
                         "#CONNECT!", "#BUSY!", "#UNKNOWN!"})


@lru_cache(maxsize=4096)
def col_letters(col: int) -> str:
    """Spreadsheet column letters for a 0-based column index.

    Examples
    --------
    >>> col_letters(0), col_letters(25), col_letters(26), col_letters(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    """The 0-based column index of upper-case column letters: the inverse of :func:`col_letters`.

    Examples
    --------
    >>> col_index("A"), col_index("Z"), col_index("AA"), col_index("XFD")
    (0, 25, 26, 16383)
    """
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


@lru_cache(maxsize=65_536)
def cell_ref(row: int, col: int) -> str:
    """A1-style reference for 0-based row and column.

    Examples
    --------
    >>> cell_ref(11, 3)
    'D12'
    """
    return f"{col_letters(col)}{row + 1}"


def is_blank(value: object) -> bool:
    """True for an empty cell (``None``, ``""`` or only spaces).

    Examples
    --------
    >>> is_blank(""), is_blank("  "), is_blank(0)
    (True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def text_of(value: object) -> str:
    """A cell's value as NFC text, whole floats without ``.0``.

    Examples
    --------
    >>> text_of(30101.0), text_of(" Ma\\u0301 "), text_of(None)
    ('30101', 'Má', '')
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip()


def unit_code_text(value: object) -> str | None:
    """A unit code as text, keeping leading zeros typed as text.

    A number typed into the cell has already lost its zeros (412 for
    "00412"); that cannot be recovered here, only reported against a registry.

    Examples
    --------
    >>> unit_code_text("00412"), unit_code_text(30101.0), unit_code_text("  ")
    ('00412', '30101', None)
    """
    text = text_of(value).strip(" .:")
    return text or None


def _number_from_text(text: str) -> float | None:
    """Parse Vietnamese or English number writing; None if it is not a number."""
    compact = _SPACES.sub("", text).replace("\u2212", "-")
    if _PLAIN.fullmatch(compact):
        return float(int(compact))
    if _GROUPED_DOT.fullmatch(compact):
        return float(int(compact.replace(".", "")))
    if _GROUPED_COMMA.fullmatch(compact):
        return float(int(compact.replace(",", "")))
    if _VN_DECIMAL.fullmatch(compact):
        return float(compact.replace(".", "").replace(",", "."))
    if _EN_DECIMAL.fullmatch(compact):
        return float(compact.replace(",", ""))
    if _DECIMAL.fullmatch(compact):
        return float(compact.replace(",", "."))
    return None


def parse_count(value: object) -> tuple[int | None, str | None]:
    """Read a count: ``(number, None)``, ``(None, None)`` if blank, else ``(None, code)``.

    The code is a problem code: ``NOT_A_NUMBER``, ``FRACTIONAL_COUNT`` or
    ``CELL_ERROR`` (an Excel error such as ``#REF!``).  Negative counts are
    returned as numbers (the validation names them).

    Examples
    --------
    >>> parse_count("1.234"), parse_count("1 234"), parse_count("1,234"), parse_count(12.0)
    ((1234, None), (1234, None), (1234, None), (12, None))
    >>> parse_count(""), parse_count("12,5"), parse_count("abc"), parse_count(-3)
    ((None, None), (None, 'FRACTIONAL_COUNT'), (None, 'NOT_A_NUMBER'), (-3, None))
    >>> parse_count("#DIV/0!"), parse_count(" #ref! ")
    ((None, 'CELL_ERROR'), (None, 'CELL_ERROR'))
    """
    if is_blank(value):
        return None, None
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        return None, "NOT_A_NUMBER"
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        number: float | None = value
    else:
        number = _number_from_text(unicodedata.normalize("NFC", str(value)))
    if number is None and isinstance(value, str) and value.strip().upper() in CELL_ERRORS:
        return None, "CELL_ERROR"
    if number is None or not math.isfinite(number):
        return None, "NOT_A_NUMBER"
    if not float(number).is_integer():
        return None, "FRACTIONAL_COUNT"
    return int(number), None


def parse_rate(value: object) -> tuple[list[float], float] | None:
    """Read a percentage cell: candidate readings in percent and the rounding tolerance.

    A number may be a percent-formatted fraction (0.125 shown as 12.5%), so a
    number gives two candidates.  Text ("12,5%", "12,5", "12.5") gives one;
    the tolerance is half a unit of the last decimal shown.

    Examples
    --------
    >>> parse_rate("12,5%")
    ([12.5], 0.05...)
    >>> parse_rate(0.125)[0]
    [0.125, 12.5]
    >>> parse_rate("n/a") is None
    True
    """
    if is_blank(value) or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            return None
        candidates = [number, number * 100]
        tolerance = max(_half_unit(number), _half_unit(number * 100), 1e-6)
        return candidates, tolerance
    if not isinstance(value, str):
        return None
    text = _SPACES.sub("", unicodedata.normalize("NFC", value)).rstrip("%")
    parsed = _number_from_text(text)
    if parsed is None:
        return None
    number = parsed
    decimals = len(re.split(r"[.,]", text)[-1]) if re.search(r"[.,]\d{1,2}$", text) else 0
    return [number], 0.5 * 10**-decimals + 1e-9


def _half_unit(number: float) -> float:
    """Half a unit of the last decimal a number shows (1e-6 beyond 10 decimals).

    >>> _half_unit(12.5), _half_unit(80.0)
    (0.05, 0.5)
    """
    text = repr(float(number))
    if "e" in text or "E" in text:
        return 1e-6
    decimals = len(text.partition(".")[2].rstrip("0"))
    return 0.5 * 10**-decimals if decimals <= 10 else 1e-6


_DATE_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DATE_DMY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")


def parse_date(value: object) -> dt.date | None:
    """Read a report date: a date cell, or day-first text; None if unreadable.

    Examples
    --------
    >>> parse_date("10/6/2024"), parse_date("ngày 10 tháng 6 năm 2024")
    (datetime.date(2024, 6, 10), datetime.date(2024, 6, 10))
    >>> parse_date("2024-06-10"), parse_date(dt.datetime(2024, 6, 10, 8, 0))
    (datetime.date(2024, 6, 10), datetime.date(2024, 6, 10))
    >>> parse_date("sớm") is None
    True
    >>> parse_date("10/6/2924") is None  # a typo, not a date: pandas cannot hold it
    True
    """
    date = _date_of(value)
    # Years far outside the programme's are typos; they would also overflow
    # pandas' datetime64[ns] and stop a whole batch.
    if date is None or not _MIN_YEAR <= date.year <= _MAX_YEAR:
        return None
    return date


_MIN_YEAR, _MAX_YEAR = 1900, 2200


def _date_of(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    folded = fold_text(value)
    for pattern, order in ((_DATE_WORDS, "dmy"), (_DATE_ISO, "ymd"), (_DATE_DMY, "dmy")):
        m = pattern.search(folded)
        if m:
            a, b, c = (int(g) for g in m.groups())
            year, month, day = (c, b, a) if order == "dmy" else (a, b, c)
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None
