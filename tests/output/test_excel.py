"""The report workbook (output.excel) at the scale the national report writes it."""

from __future__ import annotations

import copy
import pickle

import pandas as pd
import pytest

from benchmarks.report_scale import synthetic
from childlabour_metrics.analysis.report_data import analyse
from childlabour_metrics.output.excel import write_workbook

COMMUNES = 400  # laid out as at 3,321 communes (above MANY_UNITS)


@pytest.fixture(scope="module")
def national():
    data = synthetic(COMMUNES)
    report = analyse(data["observations"], data["plan"], units=data["units"], lang="vi",
                     progress=False)
    # As a process handed the data receives it: unpickled, a text column's
    # to_numpy(copy=True) is its own array (pandas 3.0), the case to guard against.
    return pickle.loads(pickle.dumps(report))


def _tables(data) -> dict[str, pd.DataFrame]:
    return {name: value for name, value in vars(data).items()
            if isinstance(value, pd.DataFrame)}


def test_writing_the_workbook_leaves_the_report_data_as_it_was(tmp_path, national):
    """Columns are worded and made into cells from copies: pandas may hand back a text
    column's own array, and one workbook wrote its words into the completeness table."""
    before = copy.deepcopy(_tables(national))
    write_workbook(tmp_path / "report.xlsx", national)
    after = _tables(national)
    assert after.keys() == before.keys() and "completeness" in after
    for name, table in before.items():
        pd.testing.assert_frame_equal(after[name], table, obj=name)


def test_writing_it_twice_gives_the_same_sheets(tmp_path, national):
    import zipfile

    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook(first, national)
    write_workbook(second, national)
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        sheets = [n for n in a.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and all(a.read(n) == b.read(n) for n in sheets)
