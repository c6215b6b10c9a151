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
from ..language.words import check_lang, has_word, word
from ..reference.periods import parse_period

__all__ = ["BASE_DECIMALS", "LEVEL_ORDER", "MOST_DECIMALS", "SYMBOLS", "check_lang",
           "decimals", "excel_percent_format", "has_report_word", "level_word", "period_key",
           "problems_shown", "report_word"]

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
    if level in LEVEL_ORDER:
        return report_word(str(level), lang)
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
