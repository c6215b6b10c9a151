"""Reporting periods: half-years and years.

A period is either a half-year (``2024H1``, ``2024H2``) or a whole year
(``2024``).  Periods order by time, with a year sorting after both of its
halves (a yearly report is made after the second half-year's report and
covers both).  This module parses the many ways clerks write a period
("6 tháng đầu năm 2024", "H1/2024", "Cả năm 2024") and never guesses: text it
cannot read raises :class:`PeriodError`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import total_ordering

import numpy as np
import pandas as pd

__all__ = ["Period", "PeriodError", "fold_text", "parse_period", "period_parts"]


from ..language.errors import PeriodError  # kept importable here; one family in errors.py


def fold_text(text: str) -> str:
    """Fold a label for matching: NFC, no accents, lower case, single spaces.

    Vietnamese arrives composed or decomposed and with or without accents;
    labels and values must match in every spelling.

    Parameters
    ----------
    text : str
        Any text read from a workbook.

    Returns
    -------
    str
        The folded text.

    Examples
    --------
    >>> fold_text("  Mã   Đơn VỊ ")
    'ma don vi'
    """
    return " ".join(fold_marks(text).split())


#: Vietnamese tone and vowel marks once decomposed (NFD): all in Combining Diacritical
#: Marks.  Removed by one regular expression; a character per character test of its
#: Unicode category is kept for the other scripts' marks (rare in these forms).
_VIETNAMESE_MARKS = re.compile("[\u0300-\u036f]+")


def fold_marks(text: str) -> str:
    """:func:`fold_text` without collapsing spaces: no accents, lower case.

    For text that is split after folding (a CSV's cells): spaces, tabs and line
    breaks are kept as they were.

    Examples
    --------
    >>> fold_marks("Tử số\tMẪU SỐ")
    'tu so\tmau so'
    """
    text = unicodedata.normalize("NFD", str(text))
    if not text.isascii():
        text = _VIETNAMESE_MARKS.sub("", text).replace("đ", "d").replace("Đ", "D")
        if not text.isascii():
            text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.lower()


@total_ordering
@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: a year, or one half of it.

    Parameters
    ----------
    year : int
        Calendar year.
    half : int or None
        1 for January–June, 2 for July–December, None for the whole year.

    Examples
    --------
    >>> p = Period.parse("2024H1")
    >>> p.year, p.half, str(p)
    (2024, 1, '2024H1')
    >>> sorted([Period(2024), Period(2024, 2), Period(2024, 1)])
    [Period('2024H1'), Period('2024H2'), Period('2024')]
    >>> Period(2024, 1).start, Period(2024, 1).end
    (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
    """

    year: int
    half: int | None = None

    def __post_init__(self) -> None:
        if not 1900 <= int(self.year) <= 2200:
            raise PeriodError("err_period_year", value=self.year)
        if self.half not in (None, 1, 2):
            raise PeriodError("err_period_half", value=repr(self.half))

    @classmethod
    def parse(cls, text: object) -> Period:
        """Parse a period; see :func:`parse_period`."""
        return parse_period(text)

    @property
    def is_year(self) -> bool:
        """True for a whole-year period."""
        return self.half is None

    @property
    def kind(self) -> str:
        """``"H1"``, ``"H2"`` or ``"year"``: the key used by reporting calendars."""
        return "year" if self.half is None else f"H{self.half}"

    @property
    def start(self) -> dt.date:
        """First day of the period."""
        return dt.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the period."""
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def sort_key(self) -> tuple[int, int]:
        """Key that orders periods by time, a year after its halves."""
        return (self.year, 3 if self.half is None else self.half)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __str__(self) -> str:
        return str(self.year) if self.half is None else f"{self.year}H{self.half}"

    def __repr__(self) -> str:
        return f"Period('{self}')"


# Folded (accent-free, lower-case) patterns, most specific first.
_HALF_WORDS = (
    (re.compile(r"6 thang (dau|truoc)( nam)?\s*(?P<y>\d{4})"), 1),
    (re.compile(r"6 thang (cuoi|sau)( nam)?\s*(?P<y>\d{4})"), 2),
    (re.compile(r"(first half|h1)( of)?\s*(?P<y>\d{4})"), 1),
    (re.compile(r"(second half|h2)( of)?\s*(?P<y>\d{4})"), 2),
    (re.compile(r"6 thang( nam)?\s*(?P<y>\d{4})"), 1),
)
_COMPACT = re.compile(r"(?P<y>\d{4})\s*[-/ ]?\s*h(?P<h>[12])")
_COMPACT_REV = re.compile(r"h(?P<h>[12])\s*[-/ ]\s*(?P<y>\d{4})")
_YEAR = re.compile(r"((ca )?nam|year|fy)?\s*(?P<y>\d{4})")


def parse_period(text: object) -> Period:
    """Read a reporting period written in any of the forms' spellings.

    Parameters
    ----------
    text : object
        A :class:`Period`, an ``int`` year, or text such as ``"2024H1"``,
        ``"2024-H1"``, ``"H1/2024"``, ``"6 tháng đầu năm 2024"``,
        ``"6 tháng năm 2024"`` (first half), ``"6 tháng cuối năm 2024"``,
        ``"Năm 2024"``, ``"Cả năm 2024"`` or ``"2024"``; with or without
        accents, in any case.

    Returns
    -------
    Period

    Raises
    ------
    PeriodError
        When the text is not one of the known spellings.

    Examples
    --------
    >>> parse_period("6 tháng đầu năm 2024")
    Period('2024H1')
    >>> parse_period("6 thang cuoi nam 2024")
    Period('2024H2')
    >>> parse_period("H1/2024"), parse_period("Cả năm 2024"), parse_period(2023)
    (Period('2024H1'), Period('2024'), Period('2023'))
    """
    if isinstance(text, Period):
        return text
    if isinstance(text, bool) or text is None:
        raise PeriodError("err_period_not_a_period", value=repr(text))
    if isinstance(text, int) or (isinstance(text, float) and float(text).is_integer()):
        return Period(int(text))
    folded = fold_text(str(text)).strip(" .:")
    if not folded:
        raise PeriodError("err_period_not_a_period", value=repr(text))
    for pattern, half in _HALF_WORDS:
        m = pattern.fullmatch(folded)
        if m:
            return Period(int(m["y"]), half)
    for pattern in (_COMPACT, _COMPACT_REV):
        m = pattern.fullmatch(folded)
        if m:
            return Period(int(m["y"]), int(m["h"]))
    m = _YEAR.fullmatch(folded)
    if m:
        return Period(int(m["y"]))
    raise PeriodError("err_period_not_a_period", value=repr(text))


def period_parts(period: pd.Series) -> pd.DataFrame:
    """Year and kind of each period text (NA for a text that is not a period).

    Each distinct text is parsed once and the results taken back to the rows:
    a national decade holds ~1 M period cells but some twenty distinct ones.
    The one vectorised reading of a period column (progress, attainment and the
    judged table use it).

    Examples
    --------
    >>> import pandas as pd
    >>> period_parts(pd.Series(["2024", "2024H1", "x", None, "2024"]))
       year  kind
    0  2024  year
    1  2024    H1
    2  <NA>   NaN
    3  <NA>   NaN
    4  2024  year
    """
    codes, uniques = pd.factorize(period.to_numpy(dtype=object), use_na_sentinel=True)
    years: list[int | None] = []
    kinds: list[str | None] = []
    for text in uniques:  # distinct values only
        try:
            p = parse_period(text)
        except PeriodError:
            years.append(None)
            kinds.append(None)
            continue
        years.append(p.year)
        kinds.append(p.kind)
    # Code -1 (a missing text) takes the appended "not a period" entry.
    take = np.where(codes < 0, len(uniques), codes)
    return pd.DataFrame({"year": pd.array([*years, None], dtype="Int64").take(take),
                         "kind": pd.array([*kinds, None], dtype="str").take(take)},
                        index=period.index)
