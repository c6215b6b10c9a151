"""The rules between indicators are listed once, as data, and the reader reads them there
(issue 25): the table's rows, their words, and a rule the reader follows from the table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from childlabour_metrics import read_reports
from childlabour_metrics.io import _rules
from childlabour_metrics.language.problems import PROBLEMS
from childlabour_metrics.reference.indicators import INDICATOR_CODES
from childlabour_metrics.reference.relations import COUNTS, RELATIONS, broken, relations
from tests.fixtures.io_forms import ROWS, single_form


def test_every_rule_names_known_indicators_counts_and_problems() -> None:
    table = relations()
    assert table["id"].is_unique
    assert set(table["left"]) | set(table["right"]) <= set(INDICATOR_CODES)
    assert set(table["left_count"]) | set(table["right_count"]) <= set(COUNTS)
    assert set(table["relation"]) <= set(RELATIONS)
    assert set(table["dimension"]) <= {"consistency", "denominators"}
    assert set(table["problem"].dropna()) <= set(PROBLEMS)
    assert (table["meaning_vi"] != table["meaning_en"]).all()
    assert set(relations(problem=True)["problem"]) == {"CL02_GT_CL01",
                                                        "CL01_CL02_DENOMINATOR"}
    assert relations(problem=False)["problem"].isna().all()


def test_a_rule_breaks_only_where_both_sides_are_known() -> None:
    left = pd.array([5, 7, None, 7], dtype="Int64")
    right = pd.array([6, 6, 6, None], dtype="Int64")
    assert broken(left, "<=", right).tolist() == [False, True, False, False]
    assert broken(left, "==", right).tolist() == [True, True, False, False]
    assert broken(left, ">=", right).tolist() == [True, False, False, False]


def test_the_reader_follows_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A form whose CL01 numerator (12) is above CL04's denominator (10): no reader
    # problem while that rule is the review's alone ...
    path = single_form(tmp_path / "r.xlsx", rows=[*ROWS, ("CL04", 5, 10)])
    assert read_reports(path, progress=False).problems.empty
    # ... and the reader's problem, on the rows it names, once the table gives the rule
    # a problem code: the reader has no list of its own.
    table = relations()
    table.loc[table["id"] == "cl01_within_cl04", "problem"] = "CL02_GT_CL01"
    monkeypatch.setattr(_rules, "relations",
                        lambda problem=None: table[table["problem"].notna()].reset_index(
                            drop=True) if problem else table)
    problems = read_reports(path, progress=False, workers=1).problems
    assert problems["code"].tolist() == ["CL02_GT_CL01"]
    assert (problems["indicator"].item(), problems["value"].item(),
            problems["detail"].item()) == ("CL01", "12", "10")
    observations = read_reports(path, progress=False, workers=1).observations
    held = observations.set_index("indicator")["status"]
    assert (held["CL01"], held["CL04"], held["CL07"]) == ("error", "error", "ok")
