"""Child labour by a rule set: each child aged 5–17 classified from the survey's concepts.

A rule set is data, not code: the clauses of each one (an age range, a concept
column, an operator and a threshold, with the source of the clause) live in
``childlabour_metrics/data/survey_rules.toml``, with the rule set's version and
sources.  :func:`classify` reads them and applies every clause to the whole
table at once (one vectorised comparison per clause, a handful per rule set).

The concepts are the same for every survey (``age``, ``econ_hours``,
``chores_hours``, ``hazardous``); a survey's own items are turned into them by
a variable map (:mod:`childlabour_metrics.survey.read`), so that no rule names
one survey's variables.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..language.errors import InputKeyError, choices
from ..reference._resources import data_file

__all__ = [
    "AGE_GROUPS",
    "CONCEPTS",
    "REASONS",
    "Clause",
    "RuleSet",
    "age_groups",
    "classify",
    "rule_set",
    "rule_sets",
]

#: The concepts a rule set reads: the default column names of :func:`classify`.
CONCEPTS: tuple[str, ...] = ("age", "econ_hours", "chores_hours", "hazardous")
#: The clauses' reasons, in the order ``cl_reason`` names the first that holds.
REASONS: tuple[str, ...] = ("economic_hours", "chores_hours", "hazardous")
#: The age groups of the SDG 8.7.1 tables, youngest first.
AGE_GROUPS: tuple[str, ...] = ("5-11", "12-14", "15-17")
_AGE_BOUNDS = ((5, 11), (12, 14), (15, 17))
_OPERATORS = (">=", ">", "true")
_RULES_FILE = "survey_rules.toml"


@dataclass(frozen=True)
class Clause:
    """One clause of a rule set: a child aged ``age_min``–``age_max`` whose ``column``
    compares with ``threshold`` as ``operator`` says is in child labour."""

    reason: str
    column: str
    age_min: int
    age_max: int
    operator: str
    threshold: float | None
    source: str


@dataclass(frozen=True)
class RuleSet:
    """A rule set: its name, version, sources and clauses (see :func:`rule_set`)."""

    name: str
    name_vi: str
    name_en: str
    version: str
    source: str
    clauses: tuple[Clause, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """The concepts its clauses read, besides ``age``, in the order of :data:`CONCEPTS`."""
        used = {c.column for c in self.clauses}
        return tuple(c for c in CONCEPTS if c in used)


@lru_cache(maxsize=1)
def _rule_sets() -> dict[str, RuleSet]:
    with data_file(_RULES_FILE).open("rb") as fh:
        raw = tomllib.load(fh)["rule_sets"]
    out = {}
    for name, entry in raw.items():
        clauses = tuple(
            Clause(reason=c["reason"], column=c["column"], age_min=int(c["age_min"]),
                   age_max=int(c["age_max"]), operator=c["operator"],
                   threshold=None if c.get("threshold") is None else float(c["threshold"]),
                   source=" ".join(c["source"].split()))
            for c in entry["clauses"])
        # The file is the package's own: a wrong entry is a bug, caught by the tests.
        assert all(c.reason in REASONS and c.column in CONCEPTS[1:]
                   and c.operator in _OPERATORS for c in clauses), name
        out[name] = RuleSet(name=name, name_vi=entry["name_vi"], name_en=entry["name_en"],
                            version=entry["version"], source=" ".join(entry["source"].split()),
                            clauses=clauses)
    return out


def rule_set(name: str | RuleSet) -> RuleSet:
    """The rule set called ``name``; an unknown name is an :class:`InputError` naming the known.

    Examples
    --------
    >>> rules = rule_set("sdg-8.7.1")
    >>> for c in rules.clauses:
    ...     print(c.reason, c.age_min, c.age_max, c.operator, c.threshold)
    economic_hours 5 11 >= 1.0
    economic_hours 12 14 >= 14.0
    economic_hours 15 17 >= 43.0
    chores_hours 5 14 >= 21.0
    >>> try:
    ...     rule_set("ilo")
    ... except KeyError as exc:  # an InputError, also a KeyError
    ...     print(exc.message("en"))  # doctest: +ELLIPSIS
    the rule set 'ilo' is not one of "sdg-8.7.1", "mics6-2017", "mics5", ...; use one of them.
    """
    if isinstance(name, RuleSet):
        return name
    known = _rule_sets()
    if name not in known:
        raise InputKeyError("err_survey_unknown_rules", field="rules", value=repr(name),
                            allowed=choices(known))
    return known[name]


def rule_sets() -> pd.DataFrame:
    """Every rule set, one row per clause, with the sources and versions.

    Returns
    -------
    DataFrame
        ``rules, name_vi, name_en, version, reason, column, age_min, age_max,
        operator, threshold, source`` (the clause's source).

    Examples
    --------
    >>> table = rule_sets()
    >>> table.groupby("rules", sort=False).size().to_dict()
    {'sdg-8.7.1': 4, 'mics6-2017': 5, 'mics5': 6, 'vn-lc2019': 4}
    """
    rows = [{"rules": r.name, "name_vi": r.name_vi, "name_en": r.name_en,
             "version": r.version, "reason": c.reason, "column": c.column,
             "age_min": c.age_min, "age_max": c.age_max, "operator": c.operator,
             "threshold": c.threshold, "source": c.source}
            for r in _rule_sets().values() for c in r.clauses]
    frame = pd.DataFrame(rows)
    text = ["rules", "name_vi", "name_en", "version", "reason", "column", "operator", "source"]
    return frame.astype({**dict.fromkeys(text, "str"), "age_min": "Int64", "age_max": "Int64",
                         "threshold": "Float64"})


def age_groups(age: Any) -> Any:
    """The SDG 8.7.1 age group of each age (a categorical): "5-11", "12-14", "15-17"; NA outside.

    An ordered categorical, so that tables by age group list the youngest first.

    Examples
    --------
    >>> list(age_groups(pd.Series([4, 5, 11.0, 12, 17, None, 18])))
    [nan, '5-11', '5-11', '12-14', '15-17', nan, nan]
    """
    years = pd.to_numeric(pd.Series(age), errors="coerce").to_numpy(dtype=float,
                                                                      na_value=np.nan)
    code = np.full(len(years), -1, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        for i, (low, high) in enumerate(_AGE_BOUNDS):
            code[(years >= low) & (years <= high)] = i
    return pd.Categorical.from_codes(code, dtype=pd.CategoricalDtype(list(AGE_GROUPS),
                                                                      ordered=True))


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def classify(
    children: pd.DataFrame,
    rules: str | RuleSet = "sdg-8.7.1",
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Classify each child aged 5–17 as in child labour or not, by a rule set.

    Parameters
    ----------
    children : DataFrame
        One row per child with the concepts ``age`` (completed years),
        ``econ_hours`` (hours of economic activity in the 7 days before the
        interview; NaN unknown), ``chores_hours`` (hours of unpaid household
        chores, same week; NaN unknown) and ``hazardous`` (any hazardous
        condition; True/False, 1/0 or NA).  Only the concepts the rule set
        reads are needed.
    rules : str or RuleSet
        ``"sdg-8.7.1"`` (default), ``"mics6-2017"``, ``"mics5"`` or
        ``"vn-lc2019"`` (:func:`rule_sets` lists their clauses and sources).
    columns : mapping, optional
        ``{concept: the table's column}`` for columns not named as the concepts.

    Returns
    -------
    DataFrame
        A copy of ``children`` with three columns added: ``age_group``
        ("5-11", "12-14", "15-17"; NA outside 5–17), ``child_labour``
        (pandas boolean; NA outside 5–17, and NA when no clause holds and
        every concept the rule set reads is unknown, so that a child with no
        answer at all is left out of a rate rather than counted as not
        working) and ``cl_reason`` (the first clause that holds, in the order
        "economic_hours", "chores_hours", "hazardous"; "" when none holds).

    Notes
    -----
    Unknown hours never reach a threshold, as MICS treats its codes 97–99:
    a child with unknown economic hours but long chores is in child labour by
    the chores clause, and one with unknown economic hours and short chores is
    not in child labour.  An unknown hazardous answer is not a hazard.

    Examples
    --------
    >>> kids = pd.DataFrame({"age": [6, 13, 16, 16, 4, 10],
    ...                      "econ_hours": [2, 10, 45, float("nan"), 9, float("nan")],
    ...                      "chores_hours": [0, 25, 0, 0, 0, float("nan")],
    ...                      "hazardous": [False, False, False, True, False, None]})
    >>> classify(kids)[["age_group", "child_labour", "cl_reason"]]
      age_group  child_labour       cl_reason
    0      5-11          True  economic_hours
    1     12-14          True    chores_hours
    2     15-17          True  economic_hours
    3     15-17         False
    4       NaN          <NA>
    5      5-11          <NA>
    >>> classify(kids, "mics6-2017")["cl_reason"].tolist()[3]
    'hazardous'
    """
    rules = rule_set(rules)
    names = {c: c for c in CONCEPTS}
    if columns:
        unknown = sorted(set(columns) - set(CONCEPTS))
        if unknown:
            raise InputKeyError("err_survey_unknown_concepts", field="columns",
                                values=choices(unknown), allowed=choices(CONCEPTS))
        names.update(columns)
    needed = [names[c] for c in ("age", *rules.columns)]
    missing = [c for c in needed if c not in children.columns]
    if missing:
        raise InputKeyError("err_input_missing_columns", field=missing[0],
                            columns=choices(missing), expected=choices(needed))
    age = _numbers(children, names["age"])
    with np.errstate(invalid="ignore"):
        in_scope = (age >= 5) & (age <= 17)
    values = {c: _numbers(children, names[c]) for c in rules.columns}
    holds = {reason: np.zeros(len(children), dtype=bool) for reason in REASONS}
    for clause in rules.clauses:  # a handful of clauses, each over every row at once
        x = values[clause.column]
        with np.errstate(invalid="ignore"):  # NaN compares False: unknown never holds
            if clause.operator == "true":
                met = x == 1
            elif clause.operator == ">":
                met = x > clause.threshold
            else:
                met = x >= clause.threshold
            holds[clause.reason] |= met & (age >= clause.age_min) & (age <= clause.age_max)
    any_holds = np.logical_or.reduce(list(holds.values()))
    known = np.logical_or.reduce([~np.isnan(v) for v in values.values()])
    labour = pd.array(any_holds & in_scope, dtype="boolean")
    labour[~in_scope | (~any_holds & ~known)] = pd.NA
    reason = np.full(len(children), "", dtype=object)
    for name in reversed(REASONS):  # the first reason that holds is written last
        reason[holds[name] & in_scope] = name
    out = children.copy()
    out["age_group"] = age_groups(age)
    out["child_labour"] = labour
    out["cl_reason"] = pd.array(reason, dtype="str")
    return out
