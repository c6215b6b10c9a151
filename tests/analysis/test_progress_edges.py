"""Progress measure edges (issue 11 item 4): a series fallen to 0 past the target
year, targets equal to the base value, and no series that makes a table fail."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from childlabour_metrics.analysis.progress import STATUSES, assess_series
from childlabour_metrics.analysis.targets import progress
from childlabour_metrics.reference.plans import Plan


def test_fallen_to_zero_after_the_target_year_is_achieved() -> None:
    # sdg-build gives target_achieved; this raised ZeroDivisionError (0 ** −1).
    a = assess_series([2021, 2026], [2.0, 0.0], direction="decrease", target=1.0,
                      target_year=2025)
    assert a.status == "target_achieved" and a.score == 5
    assert a.projection is None


def test_target_equal_to_base_is_judged_not_unavailable() -> None:
    away = assess_series([2021, 2023], [100.0, 95.0], direction="increase", target=100.0,
                         target_year=2025)
    assert (away.status, away.score, away.ratio) == ("deterioration", -5.0, None)
    zero_away = assess_series([2021, 2023], [0.0, 2.0], direction="decrease", target=0.0,
                              target_year=2025)
    assert zero_away.status == "deterioration" and zero_away.reason is None
    there = assess_series([2021, 2023], [0.0, 0.0], direction="decrease", target=0.0,
                          target_year=2025)
    assert there.status == "target_achieved" and there.score == 5
    still = assess_series([2021, 2023], [1.0, 1.0], direction="decrease", target=1.0,
                          operator="<", target_year=2025)
    assert (still.status, still.score) == ("limited_progress", -2.5)


finite = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)


@settings(max_examples=400, deadline=None)
@given(
    values=st.lists(finite, min_size=0, max_size=6),
    start=st.integers(2015, 2030),
    target=st.one_of(st.none(), finite),
    target_year=st.integers(2010, 2040),
    direction=st.sampled_from(["increase", "decrease"]),
    method=st.sampled_from(["sdg", "trajectory"]),
    operator=st.sampled_from([None, "<", "<=", ">", ">="]),
)
def test_assess_series_never_raises_on_finite_values(
    values, start, target, target_year, direction, method, operator
) -> None:
    years = [start + i for i in range(len(values))]
    a = assess_series(years, values, direction=direction, target=target,
                      target_year=target_year, method=method, operator=operator)
    assert a.status in STATUSES
    for number in (a.ratio, a.score, a.projection):
        assert number is None or not math.isnan(number)


def _plan(value: float, direction: str) -> Plan:
    return Plan(id="t", name_vi="t", name_en="t", issuer="", document="", scope_code="P",
                scope_name="", scope_level="province", start=2021, end=2025, horizon=2030,
                parent=None, report_levels=("commune",), calendar=pd.DataFrame(),
                targets=pd.DataFrame({"label": ["T1"], "indicators": [("CL01",)],
                                      "year": [2025], "operator": ["<="], "value": [value],
                                      "direction": [direction]}))


def test_one_unit_fallen_to_zero_does_not_fail_the_table() -> None:
    obs = pd.DataFrame({
        "unit_code": ["a", "a", "b", "b"], "period": ["2021", "2026", "2021", "2023"],
        "indicator": "CL01", "numerator": [2, 0, 4, 2], "denominator": [100] * 4,
    })
    table = progress(obs, _plan(1.0, "decrease"), method="sdg")
    assert table.set_index("unit_code")["status"].to_dict() == {
        "a": "target_achieved", "b": "substantial_progress"}
