"""The indicator catalogue: codes CL01–CL13 and what each one measures.

The codes are the contract between report forms, bundled plans and
computations.  An indicator is always a ratio of two counts (numerator over
denominator, as a percentage) with a direction: the child labour rates
(CL01, CL02) must go down, every coverage indicator must go up.  This module
only describes indicators; it never computes values.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..language.errors import InputKeyError
from ._resources import data_file

__all__ = ["INDICATOR_CODES", "direction_of", "indicator_name", "indicators"]

_COLUMNS = [
    "code",
    "name_vi",
    "name_en",
    "numerator_vi",
    "numerator_en",
    "denominator_vi",
    "denominator_en",
    "direction",
    "objective",
]


@lru_cache(maxsize=1)
def _catalogue() -> pd.DataFrame:
    with data_file("indicators.csv").open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype="str", keep_default_na=False)
    frame["objective"] = frame["objective"].astype("Int64")
    return frame[_COLUMNS]


def indicators() -> pd.DataFrame:
    """Return the indicator catalogue.

    Returns
    -------
    pandas.DataFrame
        One row per indicator with columns ``code, name_vi, name_en,
        numerator_vi, numerator_en, denominator_vi, denominator_en,
        direction`` (``"decrease"`` or ``"increase"``) and ``objective``
        (1 prevention and support, 2 communication, 3 training).

    Examples
    --------
    >>> cat = indicators()
    >>> cat.loc[cat["code"] == "CL01", "direction"].item()
    'decrease'
    >>> len(cat)
    13
    """
    return _catalogue().copy()


INDICATOR_CODES: tuple[str, ...] = tuple(_catalogue()["code"])


def direction_of(code: str) -> str:
    """Return ``"decrease"`` or ``"increase"`` for an indicator code.

    Examples
    --------
    >>> direction_of("CL02"), direction_of("CL05")
    ('decrease', 'increase')
    """
    cat = _catalogue()
    match = cat.loc[cat["code"] == code, "direction"]
    if match.empty:
        raise InputKeyError("err_input_unknown_indicator", code=code, codes=repr(code),
                            known=", ".join(INDICATOR_CODES))
    return str(match.iloc[0])


def indicator_name(code: str, lang: str = "vi") -> str:
    """Return the indicator's name in Vietnamese (default) or English.

    Examples
    --------
    >>> indicator_name("CL07", lang="en")
    'Share of children informed'
    """
    cat = _catalogue()
    match = cat.loc[cat["code"] == code, "name_en" if lang == "en" else "name_vi"]
    if match.empty:
        raise InputKeyError("err_input_unknown_indicator", code=code, codes=repr(code),
                            known=", ".join(INDICATOR_CODES))
    return str(match.iloc[0])
