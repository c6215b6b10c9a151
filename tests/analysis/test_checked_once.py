"""The report checks its observations once: a core given the checked table returns what
the door returns from the raw one (issue 22's speed).

The raw table is the sample's reports with a few slips a notebook user makes
(a negative count, a numerator above its denominator, a lower-case indicator,
"Cả năm 2024" for 2024, a unit code as a number): the door checks and marks
them; the core, told the table is checked, must agree on every row.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import childlabour_metrics as clm
from childlabour_metrics.analysis.quality.door import review
from childlabour_metrics.analysis.quality.options import QualityThresholds
from childlabour_metrics.analysis.targets import assess, judge
from childlabour_metrics.analysis.values import (
    aggregate,
    aggregate_checked,
    rolled_for_plan,
    summed_level,
)
from childlabour_metrics.reference.plans import load_plan
from childlabour_metrics.reference.schemas import (
    check_coerced,
    check_observations,
    coerce_observations,
)
from childlabour_metrics.reference.scope import scope_codes
from tests.support import REPO

SAMPLE = REPO / "data" / "sample"


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    return clm.load_units(SAMPLE / "units.csv")


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    return load_plan("hai-duong-2021")


@pytest.fixture(scope="module")
def raw(units: pd.DataFrame) -> pd.DataFrame:
    """The sample's observations, and five slipped rows."""
    read = clm.read_reports(SAMPLE, units=units, plan="hai-duong-2021", progress=False)
    obs = read.observations
    slips = obs[obs["status"] == "ok"].head(5).copy()
    slips["numerator"] = pd.array([-3, 900, 4, 5, 6], dtype="Int64")
    slips["denominator"] = pd.array([100, 100, 100, 100, 100], dtype="Int64")
    slips["indicator"] = slips["indicator"].str.lower()
    slips["period"] = "Cả năm 2024"
    slips["status"] = "ok"
    return pd.concat([obs, slips], ignore_index=True)


def _quiet(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the rows marked, the units unknown
        return fn(*args, **kwargs)


@pytest.fixture(scope="module")
def checked(raw: pd.DataFrame) -> pd.DataFrame:
    return _quiet(check_observations, raw)


def test_the_slips_are_marked(checked: pd.DataFrame) -> None:
    # the test would prove nothing if the check let every slip through
    assert {"NEGATIVE_COUNT", "NUMERATOR_GT_DENOMINATOR"} <= set(checked["problem"].dropna())


def test_check_coerced_is_check_observations(raw: pd.DataFrame, checked: pd.DataFrame) -> None:
    coerced = coerce_observations(raw)
    before = coerced.copy()
    pd.testing.assert_frame_equal(_quiet(check_coerced, coerced), checked)
    pd.testing.assert_frame_equal(coerced, before)  # the input is not changed


@pytest.mark.parametrize("core", [judge, assess])
def test_judge_and_assess_of_the_checked_table(core, raw: pd.DataFrame, checked: pd.DataFrame,
                                               units: pd.DataFrame, plan) -> None:  # type: ignore[no-untyped-def]
    door = _quiet(core, raw, plan, units=units)
    pd.testing.assert_frame_equal(_quiet(core, checked, plan, units=units, checked=True), door)


def test_judge_rolled_up_from_the_checked_table(raw: pd.DataFrame, checked: pd.DataFrame,
                                                units: pd.DataFrame, plan) -> None:  # type: ignore[no-untyped-def]
    door = _quiet(judge, raw, plan, units=units, level="province")
    assert len(door)
    pd.testing.assert_frame_equal(
        _quiet(judge, checked, plan, units=units, level="province", checked=True), door)


@pytest.mark.parametrize("level", ["province", "district"])
def test_aggregate_checked_is_aggregate(level: str, raw: pd.DataFrame, checked: pd.DataFrame,
                                        units: pd.DataFrame) -> None:
    door = _quiet(aggregate, raw, units, level)
    pd.testing.assert_frame_equal(_quiet(aggregate_checked, checked, units, level), door)


def test_rolled_for_plan_of_the_checked_table(raw: pd.DataFrame, checked: pd.DataFrame,
                                              units: pd.DataFrame, plan) -> None:  # type: ignore[no-untyped-def]
    door = _quiet(rolled_for_plan, raw, units, "province", plan)
    pd.testing.assert_frame_equal(
        _quiet(rolled_for_plan, checked, units, "province", plan, checked=True), door)


def test_summed_level_is_the_level_aggregate_sums(checked: pd.DataFrame,
                                                  units: pd.DataFrame) -> None:
    level = summed_level(checked, units, "province")
    assert level == "commune"
    pd.testing.assert_frame_equal(
        _quiet(aggregate_checked, checked, units, "province", from_level=level),
        _quiet(aggregate_checked, checked, units, "province"))


def _review(observations: pd.DataFrame, units: pd.DataFrame, plan, **kwargs):  # type: ignore[no-untyped-def]
    return _quiet(review, observations, units, plan, thresholds=QualityThresholds(),
                  within="province", **kwargs)


def _same_review(a, b) -> None:  # type: ignore[no-untyped-def]
    for name in ("outliers", "over_time", "denominators", "consistency", "external",
                 "scorecard", "follow_up", "sections"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.n_units == b.n_units


def test_review_of_the_coerced_table(raw: pd.DataFrame, units: pd.DataFrame, plan) -> None:  # type: ignore[no-untyped-def]
    door = _review(raw, units, plan)
    _same_review(_review(coerce_observations(raw), units, plan, coerced=True), door)


def test_review_takes_the_roll_up_it_is_given(raw: pd.DataFrame, checked: pd.DataFrame,
                                              units: pd.DataFrame, plan) -> None:  # type: ignore[no-untyped-def]
    door = _review(raw, units, plan)
    assert len(door.over_time.columns)
    local = checked[checked["unit_code"].isin(scope_codes(units, plan.scope_code))]
    rolled = _quiet(aggregate_checked, local, units, "province", from_level="commune")
    _same_review(_review(raw, units, plan, rolled={("commune", "province"): rolled}), door)
    # and it is taken, not made again: with a roll-up of nothing no province has a
    # trend, and each commune is judged on its own history alone
    empty = rolled.iloc[:0]
    taken = _review(raw, units, plan, rolled={("commune", "province"): empty})
    assert set(door.over_time["method"]) == {"ratio_to_parent"}
    assert set(taken.over_time["method"]) == {"ratio_to_history"}

