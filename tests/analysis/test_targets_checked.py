"""Every door checks a hand-built table as the reader checks a file (issue 23, issue 21 item 14).

A bad value marks its row, which is never judged; a malformed table is an
error.  Each test runs the slip as a notebook user makes it.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import childlabour_metrics as clm
from childlabour_metrics.language.errors import InputError
from tests.support import raises_en

PLAN = "hai-duong-2021"


def _obs(numerator: list[object], denominator: list[object], **changes: list[object]
         ) -> pd.DataFrame:
    # README's "Attainment on a small table", with the row under test first
    frame = pd.DataFrame({
        "unit_code": ["10507", "10543"], "period": ["2025", "2025"],
        "indicator": ["CL01", "CL01"], "numerator": numerator, "denominator": denominator})
    for col, values in changes.items():
        frame[col] = values
    return frame


def _judged(att: pd.DataFrame, unit: str) -> pd.DataFrame:
    return att[(att["unit_code"] == unit) & att["met"].notna()]


@pytest.mark.parametrize(
    ("numerator", "denominator", "code"),
    [([-5, 12], [3000, 2400], "NEGATIVE_COUNT"),          # a negative rate, once "met"
     ([30, 12], [-3000, 2400], "NEGATIVE_COUNT"),
     ([3001, 12], [3000, 2400], "NUMERATOR_GT_DENOMINATOR"),
     ([5, 12], [0, 2400], "ZERO_DENOMINATOR")],
)
def test_attainment_never_judges_a_negative_rate_or_a_part_above_its_whole(
        numerator: list[int], denominator: list[int], code: str) -> None:
    with pytest.warns(UserWarning, match=code):
        att = clm.attainment(_obs(numerator, denominator), PLAN, target_year=2025)
    assert _judged(att, "10507").empty  # not met, not "not met": not judged
    assert _judged(att, "10543")["met"].tolist() == [True]  # the good row still is


@pytest.mark.parametrize(
    "changes",
    [{"unit_code": ["../../../../tmp/pwn", "10543"]}, {"unit_code": ["105\x0007", "10543"]},
     {"period": ["2025H3", "2025"]}],
)
def test_attainment_never_judges_a_row_whose_code_or_period_is_malformed(changes: dict) -> None:
    with pytest.warns(UserWarning, match="BAD_"):
        att = clm.attainment(_obs([30, 12], [3000, 2400], **changes), PLAN, target_year=2025)
    assert att["unit_code"].tolist() == ["10543"]


@pytest.mark.parametrize(
    ("numerator", "pattern"),
    [([1.5e20, 12.0], r"1\.5e\+20 is beyond"), ([np.inf, 12.0], "inf is not a finite"),
     (["ba mươi", 12], "'ba mươi' is not a count")],
)
def test_attainment_on_a_count_that_is_no_count_is_an_error(numerator: list[object],
                                                            pattern: str) -> None:
    with raises_en(InputError, pattern) as info:
        clm.attainment(_obs(numerator, [3000.0, 2400.0]), PLAN, target_year=2025)
    assert info.value.field == "numerator"


def test_progress_never_assesses_a_marked_row() -> None:
    obs = pd.DataFrame({"unit_code": ["a", "a", "b", "b"],
                        "period": ["2021", "2023", "2021", "2023"],
                        "indicator": ["CL01"] * 4, "numerator": [4, -2, 4, 2],
                        "denominator": [100, 100, 100, 100]})
    with pytest.warns(UserWarning, match="NEGATIVE_COUNT"):
        prog = clm.progress(obs, PLAN, target_year=2025)
    a = prog[(prog["unit_code"] == "a") & (prog["ref"] == "A1")].iloc[0]
    b = prog[(prog["unit_code"] == "b") & (prog["ref"] == "A1")].iloc[0]
    assert a["latest_year"] == 2021  # the negative 2023 is not its latest value
    assert b["latest_year"] == 2023 and b["status"] == "substantial_progress"


def test_values_and_aggregate_leave_a_marked_row_out_of_both_sums() -> None:
    # 2024: Hải Dương's communes (the yearly 2025 report is their successors', issue 22)
    obs = _obs([-5, 12], [3000, 2400], period=["2024", "2024"])
    with pytest.warns(UserWarning, match="NEGATIVE_COUNT"):
        got = clm.values(obs, by=["period", "indicator"])
    assert (got["numerator"].item(), got["denominator"].item()) == (12, 2400)
    with pytest.warns(UserWarning, match="NEGATIVE_COUNT"):
        rolled = clm.aggregate(obs, clm.sample_units(), "province")
    row = rolled[rolled["unit_code"] == "30"].iloc[0]
    assert (row["numerator"], row["denominator"], row["n_reporting"]) == (12, 2400, 1)


def test_crosswalk_leaves_a_marked_row_out() -> None:
    obs = pd.DataFrame({"unit_code": ["07621", "07624"], "period": ["2024", "2024"],
                        "indicator": ["CL01", "CL01"], "numerator": [2, 60],
                        "denominator": [100, 50]})
    mapping = pd.DataFrame({"old_code": ["07621", "07624"], "new_code": ["07621", "07621"],
                            "effective_date": ["2025-07-01"] * 2})
    with pytest.warns(UserWarning, match="NUMERATOR_GT_DENOMINATOR"):
        out = clm.crosswalk(obs, mapping)
    assert out["source_units"].tolist() == [("07621",)]
    assert (out["numerator"].item(), out["denominator"].item()) == (2, 100)


def test_completeness_refuses_codes_read_as_numbers_with_decimals() -> None:
    obs = _obs([30, 12], [3000, 2400], unit_code=[10507.0, np.nan])
    with raises_en(InputError, r"10507\.0 is a number with decimals"):
        clm.completeness(obs, clm.sample_units(), PLAN)


def test_completeness_names_a_malformed_code_as_a_report_nobody_expected() -> None:
    obs = _obs([30, 12], [3000, 2400], unit_code=["../../tmp/pwn", "10543"],
               source_file=["a.xlsx", "b.xlsx"])
    table = clm.completeness(obs, clm.sample_units(), PLAN)
    odd = table[table["unit_code"] == "../../tmp/pwn"].iloc[0]
    assert bool(odd["unexpected"]) and odd["note"] == "unknown_unit"
    assert "UNEXPECTED_REPORT" in set(clm.completeness_problems(table)["code"])


def test_the_readme_table_passes_the_check_untouched() -> None:
    obs = pd.DataFrame({
        "unit_code": ["10507", "10507", "10543", "10543"], "period": ["2025"] * 4,
        "indicator": ["CL01", "CL07", "CL01", "CL07"], "numerator": [30, 2700, 12, 1900],
        "denominator": [3000, 3000, 2400, 2000]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        att = clm.attainment(obs, PLAN, target_year=2025)
    assert att["met"].tolist() == [True, True, True, True]
