"""The main report judges owned targets on their owners' reports (issue 11, owners.py)."""

from __future__ import annotations

import pandas as pd
import pytest

import childlabour_metrics as clm
from childlabour_metrics.analysis.report_data import analyse
from tests.support import REPO

SAMPLE = REPO / "data" / "sample-nghe-an"
PLAN = "nghe-an-2021"
KEY = ["ref", "unit_code", "period"]


@pytest.fixture(scope="module")
def report_and_library():
    units = clm.load_units(SAMPLE / "units.csv")
    data = analyse(SAMPLE / "reports", PLAN, units=units)
    obs = data.observations
    return data, clm.attainment(obs, PLAN, units=units), clm.progress(obs, PLAN, units=units)


def _rows(table: pd.DataFrame, ref: str, columns: list[str]) -> pd.DataFrame:
    rows = table.loc[table["ref"] == ref, columns]
    return rows.sort_values(KEY[1:]).reset_index(drop=True)


def test_the_reports_attainment_of_an_owned_target_is_the_librarys(report_and_library):
    data, att, _ = report_and_library
    cols = [*KEY, "value", "numerator", "denominator"]
    # D2 (CL06) is the labour department's; the health department reports CL06 too.
    mine, theirs = _rows(data.attainment, "D2", cols), _rows(att, "D2", cols)
    assert not theirs.empty
    assert set(theirs["unit_code"]) == {"40-LDTBXH"}
    pd.testing.assert_frame_equal(mine, theirs, check_dtype=False)
    # every owned target, in the unit figures too: no other unit is judged on it
    for ref in data.plan.targets["ref"]:
        assert set(data.attainment.loc[data.attainment["ref"] == ref, "unit_code"]) == set(
            att.loc[att["ref"] == ref, "unit_code"]), ref
        assert set(data.unit_attainment.loc[data.unit_attainment["ref"] == ref,
                                            "unit_code"]) <= set(
            att.loc[att["ref"] == ref, "unit_code"]), ref


def test_the_reports_progress_of_an_owned_target_is_the_librarys(report_and_library):
    data, _, prog = report_and_library
    cols = ["ref", "unit_code", "latest_year", "latest_value", "status"]
    for ref in ("D1", "D2"):
        mine = data.progress.loc[data.progress["ref"] == ref, cols]
        theirs = prog.loc[prog["ref"] == ref, cols]
        assert not theirs.empty
        pd.testing.assert_frame_equal(mine.sort_values("unit_code").reset_index(drop=True),
                                      theirs.sort_values("unit_code").reset_index(drop=True),
                                      check_dtype=False)


def test_the_summary_reads_the_owners_value(report_and_library):
    data, att, _ = report_and_library
    d2 = att[(att["ref"] == "D2") & att["value"].notna()]
    latest = d2.loc[d2["period"].map(lambda p: (int(p[:4]), 3 if len(p) == 4 else int(p[-1])))
                    .idxmax()]
    row = data.summary.set_index("ref").loc["D2"]
    assert row["value"] * 100 == pytest.approx(latest["value"])  # the summary holds a share
