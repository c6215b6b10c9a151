"""crosswalk() on divided units: shares that add up, and no new unit with more children
than its denominator (issue 22 item 7)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from childlabour_metrics.reference.crosswalk import (
    crosswalk,
    predecessor_series,
    with_predecessors,
)
from childlabour_metrics.reference.official import official_crosswalk

COUNTS = ["numerator", "denominator"]


def _obs(rows):
    return pd.DataFrame(rows, columns=["unit_code", "period", "indicator", *COUNTS])


@pytest.fixture(scope="module")
def cw():
    return official_crosswalk()


def test_four_of_five_divided_six_three_one():
    m = pd.DataFrame({"old_code": ["A"] * 3, "new_code": ["B", "C", "D"],
                      "effective_date": ["2025-07-01"] * 3, "weight": [0.6, 0.3, 0.1]})
    out = crosswalk(_obs([("A", "2024", "CL01", 4, 5)]), m)
    # shared apart it was 2/3, 1/2 and 1 out of 0
    assert out[["unit_code", *COUNTS]].values.tolist() == [
        ["B", 3, 3], ["C", 1, 2], ["D", 0, 0]]
    assert out["approximate"].all()


def test_thanh_luong_divided_in_three_gives_no_child_to_an_empty_share(cw):
    # old Phường Thanh Lương (00268) went 0.534 / 0.082 / 0.384 to 00097, 00283, 00328:
    # 6 children out of 7 gave 00283 1 out of 0 when the counts were shared apart
    obs = _obs([("00268", "2024", "CL01", 6, 7)])
    out = crosswalk(obs, cw).set_index("unit_code")
    assert out.loc[["00097", "00283", "00328"], COUNTS].values.tolist() == [
        [3, 4], [0, 0], [3, 3]]
    assert out[COUNTS].sum().tolist() == [6, 7]
    series = predecessor_series(obs, "00283", cw)
    assert series[[*COUNTS, "approximate"]].values.tolist() == [[0, 0, True]]
    built = with_predecessors(obs, "00328", cw)
    row = built[built["unit_code"] == "00328"].iloc[0]
    assert (row["numerator"], row["denominator"]) == (3, 3)
    assert bool(row["crosswalked"]) and bool(row["approximate"])


@st.composite
def divided_world(draw):
    """A crosswalk where A is divided in four, B in two and C merged whole, and reports."""
    def weights(k):  # coarse weights (1/3, 0.4, ...) are where shares apart went wrong
        raw = draw(st.lists(st.integers(1, 6), min_size=k, max_size=k))
        return [r / sum(raw) for r in raw]
    m = pd.DataFrame({
        "old_code": ["A", "A", "A", "A", "B", "B", "C"],
        "new_code": ["W", "X", "Y", "Z", "Y", "Z", "Z"],
        "effective_date": ["2025-07-01"] * 7,
        "weight": [*weights(4), *weights(2), 1.0]})
    row = st.tuples(st.sampled_from(["A", "A", "B", "C", "E"]),
                    st.sampled_from(["2023", "2024H1"]),
                    st.sampled_from([f"CL{i:02d}" for i in range(1, 9)]),
                    st.integers(0, 12), st.integers(0, 2))
    # small counts, numerators near their denominators
    rows = [(u, p, i, max(d - below, 0), d)
            for u, p, i, d, below in draw(st.lists(row, min_size=1, max_size=30))]
    obs = _obs(rows).astype({"numerator": "Int64", "denominator": "Int64"})
    if draw(st.booleans()):  # some reports without a numerator: in neither sum
        gaps = draw(st.lists(st.booleans(), min_size=len(obs), max_size=len(obs)))
        obs.loc[gaps, "numerator"] = pd.NA
    return m, obs


@settings(max_examples=40, deadline=None)
@given(divided_world(), st.booleans(), st.randoms(use_true_random=False))
def test_divided_shares_add_up_stay_possible_and_do_not_depend_on_row_order(
        world, skipna, random):
    m, obs = world
    out = crosswalk(obs, m, skipna=skipna)
    # 0 ≤ numerator ≤ denominator on every (new unit, period, indicator)
    have = out["numerator"].notna()
    assert (out.loc[have, "numerator"] >= 0).all()
    assert (out.loc[have, "numerator"] <= out.loc[have, "denominator"]).all()
    # the totals of each (period, indicator): every complete report's counts, exactly
    # (strict, a sum with a gap is missing: then only when no report has one)
    complete = obs[obs[COUNTS].notna().all(axis=1)]
    if skipna or len(complete) == len(obs):
        expected = complete.groupby(["period", "indicator"])[COUNTS].sum()
        got = out.groupby(["period", "indicator"])[COUNTS].sum()  # a missing sum adds 0
        pd.testing.assert_frame_equal(
            got.astype("int64"), expected.reindex(got.index, fill_value=0).astype("int64"))
    # deterministic: the same again, whatever the order of the reports (a crosswalk
    # call costs ~0.1 s of fixed overhead: one more call per example, not two)
    order = list(range(len(obs)))
    random.shuffle(order)
    pd.testing.assert_frame_equal(crosswalk(obs.iloc[order], m, skipna=skipna), out)
