"""Baselines across 1 July 2025: a plan's scope unit takes its earlier periods
from its predecessors through the crosswalk (issue 12 item 4)."""

from __future__ import annotations

import pandas as pd
import pytest

import childlabour_metrics as clm
from childlabour_metrics.analysis.targets import attainment, progress
from childlabour_metrics.reference.crosswalk import sample_crosswalk, with_predecessors
from childlabour_metrics.reference.units import sample_units


def _obs(rows):
    return pd.DataFrame(rows, columns=["unit_code", "period", "indicator", "numerator",
                                       "denominator"])


# a 2025 report of old Vân Sơn (07621) and Hữu Sản (07624), then new Vân Sơn's 2026
REPORTS = _obs([
    ("07621", "2025", "CL01", 9, 300), ("07624", "2025", "CL01", 3, 100),
    ("07621", "2026", "CL01", 10, 410),
])


@pytest.mark.parametrize("mapping, units", [
    (clm.official_crosswalk(), clm.official_units()),
    (sample_crosswalk(), sample_units()),
])
def test_new_van_son_gets_its_2025_baseline_from_its_predecessors(mapping, units):
    out = progress(REPORTS, "van-son-2026", units=units, mapping=mapping)
    b1 = out[out["ref"] == "B1"].iloc[0]
    assert b1["unit_code"] == "07621"
    # 2025 = (9 + 3) / (300 + 100) = 3 %; 2026 = 10 / 410 = 2.44 %
    assert (b1["base_year"], b1["latest_year"], b1["n_years"]) == (2025, 2026, 2)
    assert b1["latest_value"] == pytest.approx(100 * 10 / 410)
    assert bool(b1["crosswalked"]) and not bool(b1["approximate"])
    # Hữu Sản is not in Vân Sơn's plan: it fed the baseline, it is not assessed
    assert set(out["unit_code"]) == {"07621"}


def test_without_a_crosswalk_the_old_code_is_not_the_new_unit():
    out = progress(REPORTS, "van-son-2026", units=sample_units())
    b1 = out[out["ref"] == "B1"].iloc[0]
    # old Vân Sơn's 9/300 alone would be read as the new commune's 2025
    assert b1["base_year"] == 2026 and "crosswalked" not in out.columns


def test_attainment_marks_the_crosswalked_rows():
    att = attainment(REPORTS, "van-son-2026", units=sample_units(),
                     mapping=sample_crosswalk())
    b1 = att[att["ref"] == "B1"].set_index("period")
    assert (b1.loc["2025", "numerator"], b1.loc["2025", "denominator"]) == (12, 400)
    assert b1.loc["2025", "value"] == pytest.approx(3.0)
    assert bool(b1.loc["2025", "crosswalked"]) and not bool(b1.loc["2026", "crosswalked"])
    assert not att["approximate"].any()


def test_a_divided_predecessor_makes_the_baseline_approximate():
    # new Gia Lộc (10999) took parts of old Thị trấn Gia Lộc and Xã Yết Kiêu
    obs = _obs([("10999", "2025", "CL01", 100, 1000), ("11020", "2025", "CL01", 50, 1000)])
    out = with_predecessors(obs, "10999", sample_crosswalk())
    row = out[out["unit_code"] == "10999"].iloc[0]
    assert bool(row["crosswalked"]) and bool(row["approximate"])
    # shares by area: 0.406571 of 1000 and 0.502886 of 1000, whole numbers
    assert row["denominator"] == 407 + 503
    # nothing counted twice: the old 10999 row is inside the sum, not beside it
    assert (out["unit_code"] == "10999").sum() == 1


def test_no_mapping_changes_nothing():
    out = with_predecessors(REPORTS, "07621", None)
    assert len(out) == len(REPORTS) and not out["crosswalked"].any()
