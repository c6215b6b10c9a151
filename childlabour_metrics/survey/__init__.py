"""The survey wing: child labour from household survey microdata (issue 26).

From a survey's files to a rate with its error: :func:`read` reads SPSS or
Stata files and turns a survey's items into the concepts by a variable map,
:func:`classify` tells who is in child labour by a rule set (SDG 8.7.1,
MICS6 2017, MICS5, Viet Nam's Labour Code 2019), and :func:`estimate` gives
the weighted rate per domain with its design-based standard error,
confidence interval and design effect, as R's ``survey`` package does.

This layer sits between ``io`` and ``analysis``: it reads files and computes
estimates, and knows nothing of plans' judgements or of outputs.
"""

from __future__ import annotations

from .estimate import CI_METHODS, ESTIMATE_COLUMNS, LONELY_PSU, REPLICATE_TYPES, estimate
from .read import SURVEYS, read, variable_map
from .rules import AGE_GROUPS, CONCEPTS, REASONS, age_groups, classify, rule_set, rule_sets

__all__ = [
    "AGE_GROUPS",
    "CI_METHODS",
    "CONCEPTS",
    "ESTIMATE_COLUMNS",
    "LONELY_PSU",
    "REASONS",
    "REPLICATE_TYPES",
    "SURVEYS",
    "age_groups",
    "classify",
    "estimate",
    "read",
    "rule_set",
    "rule_sets",
    "variable_map",
]
