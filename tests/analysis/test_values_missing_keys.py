"""Rows missing a key (period, unit code): kept apart or left out with a warning, never a crash."""

from __future__ import annotations

import pandas as pd
import pytest

from childlabour_metrics.analysis.values import aggregate
from childlabour_metrics.reference.units import load_units


@pytest.fixture
def units() -> pd.DataFrame:
    return load_units(pd.DataFrame({
        "code": ["P1", "P2", "a", "b", "c"], "name": ["Tỉnh 1", "Tỉnh 2", "A", "B", "C"],
        "level": ["province", "province", "commune", "commune", "commune"],
        "parent_code": ["", "", "P1", "P1", "P2"]}))


def test_rows_without_a_period_are_kept_apart_with_a_reason(units: pd.DataFrame) -> None:
    obs = pd.DataFrame({
        "unit_code": ["a", "b", "a", "b", "c"],
        "period": pd.array(["2024", "2024", None, None, "2024"], dtype=object),
        "indicator": ["CL01"] * 5,
        "numerator": [1, 2, 3, 4, 5], "denominator": [10, 10, 10, 10, 10]})
    with pytest.warns(UserWarning, match="2 row"):
        out = aggregate(obs, units, "province")
    dated = out[out["period"].notna()].set_index("unit_code")
    # the dated sums are what they are without the undated rows
    assert dated.loc["P1", "numerator"] == 3 and dated.loc["P1", "value"] == 15.0
    assert dated.loc["P2", "numerator"] == 5
    undated = out[out["period"].isna()]
    assert len(undated) == 1
    row = undated.iloc[0]
    # nothing read is lost: the undated rows are counted, under their province
    assert row["unit_code"] == "P1" and row["unit_name"] == "Tỉnh 1"
    assert row["numerator"] == 7 and row["denominator"] == 20 and row["n_rows"] == 2
    assert row["n_reporting"] == 2 and pd.isna(row["n_expected"])
    assert pd.isna(row["value"]) and row["reason"] == "no_period"
    assert out["n_expected"].dtype == "Int64" and out["value"].dtype == "Float64"


def test_only_undated_rows_still_give_a_table(units: pd.DataFrame) -> None:
    obs = pd.DataFrame({"unit_code": ["c"], "period": [None], "indicator": ["CL01"],
                        "numerator": [1], "denominator": [4]})
    with pytest.warns(UserWarning, match="1 row"):
        out = aggregate(obs, units, "province")
    assert out[["unit_code", "reason", "n_rows"]].to_dict("records") == [
        {"unit_code": "P2", "reason": "no_period", "n_rows": 1}]


def test_no_period_reason_has_words() -> None:
    from childlabour_metrics.analysis.values import describe_reason

    assert describe_reason("no_period", "en") == "Period missing"
    assert describe_reason("no_period") == "Không rõ kỳ báo cáo"


def test_crosswalk_leaves_out_rows_without_a_unit_code_and_says_so() -> None:
    # The group-by on codes used to crash here (a group number of −1 in _tuples).
    from childlabour_metrics.reference.crosswalk import crosswalk

    obs = pd.DataFrame({"unit_code": ["07621", None, "07624"], "period": ["2024"] * 3,
                        "indicator": ["CL01"] * 3, "numerator": [2, 9, 3],
                        "denominator": [100, 90, 50]})
    m = pd.DataFrame({"old_code": ["07621", "07624"], "new_code": ["07621", "07621"],
                      "effective_date": ["2025-07-01"] * 2})
    with pytest.warns(UserWarning, match="1 row"):
        out = crosswalk(obs, m)
    assert out[["unit_code", "numerator", "denominator"]].to_dict("records") == [
        {"unit_code": "07621", "numerator": 5, "denominator": 150}]
    assert out["source_units"].tolist() == [("07621", "07624")]
