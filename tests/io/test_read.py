"""Reading a batch (``io/read.py``), on the bundled sample (data/sample): the reader names
exactly the planted problems, and reads the same tables in one process as in its pool."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from childlabour_metrics import load_plan, load_units
from childlabour_metrics.io import read_reports
from childlabour_metrics.io._pool import PARALLEL_THRESHOLD
from tests.support import REPO

SAMPLE = REPO / "data" / "sample"
pytestmark = pytest.mark.skipif(
    not (SAMPLE / "planted.csv").exists(), reason="data/sample not generated"
)


def _read_sample(**kwargs):
    return read_reports(
        SAMPLE,
        units=load_units(SAMPLE / "units.csv"),
        plan=load_plan("hai-duong-2021"),
        lang="en",
        progress=False,
        **kwargs,
    )


@pytest.fixture(scope="module")
def result():
    return _read_sample()


@pytest.fixture(scope="module")
def result_one_process():
    # The sample has more than PARALLEL_THRESHOLD files: ``result`` was read by the pool.
    return _read_sample(workers=1)


@pytest.fixture(scope="module")
def planted() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "planted.csv", dtype="str", keep_default_na=False)


def _relative(path: str) -> str:
    return Path(path).relative_to(SAMPLE).as_posix()


def test_exactly_the_planted_problems(result, planted) -> None:
    expected = planted[planted["expected_code"] != ""]
    want = sorted(zip(expected["file"], expected["expected_code"], strict=True))
    problems = result.problems
    got = sorted(zip(problems["file"].map(_relative), problems["code"], strict=True))
    assert got == want, problems.to_string()
    # Where the planted list names a cell, the problem names the same cell.
    cells = dict(zip(zip(problems["file"].map(_relative), problems["code"], strict=True),
                     problems["cell"], strict=True))
    for file, cell, code in zip(expected["file"], expected["cell"], expected["expected_code"],
                                strict=True):
        if cell:
            assert cells[(file, code)] == cell, (file, code)


def test_planted_problems_name_unit_period_indicator(result, planted) -> None:
    expected = planted[planted["expected_code"] != ""].set_index("expected_code")
    problems = result.problems.set_index("code")
    for code, row in expected.iterrows():
        found = problems.loc[code]
        assert found["unit_code"] == row["unit_code"]
        assert found["period"] == row["period"]
        if row["indicator"]:
            assert found["indicator"] == row["indicator"]


def test_legitimate_oddities_read_cleanly(result, planted) -> None:
    legit = planted[planted["expected_code"] == ""]
    obs = result.observations
    for _, row in legit.iterrows():
        rows = obs[obs["source_file"].map(_relative) == row["file"]]
        assert len(rows) > 0, row["file"]
        assert (rows["status"] == "ok").all(), row["file"]
        assert rows["period"].unique().tolist() == [row["period"]]
    typed = obs[(obs["source_file"].map(_relative) == "2024/hai-duong/295/10888_2024H1.xlsx")
                & (obs["indicator"] == "CL01")]
    assert typed["denominator"].item() == 2135
    assert typed["denominator_cell"].item() == "F12"


def test_every_file_read(result) -> None:
    manifest = pd.read_csv(SAMPLE / "manifest.csv", dtype="str")
    assert len(result.files) == len(manifest)
    assert set(result.files["status"]) <= {"ok", "warning", "superseded"}
    assert (result.files["rows_read"] > 0).all()
    superseded = result.observations[result.observations["status"] == "superseded"]
    assert set(superseded["source_file"].map(_relative)) == {
        "2023/hai-duong/288/10507_2023H1.xlsx"
    }


def test_failed_cross_indicator_rule_holds_cl01_and_cl02(result) -> None:
    # The swapped numerators of 10540 in 2024: which cell is wrong is unknown, so the
    # commune's CL01 (9) is held with its CL02 (23); nothing else of the report is.
    obs = result.observations
    report = obs[obs["source_file"].map(_relative) == "2024/hai-duong/288/10540_2024.xlsx"]
    status = report.set_index("indicator")["status"]
    assert status[["CL01", "CL02"]].tolist() == ["error", "error"]
    assert (status.drop(["CL01", "CL02"]) == "ok").all()
    assert set(obs.loc[obs["status"] == "error", "source_file"].map(_relative)) >= {
        "2024/hai-duong/288/10540_2024.xlsx"}


def test_pool_and_one_process_give_the_same_tables(result, result_one_process) -> None:
    assert len(result.files) > PARALLEL_THRESHOLD  # so ``result`` came from the pool
    for table in ("observations", "problems", "files"):
        pd.testing.assert_frame_equal(getattr(result, table),
                                      getattr(result_one_process, table))
