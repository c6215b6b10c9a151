"""How many decimals a value needs so that what is shown never contradicts its verdict.

Against "≤ 1 %", 1.006 % and 0.993 % both round to "1,0": one is not met, the
other met, and a reader sees the target figure under both verdicts.  Every
output (heatmap, bars, Excel number formats, HTML) asks :func:`decimals` how
many digits to show, so the displayed figure is never the target unless the
value is the target, and always lies on the value's side of it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..language.problems import render
from ..language.words import check_lang, has_word, number, percent, word
from ..reference.periods import parse_period

__all__ = ["BASE_DECIMALS", "LEVEL_ORDER", "MOST_DECIMALS", "SYMBOLS", "check_lang",
           "coverage_text", "coverage_texts", "decimals", "earlier_texts", "excel_percent_format",
           "has_report_word", "level_word", "pct_texts", "period_key", "period_phrase",
           "period_title", "problems_shown", "report_word", "target_text", "verdict_word",
           "verdict_words"]

#: Decimals shown by default (percentages as the plans write them).
BASE_DECIMALS = 1
#: Decimals never exceeded: beyond this the difference is noise of the counts.
MOST_DECIMALS = 4

def decimals(values: Any, targets: Any = None, base: int = BASE_DECIMALS,
             most: int = MOST_DECIMALS) -> np.ndarray:
    """The fewest decimals (at least ``base``) that keep each value on its side of the target.

    Parameters
    ----------
    values : array-like of float
        The values as shown (e.g. percent).
    targets : array-like of float or float, optional
        The target each value is judged against, in the same unit; NaN or
        None where there is none.
    base, most : int
        The least and the most decimals.

    Returns
    -------
    numpy.ndarray of int
        One count per value.

    Examples
    --------
    >>> decimals([1.006, 0.993, 0.5, 1.0], 1.0).tolist()
    [2, 2, 1, 1]
    >>> decimals([95.04, 94.96], [95.0, 95.0]).tolist()
    [2, 2]
    >>> decimals([3.0, float("nan")]).tolist()
    [1, 1]
    """
    v = np.atleast_1d(np.asarray(values, dtype=float))
    t = np.broadcast_to(np.asarray(np.nan if targets is None else targets, dtype=float),
                        v.shape)
    out = np.full(v.shape, base, dtype=int)
    todo = np.isfinite(v) & np.isfinite(t) & (v != t)
    side = np.sign(v - t)
    # A loop over digit counts (at most a handful), never over values.
    for k in range(base, most + 1):
        shown = np.round(v, k)
        fine = (shown != t) & (np.sign(shown - t) == side)
        out[todo & fine] = k
        todo &= ~fine
        if not todo.any():
            break
    out[todo] = most
    return out


def excel_percent_format(n: int) -> str:
    """Excel number format of a fraction shown as percent with ``n`` decimals.

    Examples
    --------
    >>> excel_percent_format(1), excel_percent_format(0)
    ('0.0%', '0%')
    """
    return "0" + ("." + "0" * n if n > 0 else "") + "%"


#: Operators as the page writes them.
SYMBOLS: dict[str, str] = {"<=": "≤", ">=": "≥", "<": "<", ">": ">"}
#: Levels, top first: the order of units in a table.
LEVEL_ORDER: dict[str, int] = {"country": 0, "province": 1, "district": 2, "commune": 3}


def report_word(key: str, lang: str) -> str:
    """A word of the report (the ``report_`` keys of :mod:`childlabour_metrics.language.words`).

    Examples
    --------
    >>> report_word("met", "en")
    'Met'
    """
    return word(f"report_{key}", lang)


def has_report_word(key: str) -> bool:
    """Whether the report has a word for ``key``."""
    return has_word(f"report_{key}")


def level_word(level: Any, lang: str) -> str:
    """A unit level in words (``commune`` → "Xã"); anything else as it is.

    Examples
    --------
    >>> level_word("commune", "vi"), level_word(None, "vi")
    ('Xã', '')
    """
    # one word per level in every output, departments included (a Vietnamese workbook
    # said "department")
    if isinstance(level, str) and has_word(f"level_{level}"):
        return word(f"level_{level}", lang)
    return "" if pd.isna(level) else str(level)


def period_key(period: str) -> tuple[int, int]:
    """Sort key of a period (``2024H1`` before ``2024``).

    Examples
    --------
    >>> sorted(["2024", "2023", "2024H1"], key=period_key)
    ['2023', '2024H1', '2024']
    """
    return parse_period(period).sort_key


def problems_shown(problems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The problems table as the report shows it: messages in ``lang``.

    The one call site for problem messages in the report's outputs (Excel,
    HTML): the registry renders each message in the report's language,
    whatever the language of the read.

    Examples
    --------
    >>> table = pd.DataFrame({"code": ["FILE_EMPTY"], "message": ["Tệp rỗng (0 byte)."]})
    >>> problems_shown(table, "en")["message"].tolist()
    ['The file is empty (0 bytes).']
    """
    return render(problems, lang)


# --------------------------------------------------------------------------- the judged table
# Every output words the judged table (analysis.judged) through these: one word per
# verdict, one way to write a period, a coverage and an operator.


def period_phrase(period: Any, lang: str) -> str:
    """A period inside a sentence: "năm 2025", "6 tháng đầu năm 2025" / "2025".

    Examples
    --------
    >>> period_phrase("2025", "vi"), period_phrase("2025H1", "en")
    ('năm 2025', 'the first half of 2025')
    """
    if period is None or (not isinstance(period, str) and pd.isna(period)):
        return ""
    p = parse_period(period)
    kind = "year" if p.is_year else f"H{p.half}"
    return word(f"period_in_{kind}", lang, year=p.year)


def period_title(period: Any, lang: str) -> str:
    """A period at the head of a sentence: "Năm 2025", "6 tháng đầu năm 2025".

    Examples
    --------
    >>> period_title("2025", "vi"), period_title("2025H1", "en")
    ('Năm 2025', 'First half of 2025')
    """
    p = parse_period(period)
    kind = "year" if p.is_year else f"H{p.half}"
    return word(f"period_{kind}", lang, year=p.year)


def verdict_word(status: Any, reason: Any, period: Any, lang: str) -> str:
    """The words of one verdict of the judged table, the period named where it matters.

    Examples
    --------
    >>> verdict_word("no_data", "no_value", "2025", "vi")
    'Không có số liệu năm 2025'
    >>> verdict_word("not_yet", "year_not_over", "2025H1", "en")
    'Not yet (target year not over)'
    >>> verdict_word("met", "target_year", "2025", "en")
    'Met'
    """
    status = str(status)
    if status in ("no_data", "not_reported") and isinstance(period, str) and period:
        return word(f"verdict_{status}_in", lang, period=period_phrase(period, lang))
    if reason == "year_not_over" and has_word(f"verdict_{status}_year_not_over"):
        return word(f"verdict_{status}_year_not_over", lang)
    return word(f"verdict_{status}", lang) if has_word(f"verdict_{status}") else status


def verdict_words(table: pd.DataFrame, lang: str) -> pd.Series:
    """:func:`verdict_word` of every row (``status``, ``reason``, ``period``), each
    distinct verdict worded once."""
    keys = pd.MultiIndex.from_frame(table[["status", "reason", "period"]].astype(object))
    distinct = keys.unique()
    words = {k: verdict_word(k[0], k[1], k[2], lang) for k in distinct}
    return pd.Series([words[k] for k in keys], index=table.index, dtype="str")


def coverage_text(n: Any, of: Any, level: str | None, lang: str) -> str:
    """"31/36 xã" / "31 of 36 communes"; empty where there is nothing to count.

    Examples
    --------
    >>> coverage_text(31, 36, "commune", "vi"), coverage_text(31, 36, "commune", "en")
    ('31/36 xã', '31 of 36 communes')
    """
    if n is None or of is None or pd.isna(n) or pd.isna(of):
        return ""
    key = f"coverage_level_{level}" if has_word(f"coverage_level_{level}") else \
        "coverage_level_unit"
    return word("coverage", lang, n=number(int(n), lang, 0), of=number(int(of), lang, 0),
                level=word(key, lang))


def target_text(operator: Any, value: Any, lang: str) -> str:
    """A target as the plans write it: "≤ 1%", "≥ 99,5%"; empty for none.

    Examples
    --------
    >>> target_text("<=", 1.0, "vi"), target_text(">=", 99.5, "vi"), target_text(None, None, "vi")
    ('≤ 1%', '≥ 99,5%', '')
    """
    if operator is None or value is None or pd.isna(value) or pd.isna(operator):
        return ""
    x = float(value)
    symbol = SYMBOLS.get(str(operator), str(operator))
    return f"{symbol} {percent(x, lang, 0 if x == round(x) else 1)}"


def pct_texts(values: Any, targets: Any, lang: str) -> list[str]:
    """Values in percent as text, each with the digits that decide its verdict.

    Examples
    --------
    >>> pct_texts([1.006, 0.993, float("nan")], [1.0, 1.0, 1.0], "vi")
    ['1,01%', '0,99%', '']
    """
    v = np.asarray(pd.array(values, dtype="Float64").to_numpy(dtype=float, na_value=np.nan))
    t = np.asarray(pd.array(targets, dtype="Float64").to_numpy(dtype=float, na_value=np.nan)) \
        if targets is not None else None
    return ["" if x != x else percent(x, lang, int(d))
            for x, d in zip(v, decimals(v, t), strict=True)]


def earlier_texts(table: pd.DataFrame, lang: str) -> list[str]:
    """"2024: 1,4%" beside a missing value: the latest earlier value, with its period."""
    shown = pct_texts(table["earlier_value"], table["target"], lang)
    return ["" if not text or pd.isna(period) else
            word("verdict_earlier", lang, period=str(period), value=text)
            for period, text in zip(table["earlier_period"], shown, strict=True)]


def coverage_texts(summary: pd.DataFrame, level: str | None, lang: str) -> list[str]:
    """The coverage of each summary row: "31/36 xã", or the count alone without a registry."""
    out = []
    for n, of in zip(summary["units_with_data"], summary["units_expected"], strict=True):
        if not pd.isna(of):
            out.append(coverage_text(n, of, level, lang))
        else:
            out.append("" if pd.isna(n) else number(int(n), lang, 0))
    return out
