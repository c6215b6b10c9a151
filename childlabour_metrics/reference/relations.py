"""The rules that must hold between the indicators of one report, listed once, as data.

CL02 counts children in hazardous work, who are child labourers: its
numerator can never exceed CL01's, and both count the same children aged
5–17.  Such rules are rows of the bundled ``indicator_relations.csv``
(``id, left, relation, right, dimension, problem``); the reader
(:mod:`childlabour_metrics.io._rules`) checks the rows that carry its problem
code, the data-quality review (:func:`childlabour_metrics.data_quality`) checks
them all.  What a rule means is the vocabulary's ``relation_<id>``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..language.words import WORDS
from ._resources import data_file
from .indicators import INDICATOR_CODES

__all__ = ["COUNTS", "RELATIONS", "broken", "relations"]

#: The counts a rule may compare.
COUNTS: tuple[str, ...] = ("numerator", "denominator")
#: What may hold between the two sides, and the test of it.
RELATIONS: dict[str, Callable[[Any, Any], Any]] = {
    "<=": operator.le, "==": operator.eq, ">=": operator.ge,
}
_COLUMNS = ["id", "left", "left_count", "relation", "right", "right_count", "dimension",
            "problem", "meaning_vi", "meaning_en"]


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    with data_file("indicator_relations.csv").open("r", encoding="utf-8") as fh:
        raw = pd.read_csv(fh, dtype="str", keep_default_na=False)
    left = raw["left"].str.split(".", n=1, expand=True)
    right = raw["right"].str.split(".", n=1, expand=True)
    table = pd.DataFrame({
        "id": raw["id"], "left": left[0], "left_count": left[1],
        "relation": raw["relation"], "right": right[0], "right_count": right[1],
        "dimension": raw["dimension"],
        "problem": raw["problem"].replace("", None),
        "meaning_vi": [WORDS[f"relation_{i}"][0] for i in raw["id"]],
        "meaning_en": [WORDS[f"relation_{i}"][1] for i in raw["id"]],
    })
    # The file is ours; a mistake in it is a bug, caught at import by the tests.
    assert set(table["left"]) | set(table["right"]) <= set(INDICATOR_CODES), "relations"
    assert set(table["left_count"]) | set(table["right_count"]) <= set(COUNTS), "relations"
    assert set(table["relation"]) <= set(RELATIONS) and table["id"].is_unique, "relations"
    return table[_COLUMNS]


def relations(*, problem: bool | None = None) -> pd.DataFrame:
    """The rules between indicators, one row each, in the file's order.

    Parameters
    ----------
    problem : bool, optional
        True: only the rules the reader checks (those with a problem code);
        False: only the others; None: all.

    Returns
    -------
    DataFrame
        ``id, left, left_count, relation, right, right_count, dimension``
        (``consistency`` or ``denominators``), ``problem`` (the reader's code,
        None when the reader does not check it), ``meaning_vi, meaning_en``.

    Examples
    --------
    >>> relations()[["id", "left", "left_count", "relation", "right", "right_count"]]
                             id  left   left_count relation right  right_count
    0          cl02_within_cl01  CL02    numerator       <=  CL01    numerator
    1  cl02_denominator_is_cl01  CL02  denominator       ==  CL01  denominator
    2          cl01_within_cl04  CL01    numerator       <=  CL04  denominator
    >>> relations(problem=True)["problem"].tolist()
    ['CL02_GT_CL01', 'CL01_CL02_DENOMINATOR']
    """
    table = _table()
    if problem is not None:
        table = table[table["problem"].notna() == problem]
    return table.reset_index(drop=True).copy()


def broken(left: Any, relation: str, right: Any) -> np.ndarray:
    """Where a rule fails: both sides known and the relation not holding.

    A missing count breaks nothing (its own rule names it).

    Examples
    --------
    >>> left = pd.array([5, 7, None], dtype="Int64")
    >>> broken(left, "<=", pd.array([6, 6, 6], dtype="Int64")).tolist()
    [False, True, False]
    """
    holds = pd.array(RELATIONS[relation](pd.array(left, dtype="Int64"),
                                         pd.array(right, dtype="Int64")), dtype="boolean")
    return (~holds).to_numpy(dtype=bool, na_value=False)
